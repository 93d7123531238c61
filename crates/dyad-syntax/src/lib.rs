//! dyad's linguistic layer: a part-of-speech tagger, a lemmatizer and a
//! dependency parser, trained in Rust on Universal Dependencies treebanks and
//! shipped as one data file compiled into the binary.
//!
//! - [`Model`]: the trained tagger, lemmatizer and parser.
//!   [`Model::builtin`] decodes the shipped weights (`data/en_ud.model`,
//!   trained on UD English EWT and GUM; licences in `data/NOTICE`);
//!   [`Model::analyze`] turns one sentence's words into a [`Parse`] of Penn
//!   Treebank tags, lemmas and UD relations.
//! - [`train()`](train::train) with [`TrainOptions`]: the reproducible training
//!   that wrote those weights (`dyad train-syntax`).
//! - [`conllu`]: reading treebanks and writing what dyad read.
//! - [`eval`]: tag accuracy, UAS, LAS and per-relation F1 against gold trees.
//!
//! The stage is pure: no IO, no failure on messy input (any string tags and
//! parses; sentences longer than [`MAX_PARSE_WORDS`] are parsed in pieces so
//! work stays linear). See `DESIGN.md` for the models and their costs.
//!
//! ```
//! # fn main() -> Result<(), String> {
//! let model = dyad_syntax::Model::builtin()?;
//! let p = model.analyze(&["Iran", "sent", "five", "tankers", "to", "Venezuela", "."]);
//! assert_eq!(p.tags.len(), 7);
//! assert_eq!(p.heads.iter().filter(|&&h| h == 0).count(), 1);
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod conllu;
pub mod eval;
mod hash;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod tagger;
pub mod train;

pub use crate::model::{Model, ModelError, MAX_PARSE_WORDS};
pub use crate::train::TrainOptions;
pub use dyad_types::{Parse, Pos, Rel, Upos};
