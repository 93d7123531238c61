//! Incremental fusion (issue 13): a store built batch by batch, in any
//! order, holds the events of fusing each key whole, and a batch re-fuses
//! only the windows its mentions can reach. The articles are written by the
//! test from templates (dates over a year, figures, near-duplicate copies).
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use dyad_engine::{Incoming, Pipeline, Settings, Store};
use dyad_types::{Article, Event, PartialDate, SplitMix64};

const STATES: [&str; 4] = ["Iran", "Venezuela", "Russia", "China"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A sentence from one of five templates, about two of [`STATES`].
fn sentence(rng: &mut SplitMix64) -> String {
    let a = STATES[rng.below(STATES.len())];
    let b = STATES.iter().copied().filter(|s| *s != a).nth(rng.below(STATES.len() - 1)).unwrap_or("Iran");
    let (month, day) = (MONTHS[rng.below(12)], 1 + rng.below(28));
    match rng.below(5) {
        0 => format!(
            "{a} sent {} tankers carrying {} million barrels of fuel to {b} on {month} {day}.",
            2 + rng.below(4),
            1 + rng.below(3)
        ),
        1 => format!("{a} imposed sanctions on {b}."),
        2 => format!("{a} condemned {b} in {month}."),
        3 => format!("{a} and {b} signed an agreement on {month} {day}."),
        _ => format!("Officials said {a} criticized {b}."),
    }
}

/// Articles over 2020, a fifth of them near-duplicate copies of an earlier
/// one with another closing sentence.
fn articles(n: usize, seed: u64) -> Vec<Article> {
    let mut rng = SplitMix64::new(seed);
    let mut out: Vec<Article> = Vec::new();
    for i in 0..n {
        let date = PartialDate::parse(&format!("2020-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)));
        let text = if i > 4 && rng.below(5) == 0 {
            let base = &out[rng.below(out.len())].text;
            // Another closing sentence each: copies of one article are
            // near-duplicates, never the same content (which the store
            // keeps once, with the metadata of the copy that came first).
            format!("{base} The talks went on late into the night, a spokesman for the ministry said in statement {i}.")
        } else {
            (0..2 + rng.below(4)).map(|_| sentence(&mut rng)).collect::<Vec<_>>().join(" ")
        };
        out.push(Article { id: format!("doc{i}"), text, date, ..Article::default() });
    }
    out
}

fn ingest(pipeline: &Pipeline, store: &mut Store, docs: &[Article], batch: usize) -> usize {
    let mut refused = 0;
    for chunk in docs.chunks(batch) {
        let batch = chunk.iter().map(|a| Incoming { article: a.clone(), origin: a.id.clone() }).collect();
        refused += pipeline.ingest(store, batch).unwrap().refused;
    }
    refused
}

/// The stored events, by id, with what fusion decides (not store ids).
fn events(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    store
        .all_events(|e: Event| {
            out.push(format!(
                "{} {} {}>{} {} {:?} n={} articles={} conflict={} disputed={} {:?}",
                e.id,
                e.cameo,
                e.source,
                e.target,
                e.plover,
                e.date,
                e.num_mentions,
                e.num_articles,
                e.conflict,
                e.disputed,
                e.quantities.iter().map(|q| (q.unit.clone(), q.value)).collect::<Vec<_>>()
            ));
            Ok(())
        })
        .unwrap();
    out.sort();
    out
}

/// Fails with the events only one side has.
fn same(a: &[String], b: &[String], what: &str) {
    let only = |x: &[String], y: &[String]| x.iter().filter(|e| !y.contains(e)).cloned().collect::<Vec<_>>();
    assert!(a == b, "{what}: only in the first: {:#?}\nonly in the second: {:#?}", only(a, b), only(b, a));
}

/// The events of fusing each key of the store whole, as before windows.
fn fused_whole(store: &mut Store) -> Vec<String> {
    let tx = store.transaction().unwrap();
    for key in tx.fusion_keys().unwrap() {
        let records = tx.dyad_records(&key).unwrap();
        tx.replace_events(&key, &dyad_fuse::fuse(&records)).unwrap();
    }
    tx.commit().unwrap();
    events(store)
}

#[test]
fn batches_in_any_order_make_the_events_of_fusing_each_key_whole() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let docs = articles(160, 13);
    let mut one = Store::open_in_memory().unwrap();
    ingest(&pipeline, &mut one, &docs, docs.len());
    let mut shuffled = docs.clone();
    SplitMix64::new(5).shuffle(&mut shuffled);
    let mut many = Store::open_in_memory().unwrap();
    ingest(&pipeline, &mut many, &shuffled, 3);
    let (a, b) = (events(&one), events(&many));
    assert!(a.len() > 100, "{}", a.len());
    assert!(a.iter().any(|e| !e.contains(" n=1 ")), "no event fused several mentions");
    same(&a, &b, "one batch against shuffled batches of three");
    assert_eq!(one.top_dyads(50).unwrap(), many.top_dyads(50).unwrap());
    same(&fused_whole(&mut many), &b, "whole keys against windows");
}

#[test]
fn a_batch_re_fuses_only_the_windows_it_reaches() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let mut store = Store::open_in_memory().unwrap();
    let history = ingest(&pipeline, &mut store, &articles(120, 21), 120);
    // One more article about one week: it reaches the pairs of its key
    // within a few months of it, not the key's year of history.
    let late = Article {
        id: "late".into(),
        text: "Iran imposed sanctions on Venezuela.".into(),
        date: PartialDate::parse("2021-06-15"),
        ..Article::default()
    };
    let refused = ingest(&pipeline, &mut store, &[late], 1);
    assert!(history > 100, "{history}");
    // Fusing the key whole (as before windows) would take all of these.
    let tx = store.transaction().unwrap();
    let key = tx.dyad_records("IRN|VEN|COERCE").unwrap().len();
    assert!(key > 5, "the key has {key} pairs");
    assert_eq!(refused, 1, "the batch re-fused {refused} pairs");
}

/// An event's rollup period, as the store keeps it: `YYYY-MM`, or `YYYY`.
fn period(e: &Event) -> Option<String> {
    e.date.map(|d| d.to_string().chars().take(7).collect())
}

/// An edge computed from the events: (source, target) → (events, mentions, Goldstein sum).
type Edge = ((String, String), (u32, u32, f64));

/// Fails unless every aggregate the store answers from its rollups
/// (rankings, networks of periods, categories by year, a view's counts)
/// equals the same aggregate computed here from the stored events.
fn rollups_match_the_events(store: &Store, when: &str) {
    use dyad_engine::store::{EventQuery, Period};
    use std::collections::BTreeMap;
    let mut all = Vec::new();
    store
        .all_events(|e| {
            all.push(e);
            Ok(())
        })
        .unwrap();
    assert!(!all.is_empty(), "{when}: no events");
    let close = |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-6, "{when}: {what}: {a} against {b}");
    // Edges (source, target) → (events, mentions, goldstein), sorted as the store ranks them.
    let edges = |keep: &dyn Fn(&Event) -> bool, by_mentions: bool| {
        let mut m: BTreeMap<(String, String), (u32, u32, f64)> = BTreeMap::new();
        for e in all.iter().filter(|e| !e.source_country.is_empty() && !e.target_country.is_empty() && keep(e)) {
            let v = m.entry((e.source_country.clone(), e.target_country.clone())).or_default();
            v.0 += 1;
            v.1 += e.num_mentions;
            v.2 += f64::from(e.goldstein);
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| {
            b.1 .0
                .cmp(&a.1 .0)
                .then(if by_mentions { b.1 .1.cmp(&a.1 .1) } else { std::cmp::Ordering::Equal })
                .then(a.0.cmp(&b.0))
        });
        v
    };
    let check = |got: Vec<dyad_engine::store::DyadSummary>, want: Vec<Edge>, mentions: bool, what: &str| {
        assert_eq!(got.len(), want.len(), "{when}: {what}: edges");
        for (g, ((s, t), (n, m, gs))) in got.iter().zip(&want) {
            assert_eq!((&g.source, &g.target, g.events), (s, t, *n), "{when}: {what}");
            if mentions {
                assert_eq!(g.mentions, *m, "{when}: {what}: mentions");
            }
            close(g.goldstein, *gs, what);
        }
    };
    check(store.top_dyads(10_000).unwrap(), edges(&|_| true, true), true, "rankings");
    check(store.network(None, None, 10_000).unwrap(), edges(&|_| true, false), false, "all-time network");
    for (from, to) in
        [("2020", "2020-12"), ("2020-03", "2020-05"), ("2019-11", "2021-02"), ("2020", "2020"), ("2021", "2021-12")]
    {
        let within = |e: &Event| period(e).is_some_and(|p| from <= p.as_str() && p.as_str() <= to);
        check(
            store.network(Some(from), Some(to), 10_000).unwrap(),
            edges(&within, false),
            false,
            &format!("network {from}..{to}"),
        );
    }
    // Categories by year and by month.
    for by in [Period::Year, Period::Month] {
        let mut want: BTreeMap<(String, String), (u64, u64, f64)> = BTreeMap::new();
        for e in &all {
            let Some(p) = period(e) else { continue };
            let p = match by {
                Period::Year => p[..4].to_string(),
                _ if p.len() == 7 => p,
                _ => continue,
            };
            let v = want.entry((p, e.plover.clone())).or_default();
            v.0 += 1;
            v.1 += u64::from(e.num_mentions);
            v.2 += f64::from(e.goldstein);
        }
        let got = store.categories(None, None, by).unwrap();
        assert_eq!(got.len(), want.len(), "{when}: categories {by:?}");
        for (g, ((p, c), (n, m, gs))) in got.iter().zip(&want) {
            assert_eq!((&g.period, &g.plover, g.events, g.mentions), (p, c, *n, *m), "{when}: categories {by:?}");
            close(g.goldstein, *gs, "categories");
        }
    }
    // A view's counts against the events the view lists.
    let plovers: Vec<Option<String>> =
        [None].into_iter().chain(all.iter().take(3).map(|e| Some(e.plover.clone()))).collect();
    for (from, to) in [
        (None, None),
        (Some("2020"), Some("2020")),
        (Some("2020-02"), Some("2020-07")),
        (None, Some("2020-04")),
        (Some("2020-09"), None),
    ] {
        for plover in &plovers {
            for quad in [None, Some(1), Some(4)] {
                let q = EventQuery {
                    from: from.and_then(PartialDate::parse),
                    to: to.and_then(PartialDate::parse),
                    plover: plover.clone(),
                    quad_class: quad,
                    limit: 1_000_000,
                    ..EventQuery::default()
                };
                let listed = store.events(&q).unwrap();
                let got = store.view_counts(q.from, q.to, plover.as_deref(), quad).unwrap().unwrap();
                let what = format!("view {from:?}..{to:?} {plover:?} quad {quad:?}");
                assert_eq!(got.events, listed.len() as u64, "{when}: {what}: events");
                assert_eq!(
                    got.mentions,
                    listed.iter().map(|e| u64::from(e.num_mentions)).sum::<u64>(),
                    "{when}: {what}"
                );
                assert_eq!(
                    got.conflicts,
                    listed.iter().filter(|e| e.conflict || e.disputed).count() as u64,
                    "{when}: {what}"
                );
                assert_eq!(got.disputed, listed.iter().filter(|e| e.disputed).count() as u64, "{when}: {what}");
                close(got.goldstein, listed.iter().map(|e| f64::from(e.goldstein)).sum(), &what);
            }
        }
    }
}

