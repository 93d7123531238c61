//! `dyad serve`: the HTTP API and the dashboard over a store.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::{messages, Status};

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The store file.
    #[arg(long, default_value = "dyad.db", env = "DYAD_DB")]
    pub(crate) db: PathBuf,
    /// Address to listen on (loopback by default; the API is read-only).
    #[arg(long, default_value = "127.0.0.1:8080", env = "DYAD_ADDR")]
    pub(crate) addr: SocketAddr,
    /// Allow this origin to call the API from another site (CORS):
    /// `https://example.org`, `http://localhost:3000` or `*`.
    #[arg(long, value_parser = parse_origin)]
    pub(crate) cors: Option<String>,
    /// Time limit of one query, in milliseconds (at least 1).
    #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) query_timeout_ms: u64,
    /// Answers kept in the response cache (0 turns it off); a commit to the
    /// store invalidates them.
    #[arg(long, default_value_t = 1024)]
    pub(crate) cache: usize,
    #[command(flatten)]
    pub(crate) net: NetArgs,
}

/// The server's network limits, shared by `serve` and `demo`.
#[derive(Debug, Args)]
pub(crate) struct NetArgs {
    /// Also answer requests whose `Host` is NAME (or NAME:PORT), e.g. the
    /// name of a reverse proxy in front; repeatable. Without it only
    /// localhost and the bound address are answered (against DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub(crate) allow_host: Vec<String>,
    /// Connections served at once; one more is answered 503 and closed.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub(crate) max_connections: u64,
    /// Time a client has to send a whole request head, in milliseconds;
    /// slower (or idle keep-alive) connections are closed.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) header_timeout_ms: u64,
    /// How often to checkpoint the store's write-ahead log, in milliseconds
    /// (0: never), so that it stays bounded while an ingest writes.
    #[arg(long, default_value_t = 10_000)]
    pub(crate) checkpoint_interval_ms: u64,
    /// Size of the write-ahead log, in MiB, above which a checkpoint also
    /// truncates it (when every page in it is back in the store).
    #[arg(long, default_value_t = 64)]
    pub(crate) wal_limit_mb: u64,
    /// Do not read the store's rollup tables and index levels into the
    /// OS page cache at start (they are then read on demand, page by page).
    #[arg(long)]
    pub(crate) no_warm: bool,
}

impl NetArgs {
    /// These limits over `settings`.
    pub(crate) fn apply(self, settings: dyad_serve::Settings) -> dyad_serve::Settings {
        dyad_serve::Settings {
            allowed_hosts: self.allow_host,
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            header_timeout: Duration::from_millis(self.header_timeout_ms),
            checkpoint_interval: Duration::from_millis(self.checkpoint_interval_ms),
            wal_limit: self.wal_limit_mb.saturating_mul(1 << 20),
            warm: !self.no_warm,
            ..settings
        }
    }
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<Status> {
    if !args.db.exists() {
        anyhow::bail!(
            "{} does not exist; create it with `dyad ingest FILES --db {}`",
            args.db.display(),
            args.db.display()
        );
    }
    let settings = args.net.apply(dyad_serve::Settings {
        db: args.db,
        addr: args.addr,
        cors: args.cors,
        query_timeout: Duration::from_millis(args.query_timeout_ms),
        cache_entries: args.cache,
        ..dyad_serve::Settings::default()
    });
    let listener = dyad_serve::bind(settings.addr).with_context(|| format!("cannot bind {}", settings.addr))?;
    serve(listener, settings)
}

/// Runs the server on a bound listener until Ctrl-C.
pub(crate) fn serve(listener: std::net::TcpListener, settings: dyad_serve::Settings) -> anyhow::Result<Status> {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("DYAD_LOG").unwrap_or_else(|_| "warn".into()))
        .try_init();
    let rt = tokio::runtime::Runtime::new().context("starting the runtime")?;
    rt.block_on(dyad_serve::serve_on(listener, &settings, |addr| {
        messages::info(&format!("serving {} at http://{addr}/ (Ctrl-C to stop)", settings.db.display()));
    }))
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Status::Ok)
}

/// A CORS origin: `*`, or a scheme and host (and port) with nothing after.
fn parse_origin(s: &str) -> Result<String, String> {
    let bad = || format!("`{s}` is not an origin (https://example.org, http://localhost:3000 or *)");
    if s == "*" {
        return Ok(s.to_string());
    }
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).ok_or_else(bad)?;
    let ok = !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        && !rest.starts_with(':');
    if ok {
        Ok(s.to_string())
    } else {
        Err(bad())
    }
}
