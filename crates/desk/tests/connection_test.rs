//! The connection checklist against okta-sim over loopback HTTP: every pass and each failure a
//! new profile commonly has.

use std::sync::Arc;
use std::time::Duration;

use desk::DiagnosisCode;
use desk::connection_test::{ConnectionReport, ConnectionTarget, Step, StepReport, StepState, run};
use okta::{BaseUrl, Http, HttpConfig, KeyType, PrivateKey, PublicJwk, ServiceApp, TokenClient};
use okta_sim::{RunningSim, SimConfig};
use serde_json::{Value, json};

const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";
const AERIAL_ORG_HOST: &str = "northwind-aerial.sim.localhost";
const READ: &str = "okta.accounts.read";
const MANAGE: &str = "okta.accounts.manage";

/// The demo world of okta-sim with its control API on.
struct Sim {
    running: RunningSim,
    control: reqwest::Client,
}

impl Sim {
    async fn start() -> Self {
        let config = SimConfig::demo().control_api(true);
        let running = okta_sim::start(config).await.expect("okta-sim starts");
        let control = reqwest::Client::builder().no_proxy().build().unwrap();
        Sim { running, control }
    }

    async fn control(&self, method: reqwest::Method, path: &str, body: Value) {
        let url = format!("http://127.0.0.1:{}/__sim/{path}", self.running.port());
        let response = self
            .control
            .request(method, url)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert!(status.is_success(), "control {path}: {status}");
    }

    async fn register(&self, client_id: &str, scopes: &[&str], dpop: bool, jwk: PublicJwk) {
        let body = json!({
            "orgDomain": AERIAL_ORG_HOST,
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": scopes,
            "dpopRequired": dpop,
            "jwks": [jwk],
        });
        self.control(reqwest::Method::POST, "clients", body).await;
    }

    fn aerial_org(&self) -> BaseUrl {
        BaseUrl::parse(&self.running.url_for(AERIAL_ORG_HOST)).unwrap()
    }

    fn service(&self) -> BaseUrl {
        BaseUrl::parse(&self.running.aerial_url()).unwrap()
    }

    fn target(&self, client_id: &str, key: PrivateKey) -> ConnectionTarget {
        target_for(self.aerial_org(), self.service(), client_id, key)
    }
}

/// HTTP settings for tests: no proxy, short backoff so retries of a refused port end quickly.
fn http() -> Http {
    Http::new(HttpConfig {
        initial_backoff: Duration::from_millis(20),
        jitter: Duration::from_millis(10),
        ..HttpConfig::loopback()
    })
    .unwrap()
}

fn target_for(
    org: BaseUrl,
    service: BaseUrl,
    client_id: &str,
    key: PrivateKey,
) -> ConnectionTarget {
    let http = http();
    ConnectionTarget {
        tokens: Arc::new(TokenClient::new(http.clone())),
        http,
        app: Arc::new(ServiceApp::new(
            format!("profile-{client_id}"),
            org.clone(),
            client_id,
            Arc::new(key),
        )),
        aerial_org: org,
        aerial_service: service,
        account_id: ACCOUNT_ID.to_owned(),
    }
}

fn new_key() -> PrivateKey {
    PrivateKey::generate(KeyType::EcP256).unwrap()
}

/// Runs the checklist, checking that `on_step` saw each report in order.
async fn run_checked(target: &ConnectionTarget) -> ConnectionReport {
    let mut seen = Vec::new();
    let report = run(target, |step: &StepReport| seen.push(step.clone())).await;
    assert_eq!(seen, report.steps, "on_step receives every report in order");
    let order: Vec<Step> = report.steps.iter().map(|step| step.step).collect();
    assert_eq!(order, Step::ALL.to_vec());
    report
}

fn step(report: &ConnectionReport, step: Step) -> &StepReport {
    report.steps.iter().find(|s| s.step == step).unwrap()
}

fn states(report: &ConnectionReport) -> Vec<StepState> {
    report.steps.iter().map(|step| step.state).collect()
}

fn diagnosis_code(report: &ConnectionReport, target_step: Step) -> DiagnosisCode {
    let found = step(report, target_step);
    found
        .diagnosis
        .as_ref()
        .unwrap_or_else(|| panic!("{target_step:?} has no diagnosis: {found:?}"))
        .code
}

use StepState::{Failed, Passed, Skipped, Warning};

#[tokio::test]
async fn correct_profile_passes_every_step() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oaallgood", &[READ, MANAGE], false, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oaallgood", key)).await;

    assert_eq!(states(&report), vec![Passed; 5], "{report:#?}");
    assert!(report.passed);
    assert!(!report.dpop_in_use);
    assert_eq!(
        report.account_name.as_deref(),
        Some("Northwind Demo Account")
    );
    assert!(report.clock_offset_seconds.unwrap().abs() <= 2);
    assert_eq!(
        step(&report, Step::GetToken).message,
        "Okta issued an access token to app 0oaallgood."
    );
    assert_eq!(
        step(&report, Step::Scopes).message,
        "App 0oaallgood has both okta.accounts.read and okta.accounts.manage."
    );
    assert!(report.steps.iter().all(|s| s.diagnosis.is_none()));
}

