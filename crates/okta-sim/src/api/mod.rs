//! Okta's HTTP API as the emulator serves it: host resolution, the route table and handlers.

mod aerial;
mod auth;
mod consent;
mod dpop;
mod filter;
mod link;
mod management;
mod org_creator;
mod org_list;
mod token;

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::Sim;

/// Kind of host a request reached.
#[derive(Debug, Clone)]
pub(crate) enum Site {
    Aerial,
    /// An org, by ID.
    Org(String),
}

/// Returns the site for the request's host, or `None` for an unknown host or an org that is
/// still being created.
pub(crate) fn resolve_site(sim: &Sim, ctx: &RequestCtx) -> Option<Site> {
    if ctx.hostname == sim.config.aerial_host {
        return Some(Site::Aerial);
    }
    let data = sim.data();
    let org = data.org_by_domain(&ctx.hostname)?;
    if org.ready_at.is_some_and(|ready_at| ready_at > ctx.now) {
        return None;
    }
    Some(Site::Org(org.id.clone()))
}

/// A matched endpoint with its path parameters.
#[derive(Debug, Clone)]
pub(crate) enum Route {
    WellKnownOrganization,
    Token,
    OrgCreate,
    Consent,
    ConsentGrant,
    ConsentRevoke,
    Groups,
    Apps,
    Account { account: String },
    Products { account: String },
    Orgs { account: String },
    Org { account: String, org: String },
    OrgStatus { account: String, org: String },
    OrgDeletion { account: String, org: String },
    OrgProducts { account: String, org: String },
}

impl Route {
    /// Returns the route group whose per-minute budget a request spends.
    pub(crate) fn bucket(&self) -> &'static str {
        match self {
            Self::WellKnownOrganization => "well-known",
            Self::Token => "token",
            Self::OrgCreate => "org-creator",
            Self::Consent | Self::ConsentGrant | Self::ConsentRevoke => "consent",
            Self::Groups => "groups",
            Self::Apps => "apps",
            _ => "aerial",
        }
    }

    /// Returns the Aerial account in the path, whose concurrency limit the request counts against.
    pub(crate) fn aerial_account(&self) -> Option<&str> {
        match self {
            Self::Account { account }
            | Self::Products { account }
            | Self::Orgs { account }
            | Self::Org { account, .. }
            | Self::OrgStatus { account, .. }
            | Self::OrgDeletion { account, .. }
            | Self::OrgProducts { account, .. } => Some(account),
            _ => None,
        }
    }
}

fn org_route(segments: &[&str]) -> Option<(Route, &'static [&'static str])> {
    let route = match segments {
        [".well-known", "okta-organization"] => (Route::WellKnownOrganization, &["GET"][..]),
        ["oauth2", "v1", "token"] => (Route::Token, &["POST"][..]),
        ["api", "v1", "orgs"] => (Route::OrgCreate, &["POST"][..]),
        ["api", "v1", "org", "privacy", "aerial"] => (Route::Consent, &["GET"][..]),
        ["api", "v1", "org", "privacy", "aerial", "grant"] => (Route::ConsentGrant, &["POST"][..]),
        ["api", "v1", "org", "privacy", "aerial", "revoke"] => {
            (Route::ConsentRevoke, &["POST"][..])
        }
        ["api", "v1", "groups"] => (Route::Groups, &["GET", "POST"][..]),
        ["api", "v1", "apps"] => (Route::Apps, &["GET", "POST"][..]),
        _ => return None,
    };
    Some(route)
}

