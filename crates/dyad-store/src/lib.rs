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
//!   [`Store::top_dyads`], [`Store::duplicate_clusters`], [`Store::stats`].
//!
//! Every query is parameterised; nothing from input is ever spliced into SQL.
//!
//! ```
//! let store = dyad_store::Store::open_in_memory().unwrap();
//! assert_eq!(store.stats().unwrap().documents, 0);
//! ```
#![deny(missing_docs)]

mod schema;

use std::path::Path;

use dyad_types::{
    ActorRef, DateBasis, DatePrecision, DyadRecord, Event, FusedQuantity, Mention, Modality, PartialDate, Quantity,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

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
}

/// A document to insert.
#[derive(Clone, Debug)]
pub struct NewDocument<'a> {
    /// Content hash (the key).
    pub hash: &'a str,
    /// The id the input gave.
    pub ext_id: &'a str,
    /// Headline.
    pub title: Option<&'a str>,
    /// Publication date.
    pub date: Option<PartialDate>,
    /// Publisher.
    pub source: Option<&'a str>,
    /// URL.
    pub url: Option<&'a str>,
    /// Where it was read from (`file` or `file:line`).
    pub origin: &'a str,
    /// Text.
    pub text: &'a str,
    /// Number of sentences.
    pub sentences: usize,
    /// MinHash signature bytes.
    pub signature: &'a [u8],
}

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

/// `day_start`/`day_end` of an undated event: it sorts after every dated one.
const UNDATED: i64 = i64::MAX;

fn date_text(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn parse_date(s: Option<String>) -> Option<PartialDate> {
    s.as_deref().and_then(PartialDate::parse)
}

fn last_day(d: &PartialDate) -> i64 {
    match d.precision() {
        DatePrecision::Day => d.to_days(),
        DatePrecision::Month => {
            let next = if d.month == 12 {
                PartialDate { year: d.year + 1, month: 1, day: 0 }
            } else {
                PartialDate { year: d.year, month: d.month + 1, day: 0 }
            };
            next.to_days() - 1
        }
        DatePrecision::Year => PartialDate::year(d.year + 1).to_days() - 1,
    }
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
    disputed, conflict, quantities_json, day_start, source_name, target_name, source_url";

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
    };
    Ok((e, r.get(21)?, r.get(20)?))
}

const DOC_COLUMNS: &str = "d.id, d.ext_id, d.title, d.date, d.source, d.url, d.cluster";

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
    })
}

const MENTION_COLUMNS: &str =
    "m.id, m.sentence, m.span_start, m.span_end, m.text, m.source_json, m.target_json, m.cameo, \
    m.cameo_root, m.plover, m.quad_class, m.goldstein, m.date, m.date_precision, m.date_basis, m.modality, \
    m.quantities_json, m.evidence_json";

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
        quantities: serde_json::from_str(&r.get::<_, String>(16)?)?,
        evidence: serde_json::from_str(&r.get::<_, String>(17)?)?,
    };
    Ok((r.get(0)?, m))
}

