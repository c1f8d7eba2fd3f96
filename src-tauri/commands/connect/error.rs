//! The wizards' error, and how it becomes the app's one IPC error shape.

use desk::demo::DemoError;
use desk::profiles::{ProfileMismatch, ValidationError};
use desk::session::SessionError;
use desk::{KeychainError, ProfileError};
use okta::KeyError;

use crate::ipc_error::IpcError;

/// A failure of a wizard command.
#[derive(Debug, thiserror::Error)]
pub enum WizardError {
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error(transparent)]
    Keychain(#[from] KeychainError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("{0}")]
    Mismatch(#[from] ProfileMismatch),
    #[error(transparent)]
    Demo(#[from] DemoError),
    /// The draft's profile has no key in the keychain yet.
    #[error("profile {profile} has no private key yet; generate or import one first")]
    NoKey { profile: String },
    /// The profile name is invalid or taken. The text names the problem.
    #[error("{0}")]
    NameTaken(String),
    /// A required value is empty.
    #[error("{what} is empty; enter it")]
    Empty { what: &'static str },
    /// A demo-only step was asked for while the demo is not running.
    #[error("the demo is not running; start it with \"Try the demo\" on the first screen")]
    DemoNotRunning,
    /// A wizard command needs the active profile, and there is none.
    #[error("no profile is open; connect an Aerial account or try the demo first")]
    NoSession,
    /// The file dialog or a file could not be used.
    #[error("{0}")]
    File(String),
    /// A background task failed.
    #[error("an internal task failed: {0}")]
    Internal(String),
}

impl WizardError {
    /// Explains the failure in plain words.
    pub fn problem(self) -> IpcError {
        let message = capitalize(&self.to_string());
        match self {
            WizardError::Key(error) => key_problem(&error, message),
            WizardError::Keychain(error) => error.into(),
            WizardError::Session(error) => error.into(),
            WizardError::Profile(error) => error.into(),
            WizardError::Demo(error) => {
                IpcError::new("demo_failed", message, "").with_details(error.to_string())
            }
            WizardError::Invalid(_)
            | WizardError::Mismatch(_)
            | WizardError::NameTaken(_)
            | WizardError::Empty { .. } => IpcError::new("invalid_value", message, ""),
            WizardError::NoKey { .. } => IpcError::new("no_key", message, ""),
            WizardError::DemoNotRunning => IpcError::new("demo_not_running", message, ""),
            WizardError::NoSession => IpcError::no_active_profile(),
            WizardError::File(_) => IpcError::new("file_failed", message, ""),
            WizardError::Internal(_) => IpcError::new(
                "internal",
                message,
                "Try again. If it fails again, copy the diagnostics from Settings for support.",
            ),
        }
    }
}

impl From<WizardError> for IpcError {
    fn from(error: WizardError) -> Self {
        tracing::warn!(%error, "wizard command failed");
        error.problem()
    }
}

fn key_problem(error: &KeyError, message: String) -> IpcError {
    let code = match error {
        KeyError::PassphraseRequired => "key_passphrase_required",
        KeyError::WrongPassphrase => "key_wrong_passphrase",
        _ => "key_invalid",
    };
    IpcError::new(code, message, "")
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
