//! Sessions against okta-sim over real HTTP: a profile opened from its stored key, changes
//! checked by the guards and recorded in the journal, lost responses re-checked against Okta, and
//! org creation with the new org's token kept in the secret store.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use desk::guards::OrgCreationAttempt;
use desk::journal::{Action, Failure, Journal, NewEntry, Query, State};
use desk::plans::{OrgLocks, ProductIntent};
use desk::profiles::{
    AccountId, BaseUrl as ProfileUrl, ClientId, Environment, KeyId, OrgAddress, ParentAuth,
    ParentOrg, Profile, ProfileName, ProfileStore, SecretKind, SecretStore,
};
use desk::session::{
    DeletionRequest, Services, Session, SessionError, StarterConfiguration, StatusChange, store_key,
};
use desk::{KeychainError, Secret};
use okta::aerial::{LinkTarget, OrgStatus};
use okta::org::{NewAdmin, NewOrg};
use okta::{Http, HttpConfig, KeyType, PrivateKey, TokenClient};
use okta_sim::{RunningSim, SimConfig};
use serde_json::{Value, json};

const ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";
const CLIENT_ID: &str = "0oasessiontest000001";
const AERIAL_ORG_ID: &str = "00onwaerial000000001";
const STAGING_ID: &str = "00onwstaging00000007";
const SANDBOX_ID: &str = "00onwsandbox00000008";
const TRIAL_ID: &str = "00onwtrial0000000009";

/// Named secrets in memory, standing in for the keychain.
#[derive(Default)]
struct MemorySecrets(Mutex<BTreeMap<String, Vec<u8>>>);

impl MemorySecrets {
    fn names(&self) -> Vec<String> {
        self.0.lock().unwrap().keys().cloned().collect()
    }
}

impl SecretStore for MemorySecrets {
    async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        Ok(self.0.lock().unwrap().get(name).cloned().map(Secret::new))
    }

    async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        let bytes = value.expose().clone();
        self.0.lock().unwrap().insert(name.to_owned(), bytes);
        Ok(())
    }

    async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        self.0.lock().unwrap().remove(name);
        Ok(())
    }
}

/// The emulator, a profile for it, and everything a session needs.
struct World {
    sim: RunningSim,
    _folder: tempfile::TempDir,
    store: ProfileStore,
    services: Arc<Services<MemorySecrets>>,
    profile: Profile,
    control: reqwest::Client,
}

impl World {
    async fn start() -> World {
        let sim = okta_sim::start(SimConfig::demo().control_api(true))
            .await
            .expect("okta-sim starts");
        let folder = tempfile::tempdir().unwrap();
        let store = ProfileStore::open(folder.path().join("config")).unwrap();
        let journal = Journal::open(folder.path().join("journal.sqlite3"))
            .await
            .unwrap();
        let http = Http::new(HttpConfig::loopback()).unwrap();
        let services = Arc::new(Services {
            secrets: Arc::new(MemorySecrets::default()),
            journal,
            locks: Arc::new(OrgLocks::new(folder.path().join("locks"))),
            tokens: Arc::new(TokenClient::new(http)),
        });
        let control = reqwest::Client::builder().no_proxy().build().unwrap();

        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let profile = demo_profile(&sim, &key);
        store.add(profile.clone()).unwrap();
        store_key(
            services.secrets.as_ref(),
            &profile,
            &SecretKind::PrivateKey,
            &key,
        )
        .await
        .unwrap();
        let world = World {
            sim,
            _folder: folder,
            store,
            services,
            profile,
            control,
        };
        world
            .control_call(
                reqwest::Method::POST,
                "clients",
                json!({
                    "orgDomain": "northwind-aerial.sim.localhost",
                    "clientId": CLIENT_ID,
                    "applicationType": "service",
                    "tokenEndpointAuthMethod": "private_key_jwt",
                    "grantedScopes": ["okta.accounts.read", "okta.accounts.manage"],
                    "dpopRequired": false,
                    "jwks": [key.public_jwk()],
                }),
            )
            .await;
        world
    }

    async fn session(&self) -> Session<MemorySecrets> {
        let profile = self.store.get(self.profile.name.as_str()).unwrap();
        Session::open(profile, Arc::clone(&self.services))
            .await
            .expect("the session opens")
    }

