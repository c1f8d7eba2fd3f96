//! The profile store: lists, adds, changes, renames and removes profiles, and keeps the active
//! one. Every change reads the file afresh under a folder lock, applies itself and replaces the
//! file atomically, so the app and the CLI can share one file.
//!
//! File access is synchronous and takes milliseconds on a local disk; the async methods await
//! only the keychain.

use std::path::{Path, PathBuf};

use super::error::ProfileError;
use super::file::{self, FolderLock, ProfilesFile};
use super::model::{Profile, ProfileName};
use super::secrets::{self, SecretStore};

/// The profile file's name inside the configuration folder.
pub const FILE_NAME: &str = "profiles.json";
const LOCK_FILE_NAME: &str = "profiles.lock";

/// The configuration folder name, after the app's bundle identifier. Debug builds use their own
/// folder, as they use their own keychain service, so a development build never edits the
/// profiles of an installed release.
const FOLDER_NAME: &str = if cfg!(debug_assertions) {
    "app.aerialdesk.desktop-dev"
} else {
    "app.aerialdesk.desktop"
};

/// The profiles stored in one folder.
#[derive(Clone, Debug)]
pub struct ProfileStore {
    folder: PathBuf,
}

impl ProfileStore {
    /// Returns this build's configuration folder, such as `~/.config/app.aerialdesk.desktop` on
    /// Linux.
    pub fn default_folder() -> Result<PathBuf, ProfileError> {
        let base = directories::BaseDirs::new().ok_or(ProfileError::NoConfigFolder)?;
        Ok(base.config_dir().join(FOLDER_NAME))
    }

    /// Opens the store in this build's configuration folder; see [`ProfileStore::open`].
    pub fn open_default() -> Result<Self, ProfileError> {
        Self::open(Self::default_folder()?)
    }

    /// Opens the store in `folder` and reads the file once, so a damaged or newer file is
    /// reported at start. A missing file or folder is fine: it is created on the first change.
    pub fn open(folder: impl Into<PathBuf>) -> Result<Self, ProfileError> {
        let store = Self {
            folder: folder.into(),
        };
        file::read(&store.path())?;
        Ok(store)
    }

    /// Renames a damaged profile file in `folder` to `profiles.json.damaged-{unix seconds}`, so
    /// the user can start again with no profiles and still keep the old file to recover from.
    /// Returns the new path. Fails without touching anything unless the file exists and is
    /// damaged. A file from a newer version is not damaged, so it stays for that version to read.
    pub fn set_aside_damaged_file(folder: impl AsRef<Path>) -> Result<PathBuf, ProfileError> {
        let folder = folder.as_ref();
        let _lock = FolderLock::acquire(&folder.join(LOCK_FILE_NAME))?;
        let path = folder.join(FILE_NAME);
        match file::read(&path) {
            Err(ProfileError::Corrupt { .. }) => {}
            Err(other) => return Err(other),
            Ok(_) => return Err(ProfileError::NotDamaged { path }),
        }

        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        let aside = folder.join(format!("{FILE_NAME}.damaged-{seconds}"));
        if aside.exists() {
            return Err(ProfileError::Io {
                action: "set aside the profile file as",
                path: aside,
                source: std::io::ErrorKind::AlreadyExists.into(),
            });
        }
        std::fs::rename(&path, &aside).map_err(|source| ProfileError::Io {
            action: "set aside the profile file as",
            path: aside.clone(),
            source,
        })?;
        tracing::warn!(from = %path.display(), to = %aside.display(), "set aside a damaged profile file");
        Ok(aside)
    }

    /// Returns the path of the profile file.
    pub fn path(&self) -> PathBuf {
        self.folder.join(FILE_NAME)
    }

    /// Returns every profile, in the order they were added.
    pub fn list(&self) -> Result<Vec<Profile>, ProfileError> {
        Ok(file::read(&self.path())?.profiles)
    }

    /// Returns the profile named `name`, ignoring case.
    pub fn get(&self, name: &str) -> Result<Profile, ProfileError> {
        let contents = file::read(&self.path())?;
        let index = find(&contents, name)?;
        Ok(contents.profiles[index].clone())
    }

    /// Returns the active profile, if one is set.
    pub fn active(&self) -> Result<Option<Profile>, ProfileError> {
        let contents = file::read(&self.path())?;
        let Some(active) = &contents.active else {
            return Ok(None);
        };
        Ok(contents
            .position(active.as_str())
            .map(|index| contents.profiles[index].clone()))
    }

    /// Makes the profile named `name` the active one.
    pub fn set_active(&self, name: &str) -> Result<(), ProfileError> {
        self.change(|contents| {
            let index = find(contents, name)?;
            contents.active = Some(contents.profiles[index].name.clone());
            Ok(())
        })
    }

    /// Adds a new profile. The first profile added becomes the active one.
    pub fn add(&self, profile: Profile) -> Result<(), ProfileError> {
        check(&profile)?;
        self.change(|contents| {
            ensure_free(contents, &profile.name, None)?;
            if contents.profiles.is_empty() {
                contents.active = Some(profile.name.clone());
            }
            contents.profiles.push(profile);
            Ok(())
        })
    }

