//! Store tests: a scenario in, the database's contents out.

use super::*;
use dyad_types::{ActorRef, Evidence, Span};

fn mention(doc: &str, src: &str, tgt: &str, cameo: &str, date: &str) -> Mention {
    let actor = |c: &str| ActorRef {
        text: c.into(),
        code: c.into(),
        country: c[..3].into(),
        sector: c[3..].into(),
        span: Span::new(0, 1),
    };
    Mention {
        doc_id: doc.into(),
        sentence: 0,
        text: "x".into(),
        span: Span::new(0, 1),
        source: vec![actor(src)],
        target: vec![actor(tgt)],
        cameo: cameo.into(),
        cameo_root: cameo[..2].into(),
        plover: "AID".into(),
        quad_class: 2,
        goldstein: 7.4,
        date: PartialDate::parse(date),
        date_precision: PartialDate::parse(date).map(|d| d.precision()),
        date_basis: DateBasis::Explicit,
        modality: Modality::Asserted,
        confidence: 0.0,
        quantities: vec![Quantity { value: 5.0, unit: "tanker".into(), text: "five tankers".into() }],
        evidence: Evidence::default(),
        location: None,
    }
}

fn doc<'a>(hash: &'a str, text: &'a str) -> NewDocument<'a> {
    NewDocument {
        hash,
        ext_id: hash,
        title: None,
        date: PartialDate::parse("2020-05-26"),
        source: Some("Wire"),
        url: None,
        origin: "test",
        text,
        sentences: 1,
        signature: &[],
        tone: None,
        dateline: None,
    }
}

fn event(id: i64, date: &str, mention_ids: Vec<i64>) -> Event {
    Event {
        id,
        source: "IRN".into(),
        source_country: "IRN".into(),
        source_name: "Iran".into(),
        target: "VEN".into(),
        target_country: "VEN".into(),
        target_name: "Venezuela".into(),
        source_url: None,
        cameo: "071".into(),
        cameo_root: "07".into(),
        plover: "AID".into(),
        quad_class: 2,
        goldstein: 7.4,
        date: PartialDate::parse(date),
        date_precision: PartialDate::parse(date).map(|d| d.precision()),
        first_report: PartialDate::parse("2020-05-26"),
        last_report: PartialDate::parse("2020-05-26"),
        num_mentions: mention_ids.len() as u32,
        num_sources: 1,
        num_articles: 1,
        modality: Modality::Asserted,
        disputed: false,
        conflict: id == 2,
        quantities: Vec::new(),
        mention_ids,
        location: None,
        avg_tone: None,
    }
}

#[test]
fn events_are_found_by_the_country_and_the_neighbourhood_of_their_place() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&NewDocument { tone: Some(-1.5), ..doc("h1", "text") }).unwrap();
    let mut m = mention("h1", "IRN", "VEN", "071", "2020-05");
    let place = |name: &str, country: &str, lat: f64, lon: f64| dyad_types::Location {
        text: name.into(),
        span: Some(dyad_types::Span::new(0, 4)),
        name: name.into(),
        feature: dyad_types::Feature::City,
        country: country.into(),
        adm1: String::new(),
        lat,
        lon,
        geonameid: 1,
        basis: dyad_types::LocationBasis::Sentence,
        confidence: 0.9,
        conflict: None,
    };
    m.location = Some(place("El Palito", "VEN", 10.48, -68.11));
    let m1 = tx.insert_mention(d, &m).unwrap();
    tx.insert_dyad(m1, "IRN|VEN|AID", "h1:0", m.source.first(), m.target.first()).unwrap();
    let records = tx.dyad_records("IRN|VEN|AID").unwrap();
    assert_eq!(records[0].place.as_ref().map(|p| p.name.as_str()), Some("El Palito"));
    assert_eq!(records[0].doc_tone, Some(-1.5));
    let mut near = event(1, "2020-05", vec![m1]);
    (near.location, near.avg_tone) = (Some(place("Puerto Cabello", "VEN", 10.47, -68.01)), Some(-1.5));
    let mut far = event(2, "2020-06", Vec::new());
    far.location = Some(place("Tehran", "IRN", 35.69, 51.42));
    let nowhere = event(3, "2020-07", Vec::new());
    tx.replace_events("IRN|VEN|AID", &[near, far, nowhere]).unwrap();
    tx.commit().unwrap();
    let q = |q: EventQuery| s.events(&EventQuery { limit: 10, ..q }).unwrap().iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(q(EventQuery { place_country: Some("VEN".into()), ..EventQuery::default() }), [1]);
    assert_eq!(q(EventQuery { near: Some((10.5, -68.0, 30.0)), ..EventQuery::default() }), [1]);
    assert_eq!(q(EventQuery { near: Some((35.7, 51.4, 5.0)), ..EventQuery::default() }), [2]);
    assert_eq!(q(EventQuery { located: true, ..EventQuery::default() }), [1, 2]);
    let (e, mentions) = s.event(1).unwrap().unwrap();
    assert_eq!(e.avg_tone, Some(-1.5));
    assert_eq!(e.location.map(|l| l.name), Some("Puerto Cabello".to_string()));
    assert_eq!(mentions[0].mention.location.as_ref().map(|l| l.country.as_str()), Some("VEN"));
}

