//! Each documented token and Aerial API failure, triggered against okta-sim over loopback HTTP,
//! produces its diagnosis code and text.

use std::sync::Arc;
use std::time::SystemTime;

use desk::{Diagnosis, DiagnosisCode, DiagnosisContext, diagnose};
use okta::aerial::{LinkTarget, OrgStatus};
use okta::assertion::sign_client_assertion;
use okta::org::{NewAdmin, NewOrg};
use okta::{
    AerialClient, ApiError, BaseUrl, Error, Http, HttpConfig, KeyType, OrgClient, OrgCredentials,
    PrivateKey, PublicJwk, ScopeSet, SecretString, ServiceApp, TokenClient, scope,
};
use okta_sim::{RunningSim, SimConfig};
use serde_json::{Value, json};

const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";
const AERIAL_ORG: &str = "northwind-aerial";
const BOTH_SCOPES: [&str; 2] = ["okta.accounts.read", "okta.accounts.manage"];

/// The demo world of okta-sim with its control API, and a raw client that resolves every
/// emulator host name to the emulator's loopback address.
struct Sim {
    running: RunningSim,
    raw: reqwest::Client,
}

impl Sim {
    async fn start() -> Self {
        let config = SimConfig::demo().control_api(true);
        let running = okta_sim::start(config).await.expect("okta-sim starts");
        let addr = running.addr();
        let aerial_host = host_of(&running.aerial_url());
        let raw = reqwest::Client::builder()
            .no_proxy()
            .resolve(&org_host(AERIAL_ORG), addr)
            .resolve(&aerial_host, addr)
            .build()
            .unwrap();
        Sim { running, raw }
    }

    fn org(&self, subdomain: &str) -> BaseUrl {
        BaseUrl::parse(&self.running.url_for(&org_host(subdomain))).unwrap()
    }

    async fn control(&self, method: reqwest::Method, path: &str, body: Value) {
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
    }

    async fn register(&self, client_id: &str, scopes: &[&str], dpop: bool, jwks: &[PublicJwk]) {
        self.register_raw(json!({
            "orgDomain": org_host(AERIAL_ORG),
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": scopes,
            "dpopRequired": dpop,
            "jwks": jwks,
        }))
        .await;
    }

    async fn register_raw(&self, body: Value) {
        self.control(reqwest::Method::POST, "clients", body).await;
    }

    /// Shifts Okta's clock: a negative offset puts the laptop ahead of Okta.
    async fn set_clock_offset(&self, seconds: i64) {
        let body = json!({ "offsetSeconds": seconds });
        self.control(reqwest::Method::PUT, "clock", body).await;
    }

    fn connect(&self, app: ServiceApp) -> (Arc<TokenClient>, Arc<ServiceApp>, AerialClient) {
        let http = Http::new(HttpConfig::loopback()).unwrap();
        let tokens = Arc::new(TokenClient::new(http.clone()));
        let app = Arc::new(app);
        let aerial = AerialClient::new(
            http,
            tokens.clone(),
            BaseUrl::parse(&self.running.aerial_url()).unwrap(),
            ACCOUNT_ID,
            app.clone(),
        )
        .unwrap();
        (tokens, app, aerial)
    }

    /// Requests a token with `scope` and returns the error it fails with.
    async fn token_error(&self, app: ServiceApp, scope: &'static str) -> Error {
        let (tokens, app, _) = self.connect(app);
        match tokens.token(&app, &ScopeSet::one(scope)).await {
            Ok(_) => panic!("the token request succeeded"),
            Err(err) => err,
        }
    }

