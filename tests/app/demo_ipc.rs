//! The demo path through IPC on the mock runtime, with the real keychain: Try the demo, the orgs,
//! an org's products and status, and the history. Ignored by default because it needs an
//! unlocked Secret Service; scripts/test.sh runs it inside a private gnome-keyring.

use serde_json::{Value, json};

use crate::ipc::{app_in_folder, invoke};

/// A managed demo org that starts active without IT Products - MFA.
const ORG_NAME: &str = "Northwind People";
const MFA: &str = "P000131";

fn ok(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    command: &str,
    body: Value,
) -> Value {
    invoke(window, command, body).unwrap_or_else(|error| panic!("{command} failed: {error}"))
}

#[test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
fn demo_path_changes_an_org_and_records_it() {
    assert_eq!(
        std::env::var("AERIAL_DESK_KEYCHAIN_ENV").as_deref(),
        Ok("available")
    );
    let (_app, window, _folder) = app_in_folder();

    let opened = ok(
        &window,
        "try_the_demo",
        json!({ "onProgress": "__CHANNEL__:2" }),
    );
    assert_eq!(opened["profile"]["name"], "Demo");
    assert_eq!(opened["profile"]["environment"], "demo");

    let orgs = ok(
        &window,
        "list_orgs",
        json!({ "onProgress": "__CHANNEL__:1" }),
    );
    let orgs = orgs.as_array().expect("a list of orgs");
    let org = orgs
        .iter()
        .find(|org| org["name"] == ORG_NAME)
        .expect("the demo lists Northwind People");
    let org_id = org["id"].as_str().unwrap().to_owned();
    assert!(orgs.iter().any(|org| org["aerialOrg"] == true), "{orgs:?}");

    let detail = ok(&window, "org_detail", json!({ "orgId": org_id }));
    assert_eq!(detail["org"]["status"], "ACTIVE");
    assert!(!product_ids(&detail["products"]).contains(&MFA.to_owned()));

    let plan = ok(
        &window,
        "plan_products",
        json!({ "orgId": org_id, "enable": [MFA], "disable": [] }),
    );
    assert_eq!(product_ids(&plan["enable"]), vec![MFA.to_owned()]);
    assert!(!plan["keep"].as_array().unwrap().is_empty(), "{plan}");
    let applied = ok(&window, "apply_products", json!({ "orgId": org_id }));
    assert!(product_ids(&applied["after"]).contains(&MFA.to_owned()));

    let wrong_name = invoke(
        &window,
        "set_org_status",
        json!({ "orgId": org_id, "active": false, "typedName": "northwind people" }),
    )
    .expect_err("a name typed in the wrong case is rejected");
    assert_eq!(wrong_name["code"], "refused");
    let deactivated = ok(
        &window,
        "set_org_status",
        json!({ "orgId": org_id, "active": false, "typedName": ORG_NAME }),
    );
    assert_eq!(deactivated["status"], "INACTIVE");
    let activated = ok(
        &window,
        "set_org_status",
        json!({ "orgId": org_id, "active": true, "typedName": null }),
    );
    assert_eq!(activated["status"], "ACTIVE");

    let history = ok(&window, "history", json!({ "filter": { "org": org_id } }));
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["status", "status", "products"]);

    let diagnostics = ok(&window, "diagnostics", json!({}));
    let text = diagnostics.as_str().unwrap();
    assert!(text.contains("Keychain: ready"), "{text}");
    assert!(
        text.contains("refused"),
        "the rejected name is a recent error: {text}"
    );
    let client_id = opened["profile"]["clientId"].as_str().unwrap();
    assert!(
        !text.contains(client_id),
        "diagnostics leave out the client ID: {text}"
    );

    // One test, because every demo profile uses the same keychain entry names.
    let aerial = orgs
        .iter()
        .find(|org| org["aerialOrg"] == true)
        .expect("the demo has an Aerial org");
    let refused = invoke(
        &window,
        "set_org_status",
        json!({ "orgId": aerial["id"], "active": false, "typedName": aerial["name"] }),
    )
    .expect_err("the Aerial org is never deactivated");
    assert_eq!(refused["code"], "refused");
    let detail = ok(&window, "org_detail", json!({ "orgId": aerial["id"] }));
    assert_eq!(detail["org"]["status"], "ACTIVE");

    connect_a_practice_profile_in_the_demo(&window);
    rename_the_open_demo_profile(&window);
}

/// Checks that renaming the open Demo profile is rejected without a second Demo profile. The app
/// finds the demo by that name.
fn rename_the_open_demo_profile(window: &tauri::WebviewWindow<tauri::test::MockRuntime>) {
    ok(window, "switch_profile", json!({ "name": "Demo" }));

    let rejected = invoke(
        window,
        "rename_profile",
        json!({ "name": "Demo", "newName": "Northwind practice" }),
    )
    .expect_err("the Demo profile keeps its name");
    let list = ok(window, "list_profiles", json!({}));

    assert_eq!(rejected["code"], "demo_managed");
    assert_eq!(profile_names(&list), vec!["Demo"]);
    assert_eq!(list["active"], "Demo");
}

/// Runs the connect wizard in the demo environment: a new key, the app registered by the demo, the
/// connection test, and a saved profile that opens, lists the orgs and is removed again.
fn connect_a_practice_profile_in_the_demo(window: &tauri::WebviewWindow<tauri::test::MockRuntime>) {
    let name = "Demo practice";
    ok(
        window,
        "generate_connect_key",
        json!({ "profileName": name, "choice": "es256" }),
    );
    let client_id = ok(
        window,
        "register_demo_client",
        json!({ "profileName": name }),
    );
    let defaults = ok(window, "connect_demo_defaults", json!({}));
    let draft = json!({
        "profileName": name,
        "environment": "demo",
        "serviceUrl": null,
        "aerialOrg": defaults["aerialOrg"],
        "accountId": defaults["accountId"],
        "clientId": client_id,
        "dpop": false,
    });
    let report = ok(window, "test_connect_draft", json!({ "draft": draft }));
    assert!(report["failure"].is_null(), "{report}");

    let saved = ok(window, "save_connect_profile", json!({ "draft": draft }));
    assert_eq!(saved["profile"]["name"], name);
    assert_eq!(saved["profile"]["environment"], "demo");
    assert_eq!(saved["profile"]["clientId"], client_id);
    let orgs = ok(
        window,
        "list_orgs",
        json!({ "onProgress": "__CHANNEL__:3" }),
    );
    assert!(
        orgs.as_array()
            .unwrap()
            .iter()
            .any(|org| org["name"] == ORG_NAME),
        "the practice profile lists the demo orgs: {orgs}"
    );

    let back = ok(window, "switch_profile", json!({ "name": "Demo" }));
    assert_eq!(back["profile"]["name"], "Demo");
    let reopened = ok(window, "switch_profile", json!({ "name": name }));
    assert_eq!(reopened["profile"]["clientId"], client_id);
    let remaining = ok(window, "remove_profile", json!({ "name": name }));
    assert_eq!(profile_names(&remaining), vec!["Demo"]);
}

/// Returns the names in a `ProfileList`, in its order.
fn profile_names(list: &Value) -> Vec<&str> {
    list["profiles"]
        .as_array()
        .map(|profiles| {
            profiles
                .iter()
                .filter_map(|profile| profile["name"].as_str())
                .collect()
        })
        .unwrap_or_default()
}

fn product_ids(list: &Value) -> Vec<String> {
    list.as_array()
        .map(|products| {
            products
                .iter()
                .filter_map(|product| product["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
