//! CSV: one row per event, text cells defused for spreadsheets.

use std::io::Write;

use dyad_types::Event;

use crate::{figures, safe_cell, Result};

/// The CSV columns.
pub const COLUMNS: [&str; 22] = [
    "id",
    "date",
    "date_precision",
    "source",
    "source_country",
    "source_name",
    "target",
    "target_country",
    "target_name",
    "cameo",
    "cameo_root",
    "plover",
    "quad_class",
    "goldstein",
    "num_mentions",
    "num_sources",
    "num_articles",
    "modality",
    "disputed",
    "conflict",
    "figures",
    "source_url",
];

/// Writes events as CSV rows.
pub struct CsvWriter<W: Write> {
    out: ::csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// A writer over `out`; writes the header.
    pub fn new(out: W) -> Result<CsvWriter<W>> {
        let mut out = ::csv::Writer::from_writer(out);
        out.write_record(COLUMNS)?;
        Ok(CsvWriter { out })
    }

    /// Writes one event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        self.out.write_record([
            e.id.to_string(),
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            e.date_precision.map(|p| p.as_str().to_string()).unwrap_or_default(),
            safe_cell(&e.source),
            safe_cell(&e.source_country),
            safe_cell(&e.source_name),
            safe_cell(&e.target),
            safe_cell(&e.target_country),
            safe_cell(&e.target_name),
            e.cameo.clone(),
            e.cameo_root.clone(),
            e.plover.clone(),
            e.quad_class.to_string(),
            format!("{:.1}", e.goldstein),
            e.num_mentions.to_string(),
            e.num_sources.to_string(),
            e.num_articles.to_string(),
            e.modality.as_str().to_string(),
            e.disputed.to_string(),
            e.conflict.to_string(),
            safe_cell(&figures(e)),
            safe_cell(e.source_url.as_deref().unwrap_or("")),
        ])?;
        Ok(())
    }

    /// Flushes the output.
    pub fn finish(mut self) -> Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused() {
        let mut w = CsvWriter::new(Vec::new()).unwrap();
        w.write(&crate::testdata::event(1)).unwrap();
        let out = String::from_utf8(w.out.into_inner().unwrap()).unwrap();
        assert!(out.contains(",'=Iranian tankers,"), "{out}");
        assert!(out.contains("-9.2"), "numbers are not defused: {out}");
        assert!(out.contains("barrel CONFLICT [A 1100000; B 1800000]"), "{out}");
    }

    #[test]
    fn a_missing_side_is_empty_cells() {
        let mut w = CsvWriter::new(Vec::new()).unwrap();
        w.write(&crate::testdata::one_sided(1)).unwrap();
        let out = String::from_utf8(w.out.into_inner().unwrap()).unwrap();
        let row = out.lines().nth(1).unwrap();
        assert_eq!(
            row,
            "1,2020-08-14,day,HTIEDU,HTI,Haiti teachers,,,,143,14,PROTEST,3,-6.5,3,2,2,asserted,false,false,,https://wire.example/a"
        );
    }
}
