//! `dyad eval` and `dyad sample`: scores on our own tiny labelled fixtures
//! (`tests/fixtures/eval/`, counts worked out by hand in the comments), and
//! on the labelled sets of `../shared/eval`, where the report must agree
//! with a tally of `dyad code`'s output done here independently.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use crate::util::{dyad, fixture, mentions, shared};

fn eval_fixture(name: &str) -> String {
    fixture(&format!("tests/fixtures/eval/{name}"))
}

/// `dyad eval --format json ARGS`, checked to exit with `status`.
fn eval_json(args: &[&str], status: i32) -> (Value, String) {
    let mut all = vec!["eval", "--format", "json"];
    all.extend_from_slice(args);
    let out = dyad(&all, None, &[]);
    assert_eq!(out.status, status, "{}", out.stderr);
    (serde_json::from_str(&out.stdout).unwrap(), out.stderr)
}

/// A `{tp, fp, fn}` object as a tuple.
fn counts(v: &Value) -> (u64, u64, u64) {
    (v["tp"].as_u64().unwrap(), v["fp"].as_u64().unwrap(), v["fn"].as_u64().unwrap())
}

/// Per category: (gold, tp, fp, fn).
fn category_rows(report: &Value) -> BTreeMap<String, (u64, u64, u64, u64)> {
    report["plover"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let (tp, fp, fn_) = counts(c);
            (c["category"].as_str().unwrap().to_string(), (c["gold"].as_u64().unwrap(), tp, fp, fn_))
        })
        .collect()
}

fn share(v: &Value) -> (u64, u64) {
    (v["k"].as_u64().unwrap(), v["n"].as_u64().unwrap())
}

#[test]
fn plover_gold_is_scored_per_category_with_micro_and_macro() {
    let (gold, docs) = (eval_fixture("plover.gold.jsonl"), eval_fixture("docs.jsonl"));
    let (r, stderr) = eval_json(&["--gold", &gold, &docs], 0);
    // d1 AID tp; d2 SANCTION coded COERCE; d3 CONSULT tp; d4 ACCUSE tp; d5
    // ASSAULT no event; d6 AID (reported) tp; d8 AGREE coded SUPPORT; d9
    // COERCE tp plus SUPPORT; d10 ASSAULT tp; d11 THREATEN tp.
    let expected: BTreeMap<String, (u64, u64, u64, u64)> = [
        ("ACCUSE", (1, 1, 0, 0)),
        ("AGREE", (1, 0, 0, 1)),
        ("AID", (2, 2, 0, 0)),
        ("ASSAULT", (2, 1, 0, 1)),
        ("COERCE", (1, 1, 1, 0)),
        ("CONSULT", (1, 1, 0, 0)),
        ("SANCTION", (1, 0, 0, 1)),
        ("SUPPORT", (0, 0, 2, 0)),
        ("THREATEN", (1, 1, 0, 0)),
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n))
    .collect();
    assert_eq!(category_rows(&r), expected);
    assert_eq!(counts(&r["plover"]["micro"]), (7, 3, 3));
    assert_eq!(r["plover"]["micro"]["precision"], 0.7);
    assert_eq!(r["plover"]["macro"]["categories"], 9);
    assert_eq!(r["plover"]["misses_with_no_category"], 1);
    assert_eq!(r["documents"], 10);
    assert_eq!(share(&r["any_event"]), (9, 10));
    assert_eq!(r["gold_not_in_input"], serde_json::json!({"count": 1, "first": ["gone"]}));
    assert_eq!(r["input_not_in_gold"], serde_json::json!({"count": 1, "first": ["d7"]}));
    assert!(stderr.contains("gold ids not in the input: 1 (gone)"), "{stderr}");
    assert!(stderr.contains("11 labels (0 rejected), 11 documents coded (0 rejected), 10 scored"), "{stderr}");
}

