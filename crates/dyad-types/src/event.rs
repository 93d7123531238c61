//! Fused events: the real-world interactions that mentions report.

use crate::{DateBasis, DatePrecision, Location, Modality, PartialDate, Quantity};

/// What one source said about an amount.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceFigure {
    /// The publisher (or the document id when the publisher is unknown).
    pub source: String,
    /// The document id.
    pub doc_id: String,
    /// The value it gave.
    pub value: f64,
    /// The words it used.
    pub text: String,
}

/// The figures all sources gave for one unit, reconciled.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FusedQuantity {
    /// The unit (`barrel`, `USD`, `tanker`).
    pub unit: String,
    /// The value most sources agree on (the median of the figures).
    pub value: f64,
    /// True when the figures differ by more than rounding.
    pub conflict: bool,
    /// Each source's figure.
    pub figures: Vec<SourceFigure>,
}

/// One real-world interaction, fused from every mention that reports it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Event {
    /// Stable id: the same mentions give the same id whatever the input
    /// order or thread count.
    pub id: i64,
    /// Most frequent source actor code among the mentions (`IRNGOV`);
    /// empty when the mentions name no source.
    pub source: String,
    /// Its state (`IRN`); empty when there is no source.
    pub source_country: String,
    /// The source's words in a representative mention (`Iranian tankers`).
    pub source_name: String,
    /// Most frequent target actor code; empty for a one-sided event (a
    /// strike, a protest: PLOVER's recipient is optional).
    pub target: String,
    /// Its state; empty for a one-sided event.
    pub target_country: String,
    /// The target's words in a representative mention.
    pub target_name: String,
    /// URL of the earliest reporting document, when known.
    pub source_url: Option<String>,
    /// Most frequent CAMEO code.
    pub cameo: String,
    /// Its root.
    pub cameo_root: String,
    /// PLOVER category.
    pub plover: String,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein score of `cameo`.
    pub goldstein: f32,
    /// The most precise date the mentions give.
    pub date: Option<PartialDate>,
    /// Its precision.
    pub date_precision: Option<DatePrecision>,
    /// Earliest publication date of a reporting document.
    pub first_report: Option<PartialDate>,
    /// Latest publication date of a reporting document.
    pub last_report: Option<PartialDate>,
    /// Number of mentions.
    pub num_mentions: u32,
    /// Number of distinct publishers.
    pub num_sources: u32,
    /// Number of distinct documents, counting a near-duplicate cluster once.
    pub num_articles: u32,
    /// The modality across sources: `asserted` if any source asserts it,
    /// else the most common one.
    pub modality: Modality,
    /// One source asserts or reports it and another denies it.
    pub disputed: bool,
    /// Sources give figures that disagree.
    pub conflict: bool,
    /// Amounts, reconciled per unit.
    pub quantities: Vec<FusedQuantity>,
    /// The store ids of the mentions fused into this event.
    pub mention_ids: Vec<i64>,
    /// Where it happened: the most precise location its mentions agree on.
    pub location: Option<Location>,
    /// dyad's tone of its documents (positive minus negative word share,
    /// × 100), the mean over the documents that report it.
    pub avg_tone: Option<f32>,
}

/// One source→target pair of a stored mention, with what fusion needs to know
/// about its document: the unit fusion groups into events.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DyadRecord {
    /// Store id of the mention.
    pub id: i64,
    /// A content-derived key of the dyad mention (document hash, sentence,
    /// verb offset, actors): event ids are built from these, not store ids.
    pub stable: String,
    /// Near-duplicate cluster of the document.
    pub cluster: i64,
    /// Document id.
    pub doc_id: String,
    /// Publisher, or the document id when unknown.
    pub publisher: String,
    /// The document's date.
    pub doc_date: Option<PartialDate>,
    /// Index of the mention's sentence in its document.
    pub sentence: usize,
    /// Source actor code; empty when the mention names no source.
    pub source: String,
    /// The source's state; empty when there is no source.
    pub source_country: String,
    /// Target actor code; empty for a one-sided mention (no recipient).
    pub target: String,
    /// The target's state; empty when there is no target.
    pub target_country: String,
    /// The source's words.
    pub source_text: String,
    /// The target's words.
    pub target_text: String,
    /// The document's URL.
    pub url: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// PLOVER category.
    pub plover: String,
    /// Quad class.
    pub quad_class: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// Event date.
    pub date: Option<PartialDate>,
    /// Where the date came from.
    pub date_basis: DateBasis,
    /// The date is not the sentence's own but the paragraph's, inherited by
    /// a sentence that names none ([`crate::Evidence::date_inherited`]).
    pub date_inherited: bool,
    /// Where the event took place, when the text says: fusion keeps apart
    /// events whose known places differ.
    pub place: Option<Location>,
    /// The tone of the mention's document, when measured.
    pub doc_tone: Option<f32>,
    /// Modality.
    pub modality: Modality,
    /// Amounts.
    pub quantities: Vec<Quantity>,
}

/// The days a dyad mention can refer to, as fusion reads its dates (days
/// since 1970-01-01, both ends included): `narrow` is what its date
/// supports, `wide` what it may reach when other evidence ties it to an
/// event. Two mentions whose wide periods do not meet are never one event,
/// nor are two whose narrow periods do not meet unless they share a
/// near-duplicate cluster or a unit of figures: the store re-fuses only the
/// window a batch can change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// First and last day the date supports.
    pub narrow: (i64, i64),
    /// First and last day it may reach with corroboration.
    pub wide: (i64, i64),
}

/// Whether a CAMEO code (its first three digits) is a mutual act: meeting,
/// negotiating, agreeing, cooperating. `A met B` and `B met A` are then one
/// event, and a compound subject can hold both sides (`Iran and Venezuela
/// signed a pact`).
pub fn is_mutual(cameo: &str) -> bool {
    // The coder asks this for every pattern it tries: a bit per code
    // (`0` then two digits) instead of twenty string comparisons.
    let [b'0', t @ b'0'..=b'9', u @ b'0'..=b'9', ..] = *cameo.as_bytes() else { return false };
    MUTUAL >> ((t - b'0') * 10 + (u - b'0')) & 1 == 1
}

/// The mutual codes of [`is_mutual`], `0XY` as bit `XY`: 030, 031, 032, 036, 040, 044, 045, 046, 050, 052, 053, 054, 055, 056, 057, 060, 061, 062, 063, 064.
const MUTUAL: u128 = 0x1f3f47111c0000000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutual_codes_are_the_listed_ones() {
        const LISTED: &[&str] = &[
            "030", "031", "032", "036", "040", "044", "045", "046", "050", "052", "053", "054", "055", "056", "057",
            "060", "061", "062", "063", "064",
        ];
        for n in 0..1000 {
            let code = format!("{n:03}");
            let listed = LISTED.contains(&code.as_str());
            assert_eq!(is_mutual(&code), listed, "{code}");
            // Longer codes are read by their first three digits.
            assert_eq!(is_mutual(&format!("{code}1")), listed, "{code}1");
        }
        for odd in ["", "0", "03", "03x", "0a0", "x30", "03\u{e9}", "\u{e9}030", "-030"] {
            assert!(!is_mutual(odd), "{odd:?}");
        }
    }
}
