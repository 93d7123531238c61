//! The `serve` stage: an HTTP JSON API and the analyst's dashboard.
//!
//! - [`router`] builds the axum router over a [`Pool`] of read-only store
//!   connections (tests call it in-process); [`serve`] binds it.
//! - `api.rs` has the handlers; `dto.rs` the JSON shapes (only this crate
//!   knows them); `error.rs` the one table from errors to HTTP statuses.
//! - `net.rs` is the accept loop (connection cap, header-read timeout);
//!   `host.rs` the [`AllowedHosts`] guard against DNS rebinding.
//! - The dashboard (`assets/`) is embedded in the binary: no Node build step.
//!
//! Security: the server is read-only, binds 127.0.0.1 unless told
//! otherwise, answers only the `Host` names it is known by, sends a strict
//! Content-Security-Policy, answers CORS only for a configured origin,
//! bounds page sizes, request bodies, connections, the time to send a
//! request head and the words of a search, and runs every query under a
//! time limit (a slow query answers 503 instead of hanging). Every error,
//! on every path, is JSON. While it serves, it checkpoints the store's
//! write-ahead log now and then so that the log stays bounded although
//! its readers never pause (see `dyad_store::checkpoint`).
#![deny(missing_docs)]

mod api;
mod cache;
mod dto;
mod error;
mod explore;
mod host;
mod net;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use dyad_engine::Store;
use tower_http::set_header::SetResponseHeaderLayer;

pub use crate::error::ApiError;
pub use crate::host::AllowedHosts;

/// The dashboard's Content-Security-Policy: nothing but this origin's own
/// files, no inline script or style, no plugins, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Settings of the server.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The store file.
    pub db: PathBuf,
    /// Address to bind.
    pub addr: SocketAddr,
    /// Origin allowed to call the API from another site (no CORS when `None`).
    pub cors: Option<String>,
    /// Time limit of one query.
    pub query_timeout: Duration,
    /// Read connections.
    pub connections: usize,
    /// Cached API answers (0: no cache).
    pub cache_entries: usize,
    /// Names besides localhost and the bound address that clients may use
    /// in `Host` (`NAME` or `NAME:PORT`).
    pub allowed_hosts: Vec<String>,
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Time a client has to send a request head (and an idle keep-alive
    /// connection to send the next one) before the connection is closed.
    pub header_timeout: Duration,
    /// How often the write-ahead log is checkpointed (zero: never).
    pub checkpoint_interval: Duration,
    /// Log size above which a checkpoint also truncates the log.
    pub wal_limit: u64,
    /// Read the store's rollup tables, its schema and the upper levels of
    /// its indexes into the OS page cache at start, in the background
    /// (`dyad_store::warm`), so that the first aggregates after a restart
    /// do not wait for the disk page by page.
    pub warm: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            db: PathBuf::from("dyad.db"),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            cors: None,
            query_timeout: Duration::from_secs(5),
            connections: 8,
            cache_entries: 1024,
            allowed_hosts: Vec::new(),
            max_connections: 512,
            header_timeout: Duration::from_secs(10),
            checkpoint_interval: Duration::from_secs(10),
            wal_limit: 64 << 20,
            warm: true,
        }
    }
}

/// Read-only connections to the store, shared by the request handlers.
/// At most `n` queries run at once (one per connection); the others wait
/// for a turn, within the query time limit, instead of piling up blocking
/// threads and connections under load.
pub struct Pool {
    free: Mutex<Vec<Store>>,
    path: PathBuf,
    timeout: Duration,
    turns: Arc<tokio::sync::Semaphore>,
    /// Searches may hold at most half the connections: a burst of costly
    /// searches leaves the others to every other request.
    search_turns: Arc<tokio::sync::Semaphore>,
}

impl Pool {
    /// Opens `n` read-only connections.
    pub fn open(path: &Path, n: usize, timeout: Duration) -> Result<Pool, ApiError> {
        let n = n.max(1);
        let mut free = Vec::with_capacity(n);
        for _ in 0..n {
            free.push(Store::open_read_only(path).map_err(ApiError::from)?);
        }
        Ok(Pool {
            free: Mutex::new(free),
            path: path.to_path_buf(),
            timeout,
            turns: Arc::new(tokio::sync::Semaphore::new(n)),
            search_turns: Arc::new(tokio::sync::Semaphore::new((n / 2).max(1))),
        })
    }