    async fn control_call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("http://127.0.0.1:{}/__sim/{path}", self.sim.port());
        let response = self
            .control
            .request(method, url)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "control {path}");
        response.json().await.unwrap_or(Value::Null)
    }

    /// The requests okta-sim received whose path ends with `suffix` and whose method is `method`.
    async fn requests(&self, method: &str, suffix: &str) -> usize {
        let log = self
            .control_call(reqwest::Method::GET, "requests", Value::Null)
            .await;
        log.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["method"] == method && r["path"].as_str().unwrap().ends_with(suffix))
            .count()
    }

    async fn entries(&self, action: Action) -> Vec<desk::journal::Entry> {
        self.services
            .journal
            .query(Query {
                action: Some(action),
                ..Query::default()
            })
            .await
            .unwrap()
    }

    fn url(&self, subdomain: &str) -> String {
        self.sim.url_for(&format!("{subdomain}.sim.localhost"))
    }
}

fn demo_profile(sim: &RunningSim, key: &PrivateKey) -> Profile {
    let org = |subdomain: &str| {
        OrgAddress::parse(
            Environment::Demo,
            &sim.url_for(&format!("{subdomain}.sim.localhost")),
        )
        .unwrap()
    };
    Profile {
        name: ProfileName::parse("Session test").unwrap(),
        environment: Environment::Demo,
        aerial_service: ProfileUrl::parse(&sim.aerial_url()).unwrap(),
        account_id: AccountId::parse(ACCOUNT_ID).unwrap(),
        aerial_org: org("northwind-aerial"),
        client_id: ClientId::parse(CLIENT_ID).unwrap(),
        key_id: KeyId::parse(key.kid()).unwrap(),
        dpop: false,
        parent_orgs: vec![ParentOrg {
            org: org("northwind-us"),
            auth: ParentAuth::ApiToken,
        }],
    }
}

fn explain(error: &SessionError) -> String {
    let explanation = error.explain();
    format!(
        "{} {} ({})",
        explanation.message, explanation.fix, explanation.code
    )
}

#[tokio::test]
async fn open_fails_without_stored_key() {
    let world = World::start().await;
    let entry = world.profile.secret_entry(&SecretKind::PrivateKey);
    world.services.secrets.delete(&entry).await.unwrap();

    let error = Session::open(world.profile.clone(), Arc::clone(&world.services))
        .await
        .err()
        .expect("no key, no session");

    assert!(
        matches!(error, SessionError::SecretNotStored { .. }),
        "{error:?}"
    );
    assert!(explain(&error).contains("no private key in the keychain"));
}

#[tokio::test]
async fn reads_sign_with_stored_key() {
    let world = World::start().await;
    let session = world.session().await;

    let account = session.account().await.unwrap();
    let mut pages = Vec::new();
    let orgs = session.orgs(None, |count| pages.push(count)).await.unwrap();
    let products = session.products().await.unwrap();

    assert_eq!(account.id, ACCOUNT_ID);
    assert!(
        orgs.iter()
            .any(|org| org.id == AERIAL_ORG_ID && org.aerial_org)
    );
    assert_eq!(pages.last(), Some(&orgs.len()));
    assert_eq!(products.len(), 4);
}

#[tokio::test]
async fn link_by_domain_is_journaled() {
    let world = World::start().await;
    let session = world.session().await;
    let domain = "northwind-labs.sim.localhost";

    let org = session
        .link(&LinkTarget::Domain(domain.into()), "ok1")
        .await
        .unwrap();
    let entries = world.entries(Action::Link).await;

    assert_eq!(org.domain.as_deref(), Some(domain));
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].state, State::Succeeded);
    assert_eq!(entries[0].request, json!({"domain": domain, "cell": "ok1"}));
    assert_eq!(entries[0].profile, "Session test");
}

#[tokio::test]
async fn rejected_link_keeps_error_id() {
    let world = World::start().await;
    let session = world.session().await;

    let error = session
        .link(&LinkTarget::OrgId(STAGING_ID.into()), "ok1")
        .await
        .unwrap_err();
    let entry = world.entries(Action::Link).await.remove(0);

    assert!(matches!(error, SessionError::Okta { .. }), "{error:?}");
    let failure = entry.failure.unwrap();
    assert_eq!(entry.state, State::Failed);
    assert!(failure.error_id.is_some(), "{failure:?}");
    assert_eq!(failure.http_status, Some(400));
}

#[tokio::test]
async fn aerial_org_deactivation_sends_nothing() {
    let world = World::start().await;
    let session = world.session().await;

    let error = session
        .set_status(&StatusChange {
            org_id: AERIAL_ORG_ID.into(),
            status: OrgStatus::Inactive,
            typed_name: Some("Northwind Aerial".into()),
        })
        .await
        .unwrap_err();

    assert!(matches!(error, SessionError::Guard(_)), "{error:?}");
    assert_eq!(world.requests("PUT", "/status").await, 0);
    assert!(world.entries(Action::Status).await.is_empty());
}

