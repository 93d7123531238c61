//! Parquet: an events table and a mentions table, with typed columns.
//!
//! Rows are buffered by column and written in row groups of
//! [`ROW_GROUP`] rows, so memory stays bounded on any store size. A side a
//! one-sided event does not name (its recipient, or its source) is null.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use dyad_types::{Event, Mention};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, FloatType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::Result;

/// Rows per row group.
pub const ROW_GROUP: usize = 65_536;

/// The events table's schema.
pub const EVENTS_SCHEMA: &str = "message events {
    REQUIRED INT64 id;
    OPTIONAL BYTE_ARRAY date (UTF8);
    OPTIONAL BYTE_ARRAY date_precision (UTF8);
    OPTIONAL BYTE_ARRAY source (UTF8);
    OPTIONAL BYTE_ARRAY source_country (UTF8);
    OPTIONAL BYTE_ARRAY source_name (UTF8);
    OPTIONAL BYTE_ARRAY target (UTF8);
    OPTIONAL BYTE_ARRAY target_country (UTF8);
    OPTIONAL BYTE_ARRAY target_name (UTF8);
    REQUIRED BYTE_ARRAY cameo (UTF8);
    REQUIRED BYTE_ARRAY plover (UTF8);
    REQUIRED INT32 quad_class;
    REQUIRED FLOAT goldstein;
    REQUIRED INT32 num_mentions;
    REQUIRED INT32 num_sources;
    REQUIRED INT32 num_articles;
    REQUIRED BYTE_ARRAY modality (UTF8);
    REQUIRED BOOLEAN disputed;
    REQUIRED BOOLEAN conflict;
    OPTIONAL BYTE_ARRAY first_report (UTF8);
    OPTIONAL BYTE_ARRAY last_report (UTF8);
    OPTIONAL BYTE_ARRAY source_url (UTF8);
    REQUIRED BYTE_ARRAY quantities_json (UTF8);
}";

/// The mentions table's schema.
pub const MENTIONS_SCHEMA: &str = "message mentions {
    REQUIRED INT64 id;
    REQUIRED BYTE_ARRAY doc_id (UTF8);
    REQUIRED INT64 sentence;
    REQUIRED INT64 span_start;
    REQUIRED INT64 span_end;
    REQUIRED BYTE_ARRAY text (UTF8);
    OPTIONAL BYTE_ARRAY source (UTF8);
    OPTIONAL BYTE_ARRAY target (UTF8);
    REQUIRED BYTE_ARRAY cameo (UTF8);
    REQUIRED BYTE_ARRAY plover (UTF8);
    REQUIRED INT32 quad_class;
    REQUIRED FLOAT goldstein;
    OPTIONAL BYTE_ARRAY date (UTF8);
    REQUIRED BYTE_ARRAY date_basis (UTF8);
    REQUIRED BYTE_ARRAY modality (UTF8);
    REQUIRED BYTE_ARRAY quantities_json (UTF8);
    REQUIRED BYTE_ARRAY verb (UTF8);
    REQUIRED BYTE_ARRAY pattern (UTF8);
}";

/// One column's buffered values.
enum Col {
    I64(Vec<i64>),
    I32(Vec<i32>),
    F32(Vec<f32>),
    Bool(Vec<bool>),
    /// Values of the non-null rows, and a definition level per row (1 = present).
    Str(Vec<ByteArray>, Vec<i16>, bool),
}

impl Col {
    fn clear(&mut self) {
        match self {
            Col::I64(v) => v.clear(),
            Col::I32(v) => v.clear(),
            Col::F32(v) => v.clear(),
            Col::Bool(v) => v.clear(),
            Col::Str(v, d, _) => {
                v.clear();
                d.clear();
            }
        }
    }
}

