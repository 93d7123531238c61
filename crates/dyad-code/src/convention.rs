//! Coding conventions: the mode of the one coder, the way aho-corasick has
//! match kinds.
//!
//! A [`Coder`](crate::Coder) codes with dyad's conventions unless its
//! dictionaries select PETRARCH's. Both modes read dyad-text's sentences
//! and tokens and differ only in how a sentence's events are found (dyad's
//! patterns and rules, or PETRARCH's patterns with TABARI's shallow
//! positions, `compat/coder.rs`); every mention then goes through the same
//! post-processing (`ArticleCoder::sentence`): modality, the tree's
//! requests, the date in the text, quantities, confidence, context.

use std::sync::Arc;

use dyad_types::{Article, DateBasis, Evidence, Mention, Modality, Sentence, Span};

use crate::compat::{words, PetrDict, PetrEvent, PetrOptions};
use crate::phrases::actor_ref;
use crate::rules::Rule;
use crate::Dictionary;

/// How the coder finds a sentence's events.
#[derive(Clone, Debug, Default)]
pub enum Convention {
    /// dyad's dictionaries and rules.
    #[default]
    Dyad,
    /// PETRARCH/TABARI dictionaries with PETRARCH's conventions and
    /// switches; dyad's dictionaries give only the CAMEO table (Goldstein
    /// scores, quad classes, PLOVER categories).
    Petrarch(Arc<PetrDict>, PetrOptions),
}

/// PETRARCH's events in sentence `s`, as mentions awaiting dyad's
/// post-processing, with the rules that chose their sides: the CAMEO code
/// is the dictionary's, the date the article's (also the day actors' dated
/// codes are read on).
pub(crate) fn petrarch(
    dict: &Dictionary,
    petrarch: &PetrDict,
    options: &PetrOptions,
    article: &Article,
    s: &Sentence,
) -> Vec<(Mention, [Rule; 2])> {
    let text = article.text.as_str();
    let date = article
        .date
        .map_or(0, |d| d.year.max(0) as u32 * 10_000 + u32::from(d.month.max(1)) * 100 + u32::from(d.day.max(1)));
    petrarch.code(words(s, text), date, options).into_iter().map(|e| mention(dict, article, s, e)).collect()
}

fn mention(dict: &Dictionary, article: &Article, s: &Sentence, e: PetrEvent) -> (Mention, [Rule; 2]) {
    let (text, rules) = (article.text.as_str(), e.rules);
    let actor = |code: &str, (a, b): (usize, usize)| {
        let words = text.get(a..b).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        (code != "---").then(|| actor_ref(&words, Span { start: a, end: b }, code))
    };
    let cameo = dict.cameo(&e.code);
    let root = e.code.get(..2).unwrap_or("").to_string();
    let m = Mention {
        doc_id: article.id.clone(),
        sentence: s.index,
        text: String::new(),
        span: s.span,
        source: actor(&e.source, e.source_span).into_iter().collect(),
        target: actor(&e.target, e.target_span).into_iter().collect(),
        cameo_root: root.clone(),
        plover: cameo.map_or_else(String::new, |c| c.plover.clone()),
        quad_class: if cameo.is_some() { crate::quad_class(&root) } else { 0 },
        goldstein: cameo.map_or(0.0, |c| c.goldstein),
        cameo: e.code,
        date: article.date,
        date_precision: article.date.map(|d| d.precision()),
        date_basis: if article.date.is_some() { DateBasis::Document } else { DateBasis::Unknown },
        modality: Modality::Asserted,
        confidence: 0.0,
        quantities: Vec::new(),
        evidence: Evidence {
            verb: text.get(e.verb_span.0..e.verb_span.1).unwrap_or("").to_string(),
            verb_span: Span { start: e.verb_span.0, end: e.verb_span.1 },
            pattern: e.pattern,
            pattern_origin: "petrarch".to_string(),
            ..Evidence::default()
        },
        location: None,
    };
    (m, rules)
}
