//! The parent orgs that create child orgs, and adding one with its credential: an API token or
//! an OAuth app with `okta.orgs.manage` whose private key is imported from PEM. Both go to the
//! keychain and never back to the UI.

use desk::profiles::{
    ClientId, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile, SecretKind,
    SecretStore,
};
use desk::{ProfileStore, Secret, SecretString};
use okta::PrivateKey;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::commands::connect::WizardError;

/// A parent org as the wizard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ParentView {
    /// The address to pass back to the create commands.
    pub address: String,
    /// The org's host, the name admins use for it.
    pub domain: String,
    /// `apiToken` or `oauth`.
    pub credential: String,
}

/// A parent org's credential as the admin enters it once. The secrets are moved into the
/// keychain and dropped.
#[derive(Deserialize, Type)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ParentCredential {
    ApiToken {
        token: String,
    },
    #[serde(rename = "oauth", rename_all = "camelCase")]
    OAuth {
        client_id: String,
        private_key_pem: String,
        passphrase: Option<String>,
    },
}

impl std::fmt::Debug for ParentCredential {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            ParentCredential::ApiToken { .. } => "ApiToken",
            ParentCredential::OAuth { .. } => "OAuth",
        };
        formatter.write_str(kind)?;
        formatter.write_str(" { <redacted> }")
    }
}

/// A parent org to add to the active profile.
#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewParent {
    /// The org's domain, or its base URL in the custom and demo environments.
    pub address: String,
    pub credential: ParentCredential,
}

/// Lists the parent orgs of `profile`.
pub fn list_parent_orgs(profile: &Profile) -> Vec<ParentView> {
    profile.parent_orgs.iter().map(view_of).collect()
}

fn view_of(parent: &ParentOrg) -> ParentView {
    let authority = parent.org.authority();
    ParentView {
        address: parent.org.to_string(),
        domain: authority.split(':').next().unwrap_or(authority).to_owned(),
        credential: match parent.auth {
            ParentAuth::ApiToken => "apiToken",
            ParentAuth::OAuth { .. } => "oauth",
        }
        .to_owned(),
    }
}

/// Stores the credential in the keychain and adds the parent org to the stored profile. Returns
/// the updated profile, for the caller to reopen, and the new entry.
pub async fn add_parent_org<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    profile: &Profile,
    parent: NewParent,
) -> Result<(Profile, ParentView), WizardError> {
    let org = OrgAddress::parse(profile.environment, &parent.address)?;
    let mut profile = store.get(profile.name.as_str())?;
    let auth = store_credential(secrets, &profile, &org, parent.credential).await?;
    let entry = ParentOrg { org, auth };
    profile
        .parent_orgs
        .retain(|existing| existing.org.authority() != entry.org.authority());
    profile.parent_orgs.push(entry.clone());
    store.update(profile.clone(), secrets).await?;
    tracing::info!(profile = %profile.name, org = %entry.org, "added a parent org");
    Ok((profile, view_of(&entry)))
}

/// A failure to remove a parent org.
#[derive(Debug, thiserror::Error)]
pub enum RemoveParentError {
    #[error("{org} is not a parent org of the profile {profile}")]
    NotListed { org: String, profile: String },
    /// The demo's own parent org, which "Try the demo" adds back each time the demo starts.
    #[error("{org} is the demo's parent org, which the app manages")]
    ManagedByApp { org: String },
    #[error(transparent)]
    Wizard(#[from] WizardError),
}

/// Removes the parent org at `address` from the stored profile named `profile`. The store
/// deletes the org's keychain entries (API token and private key) before it saves the profile,
/// so a keychain failure leaves the profile unchanged. Returns the updated profile.
pub async fn remove_parent_org<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    profile: &str,
    address: &str,
) -> Result<Profile, RemoveParentError> {
    let mut profile = store.get(profile).map_err(WizardError::from)?;
    let org = OrgAddress::parse(profile.environment, address).map_err(WizardError::from)?;
    if is_managed_by_app(&profile, &org) {
        return Err(RemoveParentError::ManagedByApp {
            org: org.to_string(),
        });
    }
    let before = profile.parent_orgs.len();
    profile
        .parent_orgs
        .retain(|existing| existing.org.authority() != org.authority());
    if profile.parent_orgs.len() == before {
        return Err(RemoveParentError::NotListed {
            org: org.to_string(),
            profile: profile.name.to_string(),
        });
    }
    store
        .update(profile.clone(), secrets)
        .await
        .map_err(WizardError::from)?;
    tracing::info!(profile = %profile.name, org = %org, "removed a parent org");
    Ok(profile)
}