    /// Posts a hand-made client assertion without a DPoP proof.
    async fn post_assertion(&self, assertion: &str) -> Error {
        let url = self.org(AERIAL_ORG).token_url();
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", "okta.accounts.read"),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion),
        ];
        let request = self.raw.post(url.clone()).form(&form);
        self.send("POST", url.as_str(), request).await
    }

    /// Calls the Aerial API `path` with a raw bearer token, skipping the client's refresh.
    async fn aerial_call(&self, method: reqwest::Method, path: &str, token: &str) -> Error {
        let url = format!("{}/{ACCOUNT_ID}/api/v1/{path}", self.running.aerial_url());
        let mut request = self.raw.request(method.clone(), &url).bearer_auth(token);
        if method == reqwest::Method::PUT {
            request = request.json(&json!({ "name": "Renamed" }));
        }
        self.send(method.as_str(), &url, request).await
    }

    async fn send(&self, method: &str, url: &str, request: reqwest::RequestBuilder) -> Error {
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap();
        assert!(!status.is_success(), "{method} {url} succeeded");
        Error::from(ApiError::from_parts(method, url, status, &headers, &body))
    }
}

fn org_host(subdomain: &str) -> String {
    format!("{subdomain}.sim.localhost")
}

fn host_of(url: &str) -> String {
    url::Url::parse(url).unwrap().host_str().unwrap().to_owned()
}

fn new_key() -> PrivateKey {
    PrivateKey::generate(KeyType::EcP256).unwrap()
}

fn app(sim: &Sim, client_id: &str, key: PrivateKey) -> ServiceApp {
    ServiceApp::new(client_id, sim.org(AERIAL_ORG), client_id, Arc::new(key))
}

fn context(client_id: &str, scope: &str) -> DiagnosisContext {
    DiagnosisContext {
        client_id: Some(client_id.to_owned()),
        aerial_org_domain: Some(org_host(AERIAL_ORG)),
        account_id: Some(ACCOUNT_ID.to_owned()),
        scope: Some(scope.to_owned()),
        target_org: None,
    }
}

fn read_context(client_id: &str) -> DiagnosisContext {
    context(client_id, scope::ACCOUNTS_READ)
}

fn assert_diagnosis(diagnosis: &Diagnosis, code: DiagnosisCode, cause: &str, fix: &str) {
    assert_eq!(diagnosis.code, code, "{diagnosis}");
    assert_eq!(diagnosis.cause, cause);
    assert_eq!(diagnosis.fix, fix);
}

const ADMIN_CONSOLE: &str = "the Admin Console of northwind-aerial.sim.localhost";

#[tokio::test]
async fn wrong_client_id() {
    let sim = Sim::start().await;
    let err = sim
        .token_error(app(&sim, "0oanobody", new_key()), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oanobody"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::UnknownClientId,
        "northwind-aerial.sim.localhost has no app 0oanobody. The client ID is wrong, or the app is in another org.",
        &format!(
            "In {ADMIN_CONSOLE}, open Applications › Applications, open the API Services app, and copy the Client ID from its General tab into this profile."
        ),
    );
    assert_eq!(diagnosis.okta.http_status, Some(401));
    assert_eq!(
        diagnosis.okta.oauth_error.as_deref(),
        Some("invalid_client")
    );
    assert_eq!(
        diagnosis.okta.oauth_description.as_deref(),
        Some("Invalid value for 'client_id' parameter.")
    );
}

#[tokio::test]
async fn wrong_org_domain_in_audience() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oaaud", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let wrong_aud = sim.org("northwind-eu").token_url();
    let assertion =
        sign_client_assertion(&key, "0oaaud", wrong_aud.as_str(), SystemTime::now()).unwrap();
    let err = sim.post_assertion(assertion.expose()).await;
    let diagnosis = diagnose(&err, &read_context("0oaaud"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::WrongOrgDomain,
        "The Aerial org domain northwind-aerial.sim.localhost does not match the org that answered.",
        "Enter the Aerial org's Okta domain exactly as the Admin Console address bar shows it, such as acme-aerial.okta.com, without a custom domain or path.",
    );
}

const CLOCK_FIX: &str =
    "Turn on \"Set time automatically\" in your computer's date and time settings, then try again.";