#[test]
fn the_aggregate_rollups_equal_a_query_over_the_events_through_ingests_and_refusion() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let docs = articles(140, 31);
    let mut store = Store::open_in_memory().unwrap();
    // Windowed updates: small batches in shuffled order.
    let mut shuffled = docs.clone();
    SplitMix64::new(7).shuffle(&mut shuffled);
    ingest(&pipeline, &mut store, &shuffled[..100], 4);
    rollups_match_the_events(&store, "after batches");
    // Re-ingesting stored articles adds nothing; the rest arrive, with a
    // late article a year on and one known only to its year.
    ingest(&pipeline, &mut store, &shuffled[..30], 7);
    let mut rest = shuffled[100..].to_vec();
    rest.push(Article {
        id: "late".into(),
        text: "Iran imposed sanctions on Venezuela. Russia condemned China in 2021.".into(),
        date: PartialDate::parse("2021-06-15"),
        dateline: Some("CARACAS, June 15".into()),
        ..Article::default()
    });
    ingest(&pipeline, &mut store, &rest, 5);
    // The store keeps the dateline the input gave (issue 12), for later re-fusion and geolocation.
    let late = store.documents(0, 1_000).unwrap().into_iter().find(|d| d.ext_id == "late").unwrap();
    assert_eq!(late.dateline.as_deref(), Some("CARACAS, June 15"));
    rollups_match_the_events(&store, "after re-ingest and more batches");
    // Every key fused whole again: the rollups follow by deltas.
    fused_whole(&mut store);
    rollups_match_the_events(&store, "after fusing every key whole");
}

