//! Aerial consent on an org: `GET /api/v1/org/privacy/aerial`, `.../grant` and `.../revoke`.
//! A child org inherits its parent's consent and cannot grant its own.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::auth::authorize_org;
use super::{json_response, str_field};
use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::Sim;
use crate::timefmt::okta_timestamp;
use crate::world::{Consent, Org};

/// Consent calls need a super admin: an SSWS token or an access token with `okta.orgs.manage`.
const SCOPES: [&str; 1] = ["okta.orgs.manage"];
const CHILD_CANNOT_GRANT: &str = "A child org inherits Aerial consent from its parent org and cannot grant or revoke it directly.";

fn consent_json(ctx: &RequestCtx, consent: &Consent) -> Value {
    let base = format!("{}/api/v1/org/privacy/aerial", ctx.origin());
    json!({
        "accountId": consent.account_id,
        "grantedBy": consent.granted_by,
        "grantedDate": consent.granted_date,
        "_links": {
            "self": { "href": base, "hints": { "allow": ["GET"] } },
            "revoke": { "href": format!("{base}/revoke"), "hints": { "allow": ["POST"] } },
        },
    })
}

fn no_consent() -> ApiError {
    ApiError::not_found("aerial (Consent)")
}

fn org_of<'a>(data: &'a crate::state::Data, org_id: &str) -> Result<&'a Org, ApiError> {
    data.org(org_id)
        .ok_or_else(|| ApiError::not_found(&format!("{org_id} (Org)")))
}

fn account_id_of(ctx: &RequestCtx) -> Result<String, ApiError> {
    let body: Value = ctx.json()?;
    str_field(&body, "accountId")
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| ApiError::validation("accountId", "Invalid aerial account ID."))
}

pub(crate) fn get(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &SCOPES)?;
    let data = sim.data();
    let org = org_of(&data, org_id)?;
    let consent = data.effective_consent(org).ok_or_else(no_consent)?;
    Ok(json_response(StatusCode::OK, &consent_json(ctx, consent)))
}

pub(crate) fn grant(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    let principal = authorize_org(sim, ctx, org_id, &SCOPES)?;
    let account_id = account_id_of(ctx)?;

    let mut data = sim.data();
    let org = org_of(&data, org_id)?;
    if org.parent_org_id.is_some() {
        return Err(ApiError::validation("accountId", CHILD_CANNOT_GRANT));
    }
    if data.account(&account_id).is_none() {
        return Err(ApiError::validation(
            "accountId",
            "Invalid aerial account ID.",
        ));
    }
    if org.consent.is_some() {
        return Err(ApiError::validation(
            "accountId",
            "The org already has a consent grant added to Aerial.",
        ));
    }

    let consent = Consent {
        account_id,
        granted_by: principal.id,
        granted_date: okta_timestamp(ctx.now),
    };
    let body = consent_json(ctx, &consent);
    if let Some(org) = data.org_mut(org_id) {
        org.consent = Some(consent);
    }
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &body))
}

pub(crate) fn revoke(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &SCOPES)?;
    let account_id = account_id_of(ctx)?;

    let mut data = sim.data();
    let org = org_of(&data, org_id)?;
    if org.parent_org_id.is_some() {
        return Err(ApiError::validation("accountId", CHILD_CANNOT_GRANT));
    }
    let consent = org.consent.as_ref().ok_or_else(no_consent)?;
    if consent.account_id != account_id {
        return Err(ApiError::validation(
            "accountId",
            "Invalid aerial account ID.",
        ));
    }
    let linked = org.linked
        || data
            .world
            .orgs
            .iter()
            .any(|child| child.parent_org_id.as_deref() == Some(org_id) && child.linked);
    if linked {
        return Err(ApiError::validation(
            "accountId",
            "The org is already linked to an Account.",
        ));
    }

    if let Some(org) = data.org_mut(org_id) {
        org.consent = None;
    }
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &json!({})))
}
