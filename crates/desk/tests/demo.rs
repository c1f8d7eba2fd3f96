//! The offline demo against okta-sim in-process: "Try the demo" creates a profile that then works
//! exactly like a real account, with a real ES256 key, signed client assertions and HTTP over
//! loopback. The keychain is an in-memory store defined here, so no Secret Service is needed.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use desk::demo::{
    DEMO_PARENT_ORG, DEMO_PROFILE_NAME, DEMO_SCOPES, DemoError, DemoOptions, DemoService,
    reopen_in_demo, try_the_demo,
};
use desk::profiles::{
    AccountId, ClientId, Environment, KeyId, OrgAddress, Profile, ProfileName, ProfileStore,
    SecretKind, SecretStore,
};
use desk::{KeychainError, KeychainProblem, Secret};
use okta::org::{NewAdmin, NewOrg};
use okta::{
    AerialClient, Http, HttpConfig, KeyType, OrgClient, OrgCredentials, PrivateKey, SecretString,
    ServiceApp, TokenClient,
};
use serde_json::Value;

/// Keychain entries in memory, keyed by entry name. Writes to names ending in `locked_suffix`
/// fail, as they do in a locked keychain.
#[derive(Default)]
struct MemorySecrets {
    entries: Mutex<BTreeMap<String, Vec<u8>>>,
    locked_suffix: Option<&'static str>,
}

impl MemorySecrets {
    fn names(&self) -> Vec<String> {
        self.entries.lock().unwrap().keys().cloned().collect()
    }

    fn value(&self, name: &str) -> Option<Vec<u8>> {
        self.entries.lock().unwrap().get(name).cloned()
    }
}

impl SecretStore for MemorySecrets {
    async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        Ok(self.value(name).map(Secret::new))
    }

    async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        if self
            .locked_suffix
            .is_some_and(|suffix| name.ends_with(suffix))
        {
            return Err(KeychainError {
                problem: KeychainProblem::Locked,
                message: "The keychain is locked.".into(),
                fix: "Unlock it and try again.".into(),
                detail: format!("write to {name} rejected by the test store"),
            });
        }
        let mut entries = self.entries.lock().unwrap();
        entries.insert(name.to_owned(), value.expose().clone());
        Ok(())
    }

    async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        self.entries.lock().unwrap().remove(name);
        Ok(())
    }
}

async fn start_demo(folder: &Path) -> DemoService {
    DemoService::start(DemoOptions::new(folder))
        .await
        .expect("the demo starts on a loopback port")
}

fn open_store(folder: &Path) -> ProfileStore {
    ProfileStore::open(folder.join("config")).expect("the profile folder opens")
}

/// Builds an Aerial client from a saved profile and the key read back from the keychain, the
/// way the app does for a real account.
async fn client_for(profile: &Profile, secrets: &MemorySecrets) -> AerialClient {
    let entry = profile.secret_entry(&SecretKind::PrivateKey);
    let stored = secrets
        .get(&entry)
        .await
        .unwrap()
        .expect("the key is stored");
    let key = PrivateKey::from_storage_bytes(stored.expose()).expect("the stored key reads back");
    assert_eq!(
        key.kid(),
        profile.key_id.as_str(),
        "the profile names the stored key"
    );

    let http = Http::new(HttpConfig::loopback()).unwrap();
    let tokens = Arc::new(TokenClient::new(http.clone()));
    let org = okta::BaseUrl::parse(&profile.aerial_org.base_url()).unwrap();
    let app = ServiceApp::new(
        profile.name.key(),
        org,
        profile.client_id.as_str(),
        Arc::new(key),
    );
    let service = okta::BaseUrl::parse(profile.aerial_service.as_str()).unwrap();
    AerialClient::new(
        http,
        tokens,
        service,
        profile.account_id.as_str(),
        Arc::new(app),
    )
    .unwrap()
}

/// Returns the requests the emulator received, from its control API.
async fn received_requests(demo: &DemoService) -> Vec<Value> {
    let url = format!("http://127.0.0.1:{}/__sim/requests", demo.port());
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client.get(url).send().await.unwrap();
    response.json().await.unwrap()
}

fn port_of(url: &str) -> u16 {
    let port = url.rsplit(':').next().unwrap();
    port.parse().unwrap()
}

