//! A session: one profile opened into Okta clients, with every change checked by the guards,
//! recorded in the journal before it is sent and after it ends, and explained in plain words
//! when it fails. The app's commands and the `aerial` CLI both work through it.

mod changes;
mod credentials;
mod error;
mod org_creation;
mod recheck;

use std::sync::Arc;
use std::time::Duration;

use okta::aerial::{Account, Org, OrgQuery, Product};
use okta::{AerialClient, Http, HttpConfig, Pages, ServiceApp, TokenClient};

pub use changes::{DeletionRequest, StatusChange};
pub use credentials::store_key;
pub use error::{Explanation, SessionError};
pub use org_creation::{CreatedOrgSummary, StarterConfiguration, StarterResult, child_address};
pub use recheck::Recheck;

use crate::diagnosis::{DiagnosisContext, diagnose};
use crate::journal::Journal;
use crate::keychain::Keychain;
use crate::plans::OrgLocks;
use crate::profiles::{Profile, SecretStore};

/// The shared pieces a session runs on. The app and the CLI build one set at start.
pub struct Services<S: SecretStore = Keychain> {
    /// The keychain, or a test's own store.
    pub secrets: Arc<S>,
    /// The change journal.
    pub journal: Journal,
    /// The per-org locks that serialize product changes across windows and processes.
    pub locks: Arc<OrgLocks>,
    /// The access-token cache, shared by every profile so switching back reuses tokens.
    pub tokens: Arc<TokenClient>,
}

/// One profile, opened.
pub struct Session<S: SecretStore = Keychain> {
    profile: Profile,
    services: Arc<Services<S>>,
    http: Http,
    app: Arc<ServiceApp>,
    aerial: AerialClient,
    added: org_creation::AddedOrgs,
    recheck_grace: Duration,
}

/// The minimum age of an "outcome unknown" change that Okta does not show before it is settled
/// as failed.
// NOTE: an estimate. Okta documents no time for a change to show, only that a new org needs about
// 30 seconds before it responds.
pub const RECHECK_GRACE: Duration = Duration::from_secs(120);

/// Returns HTTP settings for the profile: short timeouts and no proxy when every address is on
/// this computer (the demo and a local emulator), the defaults otherwise.
pub fn http_config_for(profile: &Profile) -> HttpConfig {
    let addresses = std::iter::once(profile.aerial_org.base_url())
        .chain(std::iter::once(profile.aerial_service.to_string()))
        .chain(
            profile
                .parent_orgs
                .iter()
                .map(|parent| parent.org.base_url()),
        );
    let all_local = addresses
        .map(|address| url::Url::parse(&address))
        .all(|url| url.is_ok_and(|url| okta::urls::is_loopback_host(&url)));
    if all_local {
        HttpConfig::loopback()
    } else {
        HttpConfig::default()
    }
}

impl<S: SecretStore> Session<S> {
    /// Opens `profile`: reads its key from the keychain and builds the Aerial client. Nothing
    /// is sent to Okta yet.
    pub async fn open(profile: Profile, services: Arc<Services<S>>) -> Result<Self, SessionError> {
        let http = Http::new(http_config_for(&profile)).map_err(|error| {
            let context = DiagnosisContext::default();
            okta_error(error, &context)
        })?;
        let app = Arc::new(credentials::service_app(services.secrets.as_ref(), &profile).await?);
        let service = credentials::okta_url(&profile, profile.aerial_service.as_str())?;
        let aerial = AerialClient::new(
            http.clone(),
            Arc::clone(&services.tokens),
            service,
            profile.account_id.as_str(),
            Arc::clone(&app),
        )
        .map_err(|error| okta_error(error, &context_for(&profile)))?;
        Ok(Session {
            profile,
            services,
            http,
            app,
            aerial,
            added: org_creation::AddedOrgs::default(),
            recheck_grace: RECHECK_GRACE,
        })
    }

    /// Sets how old an "outcome unknown" change must be before [`Session::recheck_unknown`]
    /// settles it as failed when Okta does not show it ([`RECHECK_GRACE`] by default).
    pub fn set_recheck_grace(&mut self, grace: Duration) {
        self.recheck_grace = grace;
    }

    /// Returns the profile this session runs on.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// Returns the Aerial API client, for reads the session does not wrap.
    pub fn aerial(&self) -> &AerialClient {
        &self.aerial
    }

    /// Returns the service app the session signs in as.
    pub fn app(&self) -> &Arc<ServiceApp> {
        &self.app
    }

    /// Returns the HTTP client, shared by every call of this session.
    pub fn http(&self) -> &Http {
        &self.http
    }

    /// Returns the journal every change is recorded in.
    pub fn journal(&self) -> &Journal {
        &self.services.journal
    }

    /// `GET /accounts`.
    pub async fn account(&self) -> Result<Account, SessionError> {
        self.aerial
            .account()
            .await
            .map_err(|e| self.failed(e, None))
    }

    /// Lists the products the account subscribes to.
    pub async fn products(&self) -> Result<Vec<Product>, SessionError> {
        self.aerial
            .products()
            .await
            .map_err(|e| self.failed(e, None))
    }

    /// Lists every managed org that matches `filter` (a SCIM expression), following `Link`
    /// pages. `on_page` receives the running count after each page, for progress.
    pub async fn orgs(
        &self,
        filter: Option<String>,
        mut on_page: impl FnMut(usize),
    ) -> Result<Vec<Org>, SessionError> {
        let query = OrgQuery {
            limit: Some(100),
            filter,
            after: None,
        };
        let mut pages: Pages<Org> = self
            .aerial
            .org_pages(&query)
            .map_err(|e| self.failed(e, None))?;
        let mut orgs = Vec::new();
        while let Some(page) = pages.next_page().await {
            orgs.extend(page.map_err(|e| self.failed(e, None))?);
            on_page(orgs.len());
        }
        Ok(orgs)
    }

    /// Reads one org.
    pub async fn org(&self, org_id: &str) -> Result<Org, SessionError> {
        self.aerial
            .org(org_id)
            .await
            .map_err(|e| self.failed(e, Some(org_id)))
    }

    /// Lists the products enabled in one org.
    pub async fn org_products(&self, org_id: &str) -> Result<Vec<Product>, SessionError> {
        self.aerial
            .org_products(org_id)
            .await
            .map_err(|e| self.failed(e, Some(org_id)))
    }

    /// Turns an Okta error into a session error with the diagnosis for this profile.
    fn failed(&self, error: okta::Error, target_org: Option<&str>) -> SessionError {
        let mut context = context_for(&self.profile);
        context.target_org = target_org.map(str::to_owned);
        context.scope = Some(okta::scope::ACCOUNTS_READ.to_owned());
        okta_error(error, &context)
    }
}

/// Returns the diagnosis context of a profile.
pub(crate) fn context_for(profile: &Profile) -> DiagnosisContext {
    DiagnosisContext {
        client_id: Some(profile.client_id.to_string()),
        aerial_org_domain: Some(profile.aerial_org.authority().to_owned()),
        account_id: Some(profile.account_id.to_string()),
        scope: None,
        target_org: None,
    }
}

fn okta_error(error: okta::Error, context: &DiagnosisContext) -> SessionError {
    SessionError::Okta {
        diagnosis: Box::new(diagnose(&error, context)),
        error: Box::new(error),
    }
}
