//! The seed articles in `../shared/corpus/seeds/`, coded by the real binary
//! and compared with our hand-coded gold standard
//! (`tests/fixtures/seeds/gold.tsv`) and our judgements of every other
//! mention dyad outputs (`tests/fixtures/seeds/judged.tsv`).

use std::collections::HashMap;

use crate::util::{dyad, fixture, mentions};

/// The document dates used for coding (publication dates of the articles).
const DOCS: &[(&str, &str)] = &[
    ("000_f414198b89e87339", "2020-06-10"),
    ("001_23ca2bbe6f18830c", "2020-05-28"),
    ("004_a497e32991ca910b", "2024-06-15"),
];

struct Gold {
    doc: String,
    source: Vec<String>,
    target: Vec<String>,
    plover: Vec<String>,
    date: String,
    evidence: String,
}

fn read_tsv(rel: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(fixture(rel)).unwrap();
    text.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

fn split(s: &str) -> Vec<String> {
    s.split('|').map(str::to_string).collect()
}

/// Dates agree when one contains the other; `-` accepts any date.
fn dates_agree(gold: &str, got: Option<&str>) -> bool {
    if gold == "-" {
        return true;
    }
    let Some(got) = got else { return false };
    got.starts_with(gold) || gold.starts_with(got)
}

fn countries(m: &serde_json::Value, side: &str) -> Vec<String> {
    m[side].as_array().unwrap().iter().map(|a| a["country"].as_str().unwrap().to_string()).collect()
}

fn codes(m: &serde_json::Value, side: &str) -> String {
    m[side].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect::<Vec<_>>().join("+")
}

fn matches(g: &Gold, doc: &str, m: &serde_json::Value) -> bool {
    let src = countries(m, "source");
    let tgt = countries(m, "target");
    g.doc == doc
        && src.iter().any(|s| g.source.contains(s))
        && tgt.iter().any(|t| g.target.contains(t))
        && g.plover.iter().any(|p| m["plover"] == p.as_str())
        && dates_agree(&g.date, m["date"].as_str())
}

#[test]
fn seed_articles_are_coded_as_an_analyst_would() {
    let Some(seeds) = crate::util::shared("corpus/seeds") else { return };
    let gold: Vec<Gold> = read_tsv("../../tests/fixtures/seeds/gold.tsv")
        .into_iter()
        .map(|f| Gold {
            doc: f[0].clone(),
            source: split(&f[1]),
            target: split(&f[2]),
            plover: split(&f[3]),
            date: f[5].clone(),
            evidence: f[6].clone(),
        })
        .collect();
    // doc, sentence, source codes, cameo, target codes → verdict
    let judged: HashMap<(String, String, String, String, String), String> =
        read_tsv("../../tests/fixtures/seeds/judged.tsv")
            .into_iter()
            .map(|f| ((f[0].clone(), f[1].clone(), f[2].clone(), f[3].clone(), f[4].clone()), f[5].clone()))
            .collect();

    let mut found = vec![false; gold.len()];
    let (mut total, mut wrong) = (0, 0);
    let mut unjudged = Vec::new();
    for (doc, date) in DOCS {
        let path = seeds.join(format!("{doc}.txt"));
        let out = dyad(&["code", "--date", date], None, &[path.to_str().unwrap()]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        for m in mentions(&out.stdout) {
            total += 1;
            let mut hit = false;
            for (g, f) in gold.iter().zip(found.iter_mut()) {
                if matches(g, doc, &m) {
                    *f = true;
                    hit = true;
                }
            }
            if hit {
                continue;
            }
            let key = (
                doc.to_string(),
                m["sentence"].to_string(),
                codes(&m, "source"),
                m["cameo"].as_str().unwrap().to_string(),
                codes(&m, "target"),
            );
            match judged.get(&key).map(String::as_str) {
                Some("ok") => {}
                Some(_) => wrong += 1,
                None => {
                    wrong += 1;
                    unjudged.push(format!("{}\t{}\t{}\t{}\t{}\t?\t{}", key.0, key.1, key.2, key.3, key.4, m["text"]));
                }
            }
        }
    }
    let hits = found.iter().filter(|f| **f).count();
    for (g, f) in gold.iter().zip(&found) {
        if !*f {
            eprintln!("missed: {} {:?} -> {:?} {:?} {} | {}", g.doc, g.source, g.target, g.plover, g.date, g.evidence);
        }
    }
    for u in &unjudged {
        eprintln!("unjudged: {u}");
    }
    let recall = hits as f64 / gold.len() as f64;
    let wrong_share = if total == 0 { 1.0 } else { wrong as f64 / total as f64 };
    eprintln!(
        "gold found {hits}/{} ({:.0} %), mentions {total}, judged wrong {wrong} ({:.0} %)",
        gold.len(),
        recall * 100.0,
        wrong_share * 100.0
    );
    assert!(recall >= 0.80, "found {hits} of {} gold interactions", gold.len());
    assert!(wrong_share <= 0.25, "{wrong} of {total} mentions judged wrong or unjudged");
}

/// The figures of an event's quantities, as `doc: words` (`004_…: 1.53
/// million barrels`).
fn figures(e: &serde_json::Value) -> Vec<String> {
    e["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| q["figures"].as_array().unwrap().iter())
        .map(|f| format!("{}: {}", f["doc_id"].as_str().unwrap(), f["text"].as_str().unwrap()))
        .collect()
}

/// Issue 15: fusion kept apart what the evidence separates. On the seed
/// articles, ingested undated and with their publication dates, no figure
/// conflict is flagged, the May 2020 shipment told by two articles is one
/// event, and the 2022 cargoes are another.
#[test]
fn issue_15_seed_shipments_of_other_years_are_other_events() {
    let Some(seeds) = crate::util::shared("corpus/seeds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let undated = dir.path().join("undated.db").display().to_string();
    let out = dyad(&["ingest", "-q", "--db", &undated, seeds.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dated = dir.path().join("dated.db").display().to_string();
    for (doc, date) in DOCS {
        let path = seeds.join(format!("{doc}.txt"));
        let out = dyad(&["ingest", "-q", "--db", &dated, "--date", date, path.to_str().unwrap()], None, &[]);
        assert_eq!(out.status, 0, "{}", out.stderr);
    }
    for db in [&undated, &dated] {
        let out = dyad(&["events", "--db", db, "-f", "jsonl"], None, &[]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let events = mentions(&out.stdout);
        let conflicts: Vec<Vec<String>> = events.iter().filter(|e| e["conflict"] == true).map(figures).collect();
        assert!(conflicts.is_empty(), "{db}: figure conflicts {conflicts:?}");
        let holding = |words: &str| -> &serde_json::Value {
            let mut found = events.iter().filter(|e| figures(e).iter().any(|f| f.ends_with(words)));
            let e = found.next().unwrap_or_else(|| panic!("{db}: no event gives {words}"));
            assert!(found.next().is_none(), "{db}: several events give {words}");
            e
        };
        let may_2020 = holding("1.53 million barrels");
        let cargoes_2022 = holding("200,000 barrels");
        assert_ne!(may_2020["id"], cargoes_2022["id"], "{db}");
        assert_eq!(may_2020["date"], "2020-05", "{db}");
        assert_eq!(cargoes_2022["date"], "2022-04", "{db}");
        assert_eq!(
            figures(may_2020),
            [
                "000_f414198b89e87339: 1.5 million barrels",
                "004_a497e32991ca910b: 1.53 million barrels",
                "000_f414198b89e87339: five Iranian tankers",
                "004_a497e32991ca910b: five Iranian oil tankers"
            ],
            "{db}: the May 2020 shipment is one event"
        );
        assert_eq!(
            figures(cargoes_2022),
            ["004_a497e32991ca910b: 200,000 barrels", "004_a497e32991ca910b: 400,000 barrels"],
            "{db}"
        );
    }
}
