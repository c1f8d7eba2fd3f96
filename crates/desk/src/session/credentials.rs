//! Reads a profile's keys and tokens out of the keychain and turns them into Okta credentials.

use std::sync::Arc;

use okta::{BaseUrl as OktaUrl, OrgCredentials, PrivateKey, SecretString, ServiceApp, TokenClient};

use super::SessionError;
use crate::profiles::{OrgAddress, ParentAuth, ParentOrg, Profile};
use crate::profiles::{SecretKind, SecretStore};

/// Parses one of the profile's addresses for the Okta client.
pub(super) fn okta_url(profile: &Profile, address: &str) -> Result<OktaUrl, SessionError> {
    OktaUrl::parse(address).map_err(|error| SessionError::BadAddress {
        profile: profile.name.to_string(),
        value: address.to_owned(),
        reason: error.to_string(),
    })
}

/// Reads a private key from the keychain; `what` names it in messages.
pub(super) async fn read_key<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
    kind: &SecretKind,
    what: &str,
) -> Result<Option<PrivateKey>, SessionError> {
    let Some(bytes) = secrets.get(&profile.secret_entry(kind)).await? else {
        return Ok(None);
    };
    PrivateKey::from_storage_bytes(bytes.expose())
        .map(Some)
        .map_err(|error| SessionError::StoredKeyUnreadable {
            profile: profile.name.to_string(),
            what: what.to_owned(),
            reason: error.to_string(),
        })
}

/// Stores a private key in the keychain entry `kind` of the profile.
pub async fn store_key<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
    kind: &SecretKind,
    key: &PrivateKey,
) -> Result<(), SessionError> {
    secrets
        .set(&profile.secret_entry(kind), key.to_storage_bytes())
        .await?;
    Ok(())
}

/// Builds the Aerial API service app from the profile's key (and DPoP key when the profile
/// requires DPoP). A DPoP key is generated and stored when none is there yet.
pub(super) async fn service_app<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
) -> Result<ServiceApp, SessionError> {
    let key = read_key(secrets, profile, &SecretKind::PrivateKey, "private key")
        .await?
        .ok_or_else(|| SessionError::SecretNotStored {
            profile: profile.name.to_string(),
            what: "private key".to_owned(),
        })?;
    let key = with_profile_kid(profile, key)?;
    let org = okta_url(profile, &profile.aerial_org.base_url())?;
    let app = ServiceApp::new(
        profile.name.key(),
        org,
        profile.client_id.as_str(),
        Arc::new(key),
    );
    if !profile.dpop {
        return Ok(app);
    }
    let dpop_key = match read_key(secrets, profile, &SecretKind::DpopKey, "DPoP key").await? {
        Some(key) => key,
        None => {
            let key = PrivateKey::generate(okta::KeyType::EcP256).map_err(|error| {
                SessionError::StoredKeyUnreadable {
                    profile: profile.name.to_string(),
                    what: "new DPoP key".to_owned(),
                    reason: error.to_string(),
                }
            })?;
            store_key(secrets, profile, &SecretKind::DpopKey, &key).await?;
            key
        }
    };
    Ok(app.with_dpop(Arc::new(dpop_key)))
}

/// Gives the key the `kid` registered in the profile, when the stored key carries another one.
fn with_profile_kid(profile: &Profile, key: PrivateKey) -> Result<PrivateKey, SessionError> {
    if key.kid() == profile.key_id.as_str() {
        return Ok(key);
    }
    key.with_kid(profile.key_id.as_str())
        .map_err(|error| SessionError::StoredKeyUnreadable {
            profile: profile.name.to_string(),
            what: "private key".to_owned(),
            reason: error.to_string(),
        })
}

/// Builds the credentials for an org listed in the profile.
pub(super) async fn org_credentials<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
    parent: &ParentOrg,
    tokens: &Arc<TokenClient>,
) -> Result<OrgCredentials, SessionError> {
    match &parent.auth {
        ParentAuth::ApiToken => {
            let kind = SecretKind::ParentApiToken(parent.org.clone());
            let bytes = secrets
                .get(&profile.secret_entry(&kind))
                .await?
                .ok_or_else(|| SessionError::SecretNotStored {
                    profile: profile.name.to_string(),
                    what: format!("API token for {}", parent.org),
                })?;
            let token = String::from_utf8(bytes.expose().to_vec()).map_err(|_| {
                SessionError::StoredKeyUnreadable {
                    profile: profile.name.to_string(),
                    what: format!("API token for {}", parent.org),
                    reason: "it is not text".to_owned(),
                }
            })?;
            Ok(OrgCredentials::ApiToken(Arc::new(SecretString::new(token))))
        }
        ParentAuth::OAuth { client_id, key_id } => {
            let what = format!("private key for {}", parent.org);
            let kind = SecretKind::ParentPrivateKey(parent.org.clone());
            let key = read_key(secrets, profile, &kind, &what)
                .await?
                .ok_or_else(|| SessionError::SecretNotStored {
                    profile: profile.name.to_string(),
                    what: what.clone(),
                })?;
            let key = if key.kid() == key_id.as_str() {
                key
            } else {
                key.with_kid(key_id.as_str()).map_err(|error| {
                    SessionError::StoredKeyUnreadable {
                        profile: profile.name.to_string(),
                        what,
                        reason: error.to_string(),
                    }
                })?
            };
            let org = okta_url(profile, &parent.org.base_url())?;
            let cache_name = format!("{}/{}", profile.name.key(), parent.org.authority());
            let app = ServiceApp::new(cache_name, org, client_id.as_str(), Arc::new(key));
            Ok(OrgCredentials::OAuth {
                app: Arc::new(app),
                tokens: Arc::clone(tokens),
            })
        }
    }
}

/// Stores an org's API token in the keychain entry for that org.
pub(super) async fn store_org_token<S: SecretStore>(
    secrets: &S,
    profile: &Profile,
    org: &OrgAddress,
    token: &SecretString,
) -> Result<(), SessionError> {
    let kind = SecretKind::ParentApiToken(org.clone());
    secrets
        .set(
            &profile.secret_entry(&kind),
            okta::Secret::new(token.expose().as_bytes().to_vec()),
        )
        .await?;
    Ok(())
}
