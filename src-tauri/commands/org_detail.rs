//! One org in detail: its products, status, consent and who created it when.

use serde::Serialize;
use specta::Type;

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
    })
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
