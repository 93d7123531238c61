//! The `store` stage: one SQLite file holding documents, mentions, dyads and
//! fused events. Only this crate speaks SQL.
//!
//! - [`Store::open`] creates the file on first use, in WAL mode, and brings
//!   its schema up to date (`schema.rs`, one migration per version).
//! - Writing goes through a [`Tx`]: the engine inserts a batch of documents,
//!   their mentions and dyads, asks for near-duplicate candidates, and
//!   replaces the events of the fusion keys the batch touched; nothing is
//!   visible until [`Tx::commit`]. A process killed at any moment leaves the
//!   last committed batch and a consistent file (SQLite's journal).
//! - Reading: [`Store::events`] with filters and a cursor,
//!   [`Store::event`] with its mentions and documents, [`Store::timeline`],
//!   [`Store::top_dyads`], [`Store::duplicate_clusters`], [`Store::stats`];
//!   [`Store::search`] over the words [`search_words`] keeps.
//! - [`checkpoint`] keeps the write-ahead log bounded from a reader process.
//!
//! Every query is parameterised; nothing from input is ever spliced into SQL.
//!
//! ```
//! let store = dyad_store::Store::open_in_memory().unwrap();
//! assert_eq!(store.stats().unwrap().documents, 0);
//! ```
#![deny(missing_docs)]

mod read;
mod rollup;
mod schema;
mod search;
mod summary;
mod wal;
mod warm;
mod write;

use std::path::Path;

use dyad_types::{
    ActorRef, DateBasis, DatePrecision, DyadRecord, Event, Evidence, FusedQuantity, Mention, Modality, PartialDate,
    Quantity, Window,
};
use rusqlite::{Connection, Row};

pub use crate::rollup::{CategoryCount, ViewCounts};
pub use crate::search::{search_words, SearchRefusal, MAX_SEARCH_WORDS};
pub use crate::summary::Coverage;
pub use crate::wal::{checkpoint, Checkpoint};
pub use crate::warm::{warm, Warmed, ROLLUPS};
pub use crate::write::{Candidate, NewDocument, NewDyad, Tx, WindowRow, CANDIDATES_PER_BAND};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored value could not be read back.
    #[error("stored data: {0}")]
    Json(#[from] serde_json::Error),
    /// The file's schema is not one this build can use.
    #[error("schema: {0}")]
    Schema(String),
    /// A query ran longer than its time limit.
    #[error("query took longer than {0:?}")]
    Timeout(std::time::Duration),
    /// The store file could not be read directly ([`warm`]).
    #[error("reading the store file: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// True when SQLite interrupted the statement (its time limit ran out).
    pub fn is_interrupted(&self) -> bool {
        matches!(self, Error::Timeout(_))
            || matches!(self, Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::OperationInterrupted)
    }
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// The store: one SQLite connection.
pub struct Store {
    conn: Connection,
    /// How long [`Store::transaction`] waits for another writer.
    write_wait: std::time::Duration,
    /// Told once when a write transaction has to wait for another writer.
    on_wait: Option<WaitCallback>,
}

/// What [`Store::on_write_wait`] calls: with the time waited so far.
type WaitCallback = Box<dyn Fn(std::time::Duration) + Send + Sync>;

/// Prepared statements a connection keeps: more than the writer uses.
const STATEMENT_CACHE: usize = 128;

/// How long a connection waits for a lock before SQLite reports it busy.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);

/// A stored document, without its text.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Default))]
pub struct DocSummary {
    /// Store id.
    pub id: i64,
    /// The id the input gave.
    pub ext_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Near-duplicate cluster (the id of its first document).
    pub cluster: i64,
    /// The dateline the input gave apart from the text (`CARACAS, May 25`).
    pub dateline: Option<String>,
}

/// A stored mention with its document.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMention {
    /// Store id.
    pub id: i64,
    /// The document.
    pub doc: DocSummary,
    /// The mention.
    pub mention: Mention,
}