/// A distributed run (issue 11: `dyad.spark`) prepares each document alone
/// and fuses each key's records with the clusters it found: the records
/// are the ones the store fuses (but for mention ids), so the events are
/// the store's.
#[test]
fn documents_prepared_alone_give_the_stores_records_and_events() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let docs = articles(80, 17);
    let mut store = Store::open_in_memory().unwrap();
    ingest(&pipeline, &mut store, &docs, 7);
    let tx = store.transaction().unwrap();
    let mut stored: Vec<(String, dyad_types::DyadRecord)> = Vec::new();
    for key in tx.fusion_keys().unwrap() {
        stored.extend(tx.dyad_records(&key).unwrap().into_iter().map(|r| (key.clone(), r)));
    }
    let cluster_of: std::collections::HashMap<String, i64> =
        stored.iter().map(|(_, r)| (r.doc_id.clone(), r.cluster)).collect();
    let mut alone: Vec<(String, dyad_types::DyadRecord)> = Vec::new();
    let mut prepared = Vec::new();
    for a in &docs {
        let s = pipeline.standalone(a).unwrap();
        assert_eq!(s.ids.len(), s.coded.mentions.len());
        alone.extend(s.pairs.clone());
        prepared.push(s);
    }
    assert!(stored.len() > 100, "{}", stored.len());
    let blank = |v: &[(String, dyad_types::DyadRecord)]| {
        let mut v: Vec<_> = v
            .iter()
            .map(|(k, r)| {
                let mut r = r.clone();
                (r.id, r.cluster) = (0, 0);
                format!("{k} {r:?}")
            })
            .collect();
        v.sort();
        v
    };
    same(&blank(&stored), &blank(&alone), "stored records against records prepared alone");
    // Fused by key with the store's clusters: the store's events.
    let mut by_key: std::collections::BTreeMap<String, Vec<dyad_types::DyadRecord>> = Default::default();
    for (k, mut r) in alone {
        r.cluster = cluster_of[&r.doc_id];
        by_key.entry(k).or_default().push(r);
    }
    let mut fused = Vec::new();
    let mut imported_events = Vec::new();
    for (key, records) in by_key.iter_mut() {
        records.sort_by(|a, b| a.stable.cmp(&b.stable));
        for e in dyad_fuse::fuse(records) {
            imported_events.push(dyad_engine::ImportedEvent {
                key: key.clone(),
                event: e.clone(),
                origin: key.clone(),
            });
            fused.push(e);
        }
    }
    drop(tx);
    let mut fused: Vec<String> =
        fused.into_iter().map(|e| format!("{} {:?} {}", e.id, e.date, e.num_mentions)).collect();
    fused.sort();
    let all = |store: &Store| {
        let mut out = Vec::new();
        store
            .all_events(|e: Event| {
                out.push(e);
                Ok(())
            })
            .unwrap();
        out.sort_by_key(|e| e.id);
        out
    };
    let mut want: Vec<String> =
        all(&store).into_iter().map(|e| format!("{} {:?} {}", e.id, e.date, e.num_mentions)).collect();
    want.sort();
    same(&fused, &want, "events of the store against events fused from records prepared alone");

    // Those documents, mentions (by content id) and events imported into a
    // new store (`dyad import`): the same store, mention ids and all.
    let clusters: std::collections::HashMap<String, i64> =
        store.documents(0, 1_000).unwrap().into_iter().map(|d| (d.ext_id, d.cluster)).collect();
    let mut mentions = std::collections::HashMap::new();
    let mut imported_docs = Vec::new();
    for (a, s) in docs.iter().zip(prepared) {
        mentions.extend(s.ids.iter().copied().zip(s.coded.mentions.iter().cloned()));
        imported_docs.push(dyad_engine::ImportedDocument {
            article: a.clone(),
            origin: a.id.clone(),
            hash: s.hash.clone(),
            sentences: s.coded.sentences,
            tone: Some(s.tone),
            signature: s.signature,
            cluster: clusters[&a.id],
        });
    }
    let mut imported = Store::open_in_memory().unwrap();
    let report = dyad_engine::import(&mut imported, &imported_docs, mentions, imported_events).unwrap();
    assert_eq!((report.orphan_mentions.len(), report.bad_events.len()), (0, 0));
    assert_eq!(report.documents, docs.len());
    let stats = |s: &Store| format!("{:?}", s.stats().unwrap());
    assert_eq!(stats(&imported), stats(&store));
    let events = |s: &Store| all(s).iter().map(|e| format!("{e:?}")).collect::<Vec<_>>();
    same(&events(&imported), &events(&store), "events imported against the store's");
    let documents = |s: &Store| format!("{:?}", s.documents(0, 1_000).unwrap());
    assert_eq!(documents(&imported), documents(&store));
}
