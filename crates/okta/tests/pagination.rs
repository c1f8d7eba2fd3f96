//! Reading long lists through `Link` headers.

use std::collections::HashSet;

use futures_util::StreamExt;
use okta::aerial::{OrgQuery, OrgStatus};
use okta::{Error, KeyType};
use okta_sim::SimConfig;
use serde_json::{Value, json};

use crate::support::{ACCOUNT_ID, TestSim};

/// The demo world plus enough linked orgs to make `total` orgs in the account.
async fn world_with_orgs(total: usize) -> String {
    let demo = TestSim::demo().await;
    let mut world = demo.control(reqwest::Method::GET, "state", None).await;
    demo.sim.shutdown().await;

    let orgs = world["orgs"].as_array_mut().unwrap();
    let existing = orgs.len();
    for index in existing..total {
        orgs.push(json!({
            "id": format!("00obulk{index:013}"),
            "name": format!("Bulk Org {index}"),
            "domain": format!("bulk-{index}.sim.localhost"),
            "cell": "ok1",
            "status": if index % 2 == 0 { "ACTIVE" } else { "INACTIVE" },
            "accountId": ACCOUNT_ID,
            "linked": true,
        }));
    }
    world.to_string()
}

#[tokio::test]
async fn thousand_orgs_in_pages_of_100() {
    let seed = world_with_orgs(1000).await;
    let total_linked = serde_json::from_str::<Value>(&seed).unwrap()["orgs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|org| org["linked"] == true)
        .count();
    let sim = TestSim::start(SimConfig::from_seed_json(&seed).unwrap()).await;
    let client = sim.connect("0oapages", KeyType::EcP256).await;
    sim.clear_requests().await;

    let query = OrgQuery {
        limit: Some(100),
        ..OrgQuery::default()
    };
    let mut pages = client.aerial.org_pages(&query).unwrap();
    let mut ids = HashSet::new();
    while let Some(page) = pages.next_page().await {
        let page = page.unwrap();
        assert!(page.len() <= 100, "limit caps each page");
        for org in page {
            assert!(ids.insert(org.id.clone()), "org {} appeared twice", org.id);
        }
    }
    assert_eq!(
        ids.len(),
        total_linked,
        "every linked org is read exactly once"
    );
    let expected_pages = total_linked.div_ceil(100);
    assert!(
        pages.pages_read() == expected_pages || pages.pages_read() == expected_pages + 1,
        "read {} pages",
        pages.pages_read()
    );

    let list_requests = sim
        .requests_to("GET", &format!("/{ACCOUNT_ID}/api/v1/orgs"))
        .await;
    assert_eq!(
        list_requests.len(),
        pages.pages_read(),
        "one request per page"
    );
    assert!(list_requests.iter().all(|r| {
        r["query"]
            .as_str()
            .unwrap_or_default()
            .contains("limit=100")
    }));
}

#[tokio::test]
async fn filter_is_sent_and_applied() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oafilter", KeyType::EcP256).await;
    let query = OrgQuery {
        filter: Some(r#"status eq "INACTIVE""#.into()),
        limit: Some(2),
        ..OrgQuery::default()
    };
    let orgs = client.aerial.orgs(&query).await.unwrap();
    assert!(!orgs.is_empty());
    assert!(
        orgs.iter()
            .all(|org| org.status == Some(OrgStatus::Inactive)),
        "{orgs:?}"
    );
}

#[tokio::test]
async fn out_of_range_limit_is_rejected_before_sending() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oalimit", KeyType::EcP256).await;
    for limit in [0, 101] {
        let result = client.aerial.org_pages(&OrgQuery {
            limit: Some(limit),
            ..OrgQuery::default()
        });
        assert!(
            matches!(result, Err(Error::InvalidArgument { name: "limit", .. })),
            "limit {limit}"
        );
    }
}

#[tokio::test]
async fn pages_stream_in_order() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oastream", KeyType::EcP256).await;
    let all = client.aerial.orgs(&OrgQuery::default()).await.unwrap();

    let query = OrgQuery {
        limit: Some(4),
        ..OrgQuery::default()
    };
    let stream = client.aerial.org_pages(&query).unwrap().into_stream();
    let pages: Vec<_> = stream.collect().await;
    let streamed: Vec<String> = pages
        .into_iter()
        .flat_map(|page| page.unwrap())
        .map(|org| org.id)
        .collect();
    let expected: Vec<String> = all.into_iter().map(|org| org.id).collect();
    assert_eq!(
        streamed, expected,
        "the stream yields every org once, in list order"
    );
}
