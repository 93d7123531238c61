//! The aggregate rollups (`pair_totals`, `category_periods` and
//! `category_years`, and the pair packs `pair_month_packs` and
//! `pair_year_packs`): changed by the difference between the events a
//! re-fusion takes out and those it puts in, in the writer's transaction,
//! so that they always equal a query over `events` (`tests.rs` and
//! `dyad-engine`'s `incremental.rs` check it after ingests, re-ingests and
//! windowed updates).
//!
//! A pack holds one period's (or year's) pairs in one row: a network of a
//! decade reads ten rows, not the 13,000 of one row per pair and year,
//! which at 32 connections on two cores made it wait 400 ms
//! (`bench/results/2026-12-07-aggregates-2.md`). Its format is in
//! `docs/store-schema.md`.

use std::collections::BTreeMap;

use dyad_types::{DatePrecision, PartialDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::{Error, Period, Result, Store};

/// One PLOVER category's events in one period ([`Store::categories`]).
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryCount {
    /// `YYYY` or `YYYY-MM`.
    pub period: String,
    /// PLOVER category (empty for events without one).
    pub plover: String,
    /// Events.
    pub events: u64,
    /// Their mentions.
    pub mentions: u64,
    /// Sum of their Goldstein scores.
    pub goldstein: f64,
}

/// The event counts of a view ([`Store::view_counts`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ViewCounts {
    /// Events.
    pub events: u64,
    /// Their mentions (`num_mentions` summed).
    pub mentions: u64,
    /// Events whose sources disagree on figures or on whether it happened.
    pub conflicts: u64,
    /// Events one source reports and another denies.
    pub disputed: u64,
    /// Sum of their Goldstein scores.
    pub goldstein: f64,
}

