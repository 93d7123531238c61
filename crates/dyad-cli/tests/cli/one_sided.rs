//! One-sided events downstream: mentions with no target (`Thousands marched
//! in Lagos`: PLOVER's recipient is optional) or no source, built here as a
//! coder would emit them, stored and fused by the engine, then read back
//! through every consumer: `dyad events`, `dyads`, `timeline`, each export
//! format and the HTTP API.

use std::path::{Path, PathBuf};

use dyad_engine::{Coded, Incoming, Pipeline, PreparedBatch, Settings, Store};
use dyad_types::{ActorRef, Article, DateBasis, Evidence, Mention, Modality, PartialDate, Span};
use serde_json::{json, Value};

use crate::serve::Server;
use crate::util::{dyad, mentions};

/// An actor named by the first occurrence of `words` in `text`.
fn actor(text: &str, words: &str, code: &str) -> ActorRef {
    let start = text.find(words).unwrap();
    ActorRef {
        text: words.into(),
        code: code.into(),
        country: code[..3].into(),
        sector: code[3..].into(),
        span: Span::new(start, start + words.len()),
    }
}

/// A mention of the first sentence of `text`, anchored on `verb`.
fn mention(doc: &str, text: &str, verb: &str, (cameo, plover, quad): (&str, &str, u8), date: &str) -> Mention {
    let v = text.find(verb).unwrap();
    let sentence = text.find(". ").map_or(text.len(), |e| e + 1);
    Mention {
        doc_id: doc.into(),
        sentence: 0,
        text: text[..sentence].into(),
        span: Span::new(0, sentence),
        source: Vec::new(),
        target: Vec::new(),
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: plover.into(),
        quad_class: quad,
        goldstein: -6.5,
        date: PartialDate::parse(date),
        date_precision: PartialDate::parse(date).map(|d| d.precision()),
        date_basis: DateBasis::Explicit,
        modality: Modality::Asserted,
        confidence: 0.0,
        quantities: Vec::new(),
        evidence: Evidence { verb: verb.into(), verb_span: Span::new(v, v + verb.len()), ..Evidence::default() },
        location: None,
    }
}

const PROTEST: (&str, &str, u8) = ("141", "PROTEST", 3);

/// Two wires report the Lagos march (one-sided) on the same day; one also
/// reports a march on the British embassy (two-sided); a third reports a
/// seizure of Iranian fuel by someone it does not name (no source).
fn store(dir: &Path) -> PathBuf {
    let docs: Vec<(&str, &str, &str, Vec<Mention>)> = {
        let a = "Thousands marched in Lagos on 12 October 2020.";
        let b = "Protesters marched through Lagos on 12 October 2020. Protesters also marched on the British embassy.";
        let b2 = "Protesters also marched on the British embassy.";
        let c = "A tanker carrying Iranian fuel was seized on 14 August 2020.";
        let mut ma = mention("lagos-a", a, "marched", PROTEST, "2020-10-12");
        ma.source = vec![actor(a, "Thousands", "NGACVL")];
        let mut mb = mention("lagos-b", b, "marched", PROTEST, "2020-10-12");
        mb.source = vec![actor(b, "Protesters", "NGACVL")];
        let mut mb2 = mention("lagos-b", b2, "marched", PROTEST, "2020-10-12");
        let off = b.find(b2).unwrap();
        (mb2.sentence, mb2.span, mb2.evidence.verb_span) = (1, Span::new(off, b.len()), Span::new(off + 17, off + 24));
        mb2.source = vec![actor(b, "Protesters", "NGACVL")];
        mb2.target = vec![actor(b, "British", "GBRGOV")];
        let mut mc = mention("seized", c, "seized", ("1711", "COERCE", 4), "2020-08-14");
        mc.target = vec![actor(c, "Iranian", "IRN")];
        vec![
            ("lagos-a", "Wire A", a, vec![ma]),
            ("lagos-b", "Wire B", b, vec![mb, mb2]),
            ("seized", "Wire C", c, vec![mc]),
        ]
    };
    let batch = docs
        .into_iter()
        .map(|(id, source, text, mentions)| {
            let article = Article {
                id: id.into(),
                text: text.into(),
                date: PartialDate::parse("2020-10-13"),
                source: Some(source.into()),
                ..Article::default()
            };
            let coded = Coded { id: id.into(), sentences: mentions.len(), mentions };
            (Incoming { article, origin: id.into() }, coded)
        })
        .collect();
    let path = dir.join("one-sided.db");
    let mut store = Store::open(&path).unwrap();
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let report = pipeline.store(&mut store, PreparedBatch::coded(batch)).unwrap();
    assert_eq!((report.new, report.mentions), (3, 4));
    path
}

