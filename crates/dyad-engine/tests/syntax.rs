//! The coder with the syntax layer, text in and events out: the tree
//! chooses the sides and tells what did not happen.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod common;

use common::{all_mentions, codes};
use dyad_engine::{Pipeline, Settings};
use dyad_types::Article;

/// `source CAMEO target modality` for each mention, in order (negated
/// and hypothetical ones kept).
fn code(text: &str) -> Vec<String> {
    all_mentions(text)
        .iter()
        .map(|m| format!("{} {} {} {}", codes(&m.source), m.cameo, codes(&m.target), m.modality.as_str()))
        .collect()
}

fn check(text: &str, expected: &[&str]) {
    assert_eq!(code(text), expected, "{text}");
}

#[test]
fn a_request_is_the_event_not_the_act_requested() {
    check("Turkey urged NATO to protect Turkey from Syrian attacks.", &["TUR 0234 IGONAT asserted"]);
    check("Iran wants Hezbollah to attack Israel.", &[]);
    // The parser reads these infinitives as clauses of purpose (`advcl`);
    // what is asked for is still no event, mutual or not.
    check("The UN Security Council urged India and Pakistan to exercise restraint.", &["IGOUNO 0256 IND+PAK asserted"]);
    check("Egypt called on Israel and Hamas to return to negotiations.", &["EGY 026 ISR+PSEREB asserted"]);
}

#[test]
fn plans_threats_and_questions_are_not_facts() {
    check("The US plans to impose sanctions on Venezuela.", &["USA 1312 VEN planned"]);
    check("Iran threatened to close the Strait of Hormuz to US ships.", &["IRN 1381 USA threatened"]);
    check("Did Iran send fuel to Venezuela?", &["IRN 071 VEN hypothetical"]);
    check("Iran sent fuel to Venezuela.", &["IRN 071 VEN asserted"]);
    // A noun event as the object of a verb of threat, or of a verb that does it.
    // The threat itself is the event (1384, asserted); the noun `attacks`
    // in its object is the same event, not a second one.
    check("Iran threatened attacks on Israel.", &["IRN 1384 ISR asserted"]);
    check("Russia launched an offensive against Ukraine.", &["RUS 190 UKR asserted"]);
}

#[test]
fn negation_reaches_what_a_verb_performs_not_what_it_judges() {
    // One event: the noun `aid` in the pledge's object is the pledge's.
    check("China did not pledge any new aid to Sri Lanka during the talks.", &["CHN 033 LKA negated"]);
    check("India did not condemn Russia's invasion of Ukraine.", &["IND 111 RUS negated", "RUS 192 UKR asserted"]);
}

#[test]
fn the_tree_finds_the_actor_of_an_inanimate_subject_and_skips_datelines() {
    check(
        // A roadside bomb is a roadside bombing (1833), whoever planted it.
        "A roadside bomb planted by the Taliban killed three US soldiers in Helmand province.",
        &["AFGREB 1833 USAMIL asserted"],
    );
    check(
        "NEW YORK (Wire C) - The United States seized 1.1 million barrels of Iranian fuel, officials said.",
        &["USA 1711 IRN reported"],
    );
}

#[test]
fn the_shallow_rules_alone_are_still_there() {
    let (pipeline, _) = Pipeline::new(&Settings { no_syntax: true, ..Settings::default() });
    let article = Article { id: "t".into(), text: "Iran sent fuel to Venezuela.".into(), ..Article::default() };
    let coded = pipeline.code(&article);
    assert_eq!(coded.mentions.len(), 1);
    assert_eq!(coded.mentions[0].evidence.source_rule, "subject");
}

