//! Aerial API: account, products, one org, status, deletion requests and org products, with
//! scopes enforced per route.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const EU: &str = "00onweu0000000000002";
const EU_RETAIL: &str = "00onweuretail0000003";
const STAGING: &str = "00onwstaging00000007";
const SANDBOX: &str = "00onwsandbox00000008";
const TRIAL: &str = "00onwtrial0000000009";
const AERIAL_ORG_ID: &str = "00onwaerial000000001";

#[tokio::test]
async fn account_reads_and_renames() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let reply = t.get_with(&t.aerial("/accounts"), &token).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.json(),
        json!({ "id": ACCOUNT, "name": "Northwind Demo Account" })
    );
    for header in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ] {
        assert!(reply.header(header).is_some(), "{header} missing");
    }

    let reply = t
        .send_with(
            Method::PUT,
            &t.aerial("/accounts"),
            &token,
            json!({ "name": "Renamed" }),
        )
        .await;
    assert_eq!(reply.json(), json!({ "id": ACCOUNT, "name": "Renamed" }));
    let reply = t
        .send_with(
            Method::PUT,
            &t.aerial("/accounts"),
            &token,
            json!({ "name": "x".repeat(256) }),
        )
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(reply.json()["errorSummary"], "Api validation failed: name");
    let reply = t
        .send_with(Method::PUT, &t.aerial("/accounts"), &token, json!({}))
        .await;
    reply.assert_okta_error(400, "E0000001");
}

#[tokio::test]
async fn products_list_the_subscription() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let reply = t.get_with(&t.aerial("/products"), &token).await;
    let ids: Vec<String> = reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["P000052", "P000131", "P000139", "P001113"]);
    assert_eq!(reply.json()[0]["name"], "IT Products - SSO");
}

#[tokio::test]
async fn read_scope_cannot_write() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let reply = t
        .send_with(
            Method::PUT,
            &t.aerial("/accounts"),
            &token,
            json!({ "name": "x" }),
        )
        .await;
    reply.assert_okta_error(403, "E0000006");
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(
        challenge.contains("error=\"insufficient_scope\""),
        "{challenge}"
    );
    assert!(
        challenge.contains("scope=\"okta.accounts.manage\""),
        "{challenge}"
    );
}

#[tokio::test]
async fn missing_or_malformed_token_gets_401_challenge() {
    let t = TestSim::demo().await;
    t.register_aerial_client().await;
    let reply = t.send(t.http.get(t.aerial("/orgs"))).await;
    reply.assert_okta_error(401, "E0000011");
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(
        challenge.starts_with("Bearer authorization_uri=\"http://northwind-aerial.sim.localhost:"),
        "{challenge}"
    );
    let reply = t.get_with(&t.aerial("/orgs"), "not-a-token").await;
    reply.assert_okta_error(401, "E0000011");
    assert!(
        reply
            .header("www-authenticate")
            .unwrap()
            .contains("The access token is invalid.")
    );
    let reply = t
        .send(
            t.http
                .get(t.aerial("/orgs"))
                .header("Authorization", "Basic abc"),
        )
        .await;
    reply.assert_okta_error(401, "E0000011");
    let reply = t
        .send(
            t.http
                .get(t.aerial("/orgs"))
                .header("Authorization", "SSWS 00demo-northwind-aerial-api-token"),
        )
        .await;
    reply.assert_okta_error(401, "E0000011");
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
}

