//! The control API: client and key registration checks, state dump, reset and method errors.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn registration_rejects_weak_private_and_duplicate_keys() {
    let t = TestSim::demo().await;
    let weak = TestKey::rsa(keys::RSA_1024, "RS256").public_jwk("weak");
    let mut private = TestKey::for_alg("ES256").public_jwk("private");
    private["d"] = json!("c2VjcmV0");
    let good = TestKey::for_alg("ES256").public_jwk("same");

    let cases = [
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa1", "jwks": [weak] }),
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa2", "jwks": [private] }),
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa3", "jwks": [good.clone(), good.clone()] }),
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa4", "jwks": [{ "kty": "oct", "kid": "x", "k": "AAAA" }] }),
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa5", "jwks": [{ "kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA" }] }),
        json!({ "orgDomain": AERIAL_ORG, "clientId": "0oa6", "jwks": [{ "kty": "EC", "kid": "x", "crv": "P-256", "x": good["x"], "y": good["x"] }] }),
        json!({ "orgDomain": AERIAL_ORG }),
    ];
    for body in cases {
        let reply = t
            .control(Method::POST, "/clients", Some(body.clone()))
            .await;
        reply.assert_okta_error(400, "E0000001");
    }
    let reply = t
        .control(
            Method::POST,
            "/clients",
            Some(json!({ "orgDomain": "nowhere.sim.localhost", "clientId": "0oa7" })),
        )
        .await;
    reply.assert_okta_error(404, "E0000007");

    t.register(AERIAL_ORG, "0oadup", &[], vec![good.clone()], false)
        .await;
    let reply = t
        .control(
            Method::POST,
            "/clients",
            Some(json!({ "orgDomain": AERIAL_ORG, "clientId": "0oadup" })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
    let reply = t
        .control(Method::POST, "/clients/0oadup/keys", Some(good))
        .await;
    reply.assert_okta_error(400, "E0000001");
    let reply = t
        .control(Method::POST, "/clients/0oamissing/keys", Some(json!({})))
        .await;
    reply.assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn patch_changes_scopes_and_dpop_flag() {
    let t = TestSim::demo().await;
    let key = t.register_aerial_client().await;
    let reply = t
        .control(
            Method::PATCH,
            &format!("/clients/{AERIAL_CLIENT}"),
            Some(json!({ "grantedScopes": ["okta.accounts.read"] })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["grantedScopes"], json!(["okta.accounts.read"]));
    let assertion = key.sign(
        &json!({ "alg": "ES256", "kid": "key-1" }),
        &t.claims(AERIAL_ORG, AERIAL_CLIENT),
    );
    assert_eq!(
        t.token_with(AERIAL_ORG, &assertion, "okta.accounts.manage")
            .await
            .json()["error"],
        "invalid_scope"
    );
    let reply = t
        .control(
            Method::PATCH,
            &format!("/clients/{AERIAL_CLIENT}"),
            Some(json!({ "dpopRequired": true })),
        )
        .await;
    assert_eq!(reply.json()["dpopRequired"], true);
    let reply = t
        .control(
            Method::PATCH,
            &format!("/clients/{AERIAL_CLIENT}"),
            Some(json!({ "dpopRequired": "yes" })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
}

#[tokio::test]
async fn reset_restores_the_seed() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    t.send_with(
        Method::PUT,
        &t.aerial("/accounts"),
        &token,
        json!({ "name": "Changed" }),
    )
    .await;
    let state = t.control(Method::GET, "/state", None).await.json();
    assert_eq!(state["accounts"][0]["name"], "Changed");
    assert_eq!(state["clients"][0]["clientId"], AERIAL_CLIENT);

    let reply = t.control(Method::POST, "/reset", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let state = t.control(Method::GET, "/state", None).await.json();
    assert_eq!(state["accounts"][0]["name"], "Northwind Demo Account");
    assert_eq!(state["clients"], json!([]));
    t.get_with(&t.aerial("/accounts"), &token)
        .await
        .assert_okta_error(401, "E0000011");
}

#[tokio::test]
async fn state_round_trips_as_a_seed() {
    let t = TestSim::demo().await;
    t.register_aerial_client().await;
    let state = t.control(Method::GET, "/state", None).await.text;
    let config = okta_sim::SimConfig::from_seed_json(&state).expect("state parses as a seed");
    assert_eq!(config.world().orgs.len(), 13);
    assert_eq!(config.world().clients.len(), 1);
}

#[tokio::test]
async fn request_log_records_exact_requests() {
    let t = TestSim::demo().await;
    let url = format!("{}?limit=5", t.aerial("/orgs"));
    t.send(t.http.get(&url).header("X-Test", "one")).await;
    t.send(
        t.http
            .post(t.token_url(AERIAL_ORG))
            .form(&[("grant_type", "client_credentials")]),
    )
    .await;

    let log = t.control(Method::GET, "/requests", None).await.json();
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2, "control calls are not logged: {log}");
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(
        entries[0]["host"],
        format!("aerial.sim.localhost:{}", t.sim.port())
    );
    assert_eq!(entries[0]["path"], format!("/{ACCOUNT}/api/v1/orgs"));
    assert_eq!(entries[0]["query"], "limit=5");
    assert_eq!(entries[0]["headers"]["x-test"], "one");
    assert_eq!(entries[1]["body"], "grant_type=client_credentials");
    assert!(entries[1]["time"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        t.control(Method::DELETE, "/requests", None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        t.control(Method::GET, "/requests", None).await.json(),
        json!([])
    );
}

#[tokio::test]
async fn control_api_is_off_by_default() {
    let t = TestSim::start(okta_sim::SimConfig::demo()).await;
    let reply = t.control(Method::GET, "/state", None).await;
    reply.assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn control_api_serves_every_host() {
    let t = TestSim::demo().await;
    let url = t.url("unknown-host.sim.localhost", "/__sim/requests");
    assert_eq!(t.call(Method::GET, &url, None).await.status, StatusCode::OK);
    let reply = t.control(Method::GET, "/clock", None).await;
    reply.assert_okta_error(405, "E0000022");
    assert_eq!(reply.header("allow").as_deref(), Some("PUT"));
    t.control(Method::GET, "/nothing", None)
        .await
        .assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn clock_offset_out_of_range_is_rejected() {
    let t = TestSim::demo().await;
    for offset in [i64::MIN, -4_000_000_000, 4_000_000_000, i64::MAX] {
        let reply = t
            .control(
                Method::PUT,
                "/clock",
                Some(json!({ "offsetSeconds": offset })),
            )
            .await;
        reply.assert_okta_error(400, "E0000001");
    }
    let reply = t
        .control(
            Method::PUT,
            "/clock",
            Some(json!({ "offsetSeconds": -1_000_000_000 })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reply = t
        .call(Method::GET, &t.url(AERIAL_ORG, "/api/v1/groups"), None)
        .await;
    reply.assert_okta_error(401, "E0000011");
    assert!(reply.header("date").unwrap().ends_with("GMT"));
}
