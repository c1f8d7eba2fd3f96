//! The committed TypeScript bindings must match the Rust command signatures. Run with
//! `UPDATE_BINDINGS=1` to rewrite them after changing a command or an IPC type.

use std::path::Path;

#[test]
fn committed_bindings_match_the_commands() {
    let committed_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(aerial_desk_lib::bindings::BINDINGS_PATH);
    let fresh_folder =
        std::env::temp_dir().join(format!("aerial-desk-bindings-{}", std::process::id()));
    std::fs::create_dir_all(&fresh_folder).unwrap();
    let fresh_path = fresh_folder.join("bindings.ts");

    aerial_desk_lib::bindings::export(&fresh_path).unwrap();
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    std::fs::remove_dir_all(&fresh_folder).ok();

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&committed_path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is out of date with the Rust commands; run `UPDATE_BINDINGS=1 cargo test --test app bindings` and commit the result",
        committed_path.display()
    );
}
