//! Commands invoked through Tauri's IPC layer on the mock runtime, checking the JSON the UI gets.

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app() -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = aerial_desk_lib::with_commands(mock_builder())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window builds");
    (app, window)
}

fn invoke(
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