impl Store {
    /// Events per PLOVER category and year (or month) whose date lies in
    /// `from..=to` (years, inclusive, either open), from the
    /// `category_periods` rollup. By month, events dated only to the
    /// year are left out (as in [`Store::timeline`]); by year they count
    /// in their year. Undated events are in no period. `Period::Day` is
    /// read as months. Ordered by period, then category.
    pub fn categories(&self, from: Option<i32>, to: Option<i32>, by: Period) -> Result<Vec<CategoryCount>> {
        let lo = format!("{:04}", from.unwrap_or(0).clamp(0, 9999));
        let hi = format!("{:04}-12", to.unwrap_or(9999).clamp(0, 9999));
        let sql = match by {
            // A year's row counts its months' and its year-precision events.
            Period::Year => {
                "SELECT year AS p, plover, sum(events), sum(mentions), sum(goldstein) FROM category_years \
                 WHERE year >= substr(?1, 1, 4) AND year <= substr(?2, 1, 4) AND events > 0 GROUP BY p, plover \
                 ORDER BY p, plover"
            }
            Period::Month | Period::Day => {
                "SELECT period AS p, plover, sum(events), sum(mentions), sum(goldstein) FROM category_periods \
                 WHERE period >= ?1 AND period <= ?2 AND length(period) = 7 AND events > 0 GROUP BY p, plover \
                 ORDER BY p, plover"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![lo, hi], category_count)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The counts of the events that [`Store::events`] finds with only
    /// these filters, from the `category_periods` rollup: `from`/`to` by
    /// overlap as there, `plover` (any case) and `quad_class`. `None`
    /// when a bound is a day: a month's rollup row cannot tell which of its
    /// events overlap it.
    pub fn view_counts(
        &self,
        from: Option<PartialDate>,
        to: Option<PartialDate>,
        plover: Option<&str>,
        quad_class: Option<u8>,
    ) -> Result<Option<ViewCounts>> {
        if [from, to].iter().flatten().any(|d| d.precision() == DatePrecision::Day) {
            return Ok(None);
        }
        let dated = from.is_some() || to.is_some();
        // An event of month `p` overlaps the range when `p` lies between its
        // first and last months; one of year `y`, when `y` lies between its
        // years.
        let first_month = from.map_or("0000-01".to_string(), |d| format!("{:04}-{:02}", d.year, d.month.max(1)));
        let last_month = to.map_or("9999-12".to_string(), |d| {
            format!("{:04}-{:02}", d.year, if d.precision() == DatePrecision::Year { 12 } else { d.month })
        });
        let (first_year, last_year) = (&first_month[..4], &last_month[..4]);
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(sum(events), 0), coalesce(sum(mentions), 0), coalesce(sum(conflicts), 0), \
             coalesce(sum(disputed), 0), coalesce(sum(goldstein), 0.0) FROM category_periods \
             WHERE (?1 IS NULL OR plover = ?1) AND (?2 IS NULL OR quad_class = ?2) AND (?3 = 0 OR \
             (length(period) = 7 AND period BETWEEN ?4 AND ?5) OR (length(period) = 4 AND period BETWEEN ?6 AND ?7))",
        )?;
        let plover = plover.map(str::to_ascii_uppercase);
        let n = |v: i64| v.unsigned_abs();
        let c =
            stmt.query_row(params![plover, quad_class, dated, first_month, last_month, first_year, last_year], |r| {
                Ok(ViewCounts {
                    events: n(r.get(0)?),
                    mentions: n(r.get(1)?),
                    conflicts: n(r.get(2)?),
                    disputed: n(r.get(3)?),
                    goldstein: r.get(4)?,
                })
            })?;
        Ok(Some(c))
    }
}

/// A row of period, category, events, mentions and Goldstein sum.
pub(crate) fn category_count(r: &rusqlite::Row<'_>) -> rusqlite::Result<CategoryCount> {
    Ok(CategoryCount {
        period: r.get(0)?,
        plover: r.get(1)?,
        events: r.get::<_, i64>(2)?.unsigned_abs(),
        mentions: r.get::<_, i64>(3)?.unsigned_abs(),
        goldstein: r.get(4)?,
    })
}

/// An event's share of the rollups.
pub(crate) struct RollupRow {
    pub(crate) source_country: String,
    pub(crate) target_country: String,
    pub(crate) date: Option<PartialDate>,
    pub(crate) quad_class: u8,
    pub(crate) goldstein: f64,
    pub(crate) mentions: u32,
    pub(crate) plover: String,
    pub(crate) conflict: bool,
    pub(crate) disputed: bool,
}

/// The rollup period of a date: `YYYY-MM`, or `YYYY` for a date known
/// only to the year.
pub(crate) fn period_of(d: PartialDate) -> String {
    if d.precision() == DatePrecision::Year {
        format!("{:04}", d.year)
    } else {
        format!("{:04}-{:02}", d.year, d.month)
    }
}

/// Counts added to one rollup row.
#[derive(Default)]
struct Delta {
    events: i64,
    mentions: i64,
    goldstein: f64,
    conflicts: i64,
    disputed: i64,
}

impl Delta {
    fn add(&mut self, sign: i64, e: &RollupRow) {
        self.events += sign;
        self.mentions += sign * i64::from(e.mentions);
        self.goldstein += sign as f64 * e.goldstein;
        self.conflicts += sign * i64::from(e.conflict || e.disputed);
        self.disputed += sign * i64::from(e.disputed);
    }

    fn is_zero(&self) -> bool {
        self.events == 0 && self.mentions == 0 && self.goldstein == 0.0 && self.conflicts == 0 && self.disputed == 0
    }
}

/// The pair packs' changes of a transaction, applied at its commit
/// ([`flush`]): a pack is one row per period, so it is rewritten once per
/// batch, not once per fusion key. Each pair keeps the deltas of its keys
/// in order, and the flush adds them one by one, as an `UPDATE … SET
/// goldstein = goldstein + ?` per key would (the same sums to the bit).
#[derive(Default)]
pub(crate) struct Pending {
    packs: BTreeMap<(Pack, String), BTreeMap<(String, String), PairDeltas>>,
}

/// One pair's changes in one pack: events, and each key's Goldstein delta.
type PairDeltas = (i64, Vec<f64>);

/// The two pack tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pack {
    /// `pair_month_packs`: per period, `YYYY-MM` or `YYYY` for events known
    /// only to the year.
    Month,
    /// `pair_year_packs`: per year, every event dated within it.
    Year,
}

