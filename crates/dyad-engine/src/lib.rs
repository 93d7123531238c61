//! The engine: the only crate that knows the order of the stages.
//!
//! [`Pipeline`] wires `text` (sentences) into `code` (mentions) for one
//! article or a batch of articles coded in parallel; the order of the output
//! is the order of the input whatever the number of threads.
//! [`Pipeline::ingest`] goes on to `fuse` and `store`: near-duplicate
//! clusters, the events of every fusion key a batch touches, one transaction
//! per batch.
//!
//! ```
//! use dyad_engine::{Pipeline, Settings};
//! use dyad_types::{Article, PartialDate};
//! let (pipeline, problems) = Pipeline::new(&Settings::default());
//! assert!(problems.is_empty());
//! let a = Article {
//!     id: "a".into(),
//!     text: "Iran sent five tankers of fuel to Venezuela in May 2020.".into(),
//!     ..Article::default()
//! };
//! let coded = pipeline.code(&a);
//! assert_eq!(coded.sentences, 1);
//! ```
#![deny(missing_docs)]

mod ingest;
pub mod synthetic;

use std::sync::Arc;

use dyad_code::{Coder, Dictionary, DictionaryBuilder, Problem};
use dyad_types::{ActorRef, Article, DateBasis, Evidence, Mention, Modality, Span};
use rayon::prelude::*;

pub use crate::ingest::{content_hash, BatchReport, Incoming, PreparedBatch};
pub use dyad_code::{compat, petrarch, DictStats, Normalizer};
pub use dyad_store::{self as store, Store};

/// Resolved settings for a pipeline.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// User dictionary files (name, contents), layered over the built-in ones.
    pub user_dictionaries: Vec<(String, String)>,
    /// Leave out the built-in dictionaries entirely.
    pub no_builtin_dictionaries: bool,
    /// PETRARCH/TABARI dictionary files (name, contents): when given, they
    /// replace dyad's dictionaries and code with PETRARCH's semantics
    /// ([`compat`]).
    pub petrarch_dictionaries: Option<Vec<(String, String)>>,
    /// PETRARCH's coding switches, for `petrarch_dictionaries`.
    pub petrarch_options: compat::PetrOptions,
}

/// The coded form of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Coded {
    /// The article id.
    pub id: String,
    /// Number of sentences (boilerplate included).
    pub sentences: usize,
    /// Event mentions, in text order.
    pub mentions: Vec<Mention>,
}

/// Text → code, for one article or many.
#[derive(Clone, Debug)]
pub struct Pipeline {
    coder: Coder,
    /// PETRARCH dictionaries and switches, when they replace dyad's.
    petrarch: Option<(Arc<compat::PetrCoder>, compat::PetrOptions)>,
}

/// The normalizer dictionaries are compiled with.
pub const NORMALIZE: Normalizer = dyad_text::normalize_phrase;

impl Pipeline {
    /// Builds the pipeline; dictionary problems are returned, not fatal.
    pub fn new(settings: &Settings) -> (Pipeline, Vec<Problem>) {
        let mut b = if settings.no_builtin_dictionaries {
            DictionaryBuilder::empty(NORMALIZE)
        } else {
            DictionaryBuilder::new(NORMALIZE)
        };
        let mut problems = Vec::new();
        for (name, contents) in &settings.user_dictionaries {
            if !b.add(name, contents) {
                problems.push(Problem {
                    file: name.clone(),
                    line: 0,
                    message: "not a dictionary file name (countries*, igos*, actors*, agents*, verbs*.txt, cameo*.tsv); skipped"
                        .to_string(),
                });
            }
        }
        let (dict, more) = b.build();
        problems.extend(more);
        let petrarch = settings.petrarch_dictionaries.as_ref().map(|files| {
            let (d, more) = compat::PetrDict::load(files);
            problems.extend(more);
            (Arc::new(compat::PetrCoder::new(d)), settings.petrarch_options)
        });
        (Pipeline { coder: Coder::new(Arc::new(dict)), petrarch }, problems)
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        self.coder.dictionary()
    }

