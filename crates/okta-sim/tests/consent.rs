//! Aerial consent: read, grant and revoke, and inheritance by child orgs.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const LABS: &str = "northwind-labs.sim.localhost";
const PARTNERS: &str = "northwind-partners.sim.localhost";
const LOGISTICS: &str = "northwind-eu-logistics.sim.localhost";

fn consent_url(t: &TestSim, host: &str, action: &str) -> String {
    t.url(host, &format!("/api/v1/org/privacy/aerial{action}"))
}

#[tokio::test]
async fn consent_reads_with_documented_fields() {
    let t = TestSim::demo().await;
    let reply = t
        .ssws(
            Method::GET,
            &consent_url(&t, LABS, ""),
            &demo_api_token("northwind-labs"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let body = reply.json();
    assert_eq!(body["accountId"], ACCOUNT);
    assert_eq!(body["grantedBy"], "00unwadmin0000000001");
    assert_eq!(body["grantedDate"], "2024-02-01T09:00:00.000Z");
    assert!(body["_links"]["self"]["href"].is_string());
    let reply = t
        .ssws(
            Method::GET,
            &consent_url(&t, PARTNERS, ""),
            &demo_api_token("northwind-partners"),
            None,
        )
        .await;
    reply.assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn grant_and_revoke_follow_documented_errors() {
    let t = TestSim::demo().await;
    let token = demo_api_token("northwind-partners");
    let grant = consent_url(&t, PARTNERS, "/grant");
    let revoke = consent_url(&t, PARTNERS, "/revoke");
    let reply = t
        .ssws(
            Method::POST,
            &grant,
            &token,
            Some(json!({ "accountId": "0227unknown" })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(reply.cause(), "Invalid aerial account ID.");
    let reply = t
        .ssws(
            Method::POST,
            &grant,
            &token,
            Some(json!({ "accountId": ACCOUNT })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["accountId"], ACCOUNT);
    assert_eq!(reply.json()["grantedBy"], "00unwadmin0000000001");
    let reply = t
        .ssws(
            Method::POST,
            &grant,
            &token,
            Some(json!({ "accountId": ACCOUNT })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(
        reply.cause(),
        "The org already has a consent grant added to Aerial."
    );
    let reply = t
        .ssws(
            Method::POST,
            &revoke,
            &token,
            Some(json!({ "accountId": ACCOUNT })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    t.ssws(Method::GET, &consent_url(&t, PARTNERS, ""), &token, None)
        .await
        .assert_okta_error(404, "E0000007");

    let eu = demo_api_token("northwind-eu");
    let reply = t
        .ssws(
            Method::POST,
            &consent_url(&t, "northwind-eu.sim.localhost", "/revoke"),
            &eu,
            Some(json!({ "accountId": ACCOUNT })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(reply.cause(), "The org is already linked to an Account.");
}

#[tokio::test]
async fn child_org_inherits_and_cannot_grant() {
    let t = TestSim::demo().await;
    let token = demo_api_token("northwind-eu-logistics");
    let reply = t
        .ssws(Method::GET, &consent_url(&t, LOGISTICS, ""), &token, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["accountId"], ACCOUNT);
    let reply = t
        .ssws(
            Method::POST,
            &consent_url(&t, LOGISTICS, "/grant"),
            &token,
            Some(json!({ "accountId": ACCOUNT })),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
}

#[tokio::test]
async fn consent_needs_super_admin_credentials() {
    let t = TestSim::demo().await;
    let reply = t
        .ssws(Method::GET, &consent_url(&t, LABS, ""), "00wrong", None)
        .await;
    reply.assert_okta_error(401, "E0000011");
    let reply = t
        .ssws(
            Method::GET,
            &consent_url(&t, LABS, ""),
            &demo_api_token("northwind-eu"),
            None,
        )
        .await;
    reply.assert_okta_error(401, "E0000011");

    let key = TestKey::for_alg("ES256");
    t.register(
        LABS,
        "0oalabs",
        &["okta.orgs.manage", "okta.groups.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let token = t
        .token_for(LABS, "0oalabs", &key, "k1", "okta.groups.read")
        .await;
    t.get_with(&consent_url(&t, LABS, ""), &token)
        .await
        .assert_okta_error(403, "E0000006");
    let token = t
        .token_for(LABS, "0oalabs", &key, "k1", "okta.orgs.manage")
        .await;
    assert_eq!(
        t.get_with(&consent_url(&t, LABS, ""), &token).await.status,
        StatusCode::OK
    );
}
