//! The Tauri shell of Aerial Desk: window setup, managed state, logging and the IPC commands.
//! The logic lives in `crates/desk`, which does not depend on Tauri; each command here takes the
//! state, calls the core and maps the error.

mod bench;
pub mod bindings;
mod commands;
pub mod ipc_error;
mod logging;
mod state;

use tauri::Manager;

/// Starts the app and runs its event loop until the last window closes.
pub fn run() {
    let result = with_commands(tauri::Builder::default())
        .setup(|app| {
            let guard = logging::init(&app.path().app_log_dir()?)?;
            app.manage(logging::LogGuard(guard));
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "Aerial Desk started");
            Ok(())
        })
        .run(tauri::generate_context!());

    if let Err(error) = result {
        tracing::error!(%error, "Aerial Desk stopped with an error");
        eprintln!("Aerial Desk could not start: {error}");
        std::process::exit(1);
    }
}

/// Adds the managed state and the IPC commands to `builder`; the app and the IPC tests share it.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    let invoke_commands = bindings::builder::<R>().invoke_handler();
    builder
        .manage(state::AppState::new())
        .invoke_handler(move |invoke| {
            bench::mark_first_command();
            invoke_commands(invoke)
        })
}
