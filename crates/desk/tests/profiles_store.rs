//! The profile store against a real folder on disk, with an in-memory stand-in for the keychain
//! that records which entries exist. The real keychain is exercised in profiles_keychain.rs.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::sync::Mutex;

use desk::profiles::{
    Environment, OrgAddress, ParentAuth, ParentOrg, Profile, ProfileError, ProfileStore,
    SecretKind, SecretStore,
};
use desk::{KeychainError, KeychainProblem, Secret};

/// Named secrets in memory; names listed in `failing` fail every call, as a locked keychain does.
#[derive(Default)]
struct MemorySecrets {
    entries: Mutex<BTreeMap<String, Vec<u8>>>,
    failing: Mutex<BTreeSet<String>>,
}

impl MemorySecrets {
    fn put(&self, name: &str, value: &[u8]) {
        self.entries
            .lock()
            .unwrap()
            .insert(name.to_owned(), value.to_vec());
    }

    fn names(&self) -> Vec<String> {
        self.entries.lock().unwrap().keys().cloned().collect()
    }

    fn value(&self, name: &str) -> Option<Vec<u8>> {
        self.entries.lock().unwrap().get(name).cloned()
    }

    fn fail_on(&self, name: &str) {
        self.failing.lock().unwrap().insert(name.to_owned());
    }

    fn check(&self, name: &str) -> Result<(), KeychainError> {
        if self.failing.lock().unwrap().contains(name) {
            return Err(KeychainError {
                problem: KeychainProblem::Locked,
                message: "The password store is locked.".into(),
                fix: "Unlock it.".into(),
                detail: format!("test failure on {name}"),
            });
        }
        Ok(())
    }
}

impl SecretStore for MemorySecrets {
    async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        self.check(name)?;
        Ok(self.value(name).map(Secret::new))
    }

    async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        self.check(name)?;
        self.put(name, value.expose());
        Ok(())
    }

    async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        self.check(name)?;
        self.entries.lock().unwrap().remove(name);
        Ok(())
    }
}

fn production_profile(name: &str) -> Profile {
    Profile {
        name: name.parse_name(),
        environment: Environment::Production,
        aerial_service: Environment::Production.default_service().unwrap(),
        account_id: desk::profiles::AccountId::parse("0227mkkf8ulgt48bkidcd8ekqft").unwrap(),
        aerial_org: OrgAddress::parse(Environment::Production, "acme-aerial.okta.com").unwrap(),
        client_id: desk::profiles::ClientId::parse("0oa1b2c3d4E5f6G7h8i9").unwrap(),
        key_id: desk::profiles::KeyId::parse("kid-1").unwrap(),
        dpop: true,
        parent_orgs: vec![
            ParentOrg {
                org: OrgAddress::parse(Environment::Production, "acme-eu.okta.com").unwrap(),
                auth: ParentAuth::ApiToken,
            },
            ParentOrg {
                org: OrgAddress::parse(Environment::Production, "acme-us.okta.com").unwrap(),
                auth: ParentAuth::OAuth {
                    client_id: desk::profiles::ClientId::parse("0oaParent1").unwrap(),
                    key_id: desk::profiles::KeyId::parse("parent-kid").unwrap(),
                },
            },
        ],
    }
}

trait ParseName {
    fn parse_name(&self) -> desk::profiles::ProfileName;
}

impl ParseName for str {
    fn parse_name(&self) -> desk::profiles::ProfileName {
        desk::profiles::ProfileName::parse(self).unwrap()
    }
}

fn store_in(folder: &Path) -> ProfileStore {
    ProfileStore::open(folder).expect("store opens")
}

/// Stores a value under every entry name the profile may use.
fn fill_secrets(secrets: &MemorySecrets, profile: &Profile) {
    for entry in profile.secret_entries() {
        secrets.put(&entry, entry.as_bytes());
    }
}

#[test]
fn missing_file_reads_as_no_profiles() {
    let folder = tempfile::tempdir().unwrap();

    let store = store_in(&folder.path().join("not-yet-created"));

    assert!(store.list().unwrap().is_empty());
    assert!(store.active().unwrap().is_none());
}

