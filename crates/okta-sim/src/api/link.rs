//! `POST /{accountId}/api/v1/orgs`: link an org to the account, by `orgId` or by `domain`,
//! with its `cell`. Links are permanent: an org is linked once and never moved.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::aerial::{log_event, org_json};
use super::auth::authorize_aerial;
use super::{json_response, str_field};
use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::Sim;

enum OrgRef {
    Id(String),
    Domain(String),
}

fn parse_body(body: &Value) -> Result<(OrgRef, String), ApiError> {
    if !body.is_object() {
        return Err(ApiError::malformed_body("The body must be a JSON object"));
    }
    let org_ref = match (str_field(body, "orgId"), str_field(body, "domain")) {
        (Some(_), Some(_)) => {
            return Err(ApiError::validation(
                "orgId",
                "Provide either orgId or domain, not both.",
            ));
        }
        (Some(id), None) if !id.is_empty() => OrgRef::Id(id.to_string()),
        (None, Some(domain)) if !domain.is_empty() => OrgRef::Domain(domain.to_lowercase()),
        _ => {
            return Err(ApiError::validation(
                "orgId",
                "orgId: Provide the org's ID in orgId or its domain in domain.",
            ));
        }
    };
    let cell = str_field(body, "cell")
        .filter(|cell| !cell.is_empty())
        .ok_or_else(|| ApiError::validation("cell", "cell: The field cannot be left blank"))?;
    Ok((org_ref, cell.to_string()))
}

/// Links an org; unknown org (404 `E0000007`), already linked (400 `E0000001`) and missing
/// consent (403 `E0000006`) are distinct errors.
pub(crate) fn link_org(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, true)?;
    let body: Value = ctx.json()?;
    let (org_ref, cell) = parse_body(&body)?;

    let mut data = sim.data();
    let (org, shown) = match &org_ref {
        OrgRef::Id(id) => (data.org(id), id.clone()),
        OrgRef::Domain(domain) => (data.org_by_domain(domain), domain.clone()),
    };
    // Orgs on another account's contracts are as unknown to this account as made-up IDs.
    let org = org
        .filter(|org| org.account_id.as_deref() == Some(account_id))
        .ok_or_else(|| ApiError::not_found(&format!("{shown} (Org)")))?;
    if org.linked {
        return Err(ApiError::validation(
            "orgId",
            "The org is already linked to an Account.",
        ));
    }
    if !org.cell.eq_ignore_ascii_case(&cell) {
        return Err(ApiError::validation(
            "cell",
            format!("cell: The org is not in cell {cell}."),
        ));
    }
    let consented = data
        .effective_consent(org)
        .is_some_and(|consent| consent.account_id == account_id);
    if !consented {
        return Err(
            ApiError::forbidden().cause("The org has not granted Aerial consent to this account.")
        );
    }

    let org_id = org.id.clone();
    if let Some(org) = data.org_mut(&org_id) {
        org.linked = true;
    }
    log_event(
        &mut data,
        ctx.now,
        "account.org.add",
        account_id,
        &org_id,
        json!({ "cell": cell }),
    );
    let org = data
        .org(&org_id)
        .ok_or_else(|| ApiError::internal("The linked org vanished"))?;
    let body = org_json(&data, ctx, account_id, org);
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &body))
}