#[tokio::test]
async fn clock_ahead_of_okta() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oaahead", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    sim.set_clock_offset(-240).await;
    let err = sim
        .token_error(app(&sim, "0oaahead", key), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oaahead"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ClockAhead,
        "Your computer's clock is 4 minutes ahead of Okta's.",
        CLOCK_FIX,
    );
}

#[tokio::test]
async fn clock_behind_okta() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oabehind", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    sim.set_clock_offset(600).await;
    let err = sim
        .token_error(app(&sim, "0oabehind", key), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oabehind"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ClockBehind,
        "Your computer's clock is 10 minutes behind Okta's.",
        CLOCK_FIX,
    );
}

#[tokio::test]
async fn key_not_registered() {
    let sim = Sim::start().await;
    sim.register("0oakid", &BOTH_SCOPES, false, &[new_key().public_jwk()])
        .await;
    let err = sim
        .token_error(app(&sim, "0oakid", new_key()), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oakid"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::KeyNotRegistered,
        "This profile's public key is not registered on app 0oakid.",
        &format!(
            "In {ADMIN_CONSOLE}, open app 0oakid › General › Client Credentials › Public keys › Add key, paste this profile's public key, and save it as Active."
        ),
    );
}

#[tokio::test]
async fn key_mismatch_on_signature() {
    let sim = Sim::start().await;
    let registered = new_key().with_kid("shared-kid").unwrap();
    sim.register("0oasig", &BOTH_SCOPES, false, &[registered.public_jwk()])
        .await;
    let impostor = new_key().with_kid("shared-kid").unwrap();
    let err = sim
        .token_error(app(&sim, "0oasig", impostor), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oasig"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::KeyMismatch,
        "The private key on this computer does not match the public key registered on app 0oasig.",
        &format!(
            "In {ADMIN_CONSOLE}, open app 0oasig › General › Client Credentials and add this profile's public key (Aerial Desk shows it with the profile's key), or import the private key that belongs to the registered public key. Check that the key is Active."
        ),
    );
}

#[tokio::test]
async fn app_without_public_keys() {
    let sim = Sim::start().await;
    sim.register("0oanojwks", &BOTH_SCOPES, false, &[]).await;
    let err = sim
        .token_error(app(&sim, "0oanojwks", new_key()), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oanojwks"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::PublicKeyAuthOff,
        "App 0oanojwks is not set up to sign in with a public key.",
        &format!(
            "In {ADMIN_CONSOLE}, open app 0oanojwks › General › Client Credentials › Edit, choose Public key / Private key, add this profile's public key, and save."
        ),
    );
}

#[tokio::test]
async fn app_that_is_not_a_service_app() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register_raw(json!({
        "orgDomain": org_host(AERIAL_ORG),
        "clientId": "0oaweb",
        "applicationType": "web",
        "tokenEndpointAuthMethod": "private_key_jwt",
        "grantedScopes": BOTH_SCOPES,
        "jwks": [key.public_jwk()],
    }))
    .await;
    let err = sim
        .token_error(app(&sim, "0oaweb", key), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oaweb"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::NotServiceApp,
        "App 0oaweb is not an API Services app, so it cannot call Okta on its own.",
        &format!(
            "In {ADMIN_CONSOLE}, create an app integration of type API Services, register this profile's public key on it, and enter its client ID in this profile."
        ),
    );
}

#[tokio::test]
async fn manage_scope_not_granted_on_write() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register(
        "0oareadonly",
        &["okta.accounts.read"],
        false,
        &[key.public_jwk()],
    )
    .await;
    let (_, _, aerial) = sim.connect(app(&sim, "0oareadonly", key));
    aerial
        .account()
        .await
        .expect("reading needs only okta.accounts.read");

    let err = aerial
        .rename_account("Renamed")
        .await
        .expect_err("writing needs okta.accounts.manage");
    let diagnosis = diagnose(&err, &context("0oareadonly", scope::ACCOUNTS_MANAGE));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ScopeNotGranted,
        "App 0oareadonly in northwind-aerial.sim.localhost has not been granted okta.accounts.manage.",
        "Grant okta.accounts.manage on the Okta API Scopes tab of app 0oareadonly in northwind-aerial.sim.localhost.",
    );
    assert_eq!(diagnosis.okta.oauth_error.as_deref(), Some("invalid_scope"));
}

