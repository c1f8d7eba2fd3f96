//! A local emulator of the Okta services Aerial Desk calls: the Aerial service, each org's token
//! endpoint, Org Creator, Aerial consent and a small part of the management API.
//!
//! One server on a loopback port serves every host and routes by the `Host` header. Start it
//! in-process with [`start`] or standalone with the `okta-sim` binary. The crate README describes
//! the host routing, the control API under `/__sim/` and the seed format.

#![warn(missing_docs)]

mod api;
mod client_keys;
mod clock;
mod config;
mod control;
mod demo;
mod dispatch;
mod error;
mod faults;
mod ids;
mod jose;
mod limits;
mod persist;
mod request;
mod request_log;
mod server;
mod state;
mod timefmt;
mod world;

pub use config::SimConfig;
pub use error::SimError;
pub use server::{RunningSim, start};
pub use world::World;
