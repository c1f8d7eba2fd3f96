//! The request pipeline: buffer the body, log it, route control calls, apply faults, resolve the
//! host, enforce rate limits, call the handler and add the common headers.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::header::DATE;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use tokio::sync::Notify;

use crate::api;
use crate::control;
use crate::error::ApiError;
use crate::faults::{FaultAction, FaultKind};
use crate::limits::{ConcurrencySlot, RateHeaders};
use crate::request::RequestCtx;
use crate::request_log::{LoggedRequest, headers_json};
use crate::state::{Sim, lock};
use crate::timefmt::okta_timestamp;

/// Handles one request. Every error response uses one of Okta's two error shapes.
pub(crate) async fn handle(sim: Arc<Sim>, request: Request<Body>, kill: Arc<Notify>) -> Response {
    let (parts, body) = request.into_parts();
    let body = match read_body(body, sim.config.max_body_bytes).await {
        Ok(bytes) => bytes,
        Err(error) => {
            let ctx = RequestCtx::new(parts, Bytes::new(), sim.clock.now_secs());
            return finish(&sim, reject_unread_body(&sim, &ctx, error));
        }
    };
    let ctx = RequestCtx::new(parts, body, sim.clock.now_secs());

    let is_control = ctx.segments.first().is_some_and(|first| first == "__sim");
    if is_control && sim.config.control_api {
        return finish(&sim, control::handle(&sim, &ctx));
    }

    record(&sim, &ctx);
    let response = handle_api(&sim, &ctx, &kill).await;
    if response.status().is_client_error() || response.status().is_server_error() {
        tracing::debug!(
            method = %ctx.method,
            host = %ctx.host_header,
            path = %ctx.path,
            status = response.status().as_u16(),
            "request failed"
        );
    }
    finish(&sim, response)
}

async fn read_body(body: Body, max_bytes: usize) -> Result<Bytes, ApiError> {
    let limited = http_body_util::Limited::new(body, max_bytes);
    match limited.collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => Err(ApiError::okta(
            StatusCode::PAYLOAD_TOO_LARGE,
            "E0000003",
            "The request body was not well-formed.",
        )
        .cause(format!("The request body exceeds {max_bytes} bytes."))),
        Err(error) => Err(ApiError::malformed_body(format!(
            "The request body could not be read: {error}"
        ))),
    }
}

/// Builds the error response for a body that was too large or unreadable. The request still
/// spends the host's budget, and the response carries the rate-limit headers.
fn reject_unread_body(sim: &Sim, ctx: &RequestCtx, error: ApiError) -> Response {
    let rate = sim
        .limits
        .count(&format!("{}:other", ctx.hostname), ctx.now)
        .unwrap_or_else(|spent| spent);
    with_rate_headers(error.into_response(), rate)
}

fn record(sim: &Sim, ctx: &RequestCtx) {
    let entry = LoggedRequest {
        time: okta_timestamp(ctx.now),
        method: ctx.method.to_string(),
        host: ctx.host_header.clone(),
        path: ctx.path.clone(),
        query: ctx.query.clone(),
        headers: headers_json(&ctx.headers),
        body: String::from_utf8_lossy(&ctx.body).into_owned(),
    };
    lock(&sim.log).push(entry);
}

async fn handle_api(sim: &Sim, ctx: &RequestCtx, kill: &Notify) -> Response {
    let site = api::resolve_site(sim, ctx);
    let route = site.as_ref().map(|site| api::match_route(site, ctx));
    let bucket = match &route {
        Some(Ok(route)) => route.bucket(),
        _ => "other",
    };
    let rate = match sim
        .limits
        .count(&format!("{}:{bucket}", ctx.hostname), ctx.now)
    {
        Ok(headers) => headers,
        Err(headers) => {
            return with_rate_headers(ApiError::rate_limited().into_response(), headers);
        }
    };

    let fault = lock(&sim.faults).decide(&ctx.hostname, ctx.method.as_str(), &ctx.path);
    if let Some(action) = fault {
        match action.kind {
            FaultKind::Status429 => {
                let headers = RateHeaders {
                    remaining: 0,
                    ..rate
                };
                return with_rate_headers(ApiError::rate_limited().into_response(), headers);
            }
            FaultKind::Status500 => {
                return with_rate_headers(
                    ApiError::internal("Injected fault").into_response(),
                    rate,
                );
            }
            FaultKind::Drop => {
                kill.notify_one();
                return std::future::pending().await;
            }
            FaultKind::Latency | FaultKind::SlowBody => {}
        }
    }

    let (site, route) = match (site, route) {
        (Some(site), Some(Ok(route))) => (site, route),
        (Some(_), Some(Err(error))) => return with_rate_headers(error.into_response(), rate),
        _ => {
            let error = ApiError::not_found(&format!("{} (Host)", ctx.hostname));
            return with_rate_headers(error.into_response(), rate);
        }
    };
    let slot = match route.aerial_account() {
        Some(account) => match sim.limits.enter(account, ctx.now) {
            Ok(slot) => Some(slot),
            Err(headers) => {
                return with_rate_headers(ApiError::rate_limited().into_response(), headers);
            }
        },
        None => None,
    };

    if let Some(FaultAction {
        kind: FaultKind::Latency,
        delay_ms,
    }) = fault
    {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
    }
    let response = match api::call(sim, ctx, &site, &route) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    };
    let response = with_rate_headers(response, rate);
    match fault {
        Some(FaultAction {
            kind: FaultKind::SlowBody,
            delay_ms,
        }) => slow_body(response, delay_ms, slot).await,
        _ => response,
    }
}

/// Adds the per-minute budget's `X-Rate-Limit-*` headers, unless the handler already set them
/// for a tighter limit (Org Creator's orgs per minute).
fn with_rate_headers(mut response: Response, rate: RateHeaders) -> Response {
    let headers = response.headers_mut();
    if headers.contains_key("x-rate-limit-limit") {
        return response;
    }
    headers.insert("x-rate-limit-limit", HeaderValue::from(rate.limit));
    headers.insert("x-rate-limit-remaining", HeaderValue::from(rate.remaining));
    headers.insert("x-rate-limit-reset", HeaderValue::from(rate.reset));
    response
}

/// Re-sends a response body in 16 chunks with `delay_ms` between them. The request keeps its
/// concurrency slot until the body stream ends, so a slow body counts as a slow handler does.
async fn slow_body(response: Response, delay_ms: u64, slot: Option<ConcurrencySlot>) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    parts.headers.insert(
        axum::http::header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len()),
    );
    let chunk_size = bytes.len().div_ceil(16).max(1);
    let chunks: Vec<Bytes> = bytes
        .chunks(chunk_size)
        .map(Bytes::copy_from_slice)
        .collect();
    let stream = futures_util::stream::iter(chunks.into_iter().enumerate()).then(
        move |(index, chunk)| async move {
            if index > 0 {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            }
            Ok::<_, std::convert::Infallible>(chunk)
        },
    );
    // The closure owns the slot, so it is released when the body stream is dropped.
    let stream = stream.map(move |chunk| {
        let _held = &slot;
        chunk
    });
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Adds the `Date` header from the emulator clock, so a shifted clock shows in responses.
fn finish(sim: &Sim, mut response: Response) -> Response {
    let date = httpdate::fmt_http_date(sim.clock.now());
    if let Ok(value) = HeaderValue::from_str(&date) {
        response.headers_mut().insert(DATE, value);
    }
    response
}