#[test]
fn the_table_shows_the_counts_and_examples_of_misses_and_extras() {
    let (gold, docs) = (eval_fixture("plover.gold.jsonl"), eval_fixture("docs.jsonl"));
    let out = dyad(&["eval", "--gold", &gold, &docs, "--misses", "2", "--extras", "9"], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let t = &out.stdout;
    assert!(t.contains("micro           10     7     3     3      0.700   0.700   0.700"), "{t}");
    assert!(t.contains("macro (9 categories)"), "{t}");
    assert!(t.contains("documents with any event: 9/10 (90.0 %)"), "{t}");
    assert!(t.contains("misses (false negatives): 2 of 3"), "{t}");
    assert!(
        t.contains("  d2  gold: SANCTION  coded: COERCE\n      The United States imposed sanctions on Iran."),
        "{t}"
    );
    assert!(t.contains("extras (false positives): 3 of 3"), "{t}");
    assert!(t.contains("  d9  gold: COERCE  coded: SUPPORT"), "{t}");
    // Only two misses asked for: d8 (the third) is shown among the extras only.
    let (misses, extras) = t.split_once("extras (false positives)").unwrap();
    assert!(!misses.contains("d8  gold: AGREE") && extras.contains("d8  gold: AGREE"), "{t}");
}

#[test]
fn asserted_only_leaves_out_reported_and_threatened_mentions() {
    let (gold, docs) = (eval_fixture("plover.gold.jsonl"), eval_fixture("docs.jsonl"));
    let (r, _) = eval_json(&["--gold", &gold, &docs, "--asserted-only"], 0);
    // d6's AID is reported and d11's THREATEN threatened: both become misses.
    assert_eq!(r["modality"], "asserted");
    assert_eq!(counts(&r["plover"]["micro"]), (5, 3, 5));
    assert_eq!(category_rows(&r)["AID"], (2, 1, 0, 1));
    assert_eq!(category_rows(&r)["THREATEN"], (1, 0, 0, 1));
    assert_eq!(share(&r["any_event"]), (7, 10));
}

#[test]
fn topic_gold_gives_the_event_rate_per_topic_and_political_detection() {
    let (gold, docs) = (eval_fixture("topic.gold.jsonl"), eval_fixture("docs.jsonl"));
    let (r, _) = eval_json(&["--gold", &gold, &docs], 0);
    assert_eq!(r["format"], "topic");
    let topics: Vec<(String, bool, (u64, u64))> = r["topic"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["topic"].as_str().unwrap().to_string(), t["political"].as_bool().unwrap(), share(&t["with_event"])))
        .collect();
    let expected = [
        ("Business", false, (1, 1)),
        ("International", true, (2, 2)),
        ("Politics", true, (1, 2)),
        ("Sports", false, (0, 1)),
        ("War", true, (1, 1)),
    ]
    .map(|(t, p, s)| (t.to_string(), p, s));
    assert_eq!(topics, expected);
    // tp d1 d2 d3 d10; fp d8 (a signed agreement filed under Business); fn d7.
    assert_eq!(counts(&r["topic"]["political"]), (4, 1, 1));
    assert_eq!(r["input_not_in_gold"]["count"], 4);
}

#[test]
fn event_gold_is_matched_on_exact_codes_and_on_roots() {
    let (gold, docs) = (eval_fixture("events.gold.jsonl"), eval_fixture("docs.jsonl"));
    let (r, _) = eval_json(&["--gold", &gold, &docs], 0);
    let e = &r["events"];
    assert_eq!((e["gold_events"].as_u64(), e["coded_events"].as_u64()), (Some(7), Some(7)));
    // Exact: d1, d9 (two), d11. Roots add d3 (042 for 040) and d4 (111 for
    // 112); d10's actors differ (ISRMIL, PSEREB for ISR, PSE) at both levels.
    assert_eq!(counts(&e["exact"]), (4, 3, 3));
    assert_eq!(counts(&e["root"]), (6, 1, 1));
    // By PLOVER category, and with the countries of both sides (ISRMIL and
    // PSEREB are Israel and Palestine): every gold event.
    assert_eq!((e["category"]["k"].as_u64(), e["category"]["n"].as_u64()), (Some(7), Some(7)));
    assert_eq!((e["category_dyad"]["k"].as_u64(), e["category_dyad"]["n"].as_u64()), (Some(7), Some(7)));
    let help = dyad(&["eval", "--help"], None, &[]);
    assert!(help.stdout.contains("dyad validate"), "{}", help.stdout);
}

