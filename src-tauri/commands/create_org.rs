//! The create-org wizard: the parent org and its credential, and the new org's fields checked
//! as typed. The creation is sent once and never retried blindly. The new org's API token is
//! shown once, the wizard waits until the new org responds, and then gives it a starter
//! configuration.

mod fields;
mod parents;

use std::time::Duration;

use desk::DiagnosisCode;
use desk::profiles::OrgAddress;
use desk::session::{SessionError, StarterConfiguration, child_address};
use okta::org::{NewAdmin, NewOrg};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::ipc_error::IpcError;
use crate::state::AppState;

pub use fields::{NewOrgField, check_new_org_field};
pub use parents::{NewParent, ParentCredential, ParentView, add_parent_org, list_parent_orgs};
pub use parents::{RemoveParentError, is_managed_by_app, remove_parent_org};

/// The maximum duration of one wait call. The wizard calls again until the org responds or the
/// admin cancels, so Cancel takes effect within this time.
const MAX_WAIT_PER_CALL: Duration = Duration::from_secs(5);

/// The new org as the admin entered it.
#[derive(Clone, Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewOrgDraft {
    /// The parent org's address, as listed by `list_parent_orgs`.
    pub parent: String,
    pub subdomain: String,
    pub name: String,
    pub website: Option<String>,
    pub admin_first_name: String,
    pub admin_last_name: String,
    pub admin_email: String,
    /// The first admin's login; the email when left empty.
    pub admin_login: Option<String>,
}

impl NewOrgDraft {
    fn to_new_org(&self) -> NewOrg {
        let email = self.admin_email.trim().to_owned();
        let login = self
            .admin_login
            .as_deref()
            .map(str::trim)
            .filter(|login| !login.is_empty())
            .map_or_else(|| email.clone(), str::to_owned);
        NewOrg {
            subdomain: self.subdomain.trim().to_ascii_lowercase(),
            name: self.name.trim().to_owned(),
            website: self
                .website
                .as_deref()
                .map(str::trim)
                .filter(|website| !website.is_empty())
                .map(str::to_owned),
            admin: NewAdmin {
                first_name: self.admin_first_name.trim().to_owned(),
                last_name: self.admin_last_name.trim().to_owned(),
                email,
                login,
                password: None,
                recovery: None,
            },
        }
    }
}

/// The created org, with its API token for the one time the wizard shows it. The token is also
/// in the keychain; this is the only command that returns a secret, because the admin may need
/// to copy it once.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreatedOrg {
    pub id: String,
    pub subdomain: String,
    pub name: String,
    /// The new org's address, such as `https://acme-new.okta.com`.
    pub address: String,
    /// The new org's host, the domain the link wizard takes.
    pub domain: String,
    /// The first super admin's API token, shown once.
    pub api_token: String,
    /// Why the keychain could not keep the token, when it could not; the admin must copy it.
    pub token_problem: Option<String>,
}

/// A starter configuration as the wizard sends it.
#[derive(Clone, Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StarterInput {
    pub groups: Vec<String>,
    pub bookmark_label: Option<String>,
    pub bookmark_url: Option<String>,
}

/// The groups and app a starter configuration created.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StarterCreated {
    pub group_ids: Vec<String>,
    pub app_id: Option<String>,
}

/// The result of checking an org creation whose outcome was unknown.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreationLookup {
    /// `succeeded`, `failed`, or `outcome_unknown` when Okta could not tell.
    pub state: String,
    pub note: String,
}

async fn active_session(state: &AppState) -> Result<crate::state::ActiveSession, IpcError> {
    state
        .session()
        .await
        .ok_or_else(|| state.recent_errors.record(IpcError::no_active_profile()))
}

/// Returns the parent orgs the active profile has credentials for.
#[tauri::command]
#[specta::specta]
pub async fn parent_orgs(state: tauri::State<'_, AppState>) -> Result<Vec<ParentView>, IpcError> {
    let session = active_session(&state).await?;
    let profile = state
        .profiles
        .get(session.profile().name.as_str())
        .map_err(|error| state.recent_errors.record(error.into()))?;
    Ok(list_parent_orgs(&profile))
}

/// Checks one create-org field as it is typed.
#[tauri::command]
#[specta::specta]
pub fn check_new_org_input(field: NewOrgField, value: String) -> FieldCheck {
    check_new_org_field(field, &value)
}

/// Adds a parent org and its credential (kept in the keychain) to the active profile, and reopens
/// the profile so the session can use it. Then it reads the org's Aerial consent, which only a
/// super admin can read, to check the credential. A credential Okta rejects is removed again.
#[tauri::command]
#[specta::specta]
pub async fn add_parent(
    state: tauri::State<'_, AppState>,
    parent: NewParent,
) -> Result<ParentView, IpcError> {
    add_checked_parent(&state, parent).await
}