    /// Codes one article.
    pub fn code(&self, article: &Article) -> Coded {
        if let Some((coder, opts)) = &self.petrarch {
            return self.code_petrarch(coder, opts, article);
        }
        let text = article.text.as_str();
        let mut ac = self.coder.article(article);
        let mut mentions = Vec::new();
        let mut sentences = 0;
        for s in dyad_text::sentences(text) {
            sentences += 1;
            let found = ac.code_sentence(&s);
            if !found.is_empty() {
                let clean = dyad_text::sentence_text(text, &s);
                mentions.extend(found.into_iter().map(|mut m| {
                    m.text = clean.clone();
                    m
                }));
            }
        }
        Coded { id: article.id.clone(), sentences, mentions }
    }

    /// Codes an article and records, per sentence, every actor and pattern
    /// that fired: the sentence text, the trace lines and the mentions.
    pub fn explain(&self, article: &Article) -> Vec<(String, Vec<String>, Vec<Mention>)> {
        let text = article.text.as_str();
        let mut ac = self.coder.article(article);
        ac.trace();
        dyad_text::sentences(text)
            .map(|s| {
                let mentions = ac.code_sentence(&s);
                (dyad_text::sentence_text(text, &s), ac.take_trace(), mentions)
            })
            .collect()
    }

    /// Codes one article with PETRARCH dictionaries: each sentence of dyad's
    /// splitter coded by [`compat::PetrCoder`], dated by the article, with
    /// CAMEO's Goldstein score, quad class and PLOVER category where the
    /// code is one of CAMEO's.
    fn code_petrarch(&self, coder: &compat::PetrCoder, opts: &compat::PetrOptions, article: &Article) -> Coded {
        let text = article.text.as_str();
        let date = article
            .date
            .map_or(0, |d| d.year.max(0) as u32 * 10_000 + u32::from(d.month.max(1)) * 100 + u32::from(d.day.max(1)));
        let mut mentions = Vec::new();
        let mut sentences = 0;
        for s in dyad_text::sentences(text) {
            sentences += 1;
            let (start, end) = (s.span.start, s.span.end.min(text.len()));
            let Some(raw) = text.get(start..end) else { continue };
            let coded = coder.code(&compat::PetrSentence { text: raw, date }, opts);
            if coded.events.is_empty() {
                continue;
            }
            let clean = dyad_text::sentence_text(text, &s);
            for e in coded.events {
                let actor = |code: &str, (a, b): (usize, usize)| {
                    (code != "---").then(|| ActorRef {
                        text: raw.get(a..b).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" "),
                        code: code.to_string(),
                        country: code.get(..3).unwrap_or(code).to_string(),
                        sector: code.get(3..).unwrap_or("").to_string(),
                        span: Span { start: start + a, end: start + b },
                    })
                };
                let cameo = self.coder.dictionary().cameo(&e.code);
                let root = e.code.get(..2).unwrap_or("").to_string();
                mentions.push(Mention {
                    doc_id: article.id.clone(),
                    sentence: s.index,
                    text: clean.clone(),
                    span: s.span,
                    source: actor(&e.source, e.source_span).into_iter().collect(),
                    target: actor(&e.target, e.target_span).into_iter().collect(),
                    cameo_root: root.clone(),
                    plover: cameo.map_or_else(String::new, |c| c.plover.clone()),
                    quad_class: if cameo.is_some() { dyad_code::quad_class(&root) } else { 0 },
                    goldstein: cameo.map_or(0.0, |c| c.goldstein),
                    cameo: e.code,
                    date: article.date,
                    date_precision: article.date.map(|d| d.precision()),
                    date_basis: if article.date.is_some() { DateBasis::Document } else { DateBasis::Unknown },
                    modality: Modality::Asserted,
                    quantities: Vec::new(),
                    evidence: Evidence {
                        verb: raw.get(e.verb_span.0..e.verb_span.1).unwrap_or("").to_string(),
                        verb_span: Span { start: start + e.verb_span.0, end: start + e.verb_span.1 },
                        pattern: e.pattern,
                        pattern_origin: "petrarch".to_string(),
                        ..Evidence::default()
                    },
                });
            }
        }
        Coded { id: article.id.clone(), sentences, mentions }
    }

    /// Codes a batch of articles in parallel; the output keeps input order.
    pub fn code_batch(&self, articles: &[Article]) -> Vec<Coded> {
        articles.par_iter().map(|a| self.code(a)).collect()
    }
}
