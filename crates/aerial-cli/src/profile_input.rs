//! Reading what commands take besides flags: PEM files, passphrases and API tokens from
//! environment variables, stdin or a terminal prompt, never from the command line where other
//! users could see them in the process list.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use okta::{KeyType, PrivateKey};

use crate::cli::KeyTypeArg;
use crate::failure::{Failure, Outcome};

/// Maximum size of a PEM file that is read. Real private keys are a few kilobytes.
const MAX_PEM_BYTES: u64 = 64 * 1024;

/// Reads a secret from the environment variable `variable`.
pub fn secret_from_env(variable: &str, what: &str) -> Outcome<String> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        Ok(_) => Err(Failure::usage(
            format!("The environment variable {variable} is empty, so it holds no {what}."),
            format!("Set {variable} to the {what} and run the command again."),
        )),
        Err(std::env::VarError::NotPresent) => Err(Failure::usage(
            format!("The environment variable {variable} is not set, so it holds no {what}."),
            format!("Set {variable} to the {what} and run the command again."),
        )),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::usage(
            format!("The environment variable {variable} is not valid UTF-8."),
            format!("Set {variable} to the {what} as plain text."),
        )),
    }
}

/// Reads one line from stdin: a secret piped in by a script, or typed without echo at a
/// terminal.
pub fn secret_from_stdin(what: &str) -> Outcome<String> {
    let value = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{what}: ")).map_err(|error| {
            Failure::usage(
                format!("Could not read the {what} from the terminal: {error}."),
                "",
            )
        })?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|error| {
                Failure::usage(
                    format!("Could not read the {what} from stdin: {error}."),
                    "",
                )
            })?;
        line
    };
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(Failure::usage(
            format!("No {what} was given on stdin."),
            format!(
                "Pipe the {what} into the command, or name an environment variable that holds it."
            ),
        ));
    }
    Ok(value)
}

pub fn key_type(arg: KeyTypeArg) -> KeyType {
    match arg {
        KeyTypeArg::Ec => KeyType::EcP256,
        KeyTypeArg::Rsa2048 => KeyType::Rsa2048,
        KeyTypeArg::Rsa3072 => KeyType::Rsa3072,
    }
}

/// Generates a key, with the user's key ID when one is given.
pub fn generate_key(arg: KeyTypeArg, key_id: Option<&str>) -> Outcome<PrivateKey> {
    let key = PrivateKey::generate(key_type(arg))?;
    with_key_id(key, key_id)
}

/// Reads a PEM private key from `path`. An encrypted key's passphrase comes from the
/// environment variable `passphrase_env`, else from a terminal prompt.
pub fn import_key(
    path: &Path,
    passphrase_env: Option<&str>,
    key_id: Option<&str>,
) -> Outcome<PrivateKey> {
    let pem = read_pem(path)?;
    let passphrase = match passphrase_env {
        Some(variable) => Some(secret_from_env(variable, "passphrase")?),
        None => None,
    };
    let key = match PrivateKey::from_pem(&pem, passphrase.as_deref()) {
        Err(okta::KeyError::PassphraseRequired) if std::io::stdin().is_terminal() => {
            let typed = rpassword::prompt_password(format!("Passphrase for {}: ", path.display()))
                .map_err(|error| {
                    Failure::usage(format!("Could not read the passphrase: {error}."), "")
                })?;
            PrivateKey::from_pem(&pem, Some(&typed))
        }
        other => other,
    };
    let key = key.map_err(|error| key_file_failure(path, &error))?;
    with_key_id(key, key_id)
}

fn key_file_failure(path: &Path, error: &okta::KeyError) -> Failure {
    let fix = match error {
        okta::KeyError::PassphraseRequired => {
            "Name an environment variable that holds the passphrase with --passphrase-env, or run the command at a terminal to be asked for it."
        }
        okta::KeyError::WrongPassphrase => "Check the passphrase and run the command again.",
        _ => {
            "Choose the private key file that belongs to the registered public key, or generate a new key."
        }
    };
    Failure::usage(
        format!(
            "The key file {} cannot be imported: {error}",
            path.display()
        ),
        fix,
    )
}

fn read_pem(path: &Path) -> Outcome<String> {
    let failure = |reason: String| {
        Failure::usage(
            format!("Could not read the key file {}: {reason}.", path.display()),
            "Check the path and the file's permissions.",
        )
    };
    let metadata = std::fs::metadata(path).map_err(|error| failure(error.to_string()))?;
    if !metadata.is_file() {
        return Err(failure("it is not a file".to_owned()));
    }
    if metadata.len() > MAX_PEM_BYTES {
        return Err(Failure::usage(
            format!(
                "The key file {} is {} bytes, far larger than a PEM private key (at most {MAX_PEM_BYTES} bytes are read).",
                path.display(),
                metadata.len()
            ),
            "Choose the PEM file of the private key itself.",
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| failure(error.to_string()))?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::usage(
            format!("The key file {} is not text, so it is not a PEM file (binary DER keys are not read).", path.display()),
            "Convert it to PEM, for example with `openssl pkey -in FILE -out key.pem`.",
        )
    })
}

fn with_key_id(key: PrivateKey, key_id: Option<&str>) -> Outcome<PrivateKey> {
    let Some(key_id) = key_id else {
        return Ok(key);
    };
    let key_id = desk::profiles::KeyId::parse(key_id)?;
    Ok(key.with_kid(key_id.as_str())?)
}
