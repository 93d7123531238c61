//! The store: ingest, near-duplicates, fusion, conflicts, exports, crash safety.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use crate::util::{dyad, fixture, mentions};

fn corpus() -> String {
    fixture("../../tests/fixtures/ingest")
}

/// Ingests the test corpus into a fresh store; returns the store's path.
fn ingested(dir: &tempfile::TempDir) -> String {
    let db = dir.path().join("dyad.db").display().to_string();
    let out = dyad(&["ingest", "--db", &db], None, &[&corpus()]);
    // The feed's empty item is rejected, so the exit status says so.
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("f-feed.xml#item2: item has no text (rejected)"), "{}", out.stderr);
    assert!(out.stderr.contains("7 documents read: 7 new, 0 already stored, 1 near-duplicates"), "{}", out.stderr);
    db
}

fn events(db: &str, extra: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["events", "--db", db, "-f", "jsonl"];
    args.extend_from_slice(extra);
    let out = dyad(&args, None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    mentions(&out.stdout)
}

#[test]
fn sources_are_fused_into_events_with_conflicts_and_disputes() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(&dir);
    let all = events(&db, &[]);
    let summary: Vec<String> = all
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["source"].as_str().unwrap(),
                e["cameo"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["date"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "USA 1711 IRN 2020-08-14",   // four reports of the seizure, fused
            "VENGOV 042 IRN 2022-06-11", // the HTML page: "visited Iran on Saturday"
            "VENGOV 040 IRNGOV 2022-06-11",
            "VENGOV 057 IRNGOV 2022-06-12",
            "TWN 111  2022-08-05", // "Taiwan condemned the exercises": no recipient named in the sentence
            "CHNMIL 150 TWN 2022-08-05", // the WARC response
            "COLGOV 040 VENGOV 2022-09-26", // the RSS item
            "COLGOV 0872 VENGOV 2022-09-26",
        ]
    );
    let conflicts = events(&db, &["--conflicts"]);
    assert_eq!(conflicts.len(), 1);
    let e = &conflicts[0];
    // Wire A and its syndicated copy count as one article but two sources.
    assert_eq!(
        (e["num_mentions"].as_u64(), e["num_sources"].as_u64(), e["num_articles"].as_u64()),
        (Some(4), Some(4), Some(3))
    );
    assert_eq!(e["disputed"], true, "Iran's denial disputes the seizure");
    assert_eq!(e["conflict"], true);
    let barrels = e["quantities"].as_array().unwrap().iter().find(|q| q["unit"] == "barrel").unwrap();
    let figures: Vec<(String, f64)> = barrels["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["source"].as_str().unwrap().to_string(), f["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(figures, [("Wire A".into(), 1.1e6), ("Wire C".into(), 1.1e6), ("Wire B".into(), 1.8e6)]);
    // Filters.
    assert_eq!(events(&db, &["--source", "VEN", "--plover", "consult"]).len(), 2);
    // Aug: the drills and Taiwan's condemnation; Sep: the meeting and the reopened border.
    assert_eq!(events(&db, &["--from", "2022-07", "--to", "2022-12"]).len(), 4);
    assert_eq!(events(&db, &["--actor", "TWN"]).len(), 2);
    // Confidence: every event has a mention of some confidence, none near certainty.
    assert_eq!(events(&db, &["--min-confidence", "0"]).len(), all.len());
    let some = events(&db, &["--min-confidence", "0.4"]).len();
    assert!(some > 0 && some < all.len(), "{some} of {}", all.len());
    assert!(events(&db, &["--min-confidence", "0.99"]).is_empty());
    let bad = dyad(&["events", "--db", &db, "--min-confidence", "2"], None, &[]);
    assert_eq!(bad.status, 2, "{}", bad.stderr);
    let dups = dyad(&["docs", "--duplicates", "--db", &db], None, &[]);
    assert!(dups.stdout.contains("cluster 1 (2 documents)"), "{}", dups.stdout);
    assert!(dups.stdout.contains("Wire A") && dups.stdout.contains("Wire C"), "{}", dups.stdout);
    let t = dyad(&["timeline", "USA", "IRN", "--db", &db], None, &[]);
    assert!(t.stdout.contains("2020-08    XXXX"), "{}", t.stdout);
}

#[test]
fn reingesting_the_same_files_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(&dir);
    let before = dyad(&["docs", "--db", &db], None, &[]).stdout;
    let again = dyad(&["ingest", "--db", &db], None, &[&corpus()]);
    assert!(again.stderr.contains("7 documents read: 0 new, 7 already stored"), "{}", again.stderr);
    assert_eq!(dyad(&["docs", "--db", &db], None, &[]).stdout, before);
}