    /// Replaces the profile with the same name. Keychain entries the new version no longer uses
    /// (those of parent orgs taken off the list) are deleted first; to change the name, use
    /// [`ProfileStore::rename`].
    pub async fn update<S: SecretStore>(
        &self,
        profile: Profile,
        secrets: &S,
    ) -> Result<(), ProfileError> {
        check(&profile)?;
        let current = self.get(profile.name.as_str())?;
        let kept = profile.secret_entries();
        let dropped: Vec<String> = current
            .secret_entries()
            .into_iter()
            .filter(|entry| !kept.contains(entry))
            .collect();
        secrets::delete_all(secrets, &dropped)
            .await
            .map_err(|(_, source)| keychain_error(&profile.name, source))?;

        self.change(|contents| {
            let index = find(contents, profile.name.as_str())?;
            if contents.active.as_ref() == Some(&contents.profiles[index].name) {
                contents.active = Some(profile.name.clone());
            }
            contents.profiles[index] = profile;
            Ok(())
        })
    }

    /// Removes a profile and its keychain entries. The entries go first: if the keychain fails,
    /// the profile stays, so the removal can be retried and no secret is left without a profile
    /// that names it. Removing the active profile leaves none active.
    pub async fn remove<S: SecretStore>(
        &self,
        name: &str,
        secrets: &S,
    ) -> Result<(), ProfileError> {
        let profile = self.get(name)?;
        secrets::delete_all(secrets, &profile.secret_entries())
            .await
            .map_err(|(_, source)| keychain_error(&profile.name, source))?;

        self.change(|contents| {
            let index = find(contents, name)?;
            let removed = contents.profiles.remove(index);
            if contents.active.as_ref() == Some(&removed.name) {
                contents.active = None;
            }
            Ok(())
        })
    }

    /// Renames a profile and moves its keychain entries to the new name: copies them, saves the
    /// renamed profile, then deletes the old entries. If a copy or the save fails, the copies are
    /// deleted and the profile keeps its old name. A change of case only keeps the entries,
    /// whose names are in lower case.
    pub async fn rename<S: SecretStore>(
        &self,
        old_name: &str,
        new_name: &str,
        secrets: &S,
    ) -> Result<(), ProfileError> {
        let new_name = ProfileName::parse(new_name)?;
        let profile = self.get(old_name)?;
        ensure_free(&file::read(&self.path())?, &new_name, Some(&profile.name))?;

        let pairs = rename_pairs(&profile, &new_name);
        let copied = secrets::copy_all(secrets, &pairs)
            .await
            .map_err(|source| keychain_error(&profile.name, source))?;
        if let Err(error) = self.save_new_name(old_name, &profile.name, &new_name) {
            if let Err((_, cleanup)) = secrets::delete_all(secrets, &copied).await {
                tracing::warn!(error = %cleanup, profile = %new_name, "could not delete copied profile secrets");
            }
            return Err(error);
        }

        let old_entries: Vec<String> = pairs.into_iter().map(|(from, _)| from).collect();
        secrets::delete_all(secrets, &old_entries)
            .await
            .map_err(|(entries, source)| ProfileError::SecretsLeft {
                profile: profile.name.to_string(),
                entries,
                source: Box::new(source),
            })
    }

    /// Writes the new name into the file, and into the active profile if it was this one.
    fn save_new_name(
        &self,
        old_name: &str,
        current: &ProfileName,
        new_name: &ProfileName,
    ) -> Result<(), ProfileError> {
        self.change(|contents| {
            ensure_free(contents, new_name, Some(current))?;
            let index = find(contents, old_name)?;
            if contents.active.as_ref() == Some(&contents.profiles[index].name) {
                contents.active = Some(new_name.clone());
            }
            contents.profiles[index].name = new_name.clone();
            Ok(())
        })
    }

    /// Reads the file under the folder lock, applies `edit` and writes the result. A damaged or
    /// newer file fails the read, so it is never written over.
    fn change(
        &self,
        edit: impl FnOnce(&mut ProfilesFile) -> Result<(), ProfileError>,
    ) -> Result<(), ProfileError> {
        let _lock = FolderLock::acquire(&self.folder.join(LOCK_FILE_NAME))?;
        let path = self.path();
        let mut contents = file::read(&path)?;
        edit(&mut contents)?;
        file::write(&path, &contents)
    }

    /// Returns the folder the store keeps its files in.
    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

/// Pairs each keychain entry name of `profile` with its name after the rename, leaving out names
/// that do not change.
fn rename_pairs(profile: &Profile, new_name: &ProfileName) -> Vec<(String, String)> {
    let mut renamed = profile.clone();
    renamed.name = new_name.clone();
    profile
        .secret_entries()
        .into_iter()
        .zip(renamed.secret_entries())
        .filter(|(from, to)| from != to)
        .collect()
}

fn check(profile: &Profile) -> Result<(), ProfileError> {
    profile.check().map_err(|problem| ProfileError::Mismatch {
        name: profile.name.to_string(),
        problem,
    })
}

fn find(contents: &ProfilesFile, name: &str) -> Result<usize, ProfileError> {
    contents
        .position(name)
        .ok_or_else(|| ProfileError::NotFound {
            name: name.trim().to_owned(),
        })
}

/// Fails when another profile than `except` already has `name`, ignoring case.
fn ensure_free(
    contents: &ProfilesFile,
    name: &ProfileName,
    except: Option<&ProfileName>,
) -> Result<(), ProfileError> {
    let taken = contents.profiles.iter().find(|profile| {
        profile.name.matches(name.as_str())
            && except.is_none_or(|except| !profile.name.matches(except.as_str()))
    });
    match taken {
        Some(existing) => Err(ProfileError::AlreadyExists {
            name: name.to_string(),
            existing: existing.name.to_string(),
        }),
        None => Ok(()),
    }
}

fn keychain_error(profile: &ProfileName, source: crate::KeychainError) -> ProfileError {
    ProfileError::Keychain {
        profile: profile.to_string(),
        source: Box::new(source),
    }
}
