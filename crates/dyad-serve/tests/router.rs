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

/// A store of [`ARTICLES`] served by a pool of `n` connections.
fn served(n: usize) -> (tempfile::TempDir, std::path::PathBuf, Arc<dyad_serve::Pool>, axum::Router) {
    let (dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, n, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(Arc::clone(&pool), None, 0);
    (dir, path, pool, app)
}

/// Another process commits one document.
fn add(writer: &mut Store, id: &str, text: &str) {
    let (pipeline, _) = Pipeline::new(&Settings::default());
    let batch = vec![Incoming { article: dyad_ingest::parse_text_document(id, text).0, origin: id.into() }];
    pipeline.ingest(writer, batch).unwrap();
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
    let mut writer = Store::open(&path).unwrap();
    add(&mut writer, "later", "---\ndate: 2021-01-04\n---\nChina criticized Japan over the islands.\n");
    drop(writer);
    let (_, third, fresh) = get(&app, "/api/health").await;
    assert_eq!(third.as_deref(), Some("miss"));
    assert_eq!(fresh["documents"].as_u64().unwrap(), health["documents"].as_u64().unwrap() + 1, "{fresh}");
}

/// Issue 14: `/api/health` counted every row (slow on a cold file); it
/// reads the largest ids and the category rollup, and says the same as
/// the rows counted, after a second writer's batch too.
#[tokio::test]
async fn issue_14_health_says_what_the_rows_say() {
    let (_dir, path, _pool, app) = served(1);
    let check = |health: &Value| {
        let rows = Store::open_read_only(&path).unwrap().stats().unwrap();
        let said = [&health["documents"], &health["mentions"], &health["events"]].map(|v| v.as_u64().unwrap());
        assert_eq!(said, [rows.documents, rows.mentions, rows.events], "{health}");
        assert!(rows.events > 0, "{health}");
    };
    check(&get(&app, "/api/health").await.2);
    let mut writer = Store::open(&path).unwrap();
    add(&mut writer, "later", "---\ndate: 2020-05-28\nsource: Wire C\n---\nIran sent fuel to Venezuela again.\n");
    drop(writer);
    check(&get(&app, "/api/health").await.2);
}

/// Sends `req` and returns the status, the headers and the body as JSON.
async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let res = app.clone().oneshot(req).await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn with_host(uri: &str, host: &str) -> Request<Body> {
    Request::get(uri).header("host", host).body(Body::empty()).unwrap()
}

/// Issue 13: any `Host` was served, so a page on a rebinding name could read
/// a loopback dashboard.
#[tokio::test]
async fn issue_13_only_the_hosts_the_server_is_known_by_are_answered() {
    let (_dir, _, pool, _) = served(1);
    let bound: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
    let app =
        dyad_serve::AllowedHosts::new(bound, &["dyad.example".to_string()]).guard(dyad_serve::router(pool, None, 0));
    for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "dyad.example", "dyad.example:443"] {
        let (status, _, body) = send(&app, with_host("/api/health", host)).await;
        assert_eq!(status, StatusCode::OK, "Host: {host}: {body}");
    }
    for host in ["evil.example:8080", "localhost:9999", "127.0.0.1.evil.example:8080", "evil.example"] {
        for uri in ["/api/health", "/", "/app.js"] {
            let (status, headers, body) = send(&app, with_host(uri, host)).await;
            assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "Host: {host} {uri}: {body}");
            assert!(headers["content-type"].to_str().unwrap().starts_with("application/json"));
            assert_eq!(body["status"], 421, "{body}");
            assert!(body["error"].as_str().unwrap().contains("--allow-host"), "{body}");
        }
    }
    // The authority of an absolute request line counts as much as `Host`.
    let req = Request::get("http://evil.example:8080/api/health").header("host", "localhost:8080");
    let (status, _, _) = send(&app, req.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
}

/// Issue 13: `/` answered a non-GET with an empty body, unlike the API.
#[tokio::test]
async fn issue_13_every_error_on_every_path_is_json_and_a_405_says_what_is_allowed() {
    let (_dir, _, _, app) = served(1);
    for (method, uri) in [
        ("POST", "/"),
        ("DELETE", "/"),
        ("PUT", "/app.js"),
        ("POST", "/openapi.yaml"),
        ("POST", "/api/events"),
        ("PATCH", "/api/health"),
    ] {
        let req = Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
        let (status, headers, body) = send(&app, req).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}: {body}");
        assert_eq!(body["status"], 405, "{method} {uri}: {body}");
        assert!(body["error"].as_str().unwrap().contains("GET"), "{method} {uri}: {body}");
        let allow = headers.get("allow").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(allow.contains("GET"), "{method} {uri}: Allow: {allow:?}");
    }
    // A body over the limit, a query that is not UTF-8, an unknown file.
    let big = Request::get("/api/health").header("content-length", "100000").body(Body::from(vec![b'x'; 100_000]));
    let (status, _, body) = send(&app, big.unwrap()).await;
    assert_eq!((status, &body["status"]), (StatusCode::PAYLOAD_TOO_LARGE, &Value::from(413)), "{body}");
    let (status, _, body) = send(&app, Request::get("/api/search?q=%FF%FE").body(Body::empty()).unwrap()).await;
    assert_eq!((status, &body["status"]), (StatusCode::BAD_REQUEST, &Value::from(400)), "{body}");
    let (status, _, body) = send(&app, Request::get("/favicon.ico").body(Body::empty()).unwrap()).await;
    assert_eq!((status, &body["status"]), (StatusCode::NOT_FOUND, &Value::from(404)), "{body}");
}

