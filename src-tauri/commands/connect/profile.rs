//! The profile the connect wizard builds from what the admin entered, and the demo's stand-in
//! for the Admin Console step.

use desk::demo::{DEMO_PROFILE_NAME, DEMO_SCOPES, DemoService};
use desk::profiles::{
    AccountId, BaseUrl, ClientId, Environment, KeyId, OrgAddress, Profile, ProfileName, SecretStore,
};
use desk::{ProfileError, ProfileStore};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{ConnectEnvironment, WizardError, keys};

/// The values the admin entered in the connect wizard. The key is not among them, because it
/// is in the keychain under the profile's name.
#[derive(Clone, Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectDraft {
    pub profile_name: String,
    pub environment: ConnectEnvironment,
    /// The Aerial service's base URL; only the custom environment uses it.
    pub service_url: Option<String>,
    /// The Aerial org's domain, or its base URL in the custom environment.
    pub aerial_org: String,
    pub account_id: String,
    pub client_id: String,
    /// Whether the app requires DPoP-bound tokens, as the connection test found.
    pub dpop: bool,
}

/// The values the demo fills in for the admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoDefaults {
    pub service_url: String,
    pub aerial_org: String,
    pub account_id: String,
}

/// Returns the demo's addresses and account from the Demo profile, which "Try the demo" keeps
/// pointed at the running emulator, or `None` when there is no Demo profile.
pub fn demo_defaults(store: &ProfileStore) -> Result<Option<DemoDefaults>, WizardError> {
    match store.get(DEMO_PROFILE_NAME) {
        Ok(demo) if demo.environment == Environment::Demo => Ok(Some(DemoDefaults {
            service_url: demo.aerial_service.to_string(),
            aerial_org: demo.aerial_org.to_string(),
            account_id: demo.account_id.to_string(),
        })),
        Ok(_) | Err(ProfileError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

/// Builds the profile for `draft` with the stored key's ID. The demo environment takes its
/// addresses from `demo`, the Demo profile.
pub fn build_profile(
    draft: &ConnectDraft,
    key_id: &str,
    demo: Option<&Profile>,
) -> Result<Profile, WizardError> {
    let environment = Environment::from(draft.environment);
    let (service, aerial_org) = match draft.environment {
        ConnectEnvironment::Production | ConnectEnvironment::Sandbox => {
            let service = environment
                .default_service()
                .ok_or_else(|| WizardError::Internal("no default Aerial service".to_owned()))?;
            (service, OrgAddress::parse(environment, &draft.aerial_org)?)
        }
        ConnectEnvironment::Custom => {
            let service = draft.service_url.as_deref().unwrap_or_default();
            (
                BaseUrl::parse(service)?,
                OrgAddress::parse(environment, &draft.aerial_org)?,
            )
        }
        ConnectEnvironment::Demo => {
            let demo = demo.ok_or(WizardError::DemoNotRunning)?;
            (demo.aerial_service.clone(), demo.aerial_org.clone())
        }
    };
    let account_id = match (draft.environment, demo) {
        (ConnectEnvironment::Demo, Some(demo)) => demo.account_id.clone(),
        _ => AccountId::parse(&draft.account_id)?,
    };

    let profile = Profile {
        name: ProfileName::parse(&draft.profile_name)?,
        environment,
        aerial_service: service,
        account_id,
        aerial_org,
        client_id: ClientId::parse(&draft.client_id)?,
        key_id: KeyId::parse(key_id)?,
        dpop: draft.dpop,
        parent_orgs: Vec::new(),
    };
    profile.check()?;
    Ok(profile)
}

/// Saves the wizard's profile and makes it the active one. The key is already in the keychain.
pub async fn save_profile<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    draft: &ConnectDraft,
) -> Result<Profile, WizardError> {
    let profile = draft_profile(store, secrets, draft).await?;
    store.add(profile.clone())?;
    store.set_active(profile.name.as_str())?;
    tracing::info!(profile = %profile.name, environment = %profile.environment, "saved a profile from the connect wizard");
    Ok(profile)
}

/// Builds the draft's profile with the key stored for it, without saving it.
pub async fn draft_profile<S: SecretStore>(
    store: &ProfileStore,
    secrets: &S,
    draft: &ConnectDraft,
) -> Result<Profile, WizardError> {
    let name = ProfileName::parse(&draft.profile_name)?;
    let key = keys::stored(secrets, &name).await?;
    let demo = match draft.environment {
        ConnectEnvironment::Demo => Some(store.get(DEMO_PROFILE_NAME)?),
        _ => None,
    };
    build_profile(draft, key.kid(), demo.as_ref())
}

/// Does the Admin Console step in the demo: registers a service app with the wizard's public key
/// and both Aerial scopes, and returns its client ID.
pub async fn register_demo_client<S: SecretStore>(
    secrets: &S,
    demo: &DemoService,
    profile_name: &str,
) -> Result<String, WizardError> {
    let name = ProfileName::parse(profile_name)?;
    let key = keys::stored(secrets, &name).await?;
    let client_id = demo
        .register_client(&key.public_jwk(), &DEMO_SCOPES, false)
        .await?;
    Ok(client_id)
}
