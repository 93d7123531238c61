//! The router in-process: no socket, the real handlers over a real store.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use dyad_engine::{Incoming, Pipeline, Settings, Store};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const ARTICLES: &[(&str, &str)] = &[
    (
        "wire-a",
        "---\ndate: 2020-05-26\nsource: Wire A\n---\nIran sent five tankers carrying 1.5 million barrels of fuel to Venezuela in May. \
         The United States condemned the shipments.\n",
    ),
    (
        "wire-b",
        "---\ndate: 2020-05-27\nsource: Wire B\n---\nIran shipped about 1.53 million barrels of gasoline to Venezuela this month, \
         officials said. Venezuela thanked Iran for the fuel.\n",
    ),
    ("hostile", "---\ndate: 2020-06-05\nsource: Rumour Mill\n---\nA post read <script>alert(1)</script> and was shared.\n"),
];

fn store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let (pipeline, problems) = Pipeline::new(&Settings::default());
    assert!(problems.is_empty(), "{problems:?}");
    let mut store = Store::open(&path).unwrap();
    let batch = ARTICLES
        .iter()
        .map(|(id, text)| Incoming { article: dyad_ingest::parse_text_document(id, text).0, origin: (*id).to_string() })
        .collect();
    pipeline.ingest(&mut store, batch).unwrap();
    (dir, path)
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Option<String>, Value) {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let cache = res.headers().get("x-dyad-cache").map(|v| v.to_str().unwrap().to_string());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, cache, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn events_fuse_two_wires_and_the_event_carries_both_figures() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 2, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 0);
    let (status, _, page) = get(&app, "/api/events?source=IRN&target=VEN&plover=AID").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let events = page["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{page}");
    let e = &events[0];
    assert_eq!(e["num_sources"], 2, "{e}");
    assert_eq!(e["date"], "2020-05");
    let barrels = e["quantities"].as_array().unwrap().iter().find(|q| q["unit"] == "barrel").unwrap();
    assert_eq!(barrels["conflict"], false, "1.5 and 1.53 million agree within rounding: {e}");
    let (status, _, detail) = get(&app, &format!("/api/events/{}", e["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(detail["mentions"].as_array().unwrap().len(), 2, "{detail}");
}

#[tokio::test]
async fn errors_are_json_with_the_parameter_named() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 1, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 0);
    let (status, _, body) = get(&app, "/api/events?quad=9").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["status"], 400);
    assert!(body["error"].as_str().unwrap().contains("`quad`"), "{body}");
    let (status, _, body) = get(&app, "/api/documents/999").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // One actor or a pair, not both; the timeline is by country.
    let (status, _, body) = get(&app, "/api/events?actor=IRN&pair=IRN,VEN").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"].as_str().unwrap().contains("`pair`"), "{body}");
    // A method other than GET is a JSON 405.
    let req = Request::post("/api/events").body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["status"], 405, "{body}");
    let (status, _, body) = get(&app, "/api/timeline?a=IRNGOV").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"].as_str().unwrap().contains("`a`"), "{body}");
}

#[tokio::test]
async fn the_cache_answers_repeats_and_forgets_them_when_the_store_changes() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 1, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 16);
    let (_, first, health) = get(&app, "/api/health").await;
    let (_, second, again) = get(&app, "/api/health").await;
    assert_eq!((first.as_deref(), second.as_deref()), (Some("miss"), Some("hit")));
    assert_eq!(health, again);
    // Errors are never cached.
    let (_, cache, _) = get(&app, "/api/events?quad=9").await;
    assert_eq!(cache, None);

    // Another process commits a document: the next answer is fresh.
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let mut writer = Store::open(&path).unwrap();
    let text = "---\ndate: 2021-01-04\n---\nChina criticized Japan over the islands.\n";
    let batch = vec![Incoming { article: dyad_ingest::parse_text_document("later", text).0, origin: "later".into() }];
    pipeline.ingest(&mut writer, batch).unwrap();
    drop(writer);
    let (_, third, fresh) = get(&app, "/api/health").await;
    assert_eq!(third.as_deref(), Some("miss"));
    assert_eq!(fresh["documents"].as_u64().unwrap(), health["documents"].as_u64().unwrap() + 1, "{fresh}");
}