/// Filters for [`Store::events`].
#[derive(Clone, Debug, Default)]
pub struct EventQuery {
    /// Source state or actor code (`IRN`, `IRNGOV`).
    pub source: Option<String>,
    /// Target state or actor code.
    pub target: Option<String>,
    /// Either side (`--actor`).
    pub actor: Option<String>,
    /// Events between two actors, in either direction.
    pub pair: Option<(String, String)>,
    /// Events whose date overlaps this range.
    pub from: Option<PartialDate>,
    /// End of the range (inclusive, at its own precision).
    pub to: Option<PartialDate>,
    /// PLOVER category.
    pub plover: Option<String>,
    /// CAMEO code prefix (`07`, `071`).
    pub cameo: Option<String>,
    /// Quad class.
    pub quad_class: Option<u8>,
    /// Modality across sources.
    pub modality: Option<Modality>,
    /// Only events whose sources disagree on figures or on whether it happened.
    pub conflicts: bool,
    /// Only events with at least one mention of this confidence or more.
    pub min_confidence: Option<f32>,
    /// Only events reported by at least this many sources (`num_sources`).
    pub min_sources: Option<u32>,
    /// Only events whose sources disagree on whether it happened (one
    /// reports it, another denies it).
    pub disputed: bool,
    /// Events located in this country (ISO3 of the place, not of the actors).
    pub place_country: Option<String>,
    /// Events located within `km` of a point: (lat, lon, km).
    pub near: Option<(f64, f64, f64)>,
    /// Only events with a location (for a map).
    pub located: bool,
    /// Page size.
    pub limit: usize,
    /// Cursor: the last (day, id) of the previous page.
    pub after: Option<(i64, i64)>,
}

/// One period of a dyad's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineBucket {
    /// `2020`, `2020-05` or `2020-05-14`.
    pub period: String,
    /// Events per quad class (1–4).
    pub quad: [u32; 4],
    /// Sum of Goldstein scores.
    pub goldstein: f64,
}

/// Timeline granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Per day.
    Day,
    /// Per month.
    Month,
    /// Per year.
    Year,
}

/// An actor pair's activity.
#[derive(Clone, Debug, PartialEq)]
pub struct DyadSummary {
    /// Source state.
    pub source: String,
    /// Target state.
    pub target: String,
    /// Events.
    pub events: u32,
    /// Mentions.
    pub mentions: u32,
    /// Sum of Goldstein scores.
    pub goldstein: f64,
}

/// What the store holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents.
    pub documents: u64,
    /// Near-duplicate clusters with more than one document.
    pub duplicate_clusters: u64,
    /// Mentions.
    pub mentions: u64,
    /// Events.
    pub events: u64,
    /// Events with conflicting figures or disputed.
    pub conflicts: u64,
}

/// What the store holds, read without counting rows: see [`Store::counts`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Mentions.
    pub mentions: u64,
    /// Events.
    pub events: u64,
    /// Events with conflicting figures or disputed.
    pub conflicts: u64,
}

/// The statements of [`Store::counts`]: none scans a table that grows
/// with the store (a test reads their query plans).
const COUNTS_SQL: [&str; 3] = [
    "SELECT coalesce(max(id), 0), 0 FROM documents",
    "SELECT coalesce(max(id), 0), 0 FROM mentions",
    "SELECT coalesce(sum(events), 0), coalesce(sum(conflicts), 0) FROM category_periods",
];

/// `day_start`/`day_end` of an undated event: it sorts after every dated one.
const UNDATED: i64 = i64::MAX;

fn date_text(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// A stored location; one that does not read (written by a newer dyad) is
/// no location rather than an error.
fn location(s: Option<String>) -> Option<dyad_types::Location> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

fn parse_date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse)
}

fn basis(s: &str) -> DateBasis {
    match s {
        "explicit" => DateBasis::Explicit,
        "relative" => DateBasis::Relative,
        "document" => DateBasis::Document,
        _ => DateBasis::Unknown,
    }
}

fn precision(s: Option<String>) -> Option<DatePrecision> {
    match s.as_deref() {
        Some("day") => Some(DatePrecision::Day),
        Some("month") => Some(DatePrecision::Month),
        Some("year") => Some(DatePrecision::Year),
        _ => None,
    }
}

const EVENT_COLUMNS: &str =
    "id, source, source_country, target, target_country, cameo, cameo_root, plover, quad_class, \
    goldstein, date, date_precision, first_report, last_report, num_mentions, num_sources, num_articles, modality, \
    disputed, conflict, quantities_json, day_start, source_name, target_name, source_url, location_json, avg_tone";

