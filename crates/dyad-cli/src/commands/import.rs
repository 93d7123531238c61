//! `dyad import`: a `dyad.spark` run's Parquet (`documents/`, `mentions/`,
//! `events/`) into a new store, the store `dyad ingest` builds from the same
//! corpus. A row that does not read is reported with its file and row and
//! left out; the rest is imported, and the exit status is 1.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use dyad_engine::{ImportedDocument, ImportedEvent, Signature, Store};
use dyad_export::arrow::{event_from_row, json_rows, mention_from_row};
use dyad_types::{Article, Mention, PartialDate};
use serde_json::{Map, Value};

use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The directory `dyad.spark.ingest` wrote: `documents/`, `mentions/`
    /// and `events/` (Parquet, partitioned or not).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The store file to create; it must not hold documents yet.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    db: PathBuf,
}

/// A document row as `dyad.spark` writes it.
#[derive(serde::Deserialize)]
struct DocRow {
    id: Option<String>,
    hash: Option<String>,
    error: Option<String>,
    cluster: Option<i64>,
    seq: Option<i64>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    dateline: Option<String>,
    sentences: Option<i64>,
    tone: Option<f32>,
    signature: Option<Vec<i64>>,
    shingles: Option<i64>,
}

/// Rows that did not read, each named by file and row (1-based).
#[derive(Default)]
struct Bad(usize);

impl Bad {
    fn row(&mut self, at: &str, what: &str) {
        self.0 += 1;
        messages::warning(&format!("{at}: {what} (not imported)"));
    }
}

/// A row read as JSON, or why it does not read, with where it was read
/// from (`file: row n`).
type Row = (String, Result<Map<String, Value>, String>);

/// Every row of a table's Parquet files; a file that does not open is an
/// error of the command.
fn rows(dir: &Path, table: &str) -> anyhow::Result<Vec<Row>> {
    let path = dir.join(table);
    let files = dyad_export::parquet::files(&path).with_context(|| format!("reading {}", path.display()))?;
    if files.is_empty() {
        anyhow::bail!("no Parquet files in {}", path.display());
    }
    let mut out = Vec::new();
    for f in files {
        let mut n = 0;
        for batch in dyad_export::parquet::batches(&f).with_context(|| format!("reading {}", f.display()))? {
            let batch = batch.with_context(|| format!("reading {}", f.display()))?;
            for row in json_rows(&batch) {
                n += 1;
                out.push((format!("{}: row {n}", f.display()), row));
            }
        }
    }
    Ok(out)
}

/// A column a kept document must have.
fn need<T>(v: Option<T>, what: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("no {what}"))
}

/// A kept document row as the engine imports it; `Ok(None)` for a row the
/// run did not keep (an input row with an error, an exact copy).
fn document(origin: String, row: Map<String, Value>) -> Result<Option<(i64, ImportedDocument)>, String> {
    let r: DocRow = serde_json::from_value(Value::Object(row)).map_err(|e| e.to_string())?;
    if r.error.is_some() || r.cluster.is_none() {
        return Ok(None);
    }
    let text = need(r.text, "text")?;
    let hash = need(r.hash, "hash")?;
    if dyad_engine::content_hash(&text) != hash {
        return Err(format!("the hash {hash} is not the text's"));
    }
    let signature = Signature::from_ints(&need(r.signature, "signature")?, need(r.shingles, "shingles")?)?;
    let date = match r.date {
        Some(d) => {
            Some(PartialDate::parse(&d).ok_or_else(|| format!("date `{d}` is not YYYY, YYYY-MM or YYYY-MM-DD"))?)
        }
        None => None,
    };
    let sentences = usize::try_from(need(r.sentences, "sentences")?).map_err(|_| "a negative sentence count")?;
    let article = Article {
        id: need(r.id, "id")?,
        text,
        title: r.title,
        date,
        source: r.source,
        url: r.url,
        dateline: r.dateline,
        ..Article::default()
    };
    let doc = ImportedDocument {
        article,
        origin: origin.clone(),
        hash,
        sentences,
        tone: r.tone,
        signature,
        cluster: need(r.cluster, "cluster")?,
    };
    Ok(Some((need(r.seq, "seq (the read order)")?, doc)))
}

pub(crate) fn run(args: ImportArgs) -> anyhow::Result<Status> {
    let start = Instant::now();
    let mut bad = Bad::default();
    let mut docs = Vec::new();
    let mut not_kept = 0;
    for (at, row) in rows(&args.dir, "documents")? {
        match row.and_then(|row| document(at.clone(), row)) {
            Ok(Some(d)) => docs.push(d),
            Ok(None) => not_kept += 1,
            Err(e) => bad.row(&at, &e),
        }
    }
    // The order the documents were read in: store ids follow it.
    docs.sort_by_key(|(seq, _)| *seq);
    let docs: Vec<ImportedDocument> = docs.into_iter().map(|(_, d)| d).collect();
    let mut mentions: HashMap<i64, Mention> = HashMap::new();
    let mut mention_rows: HashMap<i64, String> = HashMap::new();
    for (at, row) in rows(&args.dir, "mentions")? {
        match row.and_then(mention_from_row) {
            Ok((Some(id), m)) => {
                if let Some(first) = mention_rows.get(&id) {
                    bad.row(&at, &format!("mention id {id} again (first at {first})"));
                } else {
                    mention_rows.insert(id, at);
                    mentions.insert(id, m);
                }
            }
            Ok((None, _)) => bad.row(&at, "a mention without an id"),
            Err(e) => bad.row(&at, &e),
        }
    }
    let mut events = Vec::new();
    for (at, row) in rows(&args.dir, "events")? {
        let key = row.as_ref().ok().and_then(|r| r.get("key")).and_then(Value::as_str).map(str::to_string);
        match (key, row.and_then(event_from_row)) {
            (Some(key), Ok(event)) => events.push(ImportedEvent { key, event, origin: at }),
            (None, Ok(_)) => bad.row(&at, "an event without its fusion key"),
            (_, Err(e)) => bad.row(&at, &e),
        }
    }
    let mut store = Store::open(&args.db).with_context(|| format!("opening {}", args.db.display()))?;
    if store.stats()?.documents > 0 {
        anyhow::bail!(
            "{} already holds documents: import into a new store (dyad ingest adds to one)",
            args.db.display()
        );
    }
    let report = dyad_engine::import(&mut store, &docs, mentions, events)
        .with_context(|| format!("importing into {}", args.db.display()))?;
    for id in &report.orphan_mentions {
        bad.row(&mention_rows[id], &format!("mention {id} belongs to no document imported"));
    }
    for (at, e) in &report.bad_events {
        bad.row(at, e);
    }
    messages::info(&format!(
        "{}: {} documents ({} rows not kept by the run), {} mentions, {} events imported into {}; {} bad rows ({:.1} s)",
        args.dir.display(),
        report.documents,
        not_kept,
        report.mentions,
        report.events,
        args.db.display(),
        bad.0,
        start.elapsed().as_secs_f64()
    ));
    Ok(if bad.0 > 0 { Status::Rejected } else { Status::Ok })
}