/// An actor field: null when the event has no actor on that side.
fn actor_field(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// A value for a column.
enum Val<'a> {
    I64(i64),
    I32(i32),
    F32(f32),
    Bool(bool),
    Str(Option<&'a str>),
}

/// Buffers rows and writes them in row groups.
struct Table {
    writer: SerializedFileWriter<File>,
    cols: Vec<Col>,
    rows: usize,
}

impl Table {
    fn create(path: &Path, schema: &str) -> Result<Table> {
        let schema = Arc::new(parse_message_type(schema)?);
        let cols = schema
            .get_fields()
            .iter()
            .map(|f| {
                let optional = f.get_basic_info().repetition() == parquet::basic::Repetition::OPTIONAL;
                match f.get_physical_type() {
                    parquet::basic::Type::INT64 => Col::I64(Vec::new()),
                    parquet::basic::Type::INT32 => Col::I32(Vec::new()),
                    parquet::basic::Type::FLOAT => Col::F32(Vec::new()),
                    parquet::basic::Type::BOOLEAN => Col::Bool(Vec::new()),
                    _ => Col::Str(Vec::new(), Vec::new(), optional),
                }
            })
            .collect();
        let props =
            Arc::new(WriterProperties::builder().set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION"))).build());
        let writer = SerializedFileWriter::new(File::create(path)?, schema, props)?;
        Ok(Table { writer, cols, rows: 0 })
    }

    fn push(&mut self, row: &[Val<'_>]) -> Result<()> {
        for (c, v) in self.cols.iter_mut().zip(row) {
            match (c, v) {
                (Col::I64(c), Val::I64(v)) => c.push(*v),
                (Col::I32(c), Val::I32(v)) => c.push(*v),
                (Col::F32(c), Val::F32(v)) => c.push(*v),
                (Col::Bool(c), Val::Bool(v)) => c.push(*v),
                (Col::Str(c, d, _), Val::Str(v)) => {
                    d.push(i16::from(v.is_some()));
                    if let Some(s) = v {
                        c.push(ByteArray::from(s.as_bytes().to_vec()));
                    }
                }
                _ => unreachable!("row does not match the schema"),
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let mut rg = self.writer.next_row_group()?;
        let mut i = 0;
        while let Some(mut w) = rg.next_column()? {
            match &self.cols[i] {
                Col::I64(v) => {
                    w.typed::<Int64Type>().write_batch(v, None, None)?;
                }
                Col::I32(v) => {
                    w.typed::<Int32Type>().write_batch(v, None, None)?;
                }
                Col::F32(v) => {
                    w.typed::<FloatType>().write_batch(v, None, None)?;
                }
                Col::Bool(v) => {
                    w.typed::<BoolType>().write_batch(v, None, None)?;
                }
                Col::Str(v, d, optional) => {
                    w.typed::<ByteArrayType>().write_batch(v, optional.then_some(d.as_slice()), None)?;
                }
            }
            w.close()?;
            i += 1;
        }
        rg.close()?;
        for c in &mut self.cols {
            c.clear();
        }
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

/// Writes the events table.
pub struct EventsParquet {
    table: Table,
}

impl EventsParquet {
    /// Creates the file.
    pub fn create(path: &Path) -> Result<EventsParquet> {
        Ok(EventsParquet { table: Table::create(path, EVENTS_SCHEMA)? })
    }

    /// Adds an event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        let date = e.date.map(|d| d.to_string());
        let first = e.first_report.map(|d| d.to_string());
        let last = e.last_report.map(|d| d.to_string());
        let q = serde_json::to_string(&e.quantities)?;
        self.table.push(&[
            Val::I64(e.id),
            Val::Str(date.as_deref()),
            Val::Str(e.date_precision.map(|p| p.as_str())),
            Val::Str(actor_field(&e.source)),
            Val::Str(actor_field(&e.source_country)),
            Val::Str(actor_field(&e.source_name)),
            Val::Str(actor_field(&e.target)),
            Val::Str(actor_field(&e.target_country)),
            Val::Str(actor_field(&e.target_name)),
            Val::Str(Some(&e.cameo)),
            Val::Str(Some(&e.plover)),
            Val::I32(i32::from(e.quad_class)),
            Val::F32(e.goldstein),
            Val::I32(e.num_mentions as i32),
            Val::I32(e.num_sources as i32),
            Val::I32(e.num_articles as i32),
            Val::Str(Some(e.modality.as_str())),
            Val::Bool(e.disputed),
            Val::Bool(e.conflict),
            Val::Str(first.as_deref()),
            Val::Str(last.as_deref()),
            Val::Str(e.source_url.as_deref()),
            Val::Str(Some(&q)),
        ])
    }

    /// Writes the last row group and the footer.
    pub fn finish(self) -> Result<()> {
        self.table.close()
    }
}

/// Writes the mentions table.
pub struct MentionsParquet {
    table: Table,
}

impl MentionsParquet {
    /// Creates the file.
    pub fn create(path: &Path) -> Result<MentionsParquet> {
        Ok(MentionsParquet { table: Table::create(path, MENTIONS_SCHEMA)? })
    }

    /// Adds a mention (with its store id).
    pub fn write(&mut self, id: i64, m: &Mention) -> Result<()> {
        let codes = |v: &[dyad_types::ActorRef]| v.iter().map(|a| a.code.as_str()).collect::<Vec<_>>().join(";");
        let (source, target) = (codes(&m.source), codes(&m.target));
        let date = m.date.map(|d| d.to_string());
        let q = serde_json::to_string(&m.quantities)?;
        self.table.push(&[
            Val::I64(id),
            Val::Str(Some(&m.doc_id)),
            Val::I64(m.sentence as i64),
            Val::I64(m.span.start as i64),
            Val::I64(m.span.end as i64),
            Val::Str(Some(&m.text)),
            Val::Str(actor_field(&source)),
            Val::Str(actor_field(&target)),
            Val::Str(Some(&m.cameo)),
            Val::Str(Some(&m.plover)),
            Val::I32(i32::from(m.quad_class)),
            Val::F32(m.goldstein),
            Val::Str(date.as_deref()),
            Val::Str(Some(m.date_basis.as_str())),
            Val::Str(Some(m.modality.as_str())),
            Val::Str(Some(&q)),
            Val::Str(Some(&m.evidence.verb)),
            Val::Str(Some(&m.evidence.pattern)),
        ])
    }

    /// Writes the last row group and the footer.
    pub fn finish(self) -> Result<()> {
        self.table.close()
    }
}

/// The mentions file that goes with an events file: `x.parquet` → `x.mentions.parquet`.
pub fn mentions_path(events: &Path) -> std::path::PathBuf {
    let stem = events.file_stem().map_or_else(|| "events".into(), |s| s.to_string_lossy().into_owned());
    events.with_file_name(format!("{stem}.mentions.parquet"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn events_read_back_with_their_types() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.parquet");
        let mut w = EventsParquet::create(&path).unwrap();
        let mut undated = crate::testdata::event(2);
        undated.date = None;
        w.write(&crate::testdata::event(1)).unwrap();
        w.write(&undated).unwrap();
        w.finish().unwrap();
        let r = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        assert_eq!(r.metadata().file_metadata().num_rows(), 2);
        let rows: Vec<_> = r.get_row_iter(None).unwrap().map(|r| r.unwrap()).collect();
        let first = rows[0].to_string();
        assert!(first.contains("id: 1"), "{first}");
        assert!(first.contains("date: \"2020-08-14\""), "{first}");
        assert!(first.contains("goldstein: -9.2"), "{first}");
        assert!(first.contains("disputed: true"), "{first}");
        assert!(rows[1].to_string().contains("date: null"), "{}", rows[1]);
        assert_eq!(mentions_path(&path), dir.path().join("events.mentions.parquet"));
    }

    #[test]
    fn a_missing_side_is_null() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.parquet");
        let mut w = EventsParquet::create(&path).unwrap();
        w.write(&crate::testdata::one_sided(1)).unwrap();
        w.write(&crate::testdata::sourceless(2)).unwrap();
        w.finish().unwrap();
        let r = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
        let rows: Vec<String> = r.get_row_iter(None).unwrap().map(|r| r.unwrap().to_string()).collect();
        assert!(
            rows[0].contains(r#"source: "HTIEDU", source_country: "HTI", source_name: "Haiti teachers", target: null, target_country: null, target_name: null"#),
            "{}",
            rows[0]
        );
        assert!(
            rows[1].contains(
                r#"source: null, source_country: null, source_name: null, target: "VEN", target_country: "VEN""#
            ),
            "{}",
            rows[1]
        );
    }
}
