//! The state every command shares: the global options, the profile store, the keychain and the
//! journal, opened on first use.

use std::path::PathBuf;

use desk::profiles::{Profile, ProfileStore};
use desk::{Journal, Keychain};

use crate::cli::Cli;
use crate::failure::{Exit, Failure, Outcome};

pub struct App {
    pub json: bool,
    pub yes: bool,
    profile_name: Option<String>,
    data_dir: Option<PathBuf>,
    pub store: ProfileStore,
    pub keychain: Keychain,
}

impl App {
    /// Opens the profile store, in the folder given on the command line or the OS default.
    /// A damaged profile file fails here, so every command reports it the same way.
    pub fn new(cli: &Cli) -> Outcome<Self> {
        let store = match &cli.config_dir {
            Some(folder) => ProfileStore::open(folder.clone())?,
            None => ProfileStore::open_default()?,
        };
        Ok(App {
            json: cli.json,
            yes: cli.yes,
            profile_name: cli.profile.clone(),
            data_dir: cli.data_dir.clone(),
            store,
            keychain: Keychain::for_this_build(),
        })
    }

    /// Returns the profile named by `--profile`, else the active one.
    pub fn profile(&self) -> Outcome<Profile> {
        if let Some(name) = &self.profile_name {
            return Ok(self.store.get(name)?);
        }
        match self.store.active()? {
            Some(profile) => Ok(profile),
            None => Err(Failure::new(
                Exit::NotConfigured,
                "No profile is active, and --profile was not given.",
                "Add one with `aerial profile add`, or choose one with `aerial profile use NAME` or --profile NAME.",
            )),
        }
    }

    /// Returns the name given with `--profile`, if any.
    pub fn profile_flag(&self) -> Option<&str> {
        self.profile_name.as_deref()
    }

    /// Returns the journal's path, in the folder given on the command line or the OS default.
    fn journal_path(&self) -> Outcome<PathBuf> {
        Ok(match &self.data_dir {
            Some(folder) => folder.join(desk::journal::FILE_NAME),
            None => Journal::default_path()?,
        })
    }

    /// Returns the folder of the per-org lock files: the journal's folder.
    // NOTE: product changes of the desktop app and of this CLI exclude each other only if the
    // app keeps its lock files in the same folder.
    pub fn lock_folder(&self) -> Outcome<PathBuf> {
        let path = self.journal_path()?;
        Ok(path.parent().map(PathBuf::from).unwrap_or_default())
    }

    /// Opens the journal, in the folder given on the command line or the OS default.
    pub async fn journal(&self) -> Outcome<Journal> {
        let path = self.journal_path()?;
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|error| {
                Failure::rejected(
                    format!(
                        "Could not create the journal folder {}: {error}.",
                        folder.display()
                    ),
                    "Check the folder's permissions, or choose another with AERIAL_DESK_DATA_DIR.",
                )
            })?;
        }
        Ok(Journal::open(path).await?)
    }
}
