//! The desktop app's integration tests, in one binary because each one links all of Tauri.

mod bindings;
mod demo_ipc;
mod ipc;
mod settings;
mod wizards;
