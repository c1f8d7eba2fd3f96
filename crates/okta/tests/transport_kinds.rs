//! Each kind of network failure, caused for real on loopback, gets its `TransportKind`; and the
//! Aerial API's `WWW-Authenticate` challenge survives beside its JSON error body.

use std::sync::Arc;
use std::time::Duration;

use okta::error::{AccessTokenFailure, AuthScheme, TransportKind};
use okta::{
    ApiError, Error, Http, HttpConfig, KeyType, PrivateKey, ScopeSet, ServiceApp, TokenClient,
    scope,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use url::Url;

use crate::support::{ACCOUNT_ID, TestSim, test_http_config};

fn no_retries(request_timeout: Duration) -> Http {
    let config = HttpConfig {
        request_timeout,
        max_retries: 0,
        ..test_http_config()
    };
    Http::new(config).unwrap()
}

/// Returns the kind and `maybe_processed` of a transport error, or panics with the result.
fn transport_kind<T: std::fmt::Debug>(result: Result<T, Error>) -> (TransportKind, bool) {
    match result {
        Err(Error::Transport {
            kind,
            maybe_processed,
            ..
        }) => (kind, maybe_processed),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

fn accounts_path() -> String {
    format!("/{ACCOUNT_ID}/api/v1/accounts")
}

#[tokio::test]
async fn refused_port_is_connection_refused() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let url = Url::parse(&format!(
        "http://127.0.0.1:{port}/.well-known/okta-organization"
    ))
    .unwrap();

    let result = no_retries(Duration::from_secs(2))
        .get_without_credentials(&url)
        .await;
    let (kind, maybe_processed) = transport_kind(result);
    assert_eq!(kind, TransportKind::ConnectionRefused);
    assert!(!maybe_processed, "a refused connection sent nothing");
}

#[tokio::test]
async fn slow_answer_is_timeout() {
    let sim = TestSim::demo().await;
    let url = sim.aerial_service().join(&accounts_path());
    sim.fault(json!({ "path": accounts_path(), "kind": "latency", "delayMs": 3000 }))
        .await;

    let result = no_retries(Duration::from_millis(300))
        .get_without_credentials(&url)
        .await;
    let (kind, maybe_processed) = transport_kind(result);
    assert_eq!(kind, TransportKind::Timeout);
    assert!(
        maybe_processed,
        "the request was sent before the time ran out"
    );
}

#[tokio::test]
async fn dropped_connection_is_connection_dropped() {
    let sim = TestSim::demo().await;
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    sim.register_client(
        crate::support::AERIAL_ORG,
        "0oadropped",
        &crate::support::AERIAL_SCOPES,
        false,
        &[key.public_jwk()],
    )
    .await;
    let app = ServiceApp::new(
        "drop",
        sim.org(crate::support::AERIAL_ORG),
        "0oadropped",
        key,
    );
    let tokens = TokenClient::new(no_retries(Duration::from_secs(2)));
    sim.fault(json!({ "path": "/oauth2/v1/token", "kind": "drop", "count": 1 }))
        .await;

    let result = tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await;
    let (kind, maybe_processed) = transport_kind(result);
    assert_eq!(kind, TransportKind::ConnectionDropped);
    assert!(maybe_processed, "the server received the request");
}

#[tokio::test]
async fn invalid_domain_fails_in_the_resolver() {
    // Names under .invalid fail inside the client's resolver before any lookup, and the loopback
    // settings use no proxy, so this request sends no packet at all.
    let url = Url::parse("https://aerial-desk-test.example.invalid/oauth2/v1/token").unwrap();
    let result = no_retries(Duration::from_secs(2))
        .get_without_credentials(&url)
        .await;
    let (kind, maybe_processed) = transport_kind(result);
    assert_eq!(kind, TransportKind::Dns);
    assert!(!maybe_processed);
}

#[tokio::test]
async fn plain_http_listener_fails_tls() {
    // A loopback listener that replies to a TLS ClientHello with plain HTTP.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut hello = [0u8; 512];
        let _ = socket.read(&mut hello).await;
        let _ = socket
            .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    });
    let url = Url::parse(&format!("https://127.0.0.1:{port}/")).unwrap();

    let result = no_retries(Duration::from_secs(2))
        .get_without_credentials(&url)
        .await;
    let (kind, maybe_processed) = transport_kind(result);
    assert_eq!(kind, TransportKind::Tls);
    assert!(
        !maybe_processed,
        "nothing was sent before the handshake failed"
    );
    server.abort();
}

#[tokio::test]
async fn missing_token_challenge_is_kept() {
    let sim = TestSim::demo().await;
    let url = sim.aerial_service().join(&accounts_path());

    let response = no_retries(Duration::from_secs(2))
        .get_without_credentials(&url)
        .await
        .unwrap();
    assert_eq!(response.status, 401);
    let error = response.api_error.expect("a 401 carries an error");
    assert_eq!(
        error.error_code(),
        Some("E0000011"),
        "the JSON body is read"
    );
    let challenge = error.challenge().expect("the challenge is kept");
    assert_eq!(challenge.scheme, AuthScheme::Bearer);
    assert_eq!(
        error.access_token_failure(),
        Some(AccessTokenFailure::Invalid)
    );
}

#[tokio::test]
async fn expired_token_challenge_says_expired() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oaexpires", KeyType::EcP256).await;
    let token = client
        .tokens
        .token(&client.app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();
    sim.set_clock_offset(2 * 3600).await;

    let url = sim.aerial_service().join(&accounts_path());
    let response = reqwest::Client::builder()
        .no_proxy()
        .resolve(url.host_str().unwrap(), sim.sim.addr())
        .build()
        .unwrap()
        .get(url.clone())
        .bearer_auth(token.secret().expose())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap();
    let error = ApiError::from_parts("GET", url.as_str(), status, &headers, &body);

    assert_eq!(error.status, 401);
    assert_eq!(error.error_code(), Some("E0000011"));
    assert_eq!(
        error.access_token_failure(),
        Some(AccessTokenFailure::Expired),
        "{:?}",
        error.challenge()
    );
}

#[tokio::test]
async fn server_date_of_a_success_gives_clock_offset() {
    let sim = TestSim::demo().await;
    sim.set_clock_offset(-240).await;
    let url = sim
        .org(crate::support::AERIAL_ORG)
        .join("/.well-known/okta-organization");

    let response = no_retries(Duration::from_secs(2))
        .get_without_credentials(&url)
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert!(response.api_error.is_none());
    let offset = response
        .clock_offset_seconds
        .expect("the emulator sends Date");
    assert!((-242..=-238).contains(&offset), "offset {offset}");
}
