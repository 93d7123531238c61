//! The `fuse` stage: from sentence-level mentions to real-world events.
//!
//! - [`minhash`]: near-duplicate detection. Each document gets a MinHash
//!   signature over word 5-shingles and 32 LSH band keys; two documents are
//!   near-duplicates when their estimated Jaccard similarity is high or when
//!   one is (almost) contained in the other (a truncated reprint).
//! - [`fuse`]: the mentions that share a dyad and a category
//!   ([`fusion_key`]; a one-sided mention has an empty side) are grouped
//!   into [`Event`]s, kept apart wherever the evidence separates them:
//!   dates (a sentence's own, a paragraph's, or the period a document date
//!   supports), acts (CAMEO codes at three digits), figures far apart, and
//!   known places. Each event has its counts (mentions, publishers,
//!   distinct articles), report dates, the most precise date, the modality
//!   across sources, whether sources dispute it, and the figures each
//!   source gave, reconciled: a conflict only between reports that other
//!   evidence pins to the same event.
//!
//! The stage does no IO and is deterministic: event ids are derived from the
//! content of their mentions, so the same input gives the same events
//! whatever the order or thread count.
//!
//! ```
//! let a = dyad_fuse::minhash::Signature::of("Iran sent five tankers of fuel to Venezuela in May, officials said on Monday in Caracas.");
//! let b = dyad_fuse::minhash::Signature::of("Iran sent five tankers of fuel to Venezuela in May, officials said on Monday in Caracas.");
//! assert!(a.near_duplicate(&b));
//! ```
#![deny(missing_docs)]

mod fusion;
pub mod minhash;

pub use crate::fusion::{
    dyads, fuse, fusion_key, may_join, units, window, window_of, DyadMention, FuseInput, Reach, MAX_WINDOW_DAYS,
};
pub use dyad_types::Event;

/// FNV-1a, 64 bits: a stable hash for ids that must not change between
/// versions or platforms.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