#[tokio::test]
async fn deactivation_needs_typed_name() {
    let world = World::start().await;
    let session = world.session().await;
    let change = |typed: &str| StatusChange {
        org_id: SANDBOX_ID.into(),
        status: OrgStatus::Inactive,
        typed_name: Some(typed.into()),
    };

    let wrong = session
        .set_status(&change("Northwind Sandbx"))
        .await
        .unwrap_err();
    let org = session
        .set_status(&change("Northwind Sandbox"))
        .await
        .unwrap();

    assert!(matches!(wrong, SessionError::Guard(_)), "{wrong:?}");
    assert_eq!(org.status, Some(OrgStatus::Inactive));
    assert_eq!(world.requests("PUT", "/status").await, 1);
    let entries = world.entries(Action::Status).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].state, State::Succeeded);
}

#[tokio::test]
async fn deletion_only_for_inactive_orgs() {
    let world = World::start().await;
    let session = world.session().await;

    let active = session
        .request_deletion(&DeletionRequest {
            org_id: SANDBOX_ID.into(),
            typed_name: "Northwind Sandbox".into(),
        })
        .await
        .unwrap_err();
    session
        .request_deletion(&DeletionRequest {
            org_id: TRIAL_ID.into(),
            typed_name: "Northwind Trial".into(),
        })
        .await
        .unwrap();

    assert!(matches!(active, SessionError::Guard(_)), "{active:?}");
    assert_eq!(world.requests("POST", "/deletionRequest").await, 1);
    assert_eq!(world.entries(Action::DeletionRequest).await.len(), 1);
}

#[tokio::test]
async fn production_org_deletion_is_explained() {
    let world = World::start().await;
    let session = world.session().await;

    let error = session
        .request_deletion(&DeletionRequest {
            org_id: STAGING_ID.into(),
            typed_name: "Northwind Staging".into(),
        })
        .await
        .unwrap_err();

    let explanation = error.explain();
    assert_eq!(explanation.code, "deletion_not_allowed");
    assert!(
        explanation.message.contains("only for sandbox orgs"),
        "{}",
        explanation.message
    );
    assert!(
        !explanation.message.contains("Aerial account"),
        "the cause is the org's contract, not the account: {}",
        explanation.message
    );
    assert!(explanation.okta.unwrap().error_id.is_some());
    let entry = world.entries(Action::DeletionRequest).await.remove(0);
    assert_eq!(entry.state, State::Failed);
}

#[tokio::test]
async fn enabling_product_keeps_the_others() {
    let world = World::start().await;
    let session = world.session().await;
    let org_id = "00onwapac00000000006";
    let before = session.org_products(org_id).await.unwrap();
    let new = ["P000052", "P000131", "P000139", "P001113"]
        .into_iter()
        .find(|id| !before.iter().any(|p| p.id == *id))
        .expect("the demo org lacks a product");

    let intent = ProductIntent {
        enable: vec![new.to_owned()],
        disable: Vec::new(),
    };
    let plan = session.plan_products(org_id, &intent).await.unwrap();
    let applied = session.apply_products(&plan).await.unwrap();
    let entries = world.entries(Action::Products).await;

    for product in &before {
        assert!(
            applied.after.iter().any(|p| p.id == product.id),
            "{product:?} kept"
        );
    }
    assert!(applied.after.iter().any(|p| p.id == new));
    assert_eq!(entries[0].state, State::Succeeded);
    assert_eq!(entries[0].request["enable"], json!([new]));
}

