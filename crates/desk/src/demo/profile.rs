//! "Try the demo": the Demo profile, its private key and parent org API token in the keychain,
//! and its service app registered in the running emulator.

use okta::{KeyType, PrivateKey, scope};
use okta_sim::World;
use serde_json::json;

use crate::Secret;
use crate::profiles::{
    ClientId, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile, ProfileError,
    ProfileName, ProfileStore, SecretKind, SecretStore,
};

use super::{DemoError, DemoService};

/// The name of the profile "Try the demo" creates.
pub const DEMO_PROFILE_NAME: &str = "Demo";

/// The scopes granted to the demo's service app: everything the Aerial API needs.
pub const DEMO_SCOPES: [&str; 2] = [scope::ACCOUNTS_READ, scope::ACCOUNTS_MANAGE];

/// The demo org that creates child orgs. The Demo profile keeps its API token, so the
/// create-org wizard works in the demo.
pub const DEMO_PARENT_ORG: &str = "northwind-eu.sim.localhost";

/// Creates or refreshes the Demo profile for the running `demo` and makes it the active profile.
///
/// The first time, generates an ES256 key, stores it in the keychain, registers a service app
/// with [`DEMO_SCOPES`] and saves the profile. Later (the emulator on another port), keeps the
/// key, moves the profile's URLs and parent org secrets to the new port, and registers the key
/// again when the emulator's state has lost the app. Either way the profile gets
/// [`DEMO_PARENT_ORG`] with its API token.
pub async fn try_the_demo<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    demo: &DemoService,
) -> Result<Profile, DemoError> {
    let profile = match existing_demo_profile(store)? {
        None => create(store, secrets, demo).await?,
        Some(profile) => refresh(store, secrets, demo, profile).await?,
    };
    store.set_active(profile.name.as_str())?;
    tracing::info!(client_id = %profile.client_id, aerial_org = %profile.aerial_org, "demo profile ready");
    Ok(profile)
}

/// Moves the demo-environment profile `name` to the running `demo` and makes it the active
/// profile. The connect wizard saves such profiles when an admin practises connecting in the
/// demo. Like [`try_the_demo`] after a restart, this keeps the profile's key and client, moves
/// its URLs and parent org secrets to the current port, registers the key again when the
/// emulator has lost the app, and adds [`DEMO_PARENT_ORG`].
pub async fn reopen_in_demo<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    demo: &DemoService,
    name: &str,
) -> Result<Profile, DemoError> {
    let profile = store.get(name)?;
    if profile.environment != Environment::Demo {
        return Err(DemoError::NotDemo {
            name: profile.name.to_string(),
            environment: profile.environment,
        });
    }
    let profile = refresh(store, secrets, demo, profile).await?;
    store.set_active(profile.name.as_str())?;
    tracing::info!(profile = %profile.name, client_id = %profile.client_id, "demo-environment profile reopened");
    Ok(profile)
}

