//! The accept loop: HTTP/1.1 over hyper with the limits `axum::serve` does
//! not offer.
//!
//! - A connection cap: at most `max_connections` connections are served at
//!   once. One more is answered at once with a JSON 503 and closed, without
//!   reading from it, so a flood of idle sockets costs the server one
//!   `accept` each and it stays reachable as soon as they go.
//! - A header-read timeout: a connection that has not sent a whole request
//!   head within `header_timeout` (a half-sent request, or an idle
//!   keep-alive connection) is closed, so slow clients cannot hold the
//!   slots either (hyper's `header_read_timeout`, which needs a timer).
//! - `accept` failures (out of file descriptors) pause the loop briefly
//!   instead of ending it.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// The limits of the accept loop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) max_connections: usize,
    pub(crate) header_timeout: Duration,
}

/// Connections over the cap answered at once with a 503; beyond that they
/// are closed with no more than a best-effort write.
const REFUSALS: usize = 64;

/// Answers a connection over the cap: the 503, then what the client sent
/// is read and dropped for up to a second, so that closing does not reset
/// the connection (and lose the answer) while its request is unread.
async fn refuse(stream: tokio::net::TcpStream, busy: Arc<str>, _turn: tokio::sync::OwnedSemaphorePermit) {
    // A fresh connection's send buffer takes the whole answer at once.
    if stream.try_write(busy.as_bytes()).is_err() {
        return;
    }
    // Half-close so the client reads the end of the answer, then drain.
    let Ok(std) = stream.into_std() else { return };
    let _ = std.shutdown(std::net::Shutdown::Write);
    let Ok(stream) = tokio::net::TcpStream::from_std(std) else { return };
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let mut sink = [0_u8; 4096];
        loop {
            stream.readable().await?;
            match stream.try_read(&mut sink) {
                Ok(0) => return Ok(()),
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    })
    .await;
}

/// The answer to a connection over the cap.
fn busy() -> String {
    let body = r#"{"status":503,"error":"too many connections; try again in a moment"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
}

/// Serves `app` on `listener` until `shutdown` completes.
pub(crate) async fn serve(listener: TcpListener, app: Router, limits: Limits, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let busy: Arc<str> = busy().into();
    // Refusals in progress, each a second at most.
    let refusals = Arc::new(Semaphore::new(REFUSALS));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            () = &mut shutdown => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // A connection reset before it was accepted is its client's
                // business; anything else (EMFILE) passes with time.
                if !matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) {
                    tracing::warn!(target: "serve::net", "accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::debug!(target: "serve::net", "connection refused: {} open", limits.max_connections);
            match Arc::clone(&refusals).try_acquire_owned() {
                Ok(turn) => {
                    tokio::spawn(refuse(stream, Arc::clone(&busy), turn));
                }
                Err(_) => {
                    // A flood: no time even to say so.
                    let _ = stream.try_write(busy.as_bytes());
                }
            }
            continue;
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let _ = stream.set_nodelay(true);
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                tracing::debug!(target: "serve::net", "connection: {e}");
            }
        });
    }
}
