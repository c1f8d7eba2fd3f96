//! Signing keys: generation, PEM import, public JWK export with RFC 7638 thumbprints, and the
//! compact byte form kept in the OS keychain.

mod encryption;
mod error;
mod jwk;
mod pem;
mod storage;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use p256::pkcs8::EncodePrivateKey;
use rand::rngs::OsRng;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde::Serialize;

pub use error::KeyError;
pub use jwk::{Jwks, PublicJwk};

use crate::secret::{SecretBytes, SecretString};

/// The smallest RSA modulus Okta accepts for client assertions.
pub const MIN_RSA_BITS: usize = 2048;

/// Maximum length of a user-set `kid`, so it fits the one-byte length in the storage form.
const MAX_KID_LEN: usize = 200;

/// The kind of key to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum KeyType {
    /// EC P-256, signing with ES256 (the default).
    #[default]
    EcP256,
    /// RSA with a 2048-bit modulus, signing with RS256.
    Rsa2048,
    /// RSA with a 3072-bit modulus, signing with RS256.
    Rsa3072,
}

/// The kind of a loaded key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// EC on the P-256 curve.
    EcP256,
    /// RSA with the given modulus size.
    Rsa {
        /// Modulus size in bits.
        bits: usize,
    },
}

pub(crate) enum KeyMaterial {
    Ec(p256::SecretKey),
    Rsa(Box<rsa::RsaPrivateKey>),
}

/// A private signing key with its `kid`. Both `p256::SecretKey` and `rsa::RsaPrivateKey` zeroize
/// their memory on drop, and so does the cached `jsonwebtoken` encoding key.
pub struct PrivateKey {
    material: KeyMaterial,
    kid: String,
    custom_kid: bool,
    encoding: EncodingKey,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("kind", &self.kind())
            .field("kid", &self.kid)
            .field("material", &"<redacted>")
            .finish()
    }
}

impl PrivateKey {
    /// Generates a new key pair from the operating system's random source.
    pub fn generate(key_type: KeyType) -> Result<Self, KeyError> {
        let material = match key_type {
            KeyType::EcP256 => KeyMaterial::Ec(p256::SecretKey::random(&mut OsRng)),
            KeyType::Rsa2048 => KeyMaterial::Rsa(Box::new(generate_rsa(2048)?)),
            KeyType::Rsa3072 => KeyMaterial::Rsa(Box::new(generate_rsa(3072)?)),
        };
        Self::from_material(material)
    }

    /// Imports a PEM private key: PKCS#8 (RSA or EC P-256, plain or encrypted with
    /// `passphrase`), PKCS#1 RSA or SEC1 EC. Anything else is rejected with a message naming
    /// what was found and what is accepted.
    pub fn from_pem(pem: &str, passphrase: Option<&str>) -> Result<Self, KeyError> {
        Self::from_material(pem::parse_private_key(pem, passphrase)?)
    }