#[tokio::test]
async fn read_token_used_for_a_write() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register(
        "0oareader",
        &["okta.accounts.read"],
        false,
        &[key.public_jwk()],
    )
    .await;
    let (tokens, app, _) = sim.connect(app(&sim, "0oareader", key));
    let token = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();

    let err = sim
        .aerial_call(reqwest::Method::PUT, "accounts", token.secret().expose())
        .await;
    let context = DiagnosisContext {
        scope: None,
        ..context("0oareader", scope::ACCOUNTS_MANAGE)
    };
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::MissingScope,
        "The access token of app 0oareader lacks okta.accounts.manage, which this action needs.",
        "Grant okta.accounts.manage on the Okta API Scopes tab of app 0oareader in northwind-aerial.sim.localhost, then try again.",
    );
    assert_eq!(diagnosis.okta.http_status, Some(403));
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000006"));
    assert!(diagnosis.okta.error_id.is_some(), "{:?}", diagnosis.okta);
}

#[tokio::test]
async fn dpop_required_by_the_app() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oadpop", &BOTH_SCOPES, true, &[key.public_jwk()])
        .await;
    let aud = sim.org(AERIAL_ORG).token_url();
    let assertion =
        sign_client_assertion(&key, "0oadpop", aud.as_str(), SystemTime::now()).unwrap();
    let err = sim.post_assertion(assertion.expose()).await;
    let diagnosis = diagnose(&err, &read_context("0oadpop"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::DpopRequired,
        "App 0oadpop requires DPoP, but DPoP is off in this profile.",
        &format!(
            "Switch on DPoP in this profile, or in {ADMIN_CONSOLE} switch off \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" on the General tab of app 0oadpop."
        ),
    );
}

#[tokio::test]
async fn invalid_token_on_aerial_api() {
    let sim = Sim::start().await;
    let err = sim
        .aerial_call(reqwest::Method::GET, "orgs", "not-a-token")
        .await;
    let diagnosis = diagnose(&err, &read_context("0oaany"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::AccessTokenInvalid,
        "Okta did not accept the access token of app 0oaany as valid.",
        "Try again, and Aerial Desk requests a new token. If it fails again, check that app 0oaany is still active in northwind-aerial.sim.localhost and that the Aerial org domain and account ID in this profile belong to the same Aerial account.",
    );
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000011"));
    assert_eq!(diagnosis.okta.oauth_error.as_deref(), Some("invalid_token"));
}

#[tokio::test]
async fn expired_token_on_aerial_api() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oaexpiry", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let (tokens, app, _) = sim.connect(app(&sim, "0oaexpiry", key));
    let token = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();
    sim.set_clock_offset(2 * 3600).await;

    let err = sim
        .aerial_call(reqwest::Method::GET, "orgs", token.secret().expose())
        .await;
    let diagnosis = diagnose(&err, &read_context("0oaexpiry"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::AccessTokenExpired,
        "Okta rejected the access token because it has expired.",
        "Try again, and Aerial Desk requests a new token. If a new token expires at once, check that this computer's date and time are set automatically and that app 0oaexpiry is still active in northwind-aerial.sim.localhost.",
    );
    assert_eq!(diagnosis.okta.http_status, Some(401));
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000011"));
}

#[tokio::test]
async fn dropped_connection_on_a_link() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oadrop", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let (_, _, aerial) = sim.connect(app(&sim, "0oadrop", key));
    aerial.account().await.unwrap();
    let path = format!("/{ACCOUNT_ID}/api/v1/orgs");
    let fault = json!({ "method": "POST", "path": path, "kind": "drop", "count": 1 });
    sim.control(reqwest::Method::POST, "faults", fault).await;

    let target = LinkTarget::OrgId("00onwlabs00000000010".into());
    let err = aerial.link_org(&target, "ok1").await.unwrap_err();
    let diagnosis = diagnose(&err, &context("0oadrop", scope::ACCOUNTS_MANAGE));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ConnectionLost,
        &format!(
            "The connection to {} closed before Okta's response arrived.",
            host_of(&sim.running.aerial_url())
        ),
        "Try again. Okta may have carried out the request, so reload and check the result before repeating it.",
    );
}

