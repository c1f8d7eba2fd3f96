//! Every documented token endpoint failure surfaces as the matching typed error.

use std::sync::Arc;
use std::time::SystemTime;

use okta::assertion::sign_client_assertion;
use okta::token::SystemClock;
use okta::{ApiError, Error, KeyType, PrivateKey, ScopeSet, ServiceApp, TokenFailure, scope};
use serde_json::json;

use crate::support::{AERIAL_ORG, AERIAL_SCOPES, TestSim};

fn token_failure(result: Result<impl std::fmt::Debug, Error>) -> (TokenFailure, ApiError) {
    match result {
        Err(Error::Api(api)) => (
            api.token_failure()
                .unwrap_or_else(|| panic!("unclassified: {api}")),
            *api,
        ),
        other => panic!("expected a token error, got {other:?}"),
    }
}

async fn request_read_token(sim: &TestSim, app: ServiceApp) -> Result<(), Error> {
    let client = sim.connect_app(Arc::new(app), Arc::new(SystemClock)).await;
    let scopes = ScopeSet::one(scope::ACCOUNTS_READ);
    client.tokens.token(&client.app, &scopes).await.map(|_| ())
}

fn app_with(sim: &TestSim, org: &str, client_id: &str, key: PrivateKey) -> ServiceApp {
    ServiceApp::new(client_id, sim.org(org), client_id, Arc::new(key))
}

#[tokio::test]
async fn unknown_client_id() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    let (failure, err) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oanobody", key)).await);
    assert_eq!(failure, TokenFailure::UnknownClient);
    assert_eq!(err.status, 401);
}

#[tokio::test]
async fn key_not_registered() {
    let sim = TestSim::demo().await;
    let registered = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oakid",
        &AERIAL_SCOPES,
        false,
        &[registered.public_jwk()],
    )
    .await;
    let other = PrivateKey::generate(KeyType::EcP256).unwrap();
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oakid", other)).await);
    assert_eq!(failure, TokenFailure::KidNotRegistered);
}

#[tokio::test]
async fn signature_from_another_key() {
    let sim = TestSim::demo().await;
    let registered = PrivateKey::generate(KeyType::EcP256)
        .unwrap()
        .with_kid("shared-kid")
        .unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oasig",
        &AERIAL_SCOPES,
        false,
        &[registered.public_jwk()],
    )
    .await;
    let impostor = PrivateKey::generate(KeyType::EcP256)
        .unwrap()
        .with_kid("shared-kid")
        .unwrap();
    let (failure, _) = token_failure(
        request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oasig", impostor)).await,
    );
    assert_eq!(failure, TokenFailure::SignatureInvalid);
}

#[tokio::test]
async fn laptop_clock_ahead() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oaahead",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    sim.set_clock_offset(-600).await;
    let (failure, err) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oaahead", key)).await);
    assert_eq!(failure, TokenFailure::IssuedInFuture);
    let offset = err
        .clock_offset_seconds
        .expect("the Date header gives the server's time");
    assert!(
        (-610..=-590).contains(&offset),
        "the server is ten minutes behind the laptop: {offset}"
    );
}

#[tokio::test]
async fn laptop_clock_far_ahead() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oafar",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    sim.set_clock_offset(-3 * 3600).await;
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oafar", key)).await);
    let clock_failures = [TokenFailure::ExpirationTooFar, TokenFailure::IssuedInFuture];
    assert!(clock_failures.contains(&failure), "{failure:?}");
}

#[tokio::test]
async fn laptop_clock_behind() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oabehind",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    sim.set_clock_offset(600).await;
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oabehind", key)).await);
    assert_eq!(failure, TokenFailure::AssertionExpired);
}

#[tokio::test]
async fn app_without_jwks() {
    let sim = TestSim::demo().await;
    sim.register_client(AERIAL_ORG, "0oanojwks", &AERIAL_SCOPES, false, &[])
        .await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oanojwks", key)).await);
    assert_eq!(failure, TokenFailure::NoJwkSet);
}

#[tokio::test]
async fn app_with_client_secret() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client_raw(json!({
        "orgDomain": "northwind-aerial.sim.localhost", "clientId": "0oasecret", "applicationType": "service",
        "tokenEndpointAuthMethod": "client_secret_basic", "grantedScopes": AERIAL_SCOPES, "jwks": [key.public_jwk()],
    }))
    .await;
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oasecret", key)).await);
    assert_eq!(failure, TokenFailure::NotPrivateKeyJwt);
}