#[test]
fn bad_gold_lines_are_reported_with_their_line_and_the_rest_is_scored() {
    let (gold, docs) = (eval_fixture("bad.gold.jsonl"), eval_fixture("docs.jsonl"));
    let (r, stderr) = eval_json(&["--gold", &gold, &docs], 1);
    for msg in [
        "bad.gold.jsonl:2: malformed JSON",
        "bad.gold.jsonl:3: missing `id`",
        "bad.gold.jsonl:4: unknown PLOVER category `DEMAND`",
        "bad.gold.jsonl:6: duplicate id `d1` (first on line 1)",
    ] {
        assert!(stderr.contains(msg), "{msg}: {stderr}");
    }
    assert!(stderr.contains("2 labels (4 rejected)"), "{stderr}");
    assert_eq!(r["documents"], 2);
    assert_eq!(counts(&r["plover"]["micro"]), (2, 0, 0));
    // A gold file with no usable line is fatal.
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("g.jsonl");
    std::fs::write(&empty, "{\"id\":\"x\"}\n").unwrap();
    let out = dyad(&["eval", "--gold", empty.to_str().unwrap(), &docs], None, &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no labels read (1 line(s) rejected)"), "{}", out.stderr);
}

#[test]
fn judged_verdicts_give_precision_with_wilson_intervals() {
    let out = dyad(&["eval", "--judged", &eval_fixture("verdicts.tsv")], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // 10 judged (d12 is not yet); right: all but d2 (category), d9/0
    // (source) and d9/1 (no event).
    for line in [
        "right           10     7   0.700  [0.397, 0.892]",
        "event_ok        10     9   0.900  [0.596, 0.982]",
        "category_ok      9     8   0.889  [0.565, 0.980]",
        "target_ok        9     9   1.000  [0.701, 1.000]",
        "date_ok          8     7   0.875  [0.529, 0.978]",
    ] {
        assert!(out.stdout.contains(line), "{line}\n{}", out.stdout);
    }
    assert!(out.stdout.contains("10 judged, 1 not judged yet, 0 rejected"), "{}", out.stdout);
    let (r, _) = eval_json(&["--judged", &eval_fixture("verdicts.tsv")], 0);
    assert_eq!(r["measures"][0]["measure"], "right");
    assert_eq!(share(&r["measures"][0]), (7, 10));
}

#[test]
fn malformed_verdict_lines_are_rejected_and_the_rest_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.tsv");
    std::fs::write(
        &path,
        "doc_id\tevent_ok\tcategory_ok\tsource_ok\ttarget_ok\nd1\ty\ty\ty\ty\nd2\tperhaps\t\t\t\nd3\ty\t\ty\ty\nd4\tn\t\t\t\n",
    )
    .unwrap();
    let out = dyad(&["eval", "--judged", path.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("v.tsv:3: `event_ok` is `perhaps`"), "{}", out.stderr);
    assert!(out.stderr.contains("v.tsv:4: event_ok is yes but category_ok is empty"), "{}", out.stderr);
    assert!(out.stdout.contains("right            2     1   0.500"), "{}", out.stdout);
    std::fs::write(&path, "doc_id\tverdict\nd1\ty\n").unwrap();
    let out = dyad(&["eval", "--judged", path.to_str().unwrap()], None, &[]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("v.tsv:1: no `event_ok` column"), "{}", out.stderr);
}

#[test]
fn sample_is_reproducible_and_round_trips_through_eval_judged() {
    let docs = eval_fixture("docs.jsonl");
    let all = mentions(&dyad(&["code", &docs], None, &[]).stdout).len();
    assert_eq!(all, 10);
    let one = dyad(&["sample", "-n", "4", "--seed", "5", "-j", "1", &docs], None, &[]);
    let two = dyad(&["sample", "-n", "4", "--seed", "5", "-j", "2", &docs], None, &[]);
    assert_eq!(one.status, 0, "{}", one.stderr);
    assert_eq!(one.stdout, two.stdout);
    assert_ne!(one.stdout, dyad(&["sample", "-n", "4", "--seed", "6", &docs], None, &[]).stdout);
    let lines: Vec<&str> = one.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", one.stdout);
    assert_eq!(
        lines[0],
        "doc_id\tsentence\tspan_start\tspan_end\tanchor_start\tanchor_end\ttext\tsource\ttarget\tcameo\tplover\tmodality\tdate\tconfidence\tevent_ok\tcategory_ok\tsource_ok\ttarget_ok\tdate_ok\tnote"
    );
    assert!(lines[1..].iter().all(|l| l.contains("[[") && l.ends_with("\t\t\t\t\t\t")), "{}", one.stdout);
    assert!(one.stderr.contains("drew 4 of 10 mentions (seed 5)"), "{}", one.stderr);

    // Without text: ids, spans and codes only; every mention when N is larger.
    let bare = dyad(&["sample", "-n", "100", "--no-text", &docs], None, &[]);
    assert_eq!(bare.stdout.lines().count(), 11, "{}", bare.stdout);
    assert!(!bare.stdout.contains("\ttext\t") && !bare.stdout.contains("Venezuela"), "{}", bare.stdout);
    let jsonl = dyad(&["sample", "-n", "3", "--seed", "5", "--format", "jsonl", &docs], None, &[]);
    let rows = mentions(&jsonl.stdout);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["event_ok"] == "" && r["text"].as_str().is_some_and(|t| t.contains("[["))));

    // A judge says yes everywhere but one event: 9 of 10 right.
    let filled: String = bare
        .stdout
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => format!("{l}\n"),
            1 => format!("{}\tn\t\t\t\t\twrong\n", l.trim_end_matches('\t')),
            _ => format!("{}\ty\ty\ty\ty\ty\t\n", l.trim_end_matches('\t')),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("judged.tsv");
    std::fs::write(&path, filled).unwrap();
    let (r, _) = eval_json(&["--judged", path.to_str().unwrap()], 0);
    assert_eq!(share(&r["measures"][0]), (9, 10));
    // The sample's confidence column gives the calibration table: every row in one tenth.
    let bins = r["calibration"].as_array().unwrap();
    assert_eq!(bins.iter().map(|b| b["right"]["n"].as_u64().unwrap()).sum::<u64>(), 10);
    assert_eq!(bins.iter().map(|b| b["right"]["k"].as_u64().unwrap()).sum::<u64>(), 9);
}

