//! The profile file: versioned JSON, read in full and replaced atomically.
//!
//! The file is `{"version": 1, "active": …, "profiles": […]}`. A missing file means no profiles.
//! A file that cannot be read as version 1 is reported and never written over.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::ProfileError;
use super::model::{Profile, ProfileName};

/// The file version this build reads and writes.
pub const FILE_VERSION: u64 = 1;

/// The contents of the profile file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct ProfilesFile {
    version: u64,
    #[serde(default)]
    pub active: Option<ProfileName>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

impl ProfilesFile {
    fn empty() -> Self {
        Self {
            version: FILE_VERSION,
            active: None,
            profiles: Vec::new(),
        }
    }

    /// Returns the index of the profile named `name`, ignoring case.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.profiles
            .iter()
            .position(|profile| profile.name.matches(name))
    }
}

/// Reads the profile file; a missing file reads as no profiles.
pub(super) fn read(path: &Path) -> Result<ProfilesFile, ProfileError> {
    match fs::read(path) {
        Ok(bytes) => parse(path, &bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(ProfilesFile::empty()),
        Err(source) => Err(ProfileError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        }),
    }
}

fn corrupt(path: &Path, reason: impl Into<String>) -> ProfileError {
    ProfileError::Corrupt {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Parses the file's bytes: first the JSON and its version, then the version 1 layout with every
/// field validated, then the rules across profiles.
fn parse(path: &Path, bytes: &[u8]) -> Result<ProfilesFile, ProfileError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(corrupt(path, "the file is empty"));
    }
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| corrupt(path, format!("it is not valid JSON ({error})")))?;
    if !value.is_object() {
        return Err(corrupt(path, "the top level is not a JSON object"));
    }

    let version = match value.get("version") {
        None => return Err(corrupt(path, "it has no \"version\" field")),
        Some(version) => version
            .as_u64()
            .filter(|version| *version >= 1)
            .ok_or_else(|| {
                corrupt(
                    path,
                    format!("\"version\" is {version}, not a positive whole number"),
                )
            })?,
    };
    if version > FILE_VERSION {
        return Err(ProfileError::NewerVersion {
            path: path.to_owned(),
            found: version,
            supported: FILE_VERSION,
        });
    }

    let file: ProfilesFile = serde_path_to_error::deserialize(value).map_err(|error| {
        // A field's own validation message ends with a period; the sentence goes on after it.
        let problem = error.inner().to_string();
        let problem = problem.trim_end_matches('.');
        corrupt(
            path,
            format!("the field {} is invalid: {problem}", error.path()),
        )
    })?;
    check_consistency(&file).map_err(|reason| corrupt(path, reason))?;
    Ok(file)
}

fn check_consistency(file: &ProfilesFile) -> Result<(), String> {
    for (index, profile) in file.profiles.iter().enumerate() {
        if file.profiles[..index]
            .iter()
            .any(|earlier| earlier.name.matches(profile.name.as_str()))
        {
            return Err(format!(
                "the profile name \"{}\" appears twice (names are compared without regard to case)",
                profile.name
            ));
        }
        profile
            .check()
            .map_err(|problem| format!("profile \"{}\" is invalid: {problem}", profile.name))?;
    }
    if let Some(active) = &file.active
        && file.position(active.as_str()).is_none()
    {
        return Err(format!(
            "the active profile \"{active}\" is not in the list"
        ));
    }
    Ok(())
}

/// Replaces the file atomically: writes a temporary file in the same folder, flushes it to disk
/// and renames it over the old one, so a crash leaves either the old or the new file.
pub(super) fn write(path: &Path, file: &ProfilesFile) -> Result<(), ProfileError> {
    let folder = parent_folder(path);
    let io_error = |action: &'static str, path: &Path| {
        let path = path.to_owned();
        move |source| ProfileError::Io {
            action,
            path,
            source,
        }
    };
    fs::create_dir_all(&folder).map_err(io_error("create the folder", &folder))?;

    let mut json = serde_json::to_vec_pretty(file).expect("profiles always serialize to JSON");
    json.push(b'\n');

    let mut temporary = tempfile::NamedTempFile::new_in(&folder)
        .map_err(io_error("create a temporary file in", &folder))?;
    temporary
        .write_all(&json)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(io_error("write", temporary.path()))?;
    temporary.persist(path).map_err(|error| ProfileError::Io {
        action: "replace",
        path: path.to_owned(),
        source: error.error,
    })?;

    sync_folder(&folder).map_err(io_error("flush the folder", &folder))
}

fn parent_folder(path: &Path) -> PathBuf {
    path.parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned()
}

/// Flushes the folder entry so the rename itself survives a power loss. Windows has no
/// equivalent call on folders, and its rename is already durable once it returns.
#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

/// An exclusive lock on the profile folder, held while a change is read, applied and written,
/// so two processes (the app and the CLI) cannot lose each other's changes.
pub(super) struct FolderLock {
    _file: File,
}

impl FolderLock {
    pub(super) fn acquire(lock_path: &Path) -> Result<Self, ProfileError> {
        let folder = parent_folder(lock_path);
        let io_error = |action: &'static str, path: &Path| {
            let path = path.to_owned();
            move |source| ProfileError::Io {
                action,
                path,
                source,
            }
        };
        fs::create_dir_all(&folder).map_err(io_error("create the folder", &folder))?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lock_path)
            .map_err(io_error("open the lock file", lock_path))?;
        file.lock().map_err(io_error("lock", lock_path))?;
        Ok(Self { _file: file })
    }
}
