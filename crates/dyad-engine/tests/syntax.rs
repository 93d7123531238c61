//! The coder with the syntax layer, text in and events out: the tree
//! chooses the sides and tells what did not happen.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

mod common;

use common::{codes, mentions};
use dyad_engine::{Pipeline, Settings};
use dyad_types::Article;

/// `source CAMEO target modality` for each mention, in order.
fn code(text: &str) -> Vec<String> {
    mentions(text)
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
}

#[test]
fn plans_threats_and_questions_are_not_facts() {
    check("The US plans to impose sanctions on Venezuela.", &["USA 1312 VEN planned"]);
    check("Iran threatened to close the Strait of Hormuz to US ships.", &["IRN 138 USA threatened"]);
    check("Did Iran send fuel to Venezuela?", &["IRN 071 VEN hypothetical"]);
    check("Iran sent fuel to Venezuela.", &["IRN 071 VEN asserted"]);
    // A noun event as the object of a verb of threat, or of a verb that does it.
    check("Iran threatened attacks on Israel.", &["IRN 138 ISR threatened"]);
    check("Russia launched an offensive against Ukraine.", &["RUS 190 UKR asserted"]);
}

#[test]
fn negation_reaches_what_a_verb_performs_not_what_it_judges() {
    check(
        "China did not pledge any new aid to Sri Lanka during the talks.",
        &["CHN 033 LKA negated", "CHN 070 LKA negated"],
    );
    check("India did not condemn Russia's invasion of Ukraine.", &["IND 111 RUS negated", "RUS 192 UKR asserted"]);
}

#[test]
fn the_tree_finds_the_actor_of_an_inanimate_subject_and_skips_datelines() {
    check(
        "A roadside bomb planted by the Taliban killed three US soldiers in Helmand province.",
        &["AFGREB 180 USAMIL asserted"],
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
