//! Times `aerial orgs list --json` over 1,000 orgs end to end, and okta-sim's own page
//! throughput for the same list, on the same run. Ignored by default: it needs a Secret Service
//! and gives meaningful figures only in a release build.
//!
//! ```sh
//! scripts/with-keychain.sh available cargo test --release -p aerial-cli \
//!     --test orgs_list_benchmark -- --ignored --nocapture
//! ```

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use okta::{BaseUrl, Http, HttpConfig, PrivateKey, ScopeSet, ServiceApp, TokenClient, scope};
use serde_json::{Value, json};
use support::{Aerial, READ, Sim};

const ORGS: usize = 1000;
const RUNS: usize = 10;
const BENCH_ACCOUNT: &str = "0227benchmark0000000000000";
const BENCH_AERIAL_ORG: &str = "bench-aerial.sim.localhost";

/// Builds a seed with one account whose Aerial org and 999 more orgs are linked.
fn seed() -> String {
    let products = ["P000052", "P000131", "P000139", "P001113"];
    let orgs: Vec<Value> = (0..ORGS)
        .map(|index| {
            let domain = if index == 0 {
                BENCH_AERIAL_ORG.to_owned()
            } else {
                format!("bench-{index:04}.sim.localhost")
            };
            json!({
                "id": format!("00obench{index:012}"),
                "name": format!("Benchmark Org {index:04}"),
                "domain": domain,
                "cell": "ok1",
                "status": if index % 7 == 3 { "INACTIVE" } else { "ACTIVE" },
                "accountId": BENCH_ACCOUNT,
                "linked": true,
                "enabledProducts": ["P000052"],
            })
        })
        .collect();
    json!({
        "products": products.iter().map(|id| json!({ "id": id, "name": format!("Product {id}") })).collect::<Vec<_>>(),
        "accounts": [{
            "id": BENCH_ACCOUNT,
            "name": "Benchmark Account",
            "accountType": "SANDBOX",
            "aerialOrgId": "00obench000000000000",
            "products": products,
        }],
        "orgs": orgs,
        "clients": [],
    })
    .to_string()
}

fn summary(label: &str, times: &mut [Duration]) -> String {
    times.sort();
    let total: Duration = times.iter().sum();
    let mean = total / times.len() as u32;
    format!(
        "{label}: median {:.1} ms, mean {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        mean.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
        times.len()
    )
}

#[test]
#[ignore = "needs a Secret Service and a release build; see the module documentation"]
fn orgs_list_over_1000_orgs() {
    let sim = Sim::from_seed(&seed());
    let aerial = Aerial::with_keychain();
    let args = [
        "profile",
        "add",
        "bench",
        "--environment",
        "custom",
        "--aerial-service",
        &sim.url(support::AERIAL_HOST),
        "--account-id",
        BENCH_ACCOUNT,
        "--aerial-org",
        &sim.url(BENCH_AERIAL_ORG),
        "--client-id",
        "0oabenchcli00000001",
        "--json",
    ];
    let added = aerial.run(&args);
    added.expect_ok();
    register(&sim, "0oabenchcli00000001", &added.json()["publicJwk"]);

    let warm = aerial.run(&["orgs", "list", "--json"]);
    warm.expect_ok();
    assert_eq!(warm.json().as_array().map(Vec::len), Some(ORGS));

    let mut cli_times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let run = aerial.run(&["orgs", "list", "--json"]);
        cli_times.push(started.elapsed());
        run.expect_ok();
        assert_eq!(run.json().as_array().map(Vec::len), Some(ORGS));
    }

    // The same process, keychain read, token request and journal open with one small call, to
    // separate the fixed cost of a run from the cost of the list.
    let mut account_times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let run = aerial.run(&["account", "show", "--json"]);
        account_times.push(started.elapsed());
        run.expect_ok();
    }

    let (list_times, pages) = emulator_lists(&sim);
    let page_count: usize = pages;
    let total_pages = page_count * RUNS;
    let total_time: Duration = list_times.iter().sum();
    let mut list_times = list_times;

    println!(
        "aerial orgs list --json, {ORGS} orgs, a new process each run (token request included):"
    );
    println!("  {}", summary("aerial orgs list", &mut cli_times));
    println!("  {}", summary("aerial account show", &mut account_times));
    println!(
        "okta-sim alone, GET /orgs?limit=100 with a cached token, {page_count} pages per list:"
    );
    println!("  {}", summary("full list", &mut list_times));
    println!(
        "  {:.0} pages/s ({:.0} orgs/s)",
        total_pages as f64 / total_time.as_secs_f64(),
        (total_pages * 100) as f64 / total_time.as_secs_f64()
    );
}

fn register(sim: &Sim, client_id: &str, jwk: &Value) {
    let (status, body) = sim.control(
        "POST",
        "/__sim/clients",
        Some(json!({
            "orgDomain": BENCH_AERIAL_ORG,
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": [READ],
            "dpopRequired": false,
            "jwks": [jwk],
        })),
    );
    assert_eq!(status, 201, "registering {client_id} failed: {body}");
}

/// Reads the whole list from okta-sim `RUNS` times, page by page with one token, and returns
/// each list's time and the number of pages in one list.
fn emulator_lists(sim: &Sim) -> (Vec<Duration>, usize) {
    let key = PrivateKey::generate(okta::KeyType::EcP256).expect("a key");
    register(
        sim,
        "0oabenchraw00000001",
        &serde_json::to_value(key.public_jwk()).expect("a JWK"),
    );
    let org = BaseUrl::parse(&sim.url(BENCH_AERIAL_ORG)).expect("a base URL");
    let service = sim.url(support::AERIAL_HOST);

    sim.block_on(async move {
        let http = Http::new(HttpConfig::loopback()).expect("an HTTP client");
        let tokens = TokenClient::new(http);
        let app = ServiceApp::new("bench", org, "0oabenchraw00000001", Arc::new(key));
        let token = tokens
            .token(&app, &ScopeSet::one(scope::ACCOUNTS_READ))
            .await
            .expect("a token");
        let bearer = format!("Bearer {}", token.secret().expose());
        let client = support::loopback_client();

        let mut times = Vec::new();
        let mut pages = 0;
        for _ in 0..RUNS {
            let started = Instant::now();
            let mut url = Some(format!("{service}/{BENCH_ACCOUNT}/api/v1/orgs?limit=100"));
            let mut count = 0;
            pages = 0;
            while let Some(next) = url.take() {
                let response = client
                    .get(&next)
                    .header("Authorization", &bearer)
                    .send()
                    .await
                    .expect("a page");
                assert!(
                    response.status().is_success(),
                    "page failed: {}",
                    response.status()
                );
                url = next_link(response.headers());
                let body: Vec<Value> = response.json().await.expect("a JSON page");
                count += body.len();
                pages += 1;
            }
            times.push(started.elapsed());
            assert_eq!(count, ORGS);
        }
        (times, pages)
    })
}

/// Returns the `rel="next"` URL of a `Link` header.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get_all("link")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| part.split(['<', '>']).nth(1))
        .map(str::to_owned)
}
