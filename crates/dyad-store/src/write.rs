//! The write side of the store: a [`Tx`] inserts a batch of documents, their
//! mentions and dyads, finds near-duplicate candidates, and replaces the
//! events (and rollups) of the fusion keys the batch touched; nothing is
//! visible until [`Tx::commit`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::rollup::RollupRow;
use crate::*;

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
    /// Tone of the text (`dyad_geo::tone`), when measured.
    pub tone: Option<f32>,
    /// The dateline, when the input gave it apart from the text
    /// (`CARACAS, May 25`): kept so that a later re-fusion or geolocation
    /// can read it.
    pub dateline: Option<&'a str>,
}

/// A source→target pair of a mention to insert under its fusion key, with
/// its window: what [`Tx::window_rows`] finds it by.
#[derive(Clone, Copy, Debug)]
pub struct NewDyad<'a> {
    /// The mention's id.
    pub mention: i64,
    /// Its fusion key.
    pub key: &'a str,
    /// Its content-derived key.
    pub stable: &'a str,
    /// The source, if the mention names one.
    pub source: Option<&'a ActorRef>,
    /// The target; `None` for a one-sided mention.
    pub target: Option<&'a ActorRef>,
    /// Its window (`dyad_fuse::window`); `None` when nothing dates it.
    pub window: Option<Window>,
    /// The units of its figures (`dyad_fuse::units`).
    pub units: &'a str,
}

impl Store {
    /// Starts a write transaction, waiting its turn: `BEGIN IMMEDIATE`
    /// takes the write lock up front, so a second writer waits on the busy
    /// timeout instead of failing at its first write (a deferred
    /// transaction cannot wait there: it would deadlock). While another
    /// writer holds the store, the callback set with
    /// [`Store::on_write_wait`] is told once, and the wait goes on for up to
    /// [`Store::set_write_wait`] (ten minutes by default).
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        let started = std::time::Instant::now();
        let mut told = false;
        loop {
            match self.conn.execute_batch("BEGIN IMMEDIATE") {
                Ok(()) => break,
                Err(e) if is_busy(&e) && started.elapsed() < self.write_wait => {
                    if !told {
                        told = true;
                        if let Some(f) = &self.on_wait {
                            f(started.elapsed());
                        }
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(Tx {
            tx: Writing { conn: &self.conn, open: true },
            near: RefCell::default(),
            docs: RefCell::default(),
            temp_table: Cell::new(false),
            packs: RefCell::default(),
        })
    }
}

/// SQLite said another connection holds the lock.
fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked))
}

/// An open `BEGIN IMMEDIATE` transaction on a connection: rolled back when
/// dropped uncommitted.
struct Writing<'s> {
    conn: &'s Connection,
    open: bool,
}

impl std::ops::Deref for Writing<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to report to: the batch is lost either way, and the
            // file stays consistent (SQLite's journal).
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A write transaction: nothing is visible until [`Tx::commit`].
pub struct Tx<'s> {
    tx: Writing<'s>,
    near: RefCell<NearIndex>,
    /// What fusion reads of each document, read once per transaction
    /// ([`DocFacts`]).
    docs: RefCell<HashMap<i64, DocFacts>>,
    /// The temporary table of row ids exists (`fill_rows`).
    temp_table: Cell<bool>,
    /// The pair packs' changes, written at [`Tx::commit`].
    packs: RefCell<crate::rollup::Pending>,
}

/// A dated pair of a key, as the window search reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowRow {
    /// Its row id.
    pub row: i64,
    /// Its window.
    pub window: Window,
    /// Its document's near-duplicate cluster.
    pub cluster: i64,
    /// The units of its figures.
    pub units: String,
}

