//! Test harness: an in-process emulator on a random port, a reqwest client that resolves
//! `*.localhost` to 127.0.0.1 itself, and builders for client assertions and DPoP proofs.

pub mod keys;

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use okta_sim::{RunningSim, SimConfig};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub use keys::{TestKey, b64};

pub const ACCOUNT: &str = "0227nwdemo8ulgt48bkidcd8ekq";
pub const AERIAL_HOST: &str = "aerial.sim.localhost";
pub const AERIAL_ORG: &str = "northwind-aerial.sim.localhost";
pub const AERIAL_CLIENT: &str = "0oaaerialdeskclient1";
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Resolves `localhost` and `*.localhost` to 127.0.0.1 and refuses every other name, so no test
/// can reach a non-loopback host.
struct LoopbackResolver;

impl Resolve for LoopbackResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            if host == "localhost" || host.ends_with(".localhost") {
                let addrs: Addrs = Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
                Ok(addrs)
            } else {
                Err(format!("test resolver refuses non-loopback name {host}").into())
            }
        })
    }
}

pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(LoopbackResolver)
        .no_proxy()
        .build()
        .expect("reqwest client builds")
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }

    /// Asserts an Okta error object with this status and code and a fresh-looking errorId.
    pub fn assert_okta_error(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "status; body {}", self.text);
        let body = self.json();
        assert_eq!(body["errorCode"], code, "errorCode; body {}", self.text);
        assert_eq!(body["errorLink"], code, "errorLink; body {}", self.text);
        assert!(
            body["errorSummary"].as_str().is_some_and(|s| !s.is_empty()),
            "errorSummary"
        );
        let id = body["errorId"].as_str().expect("errorId");
        assert!(id.starts_with("oae"), "errorId {id}");
        assert_eq!(id.len(), 25, "errorId {id}");
        assert!(body["errorCauses"].is_array(), "errorCauses");
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/json")
        );
        body
    }

    /// Asserts an OAuth error with this status, `error` and `error_description`.
    pub fn assert_oauth_error(&self, status: u16, error: &str, description: &str) {
        assert_eq!(self.status.as_u16(), status, "status; body {}", self.text);
        let body = self.json();
        assert_eq!(body["error"], error, "body {}", self.text);
        assert_eq!(body["error_description"], description, "body {}", self.text);
    }

    /// Returns the first cause's errorSummary.
    pub fn cause(&self) -> String {
        self.json()["errorCauses"][0]["errorSummary"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

pub struct TestSim {
    pub sim: RunningSim,
    pub http: reqwest::Client,
}

impl TestSim {
    /// Starts the demo seed with the control API on.
    pub async fn demo() -> Self {
        Self::start(SimConfig::demo().control_api(true)).await
    }

    pub async fn start(config: SimConfig) -> Self {
        let sim = okta_sim::start(config).await.expect("emulator starts");
        Self {
            sim,
            http: http_client(),
        }
    }

    pub fn url(&self, host: &str, path: &str) -> String {
        format!("{}{path}", self.sim.url_for(host))
    }

    pub fn aerial(&self, path: &str) -> String {
        format!("{}/{ACCOUNT}/api/v1{path}", self.sim.aerial_url())
    }

    /// Returns the token URL of an org, which is also the `aud` the emulator expects.
    pub fn token_url(&self, host: &str) -> String {
        self.url(host, "/oauth2/v1/token")
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request reaches the emulator");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body reads");
        Reply {
            status,
            headers,
            text,
        }
    }

    pub async fn call(&self, method: Method, url: &str, body: Option<Value>) -> Reply {
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.call(
            method,
            &self.url(AERIAL_HOST, &format!("/__sim{path}")),
            body,
        )
        .await
    }

    /// Registers a service client with one key through the control API.
    pub async fn register(
        &self,
        org_host: &str,
        client_id: &str,
        scopes: &[&str],
        jwks: Vec<Value>,
        dpop: bool,
    ) {
        let body = json!({
            "orgDomain": org_host,
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": scopes,
            "dpopRequired": dpop,
            "jwks": jwks,
        });
        let reply = self.control(Method::POST, "/clients", Some(body)).await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "register client: {}",
            reply.text
        );
    }

    /// Returns valid assertion claims for a client at an org.
    pub fn claims(&self, org_host: &str, client_id: &str) -> Value {
        json!({
            "iss": client_id,
            "sub": client_id,
            "aud": self.token_url(org_host),
            "iat": now(),
            "exp": now() + 300,
            "jti": format!("jti-{}", rand::random::<u64>()),
        })
    }

    pub async fn post_token(
        &self,
        org_host: &str,
        form: &[(&str, &str)],
        dpop: Option<&str>,
    ) -> Reply {
        let mut request = self.http.post(self.token_url(org_host)).form(form);
        if let Some(proof) = dpop {
            request = request.header("DPoP", proof);
        }
        self.send(request).await
    }

    /// Posts a client-credentials request with the given assertion and scope.
    pub async fn token_with(&self, org_host: &str, assertion: &str, scope: &str) -> Reply {
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", scope),
            ("client_assertion_type", JWT_BEARER),
            ("client_assertion", assertion),
        ];
        self.post_token(org_host, &form, None).await
    }

    /// Registers the default Aerial client (ES256, both account scopes) and returns its key.
    pub async fn register_aerial_client(&self) -> TestKey {
        let key = TestKey::for_alg("ES256");
        let scopes = [
            "okta.accounts.read",
            "okta.accounts.manage",
            "okta.orgs.manage",
        ];
        self.register(
            AERIAL_ORG,
            AERIAL_CLIENT,
            &scopes,
            vec![key.public_jwk("key-1")],
            false,
        )
        .await;
        key
    }

    /// Returns a Bearer access token from the Aerial org with the given scopes.
    pub async fn aerial_token(&self, scope: &str) -> String {
        let key = self.register_aerial_client().await;
        self.token_for(AERIAL_ORG, AERIAL_CLIENT, &key, "key-1", scope)
            .await
    }

    pub async fn token_for(
        &self,
        org_host: &str,
        client_id: &str,
        key: &TestKey,
        kid: &str,
        scope: &str,
    ) -> String {
        let header = json!({ "alg": key.alg(), "kid": kid, "typ": "JWT" });
        let assertion = key.sign(&header, &self.claims(org_host, client_id));
        let reply = self.token_with(org_host, &assertion, scope).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "token request: {}",
            reply.text
        );
        reply.json()["access_token"].as_str().unwrap().to_string()
    }

    pub async fn get_with(&self, url: &str, token: &str) -> Reply {
        self.send(self.http.get(url).bearer_auth(token)).await
    }

    pub async fn send_with(&self, method: Method, url: &str, token: &str, body: Value) -> Reply {
        self.send(
            self.http
                .request(method, url)
                .bearer_auth(token)
                .json(&body),
        )
        .await
    }

    pub async fn ssws(&self, method: Method, url: &str, token: &str, body: Option<Value>) -> Reply {
        let mut request = self
            .http
            .request(method, url)
            .header("Authorization", format!("SSWS {token}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }
}

/// Builds a DPoP proof for a request.
pub fn dpop_proof(
    key: &TestKey,
    method: &str,
    htu: &str,
    nonce: Option<&str>,
    access_token: Option<&str>,
) -> String {
    let header = json!({ "typ": "dpop+jwt", "alg": key.alg(), "jwk": key.bare_public_jwk() });
    let mut claims = json!({
        "htm": method,
        "htu": htu,
        "iat": now(),
        "jti": format!("proof-{}", rand::random::<u64>()),
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    if let Some(token) = access_token {
        use sha2::Digest;
        claims["ath"] = json!(b64(&sha2::Sha256::digest(token.as_bytes())));
    }
    key.sign(&header, &claims)
}

/// Returns the demo SSWS token of an org's super admin.
pub fn demo_api_token(subdomain: &str) -> String {
    format!("00demo-{subdomain}-api-token")
}
