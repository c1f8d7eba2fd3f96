//! Public JWK and JWKS export, and RFC 7638 thumbprints.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rsa::traits::PublicKeyParts;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::KeyMaterial;

/// A public JWK in the shape Okta's Admin Console and `/credentials/jwks` accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    /// `RSA` or `EC`.
    pub kty: String,
    /// Key ID.
    pub kid: String,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub key_use: String,
    /// `RS256` or `ES256`.
    pub alg: String,
    /// RSA modulus, base64url.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub n: Option<String>,
    /// RSA public exponent, base64url.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub e: Option<String>,
    /// EC curve, `P-256`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crv: Option<String>,
    /// EC x coordinate, base64url.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub x: Option<String>,
    /// EC y coordinate, base64url.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub y: Option<String>,
}

/// A JWK Set: `{"keys": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwks {
    /// The public keys.
    pub keys: Vec<PublicJwk>,
}

impl PublicJwk {
    /// Computes the RFC 7638 thumbprint from the required members of this JWK.
    pub fn thumbprint(&self) -> Option<String> {
        let canonical = match self.kty.as_str() {
            "RSA" => rsa_canonical(self.e.as_deref()?, self.n.as_deref()?),
            "EC" => ec_canonical(self.crv.as_deref()?, self.x.as_deref()?, self.y.as_deref()?),
            _ => return None,
        };
        Some(hash(&canonical))
    }
}

pub(super) fn public_jwk(material: &KeyMaterial, kid: &str) -> PublicJwk {
    let mut jwk = PublicJwk {
        kty: String::new(),
        kid: kid.to_owned(),
        key_use: "sig".to_owned(),
        alg: String::new(),
        n: None,
        e: None,
        crv: None,
        x: None,
        y: None,
    };
    match material {
        KeyMaterial::Ec(key) => {
            let (x, y) = ec_coordinates(key);
            jwk.kty = "EC".into();
            jwk.alg = "ES256".into();
            jwk.crv = Some("P-256".into());
            jwk.x = Some(x);
            jwk.y = Some(y);
        }
        KeyMaterial::Rsa(key) => {
            let (n, e) = rsa_components(key);
            jwk.kty = "RSA".into();
            jwk.alg = "RS256".into();
            jwk.n = Some(n);
            jwk.e = Some(e);
        }
    }
    jwk
}

pub(super) fn thumbprint(material: &KeyMaterial) -> String {
    let canonical = match material {
        KeyMaterial::Ec(key) => {
            let (x, y) = ec_coordinates(key);
            ec_canonical("P-256", &x, &y)
        }
        KeyMaterial::Rsa(key) => {
            let (n, e) = rsa_components(key);
            rsa_canonical(&e, &n)
        }
    };
    hash(&canonical)
}

fn ec_coordinates(key: &p256::SecretKey) -> (String, String) {
    let point = key.public_key().to_encoded_point(false);
    let x = point
        .x()
        .expect("an uncompressed point has an x coordinate");
    let y = point.y().expect("an uncompressed point has a y coordinate");
    (URL_SAFE_NO_PAD.encode(x), URL_SAFE_NO_PAD.encode(y))
}

fn rsa_components(key: &rsa::RsaPrivateKey) -> (String, String) {
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    (n, e)
}

// RFC 7638 section 3.2: the required members only, in lexicographic order, with no whitespace.
// The values are base64url strings and curve names, so they need no JSON escaping.
fn rsa_canonical(e: &str, n: &str) -> String {
    format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#)
}

fn ec_canonical(crv: &str, x: &str, y: &str) -> String {
    format!(r#"{{"crv":"{crv}","kty":"EC","x":"{x}","y":"{y}"}}"#)
}

fn hash(canonical: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}
