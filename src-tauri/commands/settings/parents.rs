//! The parent orgs of each profile in Settings: list, add and remove. Adding uses the create-org
//! wizard's checks and stores the credential in the keychain, and no command returns it.
//! Removing deletes the org's keychain entries.

use desk::profiles::{OrgAddress, ParentAuth, ParentOrg, Profile};
use serde::Serialize;
use specta::Type;

use crate::commands::connect::FieldCheck;
use crate::commands::create_org::{
    NewParent, RemoveParentError, add_checked_parent, add_parent_org, is_managed_by_app,
    remove_parent_org,
};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// A parent org as Settings lists it, without its credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ParentOrgView {
    /// The address to pass back to `remove_profile_parent`.
    pub address: String,
    /// The org's host and any non-default port, the name admins use for it.
    pub domain: String,
    /// `apiToken` or `oauth`.
    pub credential: String,
    /// The OAuth app's client ID, or `None` for an API token.
    pub client_id: Option<String>,
    /// Whether the app manages this org (the demo's parent org), so Settings offers no Remove.
    pub managed_by_app: bool,
}

fn views_of(profile: &Profile) -> Vec<ParentOrgView> {
    profile
        .parent_orgs
        .iter()
        .map(|parent| view_of(profile, parent))
        .collect()
}

fn view_of(profile: &Profile, parent: &ParentOrg) -> ParentOrgView {
    let (credential, client_id) = match &parent.auth {
        ParentAuth::ApiToken => ("apiToken", None),
        ParentAuth::OAuth { client_id, .. } => ("oauth", Some(client_id.to_string())),
    };
    ParentOrgView {
        address: parent.org.to_string(),
        domain: parent.org.authority().to_owned(),
        credential: credential.to_owned(),
        client_id,
        managed_by_app: is_managed_by_app(profile, &parent.org),
    }
}

/// Reopens the profile named `name` when it is the open one, so its session uses the change.
async fn reopen_if_open(state: &AppState, name: &str) -> Result<(), IpcError> {
    if !super::is_open(state, name).await {
        return Ok(());
    }
    let profile = state.profiles.get(name)?;
    state.open_profile(profile).await?;
    Ok(())
}

/// Returns the parent orgs of the profile named `name`.
#[tauri::command]
#[specta::specta]
pub async fn profile_parent_orgs(
    state: tauri::State<'_, AppState>,
    name: String,
) -> Result<Vec<ParentOrgView>, IpcError> {
    let profile = state
        .profiles
        .get(&name)
        .map_err(|error| state.recent_errors.record(error.into()))?;
    Ok(views_of(&profile))
}

/// Checks a parent org's address as it is typed: a domain for production and sandbox profiles,
/// a base URL for demo and custom ones.
#[tauri::command]
#[specta::specta]
pub fn check_parent_address(
    state: tauri::State<'_, AppState>,
    name: String,
    value: String,
) -> FieldCheck {
    let profile = match state.profiles.get(&name) {
        Ok(profile) => profile,
        Err(error) => return FieldCheck::invalid(&value, error.to_string()),
    };
    match OrgAddress::parse(profile.environment, &value) {
        Ok(address) => FieldCheck::valid(address.to_string()),
        Err(error) => FieldCheck::invalid(&value, error.to_string()),
    }
}

/// Adds a parent org to the profile named `name`. Its API token or private key goes to the
/// keychain and is not returned. For the open profile this is the create-org wizard's add: the
/// profile is reopened and the credential is checked against Okta, which removes a rejected one
/// again. Returns the new list.
#[tauri::command]
#[specta::specta]
pub async fn add_profile_parent(
    state: tauri::State<'_, AppState>,
    name: String,
    parent: NewParent,
) -> Result<Vec<ParentOrgView>, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    if super::is_open(&state, &name).await {
        add_checked_parent(&state, parent).await?;
    } else {
        // NOTE: the credential of a profile that is not open is stored without a check against
        // Okta, because the check needs that profile's session.
        let profile = state.profiles.get(&name).map_err(|e| record(e.into()))?;
        add_parent_org(&state.profiles, state.keychain(), &profile, parent)
            .await
            .map_err(|error| record(error.into()))?;
    }
    let profile = state.profiles.get(&name).map_err(|e| record(e.into()))?;
    Ok(views_of(&profile))
}

/// Removes the parent org at `address` from the profile named `name` and deletes its keychain
/// entries. The demo's own parent org cannot be removed. An open profile is reopened. Returns
/// the new list.
#[tauri::command]
#[specta::specta]
pub async fn remove_profile_parent(
    state: tauri::State<'_, AppState>,
    name: String,
    address: String,
) -> Result<Vec<ParentOrgView>, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let profile = remove_parent_org(&state.profiles, state.keychain(), &name, &address)
        .await
        .map_err(|error| record(removal_problem(error)))?;
    reopen_if_open(&state, &name).await.map_err(record)?;
    Ok(views_of(&profile))
}

fn removal_problem(error: RemoveParentError) -> IpcError {
    match error {
        RemoveParentError::NotListed { org, profile } => IpcError::new(
            "parent_not_found",
            format!("{org} is not a parent org of {profile}."),
            "Reopen Settings to see the current list.",
        ),
        RemoveParentError::ManagedByApp { org } => IpcError::new(
            "demo_managed",
            format!("{org} is the demo's parent org, which the app manages."),
            "Remove the demo profile to remove its parent org.",
        ),
        RemoveParentError::Wizard(error) => error.into(),
    }
}
