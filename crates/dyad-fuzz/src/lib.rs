//! Fuzz targets: every reader and parser of dyad, each a function from
//! bytes that must return, whatever the bytes, without panicking.
//!
//! - [`TARGETS`] lists them with a few valid inputs each ([`Target`]):
//!   the ingest readers (JSONL, HTML, RSS/Atom, WARC and WARC.gz, plain
//!   text), PETRARCH dictionaries and validation records, dyad dictionaries,
//!   the date and quantity parsers, the sentence splitter, and the coder.
//! - Two drivers run them. `fuzz/` (outside the workspace) hands them to
//!   libFuzzer through cargo-fuzz on nightly, for as long as one likes;
//!   `tests/fuzz.rs` runs a fixed number of [`mutate`]d inputs per target
//!   from a fixed seed in every `cargo test`, on stable, in seconds.
//! - A crash found by either becomes a named regression test in
//!   `tests/fuzz.rs` and is fixed where it belongs.
//!
//! ```
//! for t in dyad_fuzz::TARGETS.iter().filter(|t| t.name == "sentences") {
//!     (t.run)(b"Iran sent fuel. Venezuela thanked it.");
//! }
//! ```
#![deny(missing_docs)]

mod mutate;
mod seeds;
mod targets;

pub use crate::mutate::mutate;
pub use crate::targets::TARGETS;

/// One fuzz target.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// Its name, as cargo-fuzz knows it (`fuzz/fuzz_targets/NAME.rs`).
    pub name: &'static str,
    /// Runs it on one input; panics on a bug.
    pub run: fn(&[u8]),
    /// Valid inputs to start mutating from.
    pub seeds: fn() -> Vec<Vec<u8>>,
    /// Fragments worth splicing into its inputs (markup, keywords).
    pub tokens: &'static [&'static str],
    /// Inputs a stable run tries: the slow targets try fewer.
    pub cases: usize,
}

/// Runs the target called `name` on `data` (for the cargo-fuzz binaries).
/// An unknown name is a bug of the caller: it panics.
pub fn run(name: &str, data: &[u8]) {
    match Target::named(name) {
        Some(t) => (t.run)(data),
        None => panic!("no fuzz target `{name}`"),
    }
}

impl Target {
    /// The target called `name`.
    pub fn named(name: &str) -> Option<&'static Target> {
        TARGETS.iter().find(|t| t.name == name)
    }
}
