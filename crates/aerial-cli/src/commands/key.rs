//! `aerial key generate|import|show-public`.

use desk::profiles::{KeyId, SecretKind};
use okta::PrivateKey;
use serde_json::json;

use crate::app::App;
use crate::cli::KeyCommand;
use crate::commands::profile::{pretty_json, store_key};
use crate::confirm::confirm;
use crate::failure::Outcome;
use crate::output::{note, print, print_json};
use crate::profile_input::{generate_key, import_key};
use crate::session::load_key;

pub async fn run(app: &App, command: KeyCommand) -> Outcome {
    match command {
        KeyCommand::Generate { key_type, key_id } => {
            let key = generate_key(key_type, key_id.as_deref())?;
            replace_key(app, key).await
        }
        KeyCommand::Import {
            file,
            key_id,
            passphrase_env,
        } => {
            let key = import_key(&file, passphrase_env.as_deref(), key_id.as_deref())?;
            replace_key(app, key).await
        }
        KeyCommand::ShowPublic { jwks } => show_public(app, jwks).await,
    }
}

/// Replaces the profile's key and key ID. The old key stops working for this profile at once,
/// so this requests a confirmation unless `--yes` was given.
async fn replace_key(app: &App, key: PrivateKey) -> Outcome {
    let mut profile = app.profile()?;
    let entry = profile.secret_entry(&SecretKind::PrivateKey);
    if app.keychain.get(&entry).await?.is_some() {
        let plan = format!(
            "This replaces the private key of profile \"{}\" (key ID {}) with a new one (key ID {}). The old key is deleted from the keychain; register the new public key on app {} before you use the profile again.",
            profile.name,
            profile.key_id,
            key.kid(),
            profile.client_id
        );
        confirm(app, &plan, "Replace the key?")?;
    }

    profile.key_id = KeyId::parse(key.kid())?;
    store_key(app, &profile, &SecretKind::PrivateKey, &key).await?;
    app.store.update(profile.clone(), &app.keychain).await?;

    if app.json {
        return print_json(
            &json!({ "profile": profile.name.to_string(), "publicJwk": key.public_jwk() }),
        );
    }
    note(&format!(
        "The new private key of profile \"{}\" is in the keychain. Add this public key to app {} in the Admin Console:",
        profile.name, profile.client_id
    ));
    print(&format!("{}\n", pretty_json(&key.public_jwk())?))
}

async fn show_public(app: &App, jwks: bool) -> Outcome {
    let profile = app.profile()?;
    let key = load_key(app, &profile, &SecretKind::PrivateKey).await?;
    let text = if jwks {
        pretty_json(&key.public_jwks())?
    } else {
        pretty_json(&key.public_jwk())?
    };
    print(&format!("{text}\n"))
}
