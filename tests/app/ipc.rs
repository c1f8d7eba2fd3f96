//! Commands invoked through Tauri's IPC layer on the mock runtime, checking the JSON the UI gets.

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// A mock app for commands that write no file: its temporary folder is removed at once.
fn app() -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let (app, window, _folder) = app_in_folder();
    (app, window)
}

/// A mock app with its state in a new temporary folder, which the caller keeps alive.
pub fn app_in_folder() -> (App<MockRuntime>, WebviewWindow<MockRuntime>, TempFolder) {
    let folder = TempFolder::new();
    let folders = aerial_desk_lib::state::AppFolders::under(&folder.0);
    let state = tauri::async_runtime::block_on(aerial_desk_lib::state::AppState::open(folders))
        .expect("app state opens in a temporary folder");
    let app = aerial_desk_lib::with_commands(mock_builder())
        .manage(state)
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window builds");
    (app, window, folder)
}

/// A folder under the system temporary folder, deleted on drop.
pub struct TempFolder(pub std::path::PathBuf);

impl TempFolder {
    fn new() -> Self {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let index = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("aerial-desk-ipc-{}-{index}", std::process::id()));
        std::fs::create_dir_all(&path).expect("temporary folder is created");
        Self(path)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

pub fn invoke(
    window: &WebviewWindow<MockRuntime>,
    command: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        // On Linux the IPC layer accepts requests only from the app's own origin.
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request)
        .map(|response| response.deserialize::<serde_json::Value>().unwrap())
}

#[test]
fn app_info_returns_name_and_version() {
    let (_app, window) = app();

    let info = invoke(&window, "app_info", serde_json::json!({})).expect("app_info succeeds");

    assert_eq!(info["name"], "Aerial Desk");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        info["buildFlavour"], "development",
        "tests build with debug assertions"
    );
}

#[test]
fn screen_shown_accepts_the_welcome_screen() {
    let (_app, window) = app();

    let answer = invoke(
        &window,
        "screen_shown",
        serde_json::json!({ "screen": "welcome" }),
    );

    assert_eq!(answer, Ok(serde_json::Value::Null));
}

#[test]
fn screen_shown_accepts_the_orgs_screen() {
    let (_app, window) = app();

    let answer = invoke(
        &window,
        "screen_shown",
        serde_json::json!({ "screen": "orgs" }),
    );

    assert_eq!(answer, Ok(serde_json::Value::Null));
}

#[test]
fn screen_shown_rejects_an_unknown_screen() {
    let (_app, window) = app();

    let answer = invoke(
        &window,
        "screen_shown",
        serde_json::json!({ "screen": "nowhere" }),
    );

    assert!(
        answer.is_err(),
        "an unknown screen must be rejected, got {answer:?}"
    );
}

#[test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh"]
fn check_keychain_reports_a_ready_store() {
    assert_eq!(
        std::env::var("AERIAL_DESK_KEYCHAIN_ENV").as_deref(),
        Ok("available")
    );
    let (_app, window) = app();

    let ready =
        invoke(&window, "check_keychain", serde_json::json!({})).expect("keychain is ready");

    assert_eq!(ready["store"], "Secret Service (GNOME Keyring or KWallet)");
}

#[test]
#[ignore = "needs a D-Bus session without a Secret Service; run by scripts/test.sh"]
fn check_keychain_error_has_the_ipc_shape() {
    assert_eq!(
        std::env::var("AERIAL_DESK_KEYCHAIN_ENV").as_deref(),
        Ok("no-password-store")
    );
    let (_app, window) = app();

    let error =
        invoke(&window, "check_keychain", serde_json::json!({})).expect_err("keychain check fails");

    assert_eq!(error["code"], "keychain_no_password_store");
    assert_eq!(error["message"], "No password store is running.");
    assert_eq!(
        error["fix"],
        "Start GNOME Keyring or KWallet, then try again."
    );
    assert!(
        error["details"]
            .as_str()
            .is_some_and(|details| details.contains("org.freedesktop.secrets"))
    );
}

#[test]
fn list_profiles_is_empty_at_first_run() {
    let (_app, window, _folder) = app_in_folder();

    let list = invoke(&window, "list_profiles", serde_json::json!({})).expect("list succeeds");

    assert_eq!(list["profiles"], serde_json::json!([]));
    assert_eq!(list["active"], serde_json::Value::Null);
}

#[test]
fn open_active_profile_returns_null_at_first_run() {
    let (_app, window, _folder) = app_in_folder();

    let opened =
        invoke(&window, "open_active_profile", serde_json::json!({})).expect("open succeeds");

    assert_eq!(opened, serde_json::Value::Null);
}

