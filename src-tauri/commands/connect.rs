//! The connect wizard: checks on typed fields, the key (generated or imported, stored in the
//! keychain at once), the public JWK, the demo's stand-in for the Admin Console, the connection
//! test and the saved profile. Only the public JWK crosses IPC, never the private key.

mod checklist;
pub mod commands;
mod error;
mod fields;
mod keys;
mod profile;

pub use checklist::ConnectionReport;
pub use error::WizardError;
pub use fields::{ConnectEnvironment, ConnectField, FieldCheck};
pub use keys::{KeyChoice, PublicKeyView};
pub use profile::{ConnectDraft, DemoDefaults};

/// A temporary folder for unit tests, removed on drop. The app package has no `tempfile`
/// dev-dependency, so this stands in for it.
#[cfg(test)]
pub(crate) struct TestFolder(std::path::PathBuf);

#[cfg(test)]
impl TestFolder {
    pub fn new(name: &str) -> Self {
        let unique = format!(
            "aerial-desk-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos())
                .unwrap_or_default()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).expect("test folder is created");
        Self(path)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

#[cfg(test)]
impl Drop for TestFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
