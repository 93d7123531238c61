//! The `Host` allow-list, against DNS rebinding.
//!
//! A web page on `evil.example` can make its own name resolve to 127.0.0.1
//! and then read a loopback server as if it were its own origin: the
//! browser still sends `Host: evil.example`. So the server answers only
//! requests whose `Host` names it: the address it is bound to, `localhost`,
//! `127.0.0.1` or `[::1]`, each with its port, and the names given with
//! `--allow-host` (which match with any port, or only the one given, so a
//! reverse proxy in front can pass its own). When bound to every interface
//! (`0.0.0.0`, `::`) any IP literal with the port is accepted too: a
//! rebinding attack needs a name, and a page whose origin is an address
//! already shares it. A request without `Host` (HTTP/1.0 tools) comes from
//! no browser and is served. Anything else gets a JSON 421.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};

/// Which `Host` headers the server answers.
#[derive(Clone, Debug)]
pub struct AllowedHosts {
    bound: SocketAddr,
    /// Names from `--allow-host`, lower case, each with its port if given.
    names: Vec<(String, Option<u16>)>,
}

impl AllowedHosts {
    /// The hosts of a server bound to `bound`, plus `extra` names (`NAME`
    /// or `NAME:PORT`).
    pub fn new(bound: SocketAddr, extra: &[String]) -> AllowedHosts {
        let names = extra
            .iter()
            .map(|n| {
                let (host, port) = split(n.trim());
                (host.to_ascii_lowercase(), port)
            })
            .collect();
        AllowedHosts { bound, names }
    }

    /// True when a request with this `Host` value may be served.
    pub fn allows(&self, host: &str) -> bool {
        let (name, port) = split(host.trim());
        let name = name.to_ascii_lowercase();
        if self.names.iter().any(|(n, p)| *n == name && (p.is_none() || *p == port)) {
            return true;
        }
        // Browsers leave out the scheme's default port.
        let port_ok = port.unwrap_or(80) == self.bound.port();
        if !port_ok {
            return false;
        }
        let ip = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(&name).parse::<IpAddr>().ok();
        match ip {
            Some(ip) => ip.is_loopback() || ip == self.bound.ip() || self.bound.ip().is_unspecified(),
            None => name == "localhost",
        }
    }

    /// `router` answering only the allowed hosts.
    pub fn guard(self, router: Router) -> Router {
        router.layer(axum::middleware::from_fn_with_state(Arc::new(self), layer))
    }
}

/// `host[:port]`, `[v6]:port`: the host and the port if any. A port that
/// is not a number is kept in the host, which then matches nothing.
fn split(s: &str) -> (&str, Option<u16>) {
    let at = match s.rfind(':') {
        Some(i) if !s[i..].contains(']') => i,
        _ => return (s, None),
    };
    match s[at + 1..].parse::<u16>() {
        Ok(p) => (&s[..at], Some(p)),
        Err(_) => (s, None),
    }
}

async fn layer(State(hosts): State<Arc<AllowedHosts>>, req: Request, next: Next) -> Response {
    // The request line may carry the authority itself (`GET http://h/ …`).
    let named = [
        req.headers().get(header::HOST).map(|h| h.to_str().unwrap_or("\u{fffd}")),
        req.uri().authority().map(|a| a.as_str()),
    ];
    for host in named.into_iter().flatten() {
        if !hosts.allows(host) {
            let shown: String = host.chars().take(80).collect();
            let status = StatusCode::MISDIRECTED_REQUEST;
            let error = format!(
                "this server does not answer for host `{shown}`; start it with `--allow-host NAME` to serve a name \
                 other than localhost or its address"
            );
            return (status, Json(serde_json::json!({ "status": status.as_u16(), "error": error }))).into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bound: &str, extra: &[&str], host: &str, expected: bool) {
        let hosts = AllowedHosts::new(
            bound.parse().unwrap_or(SocketAddr::from(([0; 4], 0))),
            &extra.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        );
        assert_eq!(hosts.allows(host), expected, "bound {bound}, extra {extra:?}, Host: {host}");
    }

    #[test]
    fn loopback_names_with_the_port_and_flagged_names_pass() {
        check("127.0.0.1:8080", &[], "127.0.0.1:8080", true);
        check("127.0.0.1:8080", &[], "localhost:8080", true);
        check("127.0.0.1:8080", &[], "LOCALHOST:8080", true);
        check("127.0.0.1:8080", &[], "[::1]:8080", true);
        check("127.0.0.1:80", &[], "localhost", true);
        check("127.0.0.1:8080", &[], "localhost:9090", false);
        check("127.0.0.1:8080", &[], "localhost", false);
        check("127.0.0.1:8080", &[], "evil.example:8080", false);
        check("127.0.0.1:8080", &[], "127.0.0.1.evil.example:8080", false);
        check("127.0.0.1:8080", &[], "localhost:80x", false);
        check("127.0.0.1:8080", &[], "10.1.2.3:8080", false);
        check("0.0.0.0:8080", &[], "10.1.2.3:8080", true);
        check("0.0.0.0:8080", &[], "lan-box:8080", false);
        check("192.168.1.5:8080", &[], "192.168.1.5:8080", true);
        check("127.0.0.1:8080", &["dyad.example"], "dyad.example", true);
        check("127.0.0.1:8080", &["dyad.example"], "Dyad.Example:443", true);
        check("127.0.0.1:8080", &["dyad.example:8443"], "dyad.example:443", false);
        check("127.0.0.1:8080", &["dyad.example:8443"], "dyad.example:8443", true);
        check("[::1]:8080", &[], "[::1]:8080", true);
        check("[::1]:8080", &[], "[::1]", false);
    }
}