/// A pair's window as the window statements read it (row id, the four
/// days, its mention's document, units), with its document's cluster still
/// to look up: `None` for a pair without a window.
fn window_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<(WindowRow, i64)>> {
    let (lo, hi, wlo, whi): (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
        (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    Ok(match (lo, hi, wlo, whi) {
        (Some(lo), Some(hi), Some(wlo), Some(whi)) => Some((
            WindowRow {
                row: r.get(0)?,
                window: Window { narrow: (lo, hi), wide: (wlo, whi) },
                cluster: 0,
                units: r.get(6)?,
            },
            r.get(5)?,
        )),
        _ => None,
    })
}

/// What fusion reads of a document besides its cluster ([`DyadRecord`]'s
/// document fields). Read once per transaction and document instead of
/// joined into every statement: `tone` and the other late columns sit
/// after the text in the row, so each read of them walks the text's
/// overflow pages (0.5 ms for a 2 MB document, 13 ms for 50 MB), once per
/// window fused.
#[derive(Clone, Debug)]
struct DocFacts {
    ext_id: String,
    publisher: String,
    date: Option<String>,
    url: Option<String>,
    tone: Option<f32>,
}

/// How many documents of one LSH band [`Tx::candidates`] returns at most.
pub const CANDIDATES_PER_BAND: usize = 64;

/// A near-duplicate candidate; its signature is read with
/// [`Tx::signature`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Document id.
    pub doc: i64,
    /// Its cluster.
    pub cluster: i64,
}

/// What a transaction has read of the near-duplicate index, kept current
/// by its own writes. Within a transaction no other connection writes
/// (`BEGIN IMMEDIATE` holds the write lock), so this is what the tables
/// say; it goes with the transaction.
#[derive(Default)]
struct NearIndex {
    /// Per band read, its [`CANDIDATES_PER_BAND`] newest documents, newest
    /// first.
    bands: HashMap<i64, Vec<i64>>,
    /// The cluster of each document read or written.
    clusters: HashMap<i64, i64>,
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
                "INSERT INTO documents (hash, ext_id, title, date, source, url, origin, text, sentences, cluster, signature, tone, \
                 dateline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12)",
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
                d.signature,
                d.tone,
                d.dateline
            ])?;
        let id = self.tx.last_insert_rowid();
        self.set_cluster(id, id)?;
        self.tx
            .prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
            .execute(params![id, d.title.unwrap_or(""), d.text])?;
        Ok(id)
    }

    /// Documents sharing an LSH band with the given keys, newest first:
    /// per band, the [`CANDIDATES_PER_BAND`] most recent ones. Reprints of
    /// one story share every band, so all of them would make the work per
    /// document grow with the cluster; its latest members stand for it.
    ///
    /// The band lists and clusters read are kept for the rest of the
    /// transaction ([`NearIndex`]) and kept current by its own writes: the
    /// next document of a batch of reprints finds them in memory instead of
    /// reading a few hundred rows again.
    pub fn candidates(&self, bands: &[i64]) -> Result<Vec<Candidate>> {
        let mut near = self.near.borrow_mut();
        let mut docs: Vec<i64> = Vec::new();
        for &band in bands {
            let list = match near.bands.entry(band) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let mut stmt = self.tx.prepare_cached(&format!(
                        "SELECT doc FROM doc_bands WHERE band = ?1 ORDER BY doc DESC LIMIT {CANDIDATES_PER_BAND}"
                    ))?;
                    let newest = stmt.query_map([band], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
                    e.insert(newest)
                }
            };
            docs.extend_from_slice(list);
        }
        docs.sort_unstable_by(|a, b| b.cmp(a));
        docs.dedup();
        let mut out = Vec::with_capacity(docs.len());
        for doc in docs {
            out.push(Candidate { doc, cluster: self.cluster_in(&mut near, doc)? });
        }
        Ok(out)
    }

    /// A document's current cluster, read once per transaction: the
    /// transaction's own writes keep [`NearIndex::clusters`] current.
    fn cluster_in(&self, near: &mut NearIndex, doc: i64) -> Result<i64> {
        if let Some(&c) = near.clusters.get(&doc) {
            return Ok(c);
        }
        let c: i64 =
            self.tx.prepare_cached("SELECT cluster FROM documents WHERE id = ?1")?.query_row([doc], |r| r.get(0))?;
        near.clusters.insert(doc, c);
        Ok(c)
    }

    /// A document's current cluster ([`Tx::cluster_in`]).
    fn cluster_of(&self, doc: i64) -> Result<i64> {
        self.cluster_in(&mut self.near.borrow_mut(), doc)
    }

    /// The pair's window with its document's current cluster.
    fn with_cluster(&self, row: Option<(WindowRow, i64)>) -> Result<Option<WindowRow>> {
        row.map(|(row, doc)| Ok(WindowRow { cluster: self.cluster_of(doc)?, ..row })).transpose()
    }

    /// What fusion reads of a document ([`DocFacts`]), read once per
    /// transaction.
    fn doc_facts(&self, doc: i64) -> Result<DocFacts> {
        if let Some(f) = self.docs.borrow().get(&doc) {
            return Ok(f.clone());
        }
        let facts = self
            .tx
            .prepare_cached("SELECT ext_id, coalesce(source, ext_id), date, url, tone FROM documents WHERE id = ?1")?
            .query_row([doc], |r| {
                Ok(DocFacts {
                    ext_id: r.get(0)?,
                    publisher: r.get(1)?,
                    date: r.get(2)?,
                    url: r.get(3)?,
                    tone: r.get(4)?,
                })
            })?;
        self.docs.borrow_mut().insert(doc, facts.clone());
        Ok(facts)
    }

    /// The MinHash signature bytes of a stored document (a near-duplicate
    /// [`Candidate`]'s, read only when its cluster is still in question).
    pub fn signature(&self, doc: i64) -> Result<Vec<u8>> {
        Ok(self.tx.prepare_cached("SELECT signature FROM documents WHERE id = ?1")?.query_row([doc], |r| r.get(0))?)
    }

    /// Records a document's band keys.
    pub fn insert_bands(&self, doc: i64, bands: &[i64]) -> Result<()> {
        let mut stmt = self.tx.prepare_cached("INSERT INTO doc_bands (band, doc) VALUES (?1, ?2)")?;
        let mut near = self.near.borrow_mut();
        for b in bands {
            stmt.execute(params![b, doc])?;
            // A list read before stays the band's newest documents.
            if let Some(list) = near.bands.get_mut(b) {
                let at = list.partition_point(|&d| d > doc);
                if list.get(at) != Some(&doc) {
                    list.insert(at, doc);
                    list.truncate(CANDIDATES_PER_BAND);
                }
            }
        }
        Ok(())
    }

    /// Puts a document in a cluster.
    pub fn set_cluster(&self, doc: i64, cluster: i64) -> Result<()> {
        self.tx.prepare_cached("UPDATE documents SET cluster = ?2 WHERE id = ?1")?.execute(params![doc, cluster])?;
        self.near.borrow_mut().clusters.insert(doc, cluster);
        Ok(())
    }

    /// Merges cluster `from` into cluster `into`.
    pub fn merge_clusters(&self, from: i64, into: i64) -> Result<()> {
        self.tx.prepare_cached("UPDATE documents SET cluster = ?2 WHERE cluster = ?1")?.execute(params![from, into])?;
        for c in self.near.borrow_mut().clusters.values_mut() {
            if *c == from {
                *c = into;
            }
        }
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
                 plover, quad_class, goldstein, date, date_precision, date_basis, modality, quantities_json, evidence_json, \
                 confidence, location_json) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
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
                f64::from(m.confidence),
                m.location.as_ref().map(serde_json::to_string).transpose()?,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Inserts one source→target pair of a mention under its fusion key. A
    /// missing side (a one-sided event has no target) is stored as empty
    /// codes, country and words. Returns the row id; the pair has no
    /// window (see [`Tx::insert_pair`]), so its key is re-fused whole.
    pub fn insert_dyad(
        &self,
        mention: i64,
        key: &str,
        stable: &str,
        source: Option<&ActorRef>,
        target: Option<&ActorRef>,
    ) -> Result<i64> {
        self.insert_pair(&NewDyad { mention, key, stable, source, target, window: None, units: "" })
    }

    /// Inserts a pair with its window: see [`NewDyad`].
    pub fn insert_pair(&self, d: &NewDyad<'_>) -> Result<i64> {
        let NewDyad { mention, key, stable, source, target, window, units } = *d;
        fn parts(a: Option<&ActorRef>) -> (&str, &str, &str) {
            a.map_or(("", "", ""), |a| (&a.code, &a.country, &a.text))
        }
        let (source_code, source_country, source_text) = parts(source);
        let (target_code, target_country, target_text) = parts(target);
        self.tx
            .prepare_cached(
                "INSERT INTO dyads (mention, key, stable, source, source_country, target, target_country, \
                 source_text, target_text, day_lo, day_hi, wide_lo, wide_hi, units) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?
            .execute(params![
                mention,
                key,
                stable,
                source_code,
                source_country,
                target_code,
                target_country,
                source_text,
                target_text,
                window.map(|w| w.narrow.0),
                window.map(|w| w.narrow.1),
                window.map(|w| w.wide.0),
                window.map(|w| w.wide.1),
                units,
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Sets the window of a stored pair (kept from before schema version 5
    /// without one): see [`NewDyad`].
    pub fn set_window(&self, row: i64, window: Window, units: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE dyads SET day_lo = ?2, day_hi = ?3, wide_lo = ?4, wide_hi = ?5, units = ?6 \
                 WHERE rowid = ?1 AND wide_lo IS NULL",
            )?
            .execute(params![row, window.narrow.0, window.narrow.1, window.wide.0, window.wide.1, units])?;
        Ok(())
    }

    /// Whether some pair of the key has no window (undated, or stored
    /// before windows were): such a pair may join an event of any date.
    pub fn has_unwindowed(&self, key: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM dyads WHERE key = ?1 AND wide_lo IS NULL)")?
            .query_row([key], |r| r.get(0))?)
    }

    /// The pairs of a key whose widened period starts between `from` and
    /// `to` (days), with their document's current cluster.
    pub fn window_rows(&self, key: &str, from: i64, to: i64) -> Result<Vec<WindowRow>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT y.rowid, y.day_lo, y.day_hi, y.wide_lo, y.wide_hi, m.doc, y.units FROM dyads y \
             JOIN mentions m ON m.id = y.mention WHERE y.key = ?1 AND y.wide_lo BETWEEN ?2 AND ?3",
        )?;
        let rows = stmt.query_map(params![key, from, to], window_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().filter_map(|r| self.with_cluster(r).transpose()).collect()
    }

    /// The pairs with these row ids, by key; a pair without a window has
    /// `None`.
    pub fn rows_by_id(&self, rows: &[i64]) -> Result<Vec<(String, i64, Option<WindowRow>)>> {
        self.fill_rows(rows)?;
        let mut stmt = self.tx.prepare_cached(
            "SELECT y.rowid, y.day_lo, y.day_hi, y.wide_lo, y.wide_hi, m.doc, y.units, y.key FROM temp.fuse_rows f CROSS \
             JOIN dyads y ON y.rowid = f.row JOIN mentions m ON m.id = y.mention",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(7)?, r.get::<_, i64>(0)?, window_row(r)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|(key, row, w)| Ok((key, row, self.with_cluster(w)?))).collect()
    }

    /// Up to `limit` documents with mentions after the document `after`
    /// (by id, in id order): id, text and the dateline the input gave
    /// apart. For walking the store a batch at a time (`dyad ingest
    /// --relocate`).
    pub fn documents_with_mentions(&self, after: i64, limit: usize) -> Result<Vec<(i64, String, Option<String>)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT d.id, d.text, d.dateline FROM documents d WHERE d.id > ?1 \
             AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc = d.id) ORDER BY d.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The mentions of a document, with their ids, as stored.
    pub fn document_mentions(&self, doc: i64) -> Result<Vec<(i64, Mention)>> {
        let sql = format!("SELECT {MENTION_COLUMNS}, d.ext_id FROM mentions m JOIN documents d ON d.id = m.doc WHERE m.doc = ?1 ORDER BY m.id");
        let mut stmt = self.tx.prepare_cached(&sql)?;
        let mut rows = stmt.query([doc])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(mention_row(r, r.get(MENTION_WIDTH)?)?);
        }
        Ok(out)
    }

    /// Replaces a mention's location; returns the (key, row id) of its
    /// pairs, whose events must then be fused again.
    pub fn set_mention_location(
        &self,
        mention: i64,
        location: Option<&dyad_types::Location>,
    ) -> Result<Vec<(String, i64)>> {
        let json = location.map(serde_json::to_string).transpose()?;
        self.tx
            .prepare_cached("UPDATE mentions SET location_json = ?2 WHERE id = ?1")?
            .execute(params![mention, json])?;
        let mut stmt = self.tx.prepare_cached("SELECT key, rowid FROM dyads WHERE mention = ?1")?;
        let rows = stmt.query_map([mention], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every fusion key with a pair, sorted.
    pub fn fusion_keys(&self) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached("SELECT DISTINCT key FROM dyads ORDER BY key")?;
        let keys = stmt.query_map([], |r| r.get(0))?;
        Ok(keys.collect::<rusqlite::Result<_>>()?)
    }

    /// The row ids of every pair of a key.
    pub fn key_rows(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare_cached("SELECT rowid FROM dyads WHERE key = ?1")?;
        let rows = stmt.query_map([key], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The pairs of the documents of a near-duplicate cluster: (key, row id).
    pub fn rows_of_cluster(&self, cluster: i64) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT y.key, y.rowid FROM documents d JOIN mentions m ON m.doc = d.id JOIN dyads y ON y.mention = m.id \
             WHERE d.cluster = ?1",
        )?;
        let rows = stmt.query_map([cluster], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts row ids in the temporary table the window statements join.
    /// They join it first (`CROSS JOIN` keeps that order in SQLite): the
    /// planner, which has no statistics on it, would otherwise walk every
    /// pair of the store looking each up in it.
    fn fill_rows(&self, rows: &[i64]) -> Result<()> {
        if !self.temp_table.get() {
            self.tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS fuse_rows (row INTEGER PRIMARY KEY)")?;
            self.temp_table.set(true);
        }
        self.tx.prepare_cached("DELETE FROM temp.fuse_rows")?.execute([])?;
        let mut ins = self.tx.prepare_cached("INSERT OR IGNORE INTO temp.fuse_rows (row) VALUES (?1)")?;
        for r in rows {
            ins.execute([r])?;
        }
        Ok(())
    }

    /// Everything fusion needs about the dyad mentions of a key.
    pub fn dyad_records(&self, key: &str) -> Result<Vec<DyadRecord>> {
        let rows = self.key_rows(key)?;
        Ok(self.records_of_rows(&rows)?.into_iter().map(|(_, r)| r).collect())
    }

    /// Everything fusion needs about these pairs (by row id), with their
    /// row ids, in the order of their stable keys.
    pub fn records_of_rows(&self, rows: &[i64]) -> Result<Vec<(i64, DyadRecord)>> {
        self.fill_rows(rows)?;
        let mut stmt = self.tx.prepare_cached(
            "SELECT m.id, y.stable, m.doc, y.source, y.source_country, y.target, y.target_country, m.cameo, m.plover, \
             m.quad_class, m.goldstein, m.date, m.date_basis, m.modality, m.quantities_json, y.source_text, y.target_text, \
             m.sentence, json_extract(m.evidence_json, '$.date_text'), m.location_json, y.rowid FROM temp.fuse_rows f \
             CROSS JOIN dyads y ON y.rowid = f.row JOIN mentions m ON m.id = y.mention ORDER BY y.stable",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let date_text: Option<String> = r.get(18)?;
            let evidence = Evidence { date_text, ..Evidence::default() };
            let doc: i64 = r.get(2)?;
            let facts = self.doc_facts(doc)?;
            out.push((
                r.get(20)?,
                DyadRecord {
                    id: r.get(0)?,
                    stable: r.get(1)?,
                    cluster: self.cluster_of(doc)?,
                    doc_id: facts.ext_id,
                    publisher: facts.publisher,
                    doc_date: parse_date(facts.date),
                    source: r.get(3)?,
                    source_country: r.get(4)?,
                    target: r.get(5)?,
                    target_country: r.get(6)?,
                    cameo: r.get(7)?,
                    plover: r.get(8)?,
                    quad_class: r.get(9)?,
                    goldstein: r.get(10)?,
                    date: parse_date(r.get(11)?),
                    date_basis: basis(&r.get::<_, String>(12)?),
                    date_inherited: evidence.date_inherited(),
                    place: location(r.get(19)?),
                    doc_tone: facts.tone,
                    sentence: r.get::<_, i64>(17)? as usize,
                    modality: Modality::parse(&r.get::<_, String>(13)?).unwrap_or(Modality::Asserted),
                    quantities: serde_json::from_str::<Vec<Quantity>>(&r.get::<_, String>(14)?)?,
                    source_text: r.get(15)?,
                    target_text: r.get(16)?,
                    url: facts.url,
                },
            ));
        }
        Ok(out)
    }

    /// Replaces the events of a fusion key.
    pub fn replace_events(&self, key: &str, events: &[Event]) -> Result<()> {
        self.replace(key, None, events)
    }

    /// Replaces the events of a window of a key: the events that the pairs
    /// `rows` (by row id) belong to, which must have no other members (a
    /// closed window: see `dyad_fuse::may_join`), make way for `events`.
    /// The rollups change by the difference.
    pub fn replace_window_events(&self, key: &str, rows: &[i64], events: &[Event]) -> Result<()> {
        self.replace(key, Some(rows), events)
    }

    /// The events of the key, or of the pairs `rows`, make way for `events`.
    fn replace(&self, key: &str, rows: Option<&[i64]>, events: &[Event]) -> Result<()> {
        // The old events, by the key or by the pairs' links.
        let (old_events, unlink) = match rows {
            None => (
                "SELECT id FROM events WHERE key = ?1",
                "UPDATE dyads SET event = NULL WHERE key = ?1 AND event IS NOT NULL",
            ),
            Some(rows) => {
                self.fill_rows(rows)?;
                (
                    "SELECT DISTINCT y.event FROM temp.fuse_rows f CROSS JOIN dyads y ON y.rowid = f.row \
                     WHERE y.event IS NOT NULL AND ?1 = ?1",
                    "UPDATE dyads SET event = NULL WHERE rowid IN (SELECT row FROM temp.fuse_rows) AND event IS NOT NULL \
                     AND ?1 = ?1",
                )
            }
        };
        let old: Vec<RollupRow> = {
            let sql = format!(
                "SELECT source_country, target_country, date, quad_class, goldstein, num_mentions, plover, conflict, disputed \
                 FROM events WHERE id IN ({old_events})"
            );
            let mut stmt = self.tx.prepare_cached(&sql)?;
            let rows = stmt.query_map([key], |r| {
                Ok(RollupRow {
                    source_country: r.get(0)?,
                    target_country: r.get(1)?,
                    date: parse_date(r.get(2)?),
                    quad_class: r.get(3)?,
                    goldstein: r.get(4)?,
                    mentions: r.get(5)?,
                    plover: r.get(6)?,
                    conflict: r.get::<_, i64>(7)? != 0,
                    disputed: r.get::<_, i64>(8)? != 0,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        self.tx.prepare_cached(&format!("DELETE FROM events WHERE id IN ({old_events})"))?.execute([key])?;
        // Pairs linked to no event (new ones) are left alone: rewriting
        // their rows and `dyads_event` entries to the same NULL cost as much
        // as the link that follows.
        self.tx.prepare_cached(unlink)?.execute([key])?;
        let mut ins = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO events (id, key, source, source_country, target, target_country, cameo, cameo_root, plover, \
             quad_class, goldstein, date, date_precision, day_start, day_end, first_report, last_report, num_mentions, \
             num_sources, num_articles, modality, disputed, conflict, quantities_json, source_name, target_name, source_url, \
             location_json, place_country, lat, lon, avg_tone) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, \
             ?28, ?29, ?30, ?31, ?32)",
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
                e.date.map_or(UNDATED, |d| d.to_last_day()),
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
                e.location.as_ref().map(serde_json::to_string).transpose()?,
                e.location.as_ref().map(|l| l.country.as_str()),
                e.location.as_ref().map(|l| l.lat),
                e.location.as_ref().map(|l| l.lon),
                e.avg_tone,
            ])?;
            for m in &e.mention_ids {
                link.execute(params![e.id, key, m])?;
            }
        }
        let new: Vec<RollupRow> = events
            .iter()
            .map(|e| RollupRow {
                source_country: e.source_country.clone(),
                target_country: e.target_country.clone(),
                date: e.date,
                quad_class: e.quad_class,
                goldstein: f64::from(e.goldstein),
                mentions: e.num_mentions,
                plover: e.plover.clone(),
                conflict: e.conflict,
                disputed: e.disputed,
            })
            .collect();
        self.update_rollups(key, &old, &new)
    }

    /// Changes a key's rows of the timeline and ranking rollups, and the
    /// country-level rollups, by the difference between the events taken
    /// out (`old`) and put in (`new`); a key's row that counts no event
    /// any more is deleted.
    fn update_rollups(&self, key: &str, old: &[RollupRow], new: &[RollupRow]) -> Result<()> {
        use std::collections::BTreeMap;
        let mut periods: BTreeMap<(&str, &str, String, u8), (i64, f64)> = BTreeMap::new();
        let mut totals: BTreeMap<(&str, &str), (i64, i64, f64)> = BTreeMap::new();
        for (sign, rows) in [(-1_i64, old), (1, new)] {
            for e in rows {
                let pair = (e.source_country.as_str(), e.target_country.as_str());
                let g = sign as f64 * e.goldstein;
                let t = totals.entry(pair).or_default();
                t.0 += sign;
                t.1 += sign * i64::from(e.mentions);
                t.2 += g;
                if let Some(d) = e.date {
                    let period = crate::rollup::period_of(d);
                    let p = periods.entry((pair.0, pair.1, period, e.quad_class)).or_default();
                    p.0 += sign;
                    p.1 += g;
                }
            }
        }
        // Events that came out as they went in change nothing.
        periods.retain(|_, (n, g)| *n != 0 || *g != 0.0);
        totals.retain(|_, (n, m, g)| *n != 0 || *m != 0 || *g != 0.0);
        let mut key_period = self.tx.prepare_cached(
            "UPDATE key_periods SET events = events + ?6, goldstein = goldstein + ?7 \
             WHERE key = ?1 AND source_country = ?2 AND target_country = ?3 AND period = ?4 AND quad_class = ?5",
        )?;
        let mut new_key_period = self.tx.prepare_cached(
            "INSERT INTO key_periods (key, source_country, target_country, period, quad_class, events, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
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
            if key_period.execute(params![key, s, t, period, quad, n, g])? == 0 {
                new_key_period.execute(params![key, s, t, period, quad, n, g])?;
            }
            // A one-sided event (an empty side) is no pair: it counts only
            // in the timeline of the actor it names.
            if !s.is_empty() && !t.is_empty() {
                pair.execute(params![s, t, period, quad, n, g])?;
            }
            if !s.is_empty() {
                actor.execute(params![s, period, quad, n, g])?;
            }
            if s != t && !t.is_empty() {
                actor.execute(params![t, period, quad, n, g])?;
            }
        }
        let mut key_total = self.tx.prepare_cached(
            "UPDATE key_totals SET events = events + ?4, mentions = mentions + ?5, goldstein = goldstein + ?6 \
             WHERE key = ?1 AND source_country = ?2 AND target_country = ?3",
        )?;
        let mut new_key_total = self.tx.prepare_cached(
            "INSERT INTO key_totals (key, source_country, target_country, events, mentions, goldstein) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ((s, t), (n, m, g)) in &totals {
            if key_total.execute(params![key, s, t, n, m, g])? == 0 {
                new_key_total.execute(params![key, s, t, n, m, g])?;
            }
        }
        self.tx.prepare_cached("DELETE FROM key_periods WHERE key = ?1 AND events <= 0")?.execute([key])?;
        self.tx.prepare_cached("DELETE FROM key_totals WHERE key = ?1 AND events <= 0")?.execute([key])?;
        crate::rollup::update(&self.tx, &mut self.packs.borrow_mut(), old, new)
    }

    /// Makes the batch durable and visible.
    pub fn commit(self) -> Result<()> {
        crate::rollup::flush(&self.tx, self.packs.take())?;
        let mut tx = self.tx;
        tx.conn.execute_batch("COMMIT")?;
        tx.open = false;
        Ok(())
    }
}
