//! The log of requests received, read by tests through `GET /__sim/requests`.

use std::collections::VecDeque;

use serde::Serialize;
use serde_json::{Map, Value};

/// Entries kept; older ones are dropped so a long benchmark keeps bounded memory.
const MAX_ENTRIES: usize = 10_000;

/// One received request, as sent.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LoggedRequest {
    pub(crate) time: String,
    pub(crate) method: String,
    pub(crate) host: String,
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    /// Header names in lowercase; repeated headers joined with ", ".
    pub(crate) headers: Map<String, Value>,
    /// The body as UTF-8 text (invalid bytes replaced).
    pub(crate) body: String,
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: VecDeque<LoggedRequest>,
}

impl RequestLog {
    pub(crate) fn push(&mut self, entry: LoggedRequest) {
        if self.entries.len() == MAX_ENTRIES {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    pub(crate) fn entries(&self) -> Vec<LoggedRequest> {
        self.entries.iter().cloned().collect()
    }
}

/// Collects headers into a JSON object, joining repeated values.
pub(crate) fn headers_json(headers: &axum::http::HeaderMap) -> Map<String, Value> {
    let mut map = Map::new();
    for name in headers.keys() {
        let values: Vec<String> = headers
            .get_all(name)
            .iter()
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
            .collect();
        map.insert(name.as_str().to_string(), Value::String(values.join(", ")));
    }
    map
}