#[test]
fn exports_load_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = ingested(&dir);
    let n = events(&db, &[]).len();
    let path = |name: &str| dir.path().join(name).display().to_string();
    crate::util::export_all(&db, dir.path());
    let gdelt = std::fs::read_to_string(path("e.tsv")).unwrap();
    assert_eq!(gdelt.lines().count(), n);
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61), "{gdelt}");
    let plover = std::fs::read_to_string(path("e.jsonl")).unwrap();
    for l in plover.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(v["id"].as_str().unwrap().starts_with("dyad-"));
    }
    let graph = std::fs::read_to_string(path("e.graphml")).unwrap();
    assert!(graph.contains(r#"<node id="IRN">"#) && graph.contains(r#"source="USA" target="IRN""#), "{graph}");
    assert_eq!(std::fs::read_to_string(path("e.csv")).unwrap().lines().count(), n + 1);
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let events = SerializedFileReader::new(std::fs::File::open(path("e.parquet")).unwrap()).unwrap();
    assert_eq!(events.metadata().file_metadata().num_rows() as usize, n);
    let row = events.get_row_iter(None).unwrap().next().unwrap().unwrap().to_string();
    assert!(row.contains("source: \"USA\"") && row.contains("num_sources: 4"), "{row}");
    let mentions = SerializedFileReader::new(std::fs::File::open(path("e.mentions.parquet")).unwrap()).unwrap();
    // Ten two-sided mentions and "Taiwan condemned the exercises", with no recipient.
    assert_eq!(mentions.metadata().file_metadata().num_rows(), 11);
}

#[test]
fn a_killed_ingest_loses_no_committed_batch_and_a_rerun_completes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("many.jsonl");
    let countries = ["Iran", "Venezuela", "Russia", "China", "Cuba", "Brazil", "India", "Japan"];
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&corpus).unwrap());
        for i in 0..1500 {
            let (a, b) = (countries[i % 8], countries[(i / 8 + 1 + i) % 8]);
            writeln!(f, r#"{{"id":"d{i}","date":"2021-01-01","source":"Wire {}","text":"Report {i}: {a} sent {i} tonnes of aid to {b} on Monday, officials said. Talks number {i} followed in the capital."}}"#, i % 5).unwrap();
        }
    }
    let db = dir.path().join("crash.db").display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "--db", &db, "--batch", "25", "--verbose", "-j", "1", corpus.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut committed = 0usize;
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(n) = line.split("; ").nth(1).and_then(|t| t.split_whitespace().next()).and_then(|n| n.parse().ok())
        {
            committed = n;
        }
        if committed >= 100 {
            break;
        }
    }
    // SIGKILL, mid-run: no chance to clean up.
    child.kill().unwrap();
    child.wait().unwrap();
    drop(lines);
    assert!(committed >= 100, "the run ended before it could be killed");
    let check = dyad(&["docs", "--check", "--db", &db], None, &[]);
    assert!(check.stdout.contains("integrity: ok"), "{}{}", check.stdout, check.stderr);
    let stored: usize = check.stdout.lines().last().unwrap().split_whitespace().next().unwrap().parse().unwrap();
    assert!(stored >= committed, "{stored} stored < {committed} reported committed");
    assert!(stored < 1500, "the kill came too late to test anything");
    let rerun = dyad(&["ingest", "--db", &db], None, &[corpus.to_str().unwrap()]);
    assert!(
        rerun.stderr.contains(&format!("1500 documents read: {} new, {stored} already stored", 1500 - stored)),
        "{}",
        rerun.stderr
    );
    let done = dyad(&["docs", "--db", &db], None, &[]);
    assert!(done.stdout.starts_with("1500 documents"), "{}", done.stdout);
}

