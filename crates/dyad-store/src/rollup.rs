//! The aggregate rollups of schema version 6 (`pair_totals`, `pair_months`,
//! `pair_years`, `category_periods`): changed by the difference between
//! the events a re-fusion takes out and those it puts in, in the writer's
//! transaction, so that they always equal a query over `events`
//! (`tests.rs` checks it after ingests, re-ingests and windowed updates).

use std::collections::BTreeMap;

use dyad_types::{DatePrecision, PartialDate};
use rusqlite::{params, Connection};

use crate::{Period, Result, Store};

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
            Period::Year => {
                "SELECT substr(period, 1, 4) AS p, plover, sum(events), sum(mentions), sum(goldstein) FROM category_periods \
                 WHERE period >= ?1 AND period <= ?2 AND events > 0 GROUP BY p, plover ORDER BY p, plover"
            }
            Period::Month | Period::Day => {
                "SELECT period AS p, plover, sum(events), sum(mentions), sum(goldstein) FROM category_periods \
                 WHERE period >= ?1 AND period <= ?2 AND length(period) = 7 AND events > 0 GROUP BY p, plover \
                 ORDER BY p, plover"
            }
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![lo, hi], |r| {
            Ok(CategoryCount {
                period: r.get(0)?,
                plover: r.get(1)?,
                events: r.get::<_, i64>(2)?.unsigned_abs(),
                mentions: r.get::<_, i64>(3)?.unsigned_abs(),
                goldstein: r.get(4)?,
            })
        })?;
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

/// Changes the version-6 rollups by the difference between `old` and `new`.
pub(crate) fn update(conn: &Connection, old: &[RollupRow], new: &[RollupRow]) -> Result<()> {
    let mut totals: BTreeMap<(&str, &str), Delta> = BTreeMap::new();
    let mut months: BTreeMap<(String, &str, &str), Delta> = BTreeMap::new();
    let mut years: BTreeMap<(String, &str, &str), Delta> = BTreeMap::new();
    let mut categories: BTreeMap<(String, &str, u8), Delta> = BTreeMap::new();
    for (sign, rows) in [(-1_i64, old), (1, new)] {
        for e in rows {
            let period = e.date.map(period_of).unwrap_or_default();
            categories.entry((period.clone(), e.plover.as_str(), e.quad_class)).or_default().add(sign, e);
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
    for (table, column, rows) in [("pair_months", "period", &months), ("pair_years", "year", &years)] {
        let mut stmt = conn.prepare_cached(&format!(
            "INSERT INTO {table} ({column}, source_country, target_country, events, goldstein) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT DO UPDATE SET events = events + excluded.events, goldstein = goldstein + excluded.goldstein"
        ))?;
        for ((p, s, t), d) in rows.iter().filter(|(_, d)| !d.is_zero()) {
            stmt.execute(params![p, s, t, d.events, d.goldstein])?;
        }
    }
    let mut stmt = conn.prepare_cached(
        "INSERT INTO category_periods (period, plover, quad_class, events, mentions, goldstein, conflicts, disputed) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO UPDATE SET events = events + excluded.events, \
         mentions = mentions + excluded.mentions, goldstein = goldstein + excluded.goldstein, \
         conflicts = conflicts + excluded.conflicts, disputed = disputed + excluded.disputed",
    )?;
    for ((p, plover, quad), d) in categories.iter().filter(|(_, d)| !d.is_zero()) {
        stmt.execute(params![p, plover, quad, d.events, d.mentions, d.goldstein, d.conflicts, d.disputed])?;
    }
    Ok(())
}

/// Inclusive bounds of period (or year) text.
pub(crate) type Range = (String, String);

/// A period's bounds (`YYYY` or `YYYY-MM` text, inclusive, either open)
/// split into the whole years it covers — `pair_years` rows, as an
/// inclusive `YYYY` range — and the ranges of periods at its ends, for
/// `pair_months`. Every period string `p` with `from <= p <= to` is in
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
