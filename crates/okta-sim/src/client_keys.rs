//! Rules for the public JWKs registered on a client, the same for the control API and seeds.

use serde_json::{Value, json};

use crate::jose::PublicKey;

/// Okta's limit of keys per app.
const MAX_KEYS_PER_CLIENT: usize = 50;
const MIN_RSA_BITS: usize = 2048;

/// A JWK that cannot be registered: the JSON field at fault and what is wrong with it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{message}")]
pub(crate) struct KeyRejected {
    pub(crate) field: &'static str,
    pub(crate) message: String,
}

fn rejected(field: &'static str, message: impl Into<String>) -> KeyRejected {
    KeyRejected {
        field,
        message: message.into(),
    }
}

/// Checks a public JWK against the keys the client already has, the way the Admin Console does,
/// and returns it with `status` set to `ACTIVE` when it had none.
pub(crate) fn check_client_jwk(jwk: &Value, existing: &[Value]) -> Result<Value, KeyRejected> {
    if !jwk.is_object() {
        return Err(rejected("jwks", "A JWK must be a JSON object"));
    }
    if jwk.get("d").is_some() || jwk.get("p").is_some() {
        return Err(rejected(
            "jwks",
            "The JWK contains private key material; register the public key only",
        ));
    }
    let kid = jwk
        .get("kid")
        .and_then(Value::as_str)
        .filter(|kid| !kid.is_empty())
        .ok_or_else(|| rejected("kid", "kid: The field cannot be left blank"))?;
    if existing
        .iter()
        .any(|other| other.get("kid").and_then(Value::as_str) == Some(kid))
    {
        return Err(rejected(
            "kid",
            format!("kid: A key with kid {kid} is already registered"),
        ));
    }
    if existing.len() >= MAX_KEYS_PER_CLIENT {
        return Err(rejected(
            "jwks",
            format!("An app can have at most {MAX_KEYS_PER_CLIENT} keys"),
        ));
    }
    let key = PublicKey::from_jwk(jwk).map_err(|error| rejected("jwks", error.to_string()))?;
    if key.rsa_bits().is_some_and(|bits| bits < MIN_RSA_BITS) {
        return Err(rejected(
            "jwks",
            format!("RSA keys must have at least {MIN_RSA_BITS} bits"),
        ));
    }
    let mut jwk = jwk.clone();
    match jwk.get("status").and_then(Value::as_str) {
        None => jwk["status"] = json!("ACTIVE"),
        Some("ACTIVE" | "INACTIVE") => {}
        Some(other) => {
            return Err(rejected(
                "status",
                format!("status: '{other}' is not ACTIVE or INACTIVE"),
            ));
        }
    }
    Ok(jwk)
}
