//! One received request, buffered, with its host and decoded path segments.

use axum::body::Bytes;
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, Method, request::Parts};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

#[derive(Debug)]
pub(crate) struct RequestCtx {
    pub(crate) method: Method,
    /// The `Host` header exactly as sent, port included.
    pub(crate) host_header: String,
    /// The host name in lowercase without the port.
    pub(crate) hostname: String,
    pub(crate) path: String,
    /// Percent-decoded path segments after the leading slash.
    pub(crate) segments: Vec<String>,
    pub(crate) query: Option<String>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The emulator clock when the request arrived, in epoch seconds.
    pub(crate) now: i64,
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Removes a `:port` suffix, keeping bracketed IPv6 literals whole.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_inclusive(']').next().unwrap_or(host);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

impl RequestCtx {
    pub(crate) fn new(parts: Parts, body: Bytes, now: i64) -> Self {
        let host_header = parts
            .headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
            .or_else(|| parts.uri.authority().map(|authority| authority.to_string()))
            .unwrap_or_default();
        let hostname = strip_port(&host_header).to_lowercase();
        let path = parts.uri.path().to_string();
        let segments = path
            .strip_prefix('/')
            .unwrap_or(&path)
            .split('/')
            .map(percent_decode)
            .collect();
        Self {
            method: parts.method,
            hostname,
            host_header,
            segments,
            query: parts.uri.query().map(str::to_string),
            path,
            headers: parts.headers,
            body,
            now,
        }
    }

    /// Returns `http://{Host header as sent}`, the origin this host is reached at.
    pub(crate) fn origin(&self) -> String {
        format!("http://{}", self.host_header)
    }

    /// Returns the port the client used, taken from the `Host` header.
    pub(crate) fn port_suffix(&self) -> String {
        match self.host_header.rsplit_once(':') {
            Some((_, port)) if !port.contains(']') => format!(":{port}"),
            _ => String::new(),
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Returns the media type of the body without parameters, in lowercase.
    pub(crate) fn content_type(&self) -> Option<String> {
        let value = self.headers.get(CONTENT_TYPE)?.to_str().ok()?;
        Some(value.split(';').next().unwrap_or("").trim().to_lowercase())
    }

    /// Returns the decoded query parameters in order.
    pub(crate) fn query_pairs(&self) -> Vec<(String, String)> {
        self.query
            .as_deref()
            .map(|query| {
                url::form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Parses a JSON body. A wrong content type, an empty body or invalid JSON returns Okta's
    /// `E0000003` malformed-body error.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        match self.content_type().as_deref() {
            Some("application/json") => {}
            Some(other) => {
                return Err(ApiError::okta(
                    axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "E0000003",
                    "The request body was not well-formed.",
                )
                .cause(format!(
                    "Content-Type {other} is not supported; send application/json"
                )));
            }
            None if self.body.is_empty() => {
                return Err(ApiError::malformed_body(
                    "The request body is empty; send a JSON object",
                ));
            }
            None => {}
        }
        serde_json::from_slice(&self.body)
            .map_err(|error| ApiError::malformed_body(format!("Invalid JSON: {error}")))
    }
}