/// What `dyad code` emits per document of an eval set: document id →
/// PLOVER categories (empty set for a document with mentions of none).
fn coded_categories(docs: &str) -> HashMap<String, BTreeSet<String>> {
    let out = dyad(&["code", docs], None, &[]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let mut by_doc: HashMap<String, BTreeSet<String>> = HashMap::new();
    for m in mentions(&out.stdout) {
        let set = by_doc.entry(m["doc_id"].as_str().unwrap().to_string()).or_default();
        if let Some(p) = m["plover"].as_str().filter(|p| !p.is_empty()) {
            set.insert(p.to_string());
        }
    }
    by_doc
}

fn gold_lines(path: &std::path::Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn shared_headlines_agree_with_a_tally_of_dyad_code() {
    let (Some(docs), Some(gold)) =
        (shared("eval/ngec_headlines_dev.jsonl"), shared("eval/ngec_headlines_dev.gold.jsonl"))
    else {
        return;
    };
    let (docs, gold) = (docs.to_str().unwrap(), gold.to_str().unwrap());
    let (r, _) = eval_json(&["--gold", gold, docs], 0);
    let coded = coded_categories(docs);
    let mut expected: BTreeMap<String, (u64, u64, u64, u64)> = BTreeMap::new();
    let mut any = 0;
    let labels = gold_lines(std::path::Path::new(gold));
    for g in &labels {
        let label = g["plover"].as_str().unwrap().to_string();
        let got = coded.get(g["id"].as_str().unwrap());
        any += u64::from(got.is_some());
        let got = got.cloned().unwrap_or_default();
        let row = expected.entry(label.clone()).or_default();
        row.0 += 1;
        if got.contains(&label) {
            row.1 += 1;
        } else {
            row.3 += 1;
        }
        for c in got.iter().filter(|c| **c != label) {
            expected.entry(c.clone()).or_default().2 += 1;
        }
    }
    assert_eq!(labels.len(), 442);
    assert_eq!(r["documents"], 442);
    assert_eq!(r["gold_not_in_input"]["count"], 0);
    assert_eq!(r["input_not_in_gold"]["count"], 0);
    assert_eq!(category_rows(&r), expected);
    assert_eq!(share(&r["any_event"]), (any, 442));
    assert_eq!(r["plover"]["macro"]["categories"], 16);
}

#[test]
fn shared_cep_topics_agree_with_a_tally_of_dyad_code() {
    let (Some(docs), Some(gold)) = (shared("eval/cep2015.jsonl"), shared("eval/cep2015.gold.jsonl")) else {
        return;
    };
    let (docs, gold) = (docs.to_str().unwrap(), gold.to_str().unwrap());
    let (r, _) = eval_json(&["--gold", gold, docs], 0);
    let coded = coded_categories(docs);
    let mut per_topic: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for g in gold_lines(std::path::Path::new(gold)) {
        let any = coded.contains_key(g["id"].as_str().unwrap());
        let political = g["political"].as_bool().unwrap();
        let t = per_topic.entry(g["topic"].as_str().unwrap().to_string()).or_default();
        t.0 += u64::from(any);
        t.1 += 1;
        match (political, any) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => {}
        }
    }
    let got: BTreeMap<String, (u64, u64)> = r["topic"]["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["topic"].as_str().unwrap().to_string(), share(&t["with_event"])))
        .collect();
    assert_eq!(got, per_topic);
    assert_eq!(got.values().map(|s| s.1).sum::<u64>(), 428);
    assert_eq!(counts(&r["topic"]["political"]), (tp, fp, fn_));
    assert_eq!(tp + fn_, 271, "the README's count of political items");
}

#[test]
fn shared_synthetic_stories_are_all_scored() {
    let (Some(docs), Some(gold)) = (shared("eval/ngec_synth_dev.jsonl"), shared("eval/ngec_synth_dev.gold.jsonl"))
    else {
        return;
    };
    let (r, stderr) = eval_json(&["--gold", gold.to_str().unwrap(), docs.to_str().unwrap()], 0);
    assert!(stderr.contains("2268 labels (0 rejected), 2268 documents coded (0 rejected), 2268 scored"), "{stderr}");
    let rows = category_rows(&r);
    // The README's stories per category.
    assert_eq!(rows["CONCEDE"].0, 420);
    assert_eq!(rows["SUPPORT"].0, 240);
    assert_eq!(rows.values().map(|c| c.0).sum::<u64>(), 2268);
    let (tp, fp, fn_) = counts(&r["plover"]["micro"]);
    assert_eq!(tp + fn_, 2268);
    assert_eq!(tp, rows.values().map(|c| c.1).sum::<u64>());
    assert_eq!(fp, rows.values().map(|c| c.2).sum::<u64>());
}
