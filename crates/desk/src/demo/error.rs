//! Errors of the offline demo.

use std::path::PathBuf;

use crate::keychain::KeychainError;
use crate::profiles::{Environment, ProfileError, ValidationError};

/// A failed demo operation, saying what failed, on which value, and what to do next.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "Could not create the demo folder {}: {source}. Check the folder's permissions and free space.",
        path.display()
    )]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "Could not set aside the damaged demo state file {} as {}: {source}. Move or delete the \
         file by hand, then start the demo again.",
        path.display(),
        aside.display()
    )]
    SetAside {
        path: PathBuf,
        aside: PathBuf,
        source: std::io::Error,
    },

    #[error("Could not start the demo emulator: {0}")]
    Start(#[source] okta_sim::SimError),

    #[error(
        "The demo emulator did not answer the request to {action}: {source}. Restart the demo."
    )]
    ControlUnreachable {
        action: &'static str,
        source: reqwest::Error,
    },

    #[error("The demo emulator rejected the request to {action} (HTTP {status}): {summary}")]
    ControlRejected {
        action: &'static str,
        status: u16,
        summary: String,
    },

    #[error(
        "The demo data has no {what}. Remove the demo state file {} and start the demo again.",
        state_file.display()
    )]
    MissingDemoData { what: String, state_file: PathBuf },

    #[error(
        "\"{domain}\" is not a host of the demo: {reason}. Demo hosts end in .localhost, such as \
         northwind-eu.sim.localhost."
    )]
    InvalidDomain { domain: String, reason: String },

    #[error(transparent)]
    Invalid(#[from] ValidationError),

    #[error("Could not create a signing key for the demo: {0}")]
    Key(#[from] okta::KeyError),

    #[error(
        "Could not {action} the demo's {secret} in the keychain entry {entry}: {source} {}",
        source.fix
    )]
    Keychain {
        action: &'static str,
        secret: &'static str,
        entry: String,
        source: Box<KeychainError>,
    },

    #[error(
        "A {environment} profile is already named \"{name}\", so the demo cannot use that name. \
         Rename that profile, then try the demo again."
    )]
    NameTaken {
        name: String,
        environment: Environment,
    },

    #[error(
        "The profile \"{name}\" is a {environment} profile, not a demo one, so the demo cannot \
         open it. Open it from the profile switcher instead."
    )]
    NotDemo {
        name: String,
        environment: Environment,
    },

    #[error(transparent)]
    Profile(#[from] ProfileError),
}
