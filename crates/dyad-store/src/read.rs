//! The read side of the store: events with filters and a cursor, one event
//! with its mentions and documents, timelines, rankings, the network of a
//! period, documents, clusters and full-text search, and the exports'
//! iterators. Every query reads through indexes that also give the order.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use crate::rollup::{Pack, Sum};
use crate::*;

pub(crate) fn dyad_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DyadSummary> {
    Ok(DyadSummary {
        source: r.get(0)?,
        target: r.get(1)?,
        events: r.get(2)?,
        mentions: r.get(3)?,
        goldstein: r.get(4)?,
    })
}

impl Store {
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
            // An event's date (a day, a month or a year) lies within one
            // calendar year: an event that reaches `from` starts on or after
            // the first day of `from`'s year. That lower bound on
            // `day_start` lets the index skip everything older, and starts
            // the scan at `from` itself when `from` is a year.
            common.push_str(&format!(" AND day_end >= {}", bind(f.to_days().into())));
            let year_start = f.truncate(dyad_types::DatePrecision::Year).to_days();
            common.push_str(&format!(" AND day_start >= {}", bind(year_start.into())));
        }
        if q.from.is_some() || q.to.is_some() {
            let to = q.to.as_ref().map_or(UNDATED - 1, PartialDate::to_last_day);
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
        if let Some(c) = &q.place_country {
            common.push_str(&format!(" AND place_country = {}", bind(c.to_ascii_uppercase().into())));
        }
        if q.located {
            common.push_str(" AND lat IS NOT NULL");
        }
        if let Some((lat, lon, km)) = q.near {
            // A bounding box in SQL (the `events_lat` index); the exact
            // great-circle distance is checked on the rows it returns.
            let dlat = km / 111.0;
            common.push_str(&format!(
                " AND lat BETWEEN {} AND {}",
                bind((lat - dlat).into()),
                bind((lat + dlat).into())
            ));
            let dlon = km / (111.0 * lat.to_radians().cos().max(0.01));
            if lon - dlon > -180.0 && lon + dlon < 180.0 && dlon < 180.0 {
                common.push_str(&format!(
                    " AND lon BETWEEN {} AND {}",
                    bind((lon - dlon).into()),
                    bind((lon + dlon).into())
                ));
            }
        }
        if q.conflicts {
            common.push_str(" AND (conflict = 1 OR disputed = 1)");
        }
        if let Some(n) = q.min_sources {
            common.push_str(&format!(" AND num_sources >= {}", bind(i64::from(n).into())));
        }
        if q.disputed {
            common.push_str(" AND disputed = 1");
        }
        if let Some(p) = q.min_confidence {
            let p = bind(f64::from(p).into());
            common.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM dyads d JOIN mentions m ON m.id = d.mention \
                 WHERE d.event = events.id AND m.confidence >= {p})"
            ));
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
            let (mut e, _, quantities) = r?;
            if let (Some((lat, lon, km)), Some(l)) = (q.near, &e.location) {
                if l.km_to(lat, lon) > km {
                    continue;
                }
            }
            e.quantities = serde_json::from_str::<Vec<FusedQuantity>>(&quantities)?;
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
            let doc = doc_row(r, MENTION_WIDTH)?;
            let (mid, m) = mention_row(r, doc.ext_id.clone())?;
            e.mention_ids.push(mid);
            mentions.push(StoredMention { id: mid, doc, mention: m });
        }
        Ok(Some((e, mentions)))
    }

    /// Events per period and quad class, and the Goldstein sum, for events
    /// between two states (both directions) or, with `b` = `None`, involving
    /// `a` (one-sided events of `a` included). Months and years are read from the per-key rollups, days from
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

    /// The most active actor pairs (directed), by number of events, then
    /// mentions. One-sided events (an empty side) are no pair and are left
    /// out. Reads the `pair_totals` rollup through its ranking index.
    pub fn top_dyads(&self, limit: usize) -> Result<Vec<DyadSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT source_country, target_country, events, mentions, goldstein FROM pair_totals \
             WHERE events > 0 ORDER BY events DESC, mentions DESC, source_country, target_country LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], dyad_summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The actor network for a period (`YYYY` or `YYYY-MM` bounds,
    /// inclusive, compared with each event's period — `YYYY-MM`, or `YYYY`
    /// for a date known only to the year — as text): states as nodes with
    /// their number of events, directed pairs as edges with events and
    /// Goldstein sums; the `limit` busiest edges (ties by codes; `mentions`
    /// is 0). One-sided events are no edge.
    ///
    /// All time reads `pair_totals`; a period reads its whole years from
    /// `pair_year_packs` and the months at its ends from
    /// `pair_month_packs`, one row per year or month holding all its
    /// pairs: a decade reads ten rows, and the sums are made here, as
    /// SQLite's `sum()` made them when each pair had a row per period.
    pub fn network(&self, from: Option<&str>, to: Option<&str>, limit: usize) -> Result<Vec<DyadSummary>> {
        if from.is_none() && to.is_none() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT source_country, target_country, events, 0, goldstein FROM pair_totals WHERE events > 0 \
                 ORDER BY events DESC, source_country, target_country LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit as i64], dyad_summary)?;
            return Ok(rows.collect::<rusqlite::Result<_>>()?);
        }
        let (years, months) = crate::rollup::split_period(from, to);
        let ranges = years.into_iter().map(|r| (Pack::Year, r)).chain(months.into_iter().map(|r| (Pack::Month, r)));
        // Summed in the order SQL summed the rows of one pair per period
        // (years, then the months at the ends), as SQLite's `sum()` adds.
        // Keyed by the pair's bytes in the pack: a look-up allocates nothing.
        let mut sums: HashMap<Vec<u8>, (String, String, i64, Sum)> = HashMap::new();
        for (pack, (lo, hi)) in ranges {
            let (table, column) = (pack.table(), pack.column());
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT pairs FROM {table} WHERE {column} >= ?1 AND {column} <= ?2 ORDER BY {column}"
            ))?;
            let mut rows = stmt.query([lo, hi])?;
            while let Some(r) = rows.next()? {
                let blob = r.get_ref(0)?.as_blob().ok();
                let read = blob.and_then(|blob| {
                    crate::rollup::for_each_pair(blob, |key, s, t, n, g| match sums.get_mut(key) {
                        Some((_, _, events, sum)) => {
                            *events += n;
                            sum.add(g);
                        }
                        None => {
                            let mut sum = Sum::default();
                            sum.add(g);
                            sums.insert(key.to_vec(), (s.to_string(), t.to_string(), n, sum));
                        }
                    })
                });
                if read.is_none() {
                    return Err(Error::Schema(format!("a row of {table} is not a pack of pairs")));
                }
            }
        }
        let mut edges: Vec<DyadSummary> = sums
            .into_values()
            .filter(|(_, _, n, _)| *n > 0)
            .map(|(source, target, n, sum)| DyadSummary {
                source,
                target,
                events: u32::try_from(n).unwrap_or(u32::MAX),
                mentions: 0,
                goldstein: sum.value(),
            })
            .collect();
        edges.sort_unstable_by(|a, b| {
            b.events.cmp(&a.events).then_with(|| a.source.cmp(&b.source)).then_with(|| a.target.cmp(&b.target))
        });
        edges.truncate(limit);
        Ok(edges)
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
            let d = doc_row(r, MENTION_WIDTH)?;
            let (id, mention) = mention_row(r, d.ext_id.clone())?;
            let events: Option<String> = r.get(MENTION_WIDTH + DOC_WIDTH)?;
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
    /// taken as words, not FTS syntax, and bounded as [`search_words`] says:
    /// a query it refuses finds nothing here (the server answers why).
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(DocSummary, String)>> {
        let Ok(words) = crate::search_words(query) else { return Ok(Vec::new()) };
        let words: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        let sql = format!(
            "SELECT {DOC_COLUMNS}, snippet(documents_fts, 1, '<b>', '</b>', '…', 12) FROM documents_fts \
             JOIN documents d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows =
            stmt.query_map(params![words.join(" "), limit as i64], |r| Ok((doc_row(r, 0)?, r.get(DOC_WIDTH)?)))?;
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
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (mut e, _, q) = event_row(r)?;
            e.quantities = serde_json::from_str(&q)?;
            e.mention_ids = self.mention_ids(e.id)?;
            f(e)?;
        }
        Ok(())
    }

    /// The ids of the events with at least one mention of confidence `p` or
    /// more (for exports that leave out the rest).
    pub fn confident_events(&self, p: f32) -> Result<std::collections::HashSet<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT d.event FROM dyads d JOIN mentions m ON m.id = d.mention \
             WHERE d.event IS NOT NULL AND m.confidence >= ?1",
        )?;
        let ids = stmt.query_map([f64::from(p)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The ids of an event's mentions, in order ([`Store::events`] leaves
    /// `mention_ids` empty: a page of events costs one query).
    pub fn mention_ids(&self, event: i64) -> Result<Vec<i64>> {
        let mut ids =
            self.conn.prepare_cached("SELECT DISTINCT mention FROM dyads WHERE event = ?1 ORDER BY mention")?;
        let out = ids.query_map([event], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// Every mention with its document, in id order (for exports).
    pub fn all_mentions(&self, mut f: impl FnMut(StoredMention) -> Result<()>) -> Result<()> {
        let sql = format!(
            "SELECT {MENTION_COLUMNS}, {DOC_COLUMNS} FROM mentions m JOIN documents d ON d.id = m.doc ORDER BY m.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let doc = doc_row(r, MENTION_WIDTH)?;
            let (id, mention) = mention_row(r, doc.ext_id.clone())?;
            f(StoredMention { id, doc, mention })?;
        }
        Ok(())
    }

    /// Stored documents in id order, from the first id after `after`, at
    /// most `limit`.
    pub fn documents(&self, after: i64, limit: usize) -> Result<Vec<DocSummary>> {
        let sql = format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.id > ?1 ORDER BY d.id LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![after, limit], |r| doc_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A document's summary and text.
    pub fn document(&self, id: i64) -> Result<Option<(DocSummary, String)>> {
        let sql = format!("SELECT {DOC_COLUMNS}, d.text FROM documents d WHERE d.id = ?1");
        Ok(self.conn.query_row(&sql, [id], |r| Ok((doc_row(r, 0)?, r.get(DOC_WIDTH)?))).optional()?)
    }
}
