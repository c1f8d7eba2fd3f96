//! Helpers of "Copy diagnostics": the recent errors and the OS release name.

use std::fmt::Write as _;

pub(super) fn write_recent_errors(text: &mut String, errors: &[crate::recent_errors::RecentError]) {
    let _ = writeln!(text, "Recent errors: {}", errors.len());
    for error in errors {
        let _ = write!(text, "- {} {}: {}", error.at, error.code, error.message);
        if let Some(code) = &error.okta_error_code {
            let id = error.okta_error_id.as_deref().unwrap_or("none");
            let _ = write!(text, " (Okta {code}, errorId {id})");
        }
        text.push('\n');
    }
}

/// Returns the OS release name where the OS names it in a file, such as `Ubuntu 24.04.1 LTS`.
pub(super) fn os_version() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|release| {
            release.lines().find_map(|line| {
                line.strip_prefix("PRETTY_NAME=")
                    .map(|name| name.trim_matches('"').to_owned())
            })
        })
        .unwrap_or_default()
}
