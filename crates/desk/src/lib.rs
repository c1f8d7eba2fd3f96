//! Aerial Desk's application logic without Tauri: the OS keychain, the secret wrapper that
//! every private key, assertion and token travels in, the profiles, and the journal of changes.

pub mod journal;
pub mod keychain;
pub mod profiles;
pub mod secret;

pub use journal::{Journal, JournalError};
pub use keychain::{Keychain, KeychainError, KeychainProblem, KeychainStatus};
pub use profiles::{Profile, ProfileError, ProfileStore};
pub use secret::Secret;
