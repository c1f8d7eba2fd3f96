//! The control API under `/__sim/`, served on every host when enabled: register clients and
//! keys, shift the clock, inject faults, read the request log, reset and dump the state.

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::api::json_response;
use crate::client_keys::check_client_jwk;
use crate::error::ApiError;
use crate::faults::FaultSpec;
use crate::request::RequestCtx;
use crate::state::{Runtime, Sim, lock};
use crate::world::Client;

/// Largest clock shift accepted, in seconds (about 50 years).
const MAX_CLOCK_OFFSET_SECONDS: u64 = 50 * 365 * 24 * 3600;

pub(crate) fn handle(sim: &Sim, ctx: &RequestCtx) -> Response {
    let segments: Vec<&str> = ctx.segments.iter().skip(1).map(String::as_str).collect();
    let method = &ctx.method;
    let result = match (segments.as_slice(), method) {
        (["clients"], &Method::POST) => register_client(sim, ctx),
        (["clients", id, "keys"], &Method::POST) => add_key(sim, ctx, id),
        (["clients", id], &Method::PATCH) => patch_client(sim, ctx, id),
        (["clock"], &Method::PUT) => set_clock(sim, ctx),
        (["faults"], &Method::POST) => add_fault(sim, ctx),
        (["faults"], &Method::DELETE) => {
            lock(&sim.faults).clear();
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        (["requests"], &Method::GET) => {
            let entries = lock(&sim.log).entries();
            Ok(json_response(StatusCode::OK, &json!(entries)))
        }
        (["requests"], &Method::DELETE) => {
            lock(&sim.log).clear();
            Ok(StatusCode::NO_CONTENT.into_response())
        }
        (["reset"], &Method::POST) => Ok(reset(sim)),
        (["state"], &Method::GET) => Ok(json_response(StatusCode::OK, &json!(sim.data().world))),
        (["events"], &Method::GET) => Ok(json_response(
            StatusCode::OK,
            &json!(sim.data().runtime.events),
        )),
        (
            ["clients"]
            | ["clients", _, "keys"]
            | ["clients", _]
            | ["clock"]
            | ["faults"]
            | ["requests"]
            | ["reset"]
            | ["state"]
            | ["events"],
            _,
        ) => Err(ApiError::method_not_allowed(allowed(&segments))),
        _ => Err(ApiError::not_found(&format!("{} (Path)", ctx.path))),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

fn allowed(segments: &[&str]) -> &'static [&'static str] {
    match segments {
        ["clients"] | ["clients", _, "keys"] | ["reset"] => &["POST"],
        ["clients", _] => &["PATCH"],
        ["clock"] => &["PUT"],
        ["faults"] => &["POST", "DELETE"],
        ["requests"] => &["GET", "DELETE"],
        _ => &["GET"],
    }
}

/// Checks a public JWK before it is registered; a rejected key is 400 `E0000001`.
fn validate_jwk(jwk: &Value, existing: &[Value]) -> Result<Value, ApiError> {
    check_client_jwk(jwk, existing)
        .map_err(|error| ApiError::validation(error.field, error.message))
}

fn client_json(client: &Client) -> Value {
    json!(client)
}

fn string_list(value: &Value, field: &str) -> Result<Vec<String>, ApiError> {
    value
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .ok_or_else(|| ApiError::validation(field, format!("{field}: Must be an array of strings")))
}

fn register_client(sim: &Sim, ctx: &RequestCtx) -> Result<Response, ApiError> {
    let body: Value = ctx.json()?;
    let text = |name: &str, default: &str| -> Result<String, ApiError> {
        match body.get(name) {
            None => Ok(default.to_string()),
            Some(Value::String(text)) if !text.is_empty() => Ok(text.clone()),
            Some(_) => Err(ApiError::validation(
                name,
                format!("{name}: Must be a non-empty string"),
            )),
        }
    };
    let org_domain = text("orgDomain", "")?.to_lowercase();
    let client_id = text("clientId", "")?;
    if org_domain.is_empty() || client_id.is_empty() {
        return Err(ApiError::validation(
            "clientId",
            "orgDomain and clientId are required",
        ));
    }
    let mut client = Client {
        org_domain,
        client_id,
        application_type: text("applicationType", "service")?,
        token_endpoint_auth_method: text("tokenEndpointAuthMethod", "private_key_jwt")?,
        granted_scopes: body
            .get("grantedScopes")
            .map(|v| string_list(v, "grantedScopes"))
            .transpose()?
            .unwrap_or_default(),
        dpop_required: body
            .get("dpopRequired")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        jwks: Vec::new(),
    };
    let jwks = match body.get("jwks") {
        None => Vec::new(),
        Some(Value::Array(keys)) => keys.clone(),
        Some(_) => {
            return Err(ApiError::validation(
                "jwks",
                "jwks: Must be an array of JWKs",
            ));
        }
    };
    for jwk in &jwks {
        let checked = validate_jwk(jwk, &client.jwks)?;
        client.jwks.push(checked);
    }

    let mut data = sim.data();
    if data.org_by_domain(&client.org_domain).is_none() {
        return Err(ApiError::not_found(&format!("{} (Org)", client.org_domain)));
    }
    if data.client(&client.client_id).is_some() {
        return Err(ApiError::validation(
            "clientId",
            format!("clientId: {} is already registered", client.client_id),
        ));
    }
    let response = json_response(StatusCode::CREATED, &client_json(&client));
    data.world.clients.push(client);
    sim.persist(&data.world);
    Ok(response)
}

fn add_key(sim: &Sim, ctx: &RequestCtx, client_id: &str) -> Result<Response, ApiError> {
    let jwk: Value = ctx.json()?;
    let mut data = sim.data();
    let client = data
        .client_mut(client_id)
        .ok_or_else(|| ApiError::not_found(&format!("{client_id} (Client)")))?;
    let checked = validate_jwk(&jwk, &client.jwks)?;
    client.jwks.push(checked.clone());
    sim.persist(&data.world);
    Ok(json_response(StatusCode::CREATED, &checked))
}

fn patch_client(sim: &Sim, ctx: &RequestCtx, client_id: &str) -> Result<Response, ApiError> {
    let body: Value = ctx.json()?;
    let scopes = body
        .get("grantedScopes")
        .map(|v| string_list(v, "grantedScopes"))
        .transpose()?;
    let dpop = match body.get("dpopRequired") {
        None => None,
        Some(Value::Bool(flag)) => Some(*flag),
        Some(_) => {
            return Err(ApiError::validation(
                "dpopRequired",
                "dpopRequired: Must be true or false",
            ));
        }
    };
    let mut data = sim.data();
    let client = data
        .client_mut(client_id)
        .ok_or_else(|| ApiError::not_found(&format!("{client_id} (Client)")))?;
    if let Some(scopes) = scopes {
        client.granted_scopes = scopes;
    }
    if let Some(dpop) = dpop {
        client.dpop_required = dpop;
    }
    let response = json_response(StatusCode::OK, &client_json(client));
    sim.persist(&data.world);
    Ok(response)
}

fn set_clock(sim: &Sim, ctx: &RequestCtx) -> Result<Response, ApiError> {
    let body: Value = ctx.json()?;
    let offset = body
        .get("offsetSeconds")
        .and_then(Value::as_i64)
        .ok_or_else(|| {
            ApiError::validation(
                "offsetSeconds",
                "offsetSeconds: Must be an integer number of seconds",
            )
        })?;
    // A bounded shift keeps the shifted time after 1970, where the Date header can format it.
    if offset.unsigned_abs() > MAX_CLOCK_OFFSET_SECONDS {
        return Err(ApiError::validation(
            "offsetSeconds",
            format!(
                "offsetSeconds: Must be between -{MAX_CLOCK_OFFSET_SECONDS} and {MAX_CLOCK_OFFSET_SECONDS}"
            ),
        ));
    }
    sim.clock.set_offset(offset);
    Ok(json_response(
        StatusCode::OK,
        &json!({ "offsetSeconds": offset, "now": sim.clock.now_secs() }),
    ))
}

fn add_fault(sim: &Sim, ctx: &RequestCtx) -> Result<Response, ApiError> {
    let spec: FaultSpec = ctx.json()?;
    if spec.probability.is_some_and(|p| !(0.0..=1.0).contains(&p)) {
        return Err(ApiError::validation(
            "probability",
            "probability: Must be from 0 to 1",
        ));
    }
    let id = lock(&sim.faults).add(spec);
    Ok(json_response(StatusCode::CREATED, &json!({ "id": id })))
}

/// Restores the seed and clears tokens, used `jti`s, nonces, faults, the clock offset and the
/// request log.
fn reset(sim: &Sim) -> Response {
    let mut data = sim.data();
    data.world = sim.config.world.clone();
    data.runtime = Runtime::default();
    lock(&sim.faults).clear();
    lock(&sim.log).clear();
    sim.clock.set_offset(0);
    sim.persist(&data.world);
    json_response(StatusCode::OK, &json!({}))
}