fn aerial_route(segments: &[&str]) -> Option<(Route, &'static [&'static str])> {
    let [account, "api", "v1", rest @ ..] = segments else {
        return None;
    };
    if account.is_empty() {
        return None;
    }
    let account = account.to_string();
    let route = match rest {
        ["accounts"] => (Route::Account { account }, &["GET", "PUT"][..]),
        ["products"] => (Route::Products { account }, &["GET"][..]),
        ["orgs"] => (Route::Orgs { account }, &["GET", "POST"][..]),
        ["orgs", org] if !org.is_empty() => (
            Route::Org {
                account,
                org: org.to_string(),
            },
            &["GET"][..],
        ),
        ["orgs", org, "status"] => (
            Route::OrgStatus {
                account,
                org: org.to_string(),
            },
            &["PUT"][..],
        ),
        ["orgs", org, "deletionRequest"] => (
            Route::OrgDeletion {
                account,
                org: org.to_string(),
            },
            &["POST"][..],
        ),
        ["orgs", org, "products"] => (
            Route::OrgProducts {
                account,
                org: org.to_string(),
            },
            &["GET", "PUT"][..],
        ),
        _ => return None,
    };
    Some(route)
}

/// Matches the path and method. A path that fits no endpoint of this kind of host returns 404
/// `E0000007`, and a method the path does not support returns 405 `E0000022`.
pub(crate) fn match_route(site: &Site, ctx: &RequestCtx) -> Result<Route, ApiError> {
    let segments: Vec<&str> = ctx.segments.iter().map(String::as_str).collect();
    let matched = match site {
        Site::Aerial => aerial_route(&segments),
        Site::Org(_) => org_route(&segments),
    };
    let Some((route, methods)) = matched else {
        return Err(ApiError::not_found(&format!("{} (Path)", ctx.path)));
    };
    if !methods.contains(&ctx.method.as_str()) {
        return Err(ApiError::method_not_allowed(methods));
    }
    Ok(route)
}

/// Calls the handler of a matched route.
pub(crate) fn call(
    sim: &Sim,
    ctx: &RequestCtx,
    site: &Site,
    route: &Route,
) -> Result<Response, ApiError> {
    let org_id = match site {
        Site::Org(id) => id.as_str(),
        Site::Aerial => "",
    };
    let get = ctx.method == Method::GET;
    match route {
        Route::WellKnownOrganization => Ok(well_known_organization(ctx, org_id)),
        Route::Token => token::handle(sim, ctx, org_id),
        Route::OrgCreate => org_creator::create(sim, ctx, org_id),
        Route::Consent => consent::get(sim, ctx, org_id),
        Route::ConsentGrant => consent::grant(sim, ctx, org_id),
        Route::ConsentRevoke => consent::revoke(sim, ctx, org_id),
        Route::Groups if get => management::list_groups(sim, ctx, org_id),
        Route::Groups => management::create_group(sim, ctx, org_id),
        Route::Apps if get => management::list_apps(sim, ctx, org_id),
        Route::Apps => management::create_app(sim, ctx, org_id),
        Route::Account { account } if get => aerial::get_account(sim, ctx, account),
        Route::Account { account } => aerial::put_account(sim, ctx, account),
        Route::Products { account } => aerial::list_products(sim, ctx, account),
        Route::Orgs { account } if get => org_list::list(sim, ctx, account),
        Route::Orgs { account } => link::link_org(sim, ctx, account),
        Route::Org { account, org } => aerial::get_org(sim, ctx, account, org),
        Route::OrgStatus { account, org } => aerial::put_status(sim, ctx, account, org),
        Route::OrgDeletion { account, org } => aerial::request_deletion(sim, ctx, account, org),
        Route::OrgProducts { account, org } if get => {
            aerial::get_org_products(sim, ctx, account, org)
        }
        Route::OrgProducts { account, org } => aerial::put_org_products(sim, ctx, account, org),
    }
}

/// Returns the org's public `/.well-known/okta-organization` document, which needs no
/// credentials. Clients use it to learn whether an org exists.
fn well_known_organization(ctx: &RequestCtx, org_id: &str) -> Response {
    let body = serde_json::json!({
        "id": org_id,
        "pipeline": "idx",
        "_links": { "organization": { "href": ctx.origin() } },
    });
    json_response(StatusCode::OK, &body)
}

/// Builds a JSON response.
pub(crate) fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// Returns a string member of a JSON object, or `None` when absent or not a string.
pub(crate) fn str_field<'a>(body: &'a Value, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}