#[tokio::test]
async fn demo_start_exposes_loopback_urls() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let port = demo.port();

    assert_eq!(
        demo.aerial_service_url().as_str(),
        format!("http://aerial.sim.localhost:{port}")
    );
    assert_eq!(
        demo.aerial_org_url().as_str(),
        format!("http://northwind-aerial.sim.localhost:{port}")
    );
    assert_eq!(demo.account_id().as_str(), "0227nwdemo8ulgt48bkidcd8ekq");
    assert_eq!(
        demo.org_url("Northwind-EU.sim.localhost").unwrap().as_str(),
        format!("http://northwind-eu.sim.localhost:{port}")
    );
    assert!(demo.damaged_state_file().is_none());
    demo.shutdown().await;
}

#[tokio::test]
async fn org_url_rejects_hosts_outside_localhost() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;

    for host in [
        "example.com",
        "northwind-eu.sim.localhost.example.com",
        "northwind-eu.sim.localhost:99",
        "evil.com/x.localhost",
        "",
    ] {
        let result = demo.org_url(host);
        assert!(
            matches!(result, Err(DemoError::InvalidDomain { .. })),
            "{host:?} is rejected, got {result:?}"
        );
    }
    demo.shutdown().await;
}

#[tokio::test]
async fn register_client_and_grant_scopes() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();

    let client_id = demo
        .register_client(&key.public_jwk(), &["okta.accounts.read"], true)
        .await
        .expect("registration succeeds");
    demo.grant_scopes(&client_id, &["okta.accounts.read", "okta.accounts.manage"])
        .await
        .expect("the grant succeeds");

    assert!(client_id.starts_with("0oa"), "Okta's client ID shape");
    assert_eq!(client_id.len(), 20);
    let state = demo.state().await.unwrap();
    let client = state
        .clients
        .iter()
        .find(|client| client.client_id == client_id)
        .expect("the state lists the new client");
    assert_eq!(client.org_domain, "northwind-aerial.sim.localhost");
    assert_eq!(
        client.granted_scopes,
        ["okta.accounts.read", "okta.accounts.manage"]
    );
    assert!(client.dpop_required);
    assert_eq!(client.jwks.len(), 1);
    assert_eq!(client.jwks[0]["kid"], key.kid());
    demo.shutdown().await;
}

#[tokio::test]
async fn grant_scopes_reports_unknown_client() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;

    let result = demo
        .grant_scopes("0oanosuchclient00000", &["okta.accounts.read"])
        .await;
    let bad_id = demo.grant_scopes("../state", &["okta.accounts.read"]).await;

    match result {
        Err(DemoError::ControlRejected {
            status, summary, ..
        }) => {
            assert_eq!(status, 404);
            assert!(summary.contains("0oanosuchclient00000"), "{summary}");
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(
        matches!(bad_id, Err(DemoError::Invalid(_))),
        "a client ID with a slash is rejected before any request, got {bad_id:?}"
    );
    demo.shutdown().await;
}

#[tokio::test]
async fn demo_profile_works_like_real_account() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();

    let profile = try_the_demo(&store, &secrets, &demo)
        .await
        .expect("the demo profile is created");
    let saved = store.active().unwrap().expect("a profile is active");
    let aerial = client_for(&saved, &secrets).await;
    let orgs = aerial.orgs(&Default::default()).await.expect("orgs list");
    let account = aerial.account().await.expect("the account reads");

    assert_eq!(saved, profile, "the saved profile is the one returned");
    assert_eq!(saved.name.as_str(), DEMO_PROFILE_NAME);
    assert_eq!(saved.environment, Environment::Demo);
    assert!(!saved.dpop);
    assert_eq!(&saved.aerial_service, demo.aerial_service_url());
    assert_eq!(
        saved.aerial_org,
        OrgAddress::Url(demo.aerial_org_url().clone())
    );
    assert_eq!(&saved.account_id, demo.account_id());
    assert_eq!(account.id, demo.account_id().as_str());
    assert!(
        orgs.iter()
            .any(|org| org.domain.as_deref() == Some("northwind-aerial.sim.localhost")),
        "the Aerial org is listed"
    );
    assert!(orgs.len() > 5, "the demo lists its linked orgs");

    let requests = received_requests(&demo).await;
    let token_request = requests
        .iter()
        .find(|request| request["path"] == "/oauth2/v1/token")
        .expect("the client requested a token");
    let body = token_request["body"].as_str().unwrap_or_default();
    assert!(
        body.contains("client_assertion_type=urn"),
        "the token request carries a signed client assertion: {body}"
    );
    demo.shutdown().await;
}