fn event_row(r: &Row<'_>) -> rusqlite::Result<(Event, Option<i64>, String)> {
    let e = Event {
        id: r.get(0)?,
        source: r.get(1)?,
        source_country: r.get(2)?,
        source_name: r.get(22)?,
        target: r.get(3)?,
        target_country: r.get(4)?,
        target_name: r.get(23)?,
        source_url: r.get(24)?,
        cameo: r.get(5)?,
        cameo_root: r.get(6)?,
        plover: r.get(7)?,
        quad_class: r.get(8)?,
        goldstein: r.get(9)?,
        date: parse_date(r.get(10)?),
        date_precision: precision(r.get(11)?),
        first_report: parse_date(r.get(12)?),
        last_report: parse_date(r.get(13)?),
        num_mentions: r.get(14)?,
        num_sources: r.get(15)?,
        num_articles: r.get(16)?,
        modality: Modality::parse(&r.get::<_, String>(17)?).unwrap_or(Modality::Asserted),
        disputed: r.get::<_, i64>(18)? != 0,
        conflict: r.get::<_, i64>(19)? != 0,
        quantities: Vec::new(),
        mention_ids: Vec::new(),
        location: location(r.get(25)?),
        avg_tone: r.get(26)?,
    };
    Ok((e, r.get(21)?, r.get(20)?))
}

const DOC_COLUMNS: &str = "d.id, d.ext_id, d.title, d.date, d.source, d.url, d.cluster, d.dateline";
/// How many columns [`DOC_COLUMNS`] selects.
const DOC_WIDTH: usize = 8;

/// Document rows ordered by cluster, grouped into clusters.
fn clusters(mut rows: rusqlite::Rows<'_>) -> Result<Vec<Vec<DocSummary>>> {
    let mut out: Vec<Vec<DocSummary>> = Vec::new();
    while let Some(r) = rows.next()? {
        let d = doc_row(r, 0)?;
        match out.last_mut() {
            Some(c) if c[0].cluster == d.cluster => c.push(d),
            _ => out.push(vec![d]),
        }
    }
    Ok(out)
}

fn doc_row(r: &Row<'_>, at: usize) -> rusqlite::Result<DocSummary> {
    Ok(DocSummary {
        id: r.get(at)?,
        ext_id: r.get(at + 1)?,
        title: r.get(at + 2)?,
        date: r.get(at + 3)?,
        source: r.get(at + 4)?,
        url: r.get(at + 5)?,
        cluster: r.get(at + 6)?,
        dateline: r.get(at + 7)?,
    })
}

/// How many columns [`MENTION_COLUMNS`] selects: the document's columns
/// follow it in joined queries.
const MENTION_WIDTH: usize = 20;

const MENTION_COLUMNS: &str =
    "m.id, m.sentence, m.span_start, m.span_end, m.text, m.source_json, m.target_json, m.cameo, \
    m.cameo_root, m.plover, m.quad_class, m.goldstein, m.date, m.date_precision, m.date_basis, m.modality, \
    m.quantities_json, m.evidence_json, m.confidence, m.location_json";

fn mention_row(r: &Row<'_>, doc_ext: String) -> Result<(i64, Mention)> {
    let m = Mention {
        doc_id: doc_ext,
        sentence: r.get::<_, i64>(1)? as usize,
        span: dyad_types::Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize),
        text: r.get(4)?,
        source: serde_json::from_str(&r.get::<_, String>(5)?)?,
        target: serde_json::from_str(&r.get::<_, String>(6)?)?,
        cameo: r.get(7)?,
        cameo_root: r.get(8)?,
        plover: r.get(9)?,
        quad_class: r.get(10)?,
        goldstein: r.get(11)?,
        date: parse_date(r.get(12)?),
        date_precision: precision(r.get(13)?),
        date_basis: basis(&r.get::<_, String>(14)?),
        modality: Modality::parse(&r.get::<_, String>(15)?).unwrap_or(Modality::Asserted),
        confidence: r.get::<_, f64>(18)? as f32,
        quantities: serde_json::from_str(&r.get::<_, String>(16)?)?,
        evidence: serde_json::from_str(&r.get::<_, String>(17)?)?,
        location: location(r.get(19)?),
    };
    Ok((r.get(0)?, m))
}

