//! The parent orgs that create child orgs, and adding one with its credential: an API token or
//! an OAuth app with `okta.orgs.manage` whose private key is imported from PEM. Both go to the
//! keychain and never back to the UI.

use desk::profiles::{
    ClientId, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile, SecretKind, SecretStore,
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
            Ok(ParentAuth::OAuth {
                client_id,
                key_id: KeyId::parse(key.kid())?,
            })
        }
    }
}
