//! The "Try the demo" button: the in-process emulator, the Demo profile, and its session.

use crate::commands::profiles::{OpenedProfile, opened};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Starts the demo emulator, creates or refreshes the Demo profile, makes it active and opens
/// it. The demo then runs over the same code path as a real account.
#[tauri::command]
#[specta::specta]
pub async fn try_the_demo(state: tauri::State<'_, AppState>) -> Result<OpenedProfile, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let session = state.open_demo().await.map_err(|e| record(e.into()))?;
    Ok(opened(&state, &session).await)
}
