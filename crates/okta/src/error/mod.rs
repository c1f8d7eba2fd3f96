//! The crate's error type and the parsing of Okta error responses.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;

mod challenge;
mod token_failure;
mod transport;

pub use challenge::{AccessTokenFailure, AuthChallenge, AuthScheme};
pub use token_failure::TokenFailure;
pub use transport::TransportKind;

use crate::keys::KeyError;
use crate::redact::redact_body;

/// Maximum length of the raw body kept in an error, after redaction.
const MAX_RAW_BODY: usize = 2048;

/// Anything that can go wrong between this crate and Okta.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A signing key problem.
    #[error(transparent)]
    Key(#[from] KeyError),

    /// A URL or domain could not be used.
    #[error("the URL {value:?} is invalid: {reason}")]
    InvalidUrl {
        /// The rejected input.
        value: String,
        /// The reason for the rejection and what to enter instead.
        reason: String,
    },

    /// An argument is out of range.
    #[error("{name} {value:?} is invalid: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// The rejected value.
        value: String,
        /// The accepted range.
        reason: String,
    },

    /// Okta returned an error status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The request failed before a complete response arrived.
    #[error(
        "{method} {url} failed: {reason}. {}",
        if *.maybe_processed {
            "The server may have processed it, so check the result before repeating it."
        } else {
            "Check the network connection and proxy settings."
        }
    )]
    Transport {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// The failure the HTTP client reported.
        reason: String,
        /// The kind of failure, for callers that explain it.
        kind: TransportKind,
        /// True for timeouts and dropped connections after the request was sent.
        maybe_processed: bool,
    },

    /// The HTTP client could not be built, for example because the OS certificate store or the
    /// proxy settings could not be read.
    #[error("building the HTTP client failed: {reason}")]
    HttpClient {
        /// The HTTP library's message.
        reason: String,
    },

    /// A success response could not be read as the expected type.
    #[error(
        "the response to {method} {url} (HTTP {status}) could not be read: {reason}; body: {body}"
    )]
    InvalidResponse {
        /// HTTP method.
        method: String,
        /// Request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The decoder's message.
        reason: String,
        /// The body with secrets redacted, truncated to 2 KiB.
        body: String,
    },

    /// A `Link: rel="next"` URL pointed outside the service the list came from.
    #[error(
        "the next-page link {url:?} leaves {expected_origin}; stopped so the access token is not sent elsewhere"
    )]
    ForeignNextLink {
        /// The rejected link.
        url: String,
        /// The origin the list was read from.
        expected_origin: String,
    },

    /// A new org did not accept requests within the time allowed.
    #[error(
        "the org {org} did not become ready within {waited:?} (last error: {last_error}); wait a minute and try again"
    )]
    OrgNotReady {
        /// The org's origin.
        org: String,
        /// How long the client waited.
        waited: Duration,
        /// The last probe's error.
        last_error: String,
    },

    /// A change was written but reading it back showed something else.
    #[error(
        "{subject} should be [{expected}] after the change but are [{found}]; reload and check before trying again"
    )]
    VerificationFailed {
        /// The value that was checked.
        subject: String,
        /// The expected value.
        expected: String,
        /// The value read back.
        found: String,
    },

    /// An org creation request may have succeeded although no response arrived, and the org
    /// now responds at its domain. Its API token was only in the lost response.
    #[error(
        "the org {subdomain:?} was created, but the response with its API token was lost ({reason}); create an API token for its super admin in the new org's Admin Console"
    )]
    OrgCreatedResponseLost {
        /// The subdomain requested.
        subdomain: String,
        /// The reason the response was lost.
        reason: String,
    },
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Self {
        Error::Api(Box::new(err))
    }
}

impl Error {
    /// Returns the API error when Okta returned an error status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }
}

/// The body of an Okta error response, in whichever shape it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// The management API error object.
    Okta(OktaErrorBody),
    /// An OAuth 2.0 error from the token endpoint or a `WWW-Authenticate` header.
    OAuth(OAuthErrorBody),
    /// A body that is neither, such as an HTML error page or truncated JSON, with secrets
    /// redacted and cut to 2 KiB.
    Unparsed(String),
    /// No body at all.
    Empty,
}

