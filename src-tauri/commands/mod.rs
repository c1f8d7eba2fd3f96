//! IPC commands, one module per domain.

pub mod app;
pub mod keychain;
