//! Settings: rename, edit and remove profiles, their parent orgs, the log folder, and copy
//! diagnostics.

pub mod parents;
mod support;

use std::fmt::Write as _;

use desk::ProfileError;
use desk::demo::DEMO_PROFILE_NAME;
use desk::profiles::{
    AccountId, BaseUrl, ClientId, Environment, KeyId, OrgAddress, Profile, ValidationError,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::commands::profiles::{ProfileList, environment_name};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Removes a profile and its keychain entries. Removing the active profile closes its session
/// and stops the demo.
#[tauri::command]
#[specta::specta]
pub async fn remove_profile(
    state: tauri::State<'_, AppState>,
    name: String,
) -> Result<ProfileList, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let was_active = state
        .profiles
        .active()
        .map_err(|e| record(e.into()))?
        .is_some_and(|active| active.name.matches(&name));
    if was_active {
        state.close_session().await;
    }
    state
        .profiles
        .remove(&name, state.keychain())
        .await
        .map_err(|e| record(e.into()))?;
    tracing::info!(profile = %name, "profile removed");
    crate::commands::profiles::list(&state).map_err(record)
}

/// Renames a profile; its keychain entries move to the new name.
#[tauri::command]
#[specta::specta]
pub async fn rename_profile(
    state: tauri::State<'_, AppState>,
    name: String,
    new_name: String,
) -> Result<ProfileList, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let profile = state.profiles.get(&name).map_err(|e| record(e.into()))?;
    if is_the_demo_profile(&profile) {
        return Err(record(IpcError::new(
            "demo_managed",
            format!("The demo profile keeps the name {DEMO_PROFILE_NAME}."),
            "The app finds the demo by this name. Rename your other profiles as you like.",
        )));
    }
    let was_active = is_open(&state, &name).await;
    state
        .profiles
        .rename(&name, &new_name, state.keychain())
        .await
        .map_err(|e| record(e.into()))?;
    if was_active {
        let profile = state
            .profiles
            .get(&new_name)
            .map_err(|e| record(e.into()))?;
        state
            .open_profile(profile)
            .await
            .map_err(|e| record(e.into()))?;
    }
    crate::commands::profiles::list(&state).map_err(record)
}

/// Reports whether `profile` is the one "Try the demo" creates and finds by its name.
fn is_the_demo_profile(profile: &Profile) -> bool {
    profile.environment == Environment::Demo && profile.name.matches(DEMO_PROFILE_NAME)
}

/// Reports whether the profile named `name` is the one the active session runs on.
async fn is_open(state: &AppState, name: &str) -> bool {
    state
        .session()
        .await
        .is_some_and(|session| session.profile().name.matches(name))
}

/// The fields of a profile the Settings screen edits, as typed.
#[derive(Clone, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileEdit {
    /// The Aerial org's domain, or its base URL for demo and custom profiles.
    pub aerial_org: String,
    pub account_id: String,
    pub client_id: String,
    /// The `kid` of the public key registered on the app.
    pub key_id: String,
    /// Whether the app requires DPoP-bound access tokens, as set in the Admin Console.
    pub dpop: bool,
    /// The Aerial service's base URL. Only custom profiles have one to edit, so it is `None` for
    /// production, sandbox and demo profiles, whose service the app sets.
    pub service_url: Option<String>,
}

/// Returns the editable fields of the profile named `name`, as the edit form starts.
#[tauri::command]
#[specta::specta]
pub async fn profile_for_edit(
    state: tauri::State<'_, AppState>,
    name: String,
) -> Result<ProfileEdit, IpcError> {
    let profile = state
        .profiles
        .get(&name)
        .map_err(|e| state.recent_errors.record(e.into()))?;
    Ok(ProfileEdit {
        aerial_org: profile.aerial_org.to_string(),
        account_id: profile.account_id.to_string(),
        client_id: profile.client_id.to_string(),
        key_id: profile.key_id.to_string(),
        dpop: profile.dpop,
        service_url: (profile.environment == Environment::Custom)
            .then(|| profile.aerial_service.to_string()),
    })
}

