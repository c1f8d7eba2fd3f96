//! The Tauri shell of Aerial Desk: window setup, managed state, logging and the IPC commands.
//! The logic lives in `crates/desk`, which does not depend on Tauri; each command here takes the
//! state, calls the core and maps the error.

mod bench;
pub mod bindings;
mod commands;
pub mod dialogs;
pub mod ipc_error;
mod logging;
pub mod recent_errors;
pub mod state;

use tauri::Manager;

/// Starts the app and runs its event loop until the last window closes.
pub fn run() {
    let result = with_commands(tauri::Builder::default())
        .setup(|app| {
            let log_folder = app.path().app_log_dir()?;
            let guard = logging::init(&log_folder)?;
            app.manage(logging::LogGuard(guard));
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Aerial Desk started");

            let folders = state::AppFolders::for_this_build(log_folder)?;
            let app_state = tauri::async_runtime::block_on(state::AppState::open(folders))?;
            app_state.set_save_dialog(dialogs::native(app.handle().clone()));
            app.manage(app_state);
            Ok(())
        })
        .run(tauri::generate_context!());

    if let Err(error) = result {
        tracing::error!(%error, "Aerial Desk stopped with an error");
        eprintln!("Aerial Desk could not start: {error}");
        std::process::exit(1);
    }
}

/// Adds the plugins and the IPC commands to `builder`; the app and the IPC tests share it. The
/// commands need a [`state::AppState`]: the app manages one opened on the OS folders at setup,
/// and tests manage one opened on a temporary folder.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    let invoke_commands = bindings::builder::<R>().invoke_handler();
    builder
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(move |invoke| {
            bench::mark_first_command();
            invoke_commands(invoke)
        })
}