#[test]
fn a_version_2_store_is_migrated_and_its_rows_read_without_location() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let mut s = Store::open(&path).unwrap();
        let tx = s.transaction().unwrap();
        let d = tx.insert_document(&doc("h1", "text")).unwrap();
        let m = mention("h1", "IRN", "VEN", "071", "2020-05");
        let m1 = tx.insert_mention(d, &m).unwrap();
        tx.insert_dyad(m1, "IRN|VEN|AID", "h1:0", m.source.first(), m.target.first()).unwrap();
        tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1])]).unwrap();
        tx.commit().unwrap();
    }
    // Make it a version 2 file: what an older dyad wrote (no v3 to v6
    // columns and tables, user_version 2); they are dropped where SQLite can.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE pair_totals; DROP TABLE pair_month_packs; DROP TABLE pair_year_packs; DROP TABLE category_periods;
         DROP TABLE category_years;
         ALTER TABLE documents DROP COLUMN dateline;
         DROP INDEX dyads_window; ALTER TABLE dyads DROP COLUMN day_lo; ALTER TABLE dyads DROP COLUMN day_hi;
         ALTER TABLE dyads DROP COLUMN wide_lo; ALTER TABLE dyads DROP COLUMN wide_hi; ALTER TABLE dyads DROP COLUMN units;
         DROP INDEX events_place_country; DROP INDEX events_lat;
         ALTER TABLE documents DROP COLUMN tone; ALTER TABLE mentions DROP COLUMN location_json;
         ALTER TABLE events DROP COLUMN location_json; ALTER TABLE events DROP COLUMN place_country;
         ALTER TABLE events DROP COLUMN lat; ALTER TABLE events DROP COLUMN lon; ALTER TABLE events DROP COLUMN avg_tone;
         ALTER TABLE mentions DROP COLUMN confidence;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let s = Store::open(&path).unwrap();
    let (e, mentions) = s.event(1).unwrap().unwrap();
    assert_eq!((e.location, e.avg_tone), (None, None));
    assert_eq!(mentions[0].mention.location, None);
    assert_eq!(mentions[0].mention.confidence, 0.0);
}

#[test]
fn a_batch_round_trips_and_queries_filter() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&doc("h1", "Iran sent fuel to Venezuela.")).unwrap();
    assert_eq!(tx.document_by_hash("h1").unwrap(), Some(d));
    let m1 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-05")).unwrap();
    let m2 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2021-02-03")).unwrap();
    let m = mention("h1", "IRN", "VEN", "071", "2020");
    tx.insert_dyad(m1, "IRN|VEN|AID", "h1:0", m.source.first(), m.target.first()).unwrap();
    tx.insert_dyad(m2, "IRN|VEN|AID", "h1:1", m.source.first(), m.target.first()).unwrap();
    assert_eq!(tx.dyad_records("IRN|VEN|AID").unwrap().len(), 2);
    tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1]), event(2, "2021-02-03", vec![m2])]).unwrap();
    tx.commit().unwrap();

    let all = s.events(&EventQuery { limit: 10, ..EventQuery::default() }).unwrap();
    assert_eq!(all.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2]);
    let q = |q: EventQuery| s.events(&EventQuery { limit: 10, ..q }).unwrap().iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(q(EventQuery { from: PartialDate::parse("2021"), ..EventQuery::default() }), [2]);
    assert_eq!(q(EventQuery { to: PartialDate::parse("2020-12"), ..EventQuery::default() }), [1]);
    assert_eq!(q(EventQuery { source: Some("VEN".into()), ..EventQuery::default() }), Vec::<i64>::new());
    assert_eq!(q(EventQuery { cameo: Some("07".into()), plover: Some("aid".into()), ..EventQuery::default() }), [1, 2]);
    assert_eq!(q(EventQuery { conflicts: true, ..EventQuery::default() }), [2]);
    let first = &all[0];
    assert_eq!(q(EventQuery { after: Some(s.cursor_of(first)), ..EventQuery::default() }), [2]);

    let (e, ms) = s.event(1).unwrap().unwrap();
    assert_eq!(e.mention_ids, [m1]);
    assert_eq!(ms[0].mention.quantities[0].unit, "tanker");
    assert_eq!(ms[0].doc.source.as_deref(), Some("Wire"));
    let t = s.timeline("VEN", Some("IRN"), Period::Month).unwrap();
    assert_eq!(t.iter().map(|b| (b.period.as_str(), b.quad[1])).collect::<Vec<_>>(), [("2020-05", 1), ("2021-02", 1)]);
    assert_eq!(s.top_dyads(5).unwrap()[0].events, 2);
    assert_eq!(s.stats().unwrap(), Stats { documents: 1, duplicate_clusters: 0, mentions: 2, events: 2, conflicts: 1 });
}

#[test]
fn clusters_and_uncommitted_batches() {
    let mut s = Store::open_in_memory().unwrap();
    {
        let tx = s.transaction().unwrap();
        let a = tx.insert_document(&doc("a", "one")).unwrap();
        let b = tx.insert_document(&doc("b", "two")).unwrap();
        tx.insert_bands(a, &[7, 8]).unwrap();
        tx.insert_bands(b, &[8]).unwrap();
        assert_eq!(tx.candidates(&[8]).unwrap().len(), 2);
        tx.merge_clusters(b, a).unwrap();
        tx.commit().unwrap();
    }
    assert_eq!(s.duplicate_clusters().unwrap()[0].len(), 2);
    assert_eq!(s.largest_duplicate_clusters(5).unwrap(), s.duplicate_clusters().unwrap());
    assert!(s.largest_duplicate_clusters(0).unwrap().is_empty());
    {
        // Dropped without commit: rolled back.
        let tx = s.transaction().unwrap();
        tx.insert_document(&doc("c", "three")).unwrap();
    }
    assert_eq!(s.stats().unwrap().documents, 2);
}

