//! Listing orgs: `limit`, `after`/`before` cursors, `Link` headers and SCIM filters.

use reqwest::StatusCode;

use crate::support::*;

/// Returns the `Link` headers as `(rel, url)` pairs.
fn links(reply: &Reply) -> Vec<(String, String)> {
    reply
        .headers
        .get_all("link")
        .iter()
        .map(|value| {
            let text = value.to_str().unwrap();
            let (url, rel) = text
                .split_once(">; rel=\"")
                .expect("Link format <url>; rel=\"x\"");
            (
                rel.trim_end_matches('"').to_string(),
                url.trim_start_matches('<').to_string(),
            )
        })
        .collect()
}

fn link(reply: &Reply, rel: &str) -> Option<String> {
    links(reply)
        .into_iter()
        .find(|(r, _)| r == rel)
        .map(|(_, url)| url)
}

fn ids(reply: &Reply) -> Vec<String> {
    reply
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|org| org["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn next_links_walk_every_linked_org_once() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let mut url = format!("{}?limit=3", t.aerial("/orgs"));
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let reply = t.get_with(&url, &token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert!(ids(&reply).len() <= 3);
        assert_eq!(
            link(&reply, "self").as_deref(),
            Some(url.as_str()),
            "self is the page's own URL"
        );
        seen.extend(ids(&reply));
        pages += 1;
        match link(&reply, "next") {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(pages, 4);
    assert_eq!(seen.len(), 10, "ten demo orgs are linked: {seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(seen, sorted, "ordered by ID, no repeats");
}

#[tokio::test]
async fn prev_link_returns_the_previous_page() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let first = t
        .get_with(&format!("{}?limit=4", t.aerial("/orgs")), &token)
        .await;
    assert!(link(&first, "prev").is_none(), "the first page has no prev");
    let next = link(&first, "next").unwrap();
    assert!(next.contains("after="), "{next}");
    assert!(next.contains("limit=4"), "{next}");
    let second = t.get_with(&next, &token).await;
    let prev = link(&second, "prev").expect("prev on page two");
    assert!(prev.contains("before="), "{prev}");
    let back = t.get_with(&prev, &token).await;
    assert_eq!(ids(&back), ids(&first));
}

#[tokio::test]
async fn default_limit_returns_all_ten_without_next() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let reply = t.get_with(&t.aerial("/orgs"), &token).await;
    assert_eq!(ids(&reply).len(), 10);
    assert!(link(&reply, "next").is_none());
    assert_eq!(links(&reply).len(), 1);
}

#[tokio::test]
async fn limit_outside_range_is_rejected() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    for limit in ["0", "101", "abc", "-1", ""] {
        let reply = t
            .get_with(&format!("{}?limit={limit}", t.aerial("/orgs")), &token)
            .await;
        let body = reply.assert_okta_error(400, "E0000001");
        assert_eq!(body["errorSummary"], "Api validation failed: limit");
    }
    let reply = t
        .get_with(&format!("{}?limit=100", t.aerial("/orgs")), &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = t
        .get_with(&format!("{}?after=a&before=b", t.aerial("/orgs")), &token)
        .await;
    reply.assert_okta_error(400, "E0000001");
}

async fn filtered(t: &TestSim, token: &str, filter: &str) -> Reply {
    let request = t
        .http
        .get(t.aerial("/orgs"))
        .query(&[("filter", filter)])
        .bearer_auth(token);
    t.send(request).await
}

#[tokio::test]
async fn filters_select_by_each_attribute() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let cases = [
        (r#"status eq "INACTIVE""#, 3),
        (r#"status eq "ACTIVE""#, 7),
        ("aerialOrg eq true", 1),
        ("aerialOrg eq false", 9),
        (r#"subdomain sw "northwind-eu""#, 2),
        (r#"subdomain sw "northwind-eu" AND status eq "ACTIVE""#, 2),
        (r#"subdomain eq "northwind-hr" and status eq "ACTIVE""#, 1),
        (r#"domain eq "northwind-us.sim.localhost""#, 1),
        (r#"name sw "Northwind Europe""#, 2),
        (r#"name eq "Northwind Labs""#, 0),
    ];
    for (filter, count) in cases {
        let reply = filtered(&t, &token, filter).await;
        assert_eq!(reply.status, StatusCode::OK, "{filter}: {}", reply.text);
        assert_eq!(ids(&reply).len(), count, "{filter}");
    }
    let reply = filtered(&t, &token, "aerialOrg eq true").await;
    assert_eq!(reply.json()[0]["domain"], AERIAL_ORG);
}

#[tokio::test]
async fn filter_is_kept_in_next_links() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let request = t
        .http
        .get(t.aerial("/orgs"))
        .query(&[("filter", r#"status eq "ACTIVE""#), ("limit", "2")])
        .bearer_auth(&token);
    let mut reply = t.send(request).await;
    let mut total = ids(&reply).len();
    while let Some(next) = link(&reply, "next") {
        assert!(next.contains("filter=status+eq+%22ACTIVE%22"), "{next}");
        reply = t.get_with(&next, &token).await;
        total += ids(&reply).len();
    }
    assert_eq!(total, 7);
}

#[tokio::test]
async fn invalid_filters_get_e0000031() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    for filter in [
        r#"status ne "ACTIVE""#,
        r#"region eq "us""#,
        "status eq",
        r#"status eq "A" OR status eq "B""#,
        r#"aerialOrg eq "yes""#,
    ] {
        let reply = filtered(&t, &token, filter).await;
        let body = reply.assert_okta_error(400, "E0000031");
        assert_eq!(body["errorSummary"], "Invalid search criteria.");
    }
}