#[tokio::test]
async fn host_under_invalid_domain_is_not_found() {
    // The client's resolver fails names under .invalid without a lookup, and the loopback
    // settings use no proxy, so no packet leaves this computer.
    let org = BaseUrl::parse("https://aerial-desk-test.example.invalid").unwrap();
    let app = ServiceApp::new("nowhere", org, "0oanowhere", Arc::new(new_key()));
    let http = Http::new(HttpConfig {
        max_retries: 0,
        ..HttpConfig::loopback()
    })
    .unwrap();
    let err = TokenClient::new(http)
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &read_context("0oanowhere"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::HostNotFound,
        "The address aerial-desk-test.example.invalid could not be found.",
        "Check the spelling of the domain in this profile and this computer's internet connection.",
    );
}

/// Connects an app granted both Aerial scopes, with the org acted on in the context.
async fn manager(sim: &Sim, client_id: &str, target: &str) -> (AerialClient, DiagnosisContext) {
    let key = new_key();
    sim.register(client_id, &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let (_, _, aerial) = sim.connect(app(sim, client_id, key));
    let context = DiagnosisContext {
        target_org: Some(target.to_owned()),
        ..context(client_id, scope::ACCOUNTS_MANAGE)
    };
    (aerial, context)
}

const EU_ORG: &str = "00onweu0000000000002";
const AERIAL_ORG_ID: &str = "00onwaerial000000001";

#[tokio::test]
async fn org_not_found() {
    let sim = Sim::start().await;
    let (aerial, context) = manager(&sim, "0oamissing", "00onotthere000000000").await;
    let err = aerial.org("00onotthere000000000").await.unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::NotFound,
        "Okta found no org 00onotthere000000000.",
        "Check the org ID or domain. An org must be on your Okta contract and linked to this Aerial account before Aerial can manage it.",
    );
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000007"));
}

#[tokio::test]
async fn linking_an_already_linked_org() {
    let sim = Sim::start().await;
    let (aerial, context) = manager(&sim, "0oalinker", EU_ORG).await;
    let target = LinkTarget::OrgId(EU_ORG.to_owned());
    let err = aerial.link_org(&target, "ok1").await.unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::OrgAlreadyLinked,
        "The org 00onweu0000000000002 is already linked to an Aerial account.",
        "An org belongs to one Aerial account and cannot be moved. If it is not in this account's org list, ask your Okta account team.",
    );
}

#[tokio::test]
async fn deactivating_the_aerial_org() {
    let sim = Sim::start().await;
    let (aerial, context) = manager(&sim, "0oastatus", AERIAL_ORG_ID).await;
    let err = aerial
        .set_org_status(AERIAL_ORG_ID, OrgStatus::Inactive)
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::AerialOrgCannotBeDeactivated,
        "The Aerial org of an account can never be deactivated.",
        "Choose another org. The Aerial org stays active as long as the account exists.",
    );
}

#[tokio::test]
async fn deleting_an_active_org() {
    let sim = Sim::start().await;
    let (aerial, context) = manager(&sim, "0oadelete", EU_ORG).await;
    let err = aerial.request_org_deletion(EU_ORG).await.unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::DeletionNeedsInactiveOrg,
        "The org 00onweu0000000000002 is still active, and only inactive orgs can be deleted.",
        "Deactivate the org first, then request its deletion.",
    );
}