/// Issue 13: a 200-character search of a repeated common word ranked every
/// document once per repeat (1.8 s on a large store).
#[tokio::test]
async fn issue_13_searches_collapse_repeats_and_common_words_and_refuse_what_stays_costly() {
    let (_dir, _, _, app) = served(2);
    let (status, _, once) = get(&app, "/api/search?q=tankers%20Venezuela").await;
    assert_eq!(status, StatusCode::OK, "{once}");
    assert!(!once["documents"].as_array().unwrap().is_empty(), "{once}");
    let repeated = "TANKERS%20venezuela%20the%20".repeat(7);
    let (status, _, again) = get(&app, &format!("/api/search?q={repeated}")).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again, once, "repeats and common words change nothing");

    let common = "the%20".repeat(40);
    let (status, _, body) = get(&app, &format!("/api/search?q={common}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.contains("`q`") && error.contains("common words"), "{body}");
    let many = "iran%20oil%20tanker%20fuel%20ship%20navy%20port%20sanction%20embargo";
    let (status, _, body) = get(&app, &format!("/api/search?q={many}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["error"].as_str().unwrap().contains("9 distinct words"), "{body}");
}

/// Issue 13: the read-only server never let the write-ahead log shrink
/// while a writer kept the store open (289 MB beside a 222 MB store).
#[tokio::test]
async fn issue_13_the_server_checkpoints_and_truncates_the_log_a_writer_left() {
    let (_dir, path, pool, app) = served(1);
    // A writer that stays open keeps its log: its commits are in the WAL.
    let mut writer = Store::open(&path).unwrap();
    add(&mut writer, "later", "---\ndate: 2021-01-04\n---\nChina criticized Japan over the islands.\n");
    let wal = path.with_extension("db-wal");
    let before = std::fs::metadata(&wal).unwrap().len();
    assert!(before > 0, "the writer's commit is in the log");

    let (_, _, health) = get(&app, "/api/health").await;
    let done = pool.checkpoint(0).unwrap();
    assert_eq!(done.log_pages, done.checkpointed_pages, "{done:?}");
    assert!(done.truncated, "{done:?}");
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
    // Nothing changed for the readers, and the writer goes on.
    let (_, _, after) = get(&app, "/api/health").await;
    assert_eq!(after, health);
    add(&mut writer, "later2", "---\ndate: 2021-01-05\n---\nJapan criticized China over the islands.\n");
    assert_eq!(writer.integrity_check().unwrap(), "ok");
    let (_, _, last) = get(&app, "/api/health").await;
    assert_eq!(last["documents"].as_u64().unwrap(), health["documents"].as_u64().unwrap() + 1, "{last}");
}

/// The body and content type of a non-JSON answer.
async fn get_text(app: &axum::Router, uri: &str) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let mime = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, mime, String::from_utf8_lossy(&bytes).into_owned())
}

/// One set of filters for what the dashboard lists, counts, exports and
/// draws: the summary counts the events the list pages through, the export
/// holds exactly them, and the network is drawn from them.
#[tokio::test]
async fn summary_export_and_network_follow_the_filters_of_the_event_list() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 2, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 0);
    let (_, _, all) = get(&app, "/api/events?limit=500").await;
    let (status, _, fused) = get(&app, "/api/events?min_sources=2").await;
    assert_eq!(status, StatusCode::OK, "{fused}");
    let fused = fused["events"].as_array().unwrap();
    assert!(!fused.is_empty() && fused.len() < all["events"].as_array().unwrap().len(), "{fused:?}");
    assert!(fused.iter().all(|e| e["num_sources"].as_u64().unwrap() >= 2));
    // Canonical names beside the words as written.
    assert_eq!(fused[0]["source_actor"]["name"], "Iran", "{}", fused[0]);
    assert_eq!(fused[0]["target_actor"]["code"], "VEN");

    let (status, _, s) = get(&app, "/api/summary?min_sources=2").await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["events"].as_u64().unwrap() as usize, fused.len(), "{s}");
    assert_eq!(s["sources"], 2, "Wire A and Wire B: {s}");
    assert_eq!(s["articles"], 2, "{s}");
    assert!(s["first_report"].as_str().unwrap() <= s["last_report"].as_str().unwrap(), "{s}");
    assert_eq!(s["truncated"], false);

    let (status, mime, csv) = get_text(&app, "/api/export?format=csv&min_sources=2").await;
    assert_eq!(status, StatusCode::OK, "{csv}");
    assert!(mime.starts_with("text/csv"), "{mime}");
    assert_eq!(csv.lines().count(), fused.len() + 1, "a header and one row per event:\n{csv}");
    let (_, _, jsonl) = get_text(&app, "/api/export?format=jsonl&min_sources=2").await;
    let ids: Vec<String> =
        jsonl.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].to_string().replace('"', "")).collect();
    let want: Vec<String> = fused.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, want);
    let (_, mime, gdelt) = get_text(&app, "/api/export?format=gdelt&min_sources=2").await;
    assert!(mime.starts_with("text/tab-separated-values"), "{mime}");
    assert_eq!(gdelt.lines().count(), fused.len());
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61), "{gdelt}");
    let (status, _, body) = get(&app, "/api/export?format=xls").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, _, net) = get(&app, "/api/network?plover=AID").await;
    assert_eq!(status, StatusCode::OK, "{net}");
    let edges = net["edges"].as_array().unwrap();
    assert!(edges.iter().any(|e| e["source"] == "IRN" && e["target"] == "VEN"), "{net}");
    assert!(edges.iter().all(|e| e["source"] != "USA"), "a condemnation is not AID: {net}");
    assert!(net["nodes"][0]["name"].is_string(), "{net}");
    let (_, _, none) = get(&app, "/api/network?min_events=1000").await;
    assert_eq!(none["edges"].as_array().unwrap().len(), 0, "{none}");
    let (_, _, bad) = get(&app, "/api/events?min_sources=0").await;
    assert!(bad["error"].as_str().unwrap().contains("`min_sources`"), "{bad}");
}

