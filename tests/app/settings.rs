//! Settings over IPC on the mock runtime: editing DPoP and a custom profile's service, the parent
//! orgs of a profile, and the demo profile's rules. Only the last test reaches the keychain. The
//! others stop at a check that runs first, or change nothing the keychain stores.

use desk::profiles::{
    AccountId, BaseUrl, ClientId, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile,
    ProfileName,
};
use serde_json::{Value, json};

use crate::ipc::{TempFolder, app_in_folder, invoke};

fn profile(name: &str, environment: Environment) -> Profile {
    let (service, org) = match environment {
        Environment::Demo | Environment::Custom => (
            "http://aerial.sim.localhost:4010",
            "http://northwind-aerial.sim.localhost:4010",
        ),
        Environment::Production | Environment::Sandbox => {
            ("https://aerial-apac.okta.com", "acme-aerial.okta.com")
        }
    };
    Profile {
        name: ProfileName::parse(name).unwrap(),
        environment,
        aerial_service: BaseUrl::parse(service).unwrap(),
        account_id: AccountId::parse("acc1acme1234567890").unwrap(),
        aerial_org: OrgAddress::parse(environment, org).unwrap(),
        client_id: ClientId::parse("0oaacme1234567890abc").unwrap(),
        key_id: KeyId::parse("acme-key-1").unwrap(),
        dpop: false,
        parent_orgs: Vec::new(),
    }
}

fn save(folder: &TempFolder, profile: Profile) {
    let store = desk::ProfileStore::open(folder.0.join("config")).unwrap();
    store.add(profile).unwrap();
}

fn stored(folder: &TempFolder, name: &str) -> Profile {
    let store = desk::ProfileStore::open(folder.0.join("config")).unwrap();
    store.get(name).unwrap()
}

fn edit_for(window: &tauri::WebviewWindow<tauri::test::MockRuntime>, name: &str) -> Value {
    invoke(window, "profile_for_edit", json!({ "name": name })).expect("the profile is read")
}

#[test]
fn edit_turns_dpop_on_and_off() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));
    let mut edit = edit_for(&window, "Acme");
    assert_eq!(edit["dpop"], false);

    edit["dpop"] = true.into();
    invoke(
        &window,
        "edit_profile",
        json!({ "name": "Acme", "edit": edit }),
    )
    .expect("DPoP on is saved");
    assert!(stored(&folder, "Acme").dpop);

    edit["dpop"] = false.into();
    invoke(
        &window,
        "edit_profile",
        json!({ "name": "Acme", "edit": edit }),
    )
    .expect("DPoP off is saved");
    assert!(!stored(&folder, "Acme").dpop);
}

#[test]
fn production_edit_has_no_service_url() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));

    let edit = edit_for(&window, "Acme");

    assert_eq!(edit["serviceUrl"], Value::Null);
}

#[test]
fn production_service_cannot_be_changed() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));
    let mut edit = edit_for(&window, "Acme");

    edit["serviceUrl"] = "https://aerial-elsewhere.example.com".into();
    let error = invoke(
        &window,
        "edit_profile",
        json!({ "name": "Acme", "edit": edit }),
    )
    .expect_err("a production profile keeps its service");

    assert_eq!(error["code"], "invalid_value");
    assert_eq!(
        stored(&folder, "Acme").aerial_service.as_str(),
        "https://aerial-apac.okta.com"
    );
}

#[test]
fn custom_service_url_is_saved_normalized() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Lab", Environment::Custom));
    let mut edit = edit_for(&window, "Lab");
    assert_eq!(edit["serviceUrl"], "http://aerial.sim.localhost:4010");

    edit["serviceUrl"] = " HTTP://Aerial.Sim.Localhost:4020/ ".into();
    invoke(
        &window,
        "edit_profile",
        json!({ "name": "Lab", "edit": edit }),
    )
    .expect("the new service is saved");

    assert_eq!(
        stored(&folder, "Lab").aerial_service.as_str(),
        "http://aerial.sim.localhost:4020"
    );
}

#[test]
fn custom_service_url_with_path_is_rejected() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Lab", Environment::Custom));
    let mut edit = edit_for(&window, "Lab");

    edit["serviceUrl"] = "http://aerial.sim.localhost:4020/api".into();
    let error = invoke(
        &window,
        "edit_profile",
        json!({ "name": "Lab", "edit": edit }),
    )
    .expect_err("a path is rejected as in the connect wizard");

    assert_eq!(error["code"], "profile");
    assert_eq!(
        stored(&folder, "Lab").aerial_service.as_str(),
        "http://aerial.sim.localhost:4010"
    );
}