#[tokio::test]
async fn unknown_product_id() {
    let sim = Sim::start().await;
    let (aerial, context) = manager(&sim, "0oaproducts", EU_ORG).await;
    let err = aerial
        .replace_org_products(EU_ORG, &["P999999"])
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::UnknownProduct,
        "Okta rejected the product list: Unknown product ID P999999.",
        "Choose products from the account's product list (Products), which shows the IDs Okta accepts.",
    );
}

#[tokio::test]
async fn rate_limited_token_request() {
    let sim = Sim::start().await;
    let fault = json!({ "path": "/oauth2/v1/token", "kind": "status429", "count": 1 });
    sim.control(reqwest::Method::POST, "faults", fault).await;
    let key = new_key();
    let aud = sim.org(AERIAL_ORG).token_url();
    let assertion =
        sign_client_assertion(&key, "0oabusy", aud.as_str(), SystemTime::now()).unwrap();
    let err = sim.post_assertion(assertion.expose()).await;
    let diagnosis = diagnose(&err, &read_context("0oabusy"));
    assert_eq!(diagnosis.code, DiagnosisCode::RateLimited, "{diagnosis}");
    assert_eq!(
        diagnosis.cause,
        "Okta received too many requests in a short time and paused this one."
    );
    assert!(diagnosis.fix.starts_with("Wait "), "{}", diagnosis.fix);
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000047"));
}

#[tokio::test]
async fn connection_refused_on_loopback() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let org = BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let app = ServiceApp::new("closed", org, "0oaclosed", Arc::new(new_key()));
    let http = Http::new(HttpConfig::loopback()).unwrap();
    let tokens = TokenClient::new(http);
    let err = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &read_context("0oaclosed"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ConnectionRefused,
        "127.0.0.1 refused the connection.",
        "Check the domain in this profile, and any proxy or firewall between this computer and Okta.",
    );
}

#[test]
fn plain_http_to_okta_is_rejected_before_connecting() {
    let err = BaseUrl::parse("http://acme-aerial.okta.com").unwrap_err();
    let diagnosis = diagnose(&err, &DiagnosisContext::default());
    assert_eq!(
        diagnosis.code,
        DiagnosisCode::InsecureAddress,
        "{diagnosis}"
    );
    assert_eq!(
        diagnosis.fix,
        "Enter the domain only, such as acme-aerial.okta.com. Addresses other than this computer must use https."
    );
}

#[tokio::test]
async fn app_using_a_client_secret() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register_raw(json!({
        "orgDomain": org_host(AERIAL_ORG),
        "clientId": "0oasecret",
        "applicationType": "service",
        "tokenEndpointAuthMethod": "client_secret_basic",
        "grantedScopes": BOTH_SCOPES,
        "jwks": [key.public_jwk()],
    }))
    .await;
    let err = sim
        .token_error(app(&sim, "0oasecret", key), scope::ACCOUNTS_READ)
        .await;
    let diagnosis = diagnose(&err, &read_context("0oasecret"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::PublicKeyAuthOff,
        "App 0oasecret is not set up to sign in with a public key.",
        &format!(
            "In {ADMIN_CONSOLE}, open app 0oasecret › General › Client Credentials › Edit, choose Public key / Private key, add this profile's public key, and save."
        ),
    );
}

#[tokio::test]
async fn app_outside_the_aerial_org() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register_raw(json!({
        "orgDomain": org_host("northwind-eu"),
        "clientId": "0oaeuapp",
        "applicationType": "service",
        "tokenEndpointAuthMethod": "private_key_jwt",
        "grantedScopes": BOTH_SCOPES,
        "jwks": [key.public_jwk()],
    }))
    .await;
    let app = ServiceApp::new("eu", sim.org("northwind-eu"), "0oaeuapp", Arc::new(key));
    let err = sim.token_error(app, scope::ACCOUNTS_READ).await;
    let context = DiagnosisContext {
        aerial_org_domain: Some(org_host("northwind-eu")),
        ..read_context("0oaeuapp")
    };
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::NotAerialOrg,
        "northwind-eu.sim.localhost is not your account's Aerial org, so its apps cannot get tokens for the Aerial API.",
        "Enter your Aerial org's domain in this profile and use an API Services app created in that org.",
    );
}

