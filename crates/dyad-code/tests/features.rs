//! One test per linguistic feature of the coder, written as text in, text
#![allow(clippy::unwrap_used, clippy::print_stderr, reason = "test helpers fail loudly and report what they found")]
//! out: each sentence (or short document) and the mentions it must give,
//! rendered as `SOURCE CODE TARGET date modality [quantities]`.

use std::sync::{Arc, OnceLock};

use dyad_code::{Coder, Convention, Dictionary};
use dyad_types::{Article, PartialDate};

fn coder() -> &'static Coder {
    static CODER: OnceLock<Coder> = OnceLock::new();
    CODER.get_or_init(|| {
        let (dict, problems) = Dictionary::builtin(dyad_text::normalize_phrase);
        assert!(problems.is_empty(), "{problems:?}");
        Coder::new(Arc::<Dictionary>::clone(&dict))
    })
}

/// Codes `text` (with an optional document date) and renders each mention.
fn code(doc_date: Option<&str>, text: &str) -> Vec<String> {
    code_with(coder(), doc_date, text)
}

/// [`code`] with another coder.
fn code_with(coder: &Coder, doc_date: Option<&str>, text: &str) -> Vec<String> {
    let article = Article {
        id: "t".into(),
        text: text.into(),
        date: doc_date.and_then(PartialDate::parse),
        ..Article::default()
    };
    coder
        .code_article(&article, dyad_text::sentences(text))
        .iter()
        .map(|m| {
            let side = |v: &[dyad_types::ActorRef]| v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+");
            let mut s = format!(
                "{} {} {} {} {}",
                side(&m.source),
                m.cameo,
                side(&m.target),
                m.date.map_or("-".to_string(), |d| d.to_string()),
                m.modality.as_str()
            );
            if !m.quantities.is_empty() {
                let q: Vec<String> = m.quantities.iter().map(|q| format!("{} {}", q.value, q.unit)).collect();
                s.push_str(&format!(" [{}]", q.join(", ")));
            }
            s
        })
        .collect()
}

/// The mentions, ignoring the exact CAMEO code beyond its root: `IRN 07 VEN`.
fn roots(doc_date: Option<&str>, text: &str) -> Vec<String> {
    code(doc_date, text)
        .into_iter()
        .map(|m| {
            let mut f: Vec<String> = m.split(' ').map(str::to_string).collect();
            f[1].truncate(2);
            f.join(" ")
        })
        .collect()
}

fn check(doc_date: Option<&str>, text: &str, expected: &[&str]) {
    assert_eq!(roots(doc_date, text), expected, "{text}");
}

// Actors -------------------------------------------------------------------

#[test]
fn country_names_demonyms_and_capitals() {
    check(None, "Iranian tankers delivered fuel to Venezuela.", &["IRN 07 VEN - asserted"]);
    check(None, "Tehran sent fuel to Caracas.", &["IRNGOV 07 VENGOV - asserted"]);
    check(None, "Washington imposed sanctions on Moscow.", &["USAGOV 16 RUSGOV - asserted"]);
}

#[test]
fn governments_militaries_companies_and_igos() {
    check(None, "The Trump administration imposed new sanctions on Iran.", &["USAGOV 16 IRN - asserted"]);
    check(None, "The Venezuelan armed forces escorted the Iranian tankers.", &["VENMIL 07 IRN - asserted"]);
    check(None, "PDVSA signed an agreement with Rosneft.", &["VENBUS 05 RUSBUS - asserted"]);
    check(None, "The United Nations condemned Russia.", &["IGOUNO 11 RUS - asserted"]);
}

#[test]
fn people_code_by_their_role_on_the_date() {
    check(Some("2020-05-01"), "Rouhani praised Venezuela.", &["IRNGOV 05 VEN 2020-05-01 asserted"]);
    let later = roots(Some("2023-05-01"), "Rouhani praised Venezuela.");
    assert_eq!(later.len(), 1);
    assert!(!later[0].starts_with("IRNGOV"), "{later:?}");
    check(None, "In June 2022, Maduro visited Iran.", &["VENGOV 04 IRN 2022-06 asserted"]);
}

