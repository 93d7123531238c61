//! PLOVER JSON: one event per line, with the PLOVER manual's field names.

use std::io::Write;

use dyad_types::Event;
use serde_json::json;

use crate::Result;

/// Writes events as PLOVER JSON lines.
pub struct PloverWriter<W: Write> {
    out: W,
}

impl<W: Write> PloverWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> PloverWriter<W> {
        PloverWriter { out }
    }

    /// Writes one event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        // A side the event does not name (a one-sided event's recipient) is null.
        let entity = |code: &str, country: &str, text: &str| {
            if code.is_empty() && country.is_empty() {
                return serde_json::Value::Null;
            }
            let sector = code.get(country.len()..).unwrap_or("");
            json!([{ "code": country, "sector": sector, "actor_code": code, "entity_text": text }])
        };
        let record = json!({
            "id": format!("dyad-{}", e.id),
            "date": e.date.map(|d| d.to_string()),
            "date_precision": e.date_precision.map(|p| p.as_str()),
            "actor": entity(&e.source, &e.source_country, &e.source_name),
            "recipient": entity(&e.target, &e.target_country, &e.target_name),
            "event": if e.plover.is_empty() { vec![] } else { vec![e.plover.clone()] },
            "quad_code": e.quad_class,
            "event_scale": e.goldstein,
            "cameo": e.cameo,
            "modality": e.modality.as_str(),
            "disputed": e.disputed,
            "conflict": e.conflict,
            "num_mentions": e.num_mentions,
            "num_sources": e.num_sources,
            "num_articles": e.num_articles,
            "first_report": e.first_report.map(|d| d.to_string()),
            "last_report": e.last_report.map(|d| d.to_string()),
            "quantities": e.quantities,
            "cite_info": { "url": e.source_url },
            "coder": concat!("dyad ", env!("CARGO_PKG_VERSION")),
        });
        serde_json::to_writer(&mut self.out, &record)?;
        self.out.write_all(b"\n")?;
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
    fn records_use_plover_field_names() {
        let mut w = PloverWriter::new(Vec::new());
        w.write(&crate::testdata::event(7)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&w.out).unwrap();
        assert_eq!(v["id"], "dyad-7");
        assert_eq!(v["date"], "2020-08-14");
        assert_eq!(v["actor"][0]["code"], "USA");
        assert_eq!(v["actor"][0]["sector"], "GOV");
        assert_eq!(v["recipient"][0]["code"], "IRN");
        assert_eq!(v["event"][0], "COERCE");
        assert_eq!(v["quad_code"], 4);
        assert_eq!(v["quantities"][0]["figures"][1]["value"], 1_800_000.0);
    }

    #[test]
    fn a_missing_side_is_null() {
        let mut w = PloverWriter::new(Vec::new());
        w.write(&crate::testdata::one_sided(8)).unwrap();
        w.write(&crate::testdata::sourceless(9)).unwrap();
        let lines: Vec<serde_json::Value> = w
            .out
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(
            lines[0]["actor"],
            json!([{ "code": "HTI", "sector": "EDU", "actor_code": "HTIEDU", "entity_text": "Haiti teachers" }])
        );
        assert_eq!(lines[0]["recipient"], serde_json::Value::Null);
        assert_eq!(lines[0]["event"], json!(["PROTEST"]));
        assert_eq!(lines[1]["actor"], serde_json::Value::Null);
        assert_eq!(lines[1]["recipient"][0]["code"], "VEN");
    }
}
