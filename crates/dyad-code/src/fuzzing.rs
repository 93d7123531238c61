//! Doors for the fuzz targets (`crates/dyad-fuzz`, `fuzz/`) into parsers this
//! crate otherwise keeps private. Not part of the API: hidden from the docs,
//! free to change.

use dyad_types::PartialDate;

/// Runs the date finder over `tokens` against a document date, checks that
/// every expression lies within the tokens, and returns how many it found.
pub fn dates(tokens: &[&str], doc: Option<PartialDate>) -> usize {
    let ctx = crate::dates::DateContext { doc, last_explicit: doc };
    let found = crate::dates::find(tokens, &ctx);
    for e in &found {
        assert!(
            e.start < e.end && e.end <= tokens.len(),
            "date expression {}..{} of {} tokens",
            e.start,
            e.end,
            tokens.len()
        );
    }
    if let Some(doc) = doc {
        for e in &found {
            let _ = crate::dates::forward(e.date, doc, &tokens[e.start..e.end].join(" "));
        }
    }
    found.len()
}

/// Runs the quantity finder over `tokens`, checks that every amount lies
/// within them, and returns how many it found.
pub fn quantities(tokens: &[&str]) -> usize {
    let found = crate::quantity::find(tokens);
    for a in &found {
        assert!(a.start < a.end && a.end <= tokens.len(), "amount {}..{} of {} tokens", a.start, a.end, tokens.len());
    }
    found.len()
}
