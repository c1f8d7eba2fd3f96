//! The whole journey of an admin, from a new key to a configured child org.

use std::sync::Arc;

use okta::aerial::{LinkTarget, OrgQuery, OrgStatus};
use okta::org::{NewAdmin, NewOrg};
use okta::{KeyType, OrgClient, OrgCredentials, SecretString};

use crate::support::{ACCOUNT_ID, TestSim};

const LABS_ORG_ID: &str = "00onwlabs00000000010";
const EU_ORG_ID: &str = "00onweu0000000000002";
const HR_ORG_ID: &str = "00onwhr0000000000012";
const SANDBOX_TRIAL_ORG_ID: &str = "00onwtrial0000000009";

fn api_token(subdomain: &str) -> OrgCredentials {
    OrgCredentials::ApiToken(Arc::new(SecretString::new(format!(
        "00demo-{subdomain}-api-token"
    ))))
}

fn new_org(subdomain: &str) -> NewOrg {
    NewOrg {
        subdomain: subdomain.into(),
        name: "Northwind Happy Path".into(),
        website: Some("https://northwind.example".into()),
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

#[tokio::test]
async fn full_happy_path_over_http() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oahappypath", KeyType::EcP256).await;
    let aerial = &client.aerial;

    let account = aerial.account().await.unwrap();
    assert_eq!(account.id, ACCOUNT_ID);

    let products: Vec<String> = aerial
        .products()
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(
        products.len(),
        4,
        "the demo account subscribes to the four documented products: {products:?}"
    );

    let mut pages = aerial
        .org_pages(&OrgQuery {
            limit: Some(3),
            ..OrgQuery::default()
        })
        .unwrap();
    let mut orgs = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        assert!(page.len() <= 3, "a page holds at most limit orgs");
        orgs.extend(page);
    }
    assert!(
        pages.pages_read() >= 3,
        "three per page needs several pages, read {}",
        pages.pages_read()
    );
    let aerial_org = orgs
        .iter()
        .find(|org| org.aerial_org)
        .expect("the Aerial org is listed");
    assert_eq!(aerial_org.id, "00onwaerial000000001");

    let linked = aerial
        .link_org(&LinkTarget::OrgId(LABS_ORG_ID.into()), "ok1")
        .await
        .unwrap();
    assert_eq!(linked.id, LABS_ORG_ID);
    let by_domain = LinkTarget::Domain("https://northwind-eu-logistics.sim.localhost/".into());
    let linked = aerial.link_org(&by_domain, "ok1").await.unwrap();
    assert_eq!(
        linked.domain.as_deref(),
        Some("northwind-eu-logistics.sim.localhost")
    );

    let change = aerial
        .change_org_products(EU_ORG_ID, &["P001113"], &["P000139"])
        .await
        .unwrap();
    let after: Vec<&str> = change.after.iter().map(|p| p.id.as_str()).collect();
    assert!(
        after.contains(&"P001113") && after.contains(&"P000052"),
        "{after:?}"
    );
    assert!(
        !after.contains(&"P000139"),
        "the disabled product is gone: {after:?}"
    );

    let inactive = aerial
        .set_org_status(HR_ORG_ID, OrgStatus::Inactive)
        .await
        .unwrap();
    assert_eq!(inactive.status, Some(OrgStatus::Inactive));
    let active = aerial
        .set_org_status(HR_ORG_ID, OrgStatus::Active)
        .await
        .unwrap();
    assert_eq!(active.status, Some(OrgStatus::Active));

    aerial
        .request_org_deletion(SANDBOX_TRIAL_ORG_ID)
        .await
        .unwrap();

    let parent = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-eu"),
        api_token("northwind-eu"),
    );
    let created = parent
        .create_child_org(&new_org("northwind-happy"))
        .await
        .unwrap();
    assert_eq!(created.subdomain, "northwind-happy");
    assert!(
        !created.token.expose().is_empty(),
        "the new org's API token is returned once"
    );

    let partners = OrgClient::new(
        client.http.clone(),
        sim.org("northwind-partners"),
        api_token("northwind-partners"),
    );
    assert_eq!(
        partners.aerial_consent().await.unwrap(),
        None,
        "the partner org starts without consent"
    );
    let grant = partners.grant_aerial_consent(ACCOUNT_ID).await.unwrap();
    assert_eq!(grant.account_id, ACCOUNT_ID);
    assert!(partners.aerial_consent().await.unwrap().is_some());

    let child_token = OrgCredentials::ApiToken(Arc::new(created.token.clone()));
    let child = OrgClient::new(client.http.clone(), sim.org("northwind-happy"), child_token);
    let group = child
        .create_group("Northwind Admins", "Starter group")
        .await
        .unwrap();
    assert!(!group.id.is_empty());
    let app = child
        .create_bookmark_app("Northwind Intranet", "https://intranet.northwind.example")
        .await
        .unwrap();
    assert_eq!(app.sign_on_mode.as_deref(), Some("BOOKMARK"));

    let linked_child = aerial
        .link_org(&LinkTarget::OrgId(created.id.clone()), "ok1")
        .await
        .unwrap();
    assert_eq!(linked_child.id, created.id);
    sim.sim.shutdown().await;
}

#[tokio::test]
async fn rsa_key_signs_in_too() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oarsa", KeyType::Rsa2048).await;
    let account = client.aerial.account().await.unwrap();
    assert_eq!(account.id, ACCOUNT_ID);
}
