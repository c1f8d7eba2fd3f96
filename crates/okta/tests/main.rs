//! Tests of the Okta client against the okta-sim emulator over real loopback HTTP.

mod support;

mod dpop;
mod happy_path;
mod orgs;
mod pagination;
mod resilience;
mod token_cache;
mod token_errors;
mod transport_kinds;
