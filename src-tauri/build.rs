// Declaring the app's commands makes each one need a permission, so capabilities/ grants exactly
// the commands the window uses.
const COMMANDS: &[&str] = &[
    "app_info",
    "screen_shown",
    "check_keychain",
    // Profiles and the demo.
    "list_profiles",
    "open_active_profile",
    "switch_profile",
    "try_the_demo",
    // Orgs, products, status, history and settings.
    "list_orgs",
    "cancel_loads",
    "org_detail",
    "plan_products",
    "apply_products",
    "set_org_status",
    "request_org_deletion",
    "history",
    "export_history_csv",
    "remove_profile",
    "rename_profile",
    "open_log_folder",
    "diagnostics",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