    /// Rebuilds a key from the bytes written by [`PrivateKey::to_storage_bytes`].
    pub fn from_storage_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let (material, kid) = storage::decode(bytes)?;
        let key = Self::from_material(material)?;
        match kid {
            Some(kid) => key.with_kid(kid),
            None => Ok(key),
        }
    }

    /// Returns the compact storage form: a version byte, the key type, the custom `kid` if one
    /// was set, then the EC scalar (32 bytes) or the RSA primes and public exponent. A 3072-bit
    /// RSA key takes about 400 bytes, far below the 2,560-byte Windows credential limit.
    pub fn to_storage_bytes(&self) -> SecretBytes {
        let kid = self.custom_kid.then_some(self.kid.as_str());
        storage::encode(&self.material, kid)
    }

    /// Replaces the RFC 7638 thumbprint `kid` with one the user chose.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Result<Self, KeyError> {
        let kid = kid.into();
        let printable = kid.chars().all(|c| c.is_ascii_graphic());
        if kid.is_empty() || kid.len() > MAX_KID_LEN || !printable {
            return Err(KeyError::InvalidKid { kid });
        }
        self.kid = kid;
        self.custom_kid = true;
        Ok(self)
    }

    /// The key ID sent in JWT headers and published in the JWK.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Reports whether the `kid` was set by the user rather than derived from the key.
    pub fn has_custom_kid(&self) -> bool {
        self.custom_kid
    }

    /// The kind and size of this key.
    pub fn kind(&self) -> KeyKind {
        match &self.material {
            KeyMaterial::Ec(_) => KeyKind::EcP256,
            KeyMaterial::Rsa(key) => KeyKind::Rsa {
                bits: key.size() * 8,
            },
        }
    }

    /// The JWS algorithm this key signs with: ES256 for EC P-256, RS256 for RSA.
    pub fn algorithm(&self) -> Algorithm {
        match &self.material {
            KeyMaterial::Ec(_) => Algorithm::ES256,
            KeyMaterial::Rsa(_) => Algorithm::RS256,
        }
    }

    /// The public key as a JWK with `kty`, `kid`, `use: "sig"`, `alg` and its key parameters.
    pub fn public_jwk(&self) -> PublicJwk {
        jwk::public_jwk(&self.material, &self.kid)
    }

    /// A JWK Set holding only this key's public JWK, as pasted into the Admin Console.
    pub fn public_jwks(&self) -> Jwks {
        Jwks {
            keys: vec![self.public_jwk()],
        }
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key, base64url without padding.
    pub fn thumbprint(&self) -> String {
        jwk::thumbprint(&self.material)
    }

    /// Exports the private key as unencrypted PKCS#8 PEM, for a backup the user asked for.
    pub fn to_pkcs8_pem(&self) -> Result<SecretString, KeyError> {
        let line_ending = p256::pkcs8::LineEnding::LF;
        let pem = match &self.material {
            KeyMaterial::Ec(key) => key.to_pkcs8_pem(line_ending),
            KeyMaterial::Rsa(key) => key.to_pkcs8_pem(line_ending),
        }
        .map_err(|err| KeyError::Encode {
            reason: err.to_string(),
        })?;
        Ok(SecretString::new(pem.to_string()))
    }

    /// Signs `claims` as a compact JWS with this key; `header.alg` is set to this key's algorithm.
    pub(crate) fn sign<C: Serialize>(
        &self,
        mut header: Header,
        claims: &C,
    ) -> Result<SecretString, KeyError> {
        header.alg = self.algorithm();
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .map(SecretString::new)
            .map_err(|err| KeyError::Sign {
                reason: err.to_string(),
            })
    }

    fn from_material(material: KeyMaterial) -> Result<Self, KeyError> {
        let encoding = encoding_key(&material)?;
        let kid = jwk::thumbprint(&material);
        Ok(PrivateKey {
            material,
            kid,
            custom_kid: false,
            encoding,
        })
    }
}

fn generate_rsa(bits: usize) -> Result<rsa::RsaPrivateKey, KeyError> {
    rsa::RsaPrivateKey::new(&mut OsRng, bits).map_err(|err| KeyError::Generate {
        reason: err.to_string(),
    })
}

fn encoding_key(material: &KeyMaterial) -> Result<EncodingKey, KeyError> {
    let encode_error = |err: &dyn std::fmt::Display| KeyError::Encode {
        reason: err.to_string(),
    };
    match material {
        KeyMaterial::Ec(key) => {
            let der = key.to_pkcs8_der().map_err(|err| encode_error(&err))?;
            Ok(EncodingKey::from_ec_der(der.as_bytes()))
        }
        KeyMaterial::Rsa(key) => {
            let der = key.to_pkcs1_der().map_err(|err| encode_error(&err))?;
            Ok(EncodingKey::from_rsa_der(der.as_bytes()))
        }
    }
}

#[cfg(test)]
mod tests;
