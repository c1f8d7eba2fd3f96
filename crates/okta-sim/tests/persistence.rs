//! Persistence: changes survive a restart when a state file is configured.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

#[tokio::test]
async fn changes_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let config = || {
        okta_sim::SimConfig::demo()
            .control_api(true)
            .persist_to(path.clone())
    };

    let t = TestSim::start(config()).await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let reply = t
        .send_with(
            Method::PUT,
            &t.aerial("/accounts"),
            &token,
            json!({ "name": "Kept" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["accounts"][0]["name"], "Kept");
    t.sim.shutdown().await;

    let t = TestSim::start(config()).await;
    let state = t.control(Method::GET, "/state", None).await.json();
    assert_eq!(state["accounts"][0]["name"], "Kept");
    assert_eq!(
        state["clients"][0]["clientId"], AERIAL_CLIENT,
        "registered clients persist too"
    );
    t.control(Method::POST, "/reset", None).await;
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved["accounts"][0]["name"], "Northwind Demo Account");
}

#[tokio::test]
async fn corrupt_state_file_fails_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, "{ not json").unwrap();
    let error = okta_sim::start(okta_sim::SimConfig::demo().persist_to(path))
        .await
        .unwrap_err();
    assert!(
        error.to_string().starts_with("invalid seed JSON"),
        "{error}"
    );
}

#[tokio::test]
async fn invalid_seeds_are_rejected_with_reasons() {
    let cases = [
        (
            r#"{"orgs":[{"id":"a","name":"A","domain":"a.sim.localhost","cell":"ok1","parentOrgId":"missing"}]}"#,
            "unknown parent",
        ),
        (
            r#"{"accounts":[{"id":"x","name":"X","aerialOrgId":"nope"}]}"#,
            "not in orgs",
        ),
        (r#"{"surprise":true}"#, "unknown field"),
        (
            r#"{"clients":[{"orgDomain":"none.sim.localhost","clientId":"c"}]}"#,
            "not in orgs",
        ),
    ];
    for (seed, expected) in cases {
        let error = okta_sim::SimConfig::from_seed_json(seed)
            .unwrap_err()
            .to_string();
        assert!(error.contains(expected), "{error}");
    }
}

#[tokio::test]
async fn seed_client_keys_follow_registration_rules() {
    let example: Value = serde_json::from_str(include_str!("../examples/seed.json")).unwrap();
    let strong = TestKey::for_alg("ES256").public_jwk("k1");
    let mut private = strong.clone();
    private["d"] = json!("AAAA");
    let weak = TestKey::rsa(keys::RSA_1024, "RS256").public_jwk("weak");
    let cases = [
        (vec![private], "private key material"),
        (vec![weak], "at least 2048 bits"),
        (vec![strong.clone(), strong], "already registered"),
    ];
    for (jwks, expected) in cases {
        let mut seed = example.clone();
        seed["clients"][0]["jwks"] = json!(jwks);
        let error = okta_sim::SimConfig::from_seed_json(&seed.to_string())
            .unwrap_err()
            .to_string();
        assert!(error.contains("key"), "{error}");
        assert!(error.contains(expected), "{error}");
    }
}

#[tokio::test]
async fn non_loopback_listen_address_is_refused() {
    let config = okta_sim::SimConfig::demo().listen_addr("0.0.0.0:0".parse().unwrap());
    let error = okta_sim::start(config).await.unwrap_err();
    assert!(
        error.to_string().contains("not a loopback address"),
        "{error}"
    );
}

#[tokio::test]
async fn seed_accepts_grant_date_spelling() {
    let seed = include_str!("../examples/seed.json").replace("grantedDate", "grantDate");
    let config = okta_sim::SimConfig::from_seed_json(&seed).expect("grantDate is accepted");
    let consent = config.world().orgs[0].consent.as_ref().unwrap();
    assert_eq!(consent.granted_date, "2024-03-01T10:00:00.000Z");
}
