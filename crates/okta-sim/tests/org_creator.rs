//! Org Creator: validation codes, the SSWS token of the new org, the ready delay and the
//! per-minute limit.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const EU: &str = "northwind-eu.sim.localhost";

fn body(subdomain: &str) -> Value {
    json!({
        "subdomain": subdomain,
        "name": "Northwind Child",
        "website": "https://child.example.test",
        "edition": "SKU",
        "admin": {
            "profile": { "firstName": "Avery", "lastName": "Admin", "email": "avery@example.test", "login": "avery@example.test" },
            "credentials": { "password": { "value": "correct-horse-9" }, "recovery_question": { "question": "q?", "answer": "answer" } },
        },
    })
}

async fn create(t: &TestSim, body: Value) -> Reply {
    t.ssws(
        Method::POST,
        &t.url(EU, "/api/v1/orgs"),
        &demo_api_token("northwind-eu"),
        Some(body),
    )
    .await
}

#[tokio::test]
async fn created_org_accepts_its_admin_token() {
    let t = TestSim::demo().await;
    let reply = create(&t, body("northwind-child")).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let org = reply.json();
    assert_eq!(org["subdomain"], "northwind-child");
    assert_eq!(org["name"], "Northwind Child");
    assert_eq!(org["website"], "https://child.example.test");
    assert_eq!(org["status"], "ACTIVE");
    assert_eq!(org["tokenType"], "SSWS");
    assert!(org["id"].as_str().unwrap().starts_with("00o"));
    assert!(org["created"].is_string());
    assert!(org["lastUpdated"].is_string());
    assert!(org["settings"].is_object());
    let child = "northwind-child.sim.localhost";
    let href = org["_links"]["organization"]["href"].as_str().unwrap();
    assert!(
        href.starts_with(&format!("http://{child}:{}", t.sim.port())),
        "{href}"
    );

    let token = org["token"].as_str().unwrap();
    let reply = t
        .ssws(Method::GET, &t.url(child, "/api/v1/groups"), token, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reply = t
        .ssws(
            Method::GET,
            &t.url(child, "/api/v1/org/privacy/aerial"),
            token,
            None,
        )
        .await;
    assert_eq!(
        reply.json()["accountId"],
        ACCOUNT,
        "the child inherits its parent's consent"
    );
}

#[tokio::test]
async fn new_org_waits_for_ready_delay() {
    let config = okta_sim::SimConfig::demo().control_api(true).realistic();
    let t = TestSim::start(config).await;
    let reply = create(&t, body("northwind-later")).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let token = reply.json()["token"].as_str().unwrap().to_string();
    let url = t.url("northwind-later.sim.localhost", "/api/v1/groups");
    t.ssws(Method::GET, &url, &token, None)
        .await
        .assert_okta_error(404, "E0000007");
    let again = create(&t, body("northwind-later")).await;
    let error = again.assert_okta_error(400, "E0000171");
    assert_eq!(
        error["errorSummary"],
        "Org Creator API subdomain validation exception: The value is already in use by a different request."
    );

    t.control(Method::PUT, "/clock", Some(json!({ "offsetSeconds": 25 })))
        .await;
    let reply = t.ssws(Method::GET, &url, &token, None).await;
    reply.assert_okta_error(404, "E0000007");

    t.control(Method::PUT, "/clock", Some(json!({ "offsetSeconds": 31 })))
        .await;
    assert_eq!(
        t.ssws(Method::GET, &url, &token, None).await.status,
        StatusCode::OK
    );
    create(&t, body("northwind-later"))
        .await
        .assert_okta_error(400, "E0000088");
}

#[tokio::test]
async fn validation_errors_use_documented_codes() {
    let t = TestSim::demo().await;
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut b = body("northwind-valid");
        edit(&mut b);
        b
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            with(&|b| {
                b.as_object_mut().unwrap().remove("subdomain");
            }),
            "E0000001",
            "Api validation failed: subdomain",
        ),
        (
            with(&|b| b["subdomain"] = json!("a".repeat(58))),
            "E0000172",
            "Org Creator API subdomain validation exception: The value exceeds the max length.",
        ),
        (
            with(&|b| b["subdomain"] = json!("has space")),
            "E0000001",
            "Api validation failed: subdomain",
        ),
        (
            with(&|b| b["subdomain"] = json!("www")),
            "E0000170",
            "Org Creator API subdomain validation exception: Using a reserved value. Try again with a different value.",
        ),
        (
            with(&|b| b["subdomain"] = json!("northwind-hr")),
            "E0000088",
            "Org Creator API subdomain validation exception: An object with this field already exists.",
        ),
        (
            with(&|b| b["name"] = json!("n".repeat(101))),
            "E0000089",
            "Org Creator API name validation exception.",
        ),
        (
            with(&|b| b["name"] = json!("")),
            "E0000001",
            "Api validation failed: name",
        ),
        (
            with(&|b| b["edition"] = json!("ENTERPRISE")),
            "E0000001",
            "Api validation failed: edition",
        ),
        (
            with(&|b| {
                b.as_object_mut().unwrap().remove("admin");
            }),
            "E0000001",
            "Api validation failed: admin",
        ),
        (
            with(&|b| b["admin"]["profile"]["firstName"] = json!("f".repeat(51))),
            "E0000001",
            "Api validation failed: firstName",
        ),
        (
            with(&|b| b["admin"]["profile"]["lastName"] = json!("")),
            "E0000001",
            "Api validation failed: lastName",
        ),
        (
            with(&|b| b["admin"]["profile"]["email"] = json!("a@b")),
            "E0000001",
            "Api validation failed: email",
        ),
        (
            with(&|b| b["admin"]["profile"]["login"] = json!("l".repeat(101))),
            "E0000001",
            "Api validation failed: login",
        ),
    ];
    for (request, code, summary) in cases {
        let reply = create(&t, request).await;
        let error = reply.assert_okta_error(400, code);
        assert_eq!(error["errorSummary"], summary);
    }
    let longest = create(&t, body(&"a".repeat(57))).await;
    assert_eq!(
        longest.status,
        StatusCode::CREATED,
        "57 characters is allowed: {}",
        longest.text
    );
}