#[test]
fn slow_queries_time_out() {
    let s = Store::open_in_memory().unwrap();
    let r = s.with_timeout(std::time::Duration::from_millis(50), |s| {
        // A recursive query that would run for a very long time.
        Ok(s.conn.query_row(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000) SELECT count(*) FROM c",
            [],
            |r| r.get::<_, i64>(0),
        )?)
    });
    assert!(matches!(r, Err(Error::Timeout(_))), "{r:?}");
    // The connection still works afterwards.
    assert_eq!(s.stats().unwrap().documents, 0);
}

#[test]
fn a_file_store_is_created_in_wal_mode_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dyad.db");
    {
        let mut s = Store::open(&path).unwrap();
        let tx = s.transaction().unwrap();
        tx.insert_document(&doc("a", "one")).unwrap();
        tx.commit().unwrap();
        let mode: String = s.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
    let r = Store::open_read_only(&path).unwrap();
    assert_eq!(r.stats().unwrap().documents, 1);
    // Readers do not map the file: a cold fault on a mapped page reads as
    // far around it as the device's readahead (megabytes per page).
    let mapped: i64 = r.conn.query_row("PRAGMA mmap_size", [], |r| r.get(0)).unwrap();
    assert_eq!(mapped, 0, "read-only connections read pages with pread");
}

#[test]
fn pairs_networks_documents_and_search() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx
        .insert_document(&NewDocument {
            title: Some("Tankers reach Venezuela"),
            ..doc("h1", "Iranian tankers reached Venezuela on Monday.")
        })
        .unwrap();
    let m = mention("h1", "IRN", "VEN", "071", "2020-05");
    let r = mention("h1", "VEN", "IRN", "071", "2020-06");
    let m1 = tx.insert_mention(d, &m).unwrap();
    let m2 = tx.insert_mention(d, &r).unwrap();
    tx.insert_dyad(m1, "IRN|VEN|AID", "h1:0", m.source.first(), m.target.first()).unwrap();
    tx.insert_dyad(m2, "VEN|IRN|AID", "h1:1", r.source.first(), r.target.first()).unwrap();
    tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1])]).unwrap();
    let mut back = event(2, "2020-06", vec![m2]);
    (back.source, back.source_country, back.target, back.target_country) =
        ("VEN".into(), "VEN".into(), "IRN".into(), "IRN".into());
    tx.replace_events("VEN|IRN|AID", &[back]).unwrap();
    tx.commit().unwrap();
    let pair =
        s.events(&EventQuery { pair: Some(("IRN".into(), "VEN".into())), limit: 10, ..EventQuery::default() }).unwrap();
    assert_eq!(pair.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2]);
    let net = s.network(Some("2020-06"), Some("2020-12"), 10).unwrap();
    assert_eq!(net.iter().map(|e| (e.source.as_str(), e.events)).collect::<Vec<_>>(), [("VEN", 1)]);
    let ms = s.document_mentions(d).unwrap();
    assert_eq!(ms.iter().map(|(_, ev)| ev.clone()).collect::<Vec<_>>(), [vec![1], vec![2]]);
    let hits = s.search("venezuela tankers", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].1.contains("<b>"), "{}", hits[0].1);
    assert!(s.search("\"; DROP TABLE documents; --", 5).unwrap().is_empty());
    assert_eq!(s.cluster_members(d).unwrap().len(), 1);
}

#[test]
fn country_rollups_follow_refusion_by_deltas() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&doc("h1", "Iran sent fuel to Venezuela.")).unwrap();
    let m1 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-05")).unwrap();
    let m2 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-06")).unwrap();
    tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1]), event(2, "2020-05", vec![m2])]).unwrap();
    let mut other = event(3, "2020-05", vec![m2]);
    (other.plover, other.cameo, other.quad_class) = ("COERCE".into(), "163".into(), 4);
    tx.replace_events("IRN|VEN|COERCE", &[other]).unwrap();
    tx.commit().unwrap();
    let month = |s: &Store, b: Option<&str>| {
        s.timeline("IRN", b, Period::Month).unwrap().iter().map(|b| (b.period.clone(), b.quad)).collect::<Vec<_>>()
    };
    assert_eq!(month(&s, Some("VEN")), [("2020-05".to_string(), [0, 2, 0, 1])]);
    assert_eq!(month(&s, None), month(&s, Some("VEN")));

    // The key is fused again: one event moves to June, the other is gone.
    let tx = s.transaction().unwrap();
    tx.replace_events("IRN|VEN|AID", &[event(2, "2020-06", vec![m2])]).unwrap();
    tx.commit().unwrap();
    let want = [("2020-05".to_string(), [0, 0, 0, 1]), ("2020-06".to_string(), [0, 1, 0, 0])];
    assert_eq!(month(&s, Some("VEN")), want);
    assert_eq!(month(&s, None), want);
    assert_eq!(s.timeline("VEN", None, Period::Year).unwrap()[0].quad, [0, 1, 0, 1]);
    let net = s.network(Some("2020-06"), Some("2020-06"), 10).unwrap();
    assert_eq!(net.iter().map(|e| (e.source.as_str(), e.events)).collect::<Vec<_>>(), [("IRN", 1)]);
    // Every rollup equals the per-key rows it summarises.
    let check = |sql: &str| -> i64 { s.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        check(
            "SELECT count(*) FROM (SELECT source_country, target_country, period, quad_class, sum(events) n \
             FROM key_periods WHERE source_country != '' AND target_country != '' GROUP BY 1, 2, 3, 4 EXCEPT SELECT source_country, target_country, period, quad_class, \
             events FROM pair_periods WHERE events > 0)"
        ),
        0
    );
}

