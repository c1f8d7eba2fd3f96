//! Org Creator: `POST /api/v1/orgs` on a parent org creates a child org and returns an SSWS
//! token for its first super admin. Requests to the child get 404 until the configured delay
//! has passed.

use axum::http::{HeaderName, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

use super::auth::authorize_org;
use super::json_response;
use crate::error::ApiError;
use crate::ids;
use crate::request::RequestCtx;
use crate::state::Sim;
use crate::timefmt::okta_timestamp;
use crate::world::{ApiToken, Org, OrgStatus};

const MAX_SUBDOMAIN: usize = 57;
const MAX_NAME: usize = 100;
/// Subdomains Okta keeps for itself; the list is the emulator's own sample, not Okta's full list.
const RESERVED_SUBDOMAINS: [&str; 10] = [
    "www", "admin", "api", "okta", "login", "aerial", "support", "help", "status", "mail",
];

fn org_creator_error(code: &'static str, summary: &str) -> ApiError {
    ApiError::okta(StatusCode::BAD_REQUEST, code, summary)
}

fn text_field<'a>(
    object: &'a Value,
    name: &str,
    field: &str,
    range: (usize, usize),
) -> Result<&'a str, ApiError> {
    let value = match object.get(name) {
        None | Some(Value::Null) => {
            return Err(ApiError::validation(
                field,
                format!("{field}: The field cannot be left blank"),
            ));
        }
        Some(Value::String(text)) => text.as_str(),
        Some(_) => {
            return Err(ApiError::validation(
                field,
                format!("{field}: The field must be a string"),
            ));
        }
    };
    let length = value.chars().count();
    if length < range.0 {
        return Err(ApiError::validation(
            field,
            format!("{field}: The field cannot be left blank"),
        ));
    }
    if length > range.1 {
        return Err(ApiError::validation(
            field,
            format!(
                "{field}: The field cannot be longer than {} characters",
                range.1
            ),
        ));
    }
    Ok(value)
}

fn check_subdomain(sim: &Sim, subdomain: &str, suffix: &str, now: i64) -> Result<(), ApiError> {
    if subdomain.chars().count() > MAX_SUBDOMAIN {
        return Err(org_creator_error(
            "E0000172",
            "Org Creator API subdomain validation exception: The value exceeds the max length.",
        ));
    }
    let valid_chars = subdomain
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid_chars || subdomain.starts_with('-') || subdomain.ends_with('-') {
        return Err(ApiError::validation(
            "subdomain",
            "subdomain: Use lowercase letters, digits and inner hyphens only, without spaces",
        ));
    }
    if RESERVED_SUBDOMAINS.contains(&subdomain) {
        return Err(org_creator_error(
            "E0000170",
            "Org Creator API subdomain validation exception: Using a reserved value. Try again with a different value.",
        ));
    }
    let data = sim.data();
    if let Some(existing) = data.org_by_domain(&format!("{subdomain}.{suffix}")) {
        if existing.ready_at.is_some_and(|ready_at| ready_at > now) {
            return Err(org_creator_error(
                "E0000171",
                "Org Creator API subdomain validation exception: The value is already in use by a different request.",
            ));
        }
        return Err(org_creator_error(
            "E0000088",
            "Org Creator API subdomain validation exception: An object with this field already exists.",
        ));
    }
    Ok(())
}

/// The validated request body.
struct NewOrg {
    subdomain: String,
    name: String,
    website: Option<String>,
}

fn validate_admin(body: &Value) -> Result<(), ApiError> {
    let admin = body
        .get("admin")
        .filter(|admin| admin.is_object())
        .ok_or_else(|| ApiError::validation("admin", "admin: The field cannot be left blank"))?;
    let profile = admin
        .get("profile")
        .filter(|profile| profile.is_object())
        .ok_or_else(|| {
            ApiError::validation("profile", "profile: The field cannot be left blank")
        })?;
    text_field(profile, "firstName", "firstName", (1, 50))?;
    text_field(profile, "lastName", "lastName", (1, 50))?;
    let email = text_field(profile, "email", "email", (5, 100))?;
    if !email.contains('@') {
        return Err(ApiError::validation(
            "email",
            "email: Does not match required pattern",
        ));
    }
    text_field(profile, "login", "login", (1, 100))?;
    if let Some(credentials) = admin.get("credentials") {
        if let Some(password) = credentials.get("password") {
            text_field(password, "value", "password", (1, 256))?;
        }
        if let Some(recovery) = credentials.get("recovery_question") {
            text_field(recovery, "question", "recovery_question", (1, 256))?;
            text_field(recovery, "answer", "recovery_question", (1, 256))?;
        }
    }
    Ok(())
}

