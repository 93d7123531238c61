//! Golden output: the real binary codes every input set we have, and the
//! mentions must be exactly those in `tests/golden/` (one JSON line per
//! mention, the fields that say what was coded and why). A change in the
//! coders shows up here as a diff to review, not as a pass rate that moved.
//!
//! When a change is intended, rewrite the files and review them with git:
//!
//! ```text
//! DYAD_BLESS=1 cargo test -p dyad-cli --test cli golden
//! git diff tests/golden/
//! ```
//!
//! Sets built from `../shared` (the seed articles, PETRARCH's Phoenix
//! dictionaries and unit-test records) are checked when it is present.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::util::{dyad, fixture, mentions, shared};

/// Sentences for the PETRARCH fixture dictionaries
/// (`tests/fixtures/petrarch/`): (id, date, text).
const NORTHLAND: &[(&str, &str, &str)] = &[
    ("n01", "2012-05-01", "Northland blockaded the harbours of Southmark."),
    ("n02", "2012-05-01", "Aldo Vance said he would blockade Southmark."),
    ("n03", "2017-05-01", "Aldo Vance said he would blockade Southmark."),
    ("n04", "2012-05-01", "The Northland harbour ministry condemned Southmark."),
    ("n05", "2012-05-01", "Coast guards from Southmark condemned Northland."),
    ("n06", "2012-05-01", "Northland met Southmark."),
    ("n07", "2012-05-01", "Northland and Southmark met on Monday."),
    ("n08", "2012-05-01", "Northland condemned Southmark after the football match."),
    ("n09", "2012-05-01", "Northland condemned Southmark at the regatta."),
    ("n10", "2012-05-01", "Northland, a rival of Southmark, condemned the decision."),
    ("n11", "2012-05-01", "Northlanders and Southmarkians met. Then Northland blockaded the ports of Southmark."),
    ("n12", "2012-05-01", "The harbour ministry of Southmark condemned Aldo Vance and Northland."),
];

/// The seed articles and their publication dates (as in `seeds.rs`).
const SEEDS: &[(&str, &str)] = &[
    ("000_f414198b89e87339", "2020-06-10"),
    ("001_23ca2bbe6f18830c", "2020-05-28"),
    ("004_a497e32991ca910b", "2024-06-15"),
];

/// `tests/golden/` at the repository root.
fn golden_dir() -> PathBuf {
    PathBuf::from(fixture("../../tests/golden"))
}

/// The 320 sentences of `tests/fixtures/coding/sentences.tsv` as JSONL
/// documents (id, date, text), for standard input.
fn coding_set_jsonl() -> String {
    let tsv = std::fs::read_to_string(fixture("../../tests/fixtures/coding/sentences.tsv")).unwrap();
    let mut out = String::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        out.push_str(&jsonl_doc(f[0], f[1], f[2]));
    }
    out
}

fn jsonl_doc(id: &str, date: &str, text: &str) -> String {
    let mut doc = serde_json::json!({ "id": id, "text": text });
    if date != "-" {
        doc["date"] = date.into();
    }
    format!("{doc}\n")
}

/// `dyad ARGS FILES` (or standard input), checked to finish (exit 0, or
/// 1 for an input set with a rejected record), as golden lines.
fn code(args: &[&str], stdin: Option<&str>, files: &[&str]) -> String {
    let out = dyad(args, stdin, files);
    assert!(out.status == 0 || out.status == 1, "dyad {args:?} exited {}: {}", out.status, out.stderr);
    mentions(&out.stdout).iter().map(|m| format!("{}\n", golden_line(m))).collect()
}

/// One mention as a golden line: what was coded and from which words, with
/// the fields in a fixed order. Left out: the sentence text (the doc id and
/// sentence index find it), where dyad's patterns are defined
/// (`pattern_origin`: line numbers move with every edit of a dictionary;
/// the pattern itself is kept) and what follows from the CAMEO code
/// (Goldstein, quad class, root). The location is kept as its name,
/// country, kind and basis.
fn golden_line(m: &Value) -> String {
    let actors = |side: &str, field: &str, sep: &str| -> Value {
        let parts: Vec<&str> = m[side].as_array().unwrap().iter().map(|a| a[field].as_str().unwrap()).collect();
        Value::from(parts.join(sep))
    };
    let ev = &m["evidence"];
    let quantities: Vec<Value> = m["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| Value::from(format!("{} {}", q["value"], q["unit"].as_str().unwrap())))
        .collect();
    let mut fields: Vec<(&str, Value)> = vec![
        ("doc", m["doc_id"].clone()),
        ("s", m["sentence"].clone()),
        ("source", actors("source", "code", "+")),
        ("cameo", m["cameo"].clone()),
        ("target", actors("target", "code", "+")),
        ("plover", m["plover"].clone()),
        ("modality", m["modality"].clone()),
        ("date", m["date"].clone()),
        ("date_basis", m["date_basis"].clone()),
        ("anchor", ev["verb"].clone()),
        ("anchor_span", ev["verb_span"].clone()),
        ("source_text", actors("source", "text", " | ")),
        ("target_text", actors("target", "text", " | ")),
        ("source_rule", ev["source_rule"].clone()),
        ("target_rule", ev["target_rule"].clone()),
        ("pattern", ev["pattern"].clone()),
    ];
    if !quantities.is_empty() {
        fields.push(("quantities", Value::from(quantities)));
    }
    // Where the event happened, as `name COUNTRY feature basis`.
    if let Some(l) = m.get("location").filter(|l| !l.is_null()) {
        let s = |k: &str| l[k].as_str().unwrap_or("").to_string();
        let place = format!("{} {} {} {}", s("name"), s("country"), s("feature"), s("basis"));
        fields.push(("location", Value::from(place)));
    }
    for optional in ["modality_cue", "attribution", "date_text", "action_code", "denies_sentence"] {
        if let Some(v) = ev.get(optional) {
            fields.push((optional, v.clone()));
        }
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}:{v}", Value::from(*k))).collect();
    format!("{{{}}}", body.join(","))
}

/// Compares `actual` with the golden file `name` (rewrites it under
/// `DYAD_BLESS`); on a difference, fails with the lines that changed.
fn check(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("DYAD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        eprintln!("blessed {} ({} lines)", path.display(), actual.lines().count());
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}\nto create it: DYAD_BLESS=1 cargo test -p dyad-cli --test cli golden", path.display())
    });
    if expected == actual {
        return;
    }
    panic!(
        "{} differs from the output ({} lines expected, {} now):\n{}\n\
         If the change is intended: DYAD_BLESS=1 cargo test -p dyad-cli --test cli golden, \
         then review `git diff tests/golden/`.",
        path.display(),
        expected.lines().count(),
        actual.lines().count(),
        diff(&expected, actual)
    );
}

