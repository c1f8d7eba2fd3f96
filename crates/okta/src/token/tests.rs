use super::*;
use crate::http::HttpConfig;
use crate::keys::KeyType;

fn client(clock: Arc<ManualClock>) -> TokenClient {
    let http = Http::new(HttpConfig::loopback()).unwrap();
    TokenClient::with_clock(http, clock, DEFAULT_REFRESH_MARGIN)
}

fn token_expiring_in(clock: &ManualClock, seconds: u64) -> AccessToken {
    AccessToken {
        value: SecretString::new("tok".into()),
        kind: TokenKind::Bearer,
        scope: "okta.accounts.read".into(),
        expires_at: clock.now() + Duration::from_secs(seconds),
        dpop_key: None,
    }
}

fn app(profile: &str) -> ServiceApp {
    let org = crate::urls::BaseUrl::parse("http://acme-aerial.sim.localhost:1").unwrap();
    let key = Arc::new(PrivateKey::generate(KeyType::EcP256).unwrap());
    ServiceApp::new(profile, org, "0oaclient", key)
}

#[test]
fn token_is_fresh_until_a_minute_before_expiry() {
    let clock = Arc::new(ManualClock::default());
    let tokens = client(clock.clone());
    let token = token_expiring_in(&clock, 3600);

    clock.advance(Duration::from_secs(3538));
    assert!(
        tokens.is_fresh(&token),
        "62 s before expiry the token is reused"
    );
    clock.advance(Duration::from_secs(2));
    assert!(
        !tokens.is_fresh(&token),
        "60 s before expiry the token is replaced"
    );
}

#[test]
fn cache_key_includes_profile_scope_dpop() {
    let tokens = client(Arc::new(ManualClock::default()));
    let read = ScopeSet::one(scope::ACCOUNTS_READ);
    let manage = ScopeSet::one(scope::ACCOUNTS_MANAGE);
    let first = app("profile-a");
    let second = app("profile-b");

    assert!(Arc::ptr_eq(
        &tokens.slot(&first, &read),
        &tokens.slot(&first, &read)
    ));
    assert!(!Arc::ptr_eq(
        &tokens.slot(&first, &read),
        &tokens.slot(&first, &manage)
    ));
    assert!(!Arc::ptr_eq(
        &tokens.slot(&first, &read),
        &tokens.slot(&second, &read)
    ));

    let before = tokens.slot(&first, &read);
    first.switch_dpop_on().unwrap();
    assert!(
        !Arc::ptr_eq(&before, &tokens.slot(&first, &read)),
        "a DPoP key starts a new entry"
    );
    assert!(first.dpop_switched_on_automatically());
}

#[test]
fn cache_key_includes_client_and_org() {
    let tokens = client(Arc::new(ManualClock::default()));
    let read = ScopeSet::one(scope::ACCOUNTS_READ);
    let first = app("profile-a");
    let key = first.key().clone();
    let other_org = crate::urls::BaseUrl::parse("http://other-aerial.sim.localhost:1").unwrap();
    let other_client = ServiceApp::new("profile-a", first.org().clone(), "0oaother", key.clone());
    let moved = ServiceApp::new("profile-a", other_org, "0oaclient", key);

    let slot = tokens.slot(&first, &read);
    assert!(
        !Arc::ptr_eq(&slot, &tokens.slot(&other_client, &read)),
        "another client ID in the same profile gets its own token"
    );
    assert!(
        !Arc::ptr_eq(&slot, &tokens.slot(&moved, &read)),
        "another org in the same profile gets its own token"
    );
}

#[test]
fn forgetting_a_profile_drops_only_its_entries() {
    let tokens = client(Arc::new(ManualClock::default()));
    let read = ScopeSet::one(scope::ACCOUNTS_READ);
    let (first, second) = (app("a"), app("b"));
    let second_slot = tokens.slot(&second, &read);
    let dropped = tokens.slot(&first, &read);

    tokens.forget_profile("a");
    assert!(Arc::ptr_eq(&second_slot, &tokens.slot(&second, &read)));
    assert!(!Arc::ptr_eq(&dropped, &tokens.slot(&first, &read)));
}

#[test]
fn huge_expires_in_is_capped() {
    let clock = Arc::new(ManualClock::default());
    let tokens = client(clock.clone());
    let url = url::Url::parse("http://acme-aerial.sim.localhost:1/oauth2/v1/token").unwrap();
    let body = r#"{"token_type":"Bearer","expires_in":18446744073709551615,"access_token":"t"}"#;
    let response = crate::http::HttpResponse {
        method: reqwest::Method::POST,
        url,
        status: reqwest::StatusCode::OK,
        headers: reqwest::header::HeaderMap::new(),
        body: body.as_bytes().to_vec(),
    };

    let token = tokens.read_token(&response, None, clock.now()).unwrap();
    assert!(
        token.expires_at() <= clock.now() + Duration::from_secs(24 * 60 * 60),
        "the lifetime is capped at one day"
    );
}
