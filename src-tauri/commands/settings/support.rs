//! Helpers of "Copy diagnostics": the recent errors and the OS release name.

use std::fmt::Write as _;

/// Writes the recent errors, with each of `hidden` (a value and the placeholder that replaces
/// it, such as an account ID) replaced in their messages.
pub(super) fn write_recent_errors(
    text: &mut String,
    errors: &[crate::recent_errors::RecentError],
    hidden: &[(String, &str)],
) {
    let _ = writeln!(text, "Recent errors: {}", errors.len());
    for error in errors {
        let message = hidden
            .iter()
            .filter(|(value, _)| !value.is_empty())
            .fold(error.message.clone(), |message, (value, placeholder)| {
                message.replace(value.as_str(), placeholder)
            });
        let _ = write!(text, "- {} {}: {}", error.at, error.code, message);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recent_errors::RecentError;

    #[test]
    fn recent_errors_leave_out_account_and_client_ids() {
        let errors = [RecentError {
            at: "2026-12-05T02:30:00Z".into(),
            code: "deletion_not_allowed".into(),
            message: "The Aerial account 0227nwdemo8ulgt48bkidcd8ekq refused the app 0oaDEMO123."
                .into(),
            okta_error_code: Some("E0000006".into()),
            okta_error_id: Some("oaeX1".into()),
        }];
        let hidden = [
            ("0227nwdemo8ulgt48bkidcd8ekq".to_owned(), "[account ID]"),
            ("0oaDEMO123".to_owned(), "[client ID]"),
            (String::new(), "[empty]"),
        ];
        let mut text = String::new();

        write_recent_errors(&mut text, &errors, &hidden);

        assert!(!text.contains("0227nwdemo8ulgt48bkidcd8ekq"), "{text}");
        assert!(!text.contains("0oaDEMO123"), "{text}");
        assert!(
            text.contains("The Aerial account [account ID] refused the app [client ID]."),
            "{text}"
        );
        assert!(text.contains("errorId oaeX1"), "{text}");
    }
}
