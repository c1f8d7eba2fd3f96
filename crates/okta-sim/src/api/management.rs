//! The management API subset used to configure a new org: groups (`GET`/`POST /api/v1/groups`)
//! and bookmark apps (`GET`/`POST /api/v1/apps`).

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::auth::authorize_org;
use super::{json_response, str_field};
use crate::error::ApiError;
use crate::ids;
use crate::request::RequestCtx;
use crate::state::Sim;
use crate::timefmt::okta_timestamp;

const GROUP_READ: [&str; 2] = ["okta.groups.read", "okta.groups.manage"];
const GROUP_WRITE: [&str; 1] = ["okta.groups.manage"];
const APP_READ: [&str; 2] = ["okta.apps.read", "okta.apps.manage"];
const APP_WRITE: [&str; 1] = ["okta.apps.manage"];

pub(crate) fn list_groups(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &GROUP_READ)?;
    let query = ctx.query_pairs();
    let prefix = query
        .iter()
        .find(|(name, _)| name == "q")
        .map(|(_, q)| q.to_lowercase());
    let data = sim.data();
    let groups: Vec<Value> = data
        .org(org_id)
        .map(|org| org.groups.clone())
        .unwrap_or_default()
        .into_iter()
        .filter(|group| {
            let name = group["profile"]["name"]
                .as_str()
                .unwrap_or("")
                .to_lowercase();
            prefix
                .as_ref()
                .is_none_or(|prefix| name.starts_with(prefix))
        })
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(groups)))
}

/// Reads `profile.name` (1..255 characters) and the optional `profile.description`.
fn parse_group_profile(body: &Value) -> Result<(&str, Option<&str>), ApiError> {
    let profile = body
        .get("profile")
        .filter(|p| p.is_object())
        .ok_or_else(|| {
            ApiError::validation("profile", "profile: The field cannot be left blank")
        })?;
    let name = str_field(profile, "name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::validation("name", "name: The field cannot be left blank"))?;
    if name.chars().count() > 255 {
        return Err(ApiError::validation(
            "name",
            "name: The field cannot be longer than 255 characters",
        ));
    }
    Ok((name, str_field(profile, "description")))
}

pub(crate) fn create_group(
    sim: &Sim,
    ctx: &RequestCtx,
    org_id: &str,
) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &GROUP_WRITE)?;
    let body: Value = ctx.json()?;
    let (name, description) = parse_group_profile(&body)?;

    let mut data = sim.data();
    let org = data
        .org_mut(org_id)
        .ok_or_else(|| ApiError::not_found(&format!("{org_id} (Org)")))?;
    let taken = org.groups.iter().any(|g| {
        g["profile"]["name"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    });
    if taken {
        return Err(ApiError::validation(
            "name",
            "name: An object with this field already exists in the current organization",
        ));
    }

    let id = ids::okta_id("00g");
    let now = okta_timestamp(ctx.now);
    let group = json!({
        "id": id,
        "created": now,
        "lastUpdated": now,
        "lastMembershipUpdated": now,
        "objectClass": ["okta:user_group"],
        "type": "OKTA_GROUP",
        "profile": { "name": name, "description": description },
        "_links": {
            "users": { "href": format!("{}/api/v1/groups/{id}/users", ctx.origin()) },
            "apps": { "href": format!("{}/api/v1/groups/{id}/apps", ctx.origin()) },
        },
    });
    org.groups.push(group.clone());
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &group))
}

pub(crate) fn list_apps(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &APP_READ)?;
    let data = sim.data();
    let apps = data
        .org(org_id)
        .map(|org| org.apps.clone())
        .unwrap_or_default();
    Ok(json_response(StatusCode::OK, &Value::Array(apps)))
}

/// Checks a bookmark app body: `name` "bookmark", a `label`, `signOnMode` "BOOKMARK" and
/// `settings.app.url`.
fn validate_bookmark(body: &Value) -> Result<(String, String, bool), ApiError> {
    if str_field(body, "name") != Some("bookmark") {
        return Err(ApiError::validation(
            "name",
            "name: Only bookmark apps (name \"bookmark\") are supported",
        ));
    }
    let label = str_field(body, "label")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| ApiError::validation("label", "label: The field cannot be left blank"))?;
    if label.chars().count() > 100 {
        return Err(ApiError::validation(
            "label",
            "label: The field cannot be longer than 100 characters",
        ));
    }
    if str_field(body, "signOnMode") != Some("BOOKMARK") {
        return Err(ApiError::validation(
            "signOnMode",
            "signOnMode: A bookmark app needs signOnMode BOOKMARK",
        ));
    }
    let app_settings = &body["settings"]["app"];
    let url = app_settings["url"]
        .as_str()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| ApiError::validation("url", "url: The field cannot be left blank"))?;
    if url::Url::parse(url)
        .map(|u| u.scheme() != "http" && u.scheme() != "https")
        .unwrap_or(true)
    {
        return Err(ApiError::validation(
            "url",
            "url: Must be an absolute http or https URL",
        ));
    }
    let request_integration = app_settings["requestIntegration"]
        .as_bool()
        .unwrap_or(false);
    Ok((label.to_string(), url.to_string(), request_integration))
}

pub(crate) fn create_app(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    authorize_org(sim, ctx, org_id, &APP_WRITE)?;
    let body: Value = ctx.json()?;
    let (label, url, request_integration) = validate_bookmark(&body)?;
    let id = ids::okta_id("0oa");
    let now = okta_timestamp(ctx.now);
    let app = json!({
        "id": id,
        "name": "bookmark",
        "label": label,
        "status": "ACTIVE",
        "created": now,
        "lastUpdated": now,
        "signOnMode": "BOOKMARK",
        "features": [],
        "visibility": { "autoSubmitToolbar": false, "hide": { "iOS": false, "web": false } },
        "settings": { "app": { "requestIntegration": request_integration, "url": url } },
        "_links": {
            "self": { "href": format!("{}/api/v1/apps/{id}", ctx.origin()) },
            "users": { "href": format!("{}/api/v1/apps/{id}/users", ctx.origin()) },
        },
    });
    let mut data = sim.data();
    let org = data
        .org_mut(org_id)
        .ok_or_else(|| ApiError::not_found(&format!("{org_id} (Org)")))?;
    org.apps.push(app.clone());
    sim.persist(&data.world);
    Ok(json_response(StatusCode::OK, &app))
}
