//! The one error shape that crosses IPC: `{code, message, fix, details, okta}`. `message` and
//! `fix` are plain language for the person at the screen, and `code` is for the UI to branch on.
//! `details` keeps the underlying error text and `okta` Okta's own codes, both shown only behind
//! "Details" and in the diagnostics.

use desk::diagnosis::OktaDetails;
use desk::session::{Explanation, SessionError};
use desk::{KeychainError, KeychainProblem};
use serde::Serialize;
use specta::Type;

use crate::state::OpenError;

/// Okta's identifiers of a failure, for support.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OktaCodes {
    pub http_status: Option<u16>,
    /// Okta's `errorCode`, such as `E0000047`.
    pub error_code: Option<String>,
    pub error_summary: Option<String>,
    /// The value to quote to Okta support.
    pub error_id: Option<String>,
    /// The OAuth `error`, such as `invalid_client`.
    pub oauth_error: Option<String>,
    pub oauth_description: Option<String>,
}

/// An error as the UI receives it.
#[derive(Clone, Debug, Serialize, Type)]
pub struct IpcError {
    /// A stable snake_case identifier, such as `keychain_locked`, `scope_not_granted` or
    /// `no_active_profile`.
    pub code: String,
    /// The failure, in plain words.
    pub message: String,
    /// The next step for the user, when there is one.
    pub fix: Option<String>,
    /// The underlying error text, shown only behind "Details".
    pub details: Option<String>,
    /// Okta's codes when Okta answered, shown only behind "Details".
    pub okta: Option<Box<OktaCodes>>,
}

impl IpcError {
    /// An error of the app itself, with no underlying error text.
    pub fn new(code: &str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        let fix = fix.into();
        Self {
            code: code.to_owned(),
            message: message.into(),
            fix: (!fix.is_empty()).then_some(fix),
            details: None,
            okta: None,
        }
    }

    /// The error returned when a command needs an open profile and none is active.
    pub fn no_active_profile() -> Self {
        Self::new(
            "no_active_profile",
            "No profile is open.",
            "Try the demo, or connect your Aerial account.",
        )
    }

    /// The error returned by a load the user cancelled.
    pub fn cancelled() -> Self {
        Self::new("cancelled", "Cancelled.", "")
    }

    /// Attaches the underlying error text.
    pub fn with_details(mut self, details: impl Into<String>) -> Self {
        self.details = Some(details.into());
        self
    }
}

impl From<KeychainError> for IpcError {
    fn from(error: KeychainError) -> Self {
        let code = match error.problem {
            KeychainProblem::NoSessionBus => "keychain_no_session_bus",
            KeychainProblem::NoPasswordStore => "keychain_no_password_store",
            KeychainProblem::Locked => "keychain_locked",
            KeychainProblem::ReadBackMismatch => "keychain_read_back_mismatch",
            KeychainProblem::Failed => "keychain_failed",
        };
        Self {
            code: code.to_owned(),
            message: error.message,
            fix: Some(error.fix),
            details: Some(error.detail),
            okta: None,
        }
    }
}

impl From<Explanation> for IpcError {
    fn from(explanation: Explanation) -> Self {
        let fix = (!explanation.fix.is_empty()).then_some(explanation.fix);
        Self {
            code: explanation.code,
            message: explanation.message,
            fix,
            details: None,
            okta: explanation
                .okta
                .map(|details| Box::new(OktaCodes::from(details))),
        }
    }
}

impl From<OktaDetails> for OktaCodes {
    fn from(details: OktaDetails) -> Self {
        Self {
            http_status: details.http_status,
            error_code: details.error_code,
            error_summary: details.error_summary,
            error_id: details.error_id,
            oauth_error: details.oauth_error,
            oauth_description: details.oauth_description,
        }
    }
}

impl From<SessionError> for IpcError {
    fn from(error: SessionError) -> Self {
        let details = std::error::Error::source(&error).map(ToString::to_string);
        let mut ipc = IpcError::from(error.explain());
        ipc.details = details;
        ipc
    }
}

impl From<desk::demo::DemoError> for IpcError {
    fn from(error: desk::demo::DemoError) -> Self {
        IpcError::new(
            "demo_failed",
            "The demo could not start.",
            "Try again. If it fails again, copy the diagnostics from Settings for support.",
        )
        .with_details(error.to_string())
    }
}

impl From<desk::ProfileError> for IpcError {
    fn from(error: desk::ProfileError) -> Self {
        IpcError::new("profile", error.to_string(), "")
    }
}

impl From<desk::JournalError> for IpcError {
    fn from(error: desk::JournalError) -> Self {
        IpcError::new(
            "journal",
            error.to_string(),
            "Check that the disk is not full, then try again.",
        )
    }
}

impl From<OpenError> for IpcError {
    fn from(error: OpenError) -> Self {
        match error {
            OpenError::Session(error) => error.into(),
            OpenError::Demo(error) => error.into(),
            OpenError::DemoStopped => {
                IpcError::new("demo_stopped", error.to_string(), "Open the profile again.")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keychain_error_serializes_to_the_ipc_shape() {
        let error = KeychainError {
            problem: KeychainProblem::NoPasswordStore,
            message: "No password store is running.".into(),
            fix: "Start GNOME Keyring or KWallet, then try again.".into(),
            detail: "DBus error: The name org.freedesktop.secrets was not provided".into(),
        };

        let json = serde_json::to_value(IpcError::from(error)).unwrap();

        assert_eq!(
            json,
            serde_json::json!({
                "code": "keychain_no_password_store",
                "message": "No password store is running.",
                "fix": "Start GNOME Keyring or KWallet, then try again.",
                "details": "DBus error: The name org.freedesktop.secrets was not provided",
                "okta": null,
            })
        );
    }
}