#[tokio::test]
async fn demo_keychain_holds_key_and_token() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();

    let profile = try_the_demo(&store, &secrets, &demo).await.unwrap();
    let parent = &profile.parent_orgs[0];
    let token_entry = profile.secret_entry(&SecretKind::ParentApiToken(parent.org.clone()));
    let file = std::fs::read_to_string(store.path()).unwrap();

    assert_eq!(profile.parent_orgs.len(), 1);
    assert_eq!(
        parent.org,
        OrgAddress::Url(demo.org_url(DEMO_PARENT_ORG).unwrap())
    );
    assert_eq!(
        secrets.names(),
        [
            token_entry.clone(),
            profile.secret_entry(&SecretKind::PrivateKey)
        ]
    );
    assert_eq!(
        secrets.value(&token_entry).unwrap(),
        b"00demo-northwind-eu-api-token"
    );
    assert!(
        !file.contains("api-token") && !file.contains("\"d\""),
        "the profile file holds no secret: {file}"
    );
    demo.shutdown().await;
}

/// Returns an Org client for the demo parent org, with the API token read from the keychain.
async fn parent_client(profile: &Profile, secrets: &MemorySecrets) -> OrgClient {
    let parent = &profile.parent_orgs[0].org;
    let entry = profile.secret_entry(&SecretKind::ParentApiToken(parent.clone()));
    let token = secrets
        .get(&entry)
        .await
        .unwrap()
        .expect("the token is stored");
    let token = String::from_utf8(token.expose().clone()).unwrap();
    let credentials = OrgCredentials::ApiToken(Arc::new(SecretString::new(token)));
    let http = Http::new(HttpConfig::loopback()).unwrap();
    OrgClient::new(
        http,
        okta::BaseUrl::parse(&parent.base_url()).unwrap(),
        credentials,
    )
}

#[tokio::test]
async fn demo_parent_creates_child_org() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let profile = try_the_demo(&store, &secrets, &demo).await.unwrap();
    let new_org = NewOrg {
        subdomain: "northwind-demo-child".into(),
        name: "Northwind Demo Child".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@northwind.example".into(),
            login: "ada@northwind.example".into(),
            password: None,
            recovery: None,
        },
    };

    let created = parent_client(&profile, &secrets)
        .await
        .create_child_org(&new_org)
        .await
        .expect("Org Creator accepts the parent's API token");
    let child_url = demo.org_url("northwind-demo-child.sim.localhost").unwrap();
    let child = OrgClient::new(
        Http::new(HttpConfig::loopback()).unwrap(),
        okta::BaseUrl::parse(child_url.as_str()).unwrap(),
        OrgCredentials::ApiToken(Arc::new(created.token)),
    );
    let consent = child.aerial_consent().await;

    assert_eq!(created.subdomain, "northwind-demo-child");
    assert!(
        consent.is_ok(),
        "the new org answers at its demo URL: {consent:?}"
    );
    demo.shutdown().await;
}

#[tokio::test]
async fn parent_token_reaches_parent_org() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();

    let profile = try_the_demo(&store, &secrets, &demo).await.unwrap();
    let org = parent_client(&profile, &secrets).await;
    let consent = org
        .aerial_consent()
        .await
        .expect("the API token is accepted");

    assert!(consent.is_some(), "the demo parent org has granted consent");
    demo.shutdown().await;
}

