//! Emulator configuration: seed, hosts, lifetimes and switches.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::demo;
use crate::error::SimError;
use crate::world::World;

/// Default host name of the Aerial service.
pub const DEFAULT_AERIAL_HOST: &str = "aerial.sim.localhost";

/// How to seed and run an emulator; build one with [`SimConfig::demo`] or a seed constructor.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub(crate) world: World,
    pub(crate) listen: SocketAddr,
    pub(crate) aerial_host: String,
    pub(crate) token_lifetime: Duration,
    pub(crate) org_ready_delay: Duration,
    pub(crate) control_api: bool,
    pub(crate) persist_to: Option<PathBuf>,
    pub(crate) rate_limit_per_minute: u32,
    pub(crate) concurrency_per_account: usize,
    pub(crate) org_creations_per_minute: usize,
    pub(crate) max_body_bytes: usize,
}

impl SimConfig {
    fn with_world(world: World) -> Self {
        Self {
            world,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            aerial_host: DEFAULT_AERIAL_HOST.to_string(),
            token_lifetime: Duration::from_secs(3600),
            org_ready_delay: Duration::ZERO,
            control_api: false,
            persist_to: None,
            rate_limit_per_minute: 10_000,
            concurrency_per_account: 10,
            org_creations_per_minute: 10,
            max_body_bytes: 1024 * 1024,
        }
    }

    /// Seeds with the built-in demo account (Aerial org `northwind-aerial.sim.localhost`).
    pub fn demo() -> Self {
        Self::with_world(demo::demo_world())
    }

    /// Seeds from a JSON file in the format described in the README.
    pub fn from_seed_file(path: impl AsRef<Path>) -> Result<Self, SimError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| SimError::ReadSeed {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_seed_json(&text)
    }

    /// Seeds from JSON text in the format described in the README.
    pub fn from_seed_json(text: &str) -> Result<Self, SimError> {
        Ok(Self::with_world(World::from_json(text)?))
    }

    /// Sets `expires_in` of issued access tokens (default one hour, as in Okta).
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Sets how long an org made by Org Creator stays unreachable. The default is zero, and
    /// Okta's guide advises waiting 30 seconds before calling a new org.
    pub fn org_ready_delay(mut self, delay: Duration) -> Self {
        self.org_ready_delay = delay;
        self
    }

    /// Sets the delays real Okta has: an org made by Org Creator is reachable after 30 seconds.
    pub fn realistic(self) -> Self {
        self.org_ready_delay(Duration::from_secs(30))
    }

    /// Turns the `/__sim/` control API on or off (default off).
    pub fn control_api(mut self, enabled: bool) -> Self {
        self.control_api = enabled;
        self
    }

    /// Writes the state to this file after every change and loads it at start when it exists.
    pub fn persist_to(mut self, path: PathBuf) -> Self {
        self.persist_to = Some(path);
        self
    }

    /// Sets the host name of the Aerial service (default `aerial.sim.localhost`).
    pub fn aerial_host(mut self, host: String) -> Self {
        self.aerial_host = host.to_lowercase();
        self
    }

    /// Sets the loopback address to bind (default `127.0.0.1:0`, a random port).
    pub fn listen_addr(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Sets the per-minute request budget of each host and route group (default 10,000).
    pub fn rate_limit_per_minute(mut self, budget: u32) -> Self {
        self.rate_limit_per_minute = budget;
        self
    }

    /// Returns the seed this configuration starts from.
    pub fn world(&self) -> &World {
        &self.world
    }
}