fn validate_body(
    sim: &Sim,
    ctx: &RequestCtx,
    body: &Value,
    suffix: &str,
) -> Result<NewOrg, ApiError> {
    if !body.is_object() {
        return Err(ApiError::malformed_body("The body must be a JSON object"));
    }
    let subdomain = text_field(body, "subdomain", "subdomain", (1, usize::MAX))?;
    check_subdomain(sim, subdomain, suffix, ctx.now)?;
    let name = match body.get("name") {
        Some(Value::String(name))
            if !name.trim().is_empty() && name.chars().count() <= MAX_NAME =>
        {
            name.clone()
        }
        Some(Value::String(name)) if !name.trim().is_empty() => {
            return Err(org_creator_error(
                "E0000089",
                "Org Creator API name validation exception.",
            ));
        }
        _ => {
            return Err(ApiError::validation(
                "name",
                "name: The field cannot be left blank",
            ));
        }
    };
    let website = match body.get("website") {
        None | Some(Value::Null) => None,
        Some(Value::String(site)) => Some(site.clone()),
        Some(_) => {
            return Err(ApiError::validation(
                "website",
                "website: The field must be a string",
            ));
        }
    };
    if body.get("edition").and_then(Value::as_str) != Some("SKU") {
        return Err(ApiError::validation(
            "edition",
            "edition: The only supported value is SKU",
        ));
    }
    validate_admin(body)?;
    Ok(NewOrg {
        subdomain: subdomain.to_string(),
        name,
        website,
    })
}

/// Counts a creation against the parent's limit of 10 orgs per minute.
fn spend_creation(sim: &Sim, parent_id: &str, now: i64) -> Result<(), ApiError> {
    let mut data = sim.data();
    let recent = data
        .runtime
        .org_creations
        .entry(parent_id.to_string())
        .or_default();
    while recent.front().is_some_and(|time| now - time >= 60) {
        recent.pop_front();
    }
    let limit = sim.config.org_creations_per_minute;
    if recent.len() >= limit {
        // The window slides, so the budget frees up 60 s after the oldest creation in it.
        let reset = recent.front().map_or(now, |oldest| oldest + 60);
        return Err(ApiError::rate_limited()
            .header(
                HeaderName::from_static("x-rate-limit-limit"),
                limit.to_string(),
            )
            .header(HeaderName::from_static("x-rate-limit-remaining"), "0")
            .header(
                HeaderName::from_static("x-rate-limit-reset"),
                reset.to_string(),
            ));
    }
    recent.push_back(now);
    Ok(())
}

pub(crate) fn create(sim: &Sim, ctx: &RequestCtx, parent_id: &str) -> Result<Response, ApiError> {
    let principal = authorize_org(sim, ctx, parent_id, &["okta.orgs.manage"])?;
    let parent = sim
        .data()
        .org(parent_id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&format!("{parent_id} (Org)")))?;
    if !parent.org_creator {
        return Err(
            ApiError::forbidden().cause("This org does not have the Org Creator permission.")
        );
    }
    let suffix = parent
        .domain
        .split_once('.')
        .map_or("", |(_, rest)| rest)
        .to_string();
    let body: Value = ctx.json()?;
    let new_org = validate_body(sim, ctx, &body, &suffix)?;
    spend_creation(sim, parent_id, ctx.now)?;

    let delay = i64::try_from(sim.config.org_ready_delay.as_secs()).unwrap_or(i64::MAX / 2);
    let token = format!("00{}", ids::opaque_token(40));
    let admin_id = ids::okta_id("00u");
    let org = Org {
        id: ids::okta_id("00o"),
        name: new_org.name,
        domain: format!("{}.{suffix}", new_org.subdomain),
        cell: parent.cell.clone(),
        status: OrgStatus::Active,
        account_id: parent.account_id.clone(),
        linked: false,
        parent_org_id: Some(parent.id.clone()),
        consent: None,
        account_type: parent.account_type,
        org_creator: false,
        enabled_products: Vec::new(),
        api_tokens: vec![ApiToken {
            token: token.clone(),
            user_id: admin_id.clone(),
        }],
        website: new_org.website,
        created_date: okta_timestamp(ctx.now),
        created_by: principal.id,
        ready_at: (delay > 0).then(|| ctx.now.saturating_add(delay)),
        deletion_requested: false,
        groups: Vec::new(),
        apps: Vec::new(),
    };
    let response = created_json(ctx, &org, &new_org.subdomain, &token, &admin_id);
    let mut data = sim.data();
    // A request for the same subdomain may have won the race since validation.
    if data.org_by_domain(&org.domain).is_some() {
        return Err(org_creator_error(
            "E0000171",
            "Org Creator API subdomain validation exception: The value is already in use by a different request.",
        ));
    }
    data.world.orgs.push(org);
    sim.persist(&data.world);
    Ok(json_response(StatusCode::CREATED, &response))
}

fn created_json(
    ctx: &RequestCtx,
    org: &Org,
    subdomain: &str,
    token: &str,
    admin_id: &str,
) -> Value {
    let child = format!("http://{}{}", org.domain, ctx.port_suffix());
    json!({
        "id": org.id,
        "subdomain": subdomain,
        "name": org.name,
        "website": org.website,
        "status": "ACTIVE",
        "created": org.created_date,
        "lastUpdated": org.created_date,
        "settings": {
            "app": { "errorRedirectUrl": null, "interstitialEnabled": true, "interstitialMinWaitTime": 1200 },
            "userAccount": { "attributes": { "secondaryEmail": true, "secondaryImage": true } },
            "portal": { "errorRedirectUrl": null, "signOutUrl": null },
        },
        "token": token,
        "tokenType": "SSWS",
        "_links": {
            "organization": { "href": format!("{child}/api/v1/org") },
            "administrator": { "href": format!("{child}/api/v1/users/{admin_id}") },
            "contacts": { "href": format!("{child}/api/v1/org/contacts") },
            "preferences": { "href": format!("{child}/api/v1/org/preferences") },
        },
    })
}
