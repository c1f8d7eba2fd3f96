//! The "Try the demo" button: the in-process emulator, the Demo profile, and its session.

use tauri::ipc::Channel;

use crate::commands::profiles::{OpenedProfile, opened};
use crate::ipc_error::IpcError;
use crate::state::{AppState, DemoProgress, DemoStep};

/// Starts the demo emulator, creates or refreshes the Demo profile, makes it active and opens
/// it, sending each step to `on_progress` as it begins. The demo then runs over the same code
/// path as a real account.
#[tauri::command]
#[specta::specta]
pub async fn try_the_demo(
    state: tauri::State<'_, AppState>,
    on_progress: Channel<DemoProgress>,
) -> Result<OpenedProfile, IpcError> {
    let report = |progress: DemoProgress| {
        if let Err(error) = on_progress.send(progress) {
            tracing::debug!(%error, "the demo progress channel is closed");
        }
    };
    let session = state
        .open_demo(report)
        .await
        .map_err(|e| state.recent_errors.record(e.into()))?;
    report(DemoProgress::step(DemoStep::CheckChanges));
    Ok(opened(&state, &session).await)
}