/// Returns the Demo profile, or `None` when there is none. A profile of another environment
/// under that name is an error, because the demo must never overwrite a real account.
fn existing_demo_profile(store: &ProfileStore) -> Result<Option<Profile>, DemoError> {
    match store.get(DEMO_PROFILE_NAME) {
        Ok(profile) if profile.environment == Environment::Demo => Ok(Some(profile)),
        Ok(profile) => Err(DemoError::NameTaken {
            name: profile.name.to_string(),
            environment: profile.environment,
        }),
        Err(ProfileError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

async fn create<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    demo: &DemoService,
) -> Result<Profile, DemoError> {
    let key = PrivateKey::generate(KeyType::EcP256)?;
    let client_id = demo
        .register_client(&key.public_jwk(), &DEMO_SCOPES, false)
        .await?;
    let world = demo.state().await?;
    let (parent, token) = demo_parent(demo, &world)?;

    let profile = Profile {
        name: ProfileName::parse(DEMO_PROFILE_NAME)?,
        environment: Environment::Demo,
        aerial_service: demo.aerial_service_url().clone(),
        account_id: demo.account_id().clone(),
        aerial_org: OrgAddress::Url(demo.aerial_org_url().clone()),
        client_id: ClientId::parse(&client_id)?,
        key_id: KeyId::parse(key.kid())?,
        dpop: false,
        parent_orgs: vec![parent.clone()],
    };
    let mut written = Vec::new();
    let saved = save_new(
        store,
        secrets,
        &profile,
        &key,
        (&parent.org, token),
        &mut written,
    )
    .await;
    if let Err(error) = saved {
        delete_quietly(secrets, &written).await;
        return Err(error);
    }
    Ok(profile)
}

/// Stores the new profile's key and parent org token, then adds the profile. Pushes each entry
/// it writes to `written`, so the caller can delete them after a failure.
async fn save_new<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    profile: &Profile,
    key: &PrivateKey,
    (parent, token): (&OrgAddress, Secret<Vec<u8>>),
    written: &mut Vec<String>,
) -> Result<(), DemoError> {
    let key_entry = profile.secret_entry(&SecretKind::PrivateKey);
    set_secret(secrets, &key_entry, "private key", key.to_storage_bytes()).await?;
    written.push(key_entry);

    let token_entry = profile.secret_entry(&SecretKind::ParentApiToken(parent.clone()));
    set_secret(secrets, &token_entry, "parent org API token", token).await?;
    written.push(token_entry);

    store.add(profile.clone())?;
    Ok(())
}

async fn refresh<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    demo: &DemoService,
    old: Profile,
) -> Result<Profile, DemoError> {
    let key = demo_key(secrets, &old).await?;
    let world = demo.state().await?;
    ensure_registered(demo, &world, &old, &key).await?;
    let (parent, token) = demo_parent(demo, &world)?;

    let mut profile = old.clone();
    profile.aerial_service = demo.aerial_service_url().clone();
    profile.aerial_org = OrgAddress::Url(demo.aerial_org_url().clone());
    profile.key_id = KeyId::parse(key.kid())?;
    profile.parent_orgs = old
        .parent_orgs
        .iter()
        .map(|parent| moved_parent(demo, parent))
        .collect();
    if profile.parent(&parent.org).is_none() {
        profile.parent_orgs.push(parent.clone());
    }

    let mut written = Vec::new();
    let saved = save_refreshed(
        store,
        secrets,
        &old,
        &profile,
        (&parent.org, token),
        &mut written,
    )
    .await;
    if let Err(error) = saved {
        let in_use = old.secret_entries();
        written.retain(|entry| !in_use.contains(entry));
        delete_quietly(secrets, &written).await;
        return Err(error);
    }
    Ok(profile)
}

/// Copies the parent org secrets to the entry names of the new port, stores the demo parent's
/// token, then replaces the profile, which deletes the entries of the old port. Pushes each
/// entry it writes to `written`, so the caller can delete them after a failure.
async fn save_refreshed<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    old: &Profile,
    profile: &Profile,
    (parent, token): (&OrgAddress, Secret<Vec<u8>>),
    written: &mut Vec<String>,
) -> Result<(), DemoError> {
    copy_parent_secrets(secrets, old, profile, written).await?;

    let token_entry = profile.secret_entry(&SecretKind::ParentApiToken(parent.clone()));
    set_secret(secrets, &token_entry, "parent org API token", token).await?;
    written.push(token_entry);

    store.update(profile.clone(), secrets).await?;
    Ok(())
}

/// Reads the profile's private key from the keychain. A missing or unreadable key is replaced
/// by a new one, which [`ensure_registered`] then adds to the app.
async fn demo_key<S: SecretStore>(secrets: &S, profile: &Profile) -> Result<PrivateKey, DemoError> {
    let entry = profile.secret_entry(&SecretKind::PrivateKey);
    let stored = secrets
        .get(&entry)
        .await
        .map_err(|source| keychain_error("read", "private key", &entry, source))?;
    if let Some(bytes) = stored {
        match PrivateKey::from_storage_bytes(bytes.expose()) {
            Ok(key) => return Ok(key),
            Err(error) => {
                tracing::warn!(%error, entry, "replacing the demo's unreadable stored key");
            }
        }
    } else {
        tracing::warn!(
            entry,
            "replacing the demo's key, which is missing from the keychain"
        );
    }

    let key = PrivateKey::generate(KeyType::EcP256)?;
    set_secret(secrets, &entry, "private key", key.to_storage_bytes()).await?;
    Ok(key)
}

