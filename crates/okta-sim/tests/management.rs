//! Groups and bookmark apps, authorised by the org's SSWS token.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const HR: &str = "northwind-hr.sim.localhost";

#[tokio::test]
async fn groups_are_created_and_listed() {
    let t = TestSim::demo().await;
    let token = demo_api_token("northwind-hr");
    let url = t.url(HR, "/api/v1/groups");
    let body = json!({ "profile": { "name": "Engineering", "description": "All engineers" } });
    let reply = t.ssws(Method::POST, &url, &token, Some(body.clone())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let group = reply.json();
    assert!(group["id"].as_str().unwrap().starts_with("00g"));
    assert_eq!(group["type"], "OKTA_GROUP");
    assert_eq!(
        group["profile"],
        json!({ "name": "Engineering", "description": "All engineers" })
    );

    let again = t.ssws(Method::POST, &url, &token, Some(body)).await;
    again.assert_okta_error(400, "E0000001");
    assert_eq!(
        again.cause(),
        "name: An object with this field already exists in the current organization"
    );
    t.ssws(Method::POST, &url, &token, Some(json!({ "profile": {} })))
        .await
        .assert_okta_error(400, "E0000001");

    let list = t.ssws(Method::GET, &url, &token, None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let list = t
        .ssws(Method::GET, &format!("{url}?q=eng"), &token, None)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let list = t
        .ssws(Method::GET, &format!("{url}?q=sales"), &token, None)
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bookmark_app_is_created_as_documented() {
    let t = TestSim::demo().await;
    let token = demo_api_token("northwind-hr");
    let url = t.url(HR, "/api/v1/apps");
    let body = json!({
        "name": "bookmark",
        "label": "Intranet",
        "signOnMode": "BOOKMARK",
        "settings": { "app": { "requestIntegration": false, "url": "https://intranet.example.test" } },
    });
    let reply = t.ssws(Method::POST, &url, &token, Some(body.clone())).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let app = reply.json();
    assert!(app["id"].as_str().unwrap().starts_with("0oa"));
    assert_eq!(app["label"], "Intranet");
    assert_eq!(app["status"], "ACTIVE");
    assert_eq!(
        app["settings"]["app"]["url"],
        "https://intranet.example.test"
    );
    assert_eq!(
        t.ssws(Method::GET, &url, &token, None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    for (field, value) in [
        ("name", json!("saml")),
        ("label", json!("")),
        ("signOnMode", json!("SAML_2_0")),
    ] {
        let mut bad = body.clone();
        bad[field] = value;
        t.ssws(Method::POST, &url, &token, Some(bad))
            .await
            .assert_okta_error(400, "E0000001");
    }
    let mut bad = body.clone();
    bad["settings"]["app"]["url"] = json!("ftp://x");
    t.ssws(Method::POST, &url, &token, Some(bad))
        .await
        .assert_okta_error(400, "E0000001");
}

#[tokio::test]
async fn another_orgs_token_is_rejected() {
    let t = TestSim::demo().await;
    let url = t.url(HR, "/api/v1/groups");
    t.ssws(Method::GET, &url, &demo_api_token("northwind-us"), None)
        .await
        .assert_okta_error(401, "E0000011");
    t.send(t.http.get(&url))
        .await
        .assert_okta_error(401, "E0000011");
}

#[tokio::test]
async fn well_known_document_needs_no_credentials() {
    let t = TestSim::demo().await;
    let reply = t
        .call(
            Method::GET,
            &t.url(HR, "/.well-known/okta-organization"),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["id"], "00onwhr0000000000012");
    let origin = t.sim.url_for(HR);
    assert_eq!(
        reply.json()["_links"]["organization"]["href"],
        origin.as_str()
    );
    let missing = t.url(
        "northwind-nobody.sim.localhost",
        "/.well-known/okta-organization",
    );
    t.call(Method::GET, &missing, None)
        .await
        .assert_okta_error(404, "E0000007");
}
