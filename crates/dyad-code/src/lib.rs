//! The `code` stage: sentences → CAMEO/PLOVER event mentions.
//!
//! - [`Dictionary`] holds the CAMEO table, the actor dictionaries (states,
//!   IGOs, organisations, people with dated roles, sector role nouns) and the
//!   verb patterns, in dyad's own text format (`docs/dictionaries.md`). The
//!   built-in files are compiled in; [`DictionaryBuilder`] layers user files.
//! - [`Coder`] codes the sentences of an article, in order, into
//!   [`Mention`](dyad_types::Mention)s: source and target actors, CAMEO code,
//!   PLOVER category, quad class, Goldstein score, the event's date from the
//!   text, modality, quantities, the evidence for all of it, and a
//!   [`confidence`] computed from that evidence.
//!
//! The stage does no IO and never fails on messy input: a sentence it cannot
//! read codes nothing, and dictionary problems come back as [`Problem`]s.
//!
//! ```
//! # fn normalize(s: &str) -> String {
//! #     s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
//! # }
//! let (dict, problems) = dyad_code::Dictionary::builtin(normalize);
//! assert!(problems.is_empty());
//! assert_eq!(dict.cameo("042").unwrap().plover, "CONSULT");
//! ```
#![deny(missing_docs)]

mod cameo;
mod coder;
pub mod compat;
mod confidence;
mod convention;
mod dates;
mod dict;
#[doc(hidden)]
pub mod fuzzing;
mod inflect;
mod lexicon;
mod pattern;
mod phrases;
mod quantity;
mod rules;

pub use crate::cameo::{quad_class, CameoCode, CameoTable};
pub use crate::coder::{ArticleCoder, Coder, Places, Syntax};
pub use crate::confidence::confidence;
pub use crate::convention::Convention;
pub use crate::dict::{
    actor_name, suggest_actors, ActorName, DictStats, Dictionary, DictionaryBuilder, Normalizer, Problem,
};
pub use crate::rules::Rule;