/// Makes sure the emulator has the profile's app with `key` and the demo scopes: registers
/// the app when the state has lost it, and adds the key or the scopes it lacks.
async fn ensure_registered(
    demo: &DemoService,
    world: &World,
    profile: &Profile,
    key: &PrivateKey,
) -> Result<(), DemoError> {
    let client_id = profile.client_id.as_str();
    let jwk = key.public_jwk();
    let Some(client) = world.clients.iter().find(|c| c.client_id == client_id) else {
        return demo
            .register_client_as(client_id, &jwk, &DEMO_SCOPES, profile.dpop)
            .await;
    };

    if !client
        .jwks
        .iter()
        .any(|known| known["kid"] == json!(key.kid()))
    {
        demo.add_key(client_id, &jwk).await?;
    }
    let mut scopes: Vec<&str> = client.granted_scopes.iter().map(String::as_str).collect();
    let missing: Vec<&str> = DEMO_SCOPES
        .into_iter()
        .filter(|wanted| !scopes.contains(wanted))
        .collect();
    if !missing.is_empty() {
        scopes.extend(missing);
        demo.grant_scopes(client_id, &scopes).await?;
    }
    Ok(())
}

/// Returns [`DEMO_PARENT_ORG`] as a parent org on the current port, with its API token read from
/// the emulator's state.
fn demo_parent(
    demo: &DemoService,
    world: &World,
) -> Result<(ParentOrg, Secret<Vec<u8>>), DemoError> {
    let missing = |what: String| DemoError::MissingDemoData {
        what,
        state_file: demo.state_file().to_owned(),
    };
    let org = world
        .orgs
        .iter()
        .find(|org| org.domain == DEMO_PARENT_ORG)
        .ok_or_else(|| missing(format!("org {DEMO_PARENT_ORG}")))?;
    let token = org
        .api_tokens
        .first()
        .ok_or_else(|| missing(format!("API token for {DEMO_PARENT_ORG}")))?;

    let parent = ParentOrg {
        org: OrgAddress::Url(demo.org_url(DEMO_PARENT_ORG)?),
        auth: ParentAuth::ApiToken,
    };
    Ok((parent, Secret::new(token.token.clone().into_bytes())))
}

/// Moves a parent org under `.localhost` to the emulator's current port. Any other address
/// stays as it is.
fn moved_parent(demo: &DemoService, parent: &ParentOrg) -> ParentOrg {
    let host = parent.org.authority().split(':').next().unwrap_or_default();
    match demo.org_url(host) {
        Ok(url) => ParentOrg {
            org: OrgAddress::Url(url),
            auth: parent.auth.clone(),
        },
        Err(_) => parent.clone(),
    }
}

/// Copies the secrets of each parent org whose address changed to the entry names of its new
/// address, and pushes the names written to `written`. Both profiles list parent orgs in the
/// same order, because [`moved_parent`] maps them one by one.
async fn copy_parent_secrets<S: SecretStore>(
    secrets: &S,
    old: &Profile,
    new: &Profile,
    written: &mut Vec<String>,
) -> Result<(), DemoError> {
    for (before, after) in old.parent_orgs.iter().zip(&new.parent_orgs) {
        if before.org == after.org {
            continue;
        }
        let kinds = [
            (
                SecretKind::ParentApiToken(before.org.clone()),
                SecretKind::ParentApiToken(after.org.clone()),
            ),
            (
                SecretKind::ParentPrivateKey(before.org.clone()),
                SecretKind::ParentPrivateKey(after.org.clone()),
            ),
        ];
        for (from, to) in kinds {
            let from = old.secret_entry(&from);
            let to = new.secret_entry(&to);
            let value = secrets
                .get(&from)
                .await
                .map_err(|source| keychain_error("read", "parent org secret", &from, source))?;
            if let Some(value) = value {
                set_secret(secrets, &to, "parent org secret", value).await?;
                written.push(to);
            }
        }
    }
    Ok(())
}

async fn set_secret<S: SecretStore>(
    secrets: &S,
    entry: &str,
    secret: &'static str,
    value: Secret<Vec<u8>>,
) -> Result<(), DemoError> {
    secrets
        .set(entry, value)
        .await
        .map_err(|source| keychain_error("store", secret, entry, source))
}

/// Deletes entries written before a later step failed; a failure is logged, because the
/// earlier error is the one to report.
async fn delete_quietly<S: SecretStore>(secrets: &S, entries: &[String]) {
    for entry in entries {
        if let Err(error) = secrets.delete(entry).await {
            tracing::warn!(%error, entry, "could not delete a demo keychain entry after a failure");
        }
    }
}

fn keychain_error(
    action: &'static str,
    secret: &'static str,
    entry: &str,
    source: crate::KeychainError,
) -> DemoError {
    DemoError::Keychain {
        action,
        secret,
        entry: entry.to_owned(),
        source: Box::new(source),
    }
}
