//! One org in detail: its products, status, consent and who created it when.

use desk::journal::{Action, Query, State};
use serde::Serialize;
use specta::Type;
use time::format_description::well_known::Rfc3339;

use crate::commands::create_org::{StarterCreated, StarterInput, starter_configuration};
use crate::commands::profiles::active_session;
use crate::commands::views::{OrgRow, ProductView, products};
use crate::ipc_error::IpcError;
use crate::state::{ActiveSession, AppState};

/// The org's Aerial consent for this account, as far as the app can read it.
#[derive(Debug, Serialize, Type)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum ConsentView {
    /// The profile has no credentials for the org, so consent cannot be read.
    NotChecked,
    /// The org has granted this account consent.
    #[serde(rename_all = "camelCase")]
    Granted {
        granted_by: Option<String>,
        granted_date: Option<String>,
    },
    /// The org has not granted consent.
    NotGranted,
    /// Reading consent failed.
    Failed { error: IpcError },
}

/// Everything the org detail screen shows.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgDetail {
    pub org: OrgRow,
    /// The ID of the user who created the org.
    pub created_by: Option<String>,
    pub region: Option<String>,
    /// The products enabled in the org.
    pub products: Vec<ProductView>,
    /// The products the account subscribes to, for the checklist.
    pub subscribed: Vec<ProductView>,
    pub consent: ConsentView,
    /// Whether the account may request deletion of inactive orgs.
    pub allows_deletion: bool,
    /// When Okta received a deletion request for the org from this app (RFC 3339), per the
    /// history, or `None`.
    pub deletion_requested_at: Option<String>,
    /// Whether Aerial Desk keeps an API token or OAuth app for the org, so it can give the org a
    /// starter configuration.
    pub starter_available: bool,
}

/// Reads one org, its products, the account's products and, where the profile has
/// credentials for the org, its consent.
#[tauri::command]
#[specta::specta]
pub async fn org_detail(
    state: tauri::State<'_, AppState>,
    org_id: String,
) -> Result<OrgDetail, IpcError> {
    let session = active_session(&state).await?;
    let record = |error: IpcError| state.recent_errors.record(error);
    let org = session.org(&org_id).await.map_err(|e| record(e.into()))?;
    let enabled = session
        .org_products(&org_id)
        .await
        .map_err(|e| record(e.into()))?;
    let subscribed = session.products().await.map_err(|e| record(e.into()))?;
    let consent = consent_of(&state, &session, org.domain.as_deref()).await;

    Ok(OrgDetail {
        org: OrgRow::from(&org),
        created_by: org.created_by.clone(),
        region: org.region.clone(),
        products: products(&enabled),
        subscribed: products(&subscribed),
        consent,
        allows_deletion: session.allows_deletion(),
        deletion_requested_at: deletion_requested_at(&state, &org_id).await,
        starter_available: org
            .domain
            .as_deref()
            .and_then(|domain| session.credentials_address(domain))
            .is_some(),
    })
}

/// Gives the org its starter groups and bookmark app with the credential Aerial Desk keeps for
/// it, such as the API token kept when the org was created.
#[tauri::command]
#[specta::specta]
pub async fn apply_starter_to_org(
    state: tauri::State<'_, AppState>,
    org_id: String,
    starter: StarterInput,
) -> Result<StarterCreated, IpcError> {
    let session = active_session(&state).await?;
    let record = |error: IpcError| state.recent_errors.record(error);
    let org = session.org(&org_id).await.map_err(|e| record(e.into()))?;
    let domain = org.domain.clone().unwrap_or_default();
    let Some(address) = session.credentials_address(&domain) else {
        return Err(record(IpcError::new(
            "no_org_credentials",
            format!(
                "Aerial Desk keeps no API token for {}, so it cannot configure it.",
                org.name
            ),
            "Enter an API token of a super admin of the org in the link wizard, or add the org as a parent org.",
        )));
    };
    let result = session
        .apply_starter_configuration(&address, &starter_configuration(starter))
        .await
        .map_err(|error| record(error.into()))?;
    tracing::info!(org = %org_id, groups = result.group_ids.len(), "applied a starter configuration from the org page");
    Ok(StarterCreated {
        group_ids: result.group_ids,
        app_id: result.app_id,
    })
}

/// Returns when the history last recorded a deletion request for the org that Okta accepted.
/// A journal that cannot be read is logged and reads as no request.
async fn deletion_requested_at(state: &AppState, org_id: &str) -> Option<String> {
    let query = Query {
        org: Some(org_id.to_owned()),
        action: Some(Action::DeletionRequest),
        state: Some(State::Succeeded),
        limit: Some(1),
        ..Query::default()
    };
    match state.services.journal.query(query).await {
        Ok(entries) => entries
            .first()
            .and_then(|entry| entry.started_at.format(&Rfc3339).ok()),
        Err(error) => {
            tracing::warn!(%error, org = org_id, "could not read the org's deletion requests from the history");
            None
        }
    }
}

/// Reads consent through the profile's credentials for the org at `domain`, when it has some.
async fn consent_of(
    state: &AppState,
    session: &ActiveSession,
    domain: Option<&str>,
) -> ConsentView {
    let Some(address) = domain.and_then(|domain| session.credentials_address(domain)) else {
        return ConsentView::NotChecked;
    };
    match session.consent(&address).await {
        Ok(Some(grant)) => ConsentView::Granted {
            granted_by: grant.granted_by,
            granted_date: grant.granted_date,
        },
        Ok(None) => ConsentView::NotGranted,
        Err(error) => ConsentView::Failed {
            error: state.recent_errors.record(error.into()),
        },
    }
}
