//! IPC commands, one module per domain.

pub mod app;
pub mod demo;
pub mod keychain;
pub mod profiles;