    /// Checkpoints the store's write-ahead log without waiting on anyone,
    /// truncating it when larger than `wal_limit` bytes and fully copied back.
    /// Needs write permission on the store's directory; the content of the
    /// database is not changed.
    pub fn checkpoint(&self, wal_limit: u64) -> Result<dyad_engine::store::Checkpoint, ApiError> {
        Ok(dyad_engine::store::checkpoint(&self.path, wal_limit)?)
    }

    /// Runs a search: like [`Pool::run`], after taking one of the search turns.
    pub(crate) async fn run_search<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _search = self.turn(&self.search_turns).await?;
        self.run(f).await
    }

    /// Waits for a turn of `turns`, within the query time limit.
    async fn turn(&self, turns: &Arc<tokio::sync::Semaphore>) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        tokio::time::timeout(self.timeout, Arc::clone(turns).acquire_owned())
            .await
            .map_err(|_| ApiError::Timeout)?
            .map_err(|_| ApiError::internal("connection pool closed"))
    }

    /// Runs `f` on a connection, on the blocking thread pool, under the time limit.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        // The turn goes with the blocking task: a client that hangs up does
        // not free it while its query still runs.
        let turn = self.turn(&self.turns).await?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let store = match pool.free.lock().map_err(|_| ApiError::internal("connection pool poisoned"))?.pop() {
                Some(s) => s,
                None => Store::open_read_only(&pool.path)?,
            };
            let out = store.with_timeout(pool.timeout, |s| Ok(f(s))).map_err(ApiError::from).and_then(|r| r);
            if let Ok(mut free) = pool.free.lock() {
                free.push(store);
            }
            out
        })
        .await
        .map_err(|e| ApiError::internal(&format!("worker failed: {e}")))?
    }
}

/// The router: the API under `/api`, the dashboard at `/`.
pub fn router(pool: Arc<Pool>, cors: Option<&str>, cache_entries: usize) -> Router {
    let cache = Arc::new(cache::Cache::new(&pool.path, cache_entries));
    let export = get(explore::export).with_state(Arc::clone(&pool));
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/events", get(api::events))
        .route("/events/{id}", get(api::event))
        .route("/timeline", get(api::timeline))
        .route("/network", get(api::network))
        .route("/dyads", get(api::dyads))
        .route("/documents", get(api::duplicates))
        .route("/documents/{id}", get(api::document))
        .route("/search", get(api::search))
        .route("/summary", get(explore::summary))
        .route("/categories", get(explore::categories))
        .route("/actors", get(explore::actors))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .with_state(pool)
        .layer(axum::middleware::from_fn_with_state(cache, cache::layer));
    let mut app = Router::new()
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/app.css", get(app_css))
        .route("/land-110m.json", get(land))
        .route("/openapi.yaml", get(openapi))
        // Outside the cache, which keeps JSON answers only.
        .route("/api/export", export)
        .nest("/api", api)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
        .layer(axum::middleware::map_response(error::json_errors))
        .layer(SetResponseHeaderLayer::overriding(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")));
    if let Some(origin) = cors.and_then(|o| HeaderValue::from_str(o).ok()) {
        app = app.layer(
            tower_http::cors::CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    app
}

/// The world's land outline for the map (Natural Earth via world-atlas; see
/// `assets/land-110m.NOTICE`).
async fn land() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("../assets/land-110m.json"))
}

async fn index() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], include_str!("../assets/index.html"))
}

async fn app_js() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("../assets/app.js"))
}

async fn app_css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("../assets/app.css"))
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/yaml; charset=utf-8")], include_str!("../openapi.yaml"))
}

/// Binds `addr` for [`serve_on`]: callers that prepare files before serving
/// bind first, so that a busy port fails before anything is touched.
pub fn bind(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    std::net::TcpListener::bind(addr)
}

/// Binds `settings.addr` and serves until Ctrl-C. `ready` is called with
/// the bound address.
pub async fn serve(settings: &Settings, ready: impl FnOnce(SocketAddr)) -> Result<(), ApiError> {
    let listener =
        bind(settings.addr).map_err(|e| ApiError::internal(&format!("cannot bind {}: {e}", settings.addr)))?;
    serve_on(listener, settings, ready).await
}

