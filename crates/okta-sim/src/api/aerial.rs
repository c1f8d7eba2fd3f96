//! Aerial API: account, products, one org, org status, deletion requests and org products.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::auth::authorize_aerial;
use super::{json_response, str_field};
use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::{Data, Sim};
use crate::timefmt::okta_timestamp;
use crate::world::{AccountType, Org, OrgStatus};

/// Renders an org as the Aerial API returns it.
pub(super) fn org_json(data: &Data, ctx: &RequestCtx, account_id: &str, org: &Org) -> Value {
    let aerial_org = data
        .account(account_id)
        .is_some_and(|account| account.aerial_org_id == org.id);
    let href = format!("{}/{account_id}/api/v1/orgs/{}", ctx.origin(), org.id);
    json!({
        "id": org.id,
        "accountId": account_id,
        "name": org.name,
        "cell": org.cell,
        "domain": org.domain,
        "status": org.status.as_str(),
        "aerialOrg": aerial_org,
        "createdDate": org.created_date,
        "createdBy": org.created_by,
        "_links": {
            "self": { "href": href },
            "products": { "href": format!("{href}/products") },
            "status": { "href": format!("{href}/status") },
        },
    })
}

fn account_json(data: &Data, account_id: &str) -> Result<Value, ApiError> {
    let account = data
        .account(account_id)
        .ok_or_else(|| ApiError::not_found(&format!("{account_id} (Account)")))?;
    Ok(json!({ "id": account.id, "name": account.name }))
}

/// Returns the org if it is linked to the account; any other org is "not found" to the account.
pub(super) fn linked_org<'a>(
    data: &'a Data,
    account_id: &str,
    org_id: &str,
) -> Result<&'a Org, ApiError> {
    data.org(org_id)
        .filter(|org| org.linked && org.account_id.as_deref() == Some(account_id))
        .ok_or_else(|| ApiError::not_found(&format!("{org_id} (Org)")))
}

/// Appends an event to the Aerial org's System Log.
pub(super) fn log_event(
    data: &mut Data,
    now: i64,
    event_type: &str,
    account_id: &str,
    org_id: &str,
    detail: Value,
) {
    data.runtime.events.push(json!({
        "published": okta_timestamp(now),
        "eventType": event_type,
        "accountId": account_id,
        "target": [{ "id": org_id, "type": "Org" }],
        "debugContext": { "debugData": detail },
    }));
}

pub(crate) fn get_account(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, false)?;
    let data = sim.data();
    Ok(json_response(
        StatusCode::OK,
        &account_json(&data, account_id)?,
    ))
}

pub(crate) fn put_account(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, true)?;
    let body: Value = ctx.json()?;
    let name = match body.get("name") {
        Some(Value::String(name)) => name.trim().to_string(),
        Some(_) => {
            return Err(ApiError::validation(
                "name",
                "name: The field must be a string",
            ));
        }
        None => {
            return Err(ApiError::validation(
                "name",
                "name: The field cannot be left blank",
            ));
        }
    };
    if name.is_empty() {
        return Err(ApiError::validation(
            "name",
            "name: The field cannot be left blank",
        ));
    }
    if name.chars().count() > 255 {
        return Err(ApiError::validation(
            "name",
            "name: The field cannot be longer than 255 characters",
        ));
    }
    let mut data = sim.data();
    if let Some(account) = data.world.accounts.iter_mut().find(|a| a.id == account_id) {
        account.name = name;
    }
    let account = account_json(&data, account_id)?;
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &account))
}

fn product_list(data: &Data, ids: &[String]) -> Value {
    let products: Vec<Value> = data
        .world
        .products
        .iter()
        .filter(|product| ids.contains(&product.id))
        .map(|product| json!({ "id": product.id, "name": product.name }))
        .collect();
    Value::Array(products)
}

pub(crate) fn list_products(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, false)?;
    let data = sim.data();
    let account = data
        .account(account_id)
        .ok_or_else(|| ApiError::not_found(&format!("{account_id} (Account)")))?;
    Ok(json_response(
        StatusCode::OK,
        &product_list(&data, &account.products),
    ))
}

pub(crate) fn get_org(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, false)?;
    let data = sim.data();
    let org = linked_org(&data, account_id, org_id)?;
    Ok(json_response(
        StatusCode::OK,
        &org_json(&data, ctx, account_id, org),
    ))
}