#[test]
fn added_profile_round_trips_and_becomes_active() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let profile = production_profile("Acme production");

    store.add(profile.clone()).unwrap();
    let reopened = store_in(folder.path());

    assert_eq!(reopened.list().unwrap(), vec![profile.clone()]);
    assert_eq!(
        reopened.get("acme PRODUCTION").unwrap(),
        profile,
        "lookup ignores case"
    );
    assert_eq!(
        reopened.active().unwrap(),
        Some(profile),
        "the first profile is active"
    );
}

#[test]
fn file_is_versioned_json_without_secrets() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    store.add(production_profile("Acme")).unwrap();

    let text = fs::read_to_string(store.path()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();

    assert_eq!(json["version"], 1);
    assert_eq!(json["active"], "Acme");
    assert_eq!(json["profiles"][0]["aerialOrg"], "acme-aerial.okta.com");
    assert_eq!(
        json["profiles"][0]["parentOrgs"][0]["auth"]["kind"],
        "apiToken"
    );
    assert_eq!(
        json["profiles"][0]["parentOrgs"][1]["auth"]["clientId"],
        "0oaParent1"
    );
    for word in ["token\"", "private", "BEGIN"] {
        assert!(
            !text.contains(word),
            "the file must hold no secret, found {word}"
        );
    }
}

#[test]
fn second_profile_does_not_change_the_active_one() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());

    store.add(production_profile("Acme")).unwrap();
    store.add(production_profile("Globex")).unwrap();
    let active_before = store.active().unwrap().unwrap().name;
    store.set_active("globex").unwrap();

    assert_eq!(active_before.as_str(), "Acme");
    assert_eq!(store.active().unwrap().unwrap().name.as_str(), "Globex");
}

#[test]
fn names_differing_only_in_case_are_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    store.add(production_profile("Acme")).unwrap();

    let error = store.add(production_profile("ACME")).unwrap_err();

    assert!(
        matches!(error, ProfileError::AlreadyExists { .. }),
        "{error}"
    );
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn unknown_profile_is_not_found() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());

    let error = store.set_active("nobody").unwrap_err();

    assert_eq!(
        error.to_string(),
        "No profile is named \"nobody\". Check the name with the list of profiles."
    );
}

#[test]
fn production_profile_with_a_url_org_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let mut profile = production_profile("Acme");
    profile.aerial_org = OrgAddress::parse(Environment::Custom, "http://127.0.0.1:4010").unwrap();

    let error = store.add(profile).unwrap_err();

    assert!(matches!(error, ProfileError::Mismatch { .. }), "{error}");
    assert!(
        error.to_string().contains("http://127.0.0.1:4010"),
        "{error}"
    );
}

#[test]
fn custom_profile_accepts_loopback_urls() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let mut profile = production_profile("Local sim");
    profile.environment = Environment::Custom;
    profile.aerial_service = desk::profiles::BaseUrl::parse("http://127.0.0.1:4010").unwrap();
    profile.aerial_org =
        OrgAddress::parse(Environment::Custom, "http://acme-aerial.sim.localhost:4010").unwrap();
    profile.parent_orgs = vec![ParentOrg {
        org: OrgAddress::parse(Environment::Custom, "http://parent.sim.localhost:4010").unwrap(),
        auth: ParentAuth::ApiToken,
    }];

    store.add(profile.clone()).unwrap();

    assert_eq!(store.get("local sim").unwrap(), profile);
    assert_eq!(
        profile.secret_entry(&SecretKind::ParentApiToken(
            profile.parent_orgs[0].org.clone()
        )),
        "profile/local sim/parent/parent.sim.localhost:4010/api-token"
    );
}

#[test]
fn duplicate_parent_org_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let mut profile = production_profile("Acme");
    profile.parent_orgs.push(profile.parent_orgs[0].clone());

    let error = store.add(profile).unwrap_err();

    assert!(
        error
            .to_string()
            .contains("acme-eu.okta.com is listed twice"),
        "{error}"
    );
}

#[test]
fn keychain_entry_names_follow_the_documented_scheme() {
    let profile = production_profile("Acme Production");

    assert_eq!(
        profile.secret_entries(),
        vec![
            "profile/acme production/private-key",
            "profile/acme production/dpop-key",
            "profile/acme production/parent/acme-eu.okta.com/api-token",
            "profile/acme production/parent/acme-eu.okta.com/private-key",
            "profile/acme production/parent/acme-us.okta.com/api-token",
            "profile/acme production/parent/acme-us.okta.com/private-key",
        ]
    );
}