#[tokio::test]
async fn restart_moves_profile_to_new_port() {
    let folder = tempfile::tempdir().unwrap();
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let first = start_demo(folder.path()).await;
    let before = try_the_demo(&store, &secrets, &first).await.unwrap();
    let key_entry = before.secret_entry(&SecretKind::PrivateKey);
    let key_before = secrets.value(&key_entry).unwrap();
    let old_token_entry = before.secret_entry(&SecretKind::ParentApiToken(
        before.parent_orgs[0].org.clone(),
    ));

    // Starting the second demo while the first still listens guarantees another port.
    let second = start_demo(folder.path()).await;
    first.shutdown().await;
    let after = try_the_demo(&store, &secrets, &second).await.unwrap();
    let saved = store.get(DEMO_PROFILE_NAME).unwrap();
    let aerial = client_for(&saved, &secrets).await;
    let account = aerial.account().await.expect("the moved profile connects");
    let state = second.state().await.unwrap();

    assert_eq!(saved, after);
    assert_eq!(port_of(after.aerial_service.as_str()), second.port());
    assert_eq!(port_of(&after.aerial_org.base_url()), second.port());
    assert_eq!(port_of(&after.parent_orgs[0].org.base_url()), second.port());
    assert_eq!(
        after.parent_orgs.len(),
        1,
        "the parent org is not duplicated"
    );
    assert_eq!(after.client_id, before.client_id, "the client is kept");
    assert_eq!(after.key_id, before.key_id, "the key is kept");
    assert_eq!(secrets.value(&key_entry).unwrap(), key_before);
    assert_eq!(
        state.clients.len(),
        1,
        "the saved state still has the client"
    );
    assert_eq!(state.clients[0].jwks.len(), 1, "no key was added twice");
    assert_eq!(account.id, second.account_id().as_str());
    let new_token_entry = after.secret_entry(&SecretKind::ParentApiToken(
        after.parent_orgs[0].org.clone(),
    ));
    assert!(
        secrets.value(&new_token_entry).is_some(),
        "the token moved to the new port's entry"
    );
    assert!(
        secrets.value(&old_token_entry).is_none(),
        "the old port's entry is deleted"
    );
    assert_eq!(store.active().unwrap().unwrap().name, after.name);
    second.shutdown().await;
}

#[tokio::test]
async fn lost_state_registers_key_again() {
    let folder = tempfile::tempdir().unwrap();
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let first = start_demo(folder.path()).await;
    let before = try_the_demo(&store, &secrets, &first).await.unwrap();
    first.shutdown().await;
    std::fs::remove_file(folder.path().join(desk::demo::STATE_FILE_NAME)).unwrap();

    let second = start_demo(folder.path()).await;
    let state_before = second.state().await.unwrap();
    let after = try_the_demo(&store, &secrets, &second).await.unwrap();
    let state_after = second.state().await.unwrap();
    let aerial = client_for(&after, &secrets).await;
    let orgs = aerial.orgs(&Default::default()).await;

    assert!(
        state_before.clients.is_empty(),
        "the fresh state has no client"
    );
    let client = state_after
        .clients
        .iter()
        .find(|client| client.client_id == before.client_id.as_str())
        .expect("the client is registered again under its old ID");
    assert_eq!(client.jwks[0]["kid"], before.key_id.as_str());
    assert_eq!(
        client.granted_scopes,
        ["okta.accounts.read", "okta.accounts.manage"]
    );
    assert_eq!(after.key_id, before.key_id);
    assert!(orgs.is_ok(), "the profile connects: {orgs:?}");
    second.shutdown().await;
}

#[tokio::test]
async fn lost_key_is_replaced() {
    let folder = tempfile::tempdir().unwrap();
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let demo = start_demo(folder.path()).await;
    let before = try_the_demo(&store, &secrets, &demo).await.unwrap();
    let key_entry = before.secret_entry(&SecretKind::PrivateKey);
    secrets.delete(&key_entry).await.unwrap();

    let after = try_the_demo(&store, &secrets, &demo).await.unwrap();
    let aerial = client_for(&after, &secrets).await;
    let account = aerial.account().await;

    assert_ne!(
        after.key_id, before.key_id,
        "a new key replaces the lost one"
    );
    assert_eq!(after.client_id, before.client_id);
    assert!(
        account.is_ok(),
        "the new key was added to the client: {account:?}"
    );
    demo.shutdown().await;
}

#[tokio::test]
async fn demo_changes_survive_restart() {
    let folder = tempfile::tempdir().unwrap();
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let first = start_demo(folder.path()).await;
    let profile = try_the_demo(&store, &secrets, &first).await.unwrap();
    client_for(&profile, &secrets)
        .await
        .rename_account("Northwind Renamed")
        .await
        .expect("the rename succeeds");
    first.shutdown().await;

    let second = start_demo(folder.path()).await;
    let profile = try_the_demo(&store, &secrets, &second).await.unwrap();
    let account = client_for(&profile, &secrets)
        .await
        .account()
        .await
        .unwrap();

    assert_eq!(account.name, "Northwind Renamed");
    second.shutdown().await;
}

