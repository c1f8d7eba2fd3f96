//! Shared emulator state: the world behind one lock, runtime bookkeeping, the clock and the
//! signing key for access tokens.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use crate::clock::Clock;
use crate::config::SimConfig;
use crate::faults::FaultSet;
use crate::limits::Limits;
use crate::request_log::RequestLog;
use crate::world::{Account, Client, Org, World};

/// An access token the emulator issued.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub(crate) org_id: String,
    pub(crate) client_id: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires_at: i64,
    /// RFC 7638 thumbprint of the DPoP key the token is bound to (`cnf.jkt`).
    pub(crate) jkt: Option<String>,
}

/// Bookkeeping that is not part of the seed: tokens, used `jti`s, nonces, creation times.
#[derive(Debug, Default)]
pub(crate) struct Runtime {
    pub(crate) tokens: HashMap<String, IssuedToken>,
    /// `(client ID, jti)` of used client assertions, with their `exp`.
    pub(crate) assertion_jtis: HashMap<(String, String), i64>,
    /// `jti`s of used DPoP proofs, with the time after which they may be forgotten.
    pub(crate) dpop_jtis: HashMap<String, i64>,
    /// Issued DPoP nonces and when each expires.
    pub(crate) nonces: HashMap<String, i64>,
    /// Times of recent Org Creator requests per parent org, for the per-minute limit.
    pub(crate) org_creations: HashMap<String, VecDeque<i64>>,
    /// System Log events of Aerial changes, in order.
    pub(crate) events: Vec<Value>,
}

impl Runtime {
    /// Drops expired tokens, `jti`s and nonces so long runs keep bounded memory.
    pub(crate) fn prune(&mut self, now: i64) {
        self.tokens.retain(|_, token| token.expires_at > now);
        self.assertion_jtis.retain(|_, exp| *exp > now);
        self.dpop_jtis.retain(|_, forget_at| *forget_at > now);
        self.nonces.retain(|_, expires| *expires > now);
    }
}

/// The state a request may read or change, behind [`Sim::data`].
#[derive(Debug, Default)]
pub(crate) struct Data {
    pub(crate) world: World,
    pub(crate) runtime: Runtime,
    /// Counts token requests, so expired entries are pruned once every 1,000 of them.
    pub(crate) requests_since_prune: u32,
}

impl Data {
    pub(crate) fn org(&self, id: &str) -> Option<&Org> {
        self.world.orgs.iter().find(|org| org.id == id)
    }

    pub(crate) fn org_mut(&mut self, id: &str) -> Option<&mut Org> {
        self.world.orgs.iter_mut().find(|org| org.id == id)
    }

    pub(crate) fn org_by_domain(&self, domain: &str) -> Option<&Org> {
        self.world
            .orgs
            .iter()
            .find(|org| org.domain.eq_ignore_ascii_case(domain))
    }

    pub(crate) fn account(&self, id: &str) -> Option<&Account> {
        self.world.accounts.iter().find(|account| account.id == id)
    }

    /// Returns the account whose Aerial org this is, if any.
    pub(crate) fn account_of_aerial_org(&self, org_id: &str) -> Option<&Account> {
        self.world
            .accounts
            .iter()
            .find(|account| account.aerial_org_id == org_id)
    }

    pub(crate) fn client(&self, client_id: &str) -> Option<&Client> {
        self.world
            .clients
            .iter()
            .find(|client| client.client_id == client_id)
    }

    pub(crate) fn client_mut(&mut self, client_id: &str) -> Option<&mut Client> {
        self.world
            .clients
            .iter_mut()
            .find(|client| client.client_id == client_id)
    }

    /// Returns the consent that applies to an org: its own, or for a child org its parent's.
    pub(crate) fn effective_consent<'a>(
        &'a self,
        org: &'a Org,
    ) -> Option<&'a crate::world::Consent> {
        match &org.parent_org_id {
            Some(parent) => self.org(parent).and_then(|parent| parent.consent.as_ref()),
            None => org.consent.as_ref(),
        }
    }
}

/// Everything one emulator instance shares between connections.
pub(crate) struct Sim {
    pub(crate) config: SimConfig,
    pub(crate) clock: Clock,
    data: Mutex<Data>,
    pub(crate) faults: Mutex<FaultSet>,
    pub(crate) log: Mutex<RequestLog>,
    pub(crate) limits: Limits,
    /// Signs access tokens (ES256); a fresh key per process, so tokens die with the process.
    pub(crate) token_key: p256::ecdsa::SigningKey,
}

/// Locks a mutex, recovering the data if a previous holder panicked.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Sim {
    pub(crate) fn new(config: SimConfig, world: World) -> Self {
        let limits = Limits::new(config.rate_limit_per_minute, config.concurrency_per_account);
        Self {
            config,
            clock: Clock::default(),
            data: Mutex::new(Data {
                world,
                ..Data::default()
            }),
            faults: Mutex::new(FaultSet::default()),
            log: Mutex::new(RequestLog::default()),
            limits,
            token_key: p256::ecdsa::SigningKey::random(&mut rand::rngs::OsRng),
        }
    }

    pub(crate) fn data(&self) -> MutexGuard<'_, Data> {
        lock(&self.data)
    }

    /// Writes the world to the persistence file, if one is configured. Failures are logged and
    /// do not fail the request that caused the change.
    pub(crate) fn persist(&self, world: &World) {
        if let Some(path) = &self.config.persist_to
            && let Err(error) = crate::persist::write_world(path, world)
        {
            tracing::error!(%error, "failed to persist emulator state");
        }
    }
}
