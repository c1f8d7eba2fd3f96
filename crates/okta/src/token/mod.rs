//! Access tokens from the org authorization server (`client_credentials` with
//! `private_key_jwt`), with an in-memory cache and one in-flight request per cache entry.

mod app;
mod clock;
mod request;
mod scopes;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use app::ServiceApp;
pub use clock::{Clock, ManualClock, SystemClock};
pub(crate) use request::DPOP_PROOF_MISSING;
pub use scopes::{ScopeSet, scope};

use crate::error::{ApiError, Error};
use crate::http::Http;
use crate::keys::PrivateKey;
use crate::secret::SecretString;

/// How long before expiry a cached token is replaced. Okta's tokens live one hour; a minute of
/// margin covers slow requests and small clock differences.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// The authorization scheme an access token is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `Authorization: Bearer …`.
    Bearer,
    /// `Authorization: DPoP …` plus a DPoP proof on every request.
    Dpop,
}

/// An access token with its expiry. The token value stays inside a [`SecretString`].
#[derive(Debug)]
pub struct AccessToken {
    value: SecretString,
    kind: TokenKind,
    scope: String,
    expires_at: Instant,
    dpop_key: Option<Arc<PrivateKey>>,
}

impl AccessToken {
    /// The token value.
    pub fn secret(&self) -> &SecretString {
        &self.value
    }

    /// Bearer or DPoP.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The scopes granted, as Okta returned them.
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// When the token expires, on the token client's clock.
    pub fn expires_at(&self) -> Instant {
        self.expires_at
    }

    /// The DPoP key the token is bound to, for DPoP tokens.
    pub fn dpop_key(&self) -> Option<&Arc<PrivateKey>> {
        self.dpop_key.as_ref()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    profile: String,
    /// The org and client ID as well, so a profile edited to another app never reuses a token
    /// the previous app was issued.
    org: String,
    client_id: String,
    scopes: ScopeSet,
    dpop_thumbprint: Option<String>,
}

/// One cache entry. `fetches` counts finished token requests, so a caller that waited for the
/// lock can tell that another caller's request ran meanwhile and share its failure.
#[derive(Default)]
struct Entry {
    fetches: AtomicU64,
    state: tokio::sync::Mutex<EntryState>,
}

#[derive(Default)]
struct EntryState {
    token: Option<Arc<AccessToken>>,
    /// The error status of the last request, when it failed with one.
    failure: Option<ApiError>,
}

type Slot = Arc<Entry>;

/// Fetches and caches access tokens per (profile, org, client ID, scope set, DPoP key).
///
/// A cached token is reused until [`TokenClient::refresh_margin`] before it expires. Callers
/// asking for the same entry at once wait for one shared token request, and share its error
/// status when it fails.
pub struct TokenClient {
    http: Http,
    clock: Arc<dyn Clock>,
    refresh_margin: Duration,
    slots: Mutex<HashMap<CacheKey, Slot>>,
    requests_sent: AtomicU64,
}

impl TokenClient {
    /// Creates a token client on the system clock with the default refresh margin.
    pub fn new(http: Http) -> Self {
        Self::with_clock(http, Arc::new(SystemClock), DEFAULT_REFRESH_MARGIN)
    }

    /// Creates a token client whose cache runs on `clock`; tests and benchmarks pass a
    /// [`ManualClock`] to simulate hours in seconds.
    pub fn with_clock(http: Http, clock: Arc<dyn Clock>, refresh_margin: Duration) -> Self {
        TokenClient {
            http,
            clock,
            refresh_margin,
            slots: Mutex::new(HashMap::new()),
            requests_sent: AtomicU64::new(0),
        }
    }

    /// How long before expiry a cached token is replaced.
    pub fn refresh_margin(&self) -> Duration {
        self.refresh_margin
    }

    /// The number of token endpoint requests sent so far, retries included.
    pub fn requests_sent(&self) -> u64 {
        self.requests_sent.load(Ordering::Relaxed)
    }