#[test]
fn switch_profile_to_unknown_name_fails_in_ipc_shape() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "switch_profile",
        serde_json::json!({ "name": "Nowhere" }),
    )
    .expect_err("an unknown profile is rejected");

    assert_eq!(error["code"], "profile");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|message| message.contains("Nowhere")),
        "{error}"
    );
}

#[test]
fn history_is_empty_in_a_new_journal() {
    let (_app, window, _folder) = app_in_folder();

    let entries =
        invoke(&window, "history", serde_json::json!({ "filter": {} })).expect("history succeeds");

    assert_eq!(entries, serde_json::json!([]));
}

#[test]
fn history_rejects_an_unknown_action() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "history",
        serde_json::json!({ "filter": { "action": "teleport" } }),
    )
    .expect_err("an unknown action is rejected");

    assert_eq!(error["code"], "unknown_action");
    assert_eq!(error["okta"], serde_json::Value::Null);
}

#[test]
fn export_without_a_dialog_says_so() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "export_history_csv",
        serde_json::json!({ "filter": {} }),
    )
    .expect_err("the mock app has no save dialog");

    assert_eq!(error["code"], "no_dialog");
}

#[test]
fn org_detail_without_a_profile_asks_for_one() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "org_detail",
        serde_json::json!({ "orgId": "00o1" }),
    )
    .expect_err("no profile is open");

    assert_eq!(error["code"], "no_active_profile");
    assert_eq!(
        error["fix"],
        "Try the demo, or connect your Aerial account."
    );
}

#[test]
fn apply_without_a_reviewed_plan_fails() {
    let (_app, window, _folder) = app_in_folder();

    let error = invoke(
        &window,
        "apply_products",
        serde_json::json!({ "orgId": "00o1" }),
    )
    .expect_err("no profile is open");

    assert_eq!(error["code"], "no_active_profile");
}

fn saved_profile(folder: &TempFolder) {
    use desk::profiles::{
        AccountId, BaseUrl, ClientId, Environment, KeyId, OrgAddress, Profile, ProfileName,
    };
    let store = desk::ProfileStore::open(folder.0.join("config")).unwrap();
    store
        .add(Profile {
            name: ProfileName::parse("Acme").unwrap(),
            environment: Environment::Production,
            aerial_service: BaseUrl::parse("https://aerial-apac.okta.com").unwrap(),
            account_id: AccountId::parse("acc1acme1234567890").unwrap(),
            aerial_org: OrgAddress::parse(Environment::Production, "acme-aerial.okta.com").unwrap(),
            client_id: ClientId::parse("0oaacme1234567890abc").unwrap(),
            key_id: KeyId::parse("acme-key-1").unwrap(),
            dpop: false,
            parent_orgs: Vec::new(),
        })
        .unwrap();
}

#[test]
fn edit_profile_saves_a_new_client_id() {
    let (_app, window, folder) = app_in_folder();
    saved_profile(&folder);
    let mut edit = invoke(
        &window,
        "profile_for_edit",
        serde_json::json!({ "name": "Acme" }),
    )
    .expect("the profile is read");
    assert_eq!(edit["clientId"], "0oaacme1234567890abc");

    edit["clientId"] = "0oanewapp1234567890a".into();
    let list = invoke(
        &window,
        "edit_profile",
        serde_json::json!({ "name": "Acme", "edit": edit }),
    )
    .expect("the edit is saved");

    assert_eq!(list["profiles"][0]["clientId"], "0oanewapp1234567890a");
    assert_eq!(list["profiles"][0]["aerialOrg"], "acme-aerial.okta.com");
}

#[test]
fn edit_profile_rejects_an_invalid_domain() {
    let (_app, window, folder) = app_in_folder();
    saved_profile(&folder);
    let mut edit = invoke(
        &window,
        "profile_for_edit",
        serde_json::json!({ "name": "Acme" }),
    )
    .expect("the profile is read");

    edit["aerialOrg"] = "not a domain".into();
    let error = invoke(
        &window,
        "edit_profile",
        serde_json::json!({ "name": "Acme", "edit": edit }),
    )
    .expect_err("the domain is invalid");

    assert_eq!(error["code"], "profile");
    let unchanged = invoke(&window, "list_profiles", serde_json::json!({})).unwrap();
    assert_eq!(
        unchanged["profiles"][0]["aerialOrg"],
        "acme-aerial.okta.com"
    );
}
