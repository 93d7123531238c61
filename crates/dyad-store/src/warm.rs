//! Bringing a store's hot pages into the OS page cache at once ([`warm`]).
//!
//! A cold aggregate (the server just started, the file out of the page
//! cache) reads few pages — a year's network is one row of
//! `pair_year_packs`, a few pages — but each read waits for the one before it: the schema,
//! then each B-tree level from the root down, then the leaves one after
//! another, scattered through a file written batch by batch. On a virtual
//! disk at several milliseconds a read that is 0.25–1.5 s. [`warm`] reads
//! the same pages from many threads at once, a B-tree level at a time, so
//! that the whole set costs a few round trips: the schema, every page of
//! the rollup tables ([`ROLLUPS`]), and the interior pages of every other
//! table and index (so that any other lookup costs its leaves only).
//!
//! It only reads: it parses SQLite's B-tree pages from the main file
//! (`https://sqlite.org/fileformat2.html`, section 1.6), and pages that a
//! newer copy in the write-ahead log hides are read for nothing, so it
//! reads the log too. A page it misreads costs a wasted read, never a
//! wrong answer: the queries read through SQLite as before.

use std::collections::HashSet;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};

use crate::Result;

/// The tables (and their indexes) the dashboard's aggregates read whole:
/// rankings and networks (`pair_*`), categories and view counts
/// (`category_*`), actor timelines (`actor_periods`, `pair_periods`).
pub const ROLLUPS: &[&str] = &[
    "pair_totals",
    "pair_month_packs",
    "pair_year_packs",
    "category_periods",
    "category_years",
    "actor_periods",
    "pair_periods",
];

/// The rollups whose rows are larger than a page: their B-tree leaves
/// hold the start of each row, the rest is in a chain of overflow pages
/// that only the row itself leads to.
const PACKS: &[&str] = &["pair_year_packs", "pair_month_packs"];

/// Threads reading at once: enough requests in flight to keep a disk's
/// queue busy, few enough to leave room for the requests served meanwhile
/// (with 32, the first answers of a cold server waited behind its reads).
const READERS: usize = 8;

/// What [`warm`] read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Warmed {
    /// B-trees visited (tables and indexes, the schema included).
    pub trees: usize,
    /// Pages of the main file read.
    pub pages: u64,
    /// Bytes read, the write-ahead log included.
    pub bytes: u64,
}

/// One B-tree to read: its root, and whether its leaves are wanted.
#[derive(Clone, Copy)]
struct Tree {
    root: u32,
    whole: bool,
}

/// Reads into the OS page cache the pages of the store at `path` that
/// cold aggregates need (see the module's notes): every page of the
/// tables and indexes of [`ROLLUPS`] and of the schema, the interior
/// pages of every other B-tree, and the write-ahead log. Takes a few
/// round trips of the disk, not one per page.
pub fn warm(path: &Path) -> Result<Warmed> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let page_size: u64 = conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))?.unsigned_abs();
    let page_count: u64 = conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))?.unsigned_abs();
    let mut trees = vec![Tree { root: 1, whole: true }];
    let mut stmt = conn.prepare("SELECT coalesce(tbl_name, name), rootpage FROM sqlite_schema WHERE rootpage > 0")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    for row in rows {
        let (table, root) = row?;
        let Ok(root) = u32::try_from(root) else { continue };
        trees.push(Tree { root, whole: ROLLUPS.contains(&table.as_str()) });
    }
    drop(stmt);
    drop(conn);

    let file = File::open(path)?;
    let reader = Pages { file: &file, size: page_size, count: page_count };
    let mut out = Warmed { trees: trees.len(), ..Warmed::default() };
    // Each tree's depth, from its leftmost path: the trees read in parallel.
    let depths = parallel(&trees, |t| {
        let mut depth = 1_usize;
        let mut page = t.root;
        while let Some(node) = reader.read(page) {
            match node.children.first() {
                Some(&child) if node.interior && depth < 64 => {
                    depth += 1;
                    page = child;
                }
                _ => break,
            }
        }
        depth
    });
    // Level by level: every page of a level at once, then their children.
    let mut level: Vec<(u32, usize)> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    for (i, t) in trees.iter().enumerate() {
        if seen.insert(t.root) {
            level.push((t.root, i));
        }
    }
    let mut depth = 1;
    while !level.is_empty() {
        let read = parallel(&level, |&(page, tree)| (tree, reader.read(page)));
        out.pages += read.iter().filter(|(_, n)| n.is_some()).count() as u64;
        let mut next = Vec::new();
        for (tree, node) in read {
            let Some(node) = node else { continue };
            // Children are leaves when the tree is one level deeper than this.
            let leaves_next = depths[tree] <= depth + 1;
            if !node.interior || (leaves_next && !trees[tree].whole) {
                continue;
            }
            for child in node.children {
                if seen.insert(child) {
                    next.push((child, tree));
                }
            }
        }
        level = next;
        depth += 1;
    }
    out.bytes = out.pages * page_size;
    out.bytes += read_packs(path);
    out.bytes += read_through(
        &path.with_file_name(format!("{}-wal", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())),
    );
    Ok(out)
}

/// The main file's pages.
struct Pages<'a> {
    file: &'a File,
    size: u64,
    count: u64,
}

/// What [`Pages::read`] found in a B-tree page.
struct Node {
    interior: bool,
    children: Vec<u32>,
}

