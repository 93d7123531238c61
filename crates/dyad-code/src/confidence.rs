//! How likely a mention is right, from its evidence alone.
//!
//! The score is a logistic regression over what the evidence records: the
//! rule that chose the source, the rule that chose the target (or that there
//! is none), the CAMEO root, the modality, and a few flags (a noun anchor, a
//! modality cue, an actor of no state, an actor found outside the sentence,
//! a quotation, the first sentence, the sentence's length, …). Each cue adds
//! its weight to the log-odds of the intercept; the sum goes through the
//! logistic function.
//!
//! The weights are fitted, not set by hand: `bench/confidence/fit.py` fits
//! them on the hand-judged mentions of `bench/results/*judged*.tsv` that the
//! current build still makes (right = event, category, source and target
//! all right), by L2-regularised logistic regression pulled towards the
//! hand-set weights this file held before, and prints the tables below.
//! Rerun it after a change to the coder and paste its tables here. Out of
//! sample the scores are calibrated on average but spread little: no cue the
//! evidence records makes a mention right four times in five, so no mention
//! reaches 0.8 (`bench/results/2026-12-09-confidence.md`). The model knows
//! nothing the evidence does not say: it cannot see a wrong verb sense.

use dyad_types::{Mention, Sentence};

/// The quotation marks whose presence in the sentence is a cue.
const QUOTES: [char; 3] = ['"', '\u{201c}', '\u{201d}'];

/// The probability that `m` is right (event, category, source and target),
/// in `[0, 1]`, rounded to two decimals. The sentence's cues are read from
/// `m.text`, so the mention must carry its sentence's text.
pub fn confidence(m: &Mention) -> f32 {
    score(m, m.text.split_whitespace().count(), m.text.contains(QUOTES))
}

/// [`confidence`] for a mention just coded from `s` of `text`, before its
/// `text` is filled: the words are counted as the sentence's cleaned text
/// (`dyad_text::sentence_text`) will have them, one per token that follows
/// a space, plus the first.
pub(crate) fn confidence_in(m: &Mention, s: &Sentence, text: &str) -> f32 {
    let words = s.tokens.iter().skip(1).filter(|t| t.space_before).count() + usize::from(!s.tokens.is_empty());
    let quoted = text.get(s.span.start..s.span.end).is_some_and(|t| t.contains(QUOTES));
    score(m, words, quoted)
}

/// The model: `words` and `quoted` describe the mention's sentence.
fn score(m: &Mention, words: usize, quoted: bool) -> f32 {
    let e = &m.evidence;
    let actors = || m.source.iter().chain(&m.target);
    let source_rule = if e.source_rule.is_empty() { "-" } else { &e.source_rule };
    let target_rule = if e.target_rule.is_empty() { "-" } else { &e.target_rule };
    let length = match words {
        0..=25 => "short",
        26..=45 => "medium",
        _ => "long",
    };
    let flags = [
        ("noun anchor", e.pattern.contains("@n")),
        ("modality cue", e.modality_cue.is_some()),
        ("attributed", e.attribution.is_some()),
        ("intent or threat", e.action_code.is_some()),
        ("denial", e.denies_sentence.is_some()),
        ("actor of no state", actors().any(|a| a.country.is_empty())),
        ("IGO actor", actors().any(|a| a.code.starts_with("IGO"))),
        ("several actors", m.source.len() + m.target.len() > 2),
        ("same state both sides", same_state(m)),
        ("actor outside the sentence", actors().any(|a| a.span.start < m.span.start || a.span.end > m.span.end)),
        ("quotation", quoted),
        ("first sentence", m.sentence == 0),
    ];
    // Summed in the order of the script's features, so that its scores and
    // these agree to the last digit (`fit.py --check`).
    let mut sum = weight(SOURCE_RULE, source_rule)
        + weight(TARGET_RULE, target_rule)
        + weight(ROOT, &m.cameo_root)
        + weight(MODALITY, m.modality.as_str())
        + weight(LENGTH, length);
    for (flag, _) in flags.iter().filter(|(_, on)| *on) {
        sum += weight(FLAG, flag);
    }
    let p = 1.0 / (1.0 + (-(INTERCEPT + sum)).exp());
    ((p * 100.0 + 0.5).floor() / 100.0) as f32
}

/// True when the first source and the first target belong to one state
/// (`USAGOV` against `USAOPP`).
fn same_state(m: &Mention) -> bool {
    match (m.source.first(), m.target.first()) {
        (Some(s), Some(t)) => !s.country.is_empty() && s.country == t.country,
        _ => false,
    }
}

/// The weight of `value` in `table`, 0 for a value the fit gave none (too
/// rare in the judged mentions, or new).
fn weight(table: &[(&str, f64)], value: &str) -> f64 {
    table.iter().find(|(v, _)| *v == value).map_or(0.0, |(_, w)| *w)
}