#[test]
fn one_sided_events_are_stored_and_counted_for_their_actor_only() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&doc("h1", "Haiti teachers went on strike. A tanker was seized.")).unwrap();
    // `Haiti teachers went on strike`: no target. `A tanker was seized`
    // (by someone unnamed, from Iran): no source.
    let mut strike = mention("h1", "HTIEDU", "XXX", "143", "2021-03-02");
    strike.target.clear();
    strike.plover = "PROTEST".into();
    let mut seized = mention("h1", "XXX", "IRN", "1711", "2020-08-14");
    seized.source.clear();
    seized.evidence.date_text = Some("August 2020 (earlier in the paragraph)".into());
    let m1 = tx.insert_mention(d, &strike).unwrap();
    let m2 = tx.insert_mention(d, &seized).unwrap();
    tx.insert_dyad(m1, "HTI||PROTEST", "h1:0", strike.source.first(), None).unwrap();
    tx.insert_dyad(m2, "|IRN|COERCE", "h1:1", None, seized.target.first()).unwrap();
    let r = &tx.dyad_records("HTI||PROTEST").unwrap()[0];
    assert_eq!(
        (r.source.as_str(), r.target.as_str(), r.target_country.as_str(), r.target_text.as_str()),
        ("HTIEDU", "", "", "")
    );
    assert!(!r.date_inherited);
    let r = &tx.dyad_records("|IRN|COERCE").unwrap()[0];
    assert_eq!((r.source.as_str(), r.source_country.as_str(), r.target.as_str()), ("", "", "IRN"));
    assert!(r.date_inherited, "the paragraph's date");
    let mut e1 = event(1, "2021-03-02", vec![m1]);
    (e1.source, e1.source_country, e1.source_name) = ("HTIEDU".into(), "HTI".into(), "Haiti teachers".into());
    (e1.target, e1.target_country, e1.target_name) = (String::new(), String::new(), String::new());
    (e1.plover, e1.cameo, e1.quad_class) = ("PROTEST".into(), "143".into(), 3);
    let mut e2 = event(2, "2020-08-14", vec![m2]);
    (e2.source, e2.source_country, e2.source_name) = (String::new(), String::new(), String::new());
    (e2.target, e2.target_country, e2.target_name) = ("IRN".into(), "IRN".into(), "Iran".into());
    (e2.plover, e2.cameo, e2.quad_class) = ("COERCE".into(), "1711".into(), 4);
    tx.replace_events("HTI||PROTEST", &[e1]).unwrap();
    tx.replace_events("|IRN|COERCE", &[e2]).unwrap();
    tx.commit().unwrap();

    let (e, ms) = s.event(1).unwrap().unwrap();
    assert_eq!((e.target.as_str(), e.target_country.as_str(), e.target_name.as_str()), ("", "", ""));
    assert!(ms[0].mention.target.is_empty());
    assert_eq!(s.event(2).unwrap().unwrap().0.source, "");
    let q = |q: EventQuery| s.events(&EventQuery { limit: 10, ..q }).unwrap().iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(q(EventQuery { actor: Some("HTI".into()), ..EventQuery::default() }), [1]);
    assert_eq!(q(EventQuery { target: Some("IRN".into()), ..EventQuery::default() }), [2]);
    // The actor's timeline shows them; pair views do not.
    let t = s.timeline("HTI", None, Period::Month).unwrap();
    assert_eq!(t.iter().map(|b| (b.period.as_str(), b.quad)).collect::<Vec<_>>(), [("2021-03", [0, 0, 1, 0])]);
    assert_eq!(s.timeline("IRN", None, Period::Day).unwrap()[0].quad, [0, 0, 0, 1]);
    assert!(s.top_dyads(10).unwrap().is_empty());
    assert!(s.network(None, None, 10).unwrap().is_empty());
    assert!(s.network(Some("2020-01"), Some("2021-12"), 10).unwrap().is_empty());
    let empty_actor: i64 =
        s.conn.query_row("SELECT count(*) FROM actor_periods WHERE country = ''", [], |r| r.get(0)).unwrap();
    assert_eq!(empty_actor, 0);
}

/// The schema as `sqlite_master` holds it, in creation order.
fn schema_text(store: &Store) -> String {
    let mut stmt = store.conn.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").unwrap();
    let sql: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    let text: String = sql.iter().map(|s| format!("{s};\n\n")).collect();
    format!("{}\n", text.trim_end())
}

#[test]
fn the_schema_is_the_documented_contract_of_its_version() {
    let doc = include_str!("../../../docs/store-schema.md");
    let marker = format!("```sql schema-version-{}\n", schema::VERSION);
    let start = doc.find(&marker).map(|i| i + marker.len());
    assert!(start.is_some(), "docs/store-schema.md documents no schema version {}", schema::VERSION);
    let rest = &doc[start.unwrap_or_default()..];
    let documented = &rest[..rest.find("```").unwrap_or(rest.len())];
    let actual = schema_text(&Store::open_in_memory().unwrap());
    assert!(
        documented == actual,
        "the store's schema is not the one docs/store-schema.md documents for version {v}: a schema change \
         needs a new schema::VERSION, a migration, and its schema in docs/store-schema.md.\n\
         actual schema:\n{actual}",
        v = schema::VERSION
    );
}