#[tokio::test]
async fn ten_orgs_per_minute_then_429() {
    let t = TestSim::demo().await;
    for index in 0..10 {
        let reply = create(&t, body(&format!("northwind-batch-{index}"))).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
    let refused = create(&t, body("northwind-batch-10")).await;
    refused.assert_okta_error(429, "E0000047");
    assert_eq!(refused.header("x-rate-limit-limit").as_deref(), Some("10"));
    assert_eq!(
        refused.header("x-rate-limit-remaining").as_deref(),
        Some("0")
    );
    let reset: i64 = refused
        .header("x-rate-limit-reset")
        .expect("x-rate-limit-reset")
        .parse()
        .expect("epoch seconds");
    assert!(
        (reset - (now() + 60)).abs() <= 3,
        "reset {reset} is 60 s after the first creation"
    );
    t.control(Method::PUT, "/clock", Some(json!({ "offsetSeconds": 61 })))
        .await;
    assert_eq!(
        create(&t, body("northwind-batch-11")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn org_creator_needs_permission_and_credentials() {
    let t = TestSim::demo().await;
    let partners = "northwind-partners.sim.localhost";
    let reply = t
        .ssws(
            Method::POST,
            &t.url(partners, "/api/v1/orgs"),
            &demo_api_token("northwind-partners"),
            Some(body("x-child")),
        )
        .await;
    reply.assert_okta_error(403, "E0000006");
    let reply = t
        .ssws(
            Method::POST,
            &t.url(EU, "/api/v1/orgs"),
            "00bad",
            Some(body("x-child")),
        )
        .await;
    let error = reply.assert_okta_error(401, "E0000011");
    assert_eq!(error["errorSummary"], "Invalid token provided");

    let key = TestKey::for_alg("RS512");
    t.register(
        EU,
        "0oaeucreator",
        &["okta.orgs.manage", "okta.groups.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let token = t
        .token_for(EU, "0oaeucreator", &key, "k1", "okta.orgs.manage")
        .await;
    let reply = t
        .send_with(
            Method::POST,
            &t.url(EU, "/api/v1/orgs"),
            &token,
            body("northwind-oauth"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let token = t
        .token_for(EU, "0oaeucreator", &key, "k1", "okta.groups.read")
        .await;
    let reply = t
        .send_with(
            Method::POST,
            &t.url(EU, "/api/v1/orgs"),
            &token,
            body("northwind-scope"),
        )
        .await;
    reply.assert_okta_error(403, "E0000006");
}