#[tokio::test]
async fn report_serializes_in_camel_case() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oajson", &[READ, MANAGE], false, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oajson", key)).await;
    let value = serde_json::to_value(&report).unwrap();

    assert_eq!(value["passed"], true);
    assert_eq!(value["dpopInUse"], false);
    assert_eq!(value["steps"][0]["step"], "reachOrg");
    assert_eq!(value["steps"][0]["state"], "passed");
    assert_eq!(value["steps"][3]["step"], "readAccount");
    assert!(value["steps"][0]["diagnosis"].is_null());
    assert!(value["clockOffsetSeconds"].is_i64());
}

#[tokio::test]
async fn unknown_client_fails_the_token_step() {
    let sim = Sim::start().await;

    let report = run_checked(&sim.target("0oanobody", new_key())).await;

    assert_eq!(
        states(&report),
        vec![Passed, Failed, Skipped, Skipped, Passed],
        "{report:#?}"
    );
    assert!(!report.passed);
    assert_eq!(
        diagnosis_code(&report, Step::GetToken),
        DiagnosisCode::UnknownClientId
    );
    let failed = step(&report, Step::GetToken);
    assert_eq!(
        failed.message,
        "Okta did not issue an access token to app 0oanobody."
    );
    assert_eq!(
        step(&report, Step::Scopes).message,
        "Skipped because no token could be requested."
    );
}

#[tokio::test]
async fn unregistered_key_fails_the_token_step() {
    let sim = Sim::start().await;
    let registered = new_key();
    sim.register(
        "0oaotherkey",
        &[READ, MANAGE],
        false,
        registered.public_jwk(),
    )
    .await;

    let report = run_checked(&sim.target("0oaotherkey", new_key())).await;

    assert_eq!(
        states(&report),
        vec![Passed, Failed, Skipped, Skipped, Passed],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::GetToken),
        DiagnosisCode::KeyNotRegistered
    );
}

#[tokio::test]
async fn missing_read_scope_fails_scopes() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oanoread", &[MANAGE], false, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oanoread", key)).await;

    assert_eq!(
        states(&report),
        vec![Passed, Passed, Failed, Skipped, Passed],
        "{report:#?}"
    );
    let scopes = step(&report, Step::Scopes);
    assert_eq!(
        scopes.message,
        "App 0oanoread is not granted okta.accounts.read."
    );
    let diagnosis = scopes.diagnosis.as_ref().unwrap();
    assert_eq!(diagnosis.code, DiagnosisCode::ScopeNotGranted);
    assert_eq!(
        diagnosis.fix,
        "Grant okta.accounts.read on the Okta API Scopes tab of app 0oanoread in northwind-aerial.sim.localhost."
    );
    assert_eq!(
        step(&report, Step::ReadAccount).message,
        "Skipped because okta.accounts.read is not granted."
    );
}

#[tokio::test]
async fn missing_manage_scope_fails_scopes() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oanomanage", &[READ], false, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oanomanage", key)).await;

    assert_eq!(
        states(&report),
        vec![Passed, Passed, Failed, Passed, Passed],
        "{report:#?}"
    );
    let scopes = step(&report, Step::Scopes);
    assert_eq!(
        scopes.message,
        "App 0oanomanage is not granted okta.accounts.manage."
    );
    assert_eq!(
        scopes.diagnosis.as_ref().unwrap().fix,
        "Grant okta.accounts.manage on the Okta API Scopes tab of app 0oanomanage in northwind-aerial.sim.localhost."
    );
    assert!(!report.passed);
}

#[tokio::test]
async fn no_aerial_scope_names_both() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oanoscope", &["okta.orgs.manage"], false, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oanoscope", key)).await;

    assert_eq!(
        states(&report),
        vec![Passed, Passed, Failed, Skipped, Passed],
        "{report:#?}"
    );
    assert_eq!(
        step(&report, Step::Scopes).message,
        "App 0oanoscope is not granted okta.accounts.read and okta.accounts.manage."
    );
}

#[tokio::test]
async fn wrong_account_id_fails_the_read() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oawrongacct", &[READ, MANAGE], false, key.public_jwk())
        .await;
    let mut target = sim.target("0oawrongacct", key);
    target.account_id = "0227nowhere0000000000000000".to_owned();

    let report = run_checked(&target).await;

    assert_eq!(
        states(&report),
        vec![Passed, Passed, Passed, Failed, Passed],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::ReadAccount),
        DiagnosisCode::AccountNotFound
    );
    assert_eq!(
        step(&report, Step::ReadAccount).message,
        "The Aerial account 0227nowhere0000000000000000 could not be read."
    );
    assert_eq!(report.account_name, None);
}

