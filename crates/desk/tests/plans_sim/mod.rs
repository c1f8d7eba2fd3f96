//! okta-sim with its demo account for product-plan tests: admins that sign in as their own
//! service apps, a writer outside Aerial Desk that sends raw PUTs, and the emulator's request log.

// Each test binary uses a different part of this helper.
#![allow(dead_code)]

use std::sync::Arc;

use okta::aerial::Product;
use okta::{
    AerialClient, BaseUrl, Http, HttpConfig, KeyType, PrivateKey, ScopeSet, ServiceApp,
    TokenClient, scope,
};
use okta_sim::{RunningSim, SimConfig};
use serde_json::{Value, json};

pub const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";
/// Northwind Europe: linked, active, not the Aerial org.
pub const ORG_ID: &str = "00onweu0000000000002";
/// The four products the demo account subscribes to.
pub const PRODUCTS: [&str; 4] = ["P000052", "P000131", "P000139", "P001113"];

const AERIAL_ORG_HOST: &str = "northwind-aerial.sim.localhost";

/// A running emulator and a raw HTTP client that resolves its host names to its loopback port.
pub struct PlanSim {
    pub running: RunningSim,
    raw: reqwest::Client,
}

/// One admin: a service app of its own, with its own token cache and Aerial client.
pub struct Admin {
    pub client: AerialClient,
    tokens: Arc<TokenClient>,
    app: Arc<ServiceApp>,
}

impl PlanSim {
    pub async fn start() -> Self {
        // The default per-minute budget is generous, but the race test sends thousands of
        // requests a minute and must never wait for a rate-limit reset.
        let config = SimConfig::demo()
            .control_api(true)
            .rate_limit_per_minute(1_000_000);
        let running = okta_sim::start(config).await.expect("okta-sim starts");
        let addr = running.addr();
        let aerial_host = url::Url::parse(&running.aerial_url())
            .unwrap()
            .host_str()
            .unwrap()
            .to_owned();
        let raw = reqwest::Client::builder()
            .no_proxy()
            .resolve(AERIAL_ORG_HOST, addr)
            .resolve(&aerial_host, addr)
            .build()
            .unwrap();
        PlanSim { running, raw }
    }

    /// Calls the emulator's control API and returns its JSON response.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("http://127.0.0.1:{}/__sim/{path}", self.running.port());
        let response = self
            .raw
            .request(method, url)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(status.is_success(), "control {path}: {status}");
        response.json().await.unwrap_or(Value::Null)
    }

    /// Registers a service app `client_id` with both Aerial scopes and signs in as it.
    pub async fn admin(&self, client_id: &str) -> Admin {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let body = json!({
            "orgDomain": AERIAL_ORG_HOST,
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": ["okta.accounts.read", "okta.accounts.manage"],
            "dpopRequired": false,
            "jwks": [key.public_jwk()],
        });
        self.control(reqwest::Method::POST, "clients", body).await;

        let org = BaseUrl::parse(&self.running.url_for(AERIAL_ORG_HOST)).unwrap();
        let app = Arc::new(ServiceApp::new(client_id, org, client_id, Arc::new(key)));
        let http = Http::new(HttpConfig::loopback()).unwrap();
        let tokens = Arc::new(TokenClient::new(http.clone()));
        let service = BaseUrl::parse(&self.running.aerial_url()).unwrap();
        let client =
            AerialClient::new(http, tokens.clone(), service, ACCOUNT_ID, app.clone()).unwrap();
        Admin {
            client,
            tokens,
            app,
        }
    }

    fn products_url(&self) -> String {
        format!(
            "{}/{ACCOUNT_ID}/api/v1/orgs/{ORG_ID}/products",
            self.running.aerial_url()
        )
    }

    /// Replaces the org's products with a raw PUT, as a script or another tool would.
    pub async fn raw_put_products(&self, token: &str, ids: &[String]) {
        let body: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
        let response = self
            .raw
            .put(self.products_url())
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(status.is_success(), "raw PUT of {ids:?}: {status}");
    }

    /// Reads the org's product IDs with a raw GET, sorted.
    pub async fn raw_product_ids(&self, token: &str) -> Vec<String> {
        let response = self
            .raw
            .get(self.products_url())
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "raw GET products");
        let products: Vec<Product> = response.json().await.unwrap();
        sorted_ids(&products)
    }

    /// Clears the emulator's request log.
    pub async fn clear_requests(&self) {
        self.control(reqwest::Method::DELETE, "requests", Value::Null)
            .await;
    }

    /// Returns every request the emulator logged since the last clear, as `(method, path, body)`.
    pub async fn requests(&self) -> Vec<(String, String, String)> {
        let log = self
            .control(reqwest::Method::GET, "requests", Value::Null)
            .await;
        log.as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                let field = |name: &str| entry[name].as_str().unwrap_or_default().to_owned();
                (field("method"), field("path"), field("body"))
            })
            .collect()
    }

    /// Returns the product lists PUT to the org since the last clear, in arrival order, each sorted.
    pub async fn product_puts(&self) -> Vec<Vec<String>> {
        let path = format!("/{ACCOUNT_ID}/api/v1/orgs/{ORG_ID}/products");
        self.requests()
            .await
            .into_iter()
            .filter(|(method, request_path, _)| method == "PUT" && *request_path == path)
            .map(|(_, _, body)| {
                let products: Vec<Value> = serde_json::from_str(&body).unwrap();
                let mut ids: Vec<String> = products
                    .iter()
                    .map(|product| product["id"].as_str().unwrap().to_owned())
                    .collect();
                ids.sort();
                ids
            })
            .collect()
    }
}

impl Admin {
    /// Requests an access token with `okta.accounts.manage`, for raw calls.
    pub async fn token(&self) -> String {
        let scopes = ScopeSet::one(scope::ACCOUNTS_MANAGE);
        let token = self.tokens.token(&self.app, &scopes).await.unwrap();
        token.secret().expose().clone()
    }
}

/// Returns the IDs of `products`, sorted.
pub fn sorted_ids(products: &[Product]) -> Vec<String> {
    let mut ids: Vec<String> = products.iter().map(|product| product.id.clone()).collect();
    ids.sort();
    ids
}
