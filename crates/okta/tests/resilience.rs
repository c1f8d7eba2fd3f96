//! Recovery from 429, 5xx and dropped connections, without resending what may have succeeded.

use std::sync::Arc;

use okta::aerial::{LinkTarget, OrgQuery};
use okta::org::{NewAdmin, NewOrg};
use okta::{Error, KeyType, OrgClient, OrgCredentials, SecretString};
use serde_json::json;

use crate::support::{ACCOUNT_ID, TestSim};

fn orgs_path() -> String {
    format!("/{ACCOUNT_ID}/api/v1/orgs")
}

#[tokio::test]
async fn rate_limited_get_waits_and_recovers() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oa429", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "GET", "path": orgs_path(), "kind": "status429", "count": 2 }))
        .await;
    let orgs = client.aerial.orgs(&OrgQuery::default()).await.unwrap();
    assert!(!orgs.is_empty());
    assert_eq!(
        sim.requests_to("GET", &orgs_path()).await.len(),
        3,
        "two 429 answers, then success"
    );
}

#[tokio::test]
async fn server_errors_on_get_are_retried() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oa500", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "GET", "path": orgs_path(), "kind": "status500", "count": 2 }))
        .await;
    client.aerial.orgs(&OrgQuery::default()).await.unwrap();
    assert_eq!(sim.requests_to("GET", &orgs_path()).await.len(), 3);
}

#[tokio::test]
async fn persistent_server_errors_give_up_with_the_status() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oa500forever", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "GET", "path": orgs_path(), "kind": "status500" }))
        .await;
    let result = client.aerial.orgs(&OrgQuery::default()).await;
    let Err(Error::Api(api)) = result else {
        panic!("expected HTTP 500, got {result:?}")
    };
    assert_eq!(api.status, 500);
    assert_eq!(
        sim.requests_to("GET", &orgs_path()).await.len(),
        4,
        "the first attempt and three retries"
    );
}

#[tokio::test]
async fn dropped_connection_on_get_is_retried() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oadrop", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "GET", "path": orgs_path(), "kind": "drop", "count": 1 }))
        .await;
    client.aerial.orgs(&OrgQuery::default()).await.unwrap();
}

#[tokio::test]
async fn post_is_not_resent_after_server_error() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oapost500", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "POST", "path": orgs_path(), "kind": "status500", "count": 1 }))
        .await;
    let result = client
        .aerial
        .link_org(&LinkTarget::OrgId("00onwlabs00000000010".into()), "ok1")
        .await;
    assert!(
        matches!(&result, Err(Error::Api(api)) if api.status == 500),
        "{result:?}"
    );
    assert_eq!(
        sim.requests_to("POST", &orgs_path()).await.len(),
        1,
        "a link request is never resent blindly"
    );
}

#[tokio::test]
async fn post_is_not_resent_after_dropped_connection() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oapostdrop", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "POST", "path": orgs_path(), "kind": "drop", "count": 1 }))
        .await;
    let result = client
        .aerial
        .link_org(&LinkTarget::OrgId("00onwlabs00000000010".into()), "ok1")
        .await;
    let Err(Error::Transport {
        maybe_processed, ..
    }) = result
    else {
        panic!("expected a transport error, got {result:?}")
    };
    assert!(maybe_processed, "the error says the link may have happened");
    assert_eq!(sim.requests_to("POST", &orgs_path()).await.len(), 1);
}

#[tokio::test]
async fn rate_limited_post_is_resent() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oapost429", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    sim.fault(json!({ "method": "POST", "path": orgs_path(), "kind": "status429", "count": 1 }))
        .await;
    let linked = client
        .aerial
        .link_org(&LinkTarget::OrgId("00onwlabs00000000010".into()), "ok1")
        .await
        .unwrap();
    assert_eq!(
        linked.id, "00onwlabs00000000010",
        "a 429 was not processed, so sending again is safe"
    );
}