#[tokio::test]
async fn actor_suggestions_give_codes_with_canonical_names() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 1, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 0);
    let (status, _, body) = get(&app, "/api/actors?q=venez").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["actors"][0]["code"], "VEN", "{body}");
    assert_eq!(body["actors"][0]["name"], "Venezuela", "{body}");
    let (_, _, body) = get(&app, "/api/actors?q=").await;
    assert_eq!(body["actors"].as_array().unwrap().len(), 0, "{body}");
}

/// Issue 14: the summary of a view filtered only by date, category and
/// quad class reads its counts from the rollups, and they are those of
/// the events the list pages through; categories by year come from them too.
#[tokio::test]
async fn rollup_summaries_and_categories_count_the_listed_events() {
    let (_dir, path) = store();
    let pool = Arc::new(dyad_serve::Pool::open(&path, 2, Duration::from_secs(5)).unwrap());
    let app = dyad_serve::router(pool, None, 0);
    for filters in ["", "from=2020", "from=2020-05&to=2020-05", "plover=AID", "quad=3&to=2021"] {
        let (_, _, list) = get(&app, &format!("/api/events?limit=500&{filters}")).await;
        let list = list["events"].as_array().unwrap();
        let (status, _, s) = get(&app, &format!("/api/summary?{filters}")).await;
        assert_eq!(status, StatusCode::OK, "{s}");
        assert_eq!(s["events"].as_u64().unwrap() as usize, list.len(), "{filters}: {s}");
        let mentions: u64 = list.iter().map(|e| e["num_mentions"].as_u64().unwrap()).sum();
        assert_eq!(s["mentions"].as_u64().unwrap(), mentions, "{filters}: {s}");
        // A small view has its sources counted too.
        assert_eq!(s["coverage"], true, "{filters}: {s}");
        if !list.is_empty() {
            assert!(s["sources"].as_u64().unwrap() >= 1, "{filters}: {s}");
        }
    }
    let (_, _, list) = get(&app, "/api/events?limit=500&from=2020&to=2020").await;
    let (status, _, c) = get(&app, "/api/categories?by=year&from=2020&to=2020").await;
    assert_eq!(status, StatusCode::OK, "{c}");
    let counted: u64 = c["categories"].as_array().unwrap().iter().map(|r| r["events"].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, list["events"].as_array().unwrap().len(), "{c}");
    assert!(c["categories"].as_array().unwrap().iter().all(|r| r["period"] == "2020"), "{c}");
    let (status, _, bad) = get(&app, "/api/categories?by=day").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    let (status, _, bad) = get(&app, "/api/categories?from=2021&to=2020").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
}