/// Writes `contents` as the profile file and checks that opening, reading and every change fail
/// with a damaged-file error while the bytes stay as they were.
fn assert_corrupt_file_is_kept(contents: &str, expected_reason: &str) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(desk::profiles::FILE_NAME);
    fs::write(&path, contents).unwrap();

    let open_error = ProfileStore::open(folder.path()).unwrap_err();
    let message = open_error.to_string();
    assert!(
        matches!(open_error, ProfileError::Corrupt { .. }),
        "{message}"
    );
    assert!(
        message.contains(&path.display().to_string()),
        "names the file: {message}"
    );
    assert!(
        message.contains(expected_reason),
        "says {expected_reason:?}: {message}"
    );

    let damaged = store_over_damaged_file(folder.path());
    assert!(damaged.list().is_err(), "reading fails too");
    assert!(
        damaged.add(production_profile("New")).is_err(),
        "adding is refused"
    );
    assert!(damaged.set_active("New").is_err(), "switching is refused");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        contents,
        "the damaged file is kept as it was"
    );
    assert_eq!(
        fs::read_dir(folder.path())
            .unwrap()
            .filter(|entry| {
                entry
                    .as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".tmp")
            })
            .count(),
        0,
        "no temporary file is left"
    );
}

/// Opens a store on `folder` as if its file was damaged after the store opened it, as when
/// someone edits the file by hand while the app runs.
fn store_over_damaged_file(folder: &Path) -> ProfileStore {
    let path = folder.join(desk::profiles::FILE_NAME);
    let contents = fs::read(&path).unwrap();
    fs::remove_file(&path).unwrap();
    let store = store_in(folder);
    fs::write(&path, contents).unwrap();
    store
}

#[test]
fn corrupt_files_are_reported_and_kept() {
    let valid = serde_json::json!({"version": 1, "profiles": [serde_json::to_value(production_profile("Acme")).unwrap()]});
    let mut bad_domain = valid.clone();
    bad_domain["profiles"][0]["aerialOrg"] = "https://acme-aerial.okta.com/admin".into();
    let mut duplicate = valid.clone();
    duplicate["profiles"]
        .as_array_mut()
        .unwrap()
        .push(valid["profiles"][0].clone());
    let mut unknown_field = valid.clone();
    unknown_field["profiles"][0]["clientSecret"] = "x".into();

    let cases = [
        ("", "the file is empty".to_owned()),
        (
            "{\"version\": 1, \"profiles\": [",
            "it is not valid JSON".to_owned(),
        ),
        ("[1, 2]", "the top level is not a JSON object".to_owned()),
        (
            "{\"profiles\": []}",
            "it has no \"version\" field".to_owned(),
        ),
        (
            "{\"version\": \"one\"}",
            "\"version\" is \"one\"".to_owned(),
        ),
        ("{\"version\": 0}", "\"version\" is 0".to_owned()),
        (
            &bad_domain.to_string(),
            "the field profiles[0].aerialOrg is invalid".to_owned(),
        ),
        (&duplicate.to_string(), "appears twice".to_owned()),
        (&unknown_field.to_string(), "clientSecret".to_owned()),
        (
            "{\"version\": 1, \"active\": \"Nobody\", \"profiles\": []}",
            "the active profile \"Nobody\" is not in the list".to_owned(),
        ),
    ];
    for (contents, reason) in cases {
        assert_corrupt_file_is_kept(contents, &reason);
    }
}

#[test]
fn newer_file_version_is_kept() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(desk::profiles::FILE_NAME);
    let contents = "{\"version\": 2, \"profiles\": [], \"groups\": []}";
    fs::write(&path, contents).unwrap();

    let error = ProfileStore::open(folder.path()).unwrap_err();

    assert!(
        matches!(
            error,
            ProfileError::NewerVersion {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("Update Aerial Desk"), "{error}");
    let damaged = store_over_damaged_file(folder.path());
    assert!(damaged.add(production_profile("Acme")).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), contents);
}