/// Adds the parent org as [`add_parent`] describes, for the commands that keep an org's
/// credential.
pub async fn add_checked_parent(
    state: &AppState,
    parent: NewParent,
) -> Result<ParentView, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let session = active_session(state).await?;
    let known: Vec<String> = list_parent_orgs(session.profile())
        .into_iter()
        .map(|view| view.domain)
        .collect();
    let (profile, added) =
        add_parent_org(&state.profiles, state.keychain(), session.profile(), parent)
            .await
            .map_err(|error| record(error.into()))?;
    let session = state
        .open_profile(profile)
        .await
        .map_err(|error| record(error.into()))?;
    // The demo moves an added org to its current port, so the view comes from the reopened
    // profile.
    let view = list_parent_orgs(session.profile())
        .into_iter()
        .find(|view| view.domain == added.domain)
        .unwrap_or(added);
    match session.consent(&view.address).await {
        Err(error) if rejects_credential(&error) => {
            if !known.contains(&view.domain) {
                remove_rejected_parent(state, &view.domain).await;
            }
            Err(record(error.into()))
        }
        _ => Ok(view),
    }
}

/// Reports whether Okta rejected the credential itself: HTTP 401, or 403 for a token that is
/// not a super admin's.
fn rejects_credential(error: &SessionError) -> bool {
    match error {
        SessionError::Okta { diagnosis, .. } => {
            matches!(diagnosis.okta.http_status, Some(401 | 403))
        }
        _ => false,
    }
}

/// Removes the parent org at `domain` from the active profile, with its keychain entry, and
/// reopens the profile. A failure is logged, because the admin already gets Okta's rejection.
async fn remove_rejected_parent(state: &AppState, domain: &str) {
    let Some(session) = state.session().await else {
        return;
    };
    let removed = async {
        let mut profile = state.profiles.get(session.profile().name.as_str())?;
        profile
            .parent_orgs
            .retain(|parent| host_of(&parent.org.to_string()) != domain);
        state
            .profiles
            .update(profile.clone(), state.keychain())
            .await?;
        Ok::<_, desk::ProfileError>(profile)
    }
    .await;
    match removed {
        Ok(profile) => {
            if let Err(error) = state.open_profile(profile).await {
                tracing::warn!(%error, domain, "could not reopen the profile after removing a rejected parent org");
            }
        }
        Err(error) => {
            tracing::warn!(%error, domain, "could not remove a parent org whose credential Okta rejected");
        }
    }
}

/// Creates the org through the parent's Org Creator API. Sent once: when the answer is lost,
/// the error's code is `outcome_unknown` and the wizard offers [`look_up_created_org`].
#[tauri::command]
#[specta::specta]
pub async fn create_child_org(
    state: tauri::State<'_, AppState>,
    draft: NewOrgDraft,
) -> Result<CreatedOrg, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let session = active_session(&state).await?;
    let new_org = draft.to_new_org();
    if let Err(error) = new_org.validate() {
        return Err(record(IpcError::new(
            "invalid_value",
            capitalized(&error.to_string()),
            "",
        )));
    }
    // The admin confirmed this creation by pressing Create; the attempt is spent on one request.
    let attempt = desk::guards::OrgCreationAttempt::confirmed(&new_org.subdomain)
        .map_err(|error| record(IpcError::new("invalid_value", error.to_string(), "")))?;
    let created = session
        .create_org(&state.profiles, &draft.parent, &new_org, attempt)
        .await
        .map_err(|error| record(error.into()))?;
    tracing::info!(org = %created.id, address = %created.address, "created an org");
    Ok(CreatedOrg {
        domain: host_of(&created.address).to_owned(),
        id: created.id,
        subdomain: created.subdomain,
        name: created.name,
        address: created.address,
        api_token: created.token_once.expose().clone(),
        token_problem: created.token_problem,
    })
}

/// Waits up to `seconds` (at most 5) for the new org to accept its API token. Returns whether
/// it did; the wizard calls again until it does or the admin cancels.
#[tauri::command]
#[specta::specta]
pub async fn wait_for_new_org(
    state: tauri::State<'_, AppState>,
    address: String,
    seconds: u32,
) -> Result<bool, IpcError> {
    let session = active_session(&state).await?;
    let max_wait = Duration::from_secs(u64::from(seconds.max(1))).min(MAX_WAIT_PER_CALL);
    match session.wait_until_ready(&address, max_wait).await {
        Ok(()) => Ok(true),
        Err(SessionError::Okta { diagnosis, .. })
            if diagnosis.code == DiagnosisCode::OrgNotReady =>
        {
            Ok(false)
        }
        Err(error) => Err(state.recent_errors.record(error.into())),
    }
}