// The tables `python3 bench/confidence/fit.py` printed (its last lines), on
// 1,002 judged mentions of 13 verdict files at commit d295c5f.

const INTERCEPT: f64 = -0.77;
const FLAG: &[(&str, f64)] = &[
    ("first sentence", 0.14),
    ("quotation", 0.04),
    ("attributed", 0.02),
    ("intent or threat", 0.02),
    ("IGO actor", -0.03),
    ("actor outside the sentence", -0.06),
    ("several actors", -0.06),
    ("same state both sides", -0.08),
    ("modality cue", -0.15),
    ("actor of no state", -0.19),
    ("noun anchor", -0.19),
    ("denial", -0.40),
];
const LENGTH: &[(&str, f64)] = &[("medium", 0.07), ("long", 0.03), ("short", -0.09)];
const MODALITY: &[(&str, f64)] = &[
    ("asserted", 0.16),
    ("planned", -0.01),
    ("reported", -0.08),
    ("hypothetical", -0.18),
    ("denied", -0.31),
    ("negated", -0.34),
];
const ROOT: &[(&str, f64)] = &[
    ("18", 0.59),
    ("10", 0.38),
    ("19", 0.27),
    ("03", 0.25),
    ("02", 0.15),
    ("12", 0.15),
    ("16", 0.03),
    ("14", -0.02),
    ("04", -0.04),
    ("11", -0.05),
    ("06", -0.06),
    ("13", -0.17),
    ("05", -0.20),
    ("01", -0.38),
    ("07", -0.39),
    ("08", -0.65),
    ("17", -0.74),
];
const SOURCE_RULE: &[(&str, f64)] = &[
    ("nsubj", 0.38),
    ("compound", 0.16),
    ("between", 0.15),
    ("pattern", 0.15),
    ("possessor", 0.07),
    ("pronoun", 0.04),
    ("unsaid", 0.02),
    ("conj:nsubj", -0.13),
    ("origin", -0.16),
    ("acl:relcl", -0.21),
    ("obl:agent", -0.23),
    ("subject", -0.27),
    ("passive-agent", -0.33),
    ("context", -0.40),
    ("participle", -0.40),
    ("relative", -0.40),
    ("complement", -0.41),
    ("appositive", -0.42),
    ("coordination", -0.43),
];
const TARGET_RULE: &[(&str, f64)] = &[
    ("obj", 0.77),
    ("pattern", 0.39),
    ("compound", 0.35),
    ("between", 0.32),
    ("subject", 0.10),
    ("none", -0.65),
    ("object", -0.67),
    ("context", -0.81),
];

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{ActorRef, DateBasis, Evidence, Modality, Span};

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
            // Not the first sentence, which is a cue of its own.
            sentence: 1,
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
    fn unknown_rules_and_codes_add_nothing() {
        let unknown = confidence(&mention("", "", "", true));
        assert_eq!(unknown, confidence(&mention("no-such-rule", "no-such-rule", "99", true)));
        // The intercept, an asserted mention and a short sentence.
        let z = INTERCEPT + weight(MODALITY, "asserted") + weight(LENGTH, "short");
        let p = 1.0 / (1.0 + (-z).exp());
        assert!((f64::from(unknown) - p).abs() < 0.006, "{unknown} {p}");
    }

    #[test]
    fn the_coder_reads_the_sentence_as_its_cleaned_text_reads() {
        // Lengths on both sides of the bands' bounds, a quotation, a word
        // hyphenated across a line break.
        let long = "word ".repeat(40);
        let texts = [
            "Iran sent fuel to Venezuela.".to_string(),
            format!("He said: \u{201c}Iran sent {long} fuel to Venezuela.\u{201d}"),
            format!("The \"de-\nfence\" ministry, {long} sent troops."),
            format!("{} sent troops.", "word ".repeat(23)),
        ];
        for text in &texts {
            for s in dyad_text::sentences(text) {
                let mut m = mention("nsubj", "obj", "18", true);
                let coded = confidence_in(&m, &s, text);
                m.text = dyad_text::sentence_text(text, &s);
                assert_eq!(coded, confidence(&m), "{}", m.text);
            }
        }
    }

    #[test]
    fn each_table_names_a_cue_once() {
        for table in [SOURCE_RULE, TARGET_RULE, ROOT, MODALITY, LENGTH, FLAG] {
            for (i, (name, w)) in table.iter().enumerate() {
                assert!(w.is_finite() && w.abs() < 3.0, "{name} {w}");
                assert!(table[..i].iter().all(|(n, _)| n != name), "{name} twice");
            }
        }
    }
}
