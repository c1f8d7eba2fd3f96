//! The list of IPC commands, from which `ui/src/lib/bindings.ts` is generated.

use tauri_specta::collect_commands;

/// The generated bindings, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/bindings.ts";

/// Builds the command registry that serves IPC and exports the TypeScript bindings.
pub fn builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new().commands(collect_commands![
        crate::commands::app::app_info,
        crate::commands::app::screen_shown,
        crate::commands::keychain::check_keychain,
        crate::commands::profiles::list_profiles,
        crate::commands::profiles::open_active_profile,
        crate::commands::profiles::switch_profile,
        crate::commands::demo::try_the_demo,
        crate::commands::orgs::list_orgs,
        crate::commands::orgs::cancel_loads,
        crate::commands::org_detail::org_detail,
        crate::commands::org_detail::apply_starter_to_org,
        crate::commands::products::plan_products,
        crate::commands::products::apply_products,
        crate::commands::status::set_org_status,
        crate::commands::status::request_org_deletion,
        crate::commands::history::history,
        crate::commands::history::export_history_csv,
        crate::commands::settings::remove_profile,
        crate::commands::settings::rename_profile,
        crate::commands::settings::profile_for_edit,
        crate::commands::settings::edit_profile,
        crate::commands::settings::open_log_folder,
        crate::commands::settings::diagnostics,
        crate::commands::settings::parents::profile_parent_orgs,
        crate::commands::settings::parents::check_parent_address,
        crate::commands::settings::parents::add_profile_parent,
        crate::commands::settings::parents::remove_profile_parent,
        // The connect, link and create-org wizards.
        crate::commands::connect::commands::check_connect_input,
        crate::commands::connect::commands::connect_demo_defaults,
        crate::commands::connect::commands::generate_connect_key,
        crate::commands::connect::commands::import_connect_key_text,
        crate::commands::connect::commands::import_connect_key_file::<tauri::Wry>,
        crate::commands::connect::commands::import_key_file_with_passphrase,
        crate::commands::connect::commands::save_public_key::<tauri::Wry>,
        crate::commands::connect::commands::register_demo_client,
        crate::commands::connect::commands::discard_connect_key,
        crate::commands::connect::commands::test_connect_draft,
        crate::commands::connect::commands::save_connect_profile,
        crate::commands::link::check_link_input,
        crate::commands::link::link_wizard_intro,
        crate::commands::link::check_link_consent,
        crate::commands::link::link_org,
        crate::commands::link_consent::link_suggestions,
        crate::commands::link_consent::keep_org_token,
        crate::commands::link_consent::grant_link_consent,
        crate::commands::create_org::parent_orgs,
        crate::commands::create_org::check_new_org_input,
        crate::commands::create_org::add_parent,
        crate::commands::create_org::create_child_org,
        crate::commands::create_org::wait_for_new_org,
        crate::commands::create_org::look_up_created_org,
        crate::commands::create_org::apply_starter,
    ])
}

/// Writes the TypeScript bindings to `path`.
pub fn export(path: &std::path::Path) -> Result<(), String> {
    builder::<tauri::Wry>()
        .export(specta_typescript::Typescript::default(), path)
        .map_err(|error| format!("exporting bindings to {} failed: {error}", path.display()))
}