/// A line diff, `-` for golden lines no longer produced and `+` for new
/// ones, in file order, after the common head and tail; at most 60 lines.
fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut out: Vec<String> = Vec::new();
    for l in old_mid.iter().filter(|l| !new_mid.contains(l)) {
        out.push(format!("- {l}"));
    }
    for l in new_mid.iter().filter(|l| !old_mid.contains(l)) {
        out.push(format!("+ {l}"));
    }
    if out.is_empty() {
        out.push("(the same lines in another order)".to_string());
    }
    let n = out.len();
    if n > 60 {
        out.truncate(60);
        out.push(format!("… and {} more", n - 60));
    }
    out.join("\n")
}

#[test]
fn golden_dyad_coding_set() {
    let docs = coding_set_jsonl();
    check("dyad/coding-set.jsonl", &code(&["code", "--input", "jsonl", "-"], Some(&docs), &[]));
}

#[test]
fn golden_dyad_corpus() {
    check("dyad/corpus.jsonl", &code(&["code"], None, &[&fixture("../../examples/corpus")]));
}

#[test]
fn golden_dyad_ingest_fixtures() {
    let dir = Path::new(&fixture("../../tests/fixtures/ingest")).to_path_buf();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "md"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    check("dyad/ingest.jsonl", &code(&["code"], None, &files));
}

#[test]
fn golden_dyad_seed_articles() {
    let Some(seeds) = shared("corpus/seeds") else { return };
    let mut out = String::new();
    for (doc, date) in SEEDS {
        let path = seeds.join(format!("{doc}.txt"));
        out.push_str(&code(&["code", "--date", date], None, &[path.to_str().unwrap()]));
    }
    check("dyad/seeds.jsonl", &out);
}

#[test]
fn golden_petrarch_fixture_dictionaries() {
    let docs: String = NORTHLAND.iter().map(|(id, date, text)| jsonl_doc(id, date, text)).collect();
    let dict = fixture("tests/fixtures/petrarch");
    let args = ["code", "--dict-format", "petrarch", "--dict", &dict, "--input", "jsonl", "-"];
    check("petrarch/northland.jsonl", &code(&args, Some(&docs), &[]));
}

/// PETRARCH2's own dictionaries (Phoenix actors and agents, CAMEO 2.0
/// verbs, discards), as its `PETR_config.ini` lists them, linked into a
/// directory of their own.
fn phoenix_dictionaries(into: &Path) -> Option<()> {
    let shared = shared("petrarch2")?;
    for name in [
        "CAMEO.2.0.txt",
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
        "Phoenix.discards.txt",
    ] {
        std::fs::copy(shared.join(name), into.join(name)).unwrap();
    }
    Some(())
}

#[test]
fn golden_petrarch_phoenix_coding_set_and_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let Some(()) = phoenix_dictionaries(dir.path()) else { return };
    let dict = dir.path().to_str().unwrap();
    let docs = coding_set_jsonl();
    let args = ["code", "--dict-format", "petrarch", "--dict", dict, "--input", "jsonl", "-"];
    check("petrarch/coding-set.jsonl", &code(&args, Some(&docs), &[]));
    let args = ["code", "--dict-format", "petrarch", "--dict", dict];
    check("petrarch/corpus.jsonl", &code(&args, None, &[&fixture("../../examples/corpus")]));
}

#[test]
fn golden_petrarch_unit_test_records() {
    let Some(suite) = shared("petrarch2/PETR.UnitTest.records.xml") else { return };
    // Every record's codings, with the dictionaries and switches the suite names.
    let out = dyad(&["validate", "--verbose", suite.to_str().unwrap()], None, &[]);
    assert!(out.status == 0 || out.status == 1, "{}", out.stderr);
    check("petrarch/unit-test-records.txt", &out.stdout);
}
