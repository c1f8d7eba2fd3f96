//! The link wizard. The admin names the org by ID or by domain, with a cell, and reads that
//! linking cannot be undone. Where the profile has credentials for the org, its consent is
//! checked first. Then the org is linked.

use desk::guards::{LINK_WARNING, link_consent_explanation};
use desk::profiles::{SecretStore, validate};
use desk::session::{Session, SessionError};
use okta::aerial::{LinkTarget, Org};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::commands::connect::FieldCheck;
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Maximum length of an org ID; real ones have 20 characters.
const MAX_ORG_ID_LENGTH: usize = 64;
/// Maximum length of a cell name; real ones, such as `ok1` or `op3`, are short.
const MAX_CELL_LENGTH: usize = 16;

/// The kind of name the admin gives for the org to link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum LinkBy {
    OrgId,
    Domain,
}

/// A field of the link wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum LinkField {
    OrgId,
    Domain,
    Cell,
}

/// The org to link, as the admin entered it.
#[derive(Clone, Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkRequest {
    pub by: LinkBy,
    /// The org ID or the domain, as `by` selects.
    pub org: String,
    pub cell: String,
}

/// The texts the link wizard shows before anything is sent.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkIntro {
    /// That linking cannot be undone.
    pub warning: String,
    /// The explanation of consent and of who grants it.
    pub consent: String,
}

/// The result of the consent pre-check.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "state"
)]
pub enum ConsentCheck {
    /// The org has granted consent to an Aerial account.
    Granted {
        account_id: Option<String>,
        granted_by: Option<String>,
        granted_date: Option<String>,
    },
    /// The org has not granted consent, so the link would fail.
    Missing,
    /// The check did not run, because the profile has no credentials for the org or the org
    /// was named by ID.
    NotChecked { reason: String },
}

/// A linked org as the result page shows it.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct LinkedOrg {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub cell: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: Option<String>,
}

impl From<&Org> for LinkedOrg {
    fn from(org: &Org) -> Self {
        Self {
            id: org.id.clone(),
            name: org.name.clone(),
            domain: org.domain.clone(),
            cell: org.cell.clone(),
            status: org
                .status
                .and_then(|status| serde_json::to_value(status).ok())
                .and_then(|value| value.as_str().map(str::to_owned)),
        }
    }
}

/// Checks one link-wizard field. Domains are checked as plain domains in every environment,
/// because the Aerial API takes the org's domain, not a URL.
pub fn check_link_field(field: LinkField, input: &str) -> FieldCheck {
    match field {
        LinkField::Domain => match validate::domain(input) {
            Ok(domain) => FieldCheck::valid(domain),
            Err(error) => FieldCheck::invalid(input, error.to_string()),
        },
        LinkField::OrgId => check_word(input, "org ID", MAX_ORG_ID_LENGTH, "00o16fjDHCgFqob8n0g4"),
        LinkField::Cell => check_word(input, "cell", MAX_CELL_LENGTH, "ok1"),
    }
}

/// Checks a value that is one word of ASCII letters and digits.
fn check_word(input: &str, what: &str, max: usize, example: &str) -> FieldCheck {
    let value = input.trim();
    let problem = if value.is_empty() {
        format!("Enter the {what}, such as {example}.")
    } else if value.chars().count() > max {
        format!("The {what} is longer than {max} characters; enter one such as {example}.")
    } else if let Some(character) = value.chars().find(|c| !c.is_ascii_alphanumeric()) {
        format!(
            "The {what} contains {character:?}; use only letters and digits, such as {example}."
        )
    } else {
        return FieldCheck::valid(value.to_owned());
    };
    FieldCheck::invalid(input, problem)
}

/// Returns the warning and the consent explanation.
pub fn link_intro() -> LinkIntro {
    LinkIntro {
        warning: LINK_WARNING.to_owned(),
        consent: link_consent_explanation().to_owned(),
    }
}

/// Turns a checked request into the Aerial API's link target and cell.
fn target_of(request: &LinkRequest) -> Result<(LinkTarget, String), String> {
    let field = match request.by {
        LinkBy::OrgId => LinkField::OrgId,
        LinkBy::Domain => LinkField::Domain,
    };
    let org = check_link_field(field, &request.org);
    let cell = check_link_field(LinkField::Cell, &request.cell);
    if let Some(problem) = org.problem.or(cell.problem) {
        return Err(problem);
    }
    let target = match request.by {
        LinkBy::OrgId => LinkTarget::OrgId(org.value),
        LinkBy::Domain => LinkTarget::Domain(org.value),
    };
    Ok((target, cell.value))
}