#[test]
fn a_second_writer_waits_its_turn_and_is_told() {
    // Issue 13: a second `dyad ingest` failed with "database is locked":
    // its deferred transaction read first, and once the other writer had
    // committed it could only fail. Now it waits for the write lock.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut first = Store::open(&path).unwrap();
    let tx = first.transaction().unwrap();
    tx.insert_document(&doc("h1", "first writer")).unwrap();
    let (waiting, told) = std::sync::mpsc::channel();
    let second = std::thread::spawn({
        let path = path.clone();
        move || {
            let mut s = Store::open(&path).unwrap();
            s.on_write_wait(move |_| {
                let _ = waiting.send(());
            });
            let tx = s.transaction()?;
            // As ingest does: read, then write.
            assert_eq!(tx.document_by_hash("h2")?, None);
            tx.insert_document(&doc("h2", "second writer"))?;
            tx.commit()
        }
    });
    // The second writer says it waits; only then does the first commit.
    // (The bound only keeps a broken build from hanging: the second writer
    // is told after the two seconds of its first busy timeout.)
    told.recv_timeout(std::time::Duration::from_secs(120)).expect("the second writer is told it waits");
    tx.commit().unwrap();
    second.join().unwrap().unwrap();
    assert_eq!(Store::open(&path).unwrap().stats().unwrap().documents, 2);
}

#[test]
fn a_snapshot_does_not_see_what_is_committed_meanwhile() {
    // Issue 13: the Parquet export read events and mentions in two
    // transactions; a commit between them made the files disagree.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut writer = Store::open(&path).unwrap();
    let tx = writer.transaction().unwrap();
    tx.insert_document(&doc("h1", "before")).unwrap();
    tx.commit().unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    let (before, after) = reader
        .snapshot(|s| -> Result<(u64, u64)> {
            let before = s.stats()?.documents;
            let tx = writer.transaction()?;
            tx.insert_document(&doc("h2", "meanwhile"))?;
            tx.commit()?;
            Ok((before, s.stats()?.documents))
        })
        .unwrap();
    assert_eq!((before, after), (1, 1));
    assert_eq!(reader.stats().unwrap().documents, 2, "after the snapshot, the new commit is seen");
}

#[test]
fn near_duplicate_candidates_are_bounded_per_band() {
    // Issue 13: 3,000 reprints of one story took 12 s, every new one
    // compared with all earlier ones (they share every band).
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    for i in 0..(CANDIDATES_PER_BAND as i64 + 40) {
        let hash = format!("h{i}");
        let d = tx.insert_document(&doc(&hash, "a reprint")).unwrap();
        tx.insert_bands(d, &[7, 8]).unwrap();
    }
    let c = tx.candidates(&[7, 8, 9]).unwrap();
    assert_eq!(c.len(), CANDIDATES_PER_BAND);
    // The newest first: they stand for their clusters.
    assert_eq!(c[0].doc, CANDIDATES_PER_BAND as i64 + 40);
    assert!(c.windows(2).all(|w| w[0].doc > w[1].doc));
}

#[test]
fn a_version_5_store_gains_the_aggregate_rollups_of_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let answers = |s: &Store| {
        (
            s.top_dyads(10).unwrap(),
            s.network(Some("2020-05"), Some("2020-06"), 10).unwrap(),
            s.categories(None, None, Period::Year).unwrap(),
            s.view_counts(PartialDate::parse("2020"), None, None, None).unwrap(),
        )
    };
    let before = {
        let mut s = Store::open(&path).unwrap();
        let tx = s.transaction().unwrap();
        let d = tx.insert_document(&NewDocument { dateline: Some("CARACAS, May 25"), ..doc("h1", "text") }).unwrap();
        let m = mention("h1", "IRN", "VEN", "071", "2020-05");
        let m1 = tx.insert_mention(d, &m).unwrap();
        let m2 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-06")).unwrap();
        tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1]), event(2, "2020", vec![m2])]).unwrap();
        tx.commit().unwrap();
        assert_eq!(s.documents(0, 10).unwrap()[0].dateline.as_deref(), Some("CARACAS, May 25"));
        assert_eq!(s.document(d).unwrap().unwrap().0.dateline.as_deref(), Some("CARACAS, May 25"));
        answers(&s)
    };
    assert_eq!(before.0[0].events, 2);
    assert_eq!(before.3.map(|c| c.events), Some(2));
    // What dyad wrote at version 5: no version-6 tables or column.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE pair_totals; DROP TABLE pair_month_packs; DROP TABLE pair_year_packs; DROP TABLE category_periods;
         DROP TABLE category_years;
         ALTER TABLE documents DROP COLUMN dateline; PRAGMA user_version = 5;",
    )
    .unwrap();
    drop(conn);
    assert!(Store::open_read_only(&path).is_err(), "a reader refuses the old version");
    let s = Store::open(&path).unwrap();
    assert_eq!(answers(&s), before);
    assert_eq!(s.documents(0, 10).unwrap()[0].dateline, None, "documents stored before keep none");
}

