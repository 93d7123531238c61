//! How likely a mention is right, from its evidence alone.
//!
//! The score is a logistic model over what the evidence records: the rule
//! that chose the source, the rule that chose the target (or that there is
//! none), the CAMEO root, the modality, whether the anchor is a noun, and
//! whether an actor is a sector with no state. Each cue adds its weight to
//! the log-odds of a base rate; the sum goes through the logistic function.
//!
//! The weights come from mentions of real news judged by hand (event real,
//! category, source and target all right: `bench/results/`), as smoothed
//! log-odds ratios against the base rate, rounded and capped; the cues are
//! not independent, so the sum is shrunk. A score is calibrated when, among
//! mentions scored near `p`, a share near `p` is right; the calibration table
//! measured on a fresh judged sample is in `bench/results/`. The model knows
//! nothing the evidence does not say: it cannot see a wrong verb sense.

use dyad_types::{Mention, Modality};

/// The share of right mentions in the judged sample the weights come from,
/// as log-odds (35 %).
const BASE: f32 = -0.62;

/// How much of the summed cue weights is kept: the cues overlap (a tree
/// subject and a pattern target often come together).
const SHRINK: f32 = 0.8;

/// The probability that `m` is right (event, category, source and target),
/// in `[0, 1]`, rounded to two decimals.
pub fn confidence(m: &Mention) -> f32 {
    let e = &m.evidence;
    let mut z = source_weight(&e.source_rule) + target_weight(&e.target_rule, m.target.is_empty());
    z += root_weight(&m.cameo_root);
    z += match m.modality {
        Modality::Asserted => 0.0,
        Modality::Reported => -0.15,
        Modality::Negated | Modality::Denied => -0.4,
        _ => 0.0,
    };
    // A noun event's source is read from its modifiers or its verb.
    if e.pattern.contains("@n") {
        z -= 0.3;
    }
    // An actor of no known state: `gunmen`, `protesters`.
    if m.source.iter().chain(&m.target).any(|a| a.country.is_empty() && !a.code.starts_with("IGO")) {
        z -= 0.2;
    }
    // A denial re-emits an earlier sentence's event.
    if e.denies_sentence.is_some() {
        z -= 0.5;
    }
    let p = 1.0 / (1.0 + (-(BASE + SHRINK * z)).exp());
    (p * 100.0).round() / 100.0
}

/// The rule that chose the source (`dyad_code::Rule` names; empty for
/// PETRARCH coding).
fn source_weight(rule: &str) -> f32 {
    match rule {
        // The tree's subject of the verb.
        "nsubj" => 0.45,
        "pattern" | "between" | "compound" => 0.2,
        "acl:relcl" | "conj:nsubj" | "subject" | "origin" => -0.2,
        "obl:agent" | "passive-agent" => -0.4,
        "participle" | "appositive" | "coordination" | "relative" | "complement" | "context" => -0.5,
        _ => 0.0,
    }
}

/// The rule that chose the target, or none.
fn target_weight(rule: &str, empty: bool) -> f32 {
    if empty {
        return -0.65;
    }
    match rule {
        // The tree's object of the verb.
        "obj" => 1.0,
        // A slot of the pattern, or both sides of a mutual act.
        "pattern" | "between" | "compound" => 0.4,
        "subject" | "owner" => 0.0,
        "object" => -0.8,
        "context" => -1.0,
        _ => 0.0,
    }
}

/// CAMEO roots whose patterns the judged sample found more or less often
/// right: violence and demands more, arrests (often legal charges or
/// captures in war) and concessions less.
fn root_weight(root: &str) -> f32 {
    match root {
        "18" => 0.7,
        "19" | "10" => 0.45,
        "12" | "03" => 0.25,
        "05" | "13" => -0.25,
        "07" | "01" => -0.45,
        "08" => -0.8,
        "17" => -1.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{ActorRef, DateBasis, Evidence, Span};

    fn mention(source_rule: &str, target_rule: &str, root: &str, target: bool) -> Mention {
        let actor = |code: &str| ActorRef {
            text: code.into(),
            code: code.into(),
            country: code[..3].into(),
            sector: String::new(),
            span: Span::new(0, 1),
        };
        Mention {
            doc_id: "d".into(),
            sentence: 0,
            text: String::new(),
            span: Span::new(0, 1),
            source: vec![actor("IRN")],
            target: if target { vec![actor("VEN")] } else { Vec::new() },
            cameo: format!("{root}0"),
            cameo_root: root.into(),
            plover: String::new(),
            quad_class: 1,
            goldstein: 0.0,
            date: None,
            date_precision: None,
            date_basis: DateBasis::Unknown,
            modality: Modality::Asserted,
            confidence: 0.0,
            quantities: Vec::new(),
            evidence: Evidence {
                source_rule: source_rule.into(),
                target_rule: target_rule.into(),
                ..Evidence::default()
            },
            location: None,
        }
    }

    #[test]
    fn the_score_is_a_probability_ordered_by_the_evidence() {
        let best = confidence(&mention("nsubj", "obj", "18", true));
        let plain = confidence(&mention("subject", "object", "04", true));
        let worst = confidence(&mention("participle", "context", "17", true));
        let none = confidence(&mention("nsubj", "none", "11", false));
        for p in [best, plain, worst, none] {
            assert!((0.0..=1.0).contains(&p), "{p}");
        }
        assert!(best > plain && plain > worst, "{best} {plain} {worst}");
        assert!(none < confidence(&mention("nsubj", "pattern", "11", true)));
        // Two decimals.
        assert_eq!((best * 100.0).round() / 100.0, best);
    }

    #[test]
    fn unknown_rules_and_codes_score_the_base_rate() {
        let p = confidence(&mention("", "", "", true));
        assert!((p - 0.35).abs() < 0.01, "{p}");
    }
}