#[tokio::test]
async fn app_that_is_not_a_service_app() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client_raw(json!({
        "orgDomain": "northwind-aerial.sim.localhost", "clientId": "0oaweb", "applicationType": "web",
        "tokenEndpointAuthMethod": "private_key_jwt", "grantedScopes": AERIAL_SCOPES, "jwks": [key.public_jwk()],
    }))
    .await;
    let (failure, _) =
        token_failure(request_read_token(&sim, app_with(&sim, AERIAL_ORG, "0oaweb", key)).await);
    assert_eq!(failure, TokenFailure::NotServiceApp);
}

#[tokio::test]
async fn scope_not_granted() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oareadonly",
        &["okta.accounts.read"],
        false,
        &[key.public_jwk()],
    )
    .await;
    let client = sim
        .connect_app(
            Arc::new(app_with(&sim, AERIAL_ORG, "0oareadonly", key)),
            Arc::new(SystemClock),
        )
        .await;

    client
        .aerial
        .account()
        .await
        .expect("reading needs only the granted scope");
    let (failure, err) = token_failure(client.aerial.rename_account("New name").await);
    assert_eq!(failure, TokenFailure::ScopeNotGranted);
    assert_eq!(err.status, 400);
}

#[tokio::test]
async fn app_outside_the_aerial_org() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        "northwind-eu",
        "0oaeuapp",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    let (failure, _) = token_failure(
        request_read_token(&sim, app_with(&sim, "northwind-eu", "0oaeuapp", key)).await,
    );
    assert_eq!(failure, TokenFailure::NotAerialOrg);
}

#[tokio::test]
async fn empty_scope_set_is_rejected_before_sending() {
    let result = ScopeSet::new(Vec::<String>::new());
    assert!(
        matches!(result, Err(Error::InvalidArgument { name: "scope", .. })),
        "{result:?}"
    );
}

/// Posts a hand-made assertion, to reach the failures the client itself never causes.
async fn post_assertion(sim: &TestSim, assertion: &str) -> ApiError {
    let host = format!("{AERIAL_ORG}.sim.localhost");
    let raw = reqwest::Client::builder()
        .no_proxy()
        .resolve(&host, sim.sim.addr())
        .build()
        .unwrap();
    let url = sim.org(AERIAL_ORG).token_url();
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", "okta.accounts.read"),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
    ];
    let response = raw.post(url.clone()).form(&form).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap();
    ApiError::from_parts("POST", url.as_str(), status, &headers, &body)
}

#[tokio::test]
async fn assertion_for_another_token_url() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oaaud",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    let wrong_aud = sim.org("northwind-eu").token_url();
    let assertion =
        sign_client_assertion(&key, "0oaaud", wrong_aud.as_str(), SystemTime::now()).unwrap();
    let err = post_assertion(&sim, assertion.expose()).await;
    assert_eq!(
        err.token_failure(),
        Some(TokenFailure::WrongAudience),
        "{err}"
    );
}

#[tokio::test]
async fn assertion_sent_twice() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oareuse",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    let aud = sim.org(AERIAL_ORG).token_url();
    let assertion =
        sign_client_assertion(&key, "0oareuse", aud.as_str(), SystemTime::now()).unwrap();
    let first = post_assertion(&sim, assertion.expose()).await;
    assert_eq!(first.status, 200, "the first use succeeds: {first}");
    let second = post_assertion(&sim, assertion.expose()).await;
    assert_eq!(
        second.token_failure(),
        Some(TokenFailure::AssertionReused),
        "{second}"
    );
}

#[tokio::test]
async fn assertion_signed_with_hmac() {
    let sim = TestSim::demo().await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    sim.register_client(
        AERIAL_ORG,
        "0oahmac",
        &AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    let aud = sim.org(AERIAL_ORG).token_url();
    let claims = okta::assertion::AssertionClaims::new("0oahmac", aud.as_str(), SystemTime::now());
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(key.kid().to_owned());
    let secret = jsonwebtoken::EncodingKey::from_secret(b"not-a-private-key");
    let assertion = jsonwebtoken::encode(&header, &claims, &secret).unwrap();
    let err = post_assertion(&sim, &assertion).await;
    assert_eq!(
        err.token_failure(),
        Some(TokenFailure::AlgorithmRejected),
        "{err}"
    );
}
