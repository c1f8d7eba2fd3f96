//! Turns `keyring` errors into causes a user can act on.

use super::KeychainError;

/// The reason the keychain cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeychainProblem {
    /// Linux: no D-Bus session bus to reach the Secret Service through.
    NoSessionBus,
    /// Linux: a session bus, but no program provides the Secret Service on it.
    NoPasswordStore,
    /// The store exists but is locked and could not be unlocked.
    Locked,
    /// A value written did not read back the same.
    ReadBackMismatch,
    /// Any other failure of the OS store.
    Failed,
}

/// Returns the name of the store this build talks to, as users know it.
pub(super) fn store_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service (GNOME Keyring or KWallet)"
    }
}

/// Classifies a `keyring` error into a problem with a plain message and a fix.
pub(super) fn classify(error: &keyring::Error) -> KeychainError {
    let detail = error.to_string();
    let problem = match error {
        keyring::Error::NoStorageAccess(inner) => {
            platform_problem(inner.as_ref()).unwrap_or(KeychainProblem::Locked)
        }
        keyring::Error::PlatformFailure(inner) => {
            platform_problem(inner.as_ref()).unwrap_or(KeychainProblem::Failed)
        }
        _ => KeychainProblem::Failed,
    };
    build(problem, detail)
}

/// Builds the error for a value that did not read back as written.
pub(super) fn read_back_mismatch(key: &str) -> KeychainError {
    build(
        KeychainProblem::ReadBackMismatch,
        format!("entry {key} read back different from what was written"),
    )
}

/// Builds the error for a keychain call whose worker thread panicked or was cancelled.
pub(super) fn task_failed(detail: &str) -> KeychainError {
    build(KeychainProblem::Failed, detail.to_owned())
}

fn build(problem: KeychainProblem, detail: String) -> KeychainError {
    let (message, fix) = words(problem);
    KeychainError {
        problem,
        message: message.to_owned(),
        fix: fix.to_owned(),
        detail,
    }
}

fn words(problem: KeychainProblem) -> (&'static str, &'static str) {
    match problem {
        KeychainProblem::NoSessionBus => (
            "No D-Bus session is running, so Aerial Desk cannot reach the password store.",
            "Sign in to a desktop session (or start one with dbus-run-session), then try again.",
        ),
        KeychainProblem::NoPasswordStore => (
            "No password store is running.",
            "Start GNOME Keyring or KWallet, then try again.",
        ),
        KeychainProblem::Locked => (
            "The password store is locked.",
            "Unlock it (for example in Passwords and Keys, or by signing in again), then try again.",
        ),
        KeychainProblem::ReadBackMismatch => (
            "The password store did not keep what Aerial Desk wrote to it.",
            "Check that the password store is working, then try again.",
        ),
        KeychainProblem::Failed => (
            "The password store could not be used.",
            "Check that it is running and unlocked, then try again. The details below show its own error.",
        ),
    }
}

/// Reads the Secret Service error out of a boxed platform error, on Linux.
#[cfg(target_os = "linux")]
fn platform_problem(
    inner: &(dyn std::error::Error + Send + Sync + 'static),
) -> Option<KeychainProblem> {
    use dbus_secret_service::Error;

    match inner.downcast_ref::<Error>()? {
        Error::Locked | Error::Prompt => Some(KeychainProblem::Locked),
        Error::Unavailable => Some(KeychainProblem::NoPasswordStore),
        Error::Dbus(dbus_error) => dbus_error.name().and_then(problem_for_dbus_error),
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_problem(
    _inner: &(dyn std::error::Error + Send + Sync + 'static),
) -> Option<KeychainProblem> {
    None
}

/// Maps a D-Bus error name to a problem. libdbus reports a missing or unreachable session bus
/// with the names below; `ServiceUnknown` means the bus has no Secret Service provider.
fn problem_for_dbus_error(name: &str) -> Option<KeychainProblem> {
    match name {
        "org.freedesktop.DBus.Error.ServiceUnknown"
        | "org.freedesktop.DBus.Error.NameHasNoOwner" => Some(KeychainProblem::NoPasswordStore),
        "org.freedesktop.DBus.Error.NoServer"
        | "org.freedesktop.DBus.Error.NotSupported"
        | "org.freedesktop.DBus.Error.FileNotFound"
        | "org.freedesktop.DBus.Error.BadAddress"
        | "org.freedesktop.DBus.Error.Disconnected"
        | "org.freedesktop.DBus.Error.Spawn.ExecFailed" => Some(KeychainProblem::NoSessionBus),
        "org.freedesktop.Secret.Error.IsLocked" => Some(KeychainProblem::Locked),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_unknown_means_no_password_store() {
        let problem = problem_for_dbus_error("org.freedesktop.DBus.Error.ServiceUnknown");

        assert_eq!(problem, Some(KeychainProblem::NoPasswordStore));
    }

    #[test]
    fn unreachable_bus_means_no_session() {
        for name in [
            "org.freedesktop.DBus.Error.NoServer",
            "org.freedesktop.DBus.Error.FileNotFound",
            "org.freedesktop.DBus.Error.NotSupported",
        ] {
            assert_eq!(
                problem_for_dbus_error(name),
                Some(KeychainProblem::NoSessionBus),
                "{name} should read as a missing session bus"
            );
        }
    }

    #[test]
    fn unknown_dbus_error_is_not_guessed() {
        assert_eq!(problem_for_dbus_error("org.example.Error.Other"), None);
    }

    #[test]
    fn no_password_store_text_names_the_fix() {
        let error = build(KeychainProblem::NoPasswordStore, String::new());

        assert_eq!(
            format!("{} {}", error.message, error.fix),
            "No password store is running. Start GNOME Keyring or KWallet, then try again."
        );
    }

    #[test]
    fn read_back_mismatch_names_the_entry() {
        let error = read_back_mismatch("profile-demo-key");

        assert_eq!(error.problem, KeychainProblem::ReadBackMismatch);
        assert!(
            error.detail.contains("profile-demo-key"),
            "{}",
            error.detail
        );
    }
}
