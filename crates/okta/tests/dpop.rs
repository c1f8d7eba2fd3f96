//! DPoP on and off: the nonce handshake, the automatic switch, and fresh proofs on retries.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use okta::token::SystemClock;
use okta::{KeyType, PrivateKey, ScopeSet, ServiceApp, TokenKind, scope};
use serde_json::{Value, json};

use crate::support::{AERIAL_ORG, AERIAL_SCOPES, TestSim};

fn header<'a>(request: &'a Value, name: &str) -> Option<&'a str> {
    request["headers"][name].as_str()
}

fn jwt_part(jwt: &str, index: usize) -> Value {
    let part = jwt
        .split('.')
        .nth(index)
        .expect("a compact JWT has three parts");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

async fn dpop_app(sim: &TestSim, client_id: &str) -> Arc<ServiceApp> {
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    sim.register_client(
        AERIAL_ORG,
        client_id,
        &AERIAL_SCOPES,
        true,
        &[key.public_jwk()],
    )
    .await;
    let dpop_key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    let app = ServiceApp::new(client_id, sim.org(AERIAL_ORG), client_id, key).with_dpop(dpop_key);
    Arc::new(app)
}

#[tokio::test]
async fn nonce_handshake_yields_dpop_token() {
    let sim = TestSim::demo().await;
    let app = dpop_app(&sim, "0oadpop").await;
    let client = sim.connect_app(app.clone(), Arc::new(SystemClock)).await;

    let token = client
        .tokens
        .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();
    assert_eq!(token.kind(), TokenKind::Dpop);

    let posts = sim.requests_to("POST", "/oauth2/v1/token").await;
    assert_eq!(posts.len(), 2, "one request without nonce, one with it");
    let first = jwt_part(header(&posts[0], "dpop").unwrap(), 1);
    let second = jwt_part(header(&posts[1], "dpop").unwrap(), 1);
    assert!(
        first.get("nonce").is_none(),
        "the first proof has no nonce: {first}"
    );
    assert!(
        second["nonce"].is_string(),
        "the retry carries the server's nonce: {second}"
    );
    assert_ne!(first["jti"], second["jti"], "every proof has its own jti");
    assert_eq!(second["htm"], "POST");
    assert_eq!(second["htu"], sim.org(AERIAL_ORG).token_url().as_str());
}

#[tokio::test]
async fn api_calls_carry_dpop_proof_with_ath() {
    let sim = TestSim::demo().await;
    let app = dpop_app(&sim, "0oadpopapi").await;
    let client = sim.connect_app(app, Arc::new(SystemClock)).await;

    client.aerial.account().await.unwrap();
    let path = format!("/{}/api/v1/accounts", crate::support::ACCOUNT_ID);
    let calls = sim.requests_to("GET", &path).await;
    let call = calls.last().expect("the account call was logged");
    let authorization = header(call, "authorization").unwrap();
    assert!(authorization.starts_with("DPoP "), "{authorization}");

    let proof = jwt_part(header(call, "dpop").unwrap(), 1);
    let token = authorization.trim_start_matches("DPoP ");
    assert_eq!(proof["ath"], okta::dpop::access_token_hash(token));
    assert_eq!(proof["htm"], "GET");
    let proof_header = jwt_part(header(call, "dpop").unwrap(), 0);
    assert_eq!(proof_header["typ"], "dpop+jwt");
    assert!(
        proof_header["jwk"].get("d").is_none(),
        "only the public key travels"
    );
}

#[tokio::test]
async fn required_dpop_is_switched_on_and_reported() {
    let sim = TestSim::demo().await;
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    sim.register_client(
        AERIAL_ORG,
        "0oaautodpop",
        &AERIAL_SCOPES,
        true,
        &[key.public_jwk()],
    )
    .await;
    let app = Arc::new(ServiceApp::new(
        "auto",
        sim.org(AERIAL_ORG),
        "0oaautodpop",
        key.clone(),
    ));
    let client = sim.connect_app(app.clone(), Arc::new(SystemClock)).await;

    client
        .aerial
        .account()
        .await
        .expect("the call succeeds after DPoP is switched on");
    assert!(
        app.dpop_switched_on_automatically(),
        "the caller can save that DPoP is needed"
    );
    let dpop_key = app.dpop_key().unwrap();
    assert_ne!(
        dpop_key.thumbprint(),
        key.thumbprint(),
        "DPoP uses a separate key"
    );

    client.aerial.products().await.unwrap();
    let posts = sim.requests_to("POST", "/oauth2/v1/token").await;
    assert_eq!(
        posts.len(),
        3,
        "missing proof, then nonce handshake; later calls reuse the token"
    );
}

#[tokio::test]
async fn dpop_off_sends_bearer_without_proof() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oabearer", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    for request in sim.requests().await {
        assert!(
            header(&request, "dpop").is_none(),
            "no DPoP header when DPoP is off: {}",
            request["path"]
        );
    }
    assert!(!client.app.dpop_switched_on_automatically());
}

#[tokio::test]
async fn retry_after_429_gets_fresh_proof() {
    let sim = TestSim::demo().await;
    let app = dpop_app(&sim, "0oadpop429").await;
    let client = sim.connect_app(app, Arc::new(SystemClock)).await;
    client.aerial.account().await.unwrap();
    sim.clear_requests().await;

    let orgs_path = format!("/{}/api/v1/orgs", crate::support::ACCOUNT_ID);
    sim.fault(json!({ "method": "GET", "path": orgs_path, "kind": "status429", "count": 1 }))
        .await;
    client
        .aerial
        .orgs(&okta::aerial::OrgQuery::default())
        .await
        .unwrap();

    let calls = sim.requests_to("GET", &orgs_path).await;
    assert!(
        calls.len() >= 2,
        "the 429 was retried: {} calls",
        calls.len()
    );
    let first = jwt_part(header(&calls[0], "dpop").unwrap(), 1);
    let second = jwt_part(header(&calls[1], "dpop").unwrap(), 1);
    assert_ne!(first["jti"], second["jti"], "a retry signs a new proof");
}
