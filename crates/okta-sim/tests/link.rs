//! Linking orgs: by ID or domain, with cell, consent rules and link-once.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const LABS_ID: &str = "00onwlabs00000000010";

#[tokio::test]
async fn link_by_id_returns_linked_org() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let reply = t
        .send_with(
            Method::POST,
            &t.aerial("/orgs"),
            &token,
            json!({ "orgId": LABS_ID, "cell": "ok1" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let org = reply.json();
    assert_eq!(org["id"], LABS_ID);
    assert_eq!(org["accountId"], ACCOUNT);
    assert_eq!(org["aerialOrg"], false);
    assert_eq!(
        t.get_with(&t.aerial(&format!("/orgs/{LABS_ID}")), &token)
            .await
            .status,
        StatusCode::OK
    );
    let events = t.control(Method::GET, "/events", None).await.json();
    assert_eq!(events[0]["eventType"], "account.org.add");

    let again = t
        .send_with(
            Method::POST,
            &t.aerial("/orgs"),
            &token,
            json!({ "orgId": LABS_ID, "cell": "ok1" }),
        )
        .await;
    again.assert_okta_error(400, "E0000001");
    assert_eq!(again.cause(), "The org is already linked to an Account.");
}

#[tokio::test]
async fn link_by_domain_uses_parent_consent() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let body = json!({ "domain": "NORTHWIND-EU-LOGISTICS.sim.localhost", "cell": "OK1" });
    let reply = t
        .send_with(Method::POST, &t.aerial("/orgs"), &token, body)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json()["domain"],
        "northwind-eu-logistics.sim.localhost"
    );
}

#[tokio::test]
async fn link_errors_are_distinct() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let url = t.aerial("/orgs");
    let post = |body: serde_json::Value| t.send_with(Method::POST, &url, &token, body);
    post(json!({ "orgId": "00ounknown0000000000", "cell": "ok1" }))
        .await
        .assert_okta_error(404, "E0000007");
    post(json!({ "orgId": "00onweu0000000000002", "cell": "ok1" }))
        .await
        .assert_okta_error(400, "E0000001");
    let reply = post(json!({ "orgId": "00onwpartners0000011", "cell": "ok1" })).await;
    reply.assert_okta_error(403, "E0000006");
    assert_eq!(
        reply.cause(),
        "The org has not granted Aerial consent to this account."
    );
    let reply = post(json!({ "orgId": LABS_ID, "cell": "ok7" })).await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(reply.json()["errorSummary"], "Api validation failed: cell");
    post(json!({ "orgId": LABS_ID }))
        .await
        .assert_okta_error(400, "E0000001");
    post(json!({ "cell": "ok1" }))
        .await
        .assert_okta_error(400, "E0000001");
    post(json!({ "orgId": LABS_ID, "domain": "northwind-labs.sim.localhost", "cell": "ok1" }))
        .await
        .assert_okta_error(400, "E0000001");
}

#[tokio::test]
async fn org_of_another_account_is_unknown() {
    let seed = include_str!("../examples/seed.json");
    let mut world: serde_json::Value = serde_json::from_str(seed).unwrap();
    world["orgs"][2]["accountId"] = json!(null);
    world["orgs"][2]["parentOrgId"] = json!(null);
    world["orgs"][2]["consent"] = json!({ "accountId": "0227acmedemo000000000000000", "grantedBy": "00u1", "grantedDate": "2024-01-01T00:00:00.000Z" });
    let config = okta_sim::SimConfig::from_seed_json(&world.to_string())
        .unwrap()
        .control_api(true);

    let t = TestSim::start(config).await;
    let key = TestKey::for_alg("ES256");
    t.register(
        "acme-aerial.sim.localhost",
        "0oaacme2",
        &["okta.accounts.manage"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let token = t
        .token_for(
            "acme-aerial.sim.localhost",
            "0oaacme2",
            &key,
            "k1",
            "okta.accounts.manage",
        )
        .await;

    let url = format!(
        "{}/0227acmedemo000000000000000/api/v1/orgs",
        t.sim.aerial_url()
    );
    let reply = t
        .send_with(
            Method::POST,
            &url,
            &token,
            json!({ "orgId": "00oacmeeushop0000003", "cell": "op3" }),
        )
        .await;
    reply.assert_okta_error(404, "E0000007");
}
