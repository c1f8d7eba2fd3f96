//! Checks on values placed into URL paths and queries.

use crate::error::Error;

/// Checks that an ID used as a URL path segment is non-empty and only letters, digits, `-`
/// and `_`, so it cannot change the path.
pub(crate) fn check_id(name: &'static str, value: &str) -> Result<(), Error> {
    let valid = !value.is_empty()
        && value.len() <= 100
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        return Ok(());
    }
    Err(Error::InvalidArgument {
        name,
        value: value.to_owned(),
        reason: "use only letters, digits, '-' and '_' (at most 100)".into(),
    })
}

/// Checks a page size against Okta's range for `limit`.
pub(crate) fn check_limit(limit: u32) -> Result<(), Error> {
    if (1..=100).contains(&limit) {
        return Ok(());
    }
    Err(Error::InvalidArgument {
        name: "limit",
        value: limit.to_string(),
        reason: "use 1 to 100".into(),
    })
}
