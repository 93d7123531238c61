//! Output formats for mentions: JSONL (the full record), CSV and TSV (flat).

use std::io::{self, Write};

use dyad_types::{ActorRef, Mention};

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// One JSON object per line, with every field.
    Jsonl,
    /// Comma-separated, one row per mention.
    Csv,
    /// Tab-separated, one row per mention.
    Tsv,
}

/// The flat columns of CSV and TSV output.
pub(crate) const COLUMNS: &[&str] = &[
    "doc_id",
    "sentence",
    "span_start",
    "span_end",
    "source_code",
    "source_country",
    "source_sector",
    "source_text",
    "target_code",
    "target_country",
    "target_sector",
    "target_text",
    "cameo",
    "cameo_root",
    "plover",
    "quad_class",
    "goldstein",
    "date",
    "date_precision",
    "date_basis",
    "modality",
    "confidence",
    "quantities",
    "verb",
    "pattern",
    "attribution",
    "text",
];

/// Writes mentions in one format.
pub(crate) enum MentionWriter<W: Write> {
    Jsonl(W),
    Delimited(Box<csv::Writer<W>>),
}

impl<W: Write> MentionWriter<W> {
    pub(crate) fn new(w: W, format: Format) -> io::Result<MentionWriter<W>> {
        Ok(match format {
            Format::Jsonl => MentionWriter::Jsonl(w),
            Format::Csv | Format::Tsv => {
                let delim = if format == Format::Csv { b',' } else { b'\t' };
                let mut c = csv::WriterBuilder::new().delimiter(delim).from_writer(w);
                c.write_record(COLUMNS).map_err(io::Error::other)?;
                MentionWriter::Delimited(Box::new(c))
            }
        })
    }

    pub(crate) fn write(&mut self, m: &Mention) -> io::Result<()> {
        match self {
            MentionWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, m).map_err(io::Error::other)?;
                w.write_all(b"\n")
            }
            MentionWriter::Delimited(c) => c.write_record(row(m)).map_err(io::Error::other),
        }
    }

    pub(crate) fn finish(self) -> io::Result<()> {
        match self {
            MentionWriter::Jsonl(mut w) => w.flush(),
            MentionWriter::Delimited(mut c) => c.flush(),
        }
    }
}

fn join(actors: &[ActorRef], f: impl Fn(&ActorRef) -> &str) -> String {
    actors.iter().map(f).collect::<Vec<_>>().join(";")
}

/// A text cell made safe for spreadsheets: a leading `= + - @` would be read
/// as a formula.
pub(crate) fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn row(m: &Mention) -> Vec<String> {
    vec![
        safe_cell(&m.doc_id),
        m.sentence.to_string(),
        m.span.start.to_string(),
        m.span.end.to_string(),
        join(&m.source, |a| &a.code),
        join(&m.source, |a| &a.country),
        join(&m.source, |a| &a.sector),
        safe_cell(&join(&m.source, |a| &a.text)),
        join(&m.target, |a| &a.code),
        join(&m.target, |a| &a.country),
        join(&m.target, |a| &a.sector),
        safe_cell(&join(&m.target, |a| &a.text)),
        m.cameo.clone(),
        m.cameo_root.clone(),
        m.plover.clone(),
        m.quad_class.to_string(),
        format!("{:.1}", m.goldstein),
        m.date.map(|d| d.to_string()).unwrap_or_default(),
        m.date_precision.map(|p| p.as_str().to_string()).unwrap_or_default(),
        m.date_basis.as_str().to_string(),
        m.modality.as_str().to_string(),
        format!("{:.2}", m.confidence),
        m.quantities.iter().map(|q| format!("{} {}", q.value, q.unit)).collect::<Vec<_>>().join(";"),
        safe_cell(&m.evidence.verb),
        safe_cell(&m.evidence.pattern),
        safe_cell(m.evidence.attribution.as_deref().unwrap_or("")),
        safe_cell(&m.text),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::{DateBasis, Evidence, Modality, PartialDate, Span};

    /// `Haiti teachers go on strike.`: a one-sided mention, no target; with
    /// `sourceless`, the source is the side left out instead.
    fn strike(sourceless: bool) -> Mention {
        let actor = ActorRef {
            text: "Haiti teachers".into(),
            code: "HTIEDU".into(),
            country: "HTI".into(),
            sector: "EDU".into(),
            span: Span::new(0, 14),
        };
        let (source, target) = if sourceless { (vec![], vec![actor]) } else { (vec![actor], vec![]) };
        Mention {
            doc_id: "haiti".into(),
            sentence: 0,
            text: "Haiti teachers go on strike.".into(),
            span: Span::new(0, 28),
            source,
            target,
            cameo: "143".into(),
            cameo_root: "14".into(),
            plover: "PROTEST".into(),
            quad_class: 3,
            goldstein: -6.5,
            date: PartialDate::parse("2021-03-02"),
            date_precision: PartialDate::parse("2021-03-02").map(|d| d.precision()),
            date_basis: DateBasis::Document,
            modality: Modality::Asserted,
            confidence: 0.0,
            quantities: Vec::new(),
            evidence: Evidence { verb: "strike".into(), verb_span: Span::new(21, 27), ..Evidence::default() },
            location: None,
        }
    }

    fn written(format: Format, m: &Mention) -> String {
        let mut w = MentionWriter::new(Vec::new(), format).unwrap();
        w.write(m).unwrap();
        match w {
            MentionWriter::Jsonl(out) => String::from_utf8(out).unwrap(),
            MentionWriter::Delimited(c) => String::from_utf8(c.into_inner().unwrap()).unwrap(),
        }
    }

    #[test]
    fn an_empty_side_is_an_empty_list_or_empty_cells() {
        let json: serde_json::Value = serde_json::from_str(&written(Format::Jsonl, &strike(false))).unwrap();
        assert_eq!(json["target"], serde_json::json!([]));
        assert_eq!(json["source"][0]["code"], "HTIEDU");
        let json: serde_json::Value = serde_json::from_str(&written(Format::Jsonl, &strike(true))).unwrap();
        assert_eq!(json["source"], serde_json::json!([]));
        let csv = written(Format::Csv, &strike(false));
        assert_eq!(
            csv.lines().nth(1).unwrap(),
            "haiti,0,0,28,HTIEDU,HTI,EDU,Haiti teachers,,,,,143,14,PROTEST,3,-6.5,2021-03-02,day,document,asserted,0.00,,strike,,,Haiti teachers go on strike."
        );
        let tsv = written(Format::Tsv, &strike(true));
        let cells: Vec<&str> = tsv.lines().nth(1).unwrap().split('\t').collect();
        assert_eq!(cells.len(), COLUMNS.len());
        assert_eq!(&cells[4..12], ["", "", "", "", "HTIEDU", "HTI", "EDU", "Haiti teachers"]);
    }

    #[test]
    fn formula_cells_are_defused() {
        assert_eq!(safe_cell("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(safe_cell("-2+3"), "'-2+3");
        assert_eq!(safe_cell("Iran"), "Iran");
    }
}
