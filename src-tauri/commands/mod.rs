//! IPC commands, one module per domain.

pub mod app;
pub mod connect;
pub mod create_org;
pub mod demo;
pub mod history;
pub mod keychain;
pub mod link;
pub mod link_consent;
pub mod org_detail;
pub mod orgs;
pub mod products;
pub mod profiles;
pub mod settings;
pub mod status;
pub mod views;
