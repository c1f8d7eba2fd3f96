//! Profiles: one Aerial account in one environment per profile, with the service and org
//! addresses, the client and key IDs and the parent orgs the app works with.
//!
//! Profiles live in a versioned JSON file in the OS configuration folder ([`ProfileStore`]).
//! Their secrets live only in the keychain, under entry names listed in [`secrets`]. The checks
//! on typed values in [`validate`] are shared with the wizards and the CLI.

mod error;
mod file;
mod lookalike;
mod model;
pub mod secrets;
mod store;
pub mod validate;

pub use error::ProfileError;
pub use file::FILE_VERSION;
pub use model::{
    AccountId, BaseUrl, ClientId, Domain, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg,
    Profile, ProfileMismatch, ProfileName,
};
pub use secrets::{SecretKind, SecretStore};
pub use store::{FILE_NAME, ProfileStore};
pub use validate::{Field, Problem, ValidationError};
