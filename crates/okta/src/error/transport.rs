//! Classification of failures before a complete response arrived, from reqwest's error.

use std::error::Error as StdError;
use std::io;

/// The kind of network failure, for callers that explain it to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportKind {
    /// The connect or request time limit passed.
    Timeout,
    /// The host rejected the connection, because nothing listens on that port.
    ConnectionRefused,
    /// The host name could not be resolved.
    Dns,
    /// The TLS handshake failed, for example on an untrusted certificate.
    Tls,
    /// The connection closed or was reset before the whole response arrived.
    ConnectionDropped,
    /// Any other failure.
    Other,
}

impl std::fmt::Display for TransportKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TransportKind::Timeout => "timed out",
            TransportKind::ConnectionRefused => "connection refused",
            TransportKind::Dns => "host name not resolved",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::ConnectionDropped => "connection dropped",
            TransportKind::Other => "network error",
        })
    }
}

impl TransportKind {
    /// Classifies a reqwest error from its own tests and the `std::io::ErrorKind`s in its source
    /// chain.
    pub(crate) fn of(err: &reqwest::Error) -> Self {
        if err.is_timeout() {
            return TransportKind::Timeout;
        }
        if err.is_dns() {
            return TransportKind::Dns;
        }

        let kinds = io_kinds(err);
        if kinds.contains(&io::ErrorKind::ConnectionRefused) {
            return TransportKind::ConnectionRefused;
        }

        if err.is_connect() {
            // tokio-rustls wraps every rustls error, certificate errors included, in an
            // `io::ErrorKind::InvalidData` error. rustls itself is not a dependency of this
            // crate, so its error type cannot be downcast here.
            if kinds.contains(&io::ErrorKind::InvalidData) {
                return TransportKind::Tls;
            }
            if kinds.iter().copied().any(is_closed) {
                return TransportKind::ConnectionDropped;
            }
            return TransportKind::Other;
        }

        // The request was sent. hyper reports a connection closed before the response was
        // complete as `IncompleteMessage`, with no io error behind it.
        // NOTE: hyper is not a dependency of this crate, so its error cannot be downcast to tell
        // `IncompleteMessage` from a malformed response. Both count as a dropped connection.
        let no_io_cause = kinds.is_empty();
        let request_or_body = err.is_request() || err.is_body() || err.is_decode();
        if kinds.iter().copied().any(is_closed) || (no_io_cause && request_or_body) {
            return TransportKind::ConnectionDropped;
        }
        TransportKind::Other
    }
}

fn is_closed(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof
    )
}

/// Collects the kinds of every `io::Error` in the source chain, including those wrapped inside
/// another `io::Error`, whose `source()` skips the wrapped error itself.
fn io_kinds(err: &reqwest::Error) -> Vec<io::ErrorKind> {
    let mut kinds = Vec::new();
    let mut source = err.source();
    while let Some(cause) = source {
        let mut inner: Option<&(dyn StdError + 'static)> = Some(cause);
        while let Some(io_err) = inner.and_then(|e| e.downcast_ref::<io::Error>()) {
            kinds.push(io_err.kind());
            inner = io_err.get_ref().map(|e| e as &(dyn StdError + 'static));
        }
        source = cause.source();
    }
    kinds
}
