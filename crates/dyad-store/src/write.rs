//! The write side of the store: a [`Tx`] inserts a batch of documents, their
//! mentions and dyads, finds near-duplicate candidates, and replaces the
//! events (and rollups) of the fusion keys the batch touched; nothing is
//! visible until [`Tx::commit`].

use rusqlite::{params, OptionalExtension};

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
}

impl Store {
    /// Starts a write transaction.
    pub fn transaction(&mut self) -> Result<Tx<'_>> {
        Ok(Tx { tx: self.conn.transaction()? })
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
                "INSERT INTO documents (hash, ext_id, title, date, source, url, origin, text, sentences, cluster, signature, tone) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11)",
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
                d.tone
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
    /// codes, country and words.
    pub fn insert_dyad(
        &self,
        mention: i64,
        key: &str,
        stable: &str,
        source: Option<&ActorRef>,
        target: Option<&ActorRef>,
    ) -> Result<()> {
        fn parts(a: Option<&ActorRef>) -> (&str, &str, &str) {
            a.map_or(("", "", ""), |a| (&a.code, &a.country, &a.text))
        }
        let (source_code, source_country, source_text) = parts(source);
        let (target_code, target_country, target_text) = parts(target);
        self.tx
            .prepare_cached(
                "INSERT INTO dyads (mention, key, stable, source, source_country, target, target_country, \
                 source_text, target_text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
                target_text
            ])?;
        Ok(())
    }

    /// Everything fusion needs about the dyad mentions of a key.
    pub fn dyad_records(&self, key: &str) -> Result<Vec<DyadRecord>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT m.id, y.stable, d.cluster, d.ext_id, coalesce(d.source, d.ext_id), d.date, y.source, y.source_country, \
             y.target, y.target_country, m.cameo, m.plover, m.quad_class, m.goldstein, m.date, m.date_basis, m.modality, \
             m.quantities_json, y.source_text, y.target_text, d.url, m.sentence, \
             json_extract(m.evidence_json, '$.date_text'), m.location_json, d.tone FROM dyads y JOIN mentions m ON m.id = y.mention JOIN documents d ON d.id = m.doc \
             WHERE y.key = ?1 ORDER BY y.stable",
        )?;
        let mut rows = stmt.query([key])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let date_text: Option<String> = r.get(22)?;
            let evidence = Evidence { date_text, ..Evidence::default() };
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
                date_inherited: evidence.date_inherited(),
                place: location(r.get(23)?),
                doc_tone: r.get(24)?,
                sentence: r.get::<_, i64>(21)? as usize,
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
        // A one-sided event (an empty side) is no pair: it counts only in
        // the timeline of the actor it names.
        for ((s, t, period, quad), (n, g)) in &periods {
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
