//! Re-geolocation of a store (issue 12): mentions stored without locations
//! (as before the store kept datelines, here by a pipeline with locations
//! off) are placed again by `dyad_engine::relocate` from the stored text and
//! dateline, and their events get the places a store built with locations
//! on has. A second run changes nothing.
#![allow(clippy::unwrap_used, reason = "test helpers fail loudly")]

use dyad_engine::{relocate, Incoming, Pipeline, Settings, Store};
use dyad_types::{Article, Event, PartialDate};

fn articles() -> Vec<Article> {
    let doc = |id: &str, dateline: Option<&str>, text: &str| Article {
        id: id.into(),
        text: text.into(),
        date: PartialDate::parse("2020-05-26"),
        dateline: dateline.map(str::to_string),
        ..Article::default()
    };
    vec![
        // Placed only by the dateline the input gives apart from the text.
        doc("a", Some("CARACAS, May 25"), "Venezuela thanked Iran for the fuel on Monday."),
        // Placed by its sentence.
        doc("b", None, "Venezuela and Russia signed a military cooperation agreement in Moscow on Monday."),
        // Placed by nothing.
        doc("c", None, "China condemned Japan on Monday."),
    ]
}

fn store(settings: &Settings) -> Store {
    let (pipeline, _) = Pipeline::new(settings);
    let mut store = Store::open_in_memory().unwrap();
    let batch = articles().into_iter().map(|a| Incoming { origin: a.id.clone(), article: a }).collect();
    pipeline.ingest(&mut store, batch).unwrap();
    store
}

/// Each event's actors, code and place.
fn places(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    store
        .all_events(|e: Event| {
            let place = e.location.map_or("-".into(), |l| format!("{} {} {}", l.name, l.country, l.basis.as_str()));
            out.push(format!("{}>{} {} {place}", e.source, e.target, e.cameo));
            Ok(())
        })
        .unwrap();
    out.sort();
    out
}

#[test]
fn a_store_coded_without_locations_is_placed_from_its_documents_and_datelines() {
    let mut old = store(&Settings { no_locations: true, ..Settings::default() });
    let expected = places(&store(&Settings::default()));
    let before = places(&old);
    assert!(before.iter().all(|p| p.ends_with(" -")), "{before:?}");
    assert!(expected.iter().any(|p| p.ends_with("Caracas VEN dateline")), "{expected:?}");
    assert!(expected.iter().any(|p| p.ends_with("Moscow RUS sentence")), "{expected:?}");

    let report = relocate(&mut old).unwrap();
    assert_eq!(report.documents, 3);
    assert_eq!(report.changed, 2, "{report:?}");
    assert!(report.keys >= 2, "{report:?}");
    assert_eq!(places(&old), expected);

    let again = relocate(&mut old).unwrap();
    assert_eq!((again.changed, again.keys), (0, 0), "a second run changes nothing");
    assert_eq!(places(&old), expected);
}