#[tokio::test]
async fn damaged_state_file_is_set_aside() {
    let folder = tempfile::tempdir().unwrap();
    let state_file = folder.path().join(desk::demo::STATE_FILE_NAME);
    std::fs::write(&state_file, "{ this is not json").unwrap();

    let demo = start_demo(folder.path()).await;
    let damaged = demo
        .damaged_state_file()
        .expect("the damage is reported")
        .clone();
    let store = open_store(folder.path());
    let profile = try_the_demo(&store, &MemorySecrets::default(), &demo).await;

    assert_eq!(damaged.path, state_file);
    assert_eq!(
        std::fs::read_to_string(&damaged.set_aside_as).unwrap(),
        "{ this is not json",
        "the damaged file is kept unchanged"
    );
    let message = damaged.to_string();
    assert!(
        message.contains(&state_file.display().to_string()),
        "{message}"
    );
    assert!(
        message.contains(&damaged.set_aside_as.display().to_string()),
        "{message}"
    );
    assert!(message.contains("fresh data"), "{message}");
    assert!(profile.is_ok(), "the fresh demo works: {profile:?}");
    assert!(
        state_file.exists(),
        "the fresh state is saved to the usual file"
    );
    demo.shutdown().await;
}

#[tokio::test]
async fn removing_demo_profile_deletes_entries() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    try_the_demo(&store, &secrets, &demo).await.unwrap();
    assert_eq!(secrets.names().len(), 2, "key and parent org token");

    store.remove(DEMO_PROFILE_NAME, &secrets).await.unwrap();

    assert!(
        secrets.names().is_empty(),
        "left behind: {:?}",
        secrets.names()
    );
    assert!(store.list().unwrap().is_empty());
    demo.shutdown().await;
}

#[tokio::test]
async fn real_profile_named_demo_is_kept() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let environment = Environment::Production;
    let real = Profile {
        name: ProfileName::parse("demo").unwrap(),
        environment,
        aerial_service: environment.default_service().unwrap(),
        account_id: AccountId::parse("0227mkkf8ulgt48bkidcd8ekqft").unwrap(),
        aerial_org: OrgAddress::parse(environment, "acme-aerial.okta.com").unwrap(),
        client_id: ClientId::parse("0oa1b2c3d4E5f6G7h8i9").unwrap(),
        key_id: KeyId::parse("kid-1").unwrap(),
        dpop: false,
        parent_orgs: Vec::new(),
    };
    store.add(real.clone()).unwrap();

    let result = try_the_demo(&store, &secrets, &demo).await;

    match result {
        Err(DemoError::NameTaken { name, environment }) => {
            assert_eq!(name, "demo");
            assert_eq!(environment, Environment::Production);
        }
        other => panic!("expected NameTaken, got {other:?}"),
    }
    assert_eq!(
        store.list().unwrap(),
        [real],
        "the real profile is unchanged"
    );
    assert!(secrets.names().is_empty(), "nothing was stored");
    demo.shutdown().await;
}

/// Saves a demo-environment profile named `name` the way the connect wizard does: a new key in
/// the keychain, an app registered through the demo, and no parent orgs.
async fn save_practice_profile(
    store: &ProfileStore,
    secrets: &MemorySecrets,
    demo: &DemoService,
    name: &str,
) -> Profile {
    let key = PrivateKey::generate(KeyType::EcP256).unwrap();
    let client_id = demo
        .register_client(&key.public_jwk(), &DEMO_SCOPES, false)
        .await
        .unwrap();
    let profile = Profile {
        name: ProfileName::parse(name).unwrap(),
        environment: Environment::Demo,
        aerial_service: demo.aerial_service_url().clone(),
        account_id: demo.account_id().clone(),
        aerial_org: OrgAddress::Url(demo.aerial_org_url().clone()),
        client_id: ClientId::parse(&client_id).unwrap(),
        key_id: KeyId::parse(key.kid()).unwrap(),
        dpop: false,
        parent_orgs: Vec::new(),
    };
    let entry = profile.secret_entry(&SecretKind::PrivateKey);
    secrets.set(&entry, key.to_storage_bytes()).await.unwrap();
    store.add(profile.clone()).unwrap();
    profile
}