/// Changes a profile's Aerial org, account ID, client ID, key ID, DPoP setting and, for a custom
/// profile, its Aerial service, after checking each value with the connect wizard's rules. The
/// key in the keychain stays; an open profile is reopened.
#[tauri::command]
#[specta::specta]
pub async fn edit_profile(
    state: tauri::State<'_, AppState>,
    name: String,
    edit: ProfileEdit,
) -> Result<ProfileList, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let mut profile = state.profiles.get(&name).map_err(|e| record(e.into()))?;
    apply_edit(&mut profile, &edit).map_err(record)?;

    state
        .profiles
        .update(profile.clone(), state.keychain())
        .await
        .map_err(|e| record(e.into()))?;
    tracing::info!(profile = %name, dpop = profile.dpop, "profile edited");
    if is_open(&state, &name).await {
        state
            .open_profile(profile)
            .await
            .map_err(|e| record(e.into()))?;
    }
    crate::commands::profiles::list(&state).map_err(record)
}

/// Checks each edited value with the connect wizard's rules and writes it into `profile`.
fn apply_edit(profile: &mut Profile, edit: &ProfileEdit) -> Result<(), IpcError> {
    let invalid = |error: ValidationError| IpcError::from(ProfileError::Invalid(error));
    profile.aerial_org =
        OrgAddress::parse(profile.environment, &edit.aerial_org).map_err(invalid)?;
    profile.account_id = AccountId::parse(&edit.account_id).map_err(invalid)?;
    profile.client_id = ClientId::parse(&edit.client_id).map_err(invalid)?;
    profile.key_id = KeyId::parse(&edit.key_id).map_err(invalid)?;
    profile.dpop = edit.dpop;

    match (profile.environment, edit.service_url.as_deref()) {
        (Environment::Custom, Some(url)) => {
            profile.aerial_service = BaseUrl::parse(url).map_err(invalid)?;
        }
        (_, None) => {}
        (environment, Some(url)) => {
            let unchanged = BaseUrl::parse(url).is_ok_and(|url| url == profile.aerial_service);
            if !unchanged {
                return Err(IpcError::new(
                    "invalid_value",
                    format!("The Aerial service of a {environment} profile cannot be changed."),
                    "Connect a custom profile to use another Aerial service.",
                ));
            }
        }
    }
    Ok(())
}

/// Opens the folder with the app's log files in the file manager.
#[tauri::command]
#[specta::specta]
pub fn open_log_folder(state: tauri::State<'_, AppState>) -> Result<(), IpcError> {
    let folder = &state.folders.logs;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    // NOTE: a successful spawn does not show that a file manager opened the folder, because the
    // opener's own exit status is not awaited.
    std::process::Command::new(opener)
        .arg(folder)
        .spawn()
        .map(|_| ())
        .map_err(|error| {
            state.recent_errors.record(
                IpcError::new(
                    "open_folder_failed",
                    format!("The log folder {} could not be opened.", folder.display()),
                    "Open the folder in your file manager yourself.",
                )
                .with_details(format!("{opener}: {error}")),
            )
        })
}

/// Returns the text "Copy diagnostics" puts on the clipboard: versions, OS, keychain status,
/// profiles by environment, and recent errors with Okta's errorIds. It contains no secret: no key,
/// token, client ID or account ID.
#[tauri::command]
#[specta::specta]
pub async fn diagnostics(state: tauri::State<'_, AppState>) -> Result<String, IpcError> {
    let keychain = state.keychain().probe().await;
    let mut text = String::new();
    let flavour = if cfg!(debug_assertions) {
        "development"
    } else {
        "release"
    };
    let _ = writeln!(
        text,
        "Aerial Desk {} ({flavour})",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(text, "Tauri: {}", tauri::VERSION);
    let (os, arch) = (std::env::consts::OS, std::env::consts::ARCH);
    let _ = writeln!(text, "OS: {os} {} ({arch})", support::os_version());

    match &keychain.error {
        None => {
            let _ = writeln!(text, "Keychain: ready ({})", keychain.store);
        }
        Some(error) => {
            let _ = writeln!(text, "Keychain: {} ({})", error.message, error.detail);
        }
    }

    let profiles = state.profiles.list().unwrap_or_default();
    let environments: Vec<&str> = profiles
        .iter()
        .map(|profile| environment_name(profile.environment))
        .collect();
    let _ = writeln!(
        text,
        "Profiles: {} ({})",
        profiles.len(),
        environments.join(", ")
    );

    // Error messages name the account and the app, which the diagnostics leave out.
    let hidden: Vec<(String, &str)> = profiles
        .iter()
        .flat_map(|profile| {
            [
                (profile.account_id.to_string(), "[account ID]"),
                (profile.client_id.to_string(), "[client ID]"),
            ]
        })
        .collect();
    support::write_recent_errors(&mut text, &state.recent_errors.list(), &hidden);
    Ok(text)
}
