//! Exports of fused events, written as they stream from the store.
//!
//! - [`gdelt`]: GDELT 2.0 Events TSV, its 61 columns in order, with the
//!   event's location in the geography columns (FIPS country codes from
//!   [`fips`]) and dyad's own tone in `AvgTone`; the fields dyad does not
//!   have (ethnic and religion codes, ADM2) are empty.
//! - [`plover`]: PLOVER JSON, one event per line, with the field names of the
//!   PLOVER manual (`id`, `date`, `actor`, `recipient`, `event`, …) and
//!   dyad's own additions (`cameo`, `num_sources`, `modality`, figures).
//! - [`arrow`]: the Arrow schema of mentions and events, shared by
//!   [`parquet`] and the Python package.
//! - [`parquet`]: two typed Parquet files, events and mentions.
//! - [`graphml`]: the actor network, actors as nodes and dyads as edges
//!   weighted by event counts and Goldstein sums.
//! - [`jsonl`] and [`csv`]: every field of every event.
//! - [`panel`]: counts and Goldstein sums per country-month, dyad-month or
//!   dyad-year, zeros filled.
//!
//! CSV cells that start with `= + - @` are defused so spreadsheets do not run
//! them as formulas.
//!
//! One-sided events (no recipient: `Haiti teachers go on strike`; or no
//! source named) have an empty side in [`dyad_types::Event`]. Each format
//! says so in its own way: GDELT leaves the `Actor2*` (or `Actor1*`) fields
//! empty, PLOVER JSON has `recipient` (or `actor`) `null`, Parquet has nulls,
//! CSV empty cells and JSONL empty strings, and GraphML draws no edge (the
//! actor's node counts the event, and its `one_sided` attribute how many of
//! its events have no counterpart).
#![deny(missing_docs)]

pub mod arrow;
pub mod csv;
pub mod fips;
pub mod gdelt;
pub mod graphml;
pub mod jsonl;
pub mod panel;
pub mod parquet;
pub mod plover;

/// Export errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// CSV encoding failed.
    #[error("csv: {0}")]
    Csv(#[from] ::csv::Error),
    /// JSON encoding failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// Parquet encoding failed.
    #[error("parquet: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
    /// Arrow encoding failed.
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// A text cell made safe for spreadsheets: a leading `= + - @` (or tab,
/// carriage return) would be read as a formula, so it gets a quote.
pub fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A short text of an event's figures; each source's value when they conflict.
pub fn figures(e: &dyad_types::Event) -> String {
    let num = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") };
    e.quantities
        .iter()
        .map(|q| {
            if q.conflict {
                let each: Vec<String> = q.figures.iter().map(|f| format!("{} {}", f.source, num(f.value))).collect();
                format!("{} CONFLICT [{}]", q.unit, each.join("; "))
            } else {
                format!("{} {}", num(q.value), q.unit)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
pub(crate) mod testdata {
    use dyad_types::{Event, FusedQuantity, Modality, PartialDate, SourceFigure};

    /// A fused event with conflicting figures.
    pub(crate) fn event(id: i64) -> Event {
        Event {
            id,
            source: "USAGOV".into(),
            source_country: "USA".into(),
            source_name: "the United States".into(),
            target: "IRN".into(),
            target_country: "IRN".into(),
            target_name: "=Iranian tankers".into(),
            source_url: Some("https://wire.example/a".into()),
            cameo: "1711".into(),
            cameo_root: "17".into(),
            plover: "COERCE".into(),
            quad_class: 4,
            goldstein: -9.2,
            date: PartialDate::parse("2020-08-14"),
            date_precision: PartialDate::parse("2020-08-14").map(|d| d.precision()),
            first_report: PartialDate::parse("2020-08-14"),
            last_report: PartialDate::parse("2020-08-15"),
            num_mentions: 3,
            num_sources: 2,
            num_articles: 2,
            modality: Modality::Asserted,
            disputed: true,
            conflict: true,
            quantities: vec![FusedQuantity {
                unit: "barrel".into(),
                value: 1_100_000.0,
                conflict: true,
                figures: vec![
                    SourceFigure {
                        source: "A".into(),
                        doc_id: "a".into(),
                        value: 1_100_000.0,
                        text: "1.1 million barrels".into(),
                    },
                    SourceFigure {
                        source: "B".into(),
                        doc_id: "b".into(),
                        value: 1_800_000.0,
                        text: "1.8 million barrels".into(),
                    },
                ],
            }],
            mention_ids: vec![1, 2, 3],
            location: None,
            avg_tone: None,
        }
    }

    /// A one-sided event: `Haiti teachers go on strike`, no recipient.
    pub(crate) fn one_sided(id: i64) -> Event {
        let mut e = event(id);
        (e.source, e.source_country, e.source_name) = ("HTIEDU".into(), "HTI".into(), "Haiti teachers".into());
        (e.target, e.target_country, e.target_name) = (String::new(), String::new(), String::new());
        (e.cameo, e.cameo_root, e.plover, e.quad_class, e.goldstein) =
            ("143".into(), "14".into(), "PROTEST".into(), 3, -6.5);
        (e.conflict, e.disputed, e.quantities) = (false, false, Vec::new());
        e
    }

    /// An event with no source named: `a tanker bound for Venezuela was seized`.
    pub(crate) fn sourceless(id: i64) -> Event {
        let mut e = event(id);
        (e.source, e.source_country, e.source_name) = (String::new(), String::new(), String::new());
        (e.target, e.target_country, e.target_name) = ("VEN".into(), "VEN".into(), "Venezuela".into());
        e
    }
}