#[tokio::test]
async fn org_creation_checks_for_the_org_before_resending() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oacreatedrop", KeyType::EcP256).await;
    let token = OrgCredentials::ApiToken(Arc::new(SecretString::new(
        "00demo-northwind-eu-api-token".into(),
    )));
    let parent = OrgClient::new(client.http.clone(), sim.org("northwind-eu"), token);
    sim.clear_requests().await;

    sim.fault(json!({ "method": "POST", "path": "/api/v1/orgs", "kind": "drop", "count": 1 }))
        .await;
    let new_org = NewOrg {
        subdomain: "northwind-retry".into(),
        name: "Northwind Retry".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@northwind.example".into(),
            login: "ada@northwind.example".into(),
            password: None,
            recovery: None,
        },
    };
    let created = parent.create_child_org(&new_org).await.unwrap();
    assert_eq!(created.subdomain, "northwind-retry");

    let log = sim.requests().await;
    let sequence: Vec<String> = log
        .iter()
        .map(|r| format!("{} {} {}", r["method"], r["host"], r["path"]))
        .collect();
    assert_eq!(
        sequence.len(),
        4,
        "lookup, POST, lookup, POST: {sequence:?}"
    );
    assert!(
        sequence[0].contains("northwind-retry.sim.localhost"),
        "the first lookup asks the new org's host: {sequence:?}"
    );
    assert!(
        sequence[2].contains("northwind-retry.sim.localhost"),
        "the lookup after the dropped response asks the new org's host: {sequence:?}"
    );
}

#[tokio::test]
async fn expired_token_is_refreshed_once() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oarefresh", KeyType::EcP256).await;
    client.aerial.account().await.unwrap();

    // A reset drops every issued token, so the cached one is now rejected with 401.
    sim.control(reqwest::Method::POST, "reset", None).await;
    let jwk = client.app.key().public_jwk();
    sim.register_client(
        "northwind-aerial",
        "0oarefresh",
        &crate::support::AERIAL_SCOPES,
        false,
        &[jwk],
    )
    .await;
    sim.clear_requests().await;

    client
        .aerial
        .account()
        .await
        .expect("one refresh and one retry recover");
    assert_eq!(sim.requests_to("POST", "/oauth2/v1/token").await.len(), 1);
    let account_path = format!("/{ACCOUNT_ID}/api/v1/accounts");
    assert_eq!(
        sim.requests_to("GET", &account_path).await.len(),
        2,
        "the 401 and the retry"
    );
}

#[tokio::test]
async fn concurrency_stays_within_the_account_limit() {
    let sim = TestSim::demo().await;
    let client = Arc::new(sim.connect("0oaparallel", KeyType::EcP256).await);
    client.aerial.account().await.unwrap();
    sim.fault(
        json!({ "method": "GET", "path": "/*/api/v1/products", "kind": "latency", "delayMs": 150 }),
    )
    .await;
    sim.clear_requests().await;

    let calls = (0..25).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.aerial.products().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await
            .unwrap()
            .expect("no call exceeds the emulator's limit of 10 concurrent requests");
    }
    let products_path = format!("/{ACCOUNT_ID}/api/v1/products");
    assert_eq!(
        sim.requests_to("GET", &products_path).await.len(),
        25,
        "no call needed a retry"
    );
}

fn lost_org() -> NewOrg {
    NewOrg {
        subdomain: "northwind-lost".into(),
        name: "Northwind Lost".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@northwind.example".into(),
            login: "ada@northwind.example".into(),
            password: None,
            recovery: None,
        },
    }
}

/// A parent-org client whose requests time out after one second.
fn impatient_parent(sim: &TestSim) -> OrgClient {
    let mut config = crate::support::test_http_config();
    config.request_timeout = std::time::Duration::from_secs(1);
    config.org_creation_timeout = std::time::Duration::from_secs(1);
    let http = okta::Http::new(config).unwrap();
    let token = OrgCredentials::ApiToken(Arc::new(SecretString::new(
        "00demo-northwind-eu-api-token".into(),
    )));
    OrgClient::new(http, sim.org("northwind-eu"), token)
}

