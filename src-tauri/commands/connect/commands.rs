//! The connect wizard's IPC commands. Each takes the state, calls the wizard's logic and records
//! any failure for "Copy diagnostics".

use std::path::PathBuf;

use desk::SecretString;
use desk::profiles::ProfileName;
use serde::Serialize;
use specta::Type;
use tauri_plugin_dialog::DialogExt;

use super::{
    ConnectDraft, ConnectEnvironment, ConnectField, ConnectionReport, FieldCheck, KeyChoice,
    PublicKeyView, WizardError, checklist, fields, keys, profile,
};
use crate::commands::profiles::{OpenedProfile, opened};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The outcome of importing a key file.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "outcome"
)]
pub enum KeyFileImport {
    /// The key is in the keychain.
    Imported { key: PublicKeyView },
    /// The key is encrypted: ask for its passphrase and call `import_key_file_with_passphrase`.
    NeedsPassphrase { file_name: String },
    /// The admin closed the dialog without choosing a file.
    Cancelled,
}

/// The key file chosen in the dialog, kept here until its passphrase is entered, so the path
/// never reaches the web UI. One window runs one connect wizard, so one slot is enough.
static PENDING_KEY_FILE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

fn set_pending(path: Option<PathBuf>) {
    if let Ok(mut slot) = PENDING_KEY_FILE.lock() {
        *slot = path;
    }
}

fn record(state: &AppState, error: impl Into<IpcError>) -> IpcError {
    state.recent_errors.record(error.into())
}

/// Checks that `name` is a valid profile name that no profile uses yet.
fn free_profile_name(state: &AppState, name: &str) -> Result<ProfileName, WizardError> {
    let check = fields::check_connect_field(
        &state.profiles,
        ConnectField::ProfileName,
        ConnectEnvironment::Production,
        name,
    );
    match check.problem {
        Some(problem) => Err(WizardError::NameTaken(problem)),
        None => Ok(ProfileName::parse(&check.value)?),
    }
}

/// Checks one connect-wizard field as it is typed.
#[tauri::command]
#[specta::specta]
pub fn check_connect_input(
    state: tauri::State<'_, AppState>,
    field: ConnectField,
    environment: ConnectEnvironment,
    value: String,
) -> FieldCheck {
    fields::check_connect_field(&state.profiles, field, environment, &value)
}

/// Generates a key, stores it in the keychain under the new profile's name and returns its
/// public half.
#[tauri::command]
#[specta::specta]
pub async fn generate_connect_key(
    state: tauri::State<'_, AppState>,
    profile_name: String,
    choice: KeyChoice,
) -> Result<PublicKeyView, IpcError> {
    let name = profile_name_or_record(&state, &profile_name).map_err(|error| *error)?;
    keys::generate(state.keychain(), &name, choice)
        .await
        .map_err(|error| record(&state, error))
}

/// Imports a pasted PEM key into the keychain under the new profile's name. The text is held
/// only for this call.
#[tauri::command]
#[specta::specta]
pub async fn import_connect_key_text(
    state: tauri::State<'_, AppState>,
    profile_name: String,
    pem: String,
    passphrase: Option<String>,
) -> Result<PublicKeyView, IpcError> {
    let pem = SecretString::new(pem);
    let passphrase = passphrase.map(SecretString::new);
    let name = profile_name_or_record(&state, &profile_name).map_err(|error| *error)?;
    keys::import(state.keychain(), &name, &pem, passphrase.as_ref())
        .await
        .map_err(|error| record(&state, error))
}

/// Opens the file dialog, reads the chosen PEM file and imports it. An encrypted key is kept
/// pending until its passphrase is entered.
#[tauri::command]
#[specta::specta]
pub async fn import_connect_key_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    profile_name: String,
) -> Result<KeyFileImport, IpcError> {
    let name = profile_name_or_record(&state, &profile_name).map_err(|error| *error)?;
    let Some(path) = choose_key_file(&app).await else {
        return Ok(KeyFileImport::Cancelled);
    };
    import_from_path(&state, &name, path, None).await
}

/// Imports the pending key file with its passphrase.
#[tauri::command]
#[specta::specta]
pub async fn import_key_file_with_passphrase(
    state: tauri::State<'_, AppState>,
    profile_name: String,
    passphrase: String,
) -> Result<KeyFileImport, IpcError> {
    let name = profile_name_or_record(&state, &profile_name).map_err(|error| *error)?;
    let path = PENDING_KEY_FILE
        .lock()
        .map_err(|_| {
            IpcError::new(
                "internal",
                "The pending key file was lost.",
                "Choose the file again.",
            )
        })?
        .clone();
    let Some(path) = path else {
        return Err(IpcError::new(
            "file_failed",
            "No key file is waiting for a passphrase.",
            "Choose the file again.",
        ));
    };
    let passphrase = SecretString::new(passphrase);
    import_from_path(&state, &name, path, Some(&passphrase)).await
}

async fn import_from_path(
    state: &AppState,
    name: &ProfileName,
    path: PathBuf,
    passphrase: Option<&SecretString>,
) -> Result<KeyFileImport, IpcError> {
    let text = read_key_file(&path).map_err(|error| record(state, error))?;
    match keys::import(state.keychain(), name, &text, passphrase).await {
        Ok(key) => {
            set_pending(None);
            Ok(KeyFileImport::Imported { key })
        }
        Err(WizardError::Key(error)) if passphrase.is_none() && keys::needs_passphrase(&error) => {
            set_pending(Some(path.clone()));
            let file_name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(KeyFileImport::NeedsPassphrase { file_name })
        }
        Err(error) => Err(record(state, error)),
    }
}

