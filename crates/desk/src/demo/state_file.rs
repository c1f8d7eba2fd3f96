//! The file the demo emulator saves its state to, and what happens when that file is damaged.

use std::fmt;
use std::path::{Path, PathBuf};

use okta_sim::SimError;

use super::error::DemoError;

/// The state file's name inside the demo folder.
pub const STATE_FILE_NAME: &str = "demo-state.json";

/// A demo state file that could not be read and was renamed, so the demo started with fresh
/// data. Its `Display` is the message to show the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DamagedStateFile {
    /// The original path.
    pub path: PathBuf,
    /// The new path, `demo-state.json.damaged-{unix seconds}` beside the original.
    pub set_aside_as: PathBuf,
    /// The read or parse error that made the file unusable.
    pub reason: String,
}

impl fmt::Display for DamagedStateFile {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "The saved demo data in {} could not be read ({}). It was moved to {}, and the demo \
             started again with fresh data.",
            self.path.display(),
            self.reason,
            self.set_aside_as.display()
        )
    }
}

/// Returns why the state file is damaged when `error` is a failure to read it as state, or
/// `None` for any other start failure. The built-in demo seed always parses, so a seed error
/// at start can only come from the state file.
pub(super) fn damage_reason(error: &SimError) -> Option<String> {
    match error {
        SimError::SeedJson(source) => Some(format!("invalid JSON: {source}")),
        SimError::InvalidSeed(reason) => Some(reason.clone()),
        SimError::ReadSeed { source, .. } if source.kind() == std::io::ErrorKind::InvalidData => {
            Some(source.to_string())
        }
        _ => None,
    }
}

/// Renames the damaged file at `path` to a free `{name}.damaged-{unix seconds}[-n]` name beside it.
pub(super) fn set_aside(path: &Path, reason: String) -> Result<DamagedStateFile, DemoError> {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    let base = format!("{}.damaged-{seconds}", path.display());
    let mut aside = PathBuf::from(&base);
    let mut attempt = 1;
    while aside.exists() {
        attempt += 1;
        aside = PathBuf::from(format!("{base}-{attempt}"));
    }

    std::fs::rename(path, &aside).map_err(|source| DemoError::SetAside {
        path: path.to_owned(),
        aside: aside.clone(),
        source,
    })?;
    tracing::warn!(
        from = %path.display(),
        to = %aside.display(),
        %reason,
        "set aside a damaged demo state file"
    );
    Ok(DamagedStateFile {
        path: path.to_owned(),
        set_aside_as: aside,
        reason,
    })
}
