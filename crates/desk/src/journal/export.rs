//! CSV export of journal entries.

use std::io::Write;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::entry::Entry;
use super::error::JournalError;

const HEADER: [&str; 14] = [
    "id",
    "started_at",
    "finished_at",
    "profile",
    "org",
    "action",
    "state",
    "request",
    "result",
    "error_message",
    "error_code",
    "error_id",
    "http_status",
    "rechecked_at",
];

/// Writes `entries` as CSV with a header row; times are RFC 3339 in UTC and summaries are JSON.
/// A cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) gets a leading `'`, because org names and Okta messages come from outside.
pub fn write_csv<W: Write>(entries: &[Entry], writer: W) -> Result<(), JournalError> {
    let mut csv = csv::Writer::from_writer(writer);
    csv.write_record(HEADER)?;
    for entry in entries {
        let failure = entry.failure.clone().unwrap_or_default();
        let record = [
            entry.id.to_string(),
            timestamp(Some(entry.started_at)),
            timestamp(entry.finished_at),
            entry.profile.clone(),
            entry.org.clone(),
            entry.action.as_str().to_owned(),
            entry.state.as_str().to_owned(),
            entry.request.to_string(),
            entry
                .result
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            failure.message,
            failure.error_code.unwrap_or_default(),
            failure.error_id.unwrap_or_default(),
            failure
                .http_status
                .map(|status| status.to_string())
                .unwrap_or_default(),
            timestamp(entry.rechecked_at),
        ];
        csv.write_record(record.iter().map(|cell| neutralize_formula(cell)))?;
    }
    csv.flush().map_err(csv::Error::from)?;
    Ok(())
}

fn timestamp(time: Option<OffsetDateTime>) -> String {
    time.and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn neutralize_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}