#[test]
fn agents_combine_with_countries() {
    check(None, "Venezuela's foreign minister met his Iranian counterpart.", &["VENGOV 04 IRNGOV - asserted"]);
    check(None, "Officials in Iran praised the Venezuelan people.", &["IRNGOV 05 VENCVL - asserted"]);
}

// Verbs --------------------------------------------------------------------

#[test]
fn noun_and_verb_uses_of_the_same_word() {
    // A stated intention is coded as CAMEO's "express intent" (03).
    check(None, "Iran will aid Venezuela.", &["IRN 03 VEN - planned"]);
    check(None, "Russia's aid to Syria continued.", &["RUS 07 SYR - asserted"]);
    check(None, "The ship sailed into the harbour.", &[]);
    check(None, "Iran ships fuel to Venezuela.", &["IRN 07 VEN - asserted"]);
    check(None, "Maduro's visit to Iran ended.", &["VENGOV 04 IRN - asserted"]);
    check(None, "Russia launched an attack on Ukraine.", &["RUS 19 UKR - asserted"]);
}

#[test]
fn phrasal_and_noun_based_patterns() {
    check(None, "China signed a pact with Iran.", &["CHN 05 IRN - asserted"]);
    check(None, "The United States paid a visit to Japan.", &["USA 04 JPN - asserted"]);
    check(None, "Iran sent humanitarian aid to Venezuela.", &["IRN 07 VEN - asserted"]);
}

#[test]
fn sports_results_are_discarded() {
    check(None, "Iran beat Venezuela 2-1 in a friendly match.", &[]);
}

// Source and target ----------------------------------------------------------

#[test]
fn active_and_passive_voice() {
    check(None, "The United States seized the Iranian tankers.", &["USA 17 IRN - asserted"]);
    check(None, "The Iranian tankers were seized by the United States.", &["USA 17 IRN - asserted"]);
    check(None, "Venezuela was accused by the United States of buying Iranian fuel.", &["USA 11 VEN - asserted"]);
}

#[test]
fn compound_actors_and_between() {
    check(None, "Iran and Venezuela signed a cooperation agreement.", &["IRN 05 VEN - asserted"]);
    check(None, "Russia and China sent aid to Venezuela.", &["RUS+CHN 07 VEN - asserted"]);
    check(None, "The United States condemned Iran, China and Cuba.", &["USA 11 IRN+CHN+CUB - asserted"]);
}

#[test]
fn appositives_relative_clauses_and_coordinated_verbs() {
    check(None, "Maduro, the Venezuelan president, thanked Iran.", &["VENGOV 05 IRN - asserted"]);
    check(None, "Raisi, who arrived on Monday, praised Venezuela.", &["IRNGOV 05 VEN - asserted"]);
    check(
        Some("2022-06-20"),
        "Maduro visited Iran and signed a 20-year pact.",
        &["VENGOV 04 IRN 2022-06-20 asserted", "VENGOV 05 IRN 2022-06-20 asserted"],
    );
}

#[test]
fn reported_clauses_code_the_inner_event() {
    check(None, "Officials said that Iran sent fuel to Venezuela.", &["IRN 07 VEN - reported"]);
    check(None, "Russia said China sent troops to Syria.", &["CHN 07 SYR - reported"]);
}

#[test]
fn the_two_countries_refers_back() {
    check(
        Some("2023-08-20"),
        "Iran and Venezuela are close allies. Since August 2023, the two countries have signed 25 agreements.",
        &["IRN 05 VEN 2023-08 asserted [25 agreement]"],
    );
}

// Modality -------------------------------------------------------------------

#[test]
fn negation_denial_and_report() {
    check(None, "The United States did not seize the Iranian tankers.", &["USA 17 IRN - negated"]);
    check(None, "Iran denied sending weapons to Venezuela.", &["IRN 07 VEN - denied"]);
    check(None, "Iran sent gold to Venezuela, according to a Bloomberg report.", &["IRN 07 VEN - reported"]);
    check(
        None,
        "Iran sent gold to Venezuela, a newspaper reported. Officials in Iran dismissed the report.",
        &["IRN 07 VEN - reported", "IRN 07 VEN - denied"],
    );
}