#[test]
fn writes_leave_no_temporary_files() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());

    for index in 0..5 {
        store
            .add(production_profile(&format!("Profile {index}")))
            .unwrap();
    }

    let mut names: Vec<String> = fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["profiles.json", "profiles.lock"]);
}

#[test]
fn concurrent_adds_keep_every_profile() {
    let folder = tempfile::tempdir().unwrap();
    let threads: Vec<_> = (0..8)
        .map(|index| {
            let store = store_in(folder.path());
            std::thread::spawn(move || store.add(production_profile(&format!("Profile {index}"))))
        })
        .collect();

    for thread in threads {
        thread.join().unwrap().expect("add succeeds");
    }

    assert_eq!(
        store_in(folder.path()).list().unwrap().len(),
        8,
        "no change was lost"
    );
}

#[tokio::test]
async fn removing_a_profile_deletes_its_keychain_entries() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    let acme = production_profile("Acme");
    let globex = production_profile("Globex");
    store.add(acme.clone()).unwrap();
    store.add(globex.clone()).unwrap();
    fill_secrets(&secrets, &acme);
    fill_secrets(&secrets, &globex);

    store.remove("ACME", &secrets).await.unwrap();

    assert_eq!(
        secrets.names(),
        {
            let mut expected = globex.secret_entries();
            expected.sort();
            expected
        },
        "only the other profile's entries remain"
    );
    assert_eq!(store.list().unwrap(), vec![globex]);
    assert!(
        store.active().unwrap().is_none(),
        "the removed profile was the active one"
    );
}

#[tokio::test]
async fn keychain_failure_keeps_the_profile() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    let acme = production_profile("Acme");
    store.add(acme.clone()).unwrap();
    fill_secrets(&secrets, &acme);
    secrets.fail_on("profile/acme/dpop-key");

    let error = store.remove("Acme", &secrets).await.unwrap_err();

    assert!(matches!(error, ProfileError::Keychain { .. }), "{error}");
    assert!(
        error.to_string().contains("The password store is locked."),
        "{error}"
    );
    assert_eq!(
        store.list().unwrap(),
        vec![acme],
        "the profile stays so removal can be retried"
    );
}

#[tokio::test]
async fn rename_moves_keychain_entries() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    let acme = production_profile("Acme");
    store.add(acme.clone()).unwrap();
    secrets.put("profile/acme/private-key", b"client key");
    secrets.put(
        "profile/acme/parent/acme-eu.okta.com/api-token",
        b"org token",
    );

    store.rename("acme", "Acme EU", &secrets).await.unwrap();

    assert_eq!(
        secrets.names(),
        vec![
            "profile/acme eu/parent/acme-eu.okta.com/api-token",
            "profile/acme eu/private-key"
        ]
    );
    assert_eq!(
        secrets.value("profile/acme eu/private-key").unwrap(),
        b"client key"
    );
    assert_eq!(
        store.active().unwrap().unwrap().name.as_str(),
        "Acme EU",
        "the active profile follows"
    );
    assert!(matches!(
        store.get("Acme"),
        Err(ProfileError::NotFound { .. })
    ));
}

#[tokio::test]
async fn rename_changing_only_case_keeps_entries() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    store.add(production_profile("acme")).unwrap();
    secrets.put("profile/acme/private-key", b"client key");

    store.rename("acme", "ACME", &secrets).await.unwrap();

    assert_eq!(secrets.names(), vec!["profile/acme/private-key"]);
    assert_eq!(store.list().unwrap()[0].name.as_str(), "ACME");
}

#[tokio::test]
async fn rename_to_a_taken_name_is_refused() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    store.add(production_profile("Acme")).unwrap();
    store.add(production_profile("Globex")).unwrap();
    secrets.put("profile/acme/private-key", b"client key");

    let error = store.rename("Acme", "globex", &secrets).await.unwrap_err();

    assert!(
        matches!(error, ProfileError::AlreadyExists { .. }),
        "{error}"
    );
    assert_eq!(
        secrets.names(),
        vec!["profile/acme/private-key"],
        "nothing was copied"
    );
}

