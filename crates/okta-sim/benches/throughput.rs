//! Requests per second of the emulator for token requests and list-orgs pages, measured over
//! real loopback HTTP with keep-alive connections. Run with
//! `cargo bench -p okta-sim --bench throughput`.
//!
//! Assertions are signed before the clock starts, so the figures measure the emulator
//! (form parsing, signature verification, token signing, routing), not the client's signing.

#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use support::{ACCOUNT, AERIAL_ORG, JWT_BEARER, TestKey, TestSim};

/// Concurrent client connections; below the emulator's limit of 10 per Aerial account.
const CONNECTIONS: usize = 8;
const RUN_TIME: Duration = Duration::from_secs(4);

/// Runs `request` from `CONNECTIONS` tasks for `RUN_TIME`, or until it returns `false` (out of
/// input), and returns completed requests per second.
async fn measure<F, Fut>(request: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let next_index = Arc::new(AtomicUsize::new(0));
    let completed = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let request = Arc::clone(&request);
            let next_index = Arc::clone(&next_index);
            let completed = Arc::clone(&completed);
            tokio::spawn(async move {
                while started.elapsed() < RUN_TIME {
                    let index = next_index.fetch_add(1, Ordering::Relaxed);
                    if !request(index).await {
                        break;
                    }
                    completed.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("benchmark task finishes");
    }
    completed.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

/// Signs `count` assertions with fresh `jti`s ahead of the measurement.
fn presign(t: &TestSim, key: &TestKey, client: &str, count: usize) -> Arc<Vec<String>> {
    let header = json!({ "alg": key.alg(), "kid": "k1" });
    let mut claims = t.claims(AERIAL_ORG, client);
    claims["exp"] = json!(support::now() + 3000);
    let assertions = (0..count)
        .map(|index| {
            claims["jti"] = json!(format!("bench-{index}"));
            key.sign(&header, &claims)
        })
        .collect();
    Arc::new(assertions)
}

async fn token_rate(t: &Arc<TestSim>, alg: &'static str, count: usize) -> f64 {
    let key = TestKey::for_alg(alg);
    let client = format!("0oabench{alg}");
    t.register(
        AERIAL_ORG,
        &client,
        &["okta.accounts.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let assertions = presign(t, &key, &client, count);
    let t = Arc::clone(t);
    measure(move |index| {
        let t = Arc::clone(&t);
        let assertions = Arc::clone(&assertions);
        async move {
            let Some(assertion) = assertions.get(index) else {
                return false;
            };
            let form = [
                ("grant_type", "client_credentials"),
                ("scope", "okta.accounts.read"),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", assertion.as_str()),
            ];
            let response = t
                .http
                .post(t.token_url(AERIAL_ORG))
                .form(&form)
                .send()
                .await
                .expect("token request");
            assert_eq!(response.status(), 200, "token request failed");
            response.bytes().await.expect("token body");
            true
        }
    })
    .await
}

async fn list_rate(t: &Arc<TestSim>) -> f64 {
    let token = Arc::new(t.aerial_token("okta.accounts.read").await);
    let url = Arc::new(format!(
        "{}/{ACCOUNT}/api/v1/orgs?limit=25",
        t.sim.aerial_url()
    ));
    let t = Arc::clone(t);
    measure(move |_| {
        let (t, token, url) = (Arc::clone(&t), Arc::clone(&token), Arc::clone(&url));
        async move {
            let response = t
                .http
                .get(url.as_str())
                .bearer_auth(token.as_str())
                .send()
                .await
                .expect("list request");
            assert_eq!(response.status(), 200, "list request failed");
            response.bytes().await.expect("list body");
            true
        }
    })
    .await
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("Tokio runtime starts");
    runtime.block_on(async {
        let config = okta_sim::SimConfig::demo()
            .control_api(true)
            .rate_limit_per_minute(u32::MAX);
        let t = Arc::new(TestSim::start(config).await);
        let es256 = token_rate(&t, "ES256", 60_000).await;
        let rs256 = token_rate(&t, "RS256", 4_000).await;
        let list = list_rate(&t).await;
        println!(
            "okta-sim throughput, {CONNECTIONS} keep-alive connections, up to {} s per figure",
            RUN_TIME.as_secs()
        );
        println!("token requests (ES256 assertion): {es256:.0} req/s");
        println!("token requests (RS256 assertion): {rs256:.0} req/s");
        println!("list-orgs pages (limit=25, 10 orgs): {list:.0} req/s");
    });
}
