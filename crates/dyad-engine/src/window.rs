//! Incremental fusion: a batch re-fuses only the windows of a key that its
//! new pairs (and the pairs of merged near-duplicate clusters) can reach.
//!
//! Two pairs of a key can be in one event only when
//! [`dyad_fuse::may_join`] says so (their periods meet, or their widened
//! periods do and a cluster or a unit of figures could corroborate them).
//! The window of a batch is the closure of its pairs under that relation,
//! found through the store's index on (key, start of the widened period):
//! each round reads the pairs whose widened periods can meet the last
//! round's (each day range once: pairs read and not joined wait in memory
//! for the next rounds), so the work is bounded by the events the new
//! pairs can join, not by the key's history. Fusing that window alone gives exactly the
//! events fusing the whole key would (`dyad-fuse`'s
//! `fusing_each_window_alone_gives_the_events_of_the_whole_key`). A key
//! with an undated pair (which may join an event of any date) is re-fused
//! whole, as are keys stored before windows were kept (schema version 5),
//! whose windows that fills in.

use std::collections::{BTreeMap, HashSet};

use dyad_fuse::{may_join, Reach, MAX_WINDOW_DAYS};
use dyad_store::{Tx, WindowRow};
use dyad_types::DyadRecord;

/// Re-fuses the window of `key` that the pairs `seeds` (row ids) reach;
/// returns how many pairs it fused.
pub(crate) fn refuse(tx: &Tx<'_>, key: &str, seeds: &[i64]) -> dyad_store::Result<usize> {
    match window(tx, key, seeds)? {
        Some(rows) => {
            let records: Vec<DyadRecord> = tx.records_of_rows(&rows)?.into_iter().map(|(_, r)| r).collect();
            tx.replace_window_events(key, &rows, &dyad_fuse::fuse(&records))?;
            Ok(rows.len())
        }
        None => {
            let rows = tx.key_rows(key)?;
            let records = tx.records_of_rows(&rows)?;
            for (row, r) in &records {
                if let Some(w) = dyad_fuse::window_of(r) {
                    tx.set_window(*row, w, &dyad_fuse::units(&r.quantities))?;
                }
            }
            let records: Vec<DyadRecord> = records.into_iter().map(|(_, r)| r).collect();
            tx.replace_events(key, &dyad_fuse::fuse(&records))?;
            Ok(records.len())
        }
    }
}

fn reach(r: &WindowRow) -> Reach<'_> {
    Reach { window: r.window, cluster: r.cluster, units: &r.units }
}

/// The row ids of the window `seeds` reach, or `None` when the key has a
/// pair without a window (it is re-fused whole).
fn window(tx: &Tx<'_>, key: &str, seeds: &[i64]) -> dyad_store::Result<Option<Vec<i64>>> {
    if tx.has_unwindowed(key)? {
        return Ok(None);
    }
    let mut frontier: Vec<WindowRow> = Vec::new();
    for (k, _, row) in tx.rows_by_id(seeds)? {
        match row {
            Some(r) if k == key => frontier.push(r),
            Some(_) => {}
            None => return Ok(None),
        }
    }
    let mut members: HashSet<i64> = frontier.iter().map(|r| r.row).collect();
    // Each day range of widened starts is read once: the pairs read and not
    // (yet) joined wait here, by widened start, for later rounds to test.
    let mut read = Covered::default();
    let mut pending: BTreeMap<(i64, i64), WindowRow> = BTreeMap::new();
    while !frontier.is_empty() {
        frontier.sort_by_key(|r| r.window.wide);
        let mut next = Vec::new();
        // Runs of the frontier whose widened periods overlap, each read
        // with one range query.
        let mut start = 0;
        while start < frontier.len() {
            let (lo, mut hi) = frontier[start].window.wide;
            let mut end = start + 1;
            while end < frontier.len() && frontier[end].window.wide.0 <= hi {
                hi = hi.max(frontier[end].window.wide.1);
                end += 1;
            }
            let run = &frontier[start..end];
            let from = lo - MAX_WINDOW_DAYS;
            for (a, b) in read.take(from, hi) {
                for c in tx.window_rows(key, a, b)? {
                    if !members.contains(&c.row) {
                        pending.insert((c.window.wide.0, c.row), c);
                    }
                }
            }
            let joined: Vec<(i64, i64)> = pending
                .range((from, i64::MIN)..=(hi, i64::MAX))
                .filter(|(_, c)| run.iter().any(|f| may_join(&reach(c), &reach(f))))
                .map(|(k, _)| *k)
                .collect();
            for k in joined {
                if let Some(c) = pending.remove(&k) {
                    members.insert(c.row);
                    next.push(c);
                }
            }
            start = end;
        }
        frontier = next;
    }
    let mut rows: Vec<i64> = members.into_iter().collect();
    rows.sort_unstable();
    Ok(Some(rows))
}

/// The day ranges already read, disjoint and sorted.
#[derive(Default)]
struct Covered(Vec<(i64, i64)>);

impl Covered {
    /// The parts of `from..=to` not read yet, now marked read.
    fn take(&mut self, from: i64, to: i64) -> Vec<(i64, i64)> {
        let mut gaps = Vec::new();
        let mut at = from;
        for &(a, b) in &self.0 {
            if b < at || a > to {
                continue;
            }
            if a > at {
                gaps.push((at, a - 1));
            }
            at = at.max(b.saturating_add(1));
        }
        if at <= to {
            gaps.push((at, to));
        }
        self.0.push((from, to));
        self.0.sort_unstable();
        // Merge overlapping or touching ranges.
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(self.0.len());
        for &(a, b) in &self.0 {
            match merged.last_mut() {
                Some(last) if a <= last.1.saturating_add(1) => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.0 = merged;
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::Covered;

    #[test]
    fn each_day_range_is_read_once() {
        let mut c = Covered::default();
        assert_eq!(c.take(10, 20), [(10, 20)]);
        assert_eq!(c.take(15, 25), [(21, 25)]);
        assert_eq!(c.take(0, 30), [(0, 9), (26, 30)]);
        assert_eq!(c.take(5, 28), []);
        assert_eq!(c.take(40, 50), [(40, 50)]);
        assert_eq!(c.take(29, 45), [(31, 39)]);
        assert_eq!(c.0, [(0, 50)]);
    }
}
