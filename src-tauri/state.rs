//! The state every command can reach through `tauri::State`: the shared services (keychain,
//! journal, per-org locks, token cache), the profile store, the running demo, and the session of
//! the active profile.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use desk::demo::{DEMO_PROFILE_NAME, DemoOptions, DemoService};
use desk::journal::Journal;
use desk::plans::{OrgLocks, ProductPlan};
use desk::session::{Services, Session, SessionError};
use desk::{Keychain, Profile, ProfileStore};
use serde::Serialize;
use specta::Type;
use tokio::sync::{Mutex, Notify, RwLock};

use crate::dialogs::SaveDialog;
use crate::recent_errors::RecentErrors;

/// The session of the active profile, as the commands share it.
pub type ActiveSession = Arc<Session<Keychain>>;

/// The folders the app keeps its files in.
#[derive(Clone, Debug)]
pub struct AppFolders {
    /// The profile file's folder.
    pub config: PathBuf,
    /// The journal, the per-org lock files and the demo's saved state.
    pub data: PathBuf,
    /// The daily log files.
    pub logs: PathBuf,
}

impl AppFolders {
    /// Returns this build's OS folders: the profile store's and the journal's defaults, which
    /// the `aerial` CLI shares, and `logs` as given, because Tauri resolves the OS log folder.
    pub fn for_this_build(logs: PathBuf) -> Result<Self, StartError> {
        let config = ProfileStore::default_folder().map_err(StartError::Profiles)?;
        let journal = Journal::default_path().map_err(StartError::Journal)?;
        let data = journal
            .parent()
            .map(PathBuf::from)
            .ok_or_else(|| StartError::NoDataFolder(journal.clone()))?;
        Ok(Self { config, data, logs })
    }

    /// Returns the folders under one root, for tests.
    pub fn under(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            config: root.join("config"),
            data: root.join("data"),
            logs: root.join("logs"),
        }
    }

    fn journal(&self) -> PathBuf {
        self.data.join(desk::journal::FILE_NAME)
    }

    fn locks(&self) -> PathBuf {
        self.data.join("locks")
    }

    fn demo(&self) -> PathBuf {
        self.data.join("demo")
    }
}

