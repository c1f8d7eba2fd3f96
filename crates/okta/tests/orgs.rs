//! Aerial org rules, Org Creator errors and consent errors as the client reports them.

use std::sync::Arc;

use okta::aerial::{LinkTarget, OrgStatus};
use okta::org::{NewAdmin, NewOrg};
use okta::{Error, KeyType, OrgClient, OrgCredentials, SecretString};

use crate::support::{ACCOUNT_ID, TestSim};

fn credentials(token: &str) -> OrgCredentials {
    OrgCredentials::ApiToken(Arc::new(SecretString::new(token.to_owned())))
}

fn new_org(subdomain: &str) -> NewOrg {
    NewOrg {
        subdomain: subdomain.into(),
        name: "Northwind Test".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@northwind.example".into(),
            login: "ada@northwind.example".into(),
            password: Some(SecretString::new("Str0ng-enough-Passw0rd".into())),
            recovery: None,
        },
    }
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> okta::ApiError {
    match result {
        Err(Error::Api(api)) => *api,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn duplicate_subdomain_is_e0000088() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oadup", KeyType::EcP256).await;
    let parent = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-eu"),
        credentials("00demo-northwind-eu-api-token"),
    );

    parent
        .create_child_org(&new_org("northwind-dup"))
        .await
        .unwrap();
    let err = api_error(parent.create_child_org(&new_org("northwind-dup")).await);
    assert_eq!(err.status, 400);
    assert_eq!(err.error_code(), Some("E0000088"));
}

#[tokio::test]
async fn invalid_api_token_is_e0000011() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oabadtoken", KeyType::EcP256).await;
    let parent = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-eu"),
        credentials("00wrong"),
    );
    let err = api_error(parent.create_child_org(&new_org("northwind-x")).await);
    assert_eq!(err.status, 401);
    assert_eq!(err.error_code(), Some("E0000011"));
}

#[tokio::test]
async fn invalid_new_org_is_rejected_before_sending() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oalocal", KeyType::EcP256).await;
    let parent = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-eu"),
        credentials("00demo-northwind-eu-api-token"),
    );
    sim.clear_requests().await;

    let result = parent.create_child_org(&new_org(&"x".repeat(58))).await;
    assert!(
        matches!(
            result,
            Err(Error::InvalidArgument {
                name: "subdomain",
                ..
            })
        ),
        "{result:?}"
    );
    assert!(
        sim.requests().await.is_empty(),
        "nothing is sent for an invalid request"
    );
}

#[tokio::test]
async fn second_consent_grant_reports_the_cause() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oaconsent", KeyType::EcP256).await;
    let org = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-labs"),
        credentials("00demo-northwind-labs-api-token"),
    );

    let err = api_error(org.grant_aerial_consent(ACCOUNT_ID).await);
    assert_eq!(err.error_code(), Some("E0000001"));
    assert!(
        err.has_cause("The org already has a consent grant added to Aerial."),
        "{err}"
    );
}

#[tokio::test]
async fn consent_of_linked_org_cannot_be_revoked() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oarevoke", KeyType::EcP256).await;
    let org = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-us"),
        credentials("00demo-northwind-us-api-token"),
    );

    let err = api_error(org.revoke_aerial_consent(ACCOUNT_ID).await);
    assert_eq!(err.status, 400);
    assert!(
        err.has_cause("The org is already linked to an Account."),
        "{err}"
    );
}

#[tokio::test]
async fn linking_without_consent_is_refused() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oanoconsent", KeyType::EcP256).await;
    let target = LinkTarget::OrgId("00onwpartners0000011".into());
    let err = api_error(client.aerial.link_org(&target, "ok1").await);
    assert_eq!(err.status, 403, "{err}");
    assert_eq!(err.error_code(), Some("E0000006"));
    assert!(
        err.has_cause("consent"),
        "the cause names the missing consent: {err}"
    );
}

#[tokio::test]
async fn deletion_of_active_org_is_refused() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oadelete", KeyType::EcP256).await;
    let err = api_error(
        client
            .aerial
            .request_org_deletion("00onwsandbox00000008")
            .await,
    );
    assert_eq!(err.status, 400, "only INACTIVE orgs may be deleted: {err}");
}

