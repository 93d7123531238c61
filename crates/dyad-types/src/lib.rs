//! The shared vocabulary of the dyad pipeline.
//!
//! Every stage of dyad (ingest → text → code → fuse → store → serve) speaks in
//! the types defined here and depends on no other workspace crate:
//!
//! - [`Article`]: one document as read by `ingest`, with its metadata.
//! - [`Span`]: a `[start, end)` byte range in the article's original text; every
//!   token, sentence and mention carries one, so output always points back to
//!   the evidence.
//! - [`Token`] and [`Sentence`]: what `text` produces and `code` consumes.
//! - [`Mention`]: one coded event mention (who did what to whom, when, how
//!   much, with which modality, and why it was coded).
//! - [`Event`]: one real-world interaction fused from the mentions of many
//!   documents, with its sources, figures and whether they agree.
//! - [`Location`]: where a mention's event happened, resolved in the
//!   gazetteer.
//! - [`PartialDate`]: a calendar date known to year, month or day precision.
//! - [`Parse`]: a sentence's part-of-speech tags ([`Pos`]), lemmas and
//!   dependency tree ([`Rel`]), as the syntax layer reads it.
//! - [`wilson`]: the Wilson score interval the evaluations report.
//! - [`SplitMix64`]: a small seeded random number generator, for draws that
//!   must be the same for the same seed (samples for judging, training).
//!
//! Serialization is kept at the edges: the `serde` feature adds `Serialize`
//! for the output types, with the field names that downstream scripts rely on.
//!
//! ```
//! use dyad_types::PartialDate;
//! let may = PartialDate::parse("2020-05").unwrap();
//! let day = PartialDate::parse("2020-05-14").unwrap();
//! assert!(may.contains(&day));
//! assert_eq!(day.to_string(), "2020-05-14");
//! ```
#![deny(missing_docs)]

mod date;
mod event;
mod location;
mod mention;
mod rng;
mod stats;
mod syntax;
mod token;

pub use crate::date::{DateBasis, DatePrecision, PartialDate};
pub use crate::event::{is_mutual, DyadRecord, Event, FusedQuantity, SourceFigure, Window};
pub use crate::location::{haversine_km, Feature, Location, LocationBasis};
pub use crate::mention::{ActorRef, Evidence, Mention, Modality, Quantity};
pub use crate::rng::SplitMix64;
pub use crate::stats::{wilson, Z95};
pub use crate::syntax::{Parse, Pos, Rel, Upos};
pub use crate::token::{Sentence, Token, TokenKind};

/// A `[start, end)` byte range in an article's original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(into = "[usize; 2]", from = "[usize; 2]")
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl From<[usize; 2]> for Span {
    fn from(s: [usize; 2]) -> Span {
        Span { start: s[0], end: s[1] }
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> [usize; 2] {
        [s.start, s.end]
    }
}

/// One document: its text and what is known about it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Document id: a file stem, a JSONL `id`, or a generated one.
    pub id: String,
    /// The body text, as read (after lossy UTF-8 decoding).
    pub text: String,
    /// Headline, when known.
    pub title: Option<String>,
    /// Publication date, when known: the anchor for relative dates.
    pub date: Option<PartialDate>,
    /// Publisher or feed name.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Language tag, when given (dyad codes English).
    pub language: Option<String>,
    /// The dateline, when the source gives it apart from the text
    /// (Reuters-21578's `SALVADOR, Feb 26`): where the article was filed,
    /// the fallback place of its events.
    pub dateline: Option<String>,
}

/// A problem found in input that did not stop processing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where: a file name, `file:line`, or a document id.
    pub location: String,
    /// What went wrong, for a human.
    pub message: String,
}
