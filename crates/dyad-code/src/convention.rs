//! Coding conventions: the mode of the one coder, the way aho-corasick has
//! match kinds.
//!
//! A [`Coder`](crate::Coder) codes with dyad's conventions unless its
//! dictionaries select PETRARCH's (`--dict-format petrarch` files, or
//! `--dict` files whose first line is `convention: petrarch`). Both modes
//! take the same per-sentence analysis, computed once by the coder: the
//! sentences and tokens of dyad's splitter (PETRARCH's reading of them is
//! [`crate::compat`]'s `words`), the actor phrases, dates, quantities and
//! the parse where the engine gives one. They differ in how a sentence's
//! events are found: dyad's patterns with dyad's choice of source and
//! target, or PETRARCH's patterns with TABARI's shallow positions
//! (`compat/coder.rs`). Every mention then goes through the same
//! post-processing (`ArticleCoder::sentence`): modality with its cue and
//! attribution, the tree's requests, plans and questions, the event's date
//! from the text, quantities, confidence, and the article's context.

use std::sync::Arc;

use dyad_types::{ActorRef, Article, DateBasis, Evidence, Mention, Modality, Sentence, Span};

use crate::compat::{words, PetrDict, PetrEvent, PetrOptions};
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
/// post-processing: the CAMEO code is the dictionary's, the date the
/// article's (also the day actors' dated codes are read on).
pub(crate) fn petrarch(
    dict: &Dictionary,
    petrarch: &PetrDict,
    options: &PetrOptions,
    article: &Article,
    s: &Sentence,
) -> Vec<Mention> {
    let text = article.text.as_str();
    let date = article
        .date
        .map_or(0, |d| d.year.max(0) as u32 * 10_000 + u32::from(d.month.max(1)) * 100 + u32::from(d.day.max(1)));
    let coded = petrarch.code(words(s, text), date, options);
    coded.events.into_iter().map(|e| mention(dict, article, s, e)).collect()
}

fn mention(dict: &Dictionary, article: &Article, s: &Sentence, e: PetrEvent) -> Mention {
    let text = article.text.as_str();
    let actor = |code: &str, (a, b): (usize, usize)| {
        (code != "---").then(|| ActorRef {
            text: text.get(a..b).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" "),
            code: code.to_string(),
            country: code.get(..3).unwrap_or(code).to_string(),
            sector: code.get(3..).unwrap_or("").to_string(),
            span: Span { start: a, end: b },
        })
    };
    let cameo = dict.cameo(&e.code);
    let root = e.code.get(..2).unwrap_or("").to_string();
    Mention {
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
    }
}