/// Reports whether `org` is the demo's own parent org in a demo profile. "Try the demo" manages
/// that org, because it stores the org's API token and adds the org back each time it starts.
pub fn is_managed_by_app(profile: &Profile, org: &OrgAddress) -> bool {
    let host = org.authority().split(':').next().unwrap_or_default();
    profile.environment == Environment::Demo && host == desk::demo::DEMO_PARENT_ORG
}

async fn store_credential<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
    org: &OrgAddress,
    credential: ParentCredential,
) -> Result<ParentAuth, WizardError> {
    match credential {
        ParentCredential::ApiToken { token } => {
            let token = SecretString::new(token.trim().to_owned());
            if token.expose().is_empty() {
                return Err(WizardError::Empty {
                    what: "the API token",
                });
            }
            let entry = profile.secret_entry(&SecretKind::ParentApiToken(org.clone()));
            secrets
                .set(&entry, Secret::new(token.expose().as_bytes().to_vec()))
                .await?;
            // A private key stored for this org before is no longer used.
            let other = profile.secret_entry(&SecretKind::ParentPrivateKey(org.clone()));
            secrets.delete(&other).await?;
            Ok(ParentAuth::ApiToken)
        }
        ParentCredential::OAuth {
            client_id,
            private_key_pem,
            passphrase,
        } => {
            let pem = SecretString::new(private_key_pem);
            let passphrase = passphrase.map(SecretString::new);
            let client_id = ClientId::parse(&client_id)?;
            let key = PrivateKey::from_pem(
                pem.expose(),
                passphrase.as_ref().map(|value| value.expose().as_str()),
            )?;
            let entry = profile.secret_entry(&SecretKind::ParentPrivateKey(org.clone()));
            secrets.set(&entry, key.to_storage_bytes()).await?;
            // An API token stored for this org before is no longer used.
            let other = profile.secret_entry(&SecretKind::ParentApiToken(org.clone()));
            secrets.delete(&other).await?;
            Ok(ParentAuth::OAuth {
                client_id,
                key_id: KeyId::parse(key.kid())?,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Mutex;

    use desk::KeychainError;
    use desk::profiles::{AccountId, BaseUrl, ProfileName};

    use super::*;
    use crate::commands::connect::TestFolder;

    /// A secret store in memory, standing in for the keychain.
    #[derive(Default)]
    struct MemoryStore(Mutex<HashMap<String, Vec<u8>>>);

    impl MemoryStore {
        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = self.0.lock().unwrap().keys().cloned().collect();
            names.sort();
            names
        }
    }

    impl SecretStore for MemoryStore {
        async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
            Ok(self.0.lock().unwrap().get(name).cloned().map(Secret::new))
        }

        async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
            self.0
                .lock()
                .unwrap()
                .insert(name.to_owned(), value.expose().clone());
            Ok(())
        }

        async fn delete(&self, name: &str) -> Result<(), KeychainError> {
            self.0.lock().unwrap().remove(name);
            Ok(())
        }
    }

    fn profile(environment: Environment) -> Profile {
        let (service, org) = match environment {
            Environment::Demo | Environment::Custom => (
                "http://aerial.sim.localhost:4010",
                "http://northwind-aerial.sim.localhost:4010",
            ),
            _ => ("https://aerial-apac.okta.com", "acme-aerial.okta.com"),
        };
        Profile {
            name: ProfileName::parse("Acme").unwrap(),
            environment,
            aerial_service: BaseUrl::parse(service).unwrap(),
            account_id: AccountId::parse("acc1acme1234567890").unwrap(),
            aerial_org: OrgAddress::parse(environment, org).unwrap(),
            client_id: ClientId::parse("0oaacme1234567890abc").unwrap(),
            key_id: KeyId::parse("acme-key-1").unwrap(),
            dpop: false,
            parent_orgs: Vec::new(),
        }
    }

    fn saved(environment: Environment) -> (TestFolder, ProfileStore, Profile) {
        let folder = TestFolder::new("parents");
        let store = ProfileStore::open(folder.path()).unwrap();
        let profile = profile(environment);
        store.add(profile.clone()).unwrap();
        (folder, store, profile)
    }

    fn token(address: &str, token: &str) -> NewParent {
        NewParent {
            address: address.to_owned(),
            credential: ParentCredential::ApiToken {
                token: token.to_owned(),
            },
        }
    }

    const TOKEN_ENTRY: &str = "profile/acme/parent/acme-eu.okta.com/api-token";

    #[tokio::test]
    async fn added_token_is_in_the_keychain_only() {
        let (_folder, store, profile) = saved(Environment::Production);
        let secrets = MemoryStore::default();

        let (saved, view) = add_parent_org(
            &store,
            &secrets,
            &profile,
            token("acme-eu.okta.com", " 00abc "),
        )
        .await
        .unwrap();

        assert_eq!(secrets.names(), vec![TOKEN_ENTRY.to_owned()]);
        assert_eq!(secrets.0.lock().unwrap()[TOKEN_ENTRY], b"00abc".to_vec());
        assert_eq!(saved.parent_orgs.len(), 1);
        assert_eq!(view.credential, "apiToken");
        let file = std::fs::read_to_string(store.path()).unwrap();
        assert!(
            !file.contains("00abc"),
            "the token never reaches the profile file"
        );
    }

    #[tokio::test]
    async fn removing_a_parent_deletes_its_token() {
        let (_folder, store, profile) = saved(Environment::Production);
        let secrets = MemoryStore::default();
        add_parent_org(
            &store,
            &secrets,
            &profile,
            token("acme-eu.okta.com", "00abc"),
        )
        .await
        .unwrap();

        let after = remove_parent_org(&store, &secrets, "Acme", "acme-eu.okta.com")
            .await
            .unwrap();

        assert!(after.parent_orgs.is_empty());
        assert!(store.get("Acme").unwrap().parent_orgs.is_empty());
        assert_eq!(secrets.names(), Vec::<String>::new());
    }

    #[tokio::test]
    async fn removing_one_parent_keeps_the_other_token() {
        let (_folder, store, profile) = saved(Environment::Production);
        let secrets = MemoryStore::default();
        for (address, value) in [("acme-eu.okta.com", "00eu"), ("acme-us.okta.com", "00us")] {
            add_parent_org(&store, &secrets, &profile, token(address, value))
                .await
                .unwrap();
        }

        remove_parent_org(&store, &secrets, "Acme", "acme-us.okta.com")
            .await
            .unwrap();

        assert_eq!(secrets.names(), vec![TOKEN_ENTRY.to_owned()]);
    }

    #[tokio::test]
    async fn removing_an_unlisted_parent_fails() {
        let (_folder, store, _profile) = saved(Environment::Production);
        let secrets = MemoryStore::default();

        let error = remove_parent_org(&store, &secrets, "Acme", "acme-eu.okta.com")
            .await
            .unwrap_err();

        assert!(
            matches!(error, RemoveParentError::NotListed { .. }),
            "{error}"
        );
    }

    #[tokio::test]
    async fn demo_parent_cannot_be_removed() {
        let (_folder, store, profile) = saved(Environment::Demo);
        let secrets = MemoryStore::default();
        let demo_parent = format!("http://{}:4010", desk::demo::DEMO_PARENT_ORG);
        add_parent_org(&store, &secrets, &profile, token(&demo_parent, "00demo"))
            .await
            .unwrap();

        let error = remove_parent_org(&store, &secrets, "Acme", &demo_parent)
            .await
            .unwrap_err();

        assert!(
            matches!(error, RemoveParentError::ManagedByApp { .. }),
            "{error}"
        );
        assert_eq!(store.get("Acme").unwrap().parent_orgs.len(), 1);
        assert_eq!(secrets.names().len(), 1, "the demo's token stays");
    }

    #[tokio::test]
    async fn changing_to_a_token_deletes_the_old_key() {
        let (_folder, store, profile) = saved(Environment::Production);
        let secrets = MemoryStore::default();
        let key_entry = "profile/acme/parent/acme-eu.okta.com/private-key";
        secrets
            .set(key_entry, Secret::new(b"old key".to_vec()))
            .await
            .unwrap();

        add_parent_org(
            &store,
            &secrets,
            &profile,
            token("acme-eu.okta.com", "00abc"),
        )
        .await
        .unwrap();

        assert_eq!(secrets.names(), vec![TOKEN_ENTRY.to_owned()]);
    }

    #[test]
    fn credential_debug_hides_the_secret() {
        let credential = ParentCredential::ApiToken {
            token: "00secret".to_owned(),
        };

        let printed = format!("{credential:?}");

        assert!(!printed.contains("00secret"), "{printed}");
    }
}