#[tokio::test]
async fn assertion_sent_twice() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oareuse", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let aud = sim.org(AERIAL_ORG).token_url();
    let assertion =
        sign_client_assertion(&key, "0oareuse", aud.as_str(), SystemTime::now()).unwrap();
    let url = aud.as_str().to_owned();
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", "okta.accounts.read"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion.expose()),
    ];
    let first = sim.raw.post(&url).form(&form).send().await.unwrap();
    assert!(first.status().is_success(), "the first use succeeds");

    let err = sim.post_assertion(assertion.expose()).await;
    let diagnosis = diagnose(&err, &read_context("0oareuse"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::AssertionReused,
        "Okta received the same signed sign-in request twice.",
        "Try again. If it keeps happening, report it with the details below, because it is a fault in Aerial Desk.",
    );
}

#[tokio::test]
async fn linking_an_org_without_consent() {
    let sim = Sim::start().await;
    let partners = "00onwpartners0000011";
    let (aerial, context) = manager(&sim, "0oaconsent", partners).await;
    let target = LinkTarget::OrgId(partners.to_owned());
    let err = aerial.link_org(&target, "ok1").await.unwrap_err();
    let diagnosis = diagnose(&err, &context);
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ConsentMissing,
        &format!(
            "The org {partners} has not granted Aerial consent to the Aerial account {ACCOUNT_ID}."
        ),
        "Grant Aerial consent in that org (or, for a child org, in its parent org) with a super admin's API token, then link it again.",
    );
}

#[tokio::test]
async fn token_request_timed_out() {
    let sim = Sim::start().await;
    let fault = json!({ "path": "/oauth2/v1/token", "kind": "latency", "delayMs": 3000 });
    sim.control(reqwest::Method::POST, "faults", fault).await;
    let config = HttpConfig {
        request_timeout: std::time::Duration::from_millis(200),
        max_retries: 0,
        ..HttpConfig::loopback()
    };
    let (_, app, _) = sim.connect(app(&sim, "0oaslow", new_key()));
    let tokens = TokenClient::new(Http::new(config).unwrap());
    let err = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &read_context("0oaslow"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::TimedOut,
        &format!("{} did not respond in time.", org_host(AERIAL_ORG)),
        "Check the internet connection and try again.",
    );
}

fn org_client(sim: &Sim, subdomain: &str, api_token: &str) -> OrgClient {
    let token = Arc::new(SecretString::new(api_token.to_owned()));
    let http = Http::new(HttpConfig::loopback()).unwrap();
    OrgClient::new(http, sim.org(subdomain), OrgCredentials::ApiToken(token))
}

fn org_context(subdomain: &str) -> DiagnosisContext {
    DiagnosisContext {
        target_org: Some(org_host(subdomain)),
        ..context("0oaany", scope::ACCOUNTS_MANAGE)
    }
}

fn new_org(subdomain: &str) -> NewOrg {
    NewOrg {
        subdomain: subdomain.into(),
        name: "Northwind Test".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@northwind.example".into(),
            login: "ada@northwind.example".into(),
            password: Some(SecretString::new("Str0ng-enough-Passw0rd".into())),
            recovery: None,
        },
    }
}

#[tokio::test]
async fn child_org_subdomain_taken() {
    let sim = Sim::start().await;
    let parent = org_client(&sim, "northwind-eu", "00demo-northwind-eu-api-token");
    parent
        .create_child_org(&new_org("northwind-dup"))
        .await
        .expect("the first org with this subdomain is created");

    let err = parent
        .create_child_org(&new_org("northwind-dup"))
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &org_context("northwind-eu"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::SubdomainTaken,
        "An org with this subdomain already exists.",
        "Choose another subdomain.",
    );
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000088"));
}

