//! `GET /{accountId}/api/v1/orgs`: the account's linked orgs, ordered by ID, paged with
//! `limit`, `after` and `before` cursors and `Link` headers, filtered by a SCIM expression.

use axum::http::header::LINK;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::aerial::org_json;
use super::auth::authorize_aerial;
use super::filter::Filter;
use super::json_response;
use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::Sim;

const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 100;

#[derive(Debug, Default)]
struct ListQuery {
    limit: usize,
    after: Option<String>,
    before: Option<String>,
    filter: Option<String>,
}

fn parse_query(ctx: &RequestCtx) -> Result<ListQuery, ApiError> {
    let mut query = ListQuery {
        limit: DEFAULT_LIMIT,
        ..ListQuery::default()
    };
    for (name, value) in ctx.query_pairs() {
        match name.as_str() {
            "limit" => {
                query.limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|limit| (1..=MAX_LIMIT).contains(limit))
                    .ok_or_else(|| {
                        ApiError::validation(
                            "limit",
                            format!("limit: '{value}' is not a number from 1 to {MAX_LIMIT}"),
                        )
                    })?;
            }
            "after" => query.after = Some(value),
            "before" => query.before = Some(value),
            "filter" => query.filter = Some(value),
            _ => {}
        }
    }
    if query.after.is_some() && query.before.is_some() {
        return Err(ApiError::validation(
            "after",
            "Use either the after or the before cursor, not both.",
        ));
    }
    Ok(query)
}

fn page_url(ctx: &RequestCtx, query: &ListQuery, cursor: Option<(&str, &str)>) -> String {
    let mut params = url::form_urlencoded::Serializer::new(String::new());
    if let Some((name, value)) = cursor {
        params.append_pair(name, value);
    }
    params.append_pair("limit", &query.limit.to_string());
    if let Some(filter) = &query.filter {
        params.append_pair("filter", filter);
    }
    format!("{}{}?{}", ctx.origin(), ctx.path, params.finish())
}

fn self_url(ctx: &RequestCtx, query: &ListQuery) -> String {
    let cursor = match (&query.after, &query.before) {
        (Some(after), _) => Some(("after", after.as_str())),
        (_, Some(before)) => Some(("before", before.as_str())),
        _ => None,
    };
    page_url(ctx, query, cursor)
}

pub(crate) fn list(sim: &Sim, ctx: &RequestCtx, account_id: &str) -> Result<Response, ApiError> {
    authorize_aerial(sim, ctx, account_id, false)?;
    let query = parse_query(ctx)?;
    let filter = query
        .filter
        .as_deref()
        .map(Filter::parse)
        .transpose()
        .map_err(|error| {
            ApiError::okta(
                StatusCode::BAD_REQUEST,
                "E0000031",
                "Invalid search criteria.",
            )
            .cause(format!("filter: {error}"))
        })?;

    let data = sim.data();
    let aerial_org_id = data
        .account(account_id)
        .map(|a| a.aerial_org_id.clone())
        .unwrap_or_default();
    let mut orgs: Vec<_> = data
        .world
        .orgs
        .iter()
        .filter(|org| org.linked && org.account_id.as_deref() == Some(account_id))
        .filter(|org| {
            filter
                .as_ref()
                .is_none_or(|f| f.matches(org, org.id == aerial_org_id))
        })
        .collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));

    let (start, end) = match (&query.after, &query.before) {
        (Some(after), _) => {
            let start = orgs.partition_point(|org| org.id.as_str() <= after.as_str());
            (start, (start + query.limit).min(orgs.len()))
        }
        (_, Some(before)) => {
            let end = orgs.partition_point(|org| org.id.as_str() < before.as_str());
            (end.saturating_sub(query.limit), end)
        }
        _ => (0, query.limit.min(orgs.len())),
    };
    let page = &orgs[start..end];
    let body = Value::Array(
        page.iter()
            .map(|org| org_json(&data, ctx, account_id, org))
            .collect(),
    );

    let mut links = vec![format!("<{}>; rel=\"self\"", self_url(ctx, &query))];
    if let (Some(last), true) = (page.last(), end < orgs.len()) {
        links.push(format!(
            "<{}>; rel=\"next\"",
            page_url(ctx, &query, Some(("after", &last.id)))
        ));
    }
    if let (Some(first), true) = (page.first(), start > 0) {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            page_url(ctx, &query, Some(("before", &first.id)))
        ));
    }
    let mut response = json_response(StatusCode::OK, &body);
    for link in links {
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().append(LINK, value);
        }
    }
    Ok(response)
}