#[tokio::test]
async fn unknown_org_is_e0000007() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oaunknown", KeyType::EcP256).await;
    let err = api_error(
        client
            .aerial
            .set_org_status("00onotthere000000000", OrgStatus::Inactive)
            .await,
    );
    assert_eq!(err.status, 404);
    assert_eq!(err.error_code(), Some("E0000007"));
    assert!(
        err.error_id().is_some(),
        "Okta errors carry an errorId to quote to support"
    );
}

#[tokio::test]
async fn unknown_product_is_rejected() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oaproduct", KeyType::EcP256).await;
    let err = api_error(
        client
            .aerial
            .replace_org_products("00onweu0000000000002", &["P999999"])
            .await,
    );
    assert_eq!(err.status, 400, "{err}");
}

#[tokio::test]
async fn management_calls_work_with_oauth() {
    let sim = TestSim::demo().await;
    let key = Arc::new(okta::PrivateKey::generate(KeyType::EcP256).unwrap());
    let scopes = ["okta.groups.manage", "okta.apps.manage", "okta.orgs.manage"];
    sim.register_client(
        "northwind-eu",
        "0oaeumgmt",
        &scopes,
        false,
        &[key.public_jwk()],
    )
    .await;
    let client = sim.connect("0oaaerialmgmt", KeyType::EcP256).await;
    let app = Arc::new(okta::ServiceApp::new(
        "eu-mgmt",
        sim.org("northwind-eu"),
        "0oaeumgmt",
        key,
    ));
    let credentials = OrgCredentials::OAuth {
        app,
        tokens: client.tokens.clone(),
    };
    let org = OrgClient::new(client.http.clone(), sim.org("northwind-eu"), credentials);

    let group = org
        .create_group("Europe Admins", "Created with OAuth")
        .await
        .unwrap();
    assert!(!group.id.is_empty());
    let app = org
        .create_bookmark_app("Europe Wiki", "https://wiki.northwind.example")
        .await
        .unwrap();
    assert_eq!(app.name, "bookmark");
    let consent = org
        .aerial_consent()
        .await
        .unwrap()
        .expect("northwind-eu has granted consent");
    assert_eq!(consent.account_id, ACCOUNT_ID);

    let authorizations: Vec<String> = sim
        .requests_to("POST", "/api/v1/groups")
        .await
        .iter()
        .map(|r| {
            r["headers"]["authorization"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        authorizations.iter().all(|a| a.starts_with("Bearer ")),
        "{authorizations:?}"
    );
}

#[tokio::test]
async fn new_org_is_awaited_until_ready() {
    let config = okta_sim::SimConfig::demo().org_ready_delay(std::time::Duration::from_secs(2));
    let sim = TestSim::start_exact(config).await;
    let client = sim.connect("0oaready", KeyType::EcP256).await;
    let parent = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-eu"),
        credentials("00demo-northwind-eu-api-token"),
    );
    let created = parent
        .create_child_org(&new_org("northwind-ready"))
        .await
        .unwrap();

    let child_credentials = OrgCredentials::ApiToken(Arc::new(created.token.clone()));
    let child = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-ready"),
        child_credentials,
    );
    let started = std::time::Instant::now();
    let interval = std::time::Duration::from_millis(250);
    child
        .wait_until_ready(std::time::Duration::from_secs(10), interval)
        .await
        .unwrap();
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "the org was not served at once"
    );

    let group = child
        .create_group("Ready", "Created once the org answers")
        .await
        .unwrap();
    assert!(!group.id.is_empty());
}

#[tokio::test]
async fn org_that_never_answers_times_out() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oanever", KeyType::EcP256).await;
    let missing = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-missing"),
        credentials("00none"),
    );
    let short = std::time::Duration::from_millis(600);
    let result = missing
        .wait_until_ready(short, std::time::Duration::from_millis(200))
        .await;
    assert!(
        matches!(result, Err(Error::OrgNotReady { .. })),
        "{result:?}"
    );
}
