//! Errors as JSON: `{"status": 400, "error": "…"}`. The one place where
//! errors become HTTP statuses, and where error answers made elsewhere (a
//! 405 from the router, a 413 from the body limit, a 400 from a query that
//! is not UTF-8) are rewritten as the same JSON.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad_engine::store::Error as StoreError;

/// An API error: a status and a message for the client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// A query parameter is missing or malformed; names the parameter.
    #[error("bad parameter `{name}`: {reason}")]
    BadParameter {
        /// The parameter.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A query parameter the path does not take (a typo would otherwise
    /// be ignored silently).
    #[error("unknown parameter `{name}`; this path takes {known}")]
    UnknownParameter {
        /// The parameter as sent.
        name: String,
        /// The parameters the path takes.
        known: String,
    },
    /// The API is read-only: GET only.
    #[error("the API is read-only: use GET")]
    MethodNotAllowed,
    /// No such resource.
    #[error("{0}")]
    NotFound(String),
    /// A query ran out of time.
    #[error("the query took too long; narrow it down (a date range, an actor)")]
    Timeout,
    /// The store failed.
    #[error("store: {0}")]
    Store(StoreError),
    /// Something else went wrong inside the server.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub(crate) fn bad(name: &'static str, reason: impl Into<String>) -> ApiError {
        ApiError::BadParameter { name, reason: reason.into() }
    }

    pub(crate) fn internal(msg: &str) -> ApiError {
        ApiError::Internal(msg.to_string())
    }

    /// The status of each kind of error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadParameter { .. } | ApiError::UnknownParameter { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Store(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Timeout(_) => ApiError::Timeout,
            e if e.is_interrupted() => ApiError::Timeout,
            e => ApiError::Store(e),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        // Internal failures are logged whole and answered in general terms:
        // SQLite's text (paths, SQL) is no business of the client's.
        let message = match &self {
            ApiError::Store(_) | ApiError::Internal(_) => {
                tracing::warn!(target: "serve::error", "{self}");
                "internal error; the server log has the details".to_string()
            }
            _ => self.to_string(),
        };
        (status, Json(serde_json::json!({ "status": status.as_u16(), "error": message }))).into_response()
    }
}

/// Rewrites an error answer that is not JSON yet as `{"status", "error"}`,
/// keeping its status and headers; a 405 always says what is allowed.
pub(crate) async fn json_errors(res: Response) -> Response {
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    if status == StatusCode::METHOD_NOT_ALLOWED && !parts.headers.contains_key(header::ALLOW) {
        parts.headers.insert(header::ALLOW, HeaderValue::from_static("GET,HEAD"));
    }
    let json = parts.headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json {
        return Response::from_parts(parts, body);
    }
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed.to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => "the request is too large; the API is read-only: use GET".to_string(),
        s if s == StatusCode::BAD_REQUEST => "bad request: the path or a query parameter is not valid UTF-8 or not \
                                              well formed"
            .to_string(),
        s => s.canonical_reason().unwrap_or("error").to_ascii_lowercase(),
    };
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = serde_json::json!({ "status": status.as_u16(), "error": error }).to_string();
    Response::from_parts(parts, Body::from(body))
}