#[test]
fn a_from_bound_finds_every_event_whose_date_reaches_it_and_no_other() {
    let mut s = Store::open_in_memory().unwrap();
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&doc("h1", "text")).unwrap();
    let m = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-05")).unwrap();
    let dates = ["2019", "2019-12-31", "2020", "2020-05", "2020-05-10", "2020-05-20", "2021-01"];
    let events: Vec<Event> = dates.iter().enumerate().map(|(i, d)| event(i as i64 + 1, d, vec![m])).collect();
    tx.replace_events("IRN|VEN|AID", &events).unwrap();
    tx.commit().unwrap();
    let found = |from: &str| {
        let q = EventQuery { from: PartialDate::parse(from), limit: 100, ..EventQuery::default() };
        s.events(&q).unwrap().iter().map(|e| dates[e.id as usize - 1]).collect::<Vec<_>>()
    };
    // The year and the month that hold a later day reach it.
    assert_eq!(found("2020-05-15"), ["2020", "2020-05", "2020-05-20", "2021-01"]);
    assert_eq!(found("2020-06"), ["2020", "2021-01"]);
    assert_eq!(found("2020"), ["2020", "2020-05", "2020-05-10", "2020-05-20", "2021-01"]);
    assert_eq!(found("2019-12-31"), dates);
}

/// `/api/health` counted every row, slow on a cold file (issue 14). Its
/// counts now come from the largest ids and the category rollup: equal to
/// the rows counted after batches, a re-fusion that drops and adds events,
/// and a batch rolled back; and no statement scans a table that grows.
#[test]
fn issue_14_counts_equal_the_rows_without_scanning_them() {
    let mut s = Store::open_in_memory().unwrap();
    let same = |s: &Store| {
        let (c, t) = (s.counts().unwrap(), s.stats().unwrap());
        assert_eq!((c.documents, c.mentions, c.events, c.conflicts), (t.documents, t.mentions, t.events, t.conflicts));
        c
    };
    assert_eq!(same(&s), Counts::default());
    let tx = s.transaction().unwrap();
    let d = tx.insert_document(&doc("h1", "text")).unwrap();
    let m1 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2020-05")).unwrap();
    let m2 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2021-02-03")).unwrap();
    let m3 = tx.insert_mention(d, &mention("h1", "IRN", "VEN", "071", "2021-02-04")).unwrap();
    tx.replace_events(
        "IRN|VEN|AID",
        &[event(1, "2020-05", vec![m1]), event(2, "2021-02-03", vec![m2]), event(3, "2021", vec![m3])],
    )
    .unwrap();
    tx.commit().unwrap();
    assert_eq!(same(&s).events, 3);
    // A batch rolled back leaves no gap in the ids.
    {
        let tx = s.transaction().unwrap();
        let d2 = tx.insert_document(&doc("h2", "more")).unwrap();
        tx.insert_mention(d2, &mention("h2", "USA", "CHN", "112", "2022")).unwrap();
    }
    same(&s);
    // Re-fused: two events become one, and another key adds one.
    let tx = s.transaction().unwrap();
    let d3 = tx.insert_document(&doc("h3", "again")).unwrap();
    let m4 = tx.insert_mention(d3, &mention("h3", "USA", "CHN", "112", "2022")).unwrap();
    tx.replace_events("IRN|VEN|AID", &[event(1, "2020-05", vec![m1]), event(4, "2021-02", vec![m2, m3])]).unwrap();
    tx.replace_events("USA|CHN|ACCUSE", &[event(5, "2022", vec![m4])]).unwrap();
    tx.commit().unwrap();
    assert_eq!(same(&s), Counts { documents: 2, mentions: 4, events: 3, conflicts: s.stats().unwrap().conflicts });
    for sql in COUNTS_SQL {
        let plan: Vec<String> = s
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for step in &plan {
            assert!(!step.starts_with("SCAN") || step.starts_with("SCAN category_periods"), "{sql}: {plan:?}");
        }
    }
}

/// Events over fourteen years for the pack tests: pairs of four states
/// (and one-sided events), dates known to the day, the month or the year
/// (and undated), three categories, Goldstein scores of one decimal.
/// `round` moves and drops some, as a re-fusion does.
fn spread_events(first_id: i64, round: u64) -> Vec<(String, Vec<Event>)> {
    let states = ["IRN", "VEN", "USA", "CHN", ""];
    let codes = [("071", "AID", 2_u8, 7.4_f32), ("111", "ACCUSE", 3, -2.0), ("190", "ASSAULT", 4, -10.0)];
    let mut rng = dyad_types::SplitMix64::new(round);
    let mut keys: std::collections::BTreeMap<String, Vec<Event>> = std::collections::BTreeMap::new();
    for i in 0..400 {
        let s = states[rng.below(4)];
        let t = states[rng.below(5)];
        let (cameo, plover, quad, goldstein) = codes[rng.below(3)];
        let year = 2003 + rng.below(14);
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        let date = match rng.below(10) {
            0 => String::new(),
            1 | 2 => format!("{year:04}"),
            3..=5 => format!("{year:04}-{month:02}"),
            _ => format!("{year:04}-{month:02}-{day:02}"),
        };
        if round > 0 && rng.below(4) == 0 {
            continue;
        }
        let mut e = event(first_id + i, &date, vec![]);
        (e.source, e.source_country, e.target, e.target_country) = (s.into(), s.into(), t.into(), t.into());
        (e.cameo, e.plover, e.quad_class) = (cameo.into(), plover.into(), quad);
        e.goldstein = goldstein + (rng.below(10) as f32) / 10.0;
        e.num_mentions = 1 + rng.below(3) as u32;
        e.disputed = rng.below(7) == 0;
        keys.entry(format!("{s}|{t}|{plover}")).or_default().push(e);
    }
    keys.into_iter().collect()
}

