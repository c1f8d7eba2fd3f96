//! A service app's credentials and its DPoP state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::keys::{KeyError, KeyType, PrivateKey};
use crate::urls::BaseUrl;

/// An OAuth service app in one org, signing in with `private_key_jwt`.
#[derive(Debug)]
pub struct ServiceApp {
    profile_id: String,
    org: BaseUrl,
    client_id: String,
    key: Arc<PrivateKey>,
    dpop: Mutex<DpopState>,
    nonces: Mutex<HashMap<String, String>>,
}

#[derive(Debug, Default)]
struct DpopState {
    key: Option<Arc<PrivateKey>>,
    switched_on_automatically: bool,
}

impl ServiceApp {
    /// Describes the app. `profile_id` names the cache entry, so two profiles never share tokens.
    pub fn new(
        profile_id: impl Into<String>,
        org: BaseUrl,
        client_id: impl Into<String>,
        key: Arc<PrivateKey>,
    ) -> Self {
        ServiceApp {
            profile_id: profile_id.into(),
            org,
            client_id: client_id.into(),
            key,
            dpop: Mutex::new(DpopState::default()),
            nonces: Mutex::new(HashMap::new()),
        }
    }

    /// Turns DPoP on with `dpop_key`, which must not be the client-assertion key.
    pub fn with_dpop(self, dpop_key: Arc<PrivateKey>) -> Self {
        self.dpop.lock().expect("DPoP state poisoned").key = Some(dpop_key);
        self
    }

    /// The cache namespace.
    pub fn profile_id(&self) -> &str {
        &self.profile_id
    }

    /// The org whose authorization server issues the tokens.
    pub fn org(&self) -> &BaseUrl {
        &self.org
    }

    /// The OAuth client ID.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The client-assertion key.
    pub fn key(&self) -> &Arc<PrivateKey> {
        &self.key
    }

    /// The DPoP key while DPoP is on.
    pub fn dpop_key(&self) -> Option<Arc<PrivateKey>> {
        self.dpop.lock().expect("DPoP state poisoned").key.clone()
    }

    /// Reports whether DPoP was switched on because the server required it, so the caller can
    /// save that in the profile.
    pub fn dpop_switched_on_automatically(&self) -> bool {
        self.dpop
            .lock()
            .expect("DPoP state poisoned")
            .switched_on_automatically
    }

    /// Switches DPoP on with a new EC P-256 key after the server reported a missing proof.
    pub(crate) fn switch_dpop_on(&self) -> Result<Arc<PrivateKey>, KeyError> {
        let mut state = self.dpop.lock().expect("DPoP state poisoned");
        if let Some(key) = &state.key {
            return Ok(key.clone());
        }
        let key = Arc::new(PrivateKey::generate(KeyType::EcP256)?);
        state.key = Some(key.clone());
        state.switched_on_automatically = true;
        Ok(key)
    }

    /// The last DPoP nonce `origin` sent.
    pub(crate) fn dpop_nonce(&self, origin: &str) -> Option<String> {
        self.nonces
            .lock()
            .expect("nonce map poisoned")
            .get(origin)
            .cloned()
    }

    /// Keeps the nonce from a `DPoP-Nonce` response header.
    pub(crate) fn remember_dpop_nonce(&self, origin: &str, nonce: Option<&str>) {
        if let Some(nonce) = nonce {
            let mut nonces = self.nonces.lock().expect("nonce map poisoned");
            nonces.insert(origin.to_owned(), nonce.to_owned());
        }
    }
}
