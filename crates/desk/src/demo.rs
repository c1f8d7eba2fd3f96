//! The offline demo: okta-sim in-process on a random loopback port with its built-in demo
//! account, and the steps a real account needs in Okta's Admin Console done through the
//! emulator's control API instead.
//!
//! After [`try_the_demo`] the demo is an ordinary profile: the app signs real JWTs with a key
//! kept in the keychain and sends real HTTP to the emulator, exactly as for a real account.

mod candidates;
mod control;
mod error;
mod profile;
mod state_file;

use std::path::{Path, PathBuf};
use std::time::Duration;

use okta::PublicJwk;
use okta_sim::{RunningSim, SimConfig, World};
use rand::Rng;
use rand::distr::Alphanumeric;
use serde_json::json;

use crate::profiles::{AccountId, BaseUrl};

pub use candidates::LinkCandidate;
use control::Control;
pub use error::DemoError;
pub use profile::{DEMO_PARENT_ORG, DEMO_PROFILE_NAME, DEMO_SCOPES, reopen_in_demo, try_the_demo};
pub use state_file::{DamagedStateFile, STATE_FILE_NAME};

/// How to start the demo.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The folder for the state file, so demo changes survive an app restart. It is created
    /// when missing.
    // NOTE: nothing locks the folder, so two demos started on one folder overwrite each
    // other's saved state, and the last change wins.
    pub folder: PathBuf,
    /// How long an org made by Org Creator stays unreachable. The default of zero keeps the
    /// demo quick, and okta-sim's realistic setting uses 30 seconds.
    pub org_ready_delay: Duration,
}

impl DemoOptions {
    /// Keeps the state in `folder`, with no org-ready delay.
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        Self {
            folder: folder.into(),
            org_ready_delay: Duration::ZERO,
        }
    }
}

/// The running demo emulator, with the demo account's addresses. Stop it with
/// [`DemoService::shutdown`], because dropping it leaves the server running until the Tokio
/// runtime ends.
#[derive(Debug)]
pub struct DemoService {
    sim: RunningSim,
    control: Control,
    state_file: PathBuf,
    damaged_state_file: Option<DamagedStateFile>,
    account_id: AccountId,
    aerial_service: BaseUrl,
    aerial_org: BaseUrl,
}

impl DemoService {
    /// Starts the emulator on `127.0.0.1:0` with the demo data, its control API on, and its
    /// state loaded from and saved to `{folder}/demo-state.json`. A state file that cannot be
    /// read is renamed (see [`DemoService::damaged_state_file`]) and the demo starts fresh.
    pub async fn start(options: DemoOptions) -> Result<Self, DemoError> {
        std::fs::create_dir_all(&options.folder).map_err(|source| DemoError::Folder {
            path: options.folder.clone(),
            source,
        })?;
        let state_file = options.folder.join(STATE_FILE_NAME);
        let (sim, damaged_state_file) = start_sim(&options, &state_file).await?;

        let (control, (account_id, aerial_service, aerial_org)) =
            match connect(&sim, &state_file).await {
                Ok(connected) => connected,
                Err(error) => {
                    sim.shutdown().await;
                    return Err(error);
                }
            };

        tracing::info!(port = sim.port(), state_file = %state_file.display(), "demo started");
        Ok(Self {
            sim,
            control,
            state_file,
            damaged_state_file,
            account_id,
            aerial_service,
            aerial_org,
        })
    }

    /// Returns the loopback port the emulator listens on.
    pub fn port(&self) -> u16 {
        self.sim.port()
    }

    /// Returns the Aerial service URL, such as `http://aerial.sim.localhost:41234`.
    pub fn aerial_service_url(&self) -> &BaseUrl {
        &self.aerial_service
    }

    /// Returns the URL of the account's Aerial org, such as
    /// `http://northwind-aerial.sim.localhost:41234`.
    pub fn aerial_org_url(&self) -> &BaseUrl {
        &self.aerial_org
    }

    /// Returns the demo account's ID.
    pub fn account_id(&self) -> &AccountId {
        &self.account_id
    }

    /// Returns the URL of a demo org by its domain, such as `northwind-eu.sim.localhost`.
    /// Only names under `.localhost` are accepted, because only those reach the emulator.
    pub fn org_url(&self, domain: &str) -> Result<BaseUrl, DemoError> {
        demo_url(&self.sim, domain)
    }

    /// Returns the file the demo state is saved to.
    pub fn state_file(&self) -> &Path {
        &self.state_file
    }

    /// Returns the damaged state file that was set aside at start, if there was one. Its
    /// `Display` is the message to show the user.
    pub fn damaged_state_file(&self) -> Option<&DamagedStateFile> {
        self.damaged_state_file.as_ref()
    }

    /// Reads the emulator's current state: accounts, orgs and registered clients.
    pub async fn state(&self) -> Result<World, DemoError> {
        self.control.state().await
    }

