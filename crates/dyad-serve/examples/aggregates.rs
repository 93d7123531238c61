//! Cold API aggregates on a large store (issue 14 item 5): a benchmark, not
//! a test. Builds a synthetic store (`dyad_engine::synthetic`, 1,000,000
//! mentions by default) unless the file holds one, then times each
//! aggregate endpoint cold — a new pool of read-only connections (empty
//! SQLite page cache) and no response cache for every request — with the
//! file's pages left in the OS cache (`warm file`) and evicted before each
//! request (`evicted`, `dd iflag=nocache`). "Before" runs the SQL (or the
//! scan) the same answers took before schema version 6, on the same file
//! and a fresh connection each time: its tables are still kept.
//!
//! ```text
//! cargo run --release -p dyad-serve --example aggregates -- [DB] [MENTIONS] [SAMPLES]
//! ```
//!
//! `AGG_BEFORE=0` leaves the "before" column out.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used, reason = "a benchmark's report")]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dyad_engine::store::EventQuery;
use dyad_engine::Store;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Drops the file's pages from the OS page cache.
fn evict(db: &Path) {
    for p in [db.to_path_buf(), PathBuf::from(format!("{}-wal", db.display()))] {
        if p.exists() {
            let _ = std::process::Command::new("dd")
                .arg(format!("if={}", p.display()))
                .args(["iflag=nocache", "count=0", "status=none"])
                .status();
        }
    }
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.99), ms[ms.len() - 1])
}

/// A read connection as the server opens one, for the old SQL.
fn connection(db: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.pragma_update(None, "mmap_size", 1_i64 << 34).unwrap();
    c.pragma_update(None, "cache_size", -32_768).unwrap();
    c
}

/// Rows of an old query.
fn rows(c: &rusqlite::Connection, sql: &str) -> usize {
    let mut stmt = c.prepare(sql).unwrap();
    let n = stmt.query_map([], |_| Ok(())).unwrap().count();
    n
}

/// The summary as it was computed before: every matching event (at most
/// 100,000, 5,000 a page), then their coverage.
fn old_summary(store: &Store, q: &EventQuery) -> usize {
    let mut all = Vec::new();
    let mut q = EventQuery { limit: 5_000, after: None, ..q.clone() };
    loop {
        let page = store.events(&q).unwrap();
        let full = page.len() == 5_000;
        let Some(last) = page.last() else { break };
        q.after = Some(store.cursor_of(last));
        all.extend(page.into_iter().map(|e| e.id));
        if all.len() >= 100_000 || !full {
            break;
        }
    }
    all.truncate(100_000);
    store.coverage(&all).unwrap();
    all.len()
}