impl Store {
    /// Opens (creating if needed) a store file, in WAL mode.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        // First: two processes opening one new file wait for each other
        // from the very first statement.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL is durable across process crashes in WAL mode; only an OS
        // crash may lose the last transactions, never consistency.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -65_536)?;
        // Statement journals and the temporary table of the window
        // statements stay in memory rather than in temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        schema::migrate(&mut conn)?;
        Ok(Store::with(conn))
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Readers read pages with `pread`, not through a memory map: a
        // fault on a mapped page that is not in the OS page cache makes the
        // kernel read around it as far as the device's readahead (8 MiB on
        // the benchmark machine), so a cold network of a year, ten leaf
        // pages, read 104 MB and took 0.1-0.4 s; with `pread` it reads
        // 92 KB (bench/results/2026-12-07-aggregates.md). A 32 MiB page
        // cache per connection keeps the indexes they walk hot.
        conn.pragma_update(None, "mmap_size", 0)?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v != schema::VERSION {
            return Err(Error::Schema(format!(
                "the database is at schema version {v}; run `dyad ingest` to upgrade it"
            )));
        }
        Ok(Store::with(conn))
    }

    fn with(conn: Connection) -> Store {
        // A batch's writer runs some thirty statements per fusion key (the
        // window, the events, the rollups): with rusqlite's default of 16
        // cached statements they pushed each other out and were parsed
        // again for every key.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        Store { conn, write_wait: std::time::Duration::from_secs(600), on_wait: None }
    }

    /// Sets how long [`Store::transaction`] waits for another writer
    /// before it fails.
    pub fn set_write_wait(&mut self, limit: std::time::Duration) {
        self.write_wait = limit;
    }

    /// Sets what to do (once per transaction) when a write transaction has
    /// to wait for another writer: the CLI says so on stderr.
    pub fn on_write_wait(&mut self, f: impl Fn(std::time::Duration) + Send + Sync + 'static) {
        self.on_wait = Some(Box::new(f));
    }

    /// Runs `f` on one consistent snapshot of the store: every query inside
    /// sees the same committed state, whatever other processes commit
    /// meanwhile (a read transaction; WAL readers never block writers).
    /// Exports that read several tables (events, then mentions) use it.
    pub fn snapshot<T, E: From<Error>>(
        &self,
        f: impl FnOnce(&Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self.conn.unchecked_transaction().map_err(Error::from)?;
        // The snapshot begins with the first read: take it now.
        tx.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0)).map_err(Error::from)?;
        let out = f(self)?;
        tx.commit().map_err(Error::from)?;
        Ok(out)
    }

    /// A fresh in-memory store (tests, demos).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store::with(conn))
    }

    /// Runs `f` with a time limit: a query still running after `limit`
    /// is interrupted and `f` fails with [`Error::Timeout`] instead of hanging.
    pub fn with_timeout<T>(&self, limit: std::time::Duration, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let start = std::time::Instant::now();
        // SQLite calls the handler every 1,000 virtual machine steps; a true
        // return interrupts the running statement.
        self.conn.progress_handler(1_000, Some(move || start.elapsed() > limit));
        let out = f(self);
        self.conn.progress_handler(0, None::<fn() -> bool>);
        match out {
            Err(Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)))
                if e.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                Err(Error::Timeout(limit))
            }
            other => other,
        }
    }

    /// SQLite's integrity check: `ok`, or what is wrong.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// The counts of [`Store::stats`] without counting rows, for a health
    /// check that must stay cheap on a cold file of any size (a `count(*)`
    /// of a million mentions reads every page of an index). Documents and
    /// mentions are never deleted and each takes the next rowid (an
    /// `INTEGER PRIMARY KEY` without explicit ids), so the largest id is
    /// their number: one descent of the table's tree. Events and conflicts
    /// are the sums of the `category_periods` rollup, which the writer
    /// keeps exact by the same deltas as the other rollups. A test holds
    /// these equal to [`Store::stats`] after ingesting and re-fusing.
    pub fn counts(&self) -> Result<Counts> {
        let n = |sql: &str| -> Result<(u64, u64)> {
            let (a, b) = self.conn.query_row(sql, [], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?;
            Ok((a.unsigned_abs(), b.unsigned_abs()))
        };
        let [documents, mentions, events] = COUNTS_SQL;
        let (events, conflicts) = n(events)?;
        Ok(Counts { documents: n(documents)?.0, mentions: n(mentions)?.0, events, conflicts })
    }

    /// What the store holds.
    pub fn stats(&self) -> Result<Stats> {
        let n = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Stats {
            documents: n("SELECT count(*) FROM documents")?,
            duplicate_clusters: n(
                "SELECT count(*) FROM (SELECT cluster FROM documents GROUP BY cluster HAVING count(*) > 1)",
            )?,
            mentions: n("SELECT count(*) FROM mentions")?,
            events: n("SELECT count(*) FROM events")?,
            conflicts: n("SELECT count(*) FROM events WHERE conflict = 1 OR disputed = 1")?,
        })
    }
}

#[cfg(test)]
mod tests;
