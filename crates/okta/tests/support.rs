//! Starts the emulator in-process and wires a client to it.

use std::sync::Arc;
use std::time::Duration;

use okta::token::{Clock, SystemClock};
use okta::{
    AerialClient, BaseUrl, Http, HttpConfig, KeyType, PrivateKey, PublicJwk, ServiceApp,
    TokenClient,
};
use okta_sim::{RunningSim, SimConfig};
use serde_json::{Value, json};

/// The demo Aerial account.
pub const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";
/// The demo Aerial org's subdomain.
pub const AERIAL_ORG: &str = "northwind-aerial";
/// The scopes granted to clients registered by [`TestSim::connect`].
pub const AERIAL_SCOPES: [&str; 2] = ["okta.accounts.read", "okta.accounts.manage"];

/// A running emulator plus a plain HTTP client for its control API.
pub struct TestSim {
    pub sim: RunningSim,
    control: reqwest::Client,
}

/// A client connected to the emulator as one registered service app.
pub struct Connected {
    pub http: Http,
    pub tokens: Arc<TokenClient>,
    pub app: Arc<ServiceApp>,
    pub aerial: AerialClient,
}

/// HTTP settings for tests: no proxy and short waits, so retries finish quickly.
pub fn test_http_config() -> HttpConfig {
    HttpConfig {
        initial_backoff: Duration::from_millis(20),
        jitter: Duration::from_millis(20),
        max_wait: Duration::from_secs(3),
        ..HttpConfig::loopback()
    }
}

impl TestSim {
    /// Starts the demo world with the control API and no org-ready delay.
    pub async fn demo() -> Self {
        Self::start(SimConfig::demo()).await
    }

    /// Starts `config` with the control API on and no org-ready delay.
    pub async fn start(config: SimConfig) -> Self {
        Self::start_exact(config.org_ready_delay(Duration::ZERO)).await
    }

    /// Starts `config` with the control API on, keeping its org-ready delay.
    pub async fn start_exact(config: SimConfig) -> Self {
        let config = config.control_api(true);
        let sim = okta_sim::start(config)
            .await
            .expect("the emulator starts on a loopback port");
        let control = reqwest::Client::builder().no_proxy().build().unwrap();
        TestSim { sim, control }
    }

    /// The base URL of an org host by subdomain.
    pub fn org(&self, subdomain: &str) -> BaseUrl {
        BaseUrl::parse(&self.sim.url_for(&format!("{subdomain}.sim.localhost"))).unwrap()
    }

    /// The Aerial service base URL.
    pub fn aerial_service(&self) -> BaseUrl {
        BaseUrl::parse(&self.sim.aerial_url()).unwrap()
    }

    /// Sends one control API request and returns the JSON response.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("http://127.0.0.1:{}/__sim/{path}", self.sim.port());
        let mut request = self.control.request(method.clone(), &url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the control API answers");
        let status = response.status();
        let text = response.text().await.unwrap();
        assert!(
            status.is_success(),
            "{method} {path} returned {status}: {text}"
        );
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Registers a service app in `subdomain`'s org with the given public keys.
    pub async fn register_client(
        &self,
        subdomain: &str,
        client_id: &str,
        scopes: &[&str],
        dpop_required: bool,
        jwks: &[PublicJwk],
    ) {
        self.register_client_raw(json!({
            "orgDomain": format!("{subdomain}.sim.localhost"),
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": scopes,
            "dpopRequired": dpop_required,
            "jwks": jwks,
        }))
        .await;
    }

    /// Registers a client from a raw control API body.
    pub async fn register_client_raw(&self, body: Value) {
        self.control(reqwest::Method::POST, "clients", Some(body))
            .await;
    }

    /// Injects a fault and returns its ID.
    pub async fn fault(&self, fault: Value) -> Value {
        self.control(reqwest::Method::POST, "faults", Some(fault))
            .await
    }

    /// Shifts the emulator's clock.
    pub async fn set_clock_offset(&self, seconds: i64) {
        self.control(
            reqwest::Method::PUT,
            "clock",
            Some(json!({ "offsetSeconds": seconds })),
        )
        .await;
    }

    /// The requests the emulator received, in order.
    pub async fn requests(&self) -> Vec<Value> {
        let log = self.control(reqwest::Method::GET, "requests", None).await;
        log.as_array().cloned().unwrap_or_default()
    }

    /// Clears the request log.
    pub async fn clear_requests(&self) {
        self.control(reqwest::Method::DELETE, "requests", None)
            .await;
    }

    /// The requests for `path` with `method`.
    pub async fn requests_to(&self, method: &str, path: &str) -> Vec<Value> {
        let all = self.requests().await;
        all.into_iter()
            .filter(|r| r["method"] == method && r["path"] == path)
            .collect()
    }

    /// Registers a fresh key as a service app in the Aerial org and connects a client.
    pub async fn connect(&self, client_id: &str, key_type: KeyType) -> Connected {
        self.connect_with(client_id, key_type, false, Arc::new(SystemClock))
            .await
    }

    /// Like [`TestSim::connect`], with DPoP required by the app and a chosen cache clock.
    pub async fn connect_with(
        &self,
        client_id: &str,
        key_type: KeyType,
        dpop_required: bool,
        clock: Arc<dyn Clock>,
    ) -> Connected {
        let key = Arc::new(PrivateKey::generate(key_type).unwrap());
        self.register_client(
            AERIAL_ORG,
            client_id,
            &AERIAL_SCOPES,
            dpop_required,
            &[key.public_jwk()],
        )
        .await;
        let app = Arc::new(ServiceApp::new(
            format!("profile-{client_id}"),
            self.org(AERIAL_ORG),
            client_id,
            key,
        ));
        self.connect_app(app, clock).await
    }

    /// Connects a client for an already described app.
    pub async fn connect_app(&self, app: Arc<ServiceApp>, clock: Arc<dyn Clock>) -> Connected {
        let http = Http::new(test_http_config()).unwrap();
        let tokens = Arc::new(TokenClient::with_clock(
            http.clone(),
            clock,
            okta::token::DEFAULT_REFRESH_MARGIN,
        ));
        let aerial = AerialClient::new(
            http.clone(),
            tokens.clone(),
            self.aerial_service(),
            ACCOUNT_ID,
            app.clone(),
        )
        .unwrap();
        Connected {
            http,
            tokens,
            app,
            aerial,
        }
    }
}