#[tokio::test]
async fn dropped_status_change_stays_unknown() {
    let world = World::start().await;
    let mut session = world.session().await;
    world
        .control_call(
            reqwest::Method::POST,
            "faults",
            json!({"method": "PUT", "path": "*/status", "kind": "drop", "count": 10}),
        )
        .await;

    let error = session
        .set_status(&StatusChange {
            org_id: STAGING_ID.into(),
            status: OrgStatus::Active,
            typed_name: None,
        })
        .await
        .unwrap_err();
    let unknown = world.entries(Action::Status).await.remove(0);
    session.set_recheck_grace(Duration::ZERO);
    let rechecks = session.recheck_unknown().await.unwrap();
    let settled = world.entries(Action::Status).await.remove(0);

    // Okta may still carry out a request whose response was lost, so reading the org at once
    // settles nothing. The emulator drops the connection before it changes anything, so the
    // later re-check finds the status unchanged.
    assert!(
        matches!(error, SessionError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    let explanation = error.explain();
    assert!(
        explanation
            .message
            .starts_with("No answer came back from Okta"),
        "the message leads with plain words: {}",
        explanation.message
    );
    assert!(
        !explanation.message.contains("Try again"),
        "the message does not ask for a retry: {}",
        explanation.message
    );
    assert_eq!(unknown.state, State::OutcomeUnknown);
    assert_eq!(rechecks[0].state, State::Failed);
    assert_eq!(settled.state, State::Failed);
    assert!(settled.failure.unwrap().message.contains("still"));
}

#[tokio::test]
async fn recent_unknown_change_is_not_failed_yet() {
    let world = World::start().await;
    let session = world.session().await;
    let journal = &world.services.journal;
    let id = journal
        .record_start(NewEntry {
            profile: "Session test".into(),
            org: STAGING_ID.into(),
            action: Action::Status,
            request: json!({"orgId": STAGING_ID, "status": "ACTIVE"}),
        })
        .await
        .unwrap();
    journal
        .mark_outcome_unknown(id, Failure::default())
        .await
        .unwrap();

    let rechecks = session.recheck_unknown().await.unwrap();

    assert_eq!(rechecks[0].state, State::OutcomeUnknown);
    assert!(rechecks[0].note.contains("does not show the change yet"));
    assert_eq!(journal.get(id).await.unwrap().state, State::OutcomeUnknown);
}

#[tokio::test]
async fn write_without_manage_scope_names_it() {
    let world = World::start().await;
    world
        .control_call(
            reqwest::Method::PATCH,
            &format!("clients/{CLIENT_ID}"),
            json!({"grantedScopes": ["okta.accounts.read"]}),
        )
        .await;
    let session = world.session().await;

    let error = session
        .set_status(&StatusChange {
            org_id: STAGING_ID.into(),
            status: OrgStatus::Active,
            typed_name: None,
        })
        .await
        .unwrap_err();
    let explanation = error.explain();

    assert!(
        explanation.fix.contains("okta.accounts.manage"),
        "{explanation:?}"
    );
    assert!(
        !explanation.fix.contains("okta.accounts.read or"),
        "{explanation:?}"
    );
}

#[tokio::test]
async fn unknown_outcomes_settle_from_okta() {
    let world = World::start().await;
    let mut session = world.session().await;
    session.set_recheck_grace(Duration::ZERO);
    // A status change that reached Okta, then the app stopped before recording the response.
    session
        .set_status(&StatusChange {
            org_id: STAGING_ID.into(),
            status: OrgStatus::Active,
            typed_name: None,
        })
        .await
        .unwrap();
    let journal = &world.services.journal;
    let entry = NewEntry {
        profile: "Session test".into(),
        org: STAGING_ID.into(),
        action: Action::Status,
        request: json!({"orgId": STAGING_ID, "status": "ACTIVE"}),
    };
    let applied = journal.record_start(entry.clone()).await.unwrap();
    journal
        .mark_outcome_unknown(applied, Failure::default())
        .await
        .unwrap();
    let not_applied = journal
        .record_start(NewEntry {
            request: json!({"orgId": STAGING_ID, "status": "INACTIVE"}),
            ..entry
        })
        .await
        .unwrap();
    journal
        .mark_outcome_unknown(not_applied, Failure::default())
        .await
        .unwrap();

    let rechecks = session.recheck_unknown().await.unwrap();

    assert_eq!(rechecks.len(), 2);
    assert_eq!(journal.get(applied).await.unwrap().state, State::Succeeded);
    assert_eq!(journal.get(not_applied).await.unwrap().state, State::Failed);
    assert!(journal.outcome_unknown().await.unwrap().is_empty());
}

#[tokio::test]
async fn created_org_token_is_stored() {
    let world = World::start().await;
    let secrets = world.services.secrets.as_ref();
    let parent = OrgAddress::parse(Environment::Demo, &world.url("northwind-us")).unwrap();
    let token_entry = world
        .profile
        .secret_entry(&SecretKind::ParentApiToken(parent.clone()));
    secrets
        .set(
            &token_entry,
            Secret::new(b"00demo-northwind-us-api-token".to_vec()),
        )
        .await
        .unwrap();
    let session = world.session().await;
    let new_org = NewOrg {
        subdomain: "northwind-session-test".into(),
        name: "Northwind Session Test".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@example.com".into(),
            login: "ada@example.com".into(),
            password: None,
            recovery: None,
        },
    };

    let created = session
        .create_org(
            &world.store,
            &parent.to_string(),
            &new_org,
            OrgCreationAttempt::confirmed("northwind-session-test").unwrap(),
        )
        .await
        .unwrap();
    session
        .wait_until_ready(&created.address, Duration::from_secs(20))
        .await
        .unwrap();
    let starter = session
        .apply_starter_configuration(
            &created.address,
            &StarterConfiguration {
                groups: vec!["Everyone at HQ".into()],
                bookmark: Some(("Intranet".into(), "https://intranet.example.com".into())),
            },
        )
        .await
        .unwrap();
    let saved = world.store.get("Session test").unwrap();

    let child = OrgAddress::parse(Environment::Demo, &created.address).unwrap();
    let child_entry = saved.secret_entry(&SecretKind::ParentApiToken(child.clone()));
    assert!(
        created
            .address
            .contains("northwind-session-test.sim.localhost")
    );
    assert!(secrets.names().contains(&child_entry));
    assert!(!created.token_once.expose().is_empty());
    assert!(created.token_kept);
    assert_eq!(created.token_problem, None);
    assert!(saved.parent(&child).is_some(), "the new org is remembered");
    assert_eq!(starter.group_ids.len(), 1);
    assert!(starter.app_id.is_some());
    let creation = world.entries(Action::OrgCreation).await.remove(0);
    assert_eq!(creation.state, State::Succeeded);
    let logged = serde_json::to_string(&creation).unwrap();
    assert!(
        !logged.contains(created.token_once.expose()),
        "no token in the journal"
    );
    let starter_entries = world.entries(Action::StarterConfiguration).await;
    assert_eq!(starter_entries.len(), 1);
    assert_eq!(creation.org, "northwind-session-test.sim.localhost");
    assert_eq!(
        starter_entries[0].org,
        "northwind-session-test.sim.localhost"
    );
    assert_eq!(
        session
            .credentials_address("northwind-session-test.sim.localhost")
            .as_deref(),
        Some(created.address.as_str()),
        "the session reads the new org's consent with its kept token"
    );
    assert_eq!(
        session.credentials_address("northwind-us.sim.localhost"),
        Some(parent.base_url())
    );
    assert_eq!(session.credentials_address("contoso.sim.localhost"), None);
}

#[tokio::test]
async fn failed_product_write_stays_unknown() {
    let world = World::start().await;
    let mut session = world.session().await;
    let org_id = "00onwapac00000000006";
    let intent = ProductIntent {
        enable: vec!["P001113".to_owned()],
        disable: Vec::new(),
    };
    let plan = session.plan_products(org_id, &intent).await.unwrap();
    world
        .control_call(
            reqwest::Method::POST,
            "faults",
            json!({"method": "PUT", "path": "*/products", "kind": "status500", "count": 10}),
        )
        .await;

    let error = session.apply_products(&plan).await.unwrap_err();
    let unknown = world.entries(Action::Products).await.remove(0);
    session.set_recheck_grace(Duration::ZERO);
    session.recheck_unknown().await.unwrap();
    let settled = world.entries(Action::Products).await.remove(0);

    assert!(
        matches!(error, SessionError::OutcomeUnknown { .. }),
        "{error:?}"
    );
    assert_eq!(unknown.state, State::OutcomeUnknown);
    assert_eq!(settled.state, State::Failed);
    assert!(settled.failure.unwrap().message.contains("not the list"));
}

#[tokio::test]
async fn empty_product_plan_is_not_journaled() {
    let world = World::start().await;
    let session = world.session().await;
    let intent = ProductIntent {
        enable: vec!["P000052".to_owned()],
        disable: Vec::new(),
    };

    let plan = session
        .plan_products("00onwapac00000000006", &intent)
        .await
        .unwrap();
    session.apply_products(&plan).await.unwrap();

    assert!(plan.is_empty());
    assert_eq!(world.requests("PUT", "/products").await, 0);
    assert!(world.entries(Action::Products).await.is_empty());
}

#[tokio::test]
async fn creation_needs_the_confirmed_subdomain() {
    let world = World::start().await;
    let session = world.session().await;
    let parent = world.url("northwind-us");
    let new_org = NewOrg {
        subdomain: "northwind-other".into(),
        name: "Northwind Other".into(),
        website: None,
        admin: NewAdmin {
            first_name: "Ada".into(),
            last_name: "Admin".into(),
            email: "ada@example.com".into(),
            login: "ada@example.com".into(),
            password: None,
            recovery: None,
        },
    };

    let error = session
        .create_org(
            &world.store,
            &parent,
            &new_org,
            OrgCreationAttempt::confirmed("northwind-confirmed").unwrap(),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(error, SessionError::BadAddress { .. }),
        "{error:?}"
    );
    assert_eq!(world.requests("POST", "/api/v1/orgs").await, 0);
    assert!(world.entries(Action::OrgCreation).await.is_empty());
}
