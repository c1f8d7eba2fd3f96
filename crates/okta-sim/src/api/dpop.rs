//! DPoP proof checks (RFC 9449) for token requests and API calls.

use serde_json::Value;

use crate::ids;
use crate::jose::{Alg, CompactJws, PublicKey, sha256_base64url, thumbprint};
use crate::state::Data;

/// How far `iat` may lie from now, in seconds.
const IAT_WINDOW_SECONDS: i64 = 300;
/// How long a server nonce stays valid, in seconds.
const NONCE_LIFETIME_SECONDS: i64 = 300;

/// Expected values a proof must match.
#[derive(Debug)]
pub(crate) struct ProofCheck<'a> {
    pub(crate) method: &'a str,
    /// The expected `htu`: scheme, host as sent and path, without query or fragment.
    pub(crate) htu: String,
    /// The access token the proof must carry as `ath` (API calls only).
    pub(crate) access_token: Option<&'a str>,
    /// Whether the proof must carry a server-issued nonce (token requests).
    pub(crate) nonce_required: bool,
}

/// Reason a proof was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProofFailure {
    /// `invalid_dpop_proof` with this `error_description`.
    Invalid(&'static str),
    /// `use_dpop_nonce`: retry with this fresh nonce.
    UseNonce(String),
}

impl ProofFailure {
    pub(crate) fn description(&self) -> String {
        match self {
            Self::Invalid(text) => (*text).to_string(),
            Self::UseNonce(_) => "Authorization server requires nonce in DPoP proof.".to_string(),
        }
    }
}

fn issue_nonce(data: &mut Data, now: i64) -> String {
    let nonce = ids::opaque_token(32);
    data.runtime
        .nonces
        .insert(nonce.clone(), now + NONCE_LIFETIME_SECONDS);
    nonce
}

/// Parses the proof header and checks `typ`, `alg`, `jwk` and the signature.
fn verified_proof(proof: &str) -> Result<(CompactJws, Value), ProofFailure> {
    let jws = CompactJws::decode(proof)
        .map_err(|_| ProofFailure::Invalid("The DPoP proof JWT is malformed."))?;
    if jws.header_str("typ") != Some("dpop+jwt") {
        return Err(ProofFailure::Invalid(
            "'typ' header in the DPoP proof JWT is invalid.",
        ));
    }
    let alg = jws
        .header_str("alg")
        .and_then(Alg::parse)
        .ok_or(ProofFailure::Invalid(
            "'alg' header in the DPoP proof JWT is invalid.",
        ))?;
    let jwk = jws.header.get("jwk").cloned().unwrap_or(Value::Null);
    let bad_jwk = ProofFailure::Invalid("'jwk' header in the DPoP proof JWT is invalid.");
    // A JWK with a private member would leak the key; RFC 9449 requires the public key only.
    if !jwk.is_object() || jwk.get("d").is_some() {
        return Err(bad_jwk);
    }
    let key = PublicKey::from_jwk(&jwk).map_err(|_| bad_jwk.clone())?;
    jws.verify(&key, alg)
        .map_err(|_| ProofFailure::Invalid("The DPoP proof JWT signature is invalid."))?;
    Ok((jws, jwk))
}

/// Checks a DPoP proof and returns the thumbprint of its key. A proof whose only fault is a
/// missing or stale nonce still spends its `jti`, so a retry needs a fresh one.
pub(crate) fn check_proof(
    data: &mut Data,
    now: i64,
    proof: &str,
    check: &ProofCheck<'_>,
) -> Result<String, ProofFailure> {
    let (jws, jwk) = verified_proof(proof)?;
    if jws.claim_str("htm") != Some(check.method) {
        return Err(ProofFailure::Invalid(
            "'htm' claim in the DPoP proof JWT is invalid.",
        ));
    }
    if jws.claim_str("htu") != Some(check.htu.as_str()) {
        return Err(ProofFailure::Invalid(
            "'htu' claim in the DPoP proof JWT is invalid.",
        ));
    }
    let iat = jws.claim_secs("iat").ok_or(ProofFailure::Invalid(
        "'iat' claim in the DPoP proof JWT is invalid.",
    ))?;
    if now.saturating_sub(iat) > IAT_WINDOW_SECONDS {
        return Err(ProofFailure::Invalid(
            "The DPoP proof JWT is issued more than five minutes in the past.",
        ));
    }
    if iat.saturating_sub(now) > IAT_WINDOW_SECONDS {
        return Err(ProofFailure::Invalid(
            "The DPoP proof JWT is issued in the future.",
        ));
    }
    let jti = jws
        .claim_str("jti")
        .filter(|jti| !jti.is_empty())
        .ok_or(ProofFailure::Invalid(
            "'jti' claim in the DPoP proof JWT is invalid.",
        ))?;
    if let Some(token) = check.access_token
        && jws.claim_str("ath") != Some(sha256_base64url(token).as_str())
    {
        return Err(ProofFailure::Invalid(
            "'ath' claim in the DPoP proof JWT is invalid.",
        ));
    }
    if data.runtime.dpop_jtis.contains_key(jti) {
        return Err(ProofFailure::Invalid(
            "The DPoP proof JWT has already been used.",
        ));
    }
    data.runtime
        .dpop_jtis
        .insert(jti.to_string(), iat.saturating_add(2 * IAT_WINDOW_SECONDS));

    if check.nonce_required {
        let valid = jws
            .claim_str("nonce")
            .and_then(|nonce| data.runtime.nonces.get(nonce))
            .is_some_and(|expires| *expires > now);
        if !valid {
            return Err(ProofFailure::UseNonce(issue_nonce(data, now)));
        }
    }
    thumbprint(&jwk)
        .map_err(|_| ProofFailure::Invalid("'jwk' header in the DPoP proof JWT is invalid."))
}
