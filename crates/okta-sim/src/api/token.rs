//! `POST /oauth2/v1/token` on every org: client credentials with a `private_key_jwt` client
//! assertion, optional DPoP, and access tokens signed by the emulator.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, PRAGMA};
use axum::http::{HeaderName, HeaderValue};
use axum::response::Response;
use serde_json::{Value, json};

use super::dpop::{ProofCheck, ProofFailure, check_proof};
use super::json_response;
use crate::error::ApiError;
use crate::ids;
use crate::jose::{Alg, CompactJws, JoseError, PublicKey, sign_es256};
use crate::request::RequestCtx;
use crate::state::{Data, IssuedToken, Sim};
use crate::world::Client;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// The furthest `exp` may lie ahead of now, in seconds.
const MAX_ASSERTION_LIFETIME: i64 = 3600;
/// Scopes only an Aerial org's authorization server may grant.
const AERIAL_SCOPES: [&str; 2] = ["okta.accounts.read", "okta.accounts.manage"];

fn invalid_client(description: &str) -> ApiError {
    ApiError::oauth(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

fn invalid_request(description: &str) -> ApiError {
    ApiError::oauth(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// Parses the form body; a repeated parameter is an error as in RFC 6749 section 3.2.
fn parse_form(ctx: &RequestCtx) -> Result<HashMap<String, String>, ApiError> {
    if ctx.content_type().as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(invalid_request(
            "The token request must use the application/x-www-form-urlencoded content type.",
        ));
    }
    let mut form = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(&ctx.body) {
        if form.insert(name.to_string(), value.to_string()).is_some() {
            return Err(invalid_request(&format!(
                "The '{name}' parameter must not be repeated."
            )));
        }
    }
    Ok(form)
}

/// Rejects credentials in the query string and more than one credential method.
fn check_credential_methods(
    ctx: &RequestCtx,
    form: &HashMap<String, String>,
) -> Result<(), ApiError> {
    let secret_names = ["client_secret", "client_assertion", "client_assertion_type"];
    if ctx
        .query_pairs()
        .iter()
        .any(|(name, _)| secret_names.contains(&name.as_str()))
    {
        return Err(invalid_request(
            "Client credentials must not be sent in the query string.",
        ));
    }
    let methods = [
        ctx.header("authorization").is_some(),
        form.contains_key("client_secret"),
        form.contains_key("client_assertion"),
    ];
    if methods.iter().filter(|used| **used).count() > 1 {
        return Err(invalid_request(
            "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
        ));
    }
    Ok(())
}

fn check_grant_type(form: &HashMap<String, String>) -> Result<(), ApiError> {
    match form.get("grant_type").map(String::as_str) {
        None | Some("") => Err(invalid_request(
            "The token request must specify a 'grant_type'. Valid values: [client_credentials]",
        )),
        Some("client_credentials") => Ok(()),
        Some(_) => Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].",
        )),
    }
}

/// Returns the client assertion, or the error for a request that authenticates another way.
fn client_assertion<'a>(
    ctx: &RequestCtx,
    form: &'a HashMap<String, String>,
) -> Result<&'a str, ApiError> {
    let Some(assertion) = form
        .get("client_assertion")
        .filter(|value| !value.is_empty())
    else {
        if form.contains_key("client_secret") || ctx.header("authorization").is_some() {
            return Err(invalid_client(
                "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
            ));
        }
        return Err(invalid_client(
            "Client authentication failed. Either the client or the client credentials are invalid.",
        ));
    };
    if form.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
        return Err(invalid_request(
            "The client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
        ));
    }
    Ok(assertion)
}

/// Handles a token request from the form check to the signed access token.
pub(crate) fn handle(sim: &Sim, ctx: &RequestCtx, org_id: &str) -> Result<Response, ApiError> {
    let form = parse_form(ctx)?;
    check_credential_methods(ctx, &form)?;
    check_grant_type(&form)?;
    let assertion = client_assertion(ctx, &form)?;

    let mut data = sim.data();
    data.requests_since_prune += 1;
    if data.requests_since_prune >= 1000 {
        data.requests_since_prune = 0;
        data.runtime.prune(ctx.now);
    }
    let token_url = format!("{}/oauth2/v1/token", ctx.origin());
    let verified = verify_assertion(
        &data,
        ctx,
        org_id,
        assertion,
        form.get("client_id"),
        &token_url,
    )?;

    // A verified assertion spends its jti even when the DPoP check below fails, so the retry
    // after a `use_dpop_nonce` error needs a freshly signed assertion.
    data.runtime.assertion_jtis.extend(
        verified
            .jti
            .map(|jti| ((verified.client.client_id.clone(), jti), verified.exp)),
    );
    let jkt = check_token_dpop(&mut data, ctx, &verified.client, &token_url)?;
    let scopes = check_scopes(&data, org_id, &verified.client, form.get("scope"))?;
    Ok(issue_token(
        sim,
        &mut data,
        ctx,
        org_id,
        &verified.client,
        scopes,
        jkt,
    ))
}

