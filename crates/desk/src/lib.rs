//! Aerial Desk's application logic without Tauri: the OS keychain, and the secret wrapper that
//! every private key, assertion and token travels in.

pub mod keychain;
pub mod secret;

pub use keychain::{Keychain, KeychainError, KeychainProblem, KeychainStatus};
pub use secret::Secret;
