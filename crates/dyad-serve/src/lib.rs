//! The `serve` stage: an HTTP JSON API and the analyst's dashboard.
//!
//! - [`router`] builds the axum router over a [`Pool`] of read-only store
//!   connections (tests call it in-process); [`serve`] binds it.
//! - `api.rs` has the handlers; `dto.rs` the JSON shapes (only this crate
//!   knows them); `error.rs` the one table from errors to HTTP statuses.
//! - The dashboard (`assets/`) is embedded in the binary: no Node build step.
//!
//! Security: the server is read-only, binds 127.0.0.1 unless told
//! otherwise, sends a strict Content-Security-Policy, answers CORS only for
//! a configured origin, bounds page sizes and request bodies, and runs every
//! query under a time limit (a slow query answers 503 instead of hanging).
#![deny(missing_docs)]

mod api;
mod cache;
mod dto;
mod error;
mod explore;

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
        })
    }

    /// Runs `f` on a connection, on the blocking thread pool, under the time limit.
    pub(crate) async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        // The turn goes with the blocking task: a client that hangs up does
        // not free it while its query still runs.
        let turn = tokio::time::timeout(self.timeout, Arc::clone(&self.turns).acquire_owned())
            .await
            .map_err(|_| ApiError::Timeout)?
            .map_err(|_| ApiError::internal("connection pool closed"))?;
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
        .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
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

/// Binds and serves until Ctrl-C. `ready` is called with the bound address.
pub async fn serve(settings: &Settings, ready: impl FnOnce(SocketAddr)) -> Result<(), ApiError> {
    let pool = Arc::new(Pool::open(&settings.db, settings.connections, settings.query_timeout)?);
    let app = router(pool, settings.cors.as_deref(), settings.cache_entries);
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| ApiError::internal(&format!("cannot bind {}: {e}", settings.addr)))?;
    let addr = listener.local_addr().map_err(|e| ApiError::internal(&e.to_string()))?;
    ready(addr);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // No signal handler (rare): serve until killed rather than stop now.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
        .map_err(|e| ApiError::internal(&e.to_string()))
}