#[test]
fn parent_orgs_show_credential_kind_only() {
    let (_app, window, folder) = app_in_folder();
    let mut acme = profile("Acme", Environment::Production);
    acme.parent_orgs = vec![
        ParentOrg {
            org: OrgAddress::parse(Environment::Production, "acme-eu.okta.com").unwrap(),
            auth: ParentAuth::ApiToken,
        },
        ParentOrg {
            org: OrgAddress::parse(Environment::Production, "acme-us.okta.com").unwrap(),
            auth: ParentAuth::OAuth {
                client_id: ClientId::parse("0oaparent123456789ab").unwrap(),
                key_id: KeyId::parse("parent-key").unwrap(),
            },
        },
    ];
    save(&folder, acme);

    let parents = invoke(&window, "profile_parent_orgs", json!({ "name": "Acme" }))
        .expect("the parent orgs are listed");

    assert_eq!(
        parents,
        json!([
            { "address": "acme-eu.okta.com", "domain": "acme-eu.okta.com", "credential": "apiToken", "clientId": null, "managedByApp": false },
            { "address": "acme-us.okta.com", "domain": "acme-us.okta.com", "credential": "oauth", "clientId": "0oaparent123456789ab", "managedByApp": false },
        ])
    );
}

#[test]
fn parent_address_check_follows_environment() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));
    save(&folder, profile("Lab", Environment::Custom));

    let domain = invoke(
        &window,
        "check_parent_address",
        json!({ "name": "Acme", "value": "Acme-EU.okta.com" }),
    )
    .unwrap();
    let url_in_production = invoke(
        &window,
        "check_parent_address",
        json!({ "name": "Acme", "value": "https://acme-eu.okta.com" }),
    )
    .unwrap();
    let url_in_custom = invoke(
        &window,
        "check_parent_address",
        json!({ "name": "Lab", "value": "http://parent.sim.localhost:4010" }),
    )
    .unwrap();

    assert_eq!(
        domain,
        json!({ "value": "acme-eu.okta.com", "problem": null })
    );
    assert!(
        url_in_production["problem"].is_string(),
        "{url_in_production}"
    );
    assert_eq!(url_in_custom["problem"], Value::Null);
}

#[test]
fn parent_with_empty_token_is_rejected() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));

    let error = invoke(
        &window,
        "add_profile_parent",
        json!({ "name": "Acme", "parent": { "address": "acme-eu.okta.com", "credential": { "kind": "apiToken", "token": "  " } } }),
    )
    .expect_err("an empty token is rejected before the keychain is used");

    assert_eq!(error["code"], "invalid_value");
    assert!(stored(&folder, "Acme").parent_orgs.is_empty());
}

#[test]
fn unlisted_parent_cannot_be_removed() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Acme", Environment::Production));

    let error = invoke(
        &window,
        "remove_profile_parent",
        json!({ "name": "Acme", "address": "acme-eu.okta.com" }),
    )
    .expect_err("the org is not a parent of Acme");

    assert_eq!(error["code"], "parent_not_found");
}

#[test]
fn demo_parent_is_managed_by_the_app() {
    let (_app, window, folder) = app_in_folder();
    let mut demo = profile("Demo", Environment::Demo);
    let address = format!("http://{}:4010", desk::demo::DEMO_PARENT_ORG);
    demo.parent_orgs = vec![ParentOrg {
        org: OrgAddress::parse(Environment::Demo, &address).unwrap(),
        auth: ParentAuth::ApiToken,
    }];
    save(&folder, demo);

    let parents = invoke(&window, "profile_parent_orgs", json!({ "name": "Demo" })).unwrap();
    let error = invoke(
        &window,
        "remove_profile_parent",
        json!({ "name": "Demo", "address": address }),
    )
    .expect_err("the demo's parent org stays");

    assert_eq!(parents[0]["managedByApp"], true);
    assert_eq!(error["code"], "demo_managed");
    assert_eq!(stored(&folder, "Demo").parent_orgs.len(), 1);
}

#[test]
fn demo_profile_keeps_its_name() {
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Demo", Environment::Demo));

    let error = invoke(
        &window,
        "rename_profile",
        json!({ "name": "Demo", "newName": "Practice" }),
    )
    .expect_err("the demo profile is found by its name");

    assert_eq!(error["code"], "demo_managed");
    assert_eq!(stored(&folder, "Demo").name.as_str(), "Demo");
}

#[test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
fn parent_token_is_deleted_on_removal() {
    assert_eq!(
        std::env::var("AERIAL_DESK_KEYCHAIN_ENV").as_deref(),
        Ok("available")
    );
    let (_app, window, folder) = app_in_folder();
    save(&folder, profile("Settings Parent", Environment::Production));
    let keychain = desk::Keychain::for_this_build();
    let entry = "profile/settings parent/parent/acme-eu.okta.com/api-token";
    let read = |name: &str| {
        tauri::async_runtime::block_on(keychain.get(name))
            .expect("the keychain is readable")
            .map(|secret| secret.expose().clone())
    };

    let added = invoke(
        &window,
        "add_profile_parent",
        json!({ "name": "Settings Parent", "parent": { "address": "acme-eu.okta.com", "credential": { "kind": "apiToken", "token": "00settings-token" } } }),
    )
    .expect("the parent org is added");
    assert_eq!(added[0]["credential"], "apiToken");
    assert!(
        !added.to_string().contains("00settings-token"),
        "the token never comes back over IPC: {added}"
    );
    assert_eq!(read(entry), Some(b"00settings-token".to_vec()));

    let removed = invoke(
        &window,
        "remove_profile_parent",
        json!({ "name": "Settings Parent", "address": "acme-eu.okta.com" }),
    )
    .expect("the parent org is removed");

    assert_eq!(removed, json!([]));
    assert_eq!(read(entry), None, "the token is deleted from the keychain");
}
