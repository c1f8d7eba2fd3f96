//! Okta's timestamp format, e.g. `2024-01-10T12:34:56.000Z`.

use time::OffsetDateTime;
use time::macros::format_description;

/// Formats epoch seconds the way Okta writes `created` and `lastUpdated` fields.
pub(crate) fn okta_timestamp(epoch_seconds: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].000Z");
    OffsetDateTime::from_unix_timestamp(epoch_seconds)
        .ok()
        .and_then(|moment| moment.format(&format).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00.000Z".to_string())
}