/// The old summary of the AID events between two dates.
fn category_summary(from: &'static str, to: &'static str) -> Box<dyn Fn(&Path) -> usize> {
    Box::new(move |db: &Path| {
        let q = EventQuery {
            plover: Some("AID".into()),
            from: dyad_types::PartialDate::parse(from),
            to: dyad_types::PartialDate::parse(to),
            ..EventQuery::default()
        };
        old_summary(&Store::open_read_only(db).unwrap(), &q)
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let db = PathBuf::from(args.get(1).map_or("/tmp/dyad-aggregates.db", String::as_str));
    let mentions: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let samples: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(30);
    // AGG_BEFORE=0 leaves out the old queries (a rerun on another file).
    let with_before = std::env::var("AGG_BEFORE").map_or(true, |v| v != "0");
    let have = Store::open(&db).and_then(|s| s.stats()).map(|s| s.mentions).unwrap_or(0);
    if have < mentions as u64 {
        let _ = std::fs::remove_file(&db);
        let t = Instant::now();
        let mut store = Store::open(&db).unwrap();
        let events = dyad_engine::synthetic::fill(&mut store, mentions, 42).unwrap();
        println!("built {}: {mentions} mentions, {events} events in {:.1} s", db.display(), t.elapsed().as_secs_f64());
    }
    {
        let s = Store::open_read_only(&db).unwrap();
        let st = s.stats().unwrap();
        let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        println!("store: {} documents, {} mentions, {} events, {size:.0} MB", st.documents, st.mentions, st.events);
    }

    // (name, URL, the same answer before schema version 6)
    type Old = Box<dyn Fn(&Path) -> usize>;
    let sql = |q: &'static str| -> Old { Box::new(move |db: &Path| rows(&connection(db), q)) };
    let cases: Vec<(&str, &str, Old)> = vec![
        (
            "network of a year",
            "/api/network?from=2005&to=2005&limit=60",
            sql("SELECT source_country, target_country, sum(events), 0, sum(goldstein) FROM pair_periods \
                 WHERE period >= '2005' AND period <= '2005-12' AND events > 0 \
                 GROUP BY source_country, target_country ORDER BY sum(events) DESC, source_country, target_country LIMIT 60"),
        ),
        (
            "network of a decade",
            "/api/network?from=2005&to=2014&limit=60",
            sql("SELECT source_country, target_country, sum(events), 0, sum(goldstein) FROM pair_periods \
                 WHERE period >= '2005' AND period <= '2014-12' AND events > 0 \
                 GROUP BY source_country, target_country ORDER BY sum(events) DESC, source_country, target_country LIMIT 60"),
        ),
        (
            "network, all time",
            "/api/network?limit=60",
            sql("SELECT source_country, target_country, sum(events), 0, sum(goldstein) FROM key_totals \
                 WHERE source_country != '' AND target_country != '' \
                 GROUP BY source_country, target_country ORDER BY sum(events) DESC, source_country, target_country LIMIT 60"),
        ),
        (
            "rankings (dyads, all time)",
            "/api/dyads?top=20",
            sql("SELECT source_country, target_country, sum(events), sum(mentions), sum(goldstein) FROM key_totals \
                 WHERE source_country != '' AND target_country != '' GROUP BY source_country, target_country \
                 ORDER BY sum(events) DESC, sum(mentions) DESC, source_country, target_country LIMIT 20"),
        ),
        (
            "categories by year",
            "/api/categories?by=year",
            sql("SELECT substr(date, 1, 4) AS y, plover, count(*), sum(num_mentions), sum(goldstein) FROM events \
                 WHERE date IS NOT NULL GROUP BY y, plover ORDER BY y, plover"),
        ),
        (
            "summary, one category in a year",
            "/api/summary?plover=AID&from=2005&to=2005",
            category_summary("2005", "2005"),
        ),
        (
            "summary, one category in three months",
            "/api/summary?plover=AID&from=2005-03&to=2005-05",
            category_summary("2005-03", "2005-05"),
        ),
        (
            "summary, one category in a month",
            "/api/summary?plover=AID&from=2005-03&to=2005-03",
            category_summary("2005-03", "2005-03"),
        ),
        (
            "summary, all events",
            "/api/summary",
            Box::new(|db: &Path| old_summary(&Store::open_read_only(db).unwrap(), &EventQuery::default())),
        ),
        (
            // Before: a count of every row of four tables (`Store::stats`).
            "health (what the store holds)",
            "/api/health",
            Box::new(|db: &Path| Store::open_read_only(db).unwrap().stats().unwrap().documents as usize),
        ),
        (
            // The page's query before: the scan started 366 days before `from`.
            "events of a category in a year (a page of 50)",
            "/api/events?plover=AID&from=2005&to=2005&limit=50",
            sql("SELECT * FROM events WHERE plover = 'AID' AND day_end >= 12784 AND day_start >= 12418 \
                 AND day_start <= 13148 ORDER BY day_start, id LIMIT 51"),
        ),
    ];
    println!("cold: a new pool (4 connections) and no response cache per request; {samples} requests each");
    println!(
        "{:<50} {:>26} {:>26} {:>26}",
        "endpoint", "before, warm file p50/p99", "after, warm file p50/p99", "after, evicted p50/p99/max"
    );
    // AGG_ONLY=TEXT runs only the endpoints whose URL holds TEXT.
    let only = std::env::var("AGG_ONLY").unwrap_or_default();
    for (name, url, old) in cases.iter().filter(|c| c.1.contains(only.as_str())) {
        let mut before = Vec::new();
        // The old summaries scan up to 100,000 events: fewer samples.
        let n = if !with_before {
            0
        } else if url.starts_with("/api/summary") {
            samples.min(5)
        } else {
            samples
        };
        {
            for _ in 0..n {
                let t = Instant::now();
                old(&db);
                before.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        let mut after = [Vec::new(), Vec::new()];
        for (i, evicted) in [false, true].into_iter().enumerate() {
            for _ in 0..samples {
                if evicted {
                    evict(&db);
                }
                let t = Instant::now();
                let pool = Arc::new(dyad_serve::Pool::open(&db, 4, Duration::from_secs(30)).unwrap());
                let app = dyad_serve::router(pool, None, 0);
                let res = app.oneshot(Request::get(*url).body(Body::empty()).unwrap()).await.unwrap();
                let status = res.status();
                let body = res.into_body().collect().await.unwrap().to_bytes();
                after[i].push(t.elapsed().as_secs_f64() * 1e3);
                assert_eq!(status, StatusCode::OK, "{url}: {}", String::from_utf8_lossy(&body));
            }
        }
        // The old health check, evicted too: it read whole tables.
        let mut before_evicted = Vec::new();
        if with_before && url.starts_with("/api/health") {
            for _ in 0..samples.min(5) {
                evict(&db);
                let t = Instant::now();
                old(&db);
                before_evicted.push(t.elapsed().as_secs_f64() * 1e3);
            }
        }
        if !before_evicted.is_empty() {
            let (p50, p99, max) = percentiles(before_evicted);
            println!("{name:<50} before, evicted p50/p99/max: {p50:.1} / {p99:.1} / {max:.1} ms");
        }
        let b = if before.is_empty() {
            "—".to_string()
        } else {
            let n = before.len();
            let (p50, p99, _) = percentiles(before);
            format!("{p50:.1} / {p99:.1} ms ({n})")
        };
        let (w50, w99, _) = percentiles(after[0].clone());
        let (e50, e99, emax) = percentiles(after[1].clone());
        println!(
            "{name:<50} {b:>26} {:>26} {:>26}",
            format!("{w50:.1} / {w99:.1} ms"),
            format!("{e50:.1} / {e99:.1} / {emax:.1} ms")
        );
    }
}