/// The largest key file read; real PEM keys are under 4 KiB.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

fn read_key_file(path: &std::path::Path) -> Result<SecretString, WizardError> {
    let failed = |reason: String| {
        WizardError::File(format!(
            "the key file {} could not be read ({reason}); choose another file",
            path.display()
        ))
    };
    let size = std::fs::metadata(path)
        .map_err(|error| failed(error.to_string()))?
        .len();
    if size > MAX_KEY_FILE_BYTES {
        return Err(failed(format!(
            "it has {size} bytes, far more than a PEM key"
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|error| failed(error.to_string()))?;
    Ok(SecretString::new(text))
}

/// Shows the open dialog for a PEM file. When `AERIAL_DESK_E2E_KEY_FILE` is set, its path is
/// used instead of the dialog; the end-to-end tests drive the real dialog and do not set it.
async fn choose_key_file<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("AERIAL_DESK_E2E_KEY_FILE") {
        return Some(PathBuf::from(path));
    }
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Choose the private key file")
        .add_filter("PEM private key", &["pem", "key", "p8"])
        .pick_file(move |file| {
            let _ = sender.send(file.and_then(|file| file.into_path().ok()));
        });
    receiver.await.ok().flatten()
}

/// Saves the public JWK Set to a file the admin chooses. Returns the file name, or `None` when
/// the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn save_public_key<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    profile_name: String,
) -> Result<Option<String>, IpcError> {
    let name = ProfileName::parse(&profile_name)
        .map_err(|error| record(&state, WizardError::from(error)))?;
    let key = keys::stored(state.keychain(), &name)
        .await
        .map_err(|error| record(&state, error))?;
    let (sender, receiver) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Save the public key")
        .set_file_name(format!("{}-public-jwks.json", name.key().replace(' ', "-")))
        .add_filter("JSON", &["json"])
        .save_file(move |file| {
            let _ = sender.send(file.and_then(|file| file.into_path().ok()));
        });
    let Some(path) = receiver.await.ok().flatten() else {
        return Ok(None);
    };
    std::fs::write(&path, keys::jwks_file(&key)).map_err(|error| {
        record(
            &state,
            WizardError::File(format!(
                "the file {} could not be written ({error})",
                path.display()
            )),
        )
    })?;
    tracing::info!(path = %path.display(), "saved a public key");
    Ok(path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned()))
}

/// Runs the connection test for the draft, whose key is already in the keychain.
#[tauri::command]
#[specta::specta]
pub async fn test_connect_draft(
    state: tauri::State<'_, AppState>,
    draft: ConnectDraft,
) -> Result<ConnectionReport, IpcError> {
    let profile = profile::draft_profile(&state.profiles, state.keychain(), &draft)
        .await
        .map_err(|error| record(&state, error))?;
    Ok(checklist::run(profile, std::sync::Arc::clone(&state.services)).await)
}

/// Saves the draft as a profile, makes it the active one and opens it.
#[tauri::command]
#[specta::specta]
pub async fn save_connect_profile(
    state: tauri::State<'_, AppState>,
    draft: ConnectDraft,
) -> Result<OpenedProfile, IpcError> {
    let profile = profile::save_profile(&state.profiles, state.keychain(), &draft)
        .await
        .map_err(|error| record(&state, error))?;
    let session = state
        .open_profile(profile)
        .await
        .map_err(|error| record(&state, error))?;
    Ok(opened(&state, &session).await)
}

fn profile_name_or_record(state: &AppState, name: &str) -> Result<ProfileName, Box<IpcError>> {
    free_profile_name(state, name).map_err(|error| Box::new(record(state, error)))
}

/// Returns the demo's addresses and account for the demo environment, or `None` when "Try the
/// demo" has not run.
#[tauri::command]
#[specta::specta]
pub async fn connect_demo_defaults(
    state: tauri::State<'_, AppState>,
) -> Result<Option<super::DemoDefaults>, IpcError> {
    profile::demo_defaults(&state.profiles).map_err(|error| record(&state, error))
}

/// Does the Admin Console step in the demo: registers an app with the wizard's public key and
/// both Aerial scopes in the running demo, and returns its client ID.
#[tauri::command]
#[specta::specta]
pub async fn register_demo_client(
    state: tauri::State<'_, AppState>,
    profile_name: String,
) -> Result<String, IpcError> {
    let demo = state.demo().await;
    let Some(demo) = demo.as_ref() else {
        return Err(record(&state, WizardError::DemoNotRunning));
    };
    let client_id = profile::register_demo_client(state.keychain(), demo, &profile_name)
        .await
        .map_err(|error| record(&state, error))?;
    tracing::info!(client_id, "registered the connect wizard's app in the demo");
    Ok(client_id)
}

/// Deletes the key a left wizard stored in the keychain. Only a name that no saved profile uses
/// is accepted, so a saved profile's key is never deleted here.
#[tauri::command]
#[specta::specta]
pub async fn discard_connect_key(
    state: tauri::State<'_, AppState>,
    profile_name: String,
) -> Result<(), IpcError> {
    let name = profile_name_or_record(&state, &profile_name).map_err(|error| *error)?;
    keys::discard(state.keychain(), &name)
        .await
        .map_err(|error| record(&state, error))?;
    tracing::info!(profile = %name, "discarded the key of a connect wizard that was left");
    Ok(())
}
