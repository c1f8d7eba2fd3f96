//! The products checklist: plan a change, show it, apply it and read it back.

use desk::plans::{PlanError, ProductIntent, ProductPlan};
use desk::session::SessionError;
use serde::Serialize;
use specta::Type;

use crate::commands::profiles::active_session;
use crate::commands::views::{ProductView, products};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// A product change as the review dialog shows it.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanView {
    pub org_id: String,
    /// One sentence: "Will enable …; keep …; disable …."
    pub summary: String,
    pub enable: Vec<ProductView>,
    pub keep: Vec<ProductView>,
    pub disable: Vec<ProductView>,
    /// Products the admin unticked that were off already.
    pub already_disabled: Vec<ProductView>,
    /// Products kept although the account does not subscribe to them.
    pub kept_unsubscribed: Vec<ProductView>,
    /// Whether the plan changes nothing.
    pub is_empty: bool,
}

impl From<&ProductPlan> for PlanView {
    fn from(plan: &ProductPlan) -> Self {
        Self {
            org_id: plan.org_id.clone(),
            summary: plan.summary(),
            enable: products(&plan.enable),
            keep: products(&plan.keep),
            disable: products(&plan.disable),
            already_disabled: products(&plan.already_disabled),
            kept_unsubscribed: products(&plan.kept_unsubscribed),
            is_empty: plan.is_empty(),
        }
    }
}

/// The products before and after an applied plan, as read back from Okta.
#[derive(Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppliedView {
    pub before: Vec<ProductView>,
    pub after: Vec<ProductView>,
}

/// Reads the org's products and works out the full new list for the ticked and unticked
/// products. The plan is kept for [`apply_products`].
#[tauri::command]
#[specta::specta]
pub async fn plan_products(
    state: tauri::State<'_, AppState>,
    org_id: String,
    enable: Vec<String>,
    disable: Vec<String>,
) -> Result<PlanView, IpcError> {
    let session = active_session(&state).await?;
    let intent = ProductIntent { enable, disable };
    let plan = session
        .plan_products(&org_id, &intent)
        .await
        .map_err(|e| state.recent_errors.record(plan_error(e)))?;
    let view = PlanView::from(&plan);
    reviewed(&state).insert(org_id, plan);
    Ok(view)
}

/// Applies the plan last shown for `org_id`: re-reads the products, stops with
/// `changed_since_reviewed` if they changed since, writes the full list and reads it back.
#[tauri::command]
#[specta::specta]
pub async fn apply_products(
    state: tauri::State<'_, AppState>,
    org_id: String,
) -> Result<AppliedView, IpcError> {
    let session = active_session(&state).await?;
    let Some(plan) = reviewed(&state).remove(&org_id) else {
        return Err(state.recent_errors.record(IpcError::new(
            "no_reviewed_plan",
            format!("There is no reviewed product change for org {org_id}."),
            "Choose the products and press Save again.",
        )));
    };
    let applied = session
        .apply_products(&plan)
        .await
        .map_err(|e| state.recent_errors.record(plan_error(e)))?;
    Ok(AppliedView {
        before: products(&applied.before),
        after: products(&applied.after),
    })
}

fn reviewed(
    state: &AppState,
) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, ProductPlan>> {
    state
        .reviewed_plans
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Gives the plan stops the UI branches on their own codes.
fn plan_error(error: SessionError) -> IpcError {
    let code = match &error {
        SessionError::Plan(PlanError::ChangedSinceReviewed { .. }) => {
            Some("changed_since_reviewed")
        }
        SessionError::Plan(PlanError::ReadBackMismatch { .. }) => Some("read_back_mismatch"),
        _ => None,
    };
    let mut ipc = IpcError::from(error);
    if let Some(code) = code {
        code.clone_into(&mut ipc.code);
    }
    ipc
}
