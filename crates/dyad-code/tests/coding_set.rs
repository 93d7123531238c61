//! Our 320-sentence coding test set (`tests/fixtures/coding/sentences.tsv`):
//! at least 12 sentences for every CAMEO root, across many states, with
//! passive, compound, negated, reported and dated cases. A sentence passes
//! when dyad codes a mention with the expected CAMEO root and the expected
//! source and target codes (or, for `-` lines, codes nothing).
//!
//! Beyond the overall rate, every sentence that passed when the list was
//! last blessed is pinned (`tests/golden/coding-set.pass`, one id a line):
//! the test fails naming any pinned sentence that no longer passes, and
//! notes the sentences that pass now but are not pinned yet. To pin them:
//! `DYAD_BLESS=1 cargo test -p dyad-code --test coding_set`.
#![allow(clippy::unwrap_used, clippy::print_stderr, reason = "a test that reports what it found")]

use std::sync::Arc;

use dyad_code::{Coder, Dictionary};
use dyad_types::{Article, PartialDate};

#[test]
fn the_coding_test_set_is_coded_at_least_90_percent_exactly() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/coding/sentences.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let (dict, problems) = Dictionary::builtin(dyad_text::normalize_phrase);
    assert!(problems.is_empty(), "{problems:?}");
    let coder = Coder::new(Arc::<Dictionary>::clone(&dict));
    let (mut pass, mut total) = (0, 0);
    let mut passing: Vec<&str> = Vec::new();
    let mut per_root: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let (id, date, sentence, source, cameo, target) = (f[0], f[1], f[2], f[3], f[4], f[5]);
        let article =
            Article { id: id.into(), text: sentence.into(), date: PartialDate::parse(date), ..Article::default() };
        let mentions = coder.code_article(&article, dyad_text::sentences(sentence));
        for m in &mentions {
            for rule in [&m.evidence.source_rule, &m.evidence.target_rule] {
                assert!(dyad_code::Rule::from_name(rule).is_some(), "{id}: unnamed rule {rule:?}");
            }
        }
        let codes = |v: &[dyad_types::ActorRef]| v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join("+");
        let ok = if cameo == "-" {
            mentions.is_empty()
        } else {
            mentions
                .iter()
                .any(|m| m.cameo_root == cameo[..2] && codes(&m.source) == source && codes(&m.target) == target)
        };
        total += 1;
        let root = if cameo == "-" { "none".to_string() } else { cameo[..2].to_string() };
        let e = per_root.entry(root).or_default();
        e.1 += 1;
        if ok {
            pass += 1;
            e.0 += 1;
            passing.push(id);
        } else {
            let got: Vec<String> =
                mentions.iter().map(|m| format!("{} {} {}", codes(&m.source), m.cameo, codes(&m.target))).collect();
            eprintln!("FAIL {id}: want {source} {cameo} {target}, got {got:?} | {sentence}");
        }
    }
    for (root, (p, t)) in &per_root {
        eprintln!("root {root}: {p}/{t}");
    }
    let share = f64::from(pass) / f64::from(total);
    eprintln!("coded exactly: {pass}/{total} ({:.1} %)", share * 100.0);
    assert!(share >= 0.90, "{pass}/{total}");
    check_pinned(&passing);
}

/// Compares the passing ids with the pinned list (rewrites it under
/// `DYAD_BLESS`): a pinned sentence that fails is a regression.
fn check_pinned(passing: &[&str]) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/golden/coding-set.pass");
    let bless = "DYAD_BLESS=1 cargo test -p dyad-code --test coding_set";
    if std::env::var_os("DYAD_BLESS").is_some() {
        std::fs::write(path, passing.iter().map(|id| format!("{id}\n")).collect::<String>()).unwrap();
        eprintln!("blessed {path}: {} sentences pinned", passing.len());
        return;
    }
    let pinned = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}; to create it: {bless}"));
    let pinned: Vec<&str> = pinned.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let regressed: Vec<&str> = pinned.iter().copied().filter(|id| !passing.contains(id)).collect();
    let fixed: Vec<&str> = passing.iter().copied().filter(|id| !pinned.contains(id)).collect();
    if !fixed.is_empty() {
        eprintln!(
            "note: {} sentence(s) pass but are not pinned: {}; to pin them: {bless}",
            fixed.len(),
            fixed.join(" ")
        );
    }
    assert!(
        regressed.is_empty(),
        "{} pinned sentence(s) no longer pass (see FAIL lines above): {}\n\
         If this is intended, re-pin with: {bless}",
        regressed.len(),
        regressed.join(" ")
    );
}