/// Okta's error object: `errorCode` is the field to branch on, `errorId` the one to quote to
/// Okta support.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaErrorBody {
    /// For example `E0000047`.
    pub error_code: String,
    /// Human-readable summary.
    #[serde(default, deserialize_with = "crate::tolerant::null_as_default")]
    pub error_summary: String,
    /// Link to the error's documentation (usually the code again).
    #[serde(default)]
    pub error_link: Option<String>,
    /// The request's error ID.
    #[serde(default)]
    pub error_id: Option<String>,
    /// The detailed causes.
    #[serde(default, deserialize_with = "causes")]
    pub error_causes: Vec<String>,
}

/// Reads `errorCauses` as the causes' summaries. A cause without `errorSummary` is kept as its
/// JSON text, so an unexpected shape never hides the `errorCode` of the whole error.
fn causes<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let causes: Option<Vec<serde_json::Value>> = Option::deserialize(deserializer)?;
    let summaries = causes
        .unwrap_or_default()
        .into_iter()
        .map(|cause| match cause.get("errorSummary") {
            Some(serde_json::Value::String(summary)) => summary.clone(),
            _ => cause.to_string(),
        })
        .collect();
    Ok(summaries)
}

/// An OAuth 2.0 error: `{"error", "error_description"}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OAuthErrorBody {
    /// For example `invalid_client`.
    pub error: String,
    /// Okta's description. Its text is stable and distinguishes the cases of one `error`.
    #[serde(default)]
    pub error_description: Option<String>,
}

