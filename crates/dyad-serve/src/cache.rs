//! A response cache for the API's GET requests.
//!
//! Dashboards ask the same aggregate questions over and over (the busiest
//! pair's timeline, the network of a year) while the store changes only
//! when `dyad ingest` commits. Responses are cached by URI and tagged with
//! the store's generation — the size and modification time of the database
//! file and its write-ahead log — so a commit by any process makes every
//! cached answer stale at once. Only successful JSON answers are kept.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// What identifies one state of the store on disk.
type Generation = [(u64, Option<SystemTime>); 2];

/// Cached answers, by URI.
pub(crate) struct Cache {
    db: PathBuf,
    wal: PathBuf,
    capacity: usize,
    entries: Mutex<Entries>,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, (Generation, Bytes)>,
    bytes: usize,
}

/// Answers larger than this are not kept.
const MAX_BODY: usize = 4 << 20;
/// Nor more than this in all.
const MAX_TOTAL: usize = 64 << 20;

impl Cache {
    pub(crate) fn new(db: &Path, capacity: usize) -> Cache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Cache { db: db.to_path_buf(), wal: PathBuf::from(wal), capacity, entries: Mutex::new(Entries::default()) }
    }

    fn generation(&self) -> Generation {
        let stat = |p: &Path| match std::fs::metadata(p) {
            Ok(m) => (m.len(), m.modified().ok()),
            Err(_) => (0, None),
        };
        [stat(&self.db), stat(&self.wal)]
    }

    fn get(&self, uri: &str, generation: &Generation) -> Option<Bytes> {
        let entries = self.entries.lock().ok()?;
        entries.map.get(uri).filter(|(g, _)| g == generation).map(|(_, b)| b.clone())
    }

    fn put(&self, uri: String, generation: Generation, body: Bytes) {
        if let Ok(mut entries) = self.entries.lock() {
            // Stale answers and, when full, everything go: simple and bounded
            // both in entries and in bytes.
            let Entries { map, bytes } = &mut *entries;
            map.retain(|_, (g, b)| {
                let keep = *g == generation;
                if !keep {
                    *bytes -= b.len();
                }
                keep
            });
            if map.len() >= self.capacity || *bytes + body.len() > MAX_TOTAL {
                map.clear();
                *bytes = 0;
            }
            *bytes += body.len();
            if let Some((_, old)) = map.insert(uri, (generation, body)) {
                *bytes -= old.len();
            }
        }
    }
}

/// The middleware: answers from the cache, or runs the handler and keeps
/// its answer. Sets `x-dyad-cache: hit|miss`.
pub(crate) async fn layer(State(cache): State<Arc<Cache>>, req: Request, next: Next) -> Response {
    if cache.capacity == 0 || req.method() != Method::GET {
        return next.run(req).await;
    }
    let uri = req.uri().to_string();
    let generation = cache.generation();
    if let Some(body) = cache.get(&uri, &generation) {
        return with_cache_header(json(body), "hit");
    }
    let response = next.run(req).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (parts, body) = response.into_parts();
    // JSON answers are built in memory anyway: buffering them costs no more.
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) if bytes.len() <= MAX_BODY => {
            cache.put(uri, generation, bytes.clone());
            with_cache_header(Response::from_parts(parts, Body::from(bytes)), "miss")
        }
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(e) => crate::ApiError::internal(&format!("response not buffered: {e}")).into_response(),
    }
}

fn json(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

fn with_cache_header(mut r: Response, state: &'static str) -> Response {
    r.headers_mut().insert("x-dyad-cache", HeaderValue::from_static(state));
    r
}