#[test]
fn headlines_in_title_case_are_read_by_the_rules_alone() {
    // The tagger reads a title-case headline as names (`Denounces` NNS); the
    // shallow rules code it, with the parser on as with it off.
    let headline = "Malaysia Denounces Actions By Kazakhstan";
    let (plain, _) = Pipeline::new(&Settings { no_syntax: true, ..Settings::default() });
    let article = Article { id: "h".into(), text: headline.into(), ..Article::default() };
    let without: Vec<String> = plain.code(&article).mentions.iter().map(|m| m.cameo.clone()).collect();
    assert!(!without.is_empty(), "the rules code the headline");
    let with: Vec<String> = code(headline).iter().map(|l| l.split(' ').nth(1).unwrap_or("").to_string()).collect();
    assert_eq!(with, without);
}

/// The shipped model, counting the sentences it is asked to parse.
struct Counting {
    model: dyad_engine::syntax::Builtin,
    parses: std::sync::atomic::AtomicUsize,
}

impl dyad_code::Syntax for Counting {
    fn tags(&self, words: &[&str]) -> Vec<dyad_types::Pos> {
        self.model.tags(words)
    }

    fn parse(&self, words: &[&str]) -> dyad_types::Parse {
        self.parses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.model.parse(words)
    }
}

/// Codes `text` sentence by sentence with the shipped dictionaries and
/// model: the mentions' `source CAMEO target`, and how many sentences
/// were parsed.
fn code_counting(text: &str) -> (Vec<String>, usize) {
    let (dict, problems) = dyad_code::Dictionary::builtin(dyad_engine::NORMALIZE);
    assert!(problems.is_empty(), "{problems:?}");
    let coder = dyad_code::Coder::new(dict);
    let syntax = Counting {
        model: dyad_engine::syntax::Builtin(dyad_engine::syntax::Model::builtin().unwrap()),
        parses: std::sync::atomic::AtomicUsize::new(0),
    };
    let article = Article { id: "t".into(), text: text.into(), ..Article::default() };
    let mut ac = coder.article(&article).with_parser(&syntax);
    let found: Vec<String> = dyad_text::sentences(text)
        .flat_map(|s| ac.code_sentence(&s))
        .map(|m| format!("{} {} {}", codes(&m.source), m.cameo, codes(&m.target)))
        .collect();
    (found, syntax.parses.load(std::sync::atomic::Ordering::Relaxed))
}

#[test]
fn a_sentence_is_parsed_only_when_something_in_it_can_be_the_source() {
    // No actor but the target (a company is none): no subject can be the
    // source, and no parse is paid for.
    let (found, parses) = code_counting("The company criticized Iran.");
    assert_eq!((found, parses), (vec![], 0));
    // `we` never stands for an actor here.
    let (found, parses) = code_counting("We criticized Iran.");
    assert_eq!((found, parses), (vec![], 0));
    // Once an event has a source, `it` can stand for it: the tree is read.
    let (found, parses) = code_counting("Venezuela met Iran. It signed an agreement with Iran.");
    assert_eq!(found, ["VEN 040 IRN", "VEN 057 IRN"]);
    assert!(parses >= 2, "{parses} parses");
}

#[test]
fn what_someone_wants_tries_or_fears_is_not_what_happened() {
    // A clause under a verb of wish or a noun of demand.
    check("The mother hoped Britain would prosecute the two men.", &["GBR 173 GBRCVL hypothetical"]);
    // Tried to: it might not have happened; managed to: it did.
    check("Turkey tried to seize the town.", &["TUR 1711  hypothetical"]);
    // A purpose is not a deed, nor is an infinitive on a noun that is no plan.
    check("Russia's eagerness to attack Ukraine worried Poland.", &["RUS 190 UKR hypothetical"]);
    // A `whether` clause asks.
    check("Whether Iran attacked Israel is unclear.", &["IRN 190 ISR hypothetical"]);
    // A refusal negates what is refused.
    check("Russia refused to condemn Syria.", &["RUS 111 SYR negated"]);
    // `will send aid`: one planned event, not also an asserted delivery.
    check("Iran will send aid to Syria next week.", &["IRN 033 SYR planned"]);
}
