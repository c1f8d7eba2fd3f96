//! Token reuse, expiry and single-flight behaviour of the cache.

use std::sync::Arc;
use std::time::Duration;

use okta::token::{ManualClock, SystemClock};
use okta::{KeyType, PrivateKey, ScopeSet, ServiceApp, TokenFailure, scope};

use crate::support::{AERIAL_ORG, TestSim};

#[tokio::test]
async fn concurrent_callers_share_one_token_request() {
    let sim = TestSim::demo().await;
    let client = Arc::new(sim.connect("0oasingleflight", KeyType::EcP256).await);

    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.aerial.account().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(client.tokens.requests_sent(), 1);
    assert_eq!(sim.requests_to("POST", "/oauth2/v1/token").await.len(), 1);
}

#[tokio::test]
async fn concurrent_callers_share_one_failed_request() {
    let sim = TestSim::demo().await;
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    let app = ServiceApp::new("unknown", sim.org(AERIAL_ORG), "0oaunregistered", key);
    let client = Arc::new(sim.connect_app(Arc::new(app), Arc::new(SystemClock)).await);

    let calls: Vec<_> = (0..10)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let scopes = ScopeSet::one(scope::ACCOUNTS_READ);
                client.tokens.token(&client.app, &scopes).await.map(|_| ())
            })
        })
        .collect();
    for call in calls {
        let err = call
            .await
            .unwrap()
            .expect_err("the client ID is not registered");
        let failure = err.api().and_then(|api| api.token_failure());
        assert_eq!(failure, Some(TokenFailure::UnknownClient), "{err}");
    }
    assert_eq!(
        sim.requests_to("POST", "/oauth2/v1/token").await.len(),
        1,
        "the waiting callers reuse the one failed request"
    );

    let again = client
        .tokens
        .token(&client.app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await;
    assert!(again.is_err());
    assert_eq!(
        client.tokens.requests_sent(),
        2,
        "a later call tries again instead of reusing an old failure"
    );
}

#[tokio::test]
async fn token_is_reused_until_a_minute_before_expiry() {
    let sim = TestSim::demo().await;
    let clock = Arc::new(ManualClock::default());
    let client = sim
        .connect_with("0oareuse", KeyType::EcP256, false, clock.clone())
        .await;

    client.aerial.account().await.unwrap();
    clock.advance(Duration::from_secs(3600 - 61));
    client.aerial.account().await.unwrap();
    assert_eq!(
        client.tokens.requests_sent(),
        1,
        "61 s before expiry the cached token is used"
    );

    clock.advance(Duration::from_secs(2));
    client.aerial.account().await.unwrap();
    assert_eq!(
        client.tokens.requests_sent(),
        2,
        "59 s before expiry a new token is fetched"
    );
}

#[tokio::test]
async fn each_scope_set_has_its_own_token() {
    let sim = TestSim::demo().await;
    let client = sim.connect("0oascopes", KeyType::EcP256).await;

    client.aerial.account().await.unwrap();
    client.aerial.products().await.unwrap();
    client
        .aerial
        .rename_account("Northwind Renamed")
        .await
        .unwrap();
    client
        .aerial
        .rename_account("Northwind Demo Account")
        .await
        .unwrap();
    assert_eq!(
        client.tokens.requests_sent(),
        2,
        "one read token and one manage token"
    );

    let read = client
        .tokens
        .token(&client.app, &ScopeSet::one(scope::ACCOUNTS_READ))
        .await
        .unwrap();
    assert_eq!(read.scope(), scope::ACCOUNTS_READ);
}