/// Checks an org creation whose outcome was unknown against Okta, by looking the new org up
/// through its parent. Nothing is sent again.
#[tauri::command]
#[specta::specta]
pub async fn look_up_created_org(
    state: tauri::State<'_, AppState>,
    parent: String,
    subdomain: String,
) -> Result<CreationLookup, IpcError> {
    let session = active_session(&state).await?;
    let environment = session.profile().environment;
    let address = OrgAddress::parse(environment, &parent)
        .ok()
        .and_then(|parent| child_address(&parent, subdomain.trim()))
        .map(|address| address.to_string())
        .ok_or_else(|| {
            state.recent_errors.record(IpcError::new(
                "invalid_value",
                format!("No org address can be made from the subdomain \"{subdomain}\" and the parent org {parent}."),
                "",
            ))
        })?;
    let rechecks = session
        .recheck_unknown()
        .await
        .map_err(|error| state.recent_errors.record(error.into()))?;
    let found = rechecks
        .into_iter()
        .rev()
        .find(|recheck| recheck.org == host_of(&address) || recheck.org == address);
    Ok(match found {
        Some(recheck) => CreationLookup {
            state: serde_json::to_value(recheck.state)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_else(|| "outcome_unknown".to_owned()),
            note: recheck.note,
        },
        None => CreationLookup {
            state: "not_pending".to_owned(),
            note: format!(
                "The history has no unsettled creation of {address}; check the history for how it ended."
            ),
        },
    })
}

/// Gives the new org its starter groups and bookmark app, with the org's own API token.
#[tauri::command]
#[specta::specta]
pub async fn apply_starter(
    state: tauri::State<'_, AppState>,
    address: String,
    starter: StarterInput,
) -> Result<StarterCreated, IpcError> {
    let session = active_session(&state).await?;
    let configuration = starter_configuration(starter);
    let result = session
        .apply_starter_configuration(&address, &configuration)
        .await
        .map_err(|error| state.recent_errors.record(error.into()))?;
    Ok(StarterCreated {
        group_ids: result.group_ids,
        app_id: result.app_id,
    })
}

use crate::commands::connect::FieldCheck;

/// Returns the host of an address such as `https://acme-new.okta.com` or
/// `http://acme-new.sim.localhost:4010`.
/// Turns the starter configuration the admin entered into the session's: blank groups are
/// dropped, and the bookmark app needs both a label and an address.
pub fn starter_configuration(starter: StarterInput) -> StarterConfiguration {
    let bookmark = match (starter.bookmark_label, starter.bookmark_url) {
        (Some(label), Some(url)) if !label.trim().is_empty() && !url.trim().is_empty() => {
            Some((label.trim().to_owned(), url.trim().to_owned()))
        }
        _ => None,
    };
    let groups = starter
        .groups
        .iter()
        .map(|group| group.trim().to_owned())
        .filter(|group| !group.is_empty())
        .collect();
    StarterConfiguration { groups, bookmark }
}

fn host_of(address: &str) -> &str {
    let authority = address.split_once("://").map_or(address, |(_, rest)| rest);
    authority.split([':', '/']).next().unwrap_or(authority)
}

fn capitalized(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> NewOrgDraft {
        NewOrgDraft {
            parent: "acme.okta.com".to_owned(),
            subdomain: " Acme-New ".to_owned(),
            name: "Acme New".to_owned(),
            website: Some("  ".to_owned()),
            admin_first_name: "Ada".to_owned(),
            admin_last_name: "Lovelace".to_owned(),
            admin_email: "ada@example.com".to_owned(),
            admin_login: None,
        }
    }

    #[test]
    fn draft_login_defaults_to_email() {
        let org = draft().to_new_org();

        assert_eq!(org.admin.login, "ada@example.com");
    }

    #[test]
    fn draft_subdomain_is_trimmed_and_lowercased() {
        let org = draft().to_new_org();

        assert_eq!(org.subdomain, "acme-new");
        assert!(org.validate().is_ok());
    }

    #[test]
    fn blank_website_is_left_out() {
        let org = draft().to_new_org();

        assert_eq!(org.website, None);
    }

    #[test]
    fn host_of_drops_scheme_and_port() {
        assert_eq!(
            host_of("http://acme-new.sim.localhost:4010"),
            "acme-new.sim.localhost"
        );
        assert_eq!(host_of("https://acme-new.okta.com"), "acme-new.okta.com");
    }
}