struct VerifiedAssertion {
    client: Client,
    jti: Option<String>,
    exp: i64,
}

/// Checks the client and every documented client-assertion rule, in the order Okta reports them.
fn verify_assertion(
    data: &Data,
    ctx: &RequestCtx,
    org_id: &str,
    assertion: &str,
    form_client_id: Option<&String>,
    token_url: &str,
) -> Result<VerifiedAssertion, ApiError> {
    let jws = CompactJws::decode(assertion)
        .map_err(|_| invalid_client("The client_assertion token is malformed."))?;
    let client_id = jws.claim_str("iss").unwrap_or_default();
    if jws.claim_str("sub") != Some(client_id) {
        return Err(invalid_client(
            "The client_assertion token's 'iss' and 'sub' claims must both be the client ID.",
        ));
    }
    if form_client_id.is_some_and(|id| id != client_id) {
        return Err(invalid_client("Invalid value for 'client_id' parameter."));
    }
    let org = data
        .org(org_id)
        .ok_or_else(|| invalid_client("Invalid value for 'client_id' parameter."))?;
    let client = data
        .client(client_id)
        .filter(|client| client.org_domain.eq_ignore_ascii_case(&org.domain))
        .cloned()
        .ok_or_else(|| invalid_client("Invalid value for 'client_id' parameter."))?;
    check_client_registration(&client)?;

    let key = select_key(&client, &jws)?;
    let alg = jws.header_str("alg").and_then(Alg::parse);
    let alg = alg.ok_or_else(|| {
        invalid_client("The client_assertion JWT signature algorithm is invalid.")
    })?;
    match jws.verify(&key, alg) {
        Ok(()) => {}
        Err(JoseError::AlgorithmMismatch) => {
            return Err(invalid_client(
                "The client_assertion JWT signature algorithm is invalid.",
            ));
        }
        Err(_) => return Err(invalid_client("The client_assertion signature is invalid.")),
    }
    check_claims(data, ctx, &jws, &client, token_url)
}

fn check_client_registration(client: &Client) -> Result<(), ApiError> {
    if client.application_type != "service" {
        return Err(invalid_client(
            "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
        ));
    }
    if client.token_endpoint_auth_method != "private_key_jwt" {
        return Err(invalid_client(
            "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
        ));
    }
    if client.jwks.is_empty() {
        return Err(invalid_client(
            "The client does not have a JWKSet configured, but the client_assertion requires one.",
        ));
    }
    Ok(())
}

fn key_is_usable(jwk: &Value) -> bool {
    let active = jwk
        .get("status")
        .and_then(Value::as_str)
        .is_none_or(|status| status == "ACTIVE");
    let for_signing = jwk
        .get("use")
        .and_then(Value::as_str)
        .is_none_or(|usage| usage == "sig");
    active && for_signing
}

/// Finds the registered key named by `kid`; it must be ACTIVE, for signing, and of the header's
/// algorithm when the JWK names one.
fn select_key(client: &Client, jws: &CompactJws) -> Result<PublicKey, ApiError> {
    let kid_invalid = || invalid_client("The client_assertion JWT kid is invalid.");
    let alg = jws.header_str("alg");
    let jwk = match jws.header_str("kid") {
        Some(kid) => client
            .jwks
            .iter()
            .find(|jwk| jwk.get("kid").and_then(Value::as_str) == Some(kid))
            .filter(|jwk| key_is_usable(jwk))
            .ok_or_else(kid_invalid)?,
        // Without a kid the assertion can only be matched when exactly one key is usable.
        None => {
            let usable: Vec<&Value> = client
                .jwks
                .iter()
                .filter(|jwk| key_is_usable(jwk))
                .collect();
            match usable.as_slice() {
                [only] => *only,
                _ => return Err(kid_invalid()),
            }
        }
    };
    if let Some(key_alg) = jwk.get("alg").and_then(Value::as_str)
        && Some(key_alg) != alg
    {
        return Err(invalid_client(
            "The client_assertion JWT signature algorithm is invalid.",
        ));
    }
    PublicKey::from_jwk(jwk).map_err(|_| kid_invalid())
}