impl Pages<'_> {
    /// Reads page `n` (from 1) and its child page numbers; `None` when it
    /// cannot be read or is no B-tree page.
    fn read(&self, n: u32) -> Option<Node> {
        if n == 0 || u64::from(n) > self.count {
            return None;
        }
        let size = usize::try_from(self.size).ok()?;
        let mut buf = vec![0_u8; size];
        self.file.read_exact_at(&mut buf, (u64::from(n) - 1) * self.size).ok()?;
        // Page 1 starts with the 100-byte file header.
        let at = if n == 1 { 100 } else { 0 };
        let u16_at = |i: usize| buf.get(i..i + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])));
        let u32_at = |i: usize| buf.get(i..i + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
        match buf.get(at)? {
            // Leaves of an index (WITHOUT ROWID tables too) and of a table.
            0x0a | 0x0d => Some(Node { interior: false, children: Vec::new() }),
            // Interior pages: a child per cell, then the right-most one.
            0x02 | 0x05 => {
                let cells = u16_at(at + 3)?;
                let mut children = Vec::with_capacity(cells + 1);
                for c in 0..cells {
                    let ptr = u16_at(at + 12 + 2 * c)?;
                    children.extend(u32_at(ptr).filter(|&p| p > 0 && u64::from(p) <= self.count));
                }
                children.extend(u32_at(at + 8).filter(|&p| p > 0 && u64::from(p) <= self.count));
                Some(Node { interior: true, children })
            }
            _ => None,
        }
    }
}

/// Reads every pack through SQLite, which follows their overflow chains
/// (one read after another, but a few hundred pages in all); the bytes
/// read, or 0 when the store has no packs.
fn read_packs(path: &Path) -> u64 {
    let Ok(conn) =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
    else {
        return 0;
    };
    let mut bytes = 0;
    for table in PACKS {
        let Ok(mut stmt) = conn.prepare(&format!("SELECT pairs FROM {table}")) else { continue };
        let Ok(mut rows) = stmt.query([]) else { continue };
        while let Ok(Some(r)) = rows.next() {
            bytes += r.get_ref(0).ok().and_then(|v| v.as_blob().ok()).map_or(0, |b| b.len() as u64);
        }
    }
    bytes
}

/// Reads a whole file (the write-ahead log) front to back; its size, or 0.
fn read_through(path: &Path) -> u64 {
    let Ok(file) = File::open(path) else { return 0 };
    let mut buf = vec![0_u8; 1 << 20];
    let mut at = 0_u64;
    while let Ok(n) = file.read_at(&mut buf, at) {
        if n == 0 {
            break;
        }
        at += n as u64;
    }
    at
}

/// `f` over `items` on up to [`READERS`] threads, results in item order.
fn parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|s| {
        for _ in 0..READERS.min(items.len()) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut out) = out.lock() {
                    out.push((i, r));
                }
            });
        }
    });
    let mut out = out.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On a store whose rollup tables and indexes span several levels,
    /// `warm` reads every one of their pages and no leaf of the other
    /// tables, with SQLite's own page list (`dbstat`) as the measure.
    #[test]
    fn warm_reads_the_rollups_whole_and_only_the_interior_of_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        {
            let store = crate::Store::open(&path).unwrap();
            // Enough rows for interior pages in both kinds of tree.
            store
                .conn
                .execute_batch(
                    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                     INSERT INTO pair_periods SELECT printf('S%05d', i), 'TGT',
                         printf('%04d-%02d', 1990 + i % 30, 1 + i % 12), 1, 1, 0.5 FROM n;
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                     INSERT INTO key_totals SELECT printf('key-%06d', i), 'AAA', 'BBB', 1, 1, 0.0 FROM n;
                     PRAGMA wal_checkpoint(TRUNCATE);",
                )
                .unwrap();
        }
        let conn = Connection::open(&path).unwrap();
        let pages = |sql: &str| -> HashSet<u32> {
            let mut stmt = conn.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| r.get::<_, u32>(0)).unwrap();
            rows.map(|r| r.unwrap()).collect()
        };
        let rollup_pages = pages("SELECT pageno FROM dbstat WHERE name = 'pair_periods'");
        let other_leaves = pages("SELECT pageno FROM dbstat WHERE name = 'key_totals' AND pagetype = 'leaf'");
        let other_interior = pages("SELECT pageno FROM dbstat WHERE name = 'key_totals' AND pagetype = 'internal'");
        assert!(
            rollup_pages.len() > 50 && !other_interior.is_empty(),
            "{} {}",
            rollup_pages.len(),
            other_interior.len()
        );

        let file = File::open(&path).unwrap();
        let count = std::fs::metadata(&path).unwrap().len() / 4096;
        let reader = Pages { file: &file, size: 4096, count };
        // What `warm` visits, by the same walk, recorded.
        let w = warm(&path).unwrap();
        assert!(w.trees > 10, "{w:?}");
        let mut visited = HashSet::new();
        let mut stack = vec![1_u32];
        let roots = pages("SELECT rootpage FROM sqlite_schema WHERE rootpage > 0");
        stack.extend(roots);
        while let Some(p) = stack.pop() {
            if visited.insert(p) {
                if let Some(n) = reader.read(p) {
                    stack.extend(n.children);
                }
            }
        }
        // The walk of the page format finds exactly SQLite's pages.
        assert!(rollup_pages.is_subset(&visited));
        assert!(other_leaves.is_subset(&visited) && other_interior.is_subset(&visited));
        // And `warm` reads the rollup's pages and the others' interior
        // pages, leaving the others' leaves: it read fewer pages than all.
        let all = visited.len() as u64;
        let leaves = other_leaves.len() as u64;
        assert!(w.pages >= rollup_pages.len() as u64 + other_interior.len() as u64, "{w:?}");
        assert!(w.pages <= all - leaves, "{w:?}: {all} pages, {leaves} leaves of key_totals");
    }
}
