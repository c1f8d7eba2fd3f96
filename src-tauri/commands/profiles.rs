//! Commands about profiles: which exist, which is active, and opening one into a session.

use desk::Profile;
use desk::profiles::Environment;
use serde::Serialize;
use specta::Type;

use crate::ipc_error::IpcError;
use crate::state::{ActiveSession, AppState};

/// A profile as the top bar and Settings show it, without any secret.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileSummary {
    pub name: String,
    /// `production`, `sandbox`, `demo` or `custom`.
    pub environment: String,
    pub account_id: String,
    /// The Aerial org's host, such as `acme-aerial.okta.com`.
    pub aerial_org: String,
    pub client_id: String,
    /// The hosts of the parent orgs the profile holds credentials for.
    pub parent_orgs: Vec<String>,
}

impl From<&Profile> for ProfileSummary {
    fn from(profile: &Profile) -> Self {
        Self {
            name: profile.name.to_string(),
            environment: environment_name(profile.environment).to_owned(),
            account_id: profile.account_id.to_string(),
            aerial_org: profile.aerial_org.authority().to_owned(),
            client_id: profile.client_id.to_string(),
            parent_orgs: profile
                .parent_orgs
                .iter()
                .map(|parent| parent.org.authority().to_owned())
                .collect(),
        }
    }
}

/// Returns the snake_case name of an environment.
pub fn environment_name(environment: Environment) -> &'static str {
    match environment {
        Environment::Production => "production",
        Environment::Sandbox => "sandbox",
        Environment::Demo => "demo",
        Environment::Custom => "custom",
    }
}

/// Every profile, and the active one's name.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    pub profiles: Vec<ProfileSummary>,
    pub active: Option<String>,
}

/// A change whose outcome was unknown, checked against Okta after a profile opened.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RecheckNotice {
    pub org: String,
    /// The journal's action name, such as `status`.
    pub action: String,
    /// `succeeded`, `failed`, or `outcome_unknown` when Okta could not tell.
    pub state: String,
    pub note: String,
}

/// The profile that was opened, with what checking unfinished changes found.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenedProfile {
    pub profile: ProfileSummary,
    /// Changes from earlier runs whose outcome was checked again.
    pub rechecks: Vec<RecheckNotice>,
    /// Why the check of unfinished changes could not run, when it failed.
    pub recheck_failure: Option<IpcError>,
}

/// Returns every profile and the active one's name.
#[tauri::command]
#[specta::specta]
pub async fn list_profiles(state: tauri::State<'_, AppState>) -> Result<ProfileList, IpcError> {
    list(&state).map_err(|e| state.recent_errors.record(e))
}

/// Reads every profile and the active one's name from the store.
pub fn list(state: &AppState) -> Result<ProfileList, IpcError> {
    let profiles = state.profiles.list()?;
    let active = state.profiles.active()?;
    Ok(ProfileList {
        profiles: profiles.iter().map(ProfileSummary::from).collect(),
        active: active.map(|profile| profile.name.to_string()),
    })
}

/// Opens the active profile, starting the demo first when it is the demo's. Returns `None`
/// when no profile is active, which is the first run.
#[tauri::command]
#[specta::specta]
pub async fn open_active_profile(
    state: tauri::State<'_, AppState>,
) -> Result<Option<OpenedProfile>, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let Some(profile) = state.profiles.active().map_err(|e| record(e.into()))? else {
        return Ok(None);
    };
    let session = state
        .open_profile(profile)
        .await
        .map_err(|e| record(e.into()))?;
    Ok(Some(opened(&state, &session).await))
}

/// Makes the profile named `name` the active one and opens it.
#[tauri::command]
#[specta::specta]
pub async fn switch_profile(
    state: tauri::State<'_, AppState>,
    name: String,
) -> Result<OpenedProfile, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let profile = state.profiles.get(&name).map_err(|e| record(e.into()))?;
    state
        .profiles
        .set_active(profile.name.as_str())
        .map_err(|e| record(e.into()))?;
    let session = state
        .open_profile(profile)
        .await
        .map_err(|e| record(e.into()))?;
    Ok(opened(&state, &session).await)
}

/// Checks the changes whose outcome was unknown and builds the opened profile's summary. A
/// failed check does not fail the opening: the changes stay marked for the next start.
pub async fn opened(state: &AppState, session: &ActiveSession) -> OpenedProfile {
    let profile = ProfileSummary::from(session.profile());
    match session.recheck_unknown().await {
        Ok(found) => OpenedProfile {
            profile,
            rechecks: found
                .into_iter()
                .map(|recheck| RecheckNotice {
                    org: recheck.org,
                    action: recheck.action.as_str().to_owned(),
                    state: recheck.state.as_str().to_owned(),
                    note: recheck.note,
                })
                .collect(),
            recheck_failure: None,
        },
        Err(error) => OpenedProfile {
            profile,
            rechecks: Vec::new(),
            recheck_failure: Some(state.recent_errors.record(error.into())),
        },
    }
}

/// Returns the active session, or the "no profile is open" error.
pub async fn active_session(state: &AppState) -> Result<ActiveSession, IpcError> {
    state
        .session()
        .await
        .ok_or_else(|| state.recent_errors.record(IpcError::no_active_profile()))
}