#[tokio::test]
async fn practice_profile_reopens_on_new_port() {
    let folder = tempfile::tempdir().unwrap();
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let first = start_demo(folder.path()).await;
    try_the_demo(&store, &secrets, &first).await.unwrap();
    let saved = save_practice_profile(&store, &secrets, &first, "Practice").await;

    let second = start_demo(folder.path()).await;
    first.shutdown().await;
    let reopened = reopen_in_demo(&store, &secrets, &second, "Practice")
        .await
        .unwrap();
    let account = client_for(&reopened, &secrets)
        .await
        .account()
        .await
        .expect("the reopened practice profile connects");

    assert_eq!(store.get("Practice").unwrap(), reopened);
    assert_eq!(store.active().unwrap().unwrap().name, reopened.name);
    assert_eq!(port_of(reopened.aerial_service.as_str()), second.port());
    assert_eq!(port_of(&reopened.aerial_org.base_url()), second.port());
    assert_eq!(reopened.client_id, saved.client_id, "the client is kept");
    assert_eq!(reopened.key_id, saved.key_id, "the key is kept");
    assert_eq!(account.id, second.account_id().as_str());
    let parents: Vec<String> = reopened
        .parent_orgs
        .iter()
        .map(|parent| parent.org.to_string())
        .collect();
    assert_eq!(parents.len(), 1, "the demo parent org is added once");
    assert!(
        parents[0].contains(DEMO_PARENT_ORG),
        "the parent org is {DEMO_PARENT_ORG}, got {parents:?}"
    );
    second.shutdown().await;
}

#[tokio::test]
async fn reopen_in_demo_rejects_real_profile() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets::default();
    let environment = Environment::Sandbox;
    let real = Profile {
        name: ProfileName::parse("Acme sandbox").unwrap(),
        environment,
        aerial_service: environment.default_service().unwrap(),
        account_id: AccountId::parse("0227mkkf8ulgt48bkidcd8ekqft").unwrap(),
        aerial_org: OrgAddress::parse(environment, "acme-aerial.oktapreview.com").unwrap(),
        client_id: ClientId::parse("0oa1b2c3d4E5f6G7h8i9").unwrap(),
        key_id: KeyId::parse("kid-1").unwrap(),
        dpop: false,
        parent_orgs: Vec::new(),
    };
    store.add(real.clone()).unwrap();

    let result = reopen_in_demo(&store, &secrets, &demo, "Acme sandbox").await;

    assert!(
        matches!(&result, Err(DemoError::NotDemo { name, .. }) if name == "Acme sandbox"),
        "expected NotDemo, got {result:?}"
    );
    assert_eq!(store.list().unwrap(), [real], "the profile is unchanged");
    assert!(secrets.names().is_empty(), "nothing was stored");
    demo.shutdown().await;
}

#[tokio::test]
async fn link_candidates_are_the_unlinked_orgs() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;

    let candidates = demo.link_candidates().await.unwrap();
    let token = demo
        .org_api_token("northwind-partners.sim.localhost")
        .await
        .unwrap()
        .expect("the demo org has an API token");
    let missing = demo.org_api_token("contoso.sim.localhost").await.unwrap();

    let summary: Vec<(&str, &str, bool)> = candidates
        .iter()
        .map(|candidate| {
            (
                candidate.domain.as_str(),
                candidate.cell.as_str(),
                candidate.consent,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("northwind-eu-logistics.sim.localhost", summary[0].1, true),
            ("northwind-labs.sim.localhost", summary[1].1, true),
            ("northwind-partners.sim.localhost", summary[2].1, false),
        ],
        "the child org inherits its parent's consent"
    );
    assert!(
        candidates
            .iter()
            .all(|candidate| !candidate.cell.is_empty())
    );
    assert_eq!(token.expose(), b"00demo-northwind-partners-api-token");
    assert!(missing.is_none());
    demo.shutdown().await;
}

#[tokio::test]
async fn keychain_failure_leaves_nothing_behind() {
    let folder = tempfile::tempdir().unwrap();
    let demo = start_demo(folder.path()).await;
    let store = open_store(folder.path());
    let secrets = MemorySecrets {
        locked_suffix: Some("/api-token"),
        ..MemorySecrets::default()
    };

    let result = try_the_demo(&store, &secrets, &demo).await;

    match result {
        Err(error @ DemoError::Keychain { .. }) => {
            let message = error.to_string();
            assert!(message.contains("parent org API token"), "{message}");
            assert!(message.contains("Unlock it and try again."), "{message}");
        }
        other => panic!("expected a keychain error, got {other:?}"),
    }
    assert!(
        secrets.names().is_empty(),
        "the key stored first is deleted again: {:?}",
        secrets.names()
    );
    assert!(store.list().unwrap().is_empty(), "no profile is saved");
    demo.shutdown().await;
}