#[tokio::test]
async fn refused_org_port_skips_the_rest() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let org = BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let target = target_for(org.clone(), org, "0oaclosed", new_key());

    let report = run_checked(&target).await;

    assert_eq!(
        states(&report),
        vec![Failed, Skipped, Skipped, Skipped, Skipped],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::ReachOrg),
        DiagnosisCode::ConnectionRefused
    );
    assert_eq!(
        step(&report, Step::ReachOrg).message,
        "127.0.0.1 could not be reached."
    );
    assert_eq!(
        step(&report, Step::GetToken).message,
        "Skipped because the Aerial org was not reached."
    );
    assert_eq!(report.clock_offset_seconds, None);
}

#[tokio::test]
async fn unknown_org_host_is_not_found() {
    let sim = Sim::start().await;
    let org = BaseUrl::parse(&sim.running.url_for("nobody-aerial.sim.localhost")).unwrap();
    let target = target_for(org, sim.service(), "0oanoorg", new_key());

    let report = run_checked(&target).await;

    assert_eq!(
        states(&report),
        vec![Failed, Skipped, Skipped, Skipped, Passed],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::ReachOrg),
        DiagnosisCode::AerialOrgNotFound
    );
}

#[tokio::test]
async fn app_of_another_org_fails_reach() {
    let sim = Sim::start().await;
    let mut target = sim.target("0oaelsewhere", new_key());
    target.aerial_org = BaseUrl::parse(&sim.running.url_for("northwind-eu.sim.localhost")).unwrap();

    let report = run_checked(&target).await;

    assert_eq!(
        states(&report),
        vec![Failed, Skipped, Skipped, Skipped, Skipped],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::ReachOrg),
        DiagnosisCode::InvalidValue
    );
}

#[tokio::test]
async fn web_page_at_org_address_is_not_okta() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // A loopback server that returns a captive-portal style HTML page for every request.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 2048];
            let _ = socket.read(&mut request).await;
            let page = "<html><body>Sign in to the hotel Wi-Fi</body></html>";
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    let org = BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap();
    let target = target_for(org.clone(), org, "0oaportal", new_key());

    let report = run_checked(&target).await;

    assert_eq!(step(&report, Step::ReachOrg).state, Failed, "{report:#?}");
    assert_eq!(
        diagnosis_code(&report, Step::ReachOrg),
        DiagnosisCode::UnexpectedResponse
    );
    assert_eq!(
        step(&report, Step::ReachOrg).message,
        "127.0.0.1 responded with HTTP 200, but not like an Okta org."
    );
    assert_eq!(step(&report, Step::GetToken).state, Skipped);
    server.abort();
}

#[tokio::test]
async fn clock_four_minutes_ahead_fails() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oafastclock", &[READ, MANAGE], false, key.public_jwk())
        .await;
    // Okta's clock 4 minutes behind puts this computer 4 minutes ahead.
    sim.control(
        reqwest::Method::PUT,
        "clock",
        json!({ "offsetSeconds": -240 }),
    )
    .await;

    let report = run_checked(&sim.target("0oafastclock", key)).await;

    assert_eq!(
        states(&report),
        vec![Passed, Failed, Skipped, Skipped, Failed],
        "{report:#?}"
    );
    assert_eq!(
        diagnosis_code(&report, Step::GetToken),
        DiagnosisCode::ClockAhead
    );
    let token_diagnosis = step(&report, Step::GetToken).diagnosis.as_ref().unwrap();
    assert_eq!(
        token_diagnosis.cause,
        "Your computer's clock is 4 minutes ahead of Okta's."
    );
    let clock = step(&report, Step::Clock);
    assert_eq!(
        clock.message,
        "Your computer's clock is 4 minutes ahead of Okta's."
    );
    assert_eq!(
        clock.diagnosis.as_ref().unwrap().code,
        DiagnosisCode::ClockAhead
    );
    let offset = report.clock_offset_seconds.unwrap();
    assert!((-242..=-238).contains(&offset), "offset {offset}");
}

#[tokio::test]
async fn clock_four_minutes_behind_warns() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oaslowclock", &[READ, MANAGE], false, key.public_jwk())
        .await;
    sim.control(
        reqwest::Method::PUT,
        "clock",
        json!({ "offsetSeconds": 240 }),
    )
    .await;

    let report = run_checked(&sim.target("0oaslowclock", key)).await;

    assert_eq!(
        states(&report),
        vec![Passed, Passed, Passed, Passed, Warning],
        "{report:#?}"
    );
    assert!(report.passed, "a warning does not fail the test");
    assert_eq!(
        step(&report, Step::Clock).message,
        "Your computer's clock is 4 minutes behind Okta's."
    );
}

#[tokio::test]
async fn dpop_required_client_passes() {
    let sim = Sim::start().await;
    let key = new_key();
    sim.register("0oadpopapp", &[READ, MANAGE], true, key.public_jwk())
        .await;

    let report = run_checked(&sim.target("0oadpopapp", key)).await;

    assert_eq!(states(&report), vec![Passed; 5], "{report:#?}");
    assert!(report.dpop_in_use);
    assert!(report.dpop_switched_on);
    assert_eq!(
        step(&report, Step::GetToken).message,
        "Okta issued a DPoP-bound access token to app 0oadpopapp. The app requires DPoP, so Aerial Desk switched DPoP on."
    );
}
