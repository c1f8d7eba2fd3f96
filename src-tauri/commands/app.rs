//! Commands about the app itself.

use serde::Serialize;
use specta::Type;

/// The name, version and build flavour shown on the welcome screen.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// `release`, or `development` for debug builds, whose keychain entries are kept apart.
    pub build_flavour: String,
}

/// A screen the UI reports as fully rendered, with the data it waits for.
#[derive(Clone, Copy, Debug, serde::Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Screen {
    Welcome,
    /// The orgs table with its first rows of data, reported once per process.
    Orgs,
}

/// Returns the app's name, version and build flavour.
#[tauri::command]
#[specta::specta]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "Aerial Desk".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        build_flavour: if cfg!(debug_assertions) {
            "development"
        } else {
            "release"
        }
        .to_owned(),
    }
}

/// Records that a screen finished rendering, for the log and the startup benchmark.
#[tauri::command]
#[specta::specta]
pub fn screen_shown(screen: Screen) {
    tracing::debug!(?screen, "screen rendered");
    crate::bench::mark_screen_shown(screen);
}
