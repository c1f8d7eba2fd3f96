//! The last failures the UI was shown, kept in memory for "Copy diagnostics". Each keeps only the
//! code, the plain message and Okta's identifiers, never a request or a secret.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;

use crate::ipc_error::IpcError;

/// How many failures are kept; older ones are dropped.
const KEPT: usize = 20;

/// One failure as the diagnostics list it.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecentError {
    /// When it happened, in RFC 3339 UTC.
    pub at: String,
    pub code: String,
    pub message: String,
    /// Okta's `errorCode`, when Okta answered.
    pub okta_error_code: Option<String>,
    /// Okta's `errorId`, the value Okta support asks for.
    pub okta_error_id: Option<String>,
}

/// The last [`KEPT`] failures, newest last.
#[derive(Debug, Default)]
pub struct RecentErrors(Mutex<VecDeque<RecentError>>);

impl RecentErrors {
    /// Logs `error`, keeps it for the diagnostics and returns it.
    pub fn record(&self, error: IpcError) -> IpcError {
        let okta = error.okta.as_deref().cloned().unwrap_or_default();
        tracing::warn!(
            code = %error.code,
            message = %error.message,
            details = error.details.as_deref().unwrap_or(""),
            okta_error_code = okta.error_code.as_deref().unwrap_or(""),
            okta_error_id = okta.error_id.as_deref().unwrap_or(""),
            "command failed"
        );
        let at = time_now();
        let entry = RecentError {
            at,
            code: error.code.clone(),
            message: error.message.clone(),
            okta_error_code: okta.error_code,
            okta_error_id: okta.error_id,
        };
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(entry);
        error
    }

    /// Returns the kept failures, oldest first.
    pub fn list(&self) -> Vec<RecentError> {
        let kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.iter().cloned().collect()
    }
}

fn time_now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keeps_the_last_twenty() {
        let errors = RecentErrors::default();

        for index in 0..25 {
            errors.record(IpcError::new("test", format!("failure {index}"), ""));
        }

        let kept = errors.list();
        assert_eq!(kept.len(), KEPT);
        assert_eq!(kept[0].message, "failure 5");
        assert_eq!(kept[19].message, "failure 24");
    }
}
