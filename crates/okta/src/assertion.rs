//! `private_key_jwt` client assertions for the org authorization server's token endpoint.

use std::time::{Duration, SystemTime};

use jsonwebtoken::Header;
use serde::{Deserialize, Serialize};

use crate::jwt::{random_jti, unix_seconds};
use crate::keys::{KeyError, PrivateKey};
use crate::secret::SecretString;

/// How long an assertion stays valid. Okta rejects `exp` more than an hour ahead, and users of
/// Okta's SDKs report that `exp` = now + 1 hour fails when the laptop clock runs a little fast,
/// so five minutes leaves room for skew in both directions.
pub const ASSERTION_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// How far `iat` is set before now. Okta rejects an `iat` in the future, so a laptop clock a
/// few seconds ahead of Okta's would otherwise fail.
pub const IAT_BACKDATE: Duration = Duration::from_secs(5);

/// The claims of a client assertion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssertionClaims {
    /// The client ID.
    pub iss: String,
    /// The client ID again.
    pub sub: String,
    /// The exact token endpoint URL the assertion is posted to.
    pub aud: String,
    /// Expiry, Unix seconds.
    pub exp: u64,
    /// Issue time, Unix seconds.
    pub iat: u64,
    /// A random single-use ID.
    pub jti: String,
}

impl AssertionClaims {
    /// Builds the claims for `client_id` posting to `token_url` at wall-clock time `now`.
    pub fn new(client_id: &str, token_url: &str, now: SystemTime) -> Self {
        let now_seconds = unix_seconds(now);
        AssertionClaims {
            iss: client_id.to_owned(),
            sub: client_id.to_owned(),
            aud: token_url.to_owned(),
            exp: now_seconds + ASSERTION_LIFETIME.as_secs(),
            iat: now_seconds.saturating_sub(IAT_BACKDATE.as_secs()),
            jti: random_jti(),
        }
    }
}

/// Signs a client assertion with `key`; the header carries the key's `kid` and `alg`.
pub fn sign_client_assertion(
    key: &PrivateKey,
    client_id: &str,
    token_url: &str,
    now: SystemTime,
) -> Result<SecretString, KeyError> {
    let claims = AssertionClaims::new(client_id, token_url, now);
    let mut header = Header::new(key.algorithm());
    header.kid = Some(key.kid().to_owned());
    key.sign(header, &claims)
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    use super::*;
    use crate::keys::KeyType;

    const TOKEN_URL: &str = "https://acme-aerial.okta.com/oauth2/v1/token";

    fn verify(key: &PrivateKey, assertion: &str) -> AssertionClaims {
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(serde_json::to_value(key.public_jwk()).unwrap()).unwrap();
        let decoding = DecodingKey::from_jwk(&jwk).unwrap();
        let mut validation = Validation::new(key.algorithm());
        validation.set_audience(&[TOKEN_URL]);
        validation.set_issuer(&["0oaclient"]);
        decode::<AssertionClaims>(assertion, &decoding, &validation)
            .unwrap()
            .claims
    }

    #[test]
    fn claims_follow_okta_rules() {
        let now = SystemTime::now();
        let claims = AssertionClaims::new("0oaclient", TOKEN_URL, now);
        let now_seconds = unix_seconds(now);
        assert_eq!(claims.iss, "0oaclient");
        assert_eq!(claims.sub, "0oaclient", "sub must equal iss");
        assert_eq!(claims.aud, TOKEN_URL, "aud must be the exact token URL");
        assert_eq!(claims.exp, now_seconds + 300, "exp is five minutes ahead");
        assert!(claims.iat <= now_seconds, "iat must not be in the future");
        assert!(
            now_seconds - claims.iat <= 5,
            "iat is at most five seconds back"
        );
        assert_eq!(claims.jti.len(), 22, "128-bit jti in base64url");
    }

    #[test]
    fn every_assertion_has_a_fresh_jti() {
        let now = SystemTime::now();
        let first = AssertionClaims::new("c", TOKEN_URL, now);
        let second = AssertionClaims::new("c", TOKEN_URL, now);
        assert_ne!(first.jti, second.jti);
    }

    #[test]
    fn es256_assertion_verifies_with_the_public_jwk() {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let assertion =
            sign_client_assertion(&key, "0oaclient", TOKEN_URL, SystemTime::now()).unwrap();
        let header = decode_header(assertion.expose()).unwrap();
        assert_eq!(header.alg, jsonwebtoken::Algorithm::ES256);
        assert_eq!(header.kid.as_deref(), Some(key.kid()));
        assert_eq!(verify(&key, assertion.expose()).sub, "0oaclient");
    }

    #[test]
    fn rs256_assertion_verifies_with_the_public_jwk() {
        let key = PrivateKey::generate(KeyType::Rsa2048)
            .unwrap()
            .with_kid("my-key")
            .unwrap();
        let assertion =
            sign_client_assertion(&key, "0oaclient", TOKEN_URL, SystemTime::now()).unwrap();
        let header = decode_header(assertion.expose()).unwrap();
        assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
        assert_eq!(header.kid.as_deref(), Some("my-key"));
        assert_eq!(verify(&key, assertion.expose()).aud, TOKEN_URL);
    }
}
