//! Measures key generation, assertion signing, and how many token requests an hour of
//! continuous API calls costs. Run with `cargo bench -p okta --bench okta_client`.
//!
//! The hour is simulated: the token cache runs on a manual clock that advances one second per
//! read call, while every call is real HTTP to okta-sim on a loopback port.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use okta::assertion::sign_client_assertion;
use okta::token::{DEFAULT_REFRESH_MARGIN, ManualClock};
use okta::{AerialClient, BaseUrl, Http, HttpConfig, KeyType, PrivateKey, ServiceApp, TokenClient};
use serde_json::json;

const TOKEN_URL: &str = "https://acme-aerial.okta.com/oauth2/v1/token";
const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";

fn main() {
    println!("| Operation | Runs | Mean | Median |");
    println!("|---|---|---|---|");
    bench_key_generation(KeyType::EcP256, "Generate EC P-256 key", 200);
    bench_key_generation(KeyType::Rsa2048, "Generate RSA-2048 key", 20);
    bench_key_generation(KeyType::Rsa3072, "Generate RSA-3072 key", 5);
    bench_signing(KeyType::EcP256, "Sign ES256 client assertion", 2000);
    bench_signing(
        KeyType::Rsa2048,
        "Sign RS256 client assertion (RSA-2048)",
        500,
    );
    bench_signing(
        KeyType::Rsa3072,
        "Sign RS256 client assertion (RSA-3072)",
        200,
    );

    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime starts");
    runtime.block_on(simulated_hour());
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    let median = samples[samples.len() / 2];
    println!("| {name} | {} | {mean:.2?} | {median:.2?} |", samples.len());
}

fn bench_key_generation(key_type: KeyType, name: &str, runs: usize) {
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(PrivateKey::generate(key_type).unwrap());
            start.elapsed()
        })
        .collect();
    report(name, samples);
}

fn bench_signing(key_type: KeyType, name: &str, runs: usize) {
    let key = PrivateKey::generate(key_type).unwrap();
    let samples = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(
                sign_client_assertion(&key, "0oabench", TOKEN_URL, SystemTime::now()).unwrap(),
            );
            start.elapsed()
        })
        .collect();
    report(name, samples);
}

/// One read call per simulated second and one write per simulated minute for 60 minutes.
async fn simulated_hour() {
    let sim = okta_sim::start(okta_sim::SimConfig::demo().control_api(true))
        .await
        .expect("okta-sim starts");
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    register(&sim, &key).await;

    let org = BaseUrl::parse(&sim.url_for("northwind-aerial.sim.localhost")).unwrap();
    let app = Arc::new(ServiceApp::new("bench", org, "0oabench", key));
    let http = Http::new(HttpConfig::loopback()).unwrap();
    let clock = Arc::new(ManualClock::default());
    let tokens = Arc::new(TokenClient::with_clock(
        http.clone(),
        clock.clone(),
        DEFAULT_REFRESH_MARGIN,
    ));
    let service = BaseUrl::parse(&sim.aerial_url()).unwrap();
    let aerial = AerialClient::new(http, tokens.clone(), service, ACCOUNT_ID, app).unwrap();

    let started = Instant::now();
    let mut at_59_minutes = 0;
    for second in 0..3600u64 {
        aerial.account().await.expect("read call");
        if second % 60 == 0 {
            aerial
                .rename_account("Northwind Demo Account")
                .await
                .expect("write call");
        }
        if second == 59 * 60 - 1 {
            at_59_minutes = tokens.requests_sent();
        }
        clock.advance(Duration::from_secs(1));
    }
    println!();
    println!(
        "Simulated hour: 3,600 reads (okta.accounts.read) and 60 writes (okta.accounts.manage), 2 scope sets"
    );
    println!("- token requests in the first 59 minutes: {at_59_minutes}");
    println!("- token requests in 60 minutes: {}", tokens.requests_sent());
    println!(
        "- wall time for the 3,660 API calls: {:.1?}",
        started.elapsed()
    );
    sim.shutdown().await;
}

async fn register(sim: &okta_sim::RunningSim, key: &PrivateKey) {
    let body = json!({
        "orgDomain": "northwind-aerial.sim.localhost",
        "clientId": "0oabench",
        "applicationType": "service",
        "tokenEndpointAuthMethod": "private_key_jwt",
        "grantedScopes": ["okta.accounts.read", "okta.accounts.manage"],
        "jwks": [key.public_jwk()],
    });
    let url = format!("http://127.0.0.1:{}/__sim/clients", sim.port());
    let response = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(url)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "registering the client failed: {}",
        response.status()
    );
}
