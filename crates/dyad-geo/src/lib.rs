//! Where events happen, and how their documents sound.
//!
//! - [`Gazetteer`]: the places dyad knows, compiled in from a compact data
//!   file derived from GeoNames (`data/gazetteer.tsv`, CC BY 4.0, see
//!   `data/NOTICE`) plus dyad's own table of bodies of water, sites and
//!   other country names (`data/sites.tsv`). Parsed once, on first use.
//! - [`ArticlePlaces`]: the place names of one article, found in one pass;
//!   [`ArticlePlaces::locate`] chooses a mention's [`Location`]: the place
//!   its sentence ties to the event, else the dateline.
//! - [`place_country`]: a cheap look-up of a place name's country.
//! - [`tone`]: a document's tone, GDELT-style, from a word list derived
//!   from the VADER lexicon (MIT, see `data/TONE-LICENSE`).
//! - [`build_gazetteer`] and [`build_tone_lexicon`]: the pure functions
//!   behind `dyad build-gazetteer` and `dyad build-tone`, which rebuild
//!   the data files byte for byte from the raw tables.
//!
//! The stage is pure: no IO, no failure on any input.
//!
//! ```
//! use dyad_geo::{place_country, ArticlePlaces};
//! assert_eq!(place_country("Caracas"), Some("VEN"));
//! let text = "Iranian tankers arrived at El Palito on Monday.";
//! let places = ArticlePlaces::find(text);
//! let (span, place) = places.places().next().unwrap();
//! assert_eq!((&text[span.start..span.end], place.country), ("El Palito", "VEN"));
//! ```
#![deny(missing_docs)]

mod build;
mod clause;
mod gazetteer;
mod locate;
mod tone;

pub use crate::build::build_gazetteer;
pub use crate::clause::Tree;
pub use crate::gazetteer::{full_name, Gazetteer, Place};
pub use crate::locate::{locate_mentions, locate_parsed, place_country, ArticlePlaces, MentionSummary};
pub use crate::tone::{build_tone_lexicon, tone, Tone};
pub use dyad_types::{Feature, Location, LocationBasis};
