//! Profile removal and renaming against the real OS keychain. Like tests/keychain.rs, these need
//! an unlocked Secret Service that scripts/test.sh provides, so a plain `cargo test` skips them.
//! Run them by name with `--ignored available_store_` in the "available" environment.

use desk::Keychain;
use desk::Secret;
use desk::profiles::{
    AccountId, ClientId, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile,
    ProfileName, ProfileStore, SecretKind,
};

fn require_environment(expected: &str) {
    let actual = std::env::var("AERIAL_DESK_KEYCHAIN_ENV").unwrap_or_default();
    assert_eq!(
        actual, expected,
        "this test must run in the '{expected}' keychain environment set up by scripts/test.sh"
    );
}

fn test_keychain() -> Keychain {
    Keychain::with_service(format!("aerial-desk-test-profiles-{}", std::process::id()))
}

fn profile(name: &str) -> Profile {
    let environment = Environment::Production;
    Profile {
        name: ProfileName::parse(name).unwrap(),
        environment,
        aerial_service: environment.default_service().unwrap(),
        account_id: AccountId::parse("0227mkkf8ulgt48bkidcd8ekqft").unwrap(),
        aerial_org: OrgAddress::parse(environment, "acme-aerial.okta.com").unwrap(),
        client_id: ClientId::parse("0oa1b2c3d4E5f6G7h8i9").unwrap(),
        key_id: KeyId::parse("kid-1").unwrap(),
        dpop: true,
        parent_orgs: vec![ParentOrg {
            org: OrgAddress::parse(environment, "acme-eu.okta.com").unwrap(),
            auth: ParentAuth::ApiToken,
        }],
    }
}

async fn set(keychain: &Keychain, name: &str, value: &[u8]) {
    keychain
        .set(name, Secret::new(value.to_vec()))
        .await
        .expect("write succeeds");
}

async fn is_set(keychain: &Keychain, name: &str) -> bool {
    keychain.get(name).await.expect("read succeeds").is_some()
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_removes_profile_entries() {
    require_environment("available");
    let keychain = test_keychain();
    let folder = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(folder.path()).unwrap();
    let acme = profile("Acme");
    let globex = profile("Globex");
    store.add(acme.clone()).unwrap();
    store.add(globex.clone()).unwrap();
    let acme_token =
        acme.secret_entry(&SecretKind::ParentApiToken(acme.parent_orgs[0].org.clone()));
    let acme_key = acme.secret_entry(&SecretKind::PrivateKey);
    let globex_key = globex.secret_entry(&SecretKind::PrivateKey);
    set(&keychain, &acme_key, b"acme key").await;
    set(&keychain, &acme_token, b"acme org token").await;
    set(&keychain, &globex_key, b"globex key").await;

    store
        .remove("Acme", &keychain)
        .await
        .expect("removal succeeds");

    assert!(!is_set(&keychain, &acme_key).await, "{acme_key} is deleted");
    assert!(
        !is_set(&keychain, &acme_token).await,
        "{acme_token} is deleted"
    );
    assert!(
        is_set(&keychain, &globex_key).await,
        "another profile's entry stays"
    );
    keychain.delete(&globex_key).await.unwrap();
}

#[tokio::test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
async fn available_store_renames_profile_entries() {
    require_environment("available");
    let keychain = test_keychain();
    let folder = tempfile::tempdir().unwrap();
    let store = ProfileStore::open(folder.path()).unwrap();
    store.add(profile("Acme")).unwrap();
    set(&keychain, "profile/acme/private-key", b"acme key").await;

    store
        .rename("Acme", "Acme EU", &keychain)
        .await
        .expect("rename succeeds");
    let moved = keychain.get("profile/acme eu/private-key").await.unwrap();
    store.remove("Acme EU", &keychain).await.unwrap();

    assert_eq!(
        moved.as_ref().map(|secret| secret.expose().as_slice()),
        Some(&b"acme key"[..])
    );
    assert!(
        !is_set(&keychain, "profile/acme/private-key").await,
        "the old entry is gone"
    );
    assert!(
        !is_set(&keychain, "profile/acme eu/private-key").await,
        "removal deleted the new one"
    );
}
