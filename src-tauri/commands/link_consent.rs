//! The link wizard's help with consent. In the demo it lists the orgs that can still be linked.
//! It keeps an org's API token, so the org's consent can be read, and grants consent with it.

use desk::Profile;
use desk::profiles::{Environment, OrgAddress};
use serde::Serialize;
use specta::Type;

use crate::commands::create_org::{NewParent, ParentCredential, add_checked_parent};
use crate::commands::link::{ConsentCheck, check_consent};
use crate::commands::profiles::active_session;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// A demo org that is not linked yet, offered on the link wizard's first page.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkSuggestion {
    pub name: String,
    pub domain: String,
    pub cell: String,
    /// Whether the org has granted Aerial consent to the demo account, itself or through its
    /// parent org.
    pub consent: bool,
}

/// Returns the demo orgs that can still be linked, or none outside the demo.
#[tauri::command]
#[specta::specta]
pub async fn link_suggestions(
    state: tauri::State<'_, AppState>,
) -> Result<Vec<LinkSuggestion>, IpcError> {
    let session = active_session(&state).await?;
    if session.profile().environment != Environment::Demo {
        return Ok(Vec::new());
    }
    let demo = state.demo().await;
    let Some(demo) = demo.as_ref() else {
        return Ok(Vec::new());
    };
    let candidates = demo.link_candidates().await.map_err(|error| {
        state
            .recent_errors
            .record(IpcError::new("demo_failed", error.to_string(), ""))
    })?;
    Ok(candidates
        .into_iter()
        .map(|candidate| LinkSuggestion {
            name: candidate.name,
            domain: candidate.domain,
            cell: candidate.cell,
            consent: candidate.consent,
        })
        .collect())
}

/// Keeps an API token of a super admin of the org at `domain` in the keychain, so Aerial Desk
/// can read and grant the org's consent, then checks its consent. Without `token`, the demo
/// supplies the demo org's own token, which never reaches the web UI. A token Okta rejects is
/// not kept.
#[tauri::command]
#[specta::specta]
pub async fn keep_org_token(
    state: tauri::State<'_, AppState>,
    domain: String,
    token: Option<String>,
) -> Result<ConsentCheck, IpcError> {
    let token = match token {
        Some(token) => token,
        None => demo_token(&state, &domain).await?,
    };
    let session = active_session(&state).await?;
    let parent = NewParent {
        address: address_beside(session.profile(), domain.trim()),
        credential: ParentCredential::ApiToken { token },
    };
    add_checked_parent(&state, parent).await?;
    let session = active_session(&state).await?;
    let address = session
        .credentials_address(domain.trim())
        .unwrap_or_else(|| domain.trim().to_owned());
    Ok(check_consent(&session, &address).await)
}

/// Grants the org at `domain` Aerial consent for this profile's account, with the credential
/// the profile keeps for the org, and returns the consent as Okta then reports it.
#[tauri::command]
#[specta::specta]
pub async fn grant_link_consent(
    state: tauri::State<'_, AppState>,
    domain: String,
) -> Result<ConsentCheck, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let session = active_session(&state).await?;
    let Some(address) = session.credentials_address(domain.trim()) else {
        return Err(record(IpcError::new(
            "no_org_credentials",
            format!("Aerial Desk keeps no API token for {domain}, so it cannot grant consent."),
            "Enter an API token of a super admin of that org first.",
        )));
    };
    session
        .grant_consent(&address)
        .await
        .map_err(|error| record(error.into()))?;
    tracing::info!(org = %domain, "granted Aerial consent from the link wizard");
    Ok(check_consent(&session, &address).await)
}

/// Reads the demo org's API token into the string the parent org credential takes.
async fn demo_token(state: &AppState, domain: &str) -> Result<String, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let demo = state.demo().await;
    let Some(demo) = demo.as_ref() else {
        return Err(record(IpcError::new(
            "demo_not_running",
            "Only the demo can fill in an org's API token.",
            "Enter an API token of a super admin of that org.",
        )));
    };
    let token = demo
        .org_api_token(domain.trim())
        .await
        .map_err(|error| record(IpcError::new("demo_failed", error.to_string(), "")))?
        .ok_or_else(|| {
            record(IpcError::new(
                "not_found",
                format!("The demo has no org at {domain}."),
                "Check the domain against the demo orgs the wizard lists.",
            ))
        })?;
    String::from_utf8(token.expose().clone()).map_err(|_| {
        record(IpcError::new(
            "demo_failed",
            "The demo org's API token is not text.",
            "",
        ))
    })
}

/// Returns the address of the org at `domain` in the form the profile's Aerial org has: the
/// domain itself, or for demo and custom profiles a base URL with the Aerial org's scheme and
/// port, such as `http://northwind-labs.sim.localhost:41234`.
fn address_beside(profile: &Profile, domain: &str) -> String {
    match &profile.aerial_org {
        OrgAddress::Domain(_) => domain.to_owned(),
        OrgAddress::Url(url) => {
            let (scheme, authority) = url.as_str().split_once("://").unwrap_or(("https", ""));
            let port = authority
                .trim_end_matches('/')
                .rsplit_once(':')
                .map(|(_, port)| format!(":{port}"))
                .unwrap_or_default();
            format!("{scheme}://{domain}{port}")
        }
    }
}

#[cfg(test)]
mod tests {
    use desk::profiles::{AccountId, BaseUrl, ClientId, KeyId, ProfileName};

    use super::*;

    fn profile(environment: Environment, aerial_org: OrgAddress) -> Profile {
        Profile {
            name: ProfileName::parse("Acme").unwrap(),
            environment,
            aerial_service: BaseUrl::parse("http://aerial.sim.localhost:4010").unwrap(),
            account_id: AccountId::parse("0227mkkf8ulgt48bkidcd8ekqft").unwrap(),
            aerial_org,
            client_id: ClientId::parse("0oa1b2c3d4E5f6G7h8i9").unwrap(),
            key_id: KeyId::parse("kid-1").unwrap(),
            dpop: false,
            parent_orgs: Vec::new(),
        }
    }

    #[test]
    fn address_takes_the_aerial_org_port() {
        let url = BaseUrl::parse("http://northwind-aerial.sim.localhost:4010").unwrap();
        let demo = profile(Environment::Demo, OrgAddress::Url(url));

        let address = address_beside(&demo, "northwind-labs.sim.localhost");

        assert_eq!(address, "http://northwind-labs.sim.localhost:4010");
    }

    #[test]
    fn address_is_the_domain_for_okta_profiles() {
        let aerial = OrgAddress::parse(Environment::Production, "acme-aerial.okta.com").unwrap();
        let production = profile(Environment::Production, aerial);

        assert_eq!(
            address_beside(&production, "acme-eu.okta.com"),
            "acme-eu.okta.com"
        );
    }
}
