//! The keychain entries that belong to a profile, and the store they are kept in.
//!
//! Entry names derive from the profile name in lower case, inside the keychain service of the
//! build flavour (see [`crate::Keychain::for_this_build`]):
//!
//! | Entry | Secret |
//! |---|---|
//! | `profile/{name}/private-key` | the private key of the Aerial API service app |
//! | `profile/{name}/dpop-key` | the private key that signs DPoP proofs |
//! | `profile/{name}/parent/{org}/api-token` | the API token of a parent org |
//! | `profile/{name}/parent/{org}/private-key` | the private key of a parent org's OAuth app |
//!
//! `{org}` is the org's host with any non-default port, such as `acme-eu.okta.com` or
//! `parent.sim.localhost:4010`. Profile names cannot contain `/`, so names never collide.
//! The keychain cannot list entries, so removing a profile deletes every name it may use.

use std::future::Future;

use crate::Secret;
use crate::keychain::{Keychain, KeychainError};

use super::model::{OrgAddress, Profile, ProfileName};

/// A store of named secrets. The OS keychain is the only implementation the app uses; tests use
/// their own.
pub trait SecretStore: Sync {
    /// Reads an entry; `Ok(None)` means it is not set.
    fn get(
        &self,
        name: &str,
    ) -> impl Future<Output = Result<Option<Secret<Vec<u8>>>, KeychainError>> + Send;

    /// Writes an entry.
    fn set(
        &self,
        name: &str,
        value: Secret<Vec<u8>>,
    ) -> impl Future<Output = Result<(), KeychainError>> + Send;

    /// Deletes an entry; deleting an entry that is not set succeeds.
    fn delete(&self, name: &str) -> impl Future<Output = Result<(), KeychainError>> + Send;
}

impl SecretStore for Keychain {
    async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        Keychain::get(self, name).await
    }

    async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        Keychain::set(self, name, value).await
    }

    async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        Keychain::delete(self, name).await
    }
}

/// The secrets a profile can have, one keychain entry each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// The private key of the Aerial API service app.
    PrivateKey,
    /// The private key that signs DPoP proofs.
    DpopKey,
    /// The API token of a parent org.
    ParentApiToken(OrgAddress),
    /// The private key of a parent org's OAuth app.
    ParentPrivateKey(OrgAddress),
}

/// Returns the keychain entry name of one secret of a profile.
pub fn entry_name(profile: &ProfileName, kind: &SecretKind) -> String {
    let prefix = format!("profile/{}", profile.key());
    match kind {
        SecretKind::PrivateKey => format!("{prefix}/private-key"),
        SecretKind::DpopKey => format!("{prefix}/dpop-key"),
        SecretKind::ParentApiToken(org) => format!("{prefix}/parent/{}/api-token", org.authority()),
        SecretKind::ParentPrivateKey(org) => {
            format!("{prefix}/parent/{}/private-key", org.authority())
        }
    }
}

impl Profile {
    /// Returns every keychain entry name this profile may use, whether or not it is set: both
    /// kinds of credential for each parent org, because its kind of authentication may have
    /// changed since a secret was stored.
    pub fn secret_entries(&self) -> Vec<String> {
        let mut kinds = vec![SecretKind::PrivateKey, SecretKind::DpopKey];
        for parent in &self.parent_orgs {
            kinds.extend(parent_kinds(&parent.org));
        }
        kinds
            .iter()
            .map(|kind| entry_name(&self.name, kind))
            .collect()
    }

    /// Returns the entry name of one of this profile's secrets.
    pub fn secret_entry(&self, kind: &SecretKind) -> String {
        entry_name(&self.name, kind)
    }
}

fn parent_kinds(org: &OrgAddress) -> [SecretKind; 2] {
    [
        SecretKind::ParentApiToken(org.clone()),
        SecretKind::ParentPrivateKey(org.clone()),
    ]
}

/// Deletes every entry, going on past failures, and returns the entries that could not be
/// deleted with the first error.
pub(super) async fn delete_all<S: SecretStore>(
    store: &S,
    entries: &[String],
) -> Result<(), (Vec<String>, KeychainError)> {
    let mut failed = Vec::new();
    let mut first_error = None;
    for entry in entries {
        if let Err(error) = store.delete(entry).await {
            failed.push(entry.clone());
            first_error.get_or_insert(error);
        }
    }
    match first_error {
        None => Ok(()),
        Some(error) => Err((failed, error)),
    }
}

/// Copies each entry from the old name to the new one, and deletes the new name where the old
/// one is not set, so the renamed profile never picks up a stale entry left under the new name.
/// On failure, deletes the copies made so far and returns the error.
pub(super) async fn copy_all<S: SecretStore>(
    store: &S,
    pairs: &[(String, String)],
) -> Result<Vec<String>, KeychainError> {
    let mut copied = Vec::new();
    for (from, to) in pairs {
        let outcome = match store.get(from).await {
            Ok(Some(value)) => store.set(to, value).await.map(|()| true),
            Ok(None) => store.delete(to).await.map(|()| false),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(true) => copied.push(to.clone()),
            Ok(false) => {}
            Err(error) => {
                if let Err((_, cleanup)) = delete_all(store, &copied).await {
                    tracing::warn!(error = %cleanup, "could not delete partial copies of profile secrets");
                }
                return Err(error);
            }
        }
    }
    Ok(copied)
}
