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
    for a in &docs {
        let s = pipeline.standalone(a).unwrap();
        assert_eq!(s.ids.len(), s.coded.mentions.len());
        alone.extend(s.pairs);
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
    for records in by_key.values_mut() {
        records.sort_by(|a, b| a.stable.cmp(&b.stable));
        fused.extend(dyad_fuse::fuse(records));
    }
    drop(tx);
    let mut fused: Vec<String> =
        fused.into_iter().map(|e| format!("{} {:?} {}", e.id, e.date, e.num_mentions)).collect();
    fused.sort();
    let mut want = Vec::new();
    store
        .all_events(|e: Event| {
            want.push(format!("{} {:?} {}", e.id, e.date, e.num_mentions));
            Ok(())
        })
        .unwrap();
    want.sort();
    same(&fused, &want, "events of the store against events fused from records prepared alone");
}
