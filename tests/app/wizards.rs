//! The connect, link and create-org wizards' commands over IPC on the mock runtime. None of these
//! reaches the keychain or the network: each stops at a check that runs first.

use serde_json::json;

use crate::ipc::{app_in_folder, invoke};

#[test]
fn connect_input_rejects_domain_with_scheme() {
    let (_app, window, _folder) = app_in_folder();

    let check = invoke(
        &window,
        "check_connect_input",
        json!({ "field": "aerialOrg", "environment": "production", "value": "https://acme.okta.com" }),
    )
    .expect("the check always returns a result");

    let problem = check["problem"].as_str().expect("a scheme is a problem");
    assert!(problem.contains("remove the scheme"), "{problem}");
}

#[test]
fn connect_input_normalizes_valid_domain() {
    let (_app, window, _folder) = app_in_folder();

    let check = invoke(
        &window,
        "check_connect_input",
        json!({ "field": "aerialOrg", "environment": "sandbox", "value": "Acme-Aerial.Okta.com" }),
    )
    .expect("the check always returns a result");

    assert_eq!(
        check,
        json!({ "value": "acme-aerial.okta.com", "problem": null })
    );
}

#[test]
fn key_generation_rejects_invalid_profile_name() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "generate_connect_key",
        json!({ "profileName": "../acme", "choice": "es256" }),
    )
    .expect_err("an invalid name is rejected before the keychain is used");

    assert_eq!(error["code"], "invalid_value");
}

#[test]
fn pasted_text_without_pem_block_is_rejected() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "import_connect_key_text",
        json!({ "profileName": "Acme", "pem": "not a key", "passphrase": null }),
    )
    .expect_err("text without a PEM block is rejected before the keychain is used");

    assert_eq!(error["code"], "key_invalid");
    let message = error["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("No PEM block"), "{message}");
}

#[test]
fn demo_defaults_are_absent_without_demo_profile() {
    let (_app, window, _folder) = app_in_folder();

    let defaults =
        invoke(&window, "connect_demo_defaults", json!({})).expect("reading the defaults succeeds");

    assert_eq!(defaults, serde_json::Value::Null);
}

#[test]
fn link_intro_warns_that_linking_is_final() {
    let (_app, window, _folder) = app_in_folder();

    let intro = invoke(&window, "link_wizard_intro", json!({})).expect("the intro is static");

    assert!(
        intro["warning"]
            .as_str()
            .unwrap_or_default()
            .contains("cannot be undone")
    );
    assert!(
        intro["consent"]
            .as_str()
            .unwrap_or_default()
            .contains("consent")
    );
}

#[test]
fn link_input_rejects_cell_with_space() {
    let (_app, window, _folder) = app_in_folder();

    let check = invoke(
        &window,
        "check_link_input",
        json!({ "field": "cell", "value": "ok 1" }),
    )
    .expect("the check always returns a result");

    assert!(check["problem"].is_string(), "{check}");
}

#[test]
fn link_without_profile_is_refused() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "link_org",
        json!({ "request": { "by": "domain", "org": "acme-eu.okta.com", "cell": "ok1" } }),
    )
    .expect_err("no profile is open");

    assert_eq!(error["code"], "no_active_profile");
}

#[test]
fn new_org_input_rejects_58_character_subdomain() {
    let (_app, window, _folder) = app_in_folder();

    let check = invoke(
        &window,
        "check_new_org_input",
        json!({ "field": "subdomain", "value": "a".repeat(58) }),
    )
    .expect("the check always returns a result");

    let problem = check["problem"]
        .as_str()
        .expect("58 characters are too many");
    assert!(problem.contains("at most 57"), "{problem}");
}

#[test]
fn org_creation_without_profile_is_refused() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "create_child_org",
        json!({ "draft": {
            "parent": "acme.okta.com",
            "subdomain": "acme-new",
            "name": "Acme New",
            "website": null,
            "adminFirstName": "Ada",
            "adminLastName": "Lovelace",
            "adminEmail": "ada@example.com",
            "adminLogin": null,
        } }),
    )
    .expect_err("no profile is open");

    assert_eq!(error["code"], "no_active_profile");
}