impl Store {
    /// Opens (creating if needed) a store file, in WAL mode.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // NORMAL is durable across process crashes in WAL mode; only an OS
        // crash may lose the last transactions, never consistency.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Opens an existing store for reading only.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Readers map the file: pool connections share the OS page cache
        // instead of each copying pages into its own, and a 32 MiB page
        // cache each keeps the indexes they walk hot.
        conn.pragma_update(None, "mmap_size", 1_i64 << 34)?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v != schema::VERSION {
            return Err(Error::Schema(format!(
                "the database is at schema version {v}; run `dyad ingest` to upgrade it"
            )));
        }
        Ok(Store { conn })
    }

    /// A fresh in-memory store (tests, demos).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// Starts a write transaction.
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(Tx { tx: self.conn.transaction()? })
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

    /// Events matching a query, ordered by date then id (undated last).
    ///
    /// Every filter maps onto an index that also gives the order, so a page
    /// costs the rows it returns, not the rows that match: a state filter
    /// uses the country columns, an actor code (`IRNGOV`) the code columns,
    /// and "either side" runs one ordered branch per side and merges them.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<Event>> {
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        // Binds a value and returns its numbered placeholder.
        let mut bind = |v: rusqlite::types::Value| -> String {
            args.push(v);
            format!("?{}", args.len())
        };
        let column =
            |code: &str, side: &str| if code.len() == 3 { format!("{side}_country") } else { side.to_string() };
        let mut common = String::new();
        if let Some(s) = &q.source {
            common.push_str(&format!(" AND {} = {}", column(s, "source"), bind(s.clone().into())));
        }
        if let Some(t) = &q.target {
            common.push_str(&format!(" AND {} = {}", column(t, "target"), bind(t.clone().into())));
        }
        if let Some(f) = &q.from {
            // An event's date spans at most a year: the lower bound on
            // `day_start` lets the index skip everything older.
            common.push_str(&format!(" AND day_end >= {}", bind(f.to_days().into())));
            common.push_str(&format!(" AND day_start >= {}", bind((f.to_days() - 366).into())));
        }
        if q.from.is_some() || q.to.is_some() {
            let to = q.to.as_ref().map_or(UNDATED - 1, last_day);
            common.push_str(&format!(" AND day_start <= {}", bind(to.into())));
        }
        if let Some(p) = &q.plover {
            common.push_str(&format!(" AND plover = {}", bind(p.to_ascii_uppercase().into())));
        }
        if let Some(c) = &q.cameo {
            let p = bind(c.clone().into());
            common.push_str(&format!(" AND substr(cameo, 1, length({p})) = {p}"));
        }
        if let Some(qc) = q.quad_class {
            common.push_str(&format!(" AND quad_class = {}", bind(i64::from(qc).into())));
        }
        if let Some(m) = q.modality {
            common.push_str(&format!(" AND modality = {}", bind(m.as_str().to_string().into())));
        }
        if q.conflicts {
            common.push_str(" AND (conflict = 1 OR disputed = 1)");
        }
        if let Some((day, id)) = q.after {
            let (d, i) = (bind(day.into()), bind(id.into()));
            common.push_str(&format!(" AND (day_start > {d} OR (day_start = {d} AND id > {i}))"));
        }
        let actor = q.actor.as_ref().map(|a| (bind(a.clone().into()), column(a, "source"), column(a, "target")));
        let limit = bind((q.limit.max(1) as i64).into());
        let branch = |extra: &str| {
            format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE 1 = 1{extra}{common} ORDER BY day_start, id LIMIT {limit}"
            )
        };
        let pair = q.pair.as_ref().map(|(a, b)| {
            let (pa, pb) = (bind(a.clone().into()), bind(b.clone().into()));
            (
                format!(" AND {} = {pa} AND {} = {pb}", column(a, "source"), column(b, "target")),
                format!(" AND {} = {pb} AND {} = {pa}", column(b, "source"), column(a, "target")),
            )
        });
        let sql = match (&actor, &pair) {
            (Some((p, s, t)), _) => format!(
                "SELECT * FROM ({}) UNION SELECT * FROM ({}) ORDER BY day_start, id LIMIT {limit}",
                branch(&format!(" AND {s} = {p}")),
                branch(&format!(" AND {t} = {p}"))
            ),
            (None, Some((ab, ba))) => format!(
                "SELECT * FROM ({}) UNION SELECT * FROM ({}) ORDER BY day_start, id LIMIT {limit}",
                branch(ab),
                branch(ba)
            ),
            (None, None) => branch(""),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), event_row)?;
        let mut out = Vec::new();
        for r in rows {
            let (mut e, _, q) = r?;
            e.quantities = serde_json::from_str::<Vec<FusedQuantity>>(&q)?;
            out.push(e);
        }
        Ok(out)
    }

    /// The cursor after an event, for the next page of [`Store::events`].
    pub fn cursor_of(&self, e: &Event) -> (i64, i64) {
        (e.date.map_or(UNDATED, |d| d.to_days()), e.id)
    }

    /// One event with its mentions and their documents.
    pub fn event(&self, id: i64) -> Result<Option<(Event, Vec<StoredMention>)>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1");
        let Some((mut e, _, q)) = self.conn.query_row(&sql, [id], event_row).optional()? else {
            return Ok(None);
        };
        e.quantities = serde_json::from_str(&q)?;
        let sql = format!(
            "SELECT DISTINCT {MENTION_COLUMNS}, {DOC_COLUMNS} FROM dyads y JOIN mentions m ON m.id = y.mention \
             JOIN documents d ON d.id = m.doc WHERE y.event = ?1 ORDER BY d.date, m.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        let mut mentions = Vec::new();
        while let Some(r) = rows.next()? {
            let doc = doc_row(r, 18)?;
            let (mid, m) = mention_row(r, doc.ext_id.clone())?;
            e.mention_ids.push(mid);
            mentions.push(StoredMention { id: mid, doc, mention: m });
        }
        Ok(Some((e, mentions)))
    }

    /// Events per period and quad class, and the Goldstein sum, for events
    /// between two states (both directions) or, with `b` = `None`, involving
    /// `a`. Months and years are read from the per-key rollups, days from
    /// the events. Events dated more coarsely than the period are left out.
    pub fn timeline(&self, a: &str, b: Option<&str>, period: Period) -> Result<Vec<TimelineBucket>> {
        // Months and years come from the country-level rollups: a pair's
        // rows in both directions, or one country's.
        let (filter, table, args): (&str, &str, Vec<String>) = match b {
            Some(b) => (
                "((source_country = ?1 AND target_country = ?2) OR (source_country = ?2 AND target_country = ?1))",
                "pair_periods",
                vec![a.to_string(), b.to_string()],
            ),
            None => ("(source_country = ?1 OR target_country = ?1)", "actor_periods", vec![a.to_string()]),
        };
        let filter_rollup = if b.is_some() { filter } else { "country = ?1" };
        let sql = match period {
            Period::Day => format!(
                "SELECT substr(date, 1, 10) AS p, quad_class, count(*), sum(goldstein) FROM events \
                 WHERE {filter} AND date IS NOT NULL AND length(date) >= 10 GROUP BY p, quad_class ORDER BY p"
            ),
            Period::Month => format!(
                "SELECT period AS p, quad_class, sum(events), sum(goldstein) FROM {table} \
                 WHERE {filter_rollup} AND length(period) = 7 AND events > 0 GROUP BY p, quad_class ORDER BY p"
            ),
            Period::Year => format!(
                "SELECT substr(period, 1, 4) AS p, quad_class, sum(events), sum(goldstein) FROM {table} \
                 WHERE {filter_rollup} AND events > 0 GROUP BY p, quad_class ORDER BY p"
            ),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out: Vec<TimelineBucket> = Vec::new();
        while let Some(r) = rows.next()? {
            let p: String = r.get(0)?;
            let quad: u8 = r.get(1)?;
            let n: u32 = r.get(2)?;
            let g: f64 = r.get(3)?;
            if out.last().is_none_or(|b| b.period != p) {
                out.push(TimelineBucket { period: p, quad: [0; 4], goldstein: 0.0 });
            }
            if let Some(b) = out.last_mut() {
                if (1..=4).contains(&quad) {
                    b.quad[quad as usize - 1] += n;
                }
                b.goldstein += g;
            }
        }
        Ok(out)
    }

    /// The most active actor pairs (directed), by number of events.
    pub fn top_dyads(&self, limit: usize) -> Result<Vec<DyadSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_country, target_country, sum(events), sum(mentions), sum(goldstein) FROM key_totals \
             GROUP BY source_country, target_country ORDER BY sum(events) DESC, sum(mentions) DESC, source_country, \
             target_country LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(DyadSummary {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get(2)?,
                mentions: r.get(3)?,
                goldstein: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The actor network for a period (`YYYY-MM` bounds, inclusive): states
    /// as nodes with their number of events, directed pairs as edges with
    /// events and Goldstein sums; the `limit` busiest edges.
    pub fn network(&self, from: Option<&str>, to: Option<&str>, limit: usize) -> Result<Vec<DyadSummary>> {
        // All time: the per-key totals are far fewer rows than the periods.
        let sql = if from.is_none() && to.is_none() {
            "SELECT source_country, target_country, sum(events), 0, sum(goldstein) FROM key_totals \
             WHERE ?1 IS NULL AND ?2 IS NULL \
             GROUP BY source_country, target_country ORDER BY sum(events) DESC, source_country, target_country LIMIT ?3"
        } else {
            "SELECT source_country, target_country, sum(events), 0, sum(goldstein) FROM pair_periods \
             WHERE (?1 IS NULL OR period >= ?1) AND (?2 IS NULL OR period <= ?2) AND events > 0 \
             GROUP BY source_country, target_country ORDER BY sum(events) DESC, source_country, target_country LIMIT ?3"
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![from, to, limit as i64], |r| {
            Ok(DyadSummary {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get(2)?,
                mentions: r.get(3)?,
                goldstein: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A document's mentions, with the event each of its dyads was fused into.
    pub fn document_mentions(&self, doc: i64) -> Result<Vec<(StoredMention, Vec<i64>)>> {
        let sql = format!(
            "SELECT {MENTION_COLUMNS}, {DOC_COLUMNS}, (SELECT group_concat(DISTINCT y.event) FROM dyads y WHERE y.mention = m.id) \
             FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.doc = ?1 ORDER BY m.sentence, m.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([doc])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let d = doc_row(r, 18)?;
            let (id, mention) = mention_row(r, d.ext_id.clone())?;
            let events: Option<String> = r.get(25)?;
            let events = events.unwrap_or_default().split(',').filter_map(|e| e.parse().ok()).collect();
            out.push((StoredMention { id, doc: d, mention }, events));
        }
        Ok(out)
    }

    /// The other documents of a near-duplicate cluster.
    pub fn cluster_members(&self, cluster: i64) -> Result<Vec<DocSummary>> {
        let sql = format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.cluster = ?1 ORDER BY d.date, d.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([cluster], |r| doc_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Full-text search over titles and texts (SQLite FTS5), best first,
    /// with a snippet whose matches are wrapped in `<b>`…`</b>`. The query is
    /// taken as words, not FTS syntax.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(DocSummary, String)>> {
        let words: Vec<String> =
            query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {DOC_COLUMNS}, snippet(documents_fts, 1, '<b>', '</b>', '…', 12) FROM documents_fts \
             JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![words.join(" "), limit as i64], |r| Ok((doc_row(r, 0)?, r.get(7)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Near-duplicate clusters with more than one document.
    pub fn duplicate_clusters(&self) -> Result<Vec<Vec<DocSummary>>> {
        let sql = format!(
            "SELECT {DOC_COLUMNS} FROM documents d WHERE d.cluster IN \
             (SELECT cluster FROM documents GROUP BY cluster HAVING count(*) > 1) ORDER BY d.cluster, d.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let out = clusters(stmt.query([])?);
        out
    }

    /// The `limit` largest near-duplicate clusters (ties by cluster id),
    /// largest first: the bounded form of [`Store::duplicate_clusters`].
    pub fn largest_duplicate_clusters(&self, limit: usize) -> Result<Vec<Vec<DocSummary>>> {
        let sql = format!(
            "WITH big AS (SELECT cluster, count(*) AS n FROM documents GROUP BY cluster HAVING n > 1 \
             ORDER BY n DESC, cluster LIMIT ?1) \
             SELECT {DOC_COLUMNS} FROM documents d JOIN big ON d.cluster = big.cluster \
             ORDER BY big.n DESC, d.cluster, d.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let out = clusters(stmt.query([i64::try_from(limit).unwrap_or(i64::MAX)])?);
        out
    }

    /// Every event with its mention ids, in id order (for exports).
    pub fn all_events(&self, mut f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY day_start, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut ids =
            self.conn.prepare_cached("SELECT DISTINCT mention FROM dyads WHERE event = ?1 ORDER BY mention")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (mut e, _, q) = event_row(r)?;
            e.quantities = serde_json::from_str(&q)?;
            e.mention_ids = ids.query_map([e.id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            f(e)?;
        }
        Ok(())
    }

    /// Every mention with its document, in id order (for exports).
    pub fn all_mentions(&self, mut f: impl FnMut(StoredMention) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {MENTION_COLUMNS}, {DOC_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc ORDER BY m.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let doc = doc_row(r, 18)?;
            let (id, mention) = mention_row(r, doc.ext_id.clone())?;
            f(StoredMention { id, doc, mention })?;
        }
        Ok(())
    }

    /// A document's summary and text.
    pub fn document(&self, id: i64) -> Result<Option<(DocSummary, String)>> {
        let sql = format!("SELECT {DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?1");
        Ok(self.conn.query_row(&sql, [id], |r| Ok((doc_row(r, 0)?, r.get(7)?))).optional()?)
    }
}

/// A write transaction: nothing is visible until [`Tx::commit`].
pub struct Tx<'s> {
    tx: rusqlite::Transaction<'s>,
}

/// A near-duplicate candidate.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Document id.
    pub doc: i64,
    /// Its cluster.
    pub cluster: i64,
    /// Its MinHash signature bytes.
    pub signature: Vec<u8>,
}

impl Tx<'_> {
    /// The id of the document with this content hash, if stored.
    pub fn document_by_hash(&self, hash: &str) -> Result<Option<i64>> {
        Ok(self.tx.query_row("SELECT id FROM documents WHERE hash = ?1", [hash], |r| r.get(0)).optional()?)
    }

    /// Inserts a document in its own cluster; returns its id.
    pub fn insert_document(&self, d: &NewDocument<'_>) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO documents (hash, ext_id, title, date, source, url, origin, text, sentences, cluster, signature) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)",
            )?
            .execute(params![
                d.hash,
                d.ext_id,
                d.title,
                date_text(d.date),
                d.source,
                d.url,
                d.origin,
                d.text,
                d.sentences as i64,
                d.signature
            ])?;
        let id = self.tx.last_insert_rowid();
        self.set_cluster(id, id)?;
        self.tx
            .prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
            .execute(params![id, d.title.unwrap_or(""), d.text])?;
        Ok(id)
    }

    /// Documents sharing an LSH band with the given keys.
    pub fn candidates(&self, bands: &[i64]) -> Result<Vec<Candidate>> {
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        let slots: Vec<String> = (1..=bands.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "SELECT d.id, d.cluster, d.signature FROM documents d WHERE d.id IN \
             (SELECT DISTINCT doc FROM doc_bands WHERE band IN ({}))",
            slots.join(", ")
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(bands), |r| {
            Ok(Candidate { doc: r.get(0)?, cluster: r.get(1)?, signature: r.get(2)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a document's band keys.
    pub fn insert_bands(&self, doc: i64, bands: &[i64]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached("INSERT INTO doc_bands (band, doc) VALUES (?1, ?2)")?;
        for b in bands {
            stmt.execute(params![b, doc])?;
        }
        Ok(())
    }

    /// Puts a document in a cluster.
    pub fn set_cluster(&self, doc: i64, cluster: i64) -> Result<()> {
        self.tx.prepare_cached("UPDATE documents SET cluster = ?2 WHERE id = ?1")?.execute(params![doc, cluster])?;
        Ok(())
    }

    /// Merges cluster `from` into cluster `into`.
    pub fn merge_clusters(&self, from: i64, into: i64) -> Result<()> {
        self.tx.prepare_cached("UPDATE documents SET cluster = ?2 WHERE cluster = ?1")?.execute(params![from, into])?;
        Ok(())
    }

    /// The fusion keys of every mention of a cluster's documents.
    pub fn keys_of_cluster(&self, cluster: i64) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT DISTINCT y.key FROM dyads y JOIN mentions m ON m.id = y.mention JOIN documents d ON d.id = m.doc \
             WHERE d.cluster = ?1",
        )?;
        let keys = stmt.query_map([cluster], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    /// Inserts a mention of a document; returns its id.
    pub fn insert_mention(&self, doc: i64, m: &Mention) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO mentions (doc, sentence, span_start, span_end, text, source_json, target_json, cameo, cameo_root, \
                 plover, quad_class, goldstein, date, date_precision, date_basis, modality, quantities_json, evidence_json) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?
            .execute(params![
                doc,
                m.sentence as i64,
                m.span.start as i64,
                m.span.end as i64,
                m.text,
                serde_json::to_string(&m.source)?,
                serde_json::to_string(&m.target)?,
                m.cameo,
                m.cameo_root,
                m.plover,
                m.quad_class,
                m.goldstein,
                date_text(m.date),
                m.date_precision.map(|p| p.as_str()),
                m.date_basis.as_str(),
                m.modality.as_str(),
                serde_json::to_string(&m.quantities)?,
                serde_json::to_string(&m.evidence)?,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Inserts one source→target pair of a mention under its fusion key.
    pub fn insert_dyad(
        &self,
        mention: i64,
        key: &str,
        stable: &str,
        source: &ActorRef,
        target: &ActorRef,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO dyads (mention, key, stable, source, source_country, target, target_country, \
                 source_text, target_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                mention,
                key,
                stable,
                source.code,
                source.country,
                target.code,
                target.country,
                source.text,
                target.text
            ])?;
        Ok(())
    }

    /// Everything fusion needs about the dyad mentions of a key.
    pub fn dyad_records(&self, key: &str) -> Result<Vec<DyadRecord>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT m.id, y.stable, d.cluster, d.ext_id, coalesce(d.source, d.ext_id), d.date, y.source, y.source_country, \
             y.target, y.target_country, m.cameo, m.plover, m.quad_class, m.goldstein, m.date, m.date_basis, m.modality, \
             m.quantities_json, y.source_text, y.target_text, d.url FROM dyads y JOIN mentions m ON m.id = y.mention JOIN documents d ON d.id = m.doc \
             WHERE y.key = ?1 ORDER BY y.stable",
        )?;
        let mut rows = stmt.query([key])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(DyadRecord {
                id: r.get(0)?,
                stable: r.get(1)?,
                cluster: r.get(2)?,
                doc_id: r.get(3)?,
                publisher: r.get(4)?,
                doc_date: parse_date(r.get(5)?),
                source: r.get(6)?,
                source_country: r.get(7)?,
                target: r.get(8)?,
                target_country: r.get(9)?,
                cameo: r.get(10)?,
                plover: r.get(11)?,
                quad_class: r.get(12)?,
                goldstein: r.get(13)?,
                date: parse_date(r.get(14)?),
                date_basis: basis(&r.get::<_, String>(15)?),
                modality: Modality::parse(&r.get::<_, String>(16)?).unwrap_or(Modality::Asserted),
                quantities: serde_json::from_str::<Vec<Quantity>>(&r.get::<_, String>(17)?)?,
                source_text: r.get(18)?,
                target_text: r.get(19)?,
                url: r.get(20)?,
            });
        }
        Ok(out)
    }

    /// Replaces the events of a fusion key.
    pub fn replace_events(&self, key: &str, events: &[Event]) -> Result<()> {
        self.tx.prepare_cached("DELETE FROM events WHERE key = ?1")?.execute([key])?;
        self.tx.prepare_cached("UPDATE dyads SET event = NULL WHERE key = ?1")?.execute([key])?;
        let mut ins = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO events (id, key, source, source_country, target, target_country, cameo, cameo_root, plover, \
             quad_class, goldstein, date, date_precision, day_start, day_end, first_report, last_report, num_mentions, \
             num_sources, num_articles, modality, disputed, conflict, quantities_json, source_name, target_name, source_url) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)",
        )?;
        let mut link = self.tx.prepare_cached("UPDATE dyads SET event = ?1 WHERE key = ?2 AND mention = ?3")?;
        for e in events {
            ins.execute(params![
                e.id,
                key,
                e.source,
                e.source_country,
                e.target,
                e.target_country,
                e.cameo,
                e.cameo_root,
                e.plover,
                e.quad_class,
                e.goldstein,
                date_text(e.date),
                e.date_precision.map(|p| p.as_str()),
                e.date.map_or(UNDATED, |d| d.to_days()),
                e.date.map_or(UNDATED, |d| last_day(&d)),
                date_text(e.first_report),
                date_text(e.last_report),
                e.num_mentions,
                e.num_sources,
                e.num_articles,
                e.modality.as_str(),
                i64::from(e.disputed),
                i64::from(e.conflict),
                serde_json::to_string(&e.quantities)?,
                e.source_name,
                e.target_name,
                e.source_url,
            ])?;
            for m in &e.mention_ids {
                link.execute(params![e.id, key, m])?;
            }
        }
        self.rebuild_rollups(key, events)
    }

    /// Rebuilds a key's rows of the timeline and ranking rollups from its events.
    fn rebuild_rollups(&self, key: &str, events: &[Event]) -> Result<()> {
        use std::collections::BTreeMap;
        // Take the key's old rows out of the country-level rollups…
        self.tx
            .prepare_cached(
                "UPDATE pair_periods SET events = pair_periods.events - k.events, \
                 goldstein = pair_periods.goldstein - k.goldstein \
                 FROM (SELECT * FROM key_periods WHERE key = ?1) AS k \
                 WHERE pair_periods.source_country = k.source_country AND pair_periods.target_country = k.target_country \
                 AND pair_periods.period = k.period AND pair_periods.quad_class = k.quad_class",
            )?
            .execute([key])?;
        self.tx
            .prepare_cached(
                "UPDATE actor_periods SET events = actor_periods.events - k.events, \
                 goldstein = actor_periods.goldstein - k.goldstein \
                 FROM (SELECT source_country AS country, period, quad_class, sum(events) AS events, \
                       sum(goldstein) AS goldstein FROM (\
                         SELECT source_country, period, quad_class, events, goldstein FROM key_periods WHERE key = ?1 \
                         UNION ALL SELECT target_country, period, quad_class, events, goldstein FROM key_periods \
                         WHERE key = ?1 AND target_country != source_country) \
                       GROUP BY source_country, period, quad_class) AS k \
                 WHERE actor_periods.country = k.country AND actor_periods.period = k.period \
                 AND actor_periods.quad_class = k.quad_class",
            )?
            .execute([key])?;
        self.tx.prepare_cached("DELETE FROM key_periods WHERE key = ?1")?.execute([key])?;
        self.tx.prepare_cached("DELETE FROM key_totals WHERE key = ?1")?.execute([key])?;
        let mut periods: BTreeMap<(&str, &str, String, u8), (u32, f64)> = BTreeMap::new();
        let mut totals: BTreeMap<(&str, &str), (u32, u32, f64)> = BTreeMap::new();
        for e in events {
            let pair = (e.source_country.as_str(), e.target_country.as_str());
            let t = totals.entry(pair).or_default();
            t.0 += 1;
            t.1 += e.num_mentions;
            t.2 += f64::from(e.goldstein);
            if let Some(d) = e.date {
                let period = if d.precision() == DatePrecision::Year {
                    format!("{:04}", d.year)
                } else {
                    format!("{:04}-{:02}", d.year, d.month)
                };
                let p = periods.entry((pair.0, pair.1, period, e.quad_class)).or_default();
                p.0 += 1;
                p.1 += f64::from(e.goldstein);
            }
        }
        let mut ins = self.tx.prepare_cached(
            "INSERT INTO key_periods (key, source_country, target_country, period, quad_class, events, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for ((s, t, period, quad), (n, g)) in &periods {
            ins.execute(params![key, s, t, period, quad, n, g])?;
        }
        // …and put its new rows in.
        let mut pair = self.tx.prepare_cached(
            "INSERT INTO pair_periods (source_country, target_country, period, quad_class, events, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET \
             events = events + excluded.events, goldstein = goldstein + excluded.goldstein",
        )?;
        let mut actor = self.tx.prepare_cached(
            "INSERT INTO actor_periods (country, period, quad_class, events, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET \
             events = events + excluded.events, goldstein = goldstein + excluded.goldstein",
        )?;
        for ((s, t, period, quad), (n, g)) in &periods {
            pair.execute(params![s, t, period, quad, n, g])?;
            actor.execute(params![s, period, quad, n, g])?;
            if s != t {
                actor.execute(params![t, period, quad, n, g])?;
            }
        }
        let mut ins = self.tx.prepare_cached(
            "INSERT INTO key_totals (key, source_country, target_country, events, mentions, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ((s, t), (n, m, g)) in &totals {
            ins.execute(params![key, s, t, n, m, g])?;
        }
        Ok(())
    }

    /// Makes the batch durable and visible.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

#[cfg(test)]
mod tests;
