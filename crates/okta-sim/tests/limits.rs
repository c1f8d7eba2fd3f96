//! Rate limits: concurrent requests per Aerial account, per-minute budgets and their headers.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn eleventh_concurrent_request_gets_429() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let fault = json!({ "host": AERIAL_HOST, "path": "/*/api/v1/accounts", "kind": "latency", "delayMs": 3000, "count": 10 });
    assert_eq!(
        t.control(Method::POST, "/faults", Some(fault)).await.status,
        StatusCode::CREATED
    );

    let url = t.aerial("/accounts");
    let slow: Vec<_> = (0..10).map(|_| t.get_with(&url, &token)).collect();
    let late = async {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        t.get_with(&t.aerial("/products"), &token).await
    };
    let (slow, late) = tokio::join!(futures_util::future::join_all(slow), late);
    for reply in &slow {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    late.assert_okta_error(429, "E0000047");
    assert_eq!(late.header("x-rate-limit-limit").as_deref(), Some("10"));
    assert_eq!(late.header("x-rate-limit-remaining").as_deref(), Some("0"));
    assert!(late.header("x-rate-limit-reset").is_some());
    assert_eq!(
        t.get_with(&t.aerial("/products"), &token).await.status,
        StatusCode::OK,
        "slots free again"
    );
}

#[tokio::test]
async fn slow_bodies_hold_concurrency_slots() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let fault = json!({ "host": AERIAL_HOST, "path": "/*/api/v1/accounts", "kind": "slowBody", "delayMs": 200, "count": 10 });
    assert_eq!(
        t.control(Method::POST, "/faults", Some(fault)).await.status,
        StatusCode::CREATED
    );

    let url = t.aerial("/accounts");
    let slow: Vec<_> = (0..10).map(|_| t.get_with(&url, &token)).collect();
    let late = async {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        t.get_with(&t.aerial("/products"), &token).await
    };
    let (slow, late) = tokio::join!(futures_util::future::join_all(slow), late);
    for reply in &slow {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    late.assert_okta_error(429, "E0000047");
    assert_eq!(
        t.get_with(&t.aerial("/products"), &token).await.status,
        StatusCode::OK,
        "slots free again once the bodies are sent"
    );
}

#[tokio::test]
async fn per_minute_budget_counts_down_then_429() {
    let t = TestSim::start(
        okta_sim::SimConfig::demo()
            .control_api(true)
            .rate_limit_per_minute(3),
    )
    .await;
    // Start the emulator clock one second into a minute, so all requests share one window.
    let offset = 61 - now().rem_euclid(60);
    t.control(
        Method::PUT,
        "/clock",
        Some(json!({ "offsetSeconds": offset })),
    )
    .await;
    let window_end = now() + offset + 59;

    let url = t.token_url(AERIAL_ORG);
    for remaining in ["2", "1", "0"] {
        let reply = t
            .send(
                t.http
                    .post(&url)
                    .form(&[("grant_type", "client_credentials")]),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert_eq!(reply.header("x-rate-limit-limit").as_deref(), Some("3"));
        assert_eq!(
            reply.header("x-rate-limit-remaining").as_deref(),
            Some(remaining)
        );
        let reset: i64 = reply.header("x-rate-limit-reset").unwrap().parse().unwrap();
        assert_eq!(reset % 60, 0, "reset {reset} is a minute boundary");
        assert!(
            (reset - window_end).abs() <= 2,
            "reset {reset} ends this window"
        );
    }
    let reply = t
        .send(
            t.http
                .post(&url)
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    reply.assert_okta_error(429, "E0000047");
    assert_eq!(reply.header("x-rate-limit-remaining").as_deref(), Some("0"));
    let other_org = t.token_url("northwind-eu.sim.localhost");
    let reply = t
        .send(
            t.http
                .post(&other_org)
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNAUTHORIZED,
        "each host has its own budget"
    );
}

#[tokio::test]
async fn error_responses_carry_rate_limit_headers() {
    let t = TestSim::demo().await;
    let reply = t
        .call(Method::GET, &t.url(AERIAL_ORG, "/nothing"), None)
        .await;
    reply.assert_okta_error(404, "E0000007");
    for header in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ] {
        assert!(reply.header(header).is_some(), "{header}");
    }
}