fn check_claims(
    data: &Data,
    ctx: &RequestCtx,
    jws: &CompactJws,
    client: &Client,
    token_url: &str,
) -> Result<VerifiedAssertion, ApiError> {
    let audience_ok = match jws.claims.get("aud") {
        Some(Value::String(aud)) => aud == token_url,
        Some(Value::Array(list)) => list.len() == 1 && list[0].as_str() == Some(token_url),
        _ => false,
    };
    if !audience_ok {
        return Err(invalid_client(
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ));
    }
    let exp = jws
        .claim_secs("exp")
        .ok_or_else(|| invalid_client("The client_assertion token must contain an 'exp' claim."))?;
    if exp <= ctx.now {
        return Err(invalid_client("The client_assertion token is expired."));
    }
    if exp - ctx.now > MAX_ASSERTION_LIFETIME {
        return Err(invalid_client(
            "The client_assertion token has an expiration too far into the future.",
        ));
    }
    if jws.claim_secs("iat").is_some_and(|iat| iat > ctx.now) {
        return Err(invalid_client(
            "The client_assertion token must be issued before the current time.",
        ));
    }
    let jti = jws.claim_str("jti").map(str::to_string);
    if let Some(jti) = &jti
        && data
            .runtime
            .assertion_jtis
            .contains_key(&(client.client_id.clone(), jti.clone()))
    {
        return Err(invalid_client(
            "The client_assertion token has already been used.",
        ));
    }
    Ok(VerifiedAssertion {
        client: client.clone(),
        jti,
        exp,
    })
}

/// Applies the client's DPoP requirement; returns the key thumbprint to bind the token to.
fn check_token_dpop(
    data: &mut Data,
    ctx: &RequestCtx,
    client: &Client,
    token_url: &str,
) -> Result<Option<String>, ApiError> {
    let Some(proof) = ctx.header("dpop") else {
        if client.dpop_required {
            return Err(ApiError::oauth(
                StatusCode::BAD_REQUEST,
                "invalid_dpop_proof",
                "The DPoP proof JWT header is missing.",
            ));
        }
        return Ok(None);
    };
    let check = ProofCheck {
        method: "POST",
        htu: token_url.to_string(),
        access_token: None,
        nonce_required: true,
    };
    match check_proof(data, ctx.now, proof, &check) {
        Ok(jkt) => Ok(Some(jkt)),
        Err(ProofFailure::Invalid(description)) => Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_dpop_proof",
            description,
        )),
        Err(ProofFailure::UseNonce(nonce)) => Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "use_dpop_nonce",
            "Authorization server requires nonce in DPoP proof.",
        )
        .header(HeaderName::from_static("dpop-nonce"), nonce)),
    }
}

/// Checks the requested scopes against the client's grants and the kind of org.
fn check_scopes(
    data: &Data,
    org_id: &str,
    client: &Client,
    scope: Option<&String>,
) -> Result<Vec<String>, ApiError> {
    let requested: Vec<String> = scope
        .map(|scope| {
            scope
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if requested.is_empty() {
        return Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "No scopes were requested.",
        ));
    }
    let wants_aerial = requested
        .iter()
        .any(|s| AERIAL_SCOPES.contains(&s.as_str()));
    if wants_aerial && data.account_of_aerial_org(org_id).is_none() {
        return Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            "This client cannot use the Aerial authorization server.",
        ));
    }
    if requested.iter().any(|s| !client.granted_scopes.contains(s)) {
        return Err(ApiError::oauth(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.",
        ));
    }
    Ok(requested)
}

/// Signs and records an access token and builds the token response.
fn issue_token(
    sim: &Sim,
    data: &mut Data,
    ctx: &RequestCtx,
    org_id: &str,
    client: &Client,
    scopes: Vec<String>,
    jkt: Option<String>,
) -> Response {
    let lifetime = i64::try_from(sim.config.token_lifetime.as_secs()).unwrap_or(i64::MAX / 2);
    let expires_at = ctx.now.saturating_add(lifetime);
    let origin = ctx.origin();
    let mut claims = json!({
        "ver": 1,
        "jti": format!("AT.{}", ids::opaque_token(40)),
        "iss": origin,
        "aud": origin,
        "iat": ctx.now,
        "exp": expires_at,
        "cid": client.client_id,
        "sub": client.client_id,
        "scp": scopes,
    });
    if let Some(jkt) = &jkt {
        claims["cnf"] = json!({ "jkt": jkt });
    }

    let access_token = sign_es256(&sim.token_key, "okta-sim-access-token", &claims);
    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    let body = json!({
        "token_type": token_type,
        "expires_in": lifetime,
        "access_token": access_token,
        "scope": scopes.join(" "),
    });
    data.runtime.tokens.insert(
        access_token,
        IssuedToken {
            org_id: org_id.to_string(),
            client_id: client.client_id.clone(),
            scopes,
            expires_at,
            jkt,
        },
    );

    let mut response = json_response(StatusCode::OK, &body);
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
