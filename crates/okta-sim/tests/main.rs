//! Integration tests: each starts the emulator in-process on a random loopback port and talks
//! to it over real HTTP.

mod support;

mod aerial;
mod consent;
mod control;
mod dpop;
mod faults;
mod limits;
mod link;
mod malformed;
mod management;
mod org_creator;
mod orgs_list;
mod persistence;
mod standalone;
mod token;