impl Pack {
    pub(crate) fn table(self) -> &'static str {
        match self {
            Pack::Month => "pair_month_packs",
            Pack::Year => "pair_year_packs",
        }
    }

    pub(crate) fn column(self) -> &'static str {
        match self {
            Pack::Month => "period",
            Pack::Year => "year",
        }
    }
}

/// Changes the aggregate rollups by the difference between `old` and
/// `new`: the tables at once, the packs through `pending`.
pub(crate) fn update(conn: &Connection, pending: &mut Pending, old: &[RollupRow], new: &[RollupRow]) -> Result<()> {
    let mut totals: BTreeMap<(&str, &str), Delta> = BTreeMap::new();
    let mut months: BTreeMap<(String, &str, &str), Delta> = BTreeMap::new();
    let mut years: BTreeMap<(String, &str, &str), Delta> = BTreeMap::new();
    let mut categories: BTreeMap<(String, &str, u8), Delta> = BTreeMap::new();
    let mut category_years: BTreeMap<(String, &str, u8), Delta> = BTreeMap::new();
    for (sign, rows) in [(-1_i64, old), (1, new)] {
        for e in rows {
            let period = e.date.map(period_of).unwrap_or_default();
            categories.entry((period.clone(), e.plover.as_str(), e.quad_class)).or_default().add(sign, e);
            if let Some(year) = period.get(..4) {
                category_years.entry((year.to_string(), e.plover.as_str(), e.quad_class)).or_default().add(sign, e);
            }
            let (s, t) = (e.source_country.as_str(), e.target_country.as_str());
            if s.is_empty() || t.is_empty() {
                continue;
            }
            totals.entry((s, t)).or_default().add(sign, e);
            if !period.is_empty() {
                years.entry((period[..4].to_string(), s, t)).or_default().add(sign, e);
                months.entry((period, s, t)).or_default().add(sign, e);
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO pair_totals (source_country, target_country, events, mentions, goldstein) VALUES (?1, ?2, ?3, ?4, ?5) \
         ON CONFLICT DO UPDATE SET events = events + excluded.events, mentions = mentions + excluded.mentions, \
         goldstein = goldstein + excluded.goldstein",
    )?;
    for ((s, t), d) in totals.iter().filter(|(_, d)| !d.is_zero()) {
        stmt.execute(params![s, t, d.events, d.mentions, d.goldstein])?;
    }
    for (pack, rows) in [(Pack::Month, months), (Pack::Year, years)] {
        for ((p, s, t), d) in rows.into_iter().filter(|(_, d)| !d.is_zero()) {
            let pairs = pending.packs.entry((pack, p)).or_default();
            let (events, goldstein) = pairs.entry((s.to_string(), t.to_string())).or_default();
            *events += d.events;
            goldstein.push(d.goldstein);
        }
    }
    for (table, column, rows) in
        [("category_periods", "period", &categories), ("category_years", "year", &category_years)]
    {
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {table} ({column}, plover, quad_class, events, mentions, goldstein, conflicts, disputed) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO UPDATE SET events = events + excluded.events, \
             mentions = mentions + excluded.mentions, goldstein = goldstein + excluded.goldstein, \
             conflicts = conflicts + excluded.conflicts, disputed = disputed + excluded.disputed"
        ))?;
        for ((p, plover, quad), d) in rows.iter().filter(|(_, d)| !d.is_zero()) {
            stmt.execute(params![p, plover, quad, d.events, d.mentions, d.goldstein, d.conflicts, d.disputed])?;
        }
    }
    Ok(())
}