/// The network of a period and categories by year as SQL over the events
/// computes them, each edge's and row's Goldstein sum rounded as the API
/// shows it.
fn network_from_events(s: &Store, from: &str, to: &str) -> Vec<(String, String, u32, String)> {
    let mut stmt = s
        .conn
        .prepare(
            "SELECT source_country, target_country, count(*) n, sum(goldstein) FROM events \
             WHERE source_country != '' AND target_country != '' AND date IS NOT NULL \
             AND (CASE WHEN length(date) = 4 THEN date ELSE substr(date, 1, 7) END) BETWEEN ?1 AND ?2 \
             GROUP BY 1, 2 ORDER BY n DESC, 1, 2",
        )
        .unwrap();
    let rows =
        stmt.query_map([from, to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, format!("{:.2}", r.get::<_, f64>(3)?))));
    rows.unwrap().map(|r| r.unwrap()).collect()
}

fn categories_from_events(s: &Store, from: &str, to: &str) -> Vec<(String, String, u64, u64, String)> {
    let mut stmt = s
        .conn
        .prepare(
            "SELECT substr(date, 1, 4) y, plover, count(*), sum(num_mentions), sum(goldstein) FROM events \
             WHERE date IS NOT NULL AND y BETWEEN ?1 AND ?2 GROUP BY y, plover ORDER BY y, plover",
        )
        .unwrap();
    let rows = stmt.query_map([from, to], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, format!("{:.2}", r.get::<_, f64>(4)?)))
    });
    rows.unwrap().map(|r| r.unwrap()).collect()
}

/// Periods of the pack tests: years, a decade, months at either end or
/// both, one month, open ends, none that holds an event.
const PERIODS: [(Option<&str>, Option<&str>); 10] = [
    (Some("2005"), Some("2005-12")),
    (Some("2005"), Some("2014-12")),
    (Some("2004-03"), Some("2013-06")),
    (Some("2007-02"), Some("2007-02")),
    (Some("2010"), Some("2010")),
    (Some("2006-05"), Some("2009-12")),
    (None, Some("2008-07")),
    (Some("2012-10"), None),
    (Some("2003"), Some("2016-12")),
    (Some("1990"), Some("1999-12")),
];

/// Issue 14: the network of a period read from the packs and categories by
/// year from `category_years` equal the same aggregates computed from the
/// events, after batches, a re-fusion that moves and drops events, and a
/// batch rolled back.
#[test]
fn issue_14_packs_and_category_years_equal_the_events_through_batches() {
    let mut s = Store::open_in_memory().unwrap();
    let check = |s: &Store, when: &str| {
        for (from, to) in PERIODS {
            let got: Vec<_> = s
                .network(from, to, 1_000)
                .unwrap()
                .into_iter()
                .map(|d| (d.source, d.target, d.events, format!("{:.2}", d.goldstein)))
                .collect();
            let want = network_from_events(s, from.unwrap_or("0000"), to.unwrap_or("9999-12"));
            assert_eq!(got, want, "{when}: network {from:?}..{to:?}");
            assert_eq!(s.network(from, to, 3).unwrap().len(), want.len().min(3), "{when}: a limit");
        }
        for (from, to) in [(None, None), (Some(2005), Some(2014)), (Some(2010), Some(2010)), (Some(1990), Some(1999))] {
            let got: Vec<_> = s
                .categories(from, to, Period::Year)
                .unwrap()
                .into_iter()
                .map(|c| (c.period, c.plover, c.events, c.mentions, format!("{:.2}", c.goldstein)))
                .collect();
            let (f, t) = (format!("{:04}", from.unwrap_or(0)), format!("{:04}", to.unwrap_or(9999)));
            assert_eq!(got, categories_from_events(s, &f, &t), "{when}: categories {from:?}..{to:?}");
        }
    };
    check(&s, "empty");
    // Two batches: the first keys, then more keys and more events of some.
    let tx = s.transaction().unwrap();
    for (key, events) in spread_events(1, 0).iter().take(20) {
        tx.replace_events(key, events).unwrap();
    }
    tx.commit().unwrap();
    check(&s, "after a batch");
    let tx = s.transaction().unwrap();
    for (key, events) in spread_events(1, 0).iter().skip(10) {
        tx.replace_events(key, events).unwrap();
    }
    tx.commit().unwrap();
    check(&s, "after a second batch");
    // A batch rolled back changes nothing, its packs included.
    {
        let tx = s.transaction().unwrap();
        for (key, _) in spread_events(1, 0) {
            tx.replace_events(&key, &[]).unwrap();
        }
    }
    check(&s, "after a batch rolled back");
    // Re-fused: each key's events replaced by a draw that moves and drops
    // some; then every key of one pair emptied.
    let tx = s.transaction().unwrap();
    for (key, events) in spread_events(1_000, 1) {
        tx.replace_events(&key, &events).unwrap();
    }
    tx.commit().unwrap();
    check(&s, "after a re-fusion");
    let tx = s.transaction().unwrap();
    for (key, _) in spread_events(1_000, 1).iter().filter(|(k, _)| k.starts_with("IRN|VEN|")) {
        tx.replace_events(key, &[]).unwrap();
    }
    tx.commit().unwrap();
    check(&s, "after a pair's events went");
    // No pack keeps a pair that counts and sums nothing.
    for table in ["pair_month_packs", "pair_year_packs"] {
        let mut stmt = s.conn.prepare(&format!("SELECT pairs FROM {table}")).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let mut pairs = 0;
            crate::rollup::for_each_pair(r.get_ref(0).unwrap().as_blob().unwrap(), |_, s, t, n, g| {
                pairs += 1;
                assert!(!s.is_empty() && !t.is_empty() && (n != 0 || g != 0.0), "{table}: {s} {t} {n} {g}");
            })
            .unwrap();
            assert!(pairs > 0, "{table}: an empty pack");
        }
    }
}