/// A failure while opening the app's state at start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("the profile file could not be opened: {0}")]
    Profiles(#[source] desk::ProfileError),
    #[error("the journal could not be opened: {0}")]
    Journal(#[source] desk::JournalError),
    #[error("the HTTP client could not be built: {0}")]
    Http(#[source] okta::Error),
    #[error("the journal path {} has no parent folder", .0.display())]
    NoDataFolder(PathBuf),
}

/// The app's managed state.
pub struct AppState {
    /// Keychain, journal, per-org locks and the one token cache every session shares.
    pub services: Arc<Services<Keychain>>,
    /// The profiles, in the file the CLI shares.
    pub profiles: ProfileStore,
    /// The folders the app keeps its files in.
    pub folders: AppFolders,
    /// The in-process demo emulator, while the active profile or the first-run screen uses it.
    demo: Mutex<Option<DemoService>>,
    /// The active profile's session. A write lock is held while a profile is opened, so no
    /// command runs on a half-switched profile.
    session: RwLock<Option<ActiveSession>>,
    /// The last failures shown to the user, for "Copy diagnostics".
    pub recent_errors: RecentErrors,
    /// Wakes the long loads (the orgs list) when the user presses Cancel.
    pub cancel_loads: Notify,
    /// The product plan each org's admin reviewed last, which "apply" writes.
    pub reviewed_plans: std::sync::Mutex<HashMap<String, ProductPlan>>,
    /// Opens the save dialog; set at setup, so tests and headless runs have none.
    save_dialog: OnceLock<SaveDialog>,
}

impl AppState {
    /// Opens the profile store and the journal in `folders`. Nothing is sent anywhere and no
    /// profile is opened yet.
    pub async fn open(folders: AppFolders) -> Result<Self, StartError> {
        let profiles = ProfileStore::open(&folders.config).map_err(StartError::Profiles)?;
        let journal = Journal::open(folders.journal())
            .await
            .map_err(StartError::Journal)?;
        let http = okta::Http::new(okta::HttpConfig::default()).map_err(StartError::Http)?;
        let services = Services {
            secrets: Arc::new(Keychain::for_this_build()),
            journal,
            locks: Arc::new(OrgLocks::new(folders.locks())),
            tokens: Arc::new(okta::TokenClient::new(http)),
        };
        Ok(Self {
            services: Arc::new(services),
            profiles,
            folders,
            demo: Mutex::new(None),
            session: RwLock::new(None),
            recent_errors: RecentErrors::default(),
            cancel_loads: Notify::new(),
            reviewed_plans: std::sync::Mutex::new(HashMap::new()),
            save_dialog: OnceLock::new(),
        })
    }

    /// Sets the save dialog the export commands open. Only the first call has an effect.
    pub fn set_save_dialog(&self, dialog: SaveDialog) {
        if self.save_dialog.set(dialog).is_err() {
            tracing::warn!("the save dialog was already set");
        }
    }

    /// Returns the save dialog, or `None` when the app runs without one.
    pub fn save_dialog(&self) -> Option<&SaveDialog> {
        self.save_dialog.get()
    }

    /// Returns the OS keychain.
    pub fn keychain(&self) -> &Keychain {
        &self.services.secrets
    }

    /// Returns the active profile's session, or `None` when no profile is open.
    pub async fn session(&self) -> Option<ActiveSession> {
        self.session.read().await.clone()
    }

    /// Opens `profile` and makes its session the active one. When it is the demo's profile,
    /// starts the demo emulator first (on a new port) and moves the profile's addresses to it.
    /// Another demo-environment profile, which the connect wizard saves in the demo, is moved to
    /// the running demo the same way.
    pub async fn open_profile(&self, profile: Profile) -> Result<ActiveSession, OpenError> {
        if profile.environment == desk::profiles::Environment::Demo {
            if profile.name.matches(DEMO_PROFILE_NAME) {
                return self.open_demo(|_| {}).await;
            }
            return self.open_in_demo(profile.name.as_str()).await;
        }
        let mut slot = self.session.write().await;
        *slot = None;
        self.stop_demo().await;
        self.install(&mut slot, profile).await
    }

    /// Starts the demo if needed, creates or refreshes the Demo profile, makes it the active
    /// profile and opens it. `report` hears each step as it begins.
    pub async fn open_demo(
        &self,
        report: impl Fn(DemoProgress) + Send + Sync,
    ) -> Result<ActiveSession, OpenError> {
        let mut slot = self.session.write().await;
        *slot = None;
        let profile = self.refresh_demo_profile(&report).await?;
        report(DemoProgress::step(DemoStep::SignIn));
        self.install(&mut slot, profile).await
    }

    /// Starts the demo if needed, moves the demo-environment profile `name` to it, makes it the
    /// active profile and opens it.
    async fn open_in_demo(&self, name: &str) -> Result<ActiveSession, OpenError> {
        let mut slot = self.session.write().await;
        *slot = None;
        let profile = {
            let demo = self.running_demo(&|_| {}).await?;
            let service = demo.as_ref().ok_or(OpenError::DemoStopped)?;
            desk::demo::reopen_in_demo(&self.profiles, self.keychain(), service, name).await?
        };
        self.install(&mut slot, profile).await
    }

    async fn install(
        &self,
        slot: &mut Option<ActiveSession>,
        profile: Profile,
    ) -> Result<ActiveSession, OpenError> {
        let session = Arc::new(Session::open(profile, Arc::clone(&self.services)).await?);
        *slot = Some(Arc::clone(&session));
        tracing::info!(profile = %session.profile().name, "profile opened");
        Ok(session)
    }

    /// Closes the active session, when a profile is removed or none is active.
    pub async fn close_session(&self) {
        *self.session.write().await = None;
        self.stop_demo().await;
    }

    /// Starts the demo if it is not running, then creates or refreshes the Demo profile for it
    /// and makes that the active profile in the store.
    async fn refresh_demo_profile(
        &self,
        report: &(impl Fn(DemoProgress) + Send + Sync),
    ) -> Result<Profile, OpenError> {
        let demo = self.running_demo(report).await?;
        let service = demo.as_ref().ok_or(OpenError::DemoStopped)?;
        report(DemoProgress::step(DemoStep::PrepareProfile));
        let profile = desk::demo::try_the_demo(&self.profiles, self.keychain(), service).await?;
        Ok(profile)
    }

    /// Starts the demo emulator if it is not running, and returns the guard that holds it.
    async fn running_demo(
        &self,
        report: &(impl Fn(DemoProgress) + Send + Sync),
    ) -> Result<tokio::sync::MutexGuard<'_, Option<DemoService>>, OpenError> {
        let mut demo = self.demo.lock().await;
        if demo.is_none() {
            report(DemoProgress::step(DemoStep::StartService));
            let service = DemoService::start(DemoOptions::new(self.folders.demo())).await?;
            if let Some(damaged) = service.damaged_state_file() {
                tracing::warn!(%damaged, "the demo state file was damaged and set aside");
                report(DemoProgress {
                    step: DemoStep::StartService,
                    notice: Some(damaged.to_string()),
                });
            }
            *demo = Some(service);
        }
        Ok(demo)
    }

    /// Returns the running demo emulator, or `None` in the guard when none runs, for the connect
    /// wizard's Admin Console step in the demo. The demo cannot stop or restart while the guard
    /// is held.
    pub async fn demo(&self) -> tokio::sync::MutexGuard<'_, Option<DemoService>> {
        self.demo.lock().await
    }

    /// Stops the demo emulator if it runs.
    pub async fn stop_demo(&self) {
        if let Some(service) = self.demo.lock().await.take() {
            service.shutdown().await;
        }
    }
}

/// A step of "Try the demo", reported as it begins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum DemoStep {
    /// Starting the emulator on a loopback port.
    StartService,
    /// Creating the key and registering the app, or moving the profile to the new port.
    PrepareProfile,
    /// Opening the profile's session.
    SignIn,
    /// Checking changes from earlier runs whose outcome is unknown.
    CheckChanges,
}

/// Progress of "Try the demo".
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DemoProgress {
    pub step: DemoStep,
    /// A message for the user, such as the damaged demo state that was set aside.
    pub notice: Option<String>,
}

impl DemoProgress {
    /// Progress with no message.
    pub fn step(step: DemoStep) -> Self {
        Self { step, notice: None }
    }
}

/// A failure while opening a profile.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Demo(#[from] desk::demo::DemoError),
    #[error("the demo stopped while its profile was being opened; open the profile again")]
    DemoStopped,
}
