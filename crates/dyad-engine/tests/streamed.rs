//! A long document coded in two passes, its mentions streamed to the
//! writer in chunks (issue 13: bounded memory on one event-dense
//! document), gives exactly what coding it whole gives: the same mentions,
//! located the same way, and the same stored mentions and events. The
//! document is written by the test from templates naming states, cities,
//! dates, negations and paragraphs.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use dyad_engine::{Incoming, Pipeline, Settings, Store};
use dyad_types::{Article, Event, Mention, PartialDate, SplitMix64};

const STATES: [&str; 5] = ["Iran", "Venezuela", "Russia", "Nigeria", "Pakistan"];
const CITIES: [&str; 5] = ["Caracas", "Kaduna", "Lahore", "Moscow", "Tehran"];
const MONTHS: [&str; 4] = ["March", "May", "July", "October"];

/// A sentence about two of [`STATES`], often placed in one of [`CITIES`];
/// some deny or only threaten their event, some refer back with a pronoun.
fn sentence(rng: &mut SplitMix64) -> String {
    let a = STATES[rng.below(STATES.len())];
    let b = STATES.iter().copied().filter(|s| *s != a).nth(rng.below(STATES.len() - 1)).unwrap_or("Iran");
    let city = CITIES[rng.below(CITIES.len())];
    let (month, day) = (MONTHS[rng.below(MONTHS.len())], 1 + rng.below(28));
    match rng.below(7) {
        0 => format!("{a} sent {} tankers of fuel to {b} on {month} {day}.", 2 + rng.below(4)),
        1 => format!("{a} condemned {b} at a meeting in {city} on {month} {day}."),
        2 => format!("Police in {city} said {a} attacked {b}."),
        3 => format!("{a} did not attack {b} in {city}."),
        4 => format!("{a} and {b} signed an agreement in {city} in {month}."),
        5 => format!("{a} could impose sanctions on {b}. It also criticized {b} on {month} {day}."),
        _ => format!("Officials said {a} accused {b} of shelling {city}."),
    }
}

/// A document of `paragraphs` paragraphs of four sentences.
fn document(paragraphs: usize, seed: u64) -> Article {
    let mut rng = SplitMix64::new(seed);
    let text = (0..paragraphs)
        .map(|_| (0..4).map(|_| sentence(&mut rng)).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    Article { id: "long".into(), text, date: PartialDate::parse("2024-12-31"), ..Article::default() }
}

/// The mentions of the two passes, chunks concatenated, and the chunk sizes.
fn streamed(pipeline: &Pipeline, a: &Article) -> (Vec<Mention>, Vec<usize>, usize) {
    let first = pipeline.first_pass(a).unwrap();
    let (mut all, mut sizes) = (Vec::new(), Vec::new());
    let sentences = pipeline
        .second_pass(a, &first, &mut |chunk: Vec<Mention>| {
            sizes.push(chunk.len());
            all.extend(chunk);
            Ok::<(), ()>(())
        })
        .unwrap();
    assert_eq!(sentences, first.sentences);
    (all, sizes, sentences)
}

#[test]
fn the_two_passes_hand_on_the_mentions_of_coding_whole_in_chunks() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let pipeline = pipeline.streaming(0, 7);
    let a = document(30, 5);
    assert!(pipeline.streams(&a));
    let whole = pipeline.code(&a);
    let (mentions, sizes, sentences) = streamed(&pipeline, &a);
    assert!(whole.mentions.len() > 60, "{}", whole.mentions.len());
    assert!(whole.mentions.iter().filter(|m| m.location.is_some()).count() > 10, "places are located");
    assert_eq!(sentences, whole.sentences);
    assert_eq!(mentions, whole.mentions);
    assert!(sizes.iter().all(|&n| (1..=7).contains(&n)), "{sizes:?}");
    assert!(sizes.len() >= whole.mentions.len() / 7, "{sizes:?}");
    // Without locations and with every modality, the same holds.
    let settings = Settings { no_locations: true, all_modalities: true, ..Settings::default() };
    let (pipeline, _) = Pipeline::new(&settings);
    let pipeline = pipeline.streaming(0, 5);
    let whole = pipeline.code(&a);
    assert!(whole.mentions.iter().all(|m| m.location.is_none()));
    assert_eq!(streamed(&pipeline, &a).0, whole.mentions);
}

#[test]
fn a_short_document_is_coded_once() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let a = document(3, 1);
    assert!(!pipeline.streams(&a));
    assert!(pipeline.clone().streaming(a.text.len() - 1, 7).streams(&a));
}

/// The store's mentions (with their documents) and events, as text.
fn dump(store: &Store) -> (Vec<String>, Vec<String>) {
    let mut mentions = Vec::new();
    store
        .all_mentions(|m| {
            mentions.push(format!("{m:?}"));
            Ok(())
        })
        .unwrap();
    let mut events = Vec::new();
    store
        .all_events(|e: Event| {
            events.push(format!("{e:?}"));
            Ok(())
        })
        .unwrap();
    (mentions, events)
}

/// Ingests `docs` as one batch, leaving out mentions below `min`.
fn ingest(pipeline: &Pipeline, docs: &[Article], min: Option<f32>) -> (Vec<String>, Vec<String>, usize) {
    let mut store = Store::open_in_memory().unwrap();
    let batch = docs.iter().map(|a| Incoming { article: a.clone(), origin: format!("{}.txt", a.id) }).collect();
    let mut prepared = pipeline.prepare(batch);
    if let Some(p) = min {
        prepared.drop_below(p);
    }
    let report = pipeline.store(&mut store, prepared).unwrap();
    let (mentions, events) = dump(&store);
    assert_eq!(report.mentions, mentions.len());
    (mentions, events, report.sentences)
}

#[test]
fn a_document_streamed_to_the_store_is_stored_as_when_coded_whole() {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let mut second = document(25, 9);
    second.id = "second".into();
    second.date = PartialDate::parse("2024-06-30");
    let docs = [document(40, 7), second];
    let streaming = pipeline.clone().streaming(0, 9);
    assert!(docs.iter().all(|a| streaming.streams(a) && !pipeline.streams(a)));
    for min in [None, Some(0.5)] {
        let whole = ingest(&pipeline, &docs, min);
        let streamed = ingest(&streaming, &docs, min);
        if min.is_none() {
            assert!(whole.0.len() > 100 && whole.1.len() > 50, "{} mentions, {} events", whole.0.len(), whole.1.len());
        }
        assert_eq!(streamed.2, whole.2, "sentences");
        assert_eq!(streamed.0, whole.0, "mentions (min {min:?})");
        assert_eq!(streamed.1, whole.1, "events (min {min:?})");
    }
    let all = ingest(&pipeline, &docs, None).0.len();
    let floored = ingest(&streaming, &docs, Some(0.5)).0.len();
    assert!(floored < all && floored > 0, "the confidence floor leaves some out: {floored} of {all}");
}
