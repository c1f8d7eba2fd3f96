//! Error responses in Okta's two shapes, and the library's own startup errors.
//!
//! The token endpoint returns OAuth errors `{"error","error_description"}`. Every other endpoint
//! returns the Okta error object `{"errorCode","errorSummary","errorLink","errorId","errorCauses"}`
//! with a fresh `errorId`.

use std::path::PathBuf;

use axum::http::header::{ALLOW, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::ids;

/// Failures of starting, seeding or persisting the emulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The seed or state file could not be read.
    #[error(
        "failed to read seed file {path}: {source}; check that the file exists and is readable"
    )]
    ReadSeed {
        /// The file that was read.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The seed is not JSON of the seed format.
    #[error("invalid seed JSON: {0}; see the seed format in the okta-sim README")]
    SeedJson(#[from] serde_json::Error),
    /// The seed is well-formed but refers to missing or duplicate objects.
    #[error("invalid seed: {0}")]
    InvalidSeed(String),
    /// The listen address is not a loopback address.
    #[error("listen address {0} is not a loopback address; use 127.0.0.1 or ::1")]
    NotLoopback(std::net::SocketAddr),
    /// The listener could not be bound.
    #[error("failed to bind {addr}: {source}; pick a free port or use port 0")]
    Bind {
        /// The address that was requested.
        addr: std::net::SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The state file could not be written.
    #[error(
        "failed to write state file {path}: {source}; check the directory exists and is writable"
    )]
    Persist {
        /// The state file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
enum ErrorBody {
    Okta {
        code: &'static str,
        summary: String,
        causes: Vec<String>,
    },
    OAuth {
        error: &'static str,
        description: String,
    },
}

/// An HTTP error response in Okta's shape.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    body: ErrorBody,
    headers: Vec<(HeaderName, String)>,
}

impl ApiError {
    pub(crate) fn okta(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::Okta {
                code,
                summary: summary.into(),
                causes: Vec::new(),
            },
            headers: Vec::new(),
        }
    }

    pub(crate) fn oauth(status: StatusCode, error: &'static str, description: &str) -> Self {
        Self {
            status,
            body: ErrorBody::OAuth {
                error,
                description: description.to_string(),
            },
            headers: Vec::new(),
        }
    }

    /// Adds an `errorCauses[].errorSummary` entry (Okta error objects only).
    pub(crate) fn cause(mut self, text: impl Into<String>) -> Self {
        if let ErrorBody::Okta { causes, .. } = &mut self.body {
            causes.push(text.into());
        }
        self
    }

    pub(crate) fn header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// 400 `E0000001` with `Api validation failed: {field}` and one cause.
    pub(crate) fn validation(field: &str, cause: impl Into<String>) -> Self {
        Self::okta(
            StatusCode::BAD_REQUEST,
            "E0000001",
            format!("Api validation failed: {field}"),
        )
        .cause(cause)
    }

    /// 400 `E0000003` for a body that is not the JSON the endpoint expects.
    pub(crate) fn malformed_body(cause: impl Into<String>) -> Self {
        Self::okta(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body was not well-formed.",
        )
        .cause(cause)
    }

    /// 404 `E0000007` for a resource that does not exist.
    pub(crate) fn not_found(what: &str) -> Self {
        Self::okta(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {what}"),
        )
    }

    /// 401 `E0000011` for a missing, malformed or expired token.
    pub(crate) fn invalid_token() -> Self {
        Self::okta(
            StatusCode::UNAUTHORIZED,
            "E0000011",
            "Invalid token provided",
        )
    }

    /// 403 `E0000006`.
    pub(crate) fn forbidden() -> Self {
        Self::okta(
            StatusCode::FORBIDDEN,
            "E0000006",
            "You do not have permission to perform the requested action",
        )
    }

    /// 429 `E0000047`.
    pub(crate) fn rate_limited() -> Self {
        Self::okta(
            StatusCode::TOO_MANY_REQUESTS,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// 500 `E0000009`.
    pub(crate) fn internal(cause: impl Into<String>) -> Self {
        Self::okta(
            StatusCode::INTERNAL_SERVER_ERROR,
            "E0000009",
            "Internal Server Error",
        )
        .cause(cause)
    }

    /// 405 `E0000022` with an `Allow` header listing the supported methods.
    pub(crate) fn method_not_allowed(allowed: &[&str]) -> Self {
        Self::okta(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
        .header(ALLOW, allowed.join(", "))
    }

    /// Adds a `WWW-Authenticate` header.
    pub(crate) fn www_authenticate(self, value: String) -> Self {
        self.header(WWW_AUTHENTICATE, value)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = match &self.body {
            ErrorBody::Okta {
                code,
                summary,
                causes,
            } => json!({
                "errorCode": code,
                "errorSummary": summary,
                "errorLink": code,
                "errorId": ids::error_id(),
                "errorCauses": causes
                    .iter()
                    .map(|cause| json!({ "errorSummary": cause }))
                    .collect::<Vec<_>>(),
            }),
            ErrorBody::OAuth { error, description } => json!({
                "error": error,
                "error_description": description,
            }),
        };
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.append(name, value);
            }
        }
        response
    }
}