#[tokio::test]
async fn token_from_another_org_is_rejected() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("ES256");
    let eu = "northwind-eu.sim.localhost";
    t.register(
        eu,
        "0oaeuorgs",
        &["okta.orgs.manage"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let token = t
        .token_for(eu, "0oaeuorgs", &key, "k1", "okta.orgs.manage")
        .await;
    t.get_with(&t.aerial("/accounts"), &token)
        .await
        .assert_okta_error(403, "E0000006");
}

#[tokio::test]
async fn unknown_account_is_not_found() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let url = format!("{}/0227unknownaccount/api/v1/accounts", t.sim.aerial_url());
    let reply = t.get_with(&url, &token).await;
    reply.assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn one_org_reads_with_documented_fields() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let reply = t
        .get_with(&t.aerial(&format!("/orgs/{AERIAL_ORG_ID}")), &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let org = reply.json();
    assert_eq!(org["id"], AERIAL_ORG_ID);
    assert_eq!(org["accountId"], ACCOUNT);
    assert_eq!(org["name"], "Northwind Aerial");
    assert_eq!(org["cell"], "ok1");
    assert_eq!(org["domain"], AERIAL_ORG);
    assert_eq!(org["status"], "ACTIVE");
    assert_eq!(org["aerialOrg"], true);
    assert!(org["createdDate"].is_string());
    assert!(org["createdBy"].is_string());
    assert!(
        org["_links"]["self"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/{ACCOUNT}/api/v1/orgs/{AERIAL_ORG_ID}"))
    );
    let reply = t
        .get_with(&t.aerial("/orgs/00onwlabs00000000010"), &token)
        .await;
    reply.assert_okta_error(404, "E0000007");
}

#[tokio::test]
async fn status_change_touches_only_the_addressed_org() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let url = t.aerial(&format!("/orgs/{EU_RETAIL}/status"));
    let reply = t
        .send_with(Method::PUT, &url, &token, json!({ "status": "INACTIVE" }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["status"], "INACTIVE");
    let parent = t
        .get_with(&t.aerial(&format!("/orgs/{EU}")), &token)
        .await
        .json();
    assert_eq!(parent["status"], "ACTIVE", "the parent keeps its status");

    let reply = t
        .send_with(Method::PUT, &url, &token, json!({ "status": "PAUSED" }))
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(
        reply.json()["errorSummary"],
        "Api validation failed: status"
    );
    let aerial = t.aerial(&format!("/orgs/{AERIAL_ORG_ID}/status"));
    t.send_with(
        Method::PUT,
        &aerial,
        &token,
        json!({ "status": "INACTIVE" }),
    )
    .await
    .assert_okta_error(400, "E0000001");
    let events = t.control(Method::GET, "/events", None).await.json();
    assert_eq!(events[0]["eventType"], "account.org.status.update");
}

#[tokio::test]
async fn deletion_request_needs_inactive_sandbox_org() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let delete = |org: &str| t.aerial(&format!("/orgs/{org}/deletionRequest"));
    let reply = t.send(t.http.post(delete(TRIAL)).bearer_auth(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json(), json!({}));
    let reply = t
        .send(t.http.post(delete(SANDBOX)).bearer_auth(&token))
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(
        reply.cause(),
        "Only INACTIVE orgs can be deleted. Deactivate the org first."
    );
    let reply = t
        .send(t.http.post(delete(STAGING)).bearer_auth(&token))
        .await;
    reply.assert_okta_error(403, "E0000006");
}

#[tokio::test]
async fn org_products_put_replaces_the_whole_set() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let url = t.aerial(&format!("/orgs/{EU}/products"));
    let before = t.get_with(&url, &token).await.json();
    assert_eq!(before.as_array().unwrap().len(), 3);

    let body = json!([{ "id": "P001113", "name": "ignored name" }, { "id": "P000052" }]);
    let reply = t.send_with(Method::PUT, &url, &token, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json(),
        json!([
            { "id": "P000052", "name": "IT Products - SSO" },
            { "id": "P001113", "name": "IT Products - Identity Threat Protection" },
        ])
    );
    assert_eq!(
        t.get_with(&url, &token).await.json(),
        reply.json(),
        "read back matches"
    );

    let reply = t
        .send_with(Method::PUT, &url, &token, json!([{ "id": "P999999" }]))
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(reply.cause(), "id: Unknown product ID P999999");
    let reply = t
        .send_with(Method::PUT, &url, &token, json!({ "id": "P000052" }))
        .await;
    reply.assert_okta_error(400, "E0000001");
    let reply = t.send_with(Method::PUT, &url, &token, json!([])).await;
    assert_eq!(reply.json(), json!([]));
}

#[tokio::test]
async fn unsubscribed_product_is_rejected() {
    let seed = include_str!("../examples/seed.json");
    let t = TestSim::start(
        okta_sim::SimConfig::from_seed_json(seed)
            .unwrap()
            .control_api(true),
    )
    .await;
    let key = TestKey::for_alg("ES256");
    t.register(
        "acme-aerial.sim.localhost",
        "0oaacme",
        &["okta.accounts.manage"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let token = t
        .token_for(
            "acme-aerial.sim.localhost",
            "0oaacme",
            &key,
            "k1",
            "okta.accounts.manage",
        )
        .await;
    let url = format!(
        "{}/0227acmedemo000000000000000/api/v1/orgs/00oacmeeu00000000002/products",
        t.sim.aerial_url()
    );
    let reply = t
        .send_with(Method::PUT, &url, &token, json!([{ "id": "P001113" }]))
        .await;
    reply.assert_okta_error(400, "E0000001");
    assert_eq!(
        reply.cause(),
        "id: The account is not subscribed to product P001113"
    );
}

#[tokio::test]
async fn enabling_one_product_round_trips() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.manage").await;
    let url = t.aerial("/orgs/00onwapac00000000006/products");

    let mut products = t.get_with(&url, &token).await.json();
    let before: Vec<String> = products
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(before, ["P000052", "P000131"]);

    products.as_array_mut().unwrap().push(
        json!({ "id": "P000139", "name": "IT Products - Lifecycle Management with 1 OIN App" }),
    );
    let written = t
        .send_with(Method::PUT, &url, &token, products.clone())
        .await;
    assert_eq!(written.status, StatusCode::OK, "{}", written.text);

    let read_back = t.get_with(&url, &token).await.json();
    assert_eq!(
        read_back, products,
        "the full list written is the list read back"
    );
    let events = t.control(Method::GET, "/events", None).await.json();
    assert_eq!(events[0]["eventType"], "account.org.product.update");
    assert_eq!(
        events[0]["debugContext"]["debugData"]["after"],
        json!(["P000052", "P000131", "P000139"])
    );
}
