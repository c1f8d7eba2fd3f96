//! The one error shape that crosses IPC: `{code, message, fix, details}`. `message` and `fix` are
//! plain language for the person at the screen, and `code` is for the UI to branch on. `details`
//! keeps the underlying error text for the Details section and support.

use desk::{KeychainError, KeychainProblem};
use serde::Serialize;
use specta::Type;

/// A stable identifier for each failure the UI may branch on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    KeychainNoSessionBus,
    KeychainNoPasswordStore,
    KeychainLocked,
    KeychainReadBackMismatch,
    KeychainFailed,
}

/// An error as the UI receives it.
#[derive(Debug, Serialize, Type)]
pub struct IpcError {
    pub code: ErrorCode,
    /// The failure, in plain words.
    pub message: String,
    /// The next step for the user, when there is one.
    pub fix: Option<String>,
    /// The underlying error text, shown only behind "Details".
    pub details: Option<String>,
}

impl From<KeychainError> for IpcError {
    fn from(error: KeychainError) -> Self {
        let code = match error.problem {
            KeychainProblem::NoSessionBus => ErrorCode::KeychainNoSessionBus,
            KeychainProblem::NoPasswordStore => ErrorCode::KeychainNoPasswordStore,
            KeychainProblem::Locked => ErrorCode::KeychainLocked,
            KeychainProblem::ReadBackMismatch => ErrorCode::KeychainReadBackMismatch,
            KeychainProblem::Failed => ErrorCode::KeychainFailed,
        };
        Self {
            code,
            message: error.message,
            fix: Some(error.fix),
            details: Some(error.detail),
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
            })
        );
    }
}