/// Serves on a bound `listener` until Ctrl-C (`settings.addr` is not used).
pub async fn serve_on(
    listener: std::net::TcpListener,
    settings: &Settings,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ApiError> {
    let pool = Arc::new(Pool::open(&settings.db, settings.connections, settings.query_timeout)?);
    if settings.warm {
        warm_in_background(settings.db.clone());
    }
    let internal = |e: std::io::Error| ApiError::internal(&e.to_string());
    listener.set_nonblocking(true).map_err(internal)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(internal)?;
    let addr = listener.local_addr().map_err(internal)?;
    let app = router(Arc::clone(&pool), settings.cors.as_deref(), settings.cache_entries);
    let app = AllowedHosts::new(addr, &settings.allowed_hosts).guard(app);
    let checkpoints = (!settings.checkpoint_interval.is_zero())
        .then(|| tokio::spawn(checkpoints(pool, settings.checkpoint_interval, settings.wal_limit)));
    ready(addr);
    let limits = net::Limits { max_connections: settings.max_connections, header_timeout: settings.header_timeout };
    net::serve(listener, app, limits, async {
        // No signal handler (rare): serve until killed rather than stop now.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
    .await;
    if let Some(task) = checkpoints {
        task.abort();
    }
    Ok(())
}

/// Reads the store's hot pages into the OS page cache on a thread of its
/// own while the server starts answering; says what it read, or why not
/// (a failure only leaves the pages to be read on demand).
fn warm_in_background(db: PathBuf) {
    let spawned = std::thread::Builder::new().name("warm".into()).spawn(move || {
        let t = std::time::Instant::now();
        match dyad_engine::store::warm(&db) {
            Ok(w) => tracing::info!(
                target: "serve::warm",
                "read {} pages of {} tables and indexes and the log ({:.1} MB) in {} ms",
                w.pages,
                w.trees,
                w.bytes as f64 / 1e6,
                t.elapsed().as_millis()
            ),
            Err(e) => tracing::warn!(target: "serve::warm", "cannot warm the page cache: {e}"),
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(target: "serve::warm", "cannot start warming the page cache: {e}");
    }
}

/// Checkpoints the write-ahead log every `every` while serving. A store the
/// server may not write (a read-only file or directory) is only read: the
/// first failure is logged and the checkpoints stop.
async fn checkpoints(pool: Arc<Pool>, every: Duration, wal_limit: u64) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let p = Arc::clone(&pool);
        match tokio::task::spawn_blocking(move || p.checkpoint(wal_limit)).await {
            Ok(Ok(c)) => tracing::debug!(target: "serve::wal", "checkpoint: {c:?}"),
            Ok(Err(ApiError::Timeout)) => {}
            Ok(Err(e)) => {
                tracing::warn!(
                    target: "serve::wal",
                    "cannot checkpoint the write-ahead log ({e}); it may grow while a writer runs"
                );
                return;
            }
            Err(e) => {
                tracing::warn!(target: "serve::wal", "checkpoint task failed: {e}");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]

    use super::*;

    /// Issue 13: sixteen costly searches stalled every other request. A
    /// search holds at most half the pool: with one search running on a
    /// pool of two, another request runs and another search waits its turn.
    #[tokio::test]
    async fn issue_13_searches_leave_half_the_pool_to_other_requests() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        drop(Store::open(&path).unwrap());
        let pool = Arc::new(Pool::open(&path, 2, Duration::from_millis(300)).unwrap());
        let (started, running) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let busy = tokio::spawn({
            let pool = Arc::clone(&pool);
            async move {
                pool.run_search(move |_| {
                    started.send(()).unwrap();
                    released.recv().unwrap();
                    Ok(())
                })
                .await
            }
        });
        tokio::task::spawn_blocking(move || running.recv().unwrap()).await.unwrap();
        let other = pool.run(|s| Ok(s.stats()?.documents)).await;
        assert_eq!(other.unwrap(), 0, "a request that is not a search runs beside the search");
        let second = pool.run_search(|_| Ok(())).await;
        assert!(matches!(second, Err(ApiError::Timeout)), "{second:?}");
        release.send(()).unwrap();
        busy.await.unwrap().unwrap();
        assert!(pool.run_search(|_| Ok(())).await.is_ok(), "the turn is back once the search ends");
    }
}
