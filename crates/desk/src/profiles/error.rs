//! Errors of the profile store.

use std::path::PathBuf;

use crate::keychain::KeychainError;

use super::model::ProfileMismatch;
use super::validate::ValidationError;

/// A failed profile operation, saying what failed, on which file or profile, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),

    #[error("Profile \"{name}\" is invalid: {problem}.")]
    Mismatch {
        name: String,
        problem: ProfileMismatch,
    },

    #[error(
        "The profile file {} is damaged: {reason}. Aerial Desk keeps the file unchanged and will \
         not save profiles until it is fixed: correct it in a text editor, or move it elsewhere \
         to start again with no profiles.",
        path.display()
    )]
    Corrupt { path: PathBuf, reason: String },

    #[error(
        "The profile file {} was written by a newer Aerial Desk (file version {found}; this \
         version reads up to {supported}). Update Aerial Desk to use these profiles; the file is \
         left unchanged.",
        path.display()
    )]
    NewerVersion {
        path: PathBuf,
        found: u64,
        supported: u64,
    },

    #[error("Could not {action} {}: {source}. Check the folder's permissions and free space.", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },

    #[error(
        "No configuration folder was found for this user, so profiles cannot be stored. Set HOME (or the OS equivalent) and try again."
    )]
    NoConfigFolder,

    #[error("The profile file {} is readable, or missing, so there is nothing to set aside.", path.display())]
    NotDamaged { path: PathBuf },

    #[error("No profile is named \"{name}\". Check the name with the list of profiles.")]
    NotFound { name: String },

    #[error(
        "A profile named \"{existing}\" already exists, and names are compared without regard to case. Choose another name for \"{name}\"."
    )]
    AlreadyExists { name: String, existing: String },

    #[error("Could not reach the keychain for profile \"{profile}\": {source} {}", source.fix)]
    Keychain {
        profile: String,
        source: Box<KeychainError>,
    },

    #[error(
        "The profile file no longer names \"{profile}\", but {} keychain entries under that \
         name could not be deleted ({}): {source} Delete them with the OS password manager \
         before a new profile takes the name, or it would find these secrets.",
        entries.len(),
        entries.join(", ")
    )]
    SecretsLeft {
        profile: String,
        entries: Vec<String>,
        source: Box<KeychainError>,
    },
}
