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
    "apply_starter_to_org",
    "plan_products",
    "apply_products",
    "set_org_status",
    "request_org_deletion",
    "history",
    "export_history_csv",
    "remove_profile",
    "rename_profile",
    "profile_for_edit",
    "edit_profile",
    "open_log_folder",
    "diagnostics",
    "profile_parent_orgs",
    "check_parent_address",
    "add_profile_parent",
    "remove_profile_parent",
    // The connect, link and create-org wizards.
    "check_connect_input",
    "connect_demo_defaults",
    "generate_connect_key",
    "import_connect_key_text",
    "import_connect_key_file",
    "import_key_file_with_passphrase",
    "save_public_key",
    "register_demo_client",
    "discard_connect_key",
    "test_connect_draft",
    "save_connect_profile",
    "check_link_input",
    "link_wizard_intro",
    "check_link_consent",
    "link_org",
    "link_suggestions",
    "keep_org_token",
    "grant_link_consent",
    "parent_orgs",
    "check_new_org_input",
    "add_parent",
    "create_child_org",
    "wait_for_new_org",
    "look_up_created_org",
    "apply_starter",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
