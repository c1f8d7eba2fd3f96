//! The orgs table: every managed org, loaded page by page through the `Link` header.

use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;

use crate::commands::profiles::active_session;
use crate::commands::views::OrgRow;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Progress of a load, sent after each page.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgsProgress {
    /// Orgs received so far.
    pub loaded: u32,
}

/// Loads every org of the account, following `Link` pages, and sends the running count to
/// `on_progress` after each page. [`cancel_loads`] stops it.
#[tauri::command]
#[specta::specta]
pub async fn list_orgs(
    state: tauri::State<'_, AppState>,
    on_progress: Channel<OrgsProgress>,
) -> Result<Vec<OrgRow>, IpcError> {
    let session = active_session(&state).await?;
    let report = |loaded: usize| {
        let loaded = u32::try_from(loaded).unwrap_or(u32::MAX);
        if let Err(error) = on_progress.send(OrgsProgress { loaded }) {
            tracing::debug!(%error, "the orgs progress channel is closed");
        }
    };
    let cancelled = state.cancel_loads.notified();
    let orgs = tokio::select! {
        result = session.orgs(None, report) => result.map_err(|e| state.recent_errors.record(e.into()))?,
        () = cancelled => return Err(IpcError::cancelled()),
    };
    tracing::info!(count = orgs.len(), "orgs loaded");
    Ok(orgs.iter().map(OrgRow::from).collect())
}

/// Stops every load in progress; each returns the `cancelled` error.
#[tauri::command]
#[specta::specta]
pub fn cancel_loads(state: tauri::State<'_, AppState>) {
    state.cancel_loads.notify_waiters();
}