/// JSONL articles written from templates: `n` documents numbered from
/// `first`, over 2020, with reprints of earlier ones (near-duplicates).
fn templated_jsonl(first: usize, n: usize) -> String {
    let states = ["Iran", "Venezuela", "Russia", "China", "Cuba"];
    let months = ["January", "March", "May", "July", "September", "November"];
    let mut out = String::new();
    for i in first..first + n {
        let (a, b) = (states[i % 5], states[(i / 5 + i + 1) % 5]);
        let b = if a == b { "Turkey" } else { b };
        let month = months[i % 6];
        let text = format!(
            "{a} sent {} tankers of fuel to {b} on {month} {}. {b} condemned {a} in {month}. \
             The talks went on late into the night, officials said in statement {i}.",
            2 + i % 3,
            1 + i % 27,
        );
        let line =
            serde_json::json!({"id": format!("t{i}"), "date": format!("2020-{:02}-28", 1 + i % 12), "text": text});
        out.push_str(&format!("{line}\n"));
    }
    out
}

/// The store's events as a sorted text, without store ids.
fn event_dump(db: &str) -> Vec<String> {
    let out = dyad(&["events", "--db", db, "-f", "jsonl", "--limit", "100000"], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut lines: Vec<String> = mentions(&out.stdout)
        .into_iter()
        .map(|mut e| {
            if let Some(o) = e.as_object_mut() {
                o.remove("mention_ids");
            }
            e.to_string()
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn issue_13_two_concurrent_ingests_both_succeed_and_equal_a_sequential_run() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
    std::fs::write(&a, templated_jsonl(0, 60)).unwrap();
    // Overlapping: b repeats ten of a's documents.
    std::fs::write(&b, templated_jsonl(50, 60)).unwrap();
    let (a, b) = (a.display().to_string(), b.display().to_string());
    let together = dir.path().join("together.db").display().to_string();
    let spawn = |input: &str| {
        Command::new(env!("CARGO_BIN_EXE_dyad"))
            .args(["ingest", "-q", "--batch", "2", "-j", "1", "--db", &together, input])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (one, two) = (spawn(&a), spawn(&b));
    for child in [one, two] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let sequential = dir.path().join("sequential.db").display().to_string();
    for input in [&a, &b] {
        let out = dyad(&["ingest", "-q", "--db", &sequential, input], None, &[]);
        assert_eq!(out.status, 0, "{}", out.stderr);
    }
    let (x, y) = (event_dump(&together), event_dump(&sequential));
    assert!(x.len() > 50, "{}", x.len());
    assert_eq!(x, y);
    // Documents, near-duplicate clusters, mentions, events; and the file is sound.
    let stats = |db: &str| dyad(&["docs", "--check", "--db", db], None, &[]).stdout;
    assert_eq!(stats(&together), stats(&sequential));
    assert!(stats(&together).starts_with("integrity: ok\n110 documents"), "{}", stats(&together));
}

#[test]
fn issue_13_an_ingest_that_waits_for_another_writer_says_so_and_then_commits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("held.db");
    let input = dir.path().join("a.jsonl");
    std::fs::write(&input, templated_jsonl(0, 3)).unwrap();
    // Another writer holds the store's write lock (an open `BEGIN
    // IMMEDIATE` transaction) while `dyad ingest` starts.
    let mut holder = dyad_engine::Store::open(&db).unwrap();
    let held = holder.transaction().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["ingest", "-q", "--db", &db.display().to_string(), &input.display().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // Its first line says why it does not go on; the lock is released only
    // once that line has come, so the test cannot pass without it.
    let first = lines.next().unwrap().unwrap();
    assert_eq!(first, format!("dyad: waiting for another writer to finish with {}", db.display()));
    drop(held);
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert!(child.wait().unwrap().success(), "{rest:?}");
    assert!(!rest.iter().any(|l| l.contains("waiting")), "said once: {rest:?}");
    assert!(rest.iter().any(|l| l.starts_with("dyad: 3 documents read: 3 new")), "{rest:?}");
}

/// Issue 12: `dyad ingest --relocate` places the mentions of a store
/// coded without locations (as stored before datelines were kept) from
/// the stored text and dateline, and `events --country` then finds them.
#[test]
fn relocate_places_stored_mentions_from_their_datelines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dyad.db").display().to_string();
    let input = r#"{"id": "r1", "date": "2020-05-26", "dateline": "CARACAS, May 25", "text": "Venezuela thanked Iran for the fuel on Monday."}"#;
    let out = dyad(&["ingest", "--db", &db, "--no-locations", "-"], Some(input), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(events(&db, &["--country", "VEN"]).is_empty(), "no place before relocating");
    let out = dyad(&["ingest", "--db", &db, "--relocate"], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("1 documents, 1 mentions, 1 placed anew"), "{}", out.stderr);
    let placed = events(&db, &["--country", "VEN"]);
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert_eq!(placed[0]["location"]["name"], "Caracas");
    assert_eq!(placed[0]["location"]["basis"], "dateline");
    // Paths and --relocate do not go together.
    assert_ne!(dyad(&["ingest", "--db", &db, "--relocate", "x.jsonl"], None, &[]).status, 0);
}

/// Issue 13: a document longer than the streaming threshold is coded in
/// two passes and its mentions written and stored chunk by chunk. Here the
/// threshold is lowered (`--stream-above 1k`, a hidden option) so that a
/// small document takes that path: the real binary's output and store must
/// be what coding it whole gives.
#[test]
fn issue_13_a_document_streamed_in_chunks_is_coded_and_stored_as_when_coded_whole() {
    let dir = tempfile::tempdir().unwrap();
    let states = ["Iran", "Venezuela", "Russia", "Nigeria", "Pakistan"];
    let cities = ["Caracas", "Kaduna", "Lahore", "Moscow", "Tehran"];
    let mut text = String::from("date 2024-12-31\n");
    for i in 0..60 {
        let (a, b, city) = (states[i % 5], states[(i * 3 + 1) % 5], cities[(i * 7) % 5]);
        let b = if a == b { states[(i + 2) % 5] } else { b };
        text.push_str(&match i % 4 {
            0 => format!("{a} condemned {b} at a meeting in {city} on May {}. ", 1 + i % 28),
            1 => format!("Police in {city} said {a} attacked {b}. "),
            2 => format!("{a} did not attack {b} in {city}. "),
            _ => format!("{a} and {b} signed an agreement in {city} in July.\n\n"),
        });
    }
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).unwrap();
    let p = path.to_str().unwrap();
    let whole = dyad(&["code", p], None, &[]);
    let streamed = dyad(&["code", "--stream-above", "1k", p], None, &[]);
    assert_eq!(whole.status, 0, "{}", whole.stderr);
    assert_eq!(streamed.status, 0, "{}", streamed.stderr);
    let coded = mentions(&whole.stdout);
    assert!(coded.len() > 30, "{}", whole.stdout);
    assert!(coded.iter().any(|m| !m["location"].is_null()), "some mentions are located");
    assert_eq!(streamed.stdout, whole.stdout);
    assert_eq!(streamed.stderr, whole.stderr, "the same summary (documents, sentences, events)");
    let stored = |extra: &[&str], name: &str| {
        let db = dir.path().join(name).display().to_string();
        let mut args = vec!["ingest", "-q", "--db", &db];
        args.extend_from_slice(extra);
        args.push(p);
        let out = dyad(&args, None, &[]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let events = dyad(&["events", "--db", &db, "-f", "jsonl", "--limit", "100000"], None, &[]);
        assert_eq!(events.status, 0, "{}", events.stderr);
        (out.stderr.lines().next().unwrap_or("").split(" (").next().unwrap_or("").to_string(), events.stdout)
    };
    let (said, events) = stored(&[], "whole.db");
    assert!(events.lines().count() > 10, "{events}");
    assert_eq!(stored(&["--stream-above", "1k"], "streamed.db"), (said, events));
}