#[test]
fn plans_threats_and_hypotheticals() {
    check(None, "Iran plans to send more fuel to Venezuela.", &["IRN 03 VEN - planned"]);
    assert_eq!(code(None, "Iran plans to send more fuel to Venezuela."), ["IRN 0331 VEN - planned"]);
    check(None, "The United States threatened to seize the Iranian tankers.", &["USA 13 IRN - threatened"]);
    check(None, "Iran could send troops to Venezuela.", &["IRN 07 VEN - hypothetical"]);
    check(None, "Iran would send troops to Venezuela if asked.", &["IRN 07 VEN - hypothetical"]);
    check(None, "Iran would send more fuel to Venezuela, officials said.", &["IRN 03 VEN - planned"]);
}

// Dates ------------------------------------------------------------------------

#[test]
fn event_dates_come_from_the_text() {
    check(Some("2020-06-10"), "In May 2020, Iran sent fuel to Venezuela.", &["IRN 07 VEN 2020-05 asserted"]);
    check(Some("2020-06-10"), "In mid-May, Iran sent fuel to Venezuela.", &["IRN 07 VEN 2020-05 asserted"]);
    check(
        Some("2018-05-01"),
        "Zarif met Arreaza in Tehran on April 7, 2018.",
        &["IRNGOV 04 VENGOV 2018-04-07 asserted"],
    );
    check(
        Some("2020-05-28"),
        "Earlier this month, the United States condemned Iran.",
        &["USA 11 IRN 2020-05 asserted"],
    );
    check(Some("2020-06-10"), "Last week, Iran sent fuel to Venezuela.", &["IRN 07 VEN 2020-06 asserted"]);
    check(Some("2020-06-10"), "Iran sent fuel to Venezuela.", &["IRN 07 VEN 2020-06-10 asserted"]);
    check(None, "Iran sent fuel to Venezuela.", &["IRN 07 VEN - asserted"]);
}

// Quantities ----------------------------------------------------------------------

#[test]
fn quantities_attach_to_their_event() {
    assert_eq!(
        code(None, "Five Iranian tankers delivered 1.53 million barrels of gasoline to Venezuela."),
        ["IRN 071 VEN - asserted [5 tanker, 1530000 barrel]"]
    );
    let m = code(None, "Iran and Venezuela signed 25 agreements worth $3 billion.");
    assert_eq!(m.len(), 1);
    assert!(m[0].ends_with("[25 agreement, 3000000000 USD]"), "{m:?}");
}

// Conventions ---------------------------------------------------------------------

/// PETRARCH's conventions are a mode of the one coder (issue 16): its
/// events go through the same modality, date and quantity steps as dyad's.
#[test]
fn petrarch_mentions_carry_modality_dates_and_quantities() {
    let files = [
        ("t.actors.txt", "NORTHLAND [NLD]\nSOUTHMARK [SMK]\n"),
        ("t.verbs.txt", "--- SEND [070] ---\nSEND {SENT SENDS SENDING}\n"),
    ];
    let files: Vec<(String, String)> = files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    let (petrarch, problems) = dyad_code::compat::PetrDict::load(&files);
    assert!(problems.is_empty(), "{problems:?}");
    let options = dyad_code::compat::PetrOptions::default();
    let petrarch = coder().clone().with_convention(Convention::Petrarch(Arc::new(petrarch), options));
    assert_eq!(
        code_with(&petrarch, Some("2012-04-20"), "Northland will send 500 troops to Southmark on May 3, 2012."),
        ["NLD 070 SMK 2012-05-03 planned [500 troop]"]
    );
    assert_eq!(
        code_with(&petrarch, Some("2012-04-20"), "Northland sent troops to Southmark last week."),
        ["NLD 070 SMK 2012-04 asserted"]
    );
    // dyad's own convention does not know these actors.
    assert!(code(Some("2012-04-20"), "Northland sent troops to Southmark last week.").is_empty());
}