/// An error status returned by Okta for a request.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// HTTP method.
    pub method: String,
    /// Request URL.
    pub url: String,
    /// The parsed error body.
    pub body: ErrorBody,
    /// The server's `Date` header, for diagnosing a wrong laptop clock.
    pub server_date: Option<String>,
    /// Server time minus local time when the response arrived, in whole seconds, when the
    /// `Date` header was readable. Positive means the laptop clock is behind.
    pub clock_offset_seconds: Option<i64>,
    /// `X-Rate-Limit-Reset`, Unix seconds, when present.
    pub rate_limit_reset: Option<u64>,
    /// The `WWW-Authenticate` challenge, kept even when the body is JSON, because only the
    /// challenge distinguishes an expired access token from an invalid one.
    pub challenge: Option<AuthChallenge>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Okta returned HTTP {} for {} {}",
            self.status, self.method, self.url
        )?;
        match &self.body {
            ErrorBody::Okta(body) => {
                write!(f, ": {} {}", body.error_code, body.error_summary)?;
                for cause in &body.error_causes {
                    write!(f, " ({cause})")?;
                }
                if let Some(id) = &body.error_id {
                    write!(f, " [errorId {id}]")?;
                }
                Ok(())
            }
            ErrorBody::OAuth(body) => {
                write!(f, ": {}", body.error)?;
                match &body.error_description {
                    Some(description) => write!(f, ": {description}"),
                    None => Ok(()),
                }
            }
            ErrorBody::Unparsed(raw) => write!(f, "; body: {raw}"),
            ErrorBody::Empty => f.write_str(" with an empty body"),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Builds the error from a response's status, headers and body.
    pub fn from_parts(
        method: &str,
        url: &str,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Self {
        let server_date = header_str(headers, "date").map(str::to_owned);
        let clock_offset_seconds = server_date.as_deref().and_then(clock_offset);
        let rate_limit_reset =
            header_str(headers, "x-rate-limit-reset").and_then(|v| v.trim().parse().ok());
        let challenge = header_str(headers, "www-authenticate").and_then(AuthChallenge::parse);
        ApiError {
            status: status.as_u16(),
            method: method.to_owned(),
            url: url.to_owned(),
            body: parse_body(challenge.as_ref(), body),
            server_date,
            clock_offset_seconds,
            rate_limit_reset,
            challenge,
        }
    }

    /// Okta's `errorCode`, when the body was an Okta error object.
    pub fn error_code(&self) -> Option<&str> {
        match &self.body {
            ErrorBody::Okta(body) => Some(&body.error_code),
            _ => None,
        }
    }

    /// Okta's `errorId`, when the body was an Okta error object.
    pub fn error_id(&self) -> Option<&str> {
        match &self.body {
            ErrorBody::Okta(body) => body.error_id.as_deref(),
            _ => None,
        }
    }

    /// The OAuth `error`, when the body or `WWW-Authenticate` header carried one.
    pub fn oauth_error(&self) -> Option<&str> {
        match &self.body {
            ErrorBody::OAuth(body) => Some(&body.error),
            _ => None,
        }
    }

    /// The OAuth `error_description`, when present.
    pub fn oauth_description(&self) -> Option<&str> {
        match &self.body {
            ErrorBody::OAuth(body) => body.error_description.as_deref(),
            _ => None,
        }
    }

    /// Reports whether Okta's error causes include `text`.
    pub fn has_cause(&self, text: &str) -> bool {
        match &self.body {
            ErrorBody::Okta(body) => body.error_causes.iter().any(|cause| cause.contains(text)),
            _ => false,
        }
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Returns the server time in an HTTP `Date` value minus the local time now, in whole seconds.
pub(crate) fn clock_offset(date: &str) -> Option<i64> {
    let server = httpdate::parse_http_date(date).ok()?;
    let local = SystemTime::now();
    let offset = match server.duration_since(local) {
        Ok(ahead) => ahead.as_secs() as i64,
        Err(behind) => -(behind.duration().as_secs() as i64),
    };
    Some(offset)
}

/// Reads the error from the JSON body, else from a `WWW-Authenticate` header (resource servers
/// put DPoP errors there with an empty body), else keeps the redacted raw text.
fn parse_body(challenge: Option<&AuthChallenge>, body: &[u8]) -> ErrorBody {
    if let Ok(okta) = serde_json::from_slice::<OktaErrorBody>(body) {
        return ErrorBody::Okta(okta);
    }
    if let Ok(oauth) = serde_json::from_slice::<OAuthErrorBody>(body) {
        return ErrorBody::OAuth(oauth);
    }
    if let Some(oauth) = challenge.and_then(AuthChallenge::oauth_error) {
        return ErrorBody::OAuth(oauth);
    }
    let text = String::from_utf8_lossy(body);
    if text.trim().is_empty() {
        return ErrorBody::Empty;
    }
    ErrorBody::Unparsed(truncate(redact_body(&text), MAX_RAW_BODY))
}

fn truncate(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("…(truncated)");
    }
    text
}

fn auth_param(value: &str, name: &str) -> Option<String> {
    let mut rest = value;
    loop {
        let start = rest.find(name)?;
        let preceded_by_separator = start == 0 || matches!(rest.as_bytes()[start - 1], b' ' | b',');
        let after = rest[start + name.len()..].trim_start();
        rest = &rest[start + name.len()..];
        if !preceded_by_separator || !after.starts_with('=') {
            continue;
        }
        let after = after[1..].trim_start();
        if let Some(quoted) = after.strip_prefix('"') {
            return Some(quoted_string(quoted));
        }
        let end = after.find([',', ' ']).unwrap_or(after.len());
        return Some(after[..end].to_owned());
    }
}

fn quoted_string(input: &str) -> String {
    let mut out = String::new();
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '"' => break,
            other => out.push(other),
        }
    }
    out
}

/// Returns how long to wait after a 429 response: until `X-Rate-Limit-Reset`, measured against
/// the server's `Date` when present so a wrong laptop clock does not stretch the wait.
pub(crate) fn rate_limit_wait(headers: &HeaderMap) -> Option<Duration> {
    let reset: u64 = header_str(headers, "x-rate-limit-reset")?
        .trim()
        .parse()
        .ok()?;
    let now = header_str(headers, "date")
        .and_then(|date| httpdate::parse_http_date(date).ok())
        .unwrap_or_else(SystemTime::now);
    let now_seconds = crate::jwt::unix_seconds(now);
    Some(Duration::from_secs(reset.saturating_sub(now_seconds)))
}

#[cfg(test)]
mod tests;