    /// Registers a new service app in the demo's Aerial org with one public key, the granted
    /// `scopes` and the DPoP requirement, as an admin does in the Admin Console. Returns the
    /// new client ID.
    pub async fn register_client(
        &self,
        jwk: &PublicJwk,
        scopes: &[&str],
        dpop_required: bool,
    ) -> Result<String, DemoError> {
        let client_id = new_client_id();
        self.register_client_as(&client_id, jwk, scopes, dpop_required)
            .await?;
        Ok(client_id)
    }

    /// Replaces the scopes granted to a registered app, as the Okta API Scopes tab does.
    pub async fn grant_scopes(&self, client_id: &str, scopes: &[&str]) -> Result<(), DemoError> {
        let client_id = crate::profiles::ClientId::parse(client_id)?;
        let body = json!({ "grantedScopes": scopes });
        self.control.patch_client(client_id.as_str(), &body).await
    }

    /// Stops the emulator and waits for it to close its connections. The state file stays.
    pub async fn shutdown(self) {
        self.sim.shutdown().await;
        tracing::info!("demo stopped");
    }

    async fn register_client_as(
        &self,
        client_id: &str,
        jwk: &PublicJwk,
        scopes: &[&str],
        dpop_required: bool,
    ) -> Result<(), DemoError> {
        let body = json!({
            "orgDomain": host_of(self.aerial_org.as_str()),
            "clientId": client_id,
            "applicationType": "service",
            "tokenEndpointAuthMethod": "private_key_jwt",
            "grantedScopes": scopes,
            "dpopRequired": dpop_required,
            "jwks": [jwk],
        });
        self.control.register_client(&body).await?;
        tracing::info!(client_id, "registered a demo client");
        Ok(())
    }

    async fn add_key(&self, client_id: &str, jwk: &PublicJwk) -> Result<(), DemoError> {
        let body = serde_json::to_value(jwk).unwrap_or_default();
        self.control.add_key(client_id, &body).await
    }
}

/// Starts the emulator. When the state file is damaged, sets it aside and starts again with
/// fresh data.
async fn start_sim(
    options: &DemoOptions,
    state_file: &Path,
) -> Result<(RunningSim, Option<DamagedStateFile>), DemoError> {
    let config = || {
        SimConfig::demo()
            .control_api(true)
            .org_ready_delay(options.org_ready_delay)
            .persist_to(state_file.to_owned())
    };
    let error = match okta_sim::start(config()).await {
        Ok(sim) => return Ok((sim, None)),
        Err(error) => error,
    };
    let Some(reason) = state_file::damage_reason(&error) else {
        return Err(DemoError::Start(error));
    };

    let damaged = state_file::set_aside(state_file, reason)?;
    let sim = okta_sim::start(config()).await.map_err(DemoError::Start)?;
    Ok((sim, Some(damaged)))
}

/// Opens the control API of `sim` and reads the demo account's addresses from its state.
async fn connect(
    sim: &RunningSim,
    state_file: &Path,
) -> Result<(Control, (AccountId, BaseUrl, BaseUrl)), DemoError> {
    let control = Control::new(sim.port())?;
    let world = control.state().await?;
    let addresses = addresses_of(sim, &world, state_file)?;
    Ok((control, addresses))
}

/// Finds the demo account in the emulator's state and returns its ID, the Aerial service URL and
/// the URL of its Aerial org.
fn addresses_of(
    sim: &RunningSim,
    world: &World,
    state_file: &Path,
) -> Result<(AccountId, BaseUrl, BaseUrl), DemoError> {
    let missing = |what: &str| DemoError::MissingDemoData {
        what: what.to_owned(),
        state_file: state_file.to_owned(),
    };
    let account = world
        .accounts
        .first()
        .ok_or_else(|| missing("Aerial account"))?;
    let aerial_org = world
        .orgs
        .iter()
        .find(|org| org.id == account.aerial_org_id)
        .ok_or_else(|| missing("Aerial org"))?;

    let account_id = AccountId::parse(&account.id)?;
    let service_url = sim.aerial_url();
    Ok((
        account_id,
        demo_url(sim, host_of(&service_url))?,
        demo_url(sim, &aerial_org.domain)?,
    ))
}

/// Returns `http://{host}:{port}` for a host of the emulator. Only names under `.localhost`
/// are accepted, because the Okta client resolves only those to the loopback address.
fn demo_url(sim: &RunningSim, host: &str) -> Result<BaseUrl, DemoError> {
    let host = host.trim().to_ascii_lowercase();
    if !host.ends_with(".localhost") {
        return Err(DemoError::InvalidDomain {
            domain: host,
            reason: "it is not a name under .localhost".into(),
        });
    }
    BaseUrl::parse(&sim.url_for(&host)).map_err(|error| DemoError::InvalidDomain {
        reason: error.problem.to_string(),
        domain: host,
    })
}

/// Returns the host of an `http://{host}:{port}` URL.
fn host_of(url: &str) -> &str {
    let authority = url.split_once("://").map_or(url, |(_, rest)| rest);
    authority.split(':').next().unwrap_or(authority)
}

/// Returns a client ID in Okta's shape: `0oa` and 17 letters and digits.
fn new_client_id() -> String {
    let suffix: String = rand::rng()
        .sample_iter(Alphanumeric)
        .take(17)
        .map(char::from)
        .collect();
    format!("0oa{suffix}")
}
