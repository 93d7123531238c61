//! Integration tests: the real `dyad` binary on real files.
#![allow(clippy::unwrap_used, clippy::print_stderr, reason = "test helpers fail loudly and report what they found")]

mod bad_input;
mod cdp;
mod confidence_judged;
mod eval;
mod geo_judged;
mod golden;
mod ingest;
mod one_sided;
mod petrarch;
mod readme;
mod seeds;
mod serve;
mod syntax;
mod util;
mod validate;

use util::{dyad, fixture, mentions};

#[test]
fn codes_plain_text_to_jsonl_with_the_documented_fields() {
    let out = dyad(
        &["code", "--date", "2020-06-01"],
        Some("In May 2020, Iran sent five tankers carrying 1.5 million barrels of fuel to Venezuela.\n"),
        &["-"],
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let ms = mentions(&out.stdout);
    assert_eq!(ms.len(), 1, "{}", out.stdout);
    let m = &ms[0];
    for field in [
        "doc_id",
        "sentence",
        "text",
        "span",
        "source",
        "target",
        "cameo",
        "cameo_root",
        "plover",
        "quad_class",
        "goldstein",
        "date",
        "date_precision",
        "date_basis",
        "modality",
        "quantities",
        "evidence",
    ] {
        assert!(m.get(field).is_some(), "missing {field}");
    }
    assert_eq!(m["source"][0]["code"], "IRN");
    assert_eq!(m["source"][0]["country"], "IRN");
    assert_eq!(m["target"][0]["country"], "VEN");
    assert_eq!(m["plover"], "AID");
    assert_eq!(m["date"], "2020-05");
    assert_eq!(m["date_precision"], "month");
    assert_eq!(m["date_basis"], "explicit");
    assert_eq!(m["modality"], "asserted");
    let q: Vec<(f64, String)> = m["quantities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["value"].as_f64().unwrap(), q["unit"].as_str().unwrap().to_string()))
        .collect();
    assert!(q.contains(&(5.0, "tanker".into())), "{q:?}");
    assert!(q.contains(&(1_500_000.0, "barrel".into())), "{q:?}");
    assert!(out.stderr.contains("1 documents, 1 sentences, 1 events, 0 rejected"), "{}", out.stderr);
}

#[test]
fn csv_and_tsv_have_a_header_and_one_row_per_mention() {
    let text = "Iran sent fuel to Venezuela. The United States imposed sanctions on Iran.\n";
    for (fmt, sep) in [("csv", ','), ("tsv", '\t')] {
        let out = dyad(&["code", "--format", fmt], Some(text), &["-"]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        let lines: Vec<&str> = out.stdout.lines().collect();
        assert!(lines[0].starts_with(&format!("doc_id{sep}sentence{sep}")), "{}", lines[0]);
        assert_eq!(lines.len(), 3, "{}", out.stdout);
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let corpus = fixture("../../examples/corpus");
    let one = dyad(&["code", "-j", "1"], None, &[&corpus]);
    let two = dyad(&["code", "-j", "2"], None, &[&corpus]);
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn reads_jsonl_from_a_file_and_from_stdin() {
    let jsonl = r#"{"id":"w1","date":"2022-06-11","source":"Wire","text":"Maduro visited Tehran on Saturday."}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, format!("{jsonl}\n")).unwrap();
    let from_file = dyad(&["code"], None, &[path.to_str().unwrap()]);
    let from_stdin = dyad(&["code", "-"], Some(jsonl), &[]);
    assert_eq!(from_file.stdout, from_stdin.stdout);
    let ms = mentions(&from_file.stdout);
    assert_eq!(ms.len(), 1, "{}", from_file.stdout);
    assert_eq!(ms[0]["doc_id"], "w1");
    assert_eq!(ms[0]["source"][0]["code"], "VENGOV");
    assert_eq!(ms[0]["target"][0]["code"], "IRNGOV");
    assert_eq!(ms[0]["date"], "2022-06-11");
    assert_eq!(ms[0]["date_basis"], "relative");
}

#[test]
fn front_matter_sets_the_document_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.txt");
    std::fs::write(
        &path,
        "---\ndate: 2020-05-28\nsource: Test Wire\n---\nEarlier this month, the United States condemned Iran.\n",
    )
    .unwrap();
    let out = dyad(&["code"], None, &[path.to_str().unwrap()]);
    let ms = mentions(&out.stdout);
    assert_eq!(ms.len(), 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(ms[0]["doc_id"], "note");
    assert_eq!(ms[0]["date"], "2020-05");
}

#[test]
fn dict_lookup_explains_dated_roles_and_explain_shows_patterns() {
    let out = dyad(&["dict", "lookup", "Hassan Rouhani", "--date", "2016-01-01"], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stdout.contains("IRNGOV"), "{}", out.stdout);
    let out = dyad(&["dict", "lookup", "Hassan Rouhani", "--date", "2023-01-01"], None, &[]);
    assert!(out.stdout.contains("no role then"), "{}", out.stdout);
    let out = dyad(&["dict", "explain", "Iran sent fuel to Venezuela in May 2020."], None, &[]);
    assert!(out.stdout.contains("anchor `sent` (verb)"), "{}", out.stdout);
    assert!(out.stdout.contains("event  IRN 071 VEN"), "{}", out.stdout);
}

#[test]
fn dict_check_is_clean_and_stats_count_what_the_dictionaries_hold() {
    let out = dyad(&["dict", "check"], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("0 problem(s)"), "{}", out.stderr);
    let out = dyad(&["dict", "stats"], None, &[]);
    let count = |label: &str| -> usize {
        let line = out.stdout.lines().find(|l| l.starts_with(label)).unwrap();
        line.split_whitespace().last().unwrap().parse().unwrap()
    };
    assert_eq!(count("cameo codes"), 311);
    assert!(count("states") >= 197, "{}", out.stdout);
    assert!(count("verb patterns") >= 3000, "{}", out.stdout);
}

#[test]
fn user_dictionaries_layer_over_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("actors.local.txt"), "[XYZGOV] Ministry of Testing\nname: Ministry of Testing\n")
        .unwrap();
    let out = dyad(
        &["code", "--dict", dir.path().to_str().unwrap(), "-"],
        Some("The Ministry of Testing condemned Iran."),
        &[],
    );
    let ms = mentions(&out.stdout);
    assert_eq!(ms.len(), 1, "{}{}", out.stdout, out.stderr);
    assert_eq!(ms[0]["source"][0]["code"], "XYZGOV");
}

#[test]
fn date_fills_documents_without_one_in_code_and_ingest_alike() {
    let jsonl = concat!(
        r#"{"id":"dated","date":"2022-06-11","text":"Maduro visited Tehran on Saturday."}"#,
        "\n",
        r#"{"id":"undated","text":"Nicolas Maduro visited Tehran on Saturday, a week after the summit."}"#,
        "\n"
    );
    let out = dyad(&["code", "--date", "2019-03-01", "-"], Some(jsonl), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dates: Vec<(String, String)> = mentions(&out.stdout)
        .iter()
        .map(|m| (m["doc_id"].as_str().unwrap().to_string(), m["date"].as_str().unwrap().to_string()))
        .collect();
    // A document's own date stays; the flag dates the other (the Saturday before each).
    assert_eq!(dates, [("dated".into(), "2022-06-11".into()), ("undated".into(), "2019-02-23".into())]);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let out = dyad(&["ingest", "--db", db.to_str().unwrap(), "--date", "2019-03-01", "-"], Some(jsonl), &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let ev = dyad(&["events", "--db", db.to_str().unwrap(), "--format", "jsonl"], None, &[]);
    assert!(ev.stdout.contains("2022-06-11") && ev.stdout.contains("2019-02-23"), "{}", ev.stdout);
}
