//! Opens a profile into Okta clients: the private key from the keychain, the Aerial API client,
//! and management clients for parent orgs.

use std::future::Future;
use std::sync::Arc;

use desk::DiagnosisContext;
use desk::profiles::{OrgAddress, Profile, SecretKind};
use okta::{
    AerialClient, BaseUrl, Http, HttpConfig, OrgClient, OrgCredentials, PrivateKey, ServiceApp,
    TokenClient,
};

use crate::app::App;
use crate::failure::{Exit, Failure, Outcome};

/// The clients of one profile, with the values its diagnoses name.
pub struct Connection {
    pub profile: Profile,
    pub tokens: Arc<TokenClient>,
    pub app: Arc<ServiceApp>,
    pub aerial: AerialClient,
}

impl Connection {
    /// Returns the profile's values for filling in a diagnosis about `target_org`.
    pub fn context(&self, target_org: Option<&str>) -> DiagnosisContext {
        context(&self.profile, target_org)
    }

    /// Turns an Okta error into a failure, with this profile's values in the diagnosis.
    pub fn failure(&self, error: &okta::Error, target_org: Option<&str>) -> Failure {
        Failure::from_okta(error, &self.context(target_org))
    }

    /// Awaits an Okta call and diagnoses its error with this profile's values.
    pub async fn checked<T>(
        &self,
        call: impl Future<Output = Result<T, okta::Error>>,
        target_org: Option<&str>,
    ) -> Outcome<T> {
        call.await.map_err(|error| self.failure(&error, target_org))
    }
}

/// Returns the profile's values for filling in a diagnosis.
pub fn context(profile: &Profile, target_org: Option<&str>) -> DiagnosisContext {
    DiagnosisContext {
        client_id: Some(profile.client_id.to_string()),
        aerial_org_domain: Some(profile.aerial_org.authority().to_owned()),
        account_id: Some(profile.account_id.to_string()),
        scope: None,
        target_org: target_org.map(str::to_owned),
    }
}

/// Builds the HTTP client every command shares.
pub fn http(profile: &Profile) -> Outcome<Http> {
    Http::new(HttpConfig::default())
        .map_err(|error| Failure::from_okta(&error, &context(profile, None)))
}

/// Opens the selected profile: reads its key from the keychain and builds the Aerial client.
pub async fn connect(app: &App) -> Outcome<Connection> {
    let profile = app.profile()?;
    let key = load_key(app, &profile, &SecretKind::PrivateKey).await?;
    let context = context(&profile, None);
    let okta_failure = |error: okta::Error| Failure::from_okta(&error, &context);

    let http = http(&profile)?;
    let tokens = Arc::new(TokenClient::new(http.clone()));
    let aerial_org = BaseUrl::parse(&profile.aerial_org.base_url()).map_err(okta_failure)?;
    let mut service_app = ServiceApp::new(
        profile.name.key(),
        aerial_org,
        profile.client_id.as_str(),
        Arc::new(key),
    );
    if profile.dpop {
        let dpop_key = load_key(app, &profile, &SecretKind::DpopKey).await?;
        service_app = service_app.with_dpop(Arc::new(dpop_key));
    }
    let service_app = Arc::new(service_app);
    let service = BaseUrl::parse(profile.aerial_service.as_str()).map_err(okta_failure)?;
    let aerial = AerialClient::new(
        http.clone(),
        tokens.clone(),
        service,
        profile.account_id.as_str(),
        service_app.clone(),
    )
    .map_err(okta_failure)?;

    Ok(Connection {
        profile,
        tokens,
        app: service_app,
        aerial,
    })
}

/// Reads one of the profile's keys from the keychain; a missing key means the profile is not
/// fully configured.
pub async fn load_key(app: &App, profile: &Profile, kind: &SecretKind) -> Outcome<PrivateKey> {
    let entry = profile.secret_entry(kind);
    let which = match kind {
        SecretKind::DpopKey => "DPoP key",
        _ => "private key",
    };
    let Some(bytes) = app.keychain.get(&entry).await? else {
        return Err(Failure::new(
            Exit::NotConfigured,
            format!(
                "No {which} for profile \"{}\" is in the keychain (entry {entry} of service {}).",
                profile.name,
                app.keychain.service()
            ),
            format!(
                "Run `aerial key generate --profile \"{}\"` and register the printed public key on the app, or import the registered key with `aerial key import`.",
                profile.name
            ),
        ));
    };
    PrivateKey::from_storage_bytes(bytes.expose()).map_err(|error| {
        Failure::new(
            Exit::NotConfigured,
            format!("The {which} of profile \"{}\" in the keychain cannot be read: {error}.", profile.name),
            "Generate a new key with `aerial key generate`, or import the registered one with `aerial key import`.",
        )
    })
}

/// Opens a management client for `org`: with the API token in environment variable
/// `token_env` when given, else with the token kept for that parent org of the profile.
pub async fn org_client(
    app: &App,
    profile: &Profile,
    org: &OrgAddress,
    token_env: Option<&str>,
) -> Outcome<OrgClient> {
    let token = match token_env {
        Some(variable) => crate::profile_input::secret_from_env(variable, "API token")?,
        None => parent_token(app, profile, org).await?,
    };
    let base = BaseUrl::parse(&org.base_url())
        .map_err(|error| Failure::from_okta(&error, &context(profile, Some(org.authority()))))?;
    let credentials = OrgCredentials::ApiToken(Arc::new(okta::SecretString::new(token)));
    Ok(OrgClient::new(http(profile)?, base, credentials))
}

async fn parent_token(app: &App, profile: &Profile, org: &OrgAddress) -> Outcome<String> {
    let not_known = || {
        Failure::new(
            Exit::NotConfigured,
            format!("Profile \"{}\" has no API token for {org}.", profile.name),
            format!(
                "Add it with `aerial profile add-parent --profile \"{}\" --org {org}`, or pass a super admin API token in an environment variable named with --api-token-env.",
                profile.name
            ),
        )
    };
    if profile.parent(org).is_none() {
        return Err(not_known());
    }
    let entry = profile.secret_entry(&SecretKind::ParentApiToken(org.clone()));
    let bytes = app.keychain.get(&entry).await?.ok_or_else(not_known)?;
    String::from_utf8(bytes.expose().clone()).map_err(|_| {
        Failure::new(
            Exit::NotConfigured,
            format!("The API token kept for {org} is not text."),
            format!("Add the parent org again with `aerial profile add-parent --org {org}`."),
        )
    })
}