fn parse_status(body: &Value) -> Result<OrgStatus, ApiError> {
    match str_field(body, "status") {
        Some("ACTIVE") => Ok(OrgStatus::Active),
        Some("INACTIVE") => Ok(OrgStatus::Inactive),
        Some(other) => Err(ApiError::validation(
            "status",
            format!("status: '{other}' is not ACTIVE or INACTIVE"),
        )),
        None => Err(ApiError::validation(
            "status",
            "status: The field cannot be left blank",
        )),
    }
}

/// Changes the status of the addressed org only, never its parent or children.
pub(crate) fn put_status(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, true)?;
    let status = parse_status(&ctx.json()?)?;

    let mut data = sim.data();
    let org = linked_org(&data, account_id, org_id)?;
    let is_aerial_org = data
        .account(account_id)
        .is_some_and(|a| a.aerial_org_id == org.id);
    if is_aerial_org && status == OrgStatus::Inactive {
        return Err(ApiError::validation(
            "status",
            "The Aerial org of an account cannot be deactivated.",
        ));
    }

    let before = org.status;
    if let Some(org) = data.org_mut(org_id) {
        org.status = status;
    }
    let detail = json!({ "before": before.as_str(), "after": status.as_str() });
    log_event(
        &mut data,
        ctx.now,
        "account.org.status.update",
        account_id,
        org_id,
        detail,
    );
    let org = linked_org(&data, account_id, org_id)?;
    let body = org_json(&data, ctx, account_id, org);
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &body))
}

/// Accepts a deletion request for an INACTIVE org of a sandbox or partner account.
pub(crate) fn request_deletion(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, true)?;
    let mut data = sim.data();
    let org = linked_org(&data, account_id, org_id)?;
    if org.status != OrgStatus::Inactive {
        return Err(ApiError::validation(
            "status",
            "Only INACTIVE orgs can be deleted. Deactivate the org first.",
        ));
    }
    let account_type = org
        .account_type
        .or_else(|| data.account(account_id).map(|a| a.account_type))
        .unwrap_or_default();
    if account_type == AccountType::Production {
        return Err(ApiError::forbidden().cause(
            "Deletion requests are allowed only for sandbox orgs and Okta Partner Program accounts.",
        ));
    }
    if let Some(org) = data.org_mut(org_id) {
        org.deletion_requested = true;
    }
    log_event(
        &mut data,
        ctx.now,
        "account.org.delete.request",
        account_id,
        org_id,
        json!({}),
    );
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &json!({})))
}

pub(crate) fn get_org_products(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, false)?;
    let data = sim.data();
    let org = linked_org(&data, account_id, org_id)?;
    Ok(json_response(
        StatusCode::OK,
        &product_list(&data, &org.enabled_products),
    ))
}

/// Reads the product IDs of a PUT body: an array of objects with `id`; `name` is ignored.
fn requested_product_ids(body: &Value) -> Result<Vec<String>, ApiError> {
    let Value::Array(items) = body else {
        return Err(ApiError::validation(
            "products",
            "The body must be a JSON array of products",
        ));
    };
    let mut ids: Vec<String> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let id = str_field(item, "id")
            .ok_or_else(|| ApiError::validation("id", format!("id: product {index} has no id")))?;
        if !ids.iter().any(|known| known == id) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

/// Checks that every product ID is in the catalogue and subscribed by the account.
fn check_subscribed(data: &Data, account_id: &str, ids: &[String]) -> Result<(), ApiError> {
    let subscribed = data
        .account(account_id)
        .map(|a| a.products.as_slice())
        .unwrap_or_default();
    for id in ids {
        if !data.world.products.iter().any(|product| &product.id == id) {
            return Err(ApiError::validation(
                "id",
                format!("id: Unknown product ID {id}"),
            ));
        }
        if !subscribed.contains(id) {
            return Err(ApiError::validation(
                "id",
                format!("id: The account is not subscribed to product {id}"),
            ));
        }
    }
    Ok(())
}

/// Replaces the org's whole product set: any enabled product missing from the body is disabled.
pub(crate) fn put_org_products(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, true)?;
    let body: Value = ctx.json()?;
    let ids = requested_product_ids(&body)?;

    let mut data = sim.data();
    linked_org(&data, account_id, org_id)?;
    check_subscribed(&data, account_id, &ids)?;

    let before = data
        .org(org_id)
        .map(|org| org.enabled_products.clone())
        .unwrap_or_default();
    if let Some(org) = data.org_mut(org_id) {
        org.enabled_products = ids.clone();
    }
    let detail = json!({ "before": before, "after": ids });
    log_event(
        &mut data,
        ctx.now,
        "account.org.product.update",
        account_id,
        org_id,
        detail,
    );
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &product_list(&data, &ids)))
}
