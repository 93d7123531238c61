//! Parquet: an events table and a mentions table, with typed nested
//! columns: the Arrow schema of [`crate::arrow`], written by parquet's
//! Arrow writer, so a Parquet file and the Python package's Arrow tables
//! have the same columns.
//!
//! Rows are buffered and written in row groups of [`ROW_GROUP`] rows, so
//! memory stays bounded on any store size. A side a one-sided event does
//! not name (its recipient, or its source) is null.
//!
//! [`files`] and [`batches`] read a Parquet dataset back (a directory as
//! Spark writes it, Hive partitions and all), a file's batches at a time.

use std::fs::File;
use std::path::Path;

use arrow_array::RecordBatch;
use arrow_schema::{ArrowError, SchemaRef};
use dyad_types::{Event, Mention};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

use crate::arrow::{event_schema, events_batch, mention_schema, mentions_batch};
use crate::Result;

/// Rows per row group.
pub const ROW_GROUP: usize = 65_536;

/// Rows buffered and written a row group at a time.
struct Table<R> {
    writer: ArrowWriter<File>,
    rows: Vec<R>,
    batch: fn(&[R]) -> std::result::Result<RecordBatch, ArrowError>,
}

impl<R> Table<R> {
    fn create(
        path: &Path,
        schema: SchemaRef,
        batch: fn(&[R]) -> std::result::Result<RecordBatch, ArrowError>,
    ) -> Result<Table<R>> {
        let props = WriterProperties::builder()
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .build();
        let writer = ArrowWriter::try_new(File::create(path)?, schema, Some(props))?;
        Ok(Table { writer, rows: Vec::new(), batch })
    }

    fn push(&mut self, row: R) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if !self.rows.is_empty() {
            self.writer.write(&(self.batch)(&self.rows)?)?;
            self.rows.clear();
        }
        Ok(())
    }

    fn finish(mut self) -> Result<()> {
        self.flush()?;
        self.writer.close()?;
        Ok(())
    }
}

/// Writes the events table ([`crate::arrow::event_schema`]).
pub struct EventsParquet(Table<Event>);

impl EventsParquet {
    /// Creates the file.
    pub fn create(path: &Path) -> Result<EventsParquet> {
        Ok(EventsParquet(Table::create(path, event_schema(), events_batch)?))
    }

    /// Adds an event.
    pub fn write(&mut self, e: &Event) -> Result<()> {
        self.0.push(e.clone())
    }

    /// Writes the last row group and the footer.
    pub fn finish(self) -> Result<()> {
        self.0.finish()
    }
}

fn stored_mentions(rows: &[(i64, Mention)]) -> std::result::Result<RecordBatch, ArrowError> {
    let rows: Vec<(Option<i64>, &Mention)> = rows.iter().map(|(i, m)| (Some(*i), m)).collect();
    mentions_batch(&rows)
}

/// Writes the mentions table ([`crate::arrow::mention_schema`]).
pub struct MentionsParquet(Table<(i64, Mention)>);

impl MentionsParquet {
    /// Creates the file.
    pub fn create(path: &Path) -> Result<MentionsParquet> {
        Ok(MentionsParquet(Table::create(path, mention_schema(), stored_mentions)?))
    }

    /// Adds a mention (with its store id).
    pub fn write(&mut self, id: i64, m: &Mention) -> Result<()> {
        self.0.push((id, m.clone()))
    }

    /// Writes the last row group and the footer.
    pub fn finish(self) -> Result<()> {
        self.0.finish()
    }
}

/// The mentions file that goes with an events file: `x.parquet` → `x.mentions.parquet`.
pub fn mentions_path(events: &Path) -> std::path::PathBuf {
    let stem = events.file_stem().map_or_else(|| "events".into(), |s| s.to_string_lossy().into_owned());
    events.with_file_name(format!("{stem}.mentions.parquet"))
}

/// The Parquet files of a dataset, sorted: `path` itself when it is a file,
/// else every `*.parquet` under it at any depth (Hive partitions such as
/// `year_month=2020-05/`). Hidden files and Spark's `_SUCCESS` and `.crc`
/// files are left out.
pub fn files(path: &Path) -> Result<Vec<std::path::PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let p = entry?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with(['.', '_']) {
                continue;
            }
            if p.is_dir() {
                dirs.push(p);
            } else if name.ends_with(".parquet") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The record batches of one Parquet file, read as they are needed.
pub fn batches(path: &Path) -> Result<impl Iterator<Item = Result<RecordBatch>>> {
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(File::open(path)?)?.build()?;
    Ok(reader.map(|b| b.map_err(crate::Error::from)))
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
        // And read back through Arrow, the same events.
        assert_eq!(files(dir.path()).unwrap(), vec![path.clone()]);
        let back: Vec<Event> = batches(&path)
            .unwrap()
            .flat_map(|b| crate::arrow::events_from_batch(&b.unwrap()))
            .map(|e| e.unwrap())
            .collect();
        assert_eq!(back, vec![crate::testdata::event(1), undated]);
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
