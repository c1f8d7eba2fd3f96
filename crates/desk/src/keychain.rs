//! The OS keychain: macOS Keychain, Windows Credential Manager, or the Secret Service on Linux
//! (GNOME Keyring, KWallet), through the `keyring` crate built with each OS's native store.
//!
//! Every call runs on a blocking thread behind one lock, because the Secret Service is reached over
//! D-Bus with blocking calls and concurrent writes to one collection can interleave. A missing entry
//! reads as `None`, deleting a missing entry succeeds, and every write is read back. There is no
//! fallback store: when the keychain cannot be used, callers get a [`KeychainError`] that names the cause.

mod classify;

use std::sync::{Arc, Mutex};

use rand::Rng;
use zeroize::Zeroizing;

use crate::Secret;

pub use classify::KeychainProblem;

/// Entry name prefix of the availability probe; a random suffix keeps concurrent probes apart.
const PROBE_PREFIX: &str = "keychain-probe-";

/// A failed keychain operation, with the plain-language cause and what the user can do.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct KeychainError {
    /// The kind of failure, for callers and the UI to branch on.
    pub problem: KeychainProblem,
    /// The failure, in words for someone who is not a programmer.
    pub message: String,
    /// The next step for the user.
    pub fix: String,
    /// The keychain's own error text, for the Details section and the log.
    pub detail: String,
}

/// The result of the availability probe: which store was tried and whether it works.
#[derive(Debug)]
pub struct KeychainStatus {
    /// The store's name as users know it, such as "macOS Keychain".
    pub store: &'static str,
    /// `None` when a write, read-back and delete all succeeded.
    pub error: Option<KeychainError>,
}

/// Access to the keychain entries of one service name.
#[derive(Clone, Debug)]
pub struct Keychain {
    service: String,
    lock: Arc<Mutex<()>>,
}

impl Keychain {
    /// Opens the entries of this build flavour: debug builds use their own service name, so a
    /// development build never reads or overwrites the secrets of an installed release.
    pub fn for_this_build() -> Self {
        let service = if cfg!(debug_assertions) {
            "aerial-desk-dev"
        } else {
            "aerial-desk"
        };
        Self::with_service(service)
    }

    /// Opens the entries stored under `service`; tests use a service name of their own.
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
            lock: Arc::new(Mutex::new(())),
        }
    }

    /// Returns the service name that namespaces this keychain's entries.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Returns the name of the OS store this build uses.
    pub fn store_name() -> &'static str {
        classify::store_name()
    }

    /// Reads an entry; `Ok(None)` means it is not set.
    pub async fn get(&self, key: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
        let key = key.to_owned();
        self.run(move |service| read_entry(service, &key)).await
    }

    /// Writes an entry and reads it back, failing if the keychain returns something else.
    pub async fn set(&self, key: &str, value: Secret<Vec<u8>>) -> Result<(), KeychainError> {
        let key = key.to_owned();
        self.run(move |service| write_entry(service, &key, value.expose()))
            .await
    }

    /// Deletes an entry; deleting an entry that is not set succeeds.
    pub async fn delete(&self, key: &str) -> Result<(), KeychainError> {
        let key = key.to_owned();
        self.run(move |service| delete_entry(service, &key)).await
    }

    /// Checks that the keychain works by writing a random probe entry, reading it back and
    /// deleting it.
    pub async fn probe(&self) -> KeychainStatus {
        let key = format!("{PROBE_PREFIX}{:016x}", rand::rng().random::<u64>());
        let value: Vec<u8> = (0..32).map(|_| rand::rng().random::<u8>()).collect();

        let outcome = self
            .run(move |service| {
                write_entry(service, &key, &value)?;
                delete_entry(service, &key)
            })
            .await;

        KeychainStatus {
            store: Self::store_name(),
            error: outcome.err(),
        }
    }

    /// Runs `operation` on a blocking thread while holding the keychain lock.
    async fn run<T, F>(&self, operation: F) -> Result<T, KeychainError>
    where
        T: Send + 'static,
        F: FnOnce(&str) -> Result<T, KeychainError> + Send + 'static,
    {
        let service = self.service.clone();
        let lock = Arc::clone(&self.lock);

        let joined = tokio::task::spawn_blocking(move || {
            // A poisoned lock only means another keychain call panicked; the keychain itself is
            // still consistent, so carry on.
            let _guard = lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            operation(&service)
        })
        .await;

        joined.unwrap_or_else(|join_error| Err(classify::task_failed(&join_error.to_string())))
    }
}

fn open_entry(service: &str, key: &str) -> Result<keyring::Entry, KeychainError> {
    keyring::Entry::new(service, key).map_err(|error| classify::classify(&error))
}

fn read_entry(service: &str, key: &str) -> Result<Option<Secret<Vec<u8>>>, KeychainError> {
    match open_entry(service, key)?.get_secret() {
        Ok(bytes) => Ok(Some(Secret::new(bytes))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(classify::classify(&error)),
    }
}

fn write_entry(service: &str, key: &str, value: &[u8]) -> Result<(), KeychainError> {
    let entry = open_entry(service, key)?;
    entry
        .set_secret(value)
        .map_err(|error| classify::classify(&error))?;

    let read_back = match entry.get_secret() {
        Ok(bytes) => Zeroizing::new(bytes),
        Err(keyring::Error::NoEntry) => return Err(classify::read_back_mismatch(key)),
        Err(error) => return Err(classify::classify(&error)),
    };
    if read_back.as_slice() != value {
        return Err(classify::read_back_mismatch(key));
    }
    Ok(())
}

fn delete_entry(service: &str, key: &str) -> Result<(), KeychainError> {
    match open_entry(service, key)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(classify::classify(&error)),
    }
}