/// Reads the org's consent with the credentials the profile has for it. `address` is the org's
/// address: the domain, or the demo emulator's URL for it.
pub async fn check_consent<S: SecretStore>(session: &Session<S>, address: &str) -> ConsentCheck {
    match session.consent(address).await {
        Ok(Some(grant)) => ConsentCheck::Granted {
            account_id: Some(grant.account_id.clone()),
            granted_by: grant.granted_by.clone(),
            granted_date: grant.granted_date.clone(),
        },
        Ok(None) => ConsentCheck::Missing,
        Err(SessionError::UnknownOrg { .. } | SessionError::BadAddress { .. }) => {
            ConsentCheck::NotChecked {
                reason: "Aerial Desk cannot tell whether this org has granted consent, because \
                         it keeps no API token for the org. If the org has not granted it, the \
                         link fails: enter an API token of a super admin of the org below, and \
                         Aerial Desk reads the consent and can grant it."
                    .to_owned(),
            }
        }
        Err(error) => {
            let explanation = error.explain();
            tracing::warn!(%error, "consent pre-check failed");
            ConsentCheck::NotChecked {
                reason: format!("{} {}", explanation.message, explanation.fix),
            }
        }
    }
}

/// Returns the field's check.
#[tauri::command]
#[specta::specta]
pub fn check_link_input(field: LinkField, value: String) -> FieldCheck {
    check_link_field(field, &value)
}

/// Returns the link warning and the consent explanation.
#[tauri::command]
#[specta::specta]
pub fn link_wizard_intro() -> LinkIntro {
    link_intro()
}

/// Reads the consent of the org at `domain`, where the profile has credentials for it.
#[tauri::command]
#[specta::specta]
pub async fn check_link_consent(
    state: tauri::State<'_, AppState>,
    domain: String,
) -> Result<ConsentCheck, IpcError> {
    let session = state
        .session()
        .await
        .ok_or_else(IpcError::no_active_profile)?;
    let checked = check_link_field(LinkField::Domain, &domain);
    if let Some(problem) = checked.problem {
        return Err(IpcError::new("invalid_value", problem, ""));
    }
    let address = session
        .credentials_address(&checked.value)
        .unwrap_or_else(|| checked.value.clone());
    Ok(check_consent(&session, &address).await)
}

/// Links the org. Linking cannot be undone, so the wizard shows the warning and gets the
/// admin's confirmation first.
#[tauri::command]
#[specta::specta]
pub async fn link_org(
    state: tauri::State<'_, AppState>,
    request: LinkRequest,
) -> Result<LinkedOrg, IpcError> {
    let record = |error: IpcError| state.recent_errors.record(error);
    let session = state
        .session()
        .await
        .ok_or_else(|| record(IpcError::no_active_profile()))?;
    let (target, cell) = target_of(&request)
        .map_err(|problem| record(IpcError::new("invalid_value", problem, "")))?;
    let org = session
        .link(&target, &cell)
        .await
        .map_err(|error| record(error.into()))?;
    tracing::info!(org = %org.id, "linked an org");
    Ok(LinkedOrg::from(&org))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_with_space_is_rejected() {
        let check = check_link_field(LinkField::Cell, "ok 1");

        let problem = check.problem.expect("a space is rejected");
        assert!(problem.contains("letters and digits"), "{problem}");
    }

    #[test]
    fn org_id_is_trimmed() {
        let check = check_link_field(LinkField::OrgId, " 00o16fjDHCgFqob8n0g4 ");

        assert_eq!(check, FieldCheck::valid("00o16fjDHCgFqob8n0g4".to_owned()));
    }

    #[test]
    fn org_id_with_dot_segment_is_rejected() {
        let check = check_link_field(LinkField::OrgId, "../accounts");

        assert!(check.problem.is_some());
    }

    #[test]
    fn domain_with_path_is_rejected() {
        let check = check_link_field(LinkField::Domain, "acme.okta.com/admin");

        let problem = check.problem.expect("a path is rejected");
        assert!(problem.contains("remove the path"), "{problem}");
    }

    #[test]
    fn request_becomes_domain_target() {
        let request = LinkRequest {
            by: LinkBy::Domain,
            org: "Acme-EU.okta.com".to_owned(),
            cell: "ok1".to_owned(),
        };

        let (target, cell) = target_of(&request).expect("the request is valid");

        assert_eq!(target, LinkTarget::Domain("acme-eu.okta.com".to_owned()));
        assert_eq!(cell, "ok1");
    }

    #[test]
    fn intro_warns_that_linking_is_final() {
        let intro = link_intro();

        assert!(intro.warning.contains("cannot be undone"));
        assert!(intro.consent.contains("consent"));
    }
}
