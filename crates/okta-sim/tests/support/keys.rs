//! Signing keys for every algorithm the emulator accepts, with their public JWKs.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Sha256, Sha384, Sha512};
use signature::{SignatureEncoding, Signer};

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub const RSA_2048: &str = include_str!("../fixtures/rsa2048.pem");
pub const RSA_2048_SECOND: &str = include_str!("../fixtures/rsa2048-second.pem");
pub const RSA_1024: &str = include_str!("../fixtures/rsa1024.pem");

/// A private key and the JWS algorithm it signs with.
#[derive(Clone)]
pub enum TestKey {
    Rsa {
        key: rsa::RsaPrivateKey,
        alg: &'static str,
    },
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

impl TestKey {
    pub fn rsa(pem: &str, alg: &'static str) -> Self {
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem).expect("fixture RSA key parses");
        Self::Rsa { key, alg }
    }

    /// Returns a key for one of RS256/384/512 (fixture RSA key) or ES256/384/512 (random).
    pub fn for_alg(alg: &'static str) -> Self {
        let mut rng = rand::rngs::OsRng;
        match alg {
            "ES256" => Self::P256(p256::ecdsa::SigningKey::random(&mut rng)),
            "ES384" => Self::P384(p384::ecdsa::SigningKey::random(&mut rng)),
            "ES512" => Self::P521(p521::ecdsa::SigningKey::random(&mut rng)),
            rs => Self::rsa(RSA_2048, rs),
        }
    }

    pub fn alg(&self) -> &'static str {
        match self {
            Self::Rsa { alg, .. } => alg,
            Self::P256(_) => "ES256",
            Self::P384(_) => "ES384",
            Self::P521(_) => "ES512",
        }
    }

    /// Returns the public JWK with `kid`, `use: sig` and `alg`.
    pub fn public_jwk(&self, kid: &str) -> Value {
        let mut jwk = self.bare_public_jwk();
        jwk["kid"] = json!(kid);
        jwk["use"] = json!("sig");
        jwk["alg"] = json!(self.alg());
        jwk
    }

    /// Returns the public JWK with only the key members (as a DPoP header carries it).
    pub fn bare_public_jwk(&self) -> Value {
        match self {
            Self::Rsa { key, .. } => json!({
                "kty": "RSA",
                "n": b64(&key.n().to_bytes_be()),
                "e": b64(&key.e().to_bytes_be()),
            }),
            Self::P256(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                json!({ "kty": "EC", "crv": "P-256", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) })
            }
            Self::P384(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                json!({ "kty": "EC", "crv": "P-384", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) })
            }
            Self::P521(key) => {
                // p521 0.13 gates SigningKey::verifying_key behind a feature it does not define.
                let point = p521::ecdsa::VerifyingKey::from(key).to_encoded_point(false);
                json!({ "kty": "EC", "crv": "P-521", "x": b64(point.x().unwrap()), "y": b64(point.y().unwrap()) })
            }
        }
    }

    pub fn sign_bytes(&self, input: &[u8]) -> Vec<u8> {
        match self {
            Self::Rsa { key, alg } => match *alg {
                "RS384" => rsa::pkcs1v15::SigningKey::<Sha384>::new(key.clone())
                    .sign(input)
                    .to_vec(),
                "RS512" => rsa::pkcs1v15::SigningKey::<Sha512>::new(key.clone())
                    .sign(input)
                    .to_vec(),
                _ => rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone())
                    .sign(input)
                    .to_vec(),
            },
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
            Self::P384(key) => {
                let signature: p384::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
            Self::P521(key) => {
                let signature: p521::ecdsa::Signature = key.sign(input);
                signature.to_bytes().to_vec()
            }
        }
    }

    /// Signs a compact JWS with the given header and claims.
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let signature = self.sign_bytes(input.as_bytes());
        format!("{input}.{}", b64(&signature))
    }
}
