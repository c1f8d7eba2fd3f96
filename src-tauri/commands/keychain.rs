//! Commands about the OS keychain.

use serde::Serialize;
use specta::Type;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// A keychain that passed the write, read-back and delete probe.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct KeychainReady {
    /// The store's name as users know it.
    pub store: String,
}

/// Checks that the OS keychain can store, return and delete a secret.
#[tauri::command]
#[specta::specta]
pub async fn check_keychain(state: tauri::State<'_, AppState>) -> Result<KeychainReady, IpcError> {
    let status = state.keychain().probe().await;
    match status.error {
        None => Ok(KeychainReady {
            store: status.store.to_owned(),
        }),
        Some(error) => {
            tracing::warn!(problem = ?error.problem, detail = %error.detail, "keychain check failed");
            Err(error.into())
        }
    }
}