#[tokio::test]
async fn lost_creation_response_is_not_resent() {
    let sim = TestSim::demo().await;
    let parent = impatient_parent(&sim);
    sim.fault(json!({ "method": "POST", "path": "/api/v1/orgs", "kind": "slowBody", "delayMs": 3000, "count": 1 })).await;

    let result = parent.create_child_org(&lost_org()).await;
    assert!(
        matches!(result, Err(Error::OrgCreatedResponseLost { .. })),
        "{result:?}"
    );
    assert_eq!(
        sim.requests_to("POST", "/api/v1/orgs").await.len(),
        1,
        "the lookup finds the org, so nothing is resent"
    );
    assert_eq!(
        sim.requests_to("GET", "/.well-known/okta-organization")
            .await
            .len(),
        2,
        "one lookup before the request and one after the lost response"
    );
}

#[tokio::test]
async fn lost_response_on_existing_subdomain_not_credited() {
    let sim = TestSim::demo().await;
    let parent = impatient_parent(&sim);
    let mut taken = lost_org();
    taken.subdomain = "northwind-eu".into();
    sim.fault(json!({ "method": "POST", "path": "/api/v1/orgs", "kind": "slowBody", "delayMs": 3000, "count": 1 })).await;

    let result = parent.create_child_org(&taken).await;

    assert!(
        matches!(result, Err(Error::Transport { .. })),
        "an org that existed before the request was not created by it: {result:?}"
    );
    assert_eq!(
        sim.requests_to("POST", "/api/v1/orgs").await.len(),
        1,
        "nothing is resent for a subdomain that was already taken"
    );
}

#[tokio::test]
async fn lost_response_for_unserved_org_is_reported() {
    let config = okta_sim::SimConfig::demo().org_ready_delay(std::time::Duration::from_secs(30));
    let sim = TestSim::start_exact(config).await;
    let parent = impatient_parent(&sim);
    sim.fault(json!({ "method": "POST", "path": "/api/v1/orgs", "kind": "slowBody", "delayMs": 3000, "count": 1 })).await;

    let result = parent.create_child_org(&lost_org()).await;
    let Err(Error::OrgCreatedResponseLost { reason, .. }) = result else {
        panic!("expected a lost response, got {result:?}")
    };
    assert!(reason.contains("subdomain taken"), "{reason}");
    assert_eq!(
        sim.requests_to("POST", "/api/v1/orgs").await.len(),
        2,
        "one resend after the lookup found nothing"
    );
}

#[tokio::test]
async fn timed_out_get_is_retried() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oatimeout", KeyType::EcP256).await;
    let mut config = crate::support::test_http_config();
    config.request_timeout = std::time::Duration::from_secs(1);
    let http = okta::Http::new(config).unwrap();
    let aerial = okta::AerialClient::new(
        http,
        client.tokens.clone(),
        sim.aerial_service(),
        ACCOUNT_ID,
        client.app.clone(),
    )
    .unwrap();
    aerial.account().await.unwrap();

    sim.fault(json!({ "method": "GET", "path": orgs_path(), "kind": "slowBody", "delayMs": 3000, "count": 1 })).await;
    let orgs = aerial
        .orgs(&OrgQuery::default())
        .await
        .expect("the retry after the timeout succeeds");
    assert!(!orgs.is_empty());
    assert_eq!(
        sim.requests_to("GET", &orgs_path()).await.len(),
        2,
        "the slow attempt and the retry"
    );
}

#[tokio::test]
async fn org_creation_outlasts_the_request_timeout() {
    let sim = TestSim::demo().await;
    let mut config = crate::support::test_http_config();
    config.request_timeout = std::time::Duration::from_secs(1);
    config.org_creation_timeout = std::time::Duration::from_secs(10);
    let token = OrgCredentials::ApiToken(Arc::new(SecretString::new(
        "00demo-northwind-eu-api-token".into(),
    )));
    let parent = OrgClient::new(
        okta::Http::new(config).unwrap(),
        sim.org("northwind-eu"),
        token,
    );
    // 16 chunks 150 ms apart: 2.4 s, past the request timeout but within the creation limit.
    sim.fault(json!({ "method": "POST", "path": "/api/v1/orgs", "kind": "slowBody", "delayMs": 150, "count": 1 })).await;

    let created = parent.create_child_org(&lost_org()).await;

    assert!(
        created.is_ok(),
        "a slow creation within its own limit succeeds: {created:?}"
    );
    assert_eq!(sim.requests_to("POST", "/api/v1/orgs").await.len(), 1);
}
