//! Fault injection: 500s, 429 bursts, dropped connections, latency, slow bodies, seeded chance.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

async fn add(t: &TestSim, fault: Value) {
    let reply = t.control(Method::POST, "/faults", Some(fault)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert!(reply.json()["id"].is_string());
}

#[tokio::test]
async fn status_faults_fire_count_times() {
    let t = TestSim::demo().await;
    let url = t.token_url(AERIAL_ORG);
    add(
        &t,
        json!({ "path": "/oauth2/v1/token", "kind": "status500", "count": 1 }),
    )
    .await;
    add(
        &t,
        json!({ "host": AERIAL_ORG, "method": "POST", "kind": "status429", "count": 2 }),
    )
    .await;
    let post = || {
        t.send(
            t.http
                .post(&url)
                .form(&[("grant_type", "client_credentials")]),
        )
    };
    post().await.assert_okta_error(500, "E0000009");
    post().await.assert_okta_error(429, "E0000047");
    post().await.assert_okta_error(429, "E0000047");
    assert_eq!(
        post().await.status,
        StatusCode::UNAUTHORIZED,
        "faults are spent"
    );
}

#[tokio::test]
async fn drop_closes_the_connection_without_response() {
    let t = TestSim::demo().await;
    add(&t, json!({ "kind": "drop", "count": 1 })).await;
    let result = t.http.get(t.url(AERIAL_ORG, "/api/v1/groups")).send().await;
    assert!(result.is_err(), "no response arrives: {result:?}");
    let reply = t
        .call(Method::GET, &t.url(AERIAL_ORG, "/api/v1/groups"), None)
        .await;
    reply.assert_okta_error(401, "E0000011");
}

#[tokio::test]
async fn latency_and_slow_body_delay_the_answer() {
    let t = TestSim::demo().await;
    let url = t.url(AERIAL_ORG, "/api/v1/groups");
    add(&t, json!({ "method": "GET", "path": "/api/v1/groups", "kind": "latency", "delayMs": 300, "count": 1 })).await;
    let started = Instant::now();
    t.call(Method::GET, &url, None)
        .await
        .assert_okta_error(401, "E0000011");
    assert!(started.elapsed() >= Duration::from_millis(300));

    add(
        &t,
        json!({ "path": "/api/v1/groups", "kind": "slowBody", "delayMs": 40, "count": 1 }),
    )
    .await;
    let started = Instant::now();
    let reply = t.call(Method::GET, &url, None).await;
    assert!(
        started.elapsed() >= Duration::from_millis(15 * 40),
        "16 chunks 40 ms apart"
    );
    reply.assert_okta_error(401, "E0000011");
}

#[tokio::test]
async fn seeded_random_faults_repeat() {
    let t = TestSim::demo().await;
    let url = t.url(AERIAL_ORG, "/api/v1/groups");
    let mut runs = Vec::new();
    for _ in 0..2 {
        add(
            &t,
            json!({ "kind": "status500", "probability": 0.5, "seed": 42 }),
        )
        .await;
        let mut statuses = Vec::new();
        for _ in 0..20 {
            statuses.push(t.call(Method::GET, &url, None).await.status.as_u16());
        }
        assert_eq!(
            t.control(Method::DELETE, "/faults", None).await.status,
            StatusCode::NO_CONTENT
        );
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "the same seed gives the same pattern");
    assert!(runs[0].contains(&500), "{:?}", runs[0]);
    assert!(runs[0].contains(&401), "{:?}", runs[0]);
}

#[tokio::test]
async fn invalid_fault_specs_are_rejected() {
    let t = TestSim::demo().await;
    t.control(Method::POST, "/faults", Some(json!({ "kind": "explode" })))
        .await
        .assert_okta_error(400, "E0000003");
    t.control(
        Method::POST,
        "/faults",
        Some(json!({ "kind": "drop", "probability": 2 })),
    )
    .await
    .assert_okta_error(400, "E0000001");
}
