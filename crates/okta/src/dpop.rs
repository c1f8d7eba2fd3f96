//! DPoP proofs (RFC 9449): a JWT signed with a separate key pair whose public JWK travels in the
//! header, bound to one HTTP method and URL.

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Header;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::jwt::{random_jti, unix_seconds};
use crate::keys::{KeyError, PrivateKey};
use crate::secret::SecretString;

/// The claims of a DPoP proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DpopClaims {
    /// HTTP method.
    pub htm: String,
    /// Scheme, host and path of the request, without query or fragment.
    pub htu: String,
    /// Issue time, Unix seconds.
    pub iat: u64,
    /// A random ID, unique per proof, retries included.
    pub jti: String,
    /// The nonce the server sent last, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub nonce: Option<String>,
    /// Base64url SHA-256 of the access token, on resource requests only.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ath: Option<String>,
}

/// Returns `url` without its query and fragment, as the `htu` claim requires.
pub fn htu(url: &Url) -> String {
    let mut bare = url.clone();
    bare.set_query(None);
    bare.set_fragment(None);
    bare.to_string()
}

/// Returns the `ath` claim for an access token: base64url SHA-256 without padding.
pub fn access_token_hash(access_token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(access_token.as_bytes()))
}

/// Signs a fresh DPoP proof for one request attempt. `access_token` is `None` on token requests.
pub fn sign_dpop_proof(
    key: &PrivateKey,
    method: &str,
    url: &Url,
    nonce: Option<&str>,
    access_token: Option<&str>,
    now: SystemTime,
) -> Result<SecretString, KeyError> {
    let claims = DpopClaims {
        htm: method.to_owned(),
        htu: htu(url),
        iat: unix_seconds(now),
        jti: random_jti(),
        nonce: nonce.map(str::to_owned),
        ath: access_token.map(access_token_hash),
    };
    let mut header = Header::new(key.algorithm());
    header.typ = Some("dpop+jwt".to_owned());
    header.jwk = Some(header_jwk(key)?);
    key.sign(header, &claims)
}

/// The public key for the proof header: only the key's own members, without `kid`, `use` or
/// `alg`, so the server computes the same thumbprint for every proof.
fn header_jwk(key: &PrivateKey) -> Result<jsonwebtoken::jwk::Jwk, KeyError> {
    let public = key.public_jwk();
    let mut members = serde_json::Map::new();
    members.insert("kty".into(), public.kty.into());
    let optional = [
        ("crv", public.crv),
        ("x", public.x),
        ("y", public.y),
        ("n", public.n),
        ("e", public.e),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            members.insert(name.into(), value.into());
        }
    }
    serde_json::from_value(members.into()).map_err(|err| KeyError::Encode {
        reason: err.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::{DecodingKey, Validation, decode, decode_header};

    use super::*;
    use crate::keys::KeyType;

    fn claims_of(proof: &str) -> DpopClaims {
        let header = decode_header(proof).unwrap();
        let jwk = header.jwk.expect("the proof header carries the public JWK");
        let mut validation = Validation::new(header.alg);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        decode::<DpopClaims>(proof, &DecodingKey::from_jwk(&jwk).unwrap(), &validation)
            .unwrap()
            .claims
    }

    #[test]
    fn htu_drops_query_and_fragment() {
        let url =
            Url::parse("https://aerial.okta.com/acc/api/v1/orgs?limit=100&after=x#top").unwrap();
        assert_eq!(htu(&url), "https://aerial.okta.com/acc/api/v1/orgs");
    }

    #[test]
    fn token_request_proof_has_no_ath() {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let url = Url::parse("https://acme-aerial.okta.com/oauth2/v1/token").unwrap();
        let proof =
            sign_dpop_proof(&key, "POST", &url, Some("n-1"), None, SystemTime::now()).unwrap();

        let header = decode_header(proof.expose()).unwrap();
        assert_eq!(header.typ.as_deref(), Some("dpop+jwt"));
        assert!(
            header.kid.is_none(),
            "a DPoP proof identifies its key by jwk, not kid"
        );

        let claims = claims_of(proof.expose());
        assert_eq!(claims.htm, "POST");
        assert_eq!(claims.htu, "https://acme-aerial.okta.com/oauth2/v1/token");
        assert_eq!(claims.nonce.as_deref(), Some("n-1"));
        assert_eq!(claims.ath, None);
    }

    #[test]
    fn resource_proof_binds_the_access_token() {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let url = Url::parse("https://aerial.okta.com/acc/api/v1/orgs?limit=5").unwrap();
        let proof =
            sign_dpop_proof(&key, "GET", &url, None, Some("tok"), SystemTime::now()).unwrap();
        let claims = claims_of(proof.expose());
        assert_eq!(
            claims.ath.as_deref(),
            Some(access_token_hash("tok").as_str())
        );
        assert_eq!(claims.htu, "https://aerial.okta.com/acc/api/v1/orgs");
        assert!(claims.nonce.is_none());
    }

    #[test]
    fn each_proof_has_a_new_jti() {
        let key = PrivateKey::generate(KeyType::EcP256).unwrap();
        let url = Url::parse("https://acme-aerial.okta.com/oauth2/v1/token").unwrap();
        let now = SystemTime::now();
        let first = sign_dpop_proof(&key, "POST", &url, None, None, now).unwrap();
        let second = sign_dpop_proof(&key, "POST", &url, None, None, now).unwrap();
        assert_ne!(
            claims_of(first.expose()).jti,
            claims_of(second.expose()).jti
        );
    }

    #[test]
    fn access_token_hash_matches_rfc_9449_example() {
        // The access token and `ath` value from RFC 9449, section 7.1.
        let token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
        assert_eq!(
            access_token_hash(token),
            "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo"
        );
    }
}
