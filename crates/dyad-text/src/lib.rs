//! The `text` stage: article text → sentences of normalized tokens.
//!
//! - [`sentences`] splits a document lazily into [`Sentence`]s. It survives
//!   abbreviations (`U.S.`, `Mr.`), money (`$3.5 billion`), quotes, words
//!   hyphenated across line breaks (`Vene-\n\nzuelan`), sentences broken by
//!   blank lines in text extracted from layouts, and hard-wrapped wire copy;
//!   photo credits and bylines are flagged as boilerplate.
//! - Every [`Token`] keeps its byte span in the *original* text and a
//!   normalized form (lowercase, accents folded, ASCII quotes and dashes) used
//!   for dictionary matching.
//! - [`sentence_text`] gives a sentence's cleaned text for output.
//!
//! The stage does no IO and never fails: any string is valid input. Memory is
//! bounded by the longest sentence, which is capped, so a 100 MB document with
//! no newline streams through. See `DESIGN.md` for the choices made.
//!
//! ```
//! let text = "In May 2020, five Iranian tankers reached Venezuela.";
//! let s = dyad_text::sentences(text).next().unwrap();
//! assert_eq!(s.norm(5), "iranian");
//! assert_eq!(s.original(text, 5), "Iranian");
//! ```
#![deny(missing_docs)]

mod split;
mod tokenize;

pub use crate::split::{sentences, Sentences};
pub use dyad_types::{Sentence, Token, TokenKind};

use unicode_normalization::UnicodeNormalization;

/// The sentence's text for output: whitespace runs collapsed to one space,
/// line-break hyphenation undone, Unicode in NFC form.
pub fn sentence_text(text: &str, s: &Sentence) -> String {
    let mut out = String::with_capacity(s.span.len());
    for (i, t) in s.tokens.iter().enumerate() {
        if i > 0 && t.space_before {
            out.push(' ');
        }
        let raw = text.get(t.span.start..t.span.end).unwrap_or("");
        if raw.contains(char::is_whitespace) {
            // A word hyphenated across a line break: keep the letters only.
            let mut parts = raw.split(char::is_whitespace).filter(|p| !p.is_empty());
            if let Some(first) = parts.next() {
                out.push_str(first.strip_suffix('-').unwrap_or(first));
            }
            for p in parts {
                out.push_str(p);
            }
        } else {
            out.push_str(raw);
        }
    }
    if out.is_ascii() {
        out
    } else {
        out.nfc().collect()
    }
}

/// Normalizes a dictionary phrase exactly as article text is normalized:
/// the tokens' normalized forms joined by single spaces
/// (`Nicolás Maduro's` → `nicolas maduro 's`).
///
/// ```
/// assert_eq!(dyad_text::normalize_phrase("Nicolás  Maduro’s"), "nicolas maduro 's");
/// assert_eq!(dyad_text::normalize_phrase("U.S. Navy"), "u.s. navy");
/// ```
pub fn normalize_phrase(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for s in sentences(phrase) {
        for i in 0..s.len() {
            let n = s.norm(i);
            if n.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(n);
        }
    }
    out
}
