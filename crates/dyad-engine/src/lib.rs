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
use dyad_types::{Article, Mention};
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
        (Pipeline { coder: Coder::new(Arc::new(dict)) }, problems)
    }

    /// The dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        self.coder.dictionary()
    }

    /// Codes one article.
    pub fn code(&self, article: &Article) -> Coded {
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

    /// Codes a batch of articles in parallel; the output keeps input order.
    pub fn code_batch(&self, articles: &[Article]) -> Vec<Coded> {
        articles.par_iter().map(|a| self.code(a)).collect()
    }
}
