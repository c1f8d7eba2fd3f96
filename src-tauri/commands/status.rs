//! Activating and deactivating orgs, and requesting the deletion of inactive ones.

use desk::session::{DeletionRequest, StatusChange};
use okta::aerial::OrgStatus;

use crate::commands::profiles::active_session;
use crate::commands::views::OrgRow;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Activates an org, or deactivates it when `active` is false. Deactivation needs the org's
/// name typed back, and is rejected for the account's Aerial org.
#[tauri::command]
#[specta::specta]
pub async fn set_org_status(
    state: tauri::State<'_, AppState>,
    org_id: String,
    active: bool,
    typed_name: Option<String>,
) -> Result<OrgRow, IpcError> {
    let session = active_session(&state).await?;
    let change = StatusChange {
        org_id,
        status: if active {
            OrgStatus::Active
        } else {
            OrgStatus::Inactive
        },
        typed_name,
    };
    let org = session
        .set_status(&change)
        .await
        .map_err(|e| state.recent_errors.record(e.into()))?;
    Ok(OrgRow::from(&org))
}

/// Asks Okta to delete an inactive org, confirmed by the org's name typed back.
#[tauri::command]
#[specta::specta]
pub async fn request_org_deletion(
    state: tauri::State<'_, AppState>,
    org_id: String,
    typed_name: String,
) -> Result<(), IpcError> {
    let session = active_session(&state).await?;
    let request = DeletionRequest { org_id, typed_name };
    session
        .request_deletion(&request)
        .await
        .map_err(|e| state.recent_errors.record(e.into()))
}