/// Issue 14: a version-6 store is upgraded in place on open. The version-7
/// answers equal, to the bit, what the version-6 queries answered from the
/// rows the packs replace; and a damaged pack is an error, not a panic.
#[test]
fn issue_14_a_version_6_store_is_upgraded_in_place_to_the_same_answers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let mut s = Store::open(&path).unwrap();
        for round in [0, 1] {
            let tx = s.transaction().unwrap();
            for (key, events) in spread_events(1 + 1_000 * round as i64, round) {
                tx.replace_events(&key, &events).unwrap();
            }
            tx.commit().unwrap();
        }
    }
    // What dyad wrote at version 6: `pair_months` and `pair_years` as its
    // migration fills them, no packs, no `category_years`.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE pair_months (period TEXT NOT NULL, source_country TEXT NOT NULL, target_country TEXT NOT NULL,
             events INTEGER NOT NULL, goldstein REAL NOT NULL, PRIMARY KEY (period, source_country, target_country)) WITHOUT ROWID;
         CREATE TABLE pair_years (year TEXT NOT NULL, source_country TEXT NOT NULL, target_country TEXT NOT NULL,
             events INTEGER NOT NULL, goldstein REAL NOT NULL, PRIMARY KEY (year, source_country, target_country)) WITHOUT ROWID;
         INSERT INTO pair_months SELECT period, source_country, target_country, sum(events), sum(goldstein)
             FROM pair_periods GROUP BY period, source_country, target_country;
         INSERT INTO pair_years SELECT substr(period, 1, 4), source_country, target_country, sum(events), sum(goldstein)
             FROM pair_periods GROUP BY substr(period, 1, 4), source_country, target_country;
         DROP TABLE pair_month_packs; DROP TABLE pair_year_packs; DROP TABLE category_years;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    // The version-6 queries, as `network` and `categories` ran them.
    let v6_network = |from: Option<&str>, to: Option<&str>| -> Vec<DyadSummary> {
        let (years, months) = crate::rollup::split_period(from, to);
        let mut parts = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some((a, b)) = years {
            parts.push(format!("SELECT source_country, target_country, events, goldstein FROM pair_years WHERE year BETWEEN ?{} AND ?{}", args.len() + 1, args.len() + 2));
            args.extend([a, b]);
        }
        for (a, b) in months {
            parts.push(format!("SELECT source_country, target_country, events, goldstein FROM pair_months WHERE period >= ?{} AND period <= ?{}", args.len() + 1, args.len() + 2));
            args.extend([a, b]);
        }
        let sql = format!(
            "SELECT source_country, target_country, sum(events) n, 0, sum(goldstein) FROM ({}) \
             GROUP BY source_country, target_country HAVING n > 0 ORDER BY n DESC, source_country, target_country",
            parts.join(" UNION ALL ")
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt.query_map(rusqlite::params_from_iter(args), crate::read::dyad_summary).unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let before: Vec<Vec<DyadSummary>> = PERIODS.iter().map(|(f, t)| v6_network(*f, *t)).collect();
    let v6_categories: Vec<CategoryCount> = {
        let mut stmt = conn
            .prepare(
                "SELECT substr(period, 1, 4) AS p, plover, sum(events), sum(mentions), sum(goldstein) FROM category_periods \
                 WHERE period >= '0000' AND period <= '9999-12' AND events > 0 GROUP BY p, plover ORDER BY p, plover",
            )
            .unwrap();
        let rows = stmt.query_map([], crate::rollup::category_count).unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    drop(conn);
    assert!(before.iter().filter(|n| !n.is_empty()).count() >= 8, "{before:?}");
    assert!(Store::open_read_only(&path).is_err(), "a reader refuses the old version");
    let s = Store::open(&path).unwrap();
    let after: Vec<Vec<DyadSummary>> = PERIODS.iter().map(|(f, t)| s.network(*f, *t, 1_000).unwrap()).collect();
    assert_eq!(after, before);
    assert_eq!(s.categories(None, None, Period::Year).unwrap(), v6_categories);
    let gone: i64 = s
        .conn
        .query_row("SELECT count(*) FROM sqlite_master WHERE name IN ('pair_months', 'pair_years')", [], |r| r.get(0))
        .unwrap();
    assert_eq!(gone, 0);
    // A pack cut short is reported, never read past.
    s.conn.execute("UPDATE pair_year_packs SET pairs = substr(pairs, 1, 30) WHERE year = '2005'", []).unwrap();
    assert!(matches!(s.network(Some("2005"), Some("2005-12"), 10), Err(Error::Schema(_))));
}
