//! Aerial Desk's application logic without Tauri: the OS keychain, the profiles, and the journal
//! of changes. Secrets travel in the Okta client's redacting `Secret` wrapper, re-exported here.

pub mod connection_test;
pub mod demo;
pub mod diagnosis;
pub mod guards;
pub mod journal;
pub mod keychain;
pub mod plans;
pub mod profiles;
pub mod session;

pub use diagnosis::{Diagnosis, DiagnosisCode, DiagnosisContext, OktaDetails, diagnose};
pub use journal::{Journal, JournalError};
pub use keychain::{Keychain, KeychainError, KeychainProblem, KeychainStatus};
pub use okta::{Secret, SecretBytes, SecretString};
pub use profiles::{Profile, ProfileError, ProfileStore};