#[tokio::test]
async fn failed_rename_deletes_partial_copies() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    store.add(production_profile("Acme")).unwrap();
    secrets.put("profile/acme/private-key", b"client key");
    secrets.put("profile/acme/dpop-key", b"dpop key");
    secrets.fail_on("profile/globex/dpop-key");

    let error = store.rename("Acme", "Globex", &secrets).await.unwrap_err();

    assert!(matches!(error, ProfileError::Keychain { .. }), "{error}");
    assert_eq!(
        secrets.names(),
        vec!["profile/acme/dpop-key", "profile/acme/private-key"]
    );
    assert_eq!(
        store.list().unwrap()[0].name.as_str(),
        "Acme",
        "the profile keeps its name"
    );
}

#[tokio::test]
async fn rename_reports_old_entries_it_could_not_delete() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    store.add(production_profile("Acme")).unwrap();
    secrets.put("profile/acme/private-key", b"client key");
    secrets.put("profile/acme/dpop-key", b"dpop key");

    let failing = FailOnDelete {
        inner: &secrets,
        name: "profile/acme/dpop-key",
    };
    let error = store.rename("Acme", "Globex", &failing).await.unwrap_err();

    assert!(
        matches!(&error, ProfileError::SecretsLeft { entries, .. } if entries == &vec!["profile/acme/dpop-key".to_owned()]),
        "{error}"
    );
    assert_eq!(
        store.list().unwrap()[0].name.as_str(),
        "Globex",
        "the rename itself is saved"
    );
}

/// A secret store whose delete fails for one name.
struct FailOnDelete<'a> {
    inner: &'a MemorySecrets,
    name: &'static str,
}

impl SecretStore for FailOnDelete<'_> {
    async fn get(&self, name: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        self.inner.get(name).await
    }

    async fn set(&self, name: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        self.inner.set(name, value).await
    }

    async fn delete(&self, name: &str) -> Result<(), KeychainError> {
        if name == self.name {
            self.inner.fail_on(name);
        }
        self.inner.delete(name).await
    }
}

#[tokio::test]
async fn update_deletes_entries_of_dropped_parent_orgs() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    let acme = production_profile("Acme");
    store.add(acme.clone()).unwrap();
    fill_secrets(&secrets, &acme);
    let mut changed = acme.clone();
    changed.parent_orgs.truncate(1);
    changed.dpop = false;

    store.update(changed.clone(), &secrets).await.unwrap();

    assert_eq!(store.get("Acme").unwrap(), changed);
    let names = secrets.names();
    assert!(
        !names.iter().any(|name| name.contains("acme-us.okta.com")),
        "{names:?}"
    );
    assert!(
        names.iter().any(|name| name.contains("acme-eu.okta.com")),
        "{names:?}"
    );
}

#[tokio::test]
async fn rename_clears_stale_entries_under_the_new_name() {
    let folder = tempfile::tempdir().unwrap();
    let store = store_in(folder.path());
    let secrets = MemorySecrets::default();
    store.add(production_profile("Acme")).unwrap();
    secrets.put("profile/acme/private-key", b"acme key");
    secrets.put(
        "profile/globex/dpop-key",
        b"left over from a removed Globex",
    );

    store.rename("Acme", "Globex", &secrets).await.unwrap();

    assert_eq!(secrets.names(), vec!["profile/globex/private-key"]);
}

#[test]
fn damaged_file_can_be_set_aside() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(desk::profiles::FILE_NAME);
    fs::write(&path, "{ not json").unwrap();

    let aside = ProfileStore::set_aside_damaged_file(folder.path()).unwrap();
    let store = store_in(folder.path());
    store.add(production_profile("Acme")).unwrap();

    assert_eq!(
        fs::read_to_string(&aside).unwrap(),
        "{ not json",
        "the old bytes are kept"
    );
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("profiles.json.damaged-"),
        "{aside:?}"
    );
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn healthy_or_newer_file_is_not_set_aside() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(desk::profiles::FILE_NAME);

    let missing = ProfileStore::set_aside_damaged_file(folder.path()).unwrap_err();
    fs::write(&path, "{\"version\": 9}").unwrap();
    let newer = ProfileStore::set_aside_damaged_file(folder.path()).unwrap_err();

    assert!(
        matches!(missing, ProfileError::NotDamaged { .. }),
        "{missing}"
    );
    assert!(
        matches!(newer, ProfileError::NewerVersion { .. }),
        "{newer}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "{\"version\": 9}");
}