/// Writes the packs `pending` changes: each is read, changed and written
/// back once.
pub(crate) fn flush(conn: &Connection, pending: Pending) -> Result<()> {
    for ((pack, period), deltas) in pending.packs {
        let table = pack.table();
        let column = pack.column();
        let stored: Option<Vec<u8>> = conn
            .prepare_cached(&format!("SELECT pairs FROM {table} WHERE {column} = ?1"))?
            .query_row([&period], |r| r.get(0))
            .optional()?;
        let mut pairs = match stored {
            Some(blob) => decode(&blob).ok_or_else(|| corrupt(table, &period))?,
            None => BTreeMap::new(),
        };
        for (pair, (events, goldstein)) in deltas {
            let mut terms = goldstein.into_iter();
            let entry = match pairs.get_mut(&pair) {
                Some(entry) => entry,
                // A new pair starts at its first delta, as an inserted row.
                None => {
                    let first = terms.next().unwrap_or_default();
                    pairs.entry(pair).or_insert((0, first))
                }
            };
            entry.0 += events;
            for g in terms {
                entry.1 += g;
            }
        }
        // A pair that counts nothing and sums to zero adds nothing to any
        // answer (a zero adds nothing to SQLite's or `network`'s sums).
        pairs.retain(|_, (n, g)| *n != 0 || *g != 0.0);
        if pairs.is_empty() {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE {column} = ?1"))?.execute([&period])?;
        } else {
            conn.prepare_cached(&format!("INSERT OR REPLACE INTO {table} ({column}, pairs) VALUES (?1, ?2)"))?
                .execute(params![period, encode(&pairs)])?;
        }
    }
    Ok(())
}

fn corrupt(table: &str, period: &str) -> Error {
    Error::Schema(format!("the row {period:?} of {table} is not a pack of pairs"))
}

/// A pack's pairs: (source, target) → (events, Goldstein sum).
pub(crate) type Pairs = BTreeMap<(String, String), (i64, f64)>;

/// A pack's bytes: per pair, in order, the source and the target (a byte
/// of length, then UTF-8), the events (i64) and the Goldstein sum (f64),
/// little-endian.
pub(crate) fn encode(pairs: &Pairs) -> Vec<u8> {
    let mut out = Vec::with_capacity(pairs.len() * 24);
    for ((s, t), (n, g)) in pairs {
        for side in [s, t] {
            // States and organisations have short codes; a longer one is cut
            // at a character boundary rather than made unreadable.
            let mut end = side.len().min(255);
            while !side.is_char_boundary(end) {
                end -= 1;
            }
            out.push(end as u8);
            out.extend_from_slice(&side.as_bytes()[..end]);
        }
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&g.to_le_bytes());
    }
    out
}

/// Calls `each(pair, source, target, events, goldstein)` for every pair of
/// a pack, in order, where `pair` is the pair's bytes in the pack (a key
/// that names it); `None` when the bytes are not a pack.
pub(crate) fn for_each_pair(mut blob: &[u8], mut each: impl FnMut(&[u8], &str, &str, i64, f64)) -> Option<()> {
    while !blob.is_empty() {
        let s_len = usize::from(*blob.first()?);
        let t_at = 1 + s_len;
        let t_len = usize::from(*blob.get(t_at)?);
        let key_len = t_at + 1 + t_len;
        let (key, rest) = blob.split_at_checked(key_len)?;
        let s = std::str::from_utf8(key.get(1..t_at)?).ok()?;
        let t = std::str::from_utf8(key.get(t_at + 1..)?).ok()?;
        let (n, rest) = rest.split_first_chunk::<8>()?;
        let (g, rest) = rest.split_first_chunk::<8>()?;
        each(key, s, t, i64::from_le_bytes(*n), f64::from_le_bytes(*g));
        blob = rest;
    }
    Some(())
}