/// Runs `dyad ARGS` and returns its standard output.
fn run(args: &[&str]) -> String {
    let out = dyad(args, None, &[]);
    assert_eq!(out.status, 0, "dyad {args:?}: {}", out.stderr);
    out.stdout
}

/// An event's sides as `source → target`, `-` for a missing one.
fn sides(e: &Value) -> String {
    let side = |v: &Value| v.as_str().filter(|s| !s.is_empty()).unwrap_or("-").to_string();
    format!("{} → {}", side(&e["source"]), side(&e["target"]))
}

#[test]
fn one_sided_events_go_through_store_fusion_exports_and_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = store(dir.path());
    let db = db.to_str().unwrap();

    // Fusion: the two reports of the march are one event, apart from the
    // march on the embassy; the seizure keeps its missing source.
    // Events (and exports) come in date then id order: the seizure first,
    // then the march and the march on the embassy in an order of their ids.
    let events = mentions(&run(&["events", "--db", db, "-f", "jsonl"]));
    let mut summary: Vec<String> = events
        .iter()
        .map(|e| format!("{} {} {} {}", sides(e), e["cameo"].as_str().unwrap(), e["date"], e["num_sources"]))
        .collect();
    summary[1..].sort();
    assert_eq!(
        summary,
        [r#"- → IRN 1711 "2020-08-14" 1"#, r#"NGACVL → - 141 "2020-10-12" 2"#, r#"NGACVL → GBRGOV 141 "2020-10-12" 1"#]
    );
    let m = events.iter().position(|e| e["target"] == "").unwrap();
    let embassy = 3 - m;
    let march = &events[m];
    assert_eq!(
        (&march["target"], &march["target_country"], &march["target_name"]),
        (&json!(""), &json!(""), &json!(""))
    );
    let table = run(&["events", "--db", db]);
    assert!(table.lines().any(|l| l.contains("NGACVL     141   -          PROTEST")), "{table}");

    // Pair views leave them out; the actor's timeline counts them.
    let pairs = run(&["dyads", "--db", db]);
    assert_eq!(
        pairs.lines().skip(1).map(|l| l.split_whitespace().take(3).collect::<Vec<_>>()).collect::<Vec<_>>(),
        [["NGA", "GBR", "1"]]
    );
    let timeline = run(&["timeline", "NGA", "--by", "day", "--db", db]);
    let day: Vec<Vec<&str>> = timeline.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    let bar = "-".repeat(50);
    assert_eq!(day, [["2020-10-12", bar.as_str(), "2", "-13.0"]], "{timeline}");

    // Exports.
    let path = |name: &str| dir.path().join(name).display().to_string();
    crate::util::export_all(db, dir.path());
    let gdelt = std::fs::read_to_string(path("e.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = gdelt.lines().map(|l| l.split('\t').collect()).collect();
    let col = |name: &str| dyad_export::gdelt::COLUMNS.iter().position(|c| *c == name).unwrap();
    // Actor1 is columns 5..15, Actor2 15..25.
    assert_eq!(rows[0][5..15], [""; 10], "no source: {:?}", rows[0]);
    assert_eq!(rows[0][col("Actor2Code")], "IRN");
    assert_eq!(rows[m][col("Actor1Code")], "NGACVL");
    assert_eq!(rows[m][col("Actor1Type1Code")], "CVL");
    assert_eq!(rows[m][15..25], [""; 10], "no recipient: {:?}", rows[m]);
    assert_eq!(rows[m][col("NumSources")], "2");
    assert_eq!(rows[embassy][col("Actor2Code")], "GBRGOV");

    let plover: Vec<Value> = mentions(&std::fs::read_to_string(path("e.jsonl")).unwrap());
    assert_eq!(plover[0]["actor"], Value::Null);
    assert_eq!(plover[0]["recipient"][0]["code"], "IRN");
    let actor = &plover[m]["actor"][0];
    assert_eq!(
        (&actor["code"], &actor["sector"], &actor["actor_code"]),
        (&json!("NGA"), &json!("CVL"), &json!("NGACVL"))
    );
    assert_eq!(plover[m]["recipient"], Value::Null);
    assert_eq!(plover[embassy]["recipient"][0]["actor_code"], "GBRGOV");

    let graph = std::fs::read_to_string(path("e.graphml")).unwrap();
    let lines = |tag: &str| graph.lines().map(str::trim).filter(|l| l.starts_with(tag)).collect::<Vec<_>>();
    // Each node: its id, events and one-sided events (its label is a name of the actor).
    let nodes: Vec<Vec<&str>> = lines("<node")
        .iter()
        .map(|l| {
            let after = |key: &str| l.split(key).nth(1).unwrap();
            let data = |key: &str| after(key).split('<').next().unwrap();
            vec![after("id=\"").split('"').next().unwrap(), data(r#"key="activity">"#), data(r#"key="one_sided">"#)]
        })
        .collect();
    assert_eq!(nodes, [["GBR", "1", "0"], ["IRN", "1", "1"], ["NGA", "2", "1"]], "{graph}");
    let edges = lines("<edge");
    assert_eq!(edges.len(), 1, "{graph}");
    assert!(edges[0].starts_with(r#"<edge id="e0" source="NGA" target="GBR"><data key="events">1</data>"#), "{graph}");

    let csv = std::fs::read_to_string(path("e.csv")).unwrap();
    let csv: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(csv[0][3..9], ["source", "source_country", "source_name", "target", "target_country", "target_name"]);
    assert_eq!(csv[1][3..9], ["", "", "", "IRN", "IRN", "Iranian"]);
    assert_eq!(csv[1 + m][3..5], ["NGACVL", "NGA"]);
    assert_eq!(csv[1 + m][6..9], ["", "", ""]);

    use parquet::file::reader::{FileReader, SerializedFileReader};
    let events_pq = SerializedFileReader::new(std::fs::File::open(path("e.parquet")).unwrap()).unwrap();
    let rows: Vec<String> = events_pq.get_row_iter(None).unwrap().map(|r| r.unwrap().to_string()).collect();
    assert!(rows[0].contains("source: null, source_country: null, source_name: null, target: \"IRN\""), "{}", rows[0]);
    assert!(rows[m].contains("target: null, target_country: null, target_name: null"), "{}", rows[m]);
    assert!(rows[embassy].contains("target: \"GBRGOV\""), "{}", rows[embassy]);
    let mentions_pq = SerializedFileReader::new(std::fs::File::open(path("e.mentions.parquet")).unwrap()).unwrap();
    let rows: Vec<String> = mentions_pq.get_row_iter(None).unwrap().map(|r| r.unwrap().to_string()).collect();
    // Actors are typed lists of structs: a missing side is an empty list.
    assert!(rows[0].contains("code: \"NGACVL\"") && rows[0].contains("target: []"), "{}", rows[0]);
    assert!(rows[3].contains("source: [], target: [{") && rows[3].contains("code: \"IRN\""), "{}", rows[3]);

    let all: Vec<Value> = mentions(&std::fs::read_to_string(path("all.jsonl")).unwrap());
    assert_eq!((&all[m]["target"], &all[m]["source"]), (&json!(""), &json!("NGACVL")));

    // The API: a missing side is null; pair views skip, the timeline counts.
    let server = Server::start(Path::new(db));
    let page = server.json("/api/events?actor=NGA");
    let mut api: Vec<String> = page["events"].as_array().unwrap().iter().map(sides).collect();
    api.sort();
    assert_eq!(api, ["NGACVL → -", "NGACVL → GBRGOV"]);
    let e = page["events"].as_array().unwrap().iter().find(|e| e["target"].is_null()).unwrap();
    assert_eq!((&e["target"], &e["target_country"], &e["target_name"]), (&Value::Null, &Value::Null, &Value::Null));
    assert_eq!((&e["source"], &e["source_country"]), (&json!("NGACVL"), &json!("NGA")));
    let seized = &server.json("/api/events?target=IRN")["events"][0];
    assert_eq!((&seized["source"], &seized["source_country"]), (&Value::Null, &Value::Null));
    let detail = server.json(&format!("/api/events/{}", e["id"].as_str().unwrap()));
    let kinds: Vec<Vec<&str>> = detail["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["highlights"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect())
        .collect();
    assert_eq!(kinds, [["source", "verb"], ["source", "verb"]]);
    assert_eq!(
        server.json("/api/dyads")["dyads"],
        json!([{ "source": "NGA", "target": "GBR", "events": 1, "mentions": 1, "goldstein": -6.5 }])
    );
    let network = server.json("/api/network");
    assert_eq!(network["edges"].as_array().unwrap().len(), 1, "{network}");
    assert_eq!(network["edges"][0]["target"], "GBR");
    let period = server.json("/api/network?from=2020-01&to=2020-12");
    assert_eq!(period["edges"], network["edges"]);
    let timeline = server.json("/api/timeline?a=NGA&by=day");
    assert_eq!(
        timeline["buckets"],
        json!([{ "period": "2020-10-12", "quad": [0, 0, 2, 0], "events": 2, "goldstein": -13.0 }])
    );
    let by_month = server.json("/api/timeline?a=IRN");
    assert_eq!(by_month["buckets"][0]["period"], "2020-08");
    assert_eq!(server.json("/api/timeline?a=NGA&b=GBR")["buckets"][0]["events"], 1);
}