#[tokio::test]
async fn org_api_token_rejected() {
    let sim = Sim::start().await;
    let parent = org_client(&sim, "northwind-eu", "00wrong");
    let err = parent
        .create_child_org(&new_org("northwind-x"))
        .await
        .unwrap_err();
    let diagnosis = diagnose(&err, &org_context("northwind-eu"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::OrgApiTokenRejected,
        "The org northwind-eu.sim.localhost rejected the API token: it is invalid, expired or revoked.",
        "Create a new API token as a super admin in the Admin Console of the org northwind-eu.sim.localhost (Security › API › Tokens) and save it in this profile.",
    );
}

#[tokio::test]
async fn consent_granted_twice() {
    let sim = Sim::start().await;
    let org = org_client(&sim, "northwind-labs", "00demo-northwind-labs-api-token");
    let err = org.grant_aerial_consent(ACCOUNT_ID).await.unwrap_err();
    let diagnosis = diagnose(&err, &org_context("northwind-labs"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ConsentAlreadyGranted,
        "The org northwind-labs.sim.localhost has already granted Aerial consent.",
        "Nothing to do: the org can be linked now.",
    );
}

#[tokio::test]
async fn consent_revoked_on_linked_org() {
    let sim = Sim::start().await;
    let org = org_client(&sim, "northwind-us", "00demo-northwind-us-api-token");
    let err = org.revoke_aerial_consent(ACCOUNT_ID).await.unwrap_err();
    let diagnosis = diagnose(&err, &org_context("northwind-us"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::ConsentRevokeLinkedOrg,
        "The org northwind-us.sim.localhost is linked to an Aerial account, so its Aerial consent cannot be revoked.",
        "Nothing can undo a link: the consent stays as long as the org is linked.",
    );
}

#[tokio::test]
async fn dpop_token_sent_without_proof() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oadpopapi", &BOTH_SCOPES, true, &[key.public_jwk()])
        .await;
    let app = app(&sim, "0oadpopapi", key).with_dpop(Arc::new(new_key()));
    let (tokens, app, _) = sim.connect(app);
    let token = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();

    let url = format!("{}/{ACCOUNT_ID}/api/v1/orgs", sim.running.aerial_url());
    let authorization = format!("DPoP {}", token.secret().expose());
    let request = sim.raw.get(&url).header("authorization", authorization);
    let err = sim.send("GET", &url, request).await;
    let diagnosis = diagnose(&err, &read_context("0oadpopapi"));
    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::DpopProofRejected,
        "Okta rejected the DPoP proof sent with the request. Okta's reason: \"The DPoP proof JWT header is missing.\"",
        "Check that this computer's date and time are set automatically, then try again. If it keeps happening, report it with the details below.",
    );
    assert_eq!(diagnosis.okta.http_status, Some(401));
}

#[tokio::test]
async fn unreadable_org_filter() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oafilter", &BOTH_SCOPES, false, &[key.public_jwk()])
        .await;
    let (_, _, aerial) = sim.connect(app(&sim, "0oafilter", key));
    let query = okta::aerial::OrgQuery {
        limit: None,
        filter: Some("status eq".into()),
        after: None,
    };

    let err = aerial
        .orgs(&query)
        .await
        .expect_err("Okta rejects the filter");
    let diagnosis = diagnose(&err, &read_context("0oafilter"));

    assert_diagnosis(
        &diagnosis,
        DiagnosisCode::InvalidFilter,
        "Okta could not read the filter for the org list.",
        "Write the filter as a SCIM expression such as status eq \"ACTIVE\" or subdomain sw \"acme\", joining parts with AND, then search again.",
    );
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000031"));
}