fn decode(blob: &[u8]) -> Option<Pairs> {
    let mut pairs = Pairs::new();
    for_each_pair(blob, |_, s, t, n, g| {
        pairs.insert((s.to_string(), t.to_string()), (n, g));
    })?;
    Some(pairs)
}

/// A sum of doubles as SQLite's `sum()` adds them (Kahan-Babuška-Neumaier,
/// SQLite 3.43 and later), so that sums made here equal the ones SQL made.
#[derive(Clone, Copy, Default)]
pub(crate) struct Sum {
    sum: f64,
    err: f64,
}

impl Sum {
    pub(crate) fn add(&mut self, r: f64) {
        let s = self.sum;
        let t = s + r;
        if s.abs() > r.abs() {
            self.err += (s - t) + r;
        } else {
            self.err += (r - t) + s;
        }
        self.sum = t;
    }

    pub(crate) fn value(self) -> f64 {
        if self.err.is_finite() {
            self.sum + self.err
        } else {
            self.sum
        }
    }
}

/// Inclusive bounds of period (or year) text.
pub(crate) type Range = (String, String);

/// A period's bounds (`YYYY` or `YYYY-MM` text, inclusive, either open)
/// split into the whole years it covers — `pair_year_packs` rows, as an
/// inclusive `YYYY` range — and the ranges of periods at its ends, for
/// `pair_month_packs`. Every period string `p` with `from <= p <= to` is in
/// exactly one of them: a year is whole when both its year-precision
/// period (`YYYY`, the smallest of the year) and its last month
/// (`YYYY-12`, the largest) are in the range.
pub(crate) fn split_period(from: Option<&str>, to: Option<&str>) -> (Option<Range>, Vec<Range>) {
    let year = |s: &str| s.get(..4).and_then(|y| y.parse::<i32>().ok()).filter(|y| (0..=9999).contains(y));
    let lo = from.unwrap_or("0000").to_string();
    let hi = to.unwrap_or("9999-12").to_string();
    let (Some(fy), Some(ty)) = (year(&lo), year(&hi)) else { return (None, vec![(lo, hi)]) };
    let first = if format!("{fy:04}") >= lo { fy } else { fy + 1 };
    let last = if format!("{ty:04}-12") <= hi { ty } else { ty - 1 };
    if first > last {
        return (None, vec![(lo, hi)]);
    }
    let mut months = Vec::new();
    if lo < format!("{first:04}") {
        months.push((lo, format!("{:04}-12", first - 1)));
    }
    if last < 9999 && format!("{:04}", last + 1) <= hi {
        months.push((format!("{:04}", last + 1), hi));
    }
    (Some((format!("{first:04}"), format!("{last:04}"))), months)
}

#[cfg(test)]
mod tests {
    use super::split_period;

    #[test]
    fn a_period_splits_into_whole_years_and_the_months_at_its_ends() {
        let s = |f: Option<&str>, t: Option<&str>| {
            let (y, m) = split_period(f, t);
            (y.map(|(a, b)| format!("{a}..{b}")), m.into_iter().map(|(a, b)| format!("{a}..{b}")).collect::<Vec<_>>())
        };
        assert_eq!(s(Some("2005"), Some("2005-12")), (Some("2005..2005".into()), vec![]));
        assert_eq!(s(Some("2005-03"), Some("2006-06")), (None, vec!["2005-03..2006-06".to_string()]));
        assert_eq!(
            s(Some("2004-03"), Some("2007-06")),
            (Some("2005..2006".into()), vec!["2004-03..2004-12".to_string(), "2007..2007-06".to_string()])
        );
        assert_eq!(s(None, Some("2005-06")), (Some("0000..2004".into()), vec!["2005..2005-06".to_string()]));
        assert_eq!(s(Some("2005"), None), (Some("2005..9999".into()), vec![]));
        assert_eq!(s(Some("2005"), Some("2005")), (None, vec!["2005..2005".to_string()]));
        assert_eq!(s(Some("x"), Some("2005")), (None, vec!["x..2005".to_string()]));
    }
}
