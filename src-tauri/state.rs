//! The state every command can reach through `tauri::State`.

use desk::Keychain;

/// The app's managed state.
pub struct AppState {
    /// The OS keychain, namespaced per build flavour.
    pub keychain: Keychain,
}

impl AppState {
    pub fn new() -> Self {
        Self {
            keychain: Keychain::for_this_build(),
        }
    }
}