    /// Returns a cached token for `app` and `scopes`, or fetches one.
    pub async fn token(
        &self,
        app: &ServiceApp,
        scopes: &ScopeSet,
    ) -> Result<Arc<AccessToken>, Error> {
        let slot = self.slot(app, scopes);
        let seen = slot.fetches.load(Ordering::Acquire);
        let mut state = slot.state.lock().await;
        if let Some(token) = state.token.as_ref().filter(|token| self.is_fresh(token)) {
            return Ok(token.clone());
        }
        shared_failure(&slot, &state, seen)?;

        let result = self.fetch(app, scopes).await;
        let token = finish_fetch(&slot, &mut state, result)?;
        drop(state);
        self.store_if_dpop_switched(app, scopes, &token);
        Ok(token)
    }

    /// Replaces `rejected` after an API returned 401 for it. When another caller already
    /// replaced it, that newer token is returned without a new request.
    pub async fn refresh_rejected(
        &self,
        app: &ServiceApp,
        scopes: &ScopeSet,
        rejected: &Arc<AccessToken>,
    ) -> Result<Arc<AccessToken>, Error> {
        let slot = self.slot(app, scopes);
        let seen = slot.fetches.load(Ordering::Acquire);
        let mut state = slot.state.lock().await;
        if let Some(current) = state.token.as_ref()
            && !Arc::ptr_eq(current, rejected)
            && self.is_fresh(current)
        {
            return Ok(current.clone());
        }
        shared_failure(&slot, &state, seen)?;

        let result = self.fetch(app, scopes).await;
        finish_fetch(&slot, &mut state, result)
    }

    /// Drops every cached token of `profile`, for example after its key changed.
    pub fn forget_profile(&self, profile: &str) {
        let mut slots = self.slots.lock().expect("token cache poisoned");
        slots.retain(|key, _| key.profile != profile);
    }

    fn is_fresh(&self, token: &AccessToken) -> bool {
        self.clock.now() + self.refresh_margin < token.expires_at
    }

    fn slot(&self, app: &ServiceApp, scopes: &ScopeSet) -> Slot {
        let key = CacheKey {
            profile: app.profile_id().to_owned(),
            org: app.org().origin(),
            client_id: app.client_id().to_owned(),
            scopes: scopes.clone(),
            dpop_thumbprint: app.dpop_key().map(|key| key.thumbprint()),
        };
        let mut slots = self.slots.lock().expect("token cache poisoned");
        slots.entry(key).or_default().clone()
    }

    /// Files a token fetched while DPoP was switched on automatically under its new cache key,
    /// so the next call does not request another one. Skipped when that entry is busy.
    fn store_if_dpop_switched(
        &self,
        app: &ServiceApp,
        scopes: &ScopeSet,
        token: &Arc<AccessToken>,
    ) {
        if token.dpop_key.is_none() {
            return;
        }
        let slot = self.slot(app, scopes);
        if let Ok(mut state) = slot.state.try_lock()
            && state.token.is_none()
        {
            state.token = Some(token.clone());
        }
    }
}

/// Returns the error of a token request that another caller finished while this one waited for
/// the entry, so concurrent callers share one failed request as they share a successful one.
fn shared_failure(entry: &Entry, state: &EntryState, seen: u64) -> Result<(), Error> {
    let fetched_meanwhile = entry.fetches.load(Ordering::Acquire) != seen;
    match &state.failure {
        Some(failure) if fetched_meanwhile => Err(failure.clone().into()),
        _ => Ok(()),
    }
}

/// Stores the outcome of a token request in the entry and counts the request as finished.
fn finish_fetch(
    entry: &Entry,
    state: &mut EntryState,
    result: Result<AccessToken, Error>,
) -> Result<Arc<AccessToken>, Error> {
    let outcome = match result {
        Ok(token) => {
            let token = Arc::new(token);
            state.token = Some(token.clone());
            state.failure = None;
            Ok(token)
        }
        Err(err) => {
            state.failure = err.api().cloned();
            Err(err)
        }
    };
    entry.fetches.fetch_add(1, Ordering::AcqRel);
    outcome
}

#[cfg(test)]
mod tests;
