//! The compact byte form of a private key for the OS keychain.
//!
//! Layout: version `1`, key type (`1` EC P-256, `2` RSA), then the custom `kid` length (0 when the
//! `kid` is the thumbprint) and bytes. An EC key follows as its 32-byte scalar. An RSA key follows
//! as the public exponent (1-byte length), the prime p and the prime q (2-byte big-endian lengths).
//! Storing the primes instead of PKCS#1 DER keeps a 3072-bit key near 400 bytes, so the base64 of
//! any supported key stays below the 2,560-byte limit of a Windows credential.

use rsa::BigUint;
use rsa::traits::PrivateKeyParts;
use rsa::traits::PublicKeyParts;
use zeroize::Zeroizing;

use super::{KeyError, KeyMaterial};
use crate::secret::SecretBytes;

const VERSION: u8 = 1;
const TYPE_EC_P256: u8 = 1;
const TYPE_RSA: u8 = 2;

pub(super) fn encode(material: &KeyMaterial, kid: Option<&str>) -> SecretBytes {
    let mut out = Vec::with_capacity(512);
    let kid = kid.unwrap_or("");
    out.push(VERSION);

    match material {
        KeyMaterial::Ec(key) => {
            out.push(TYPE_EC_P256);
            push_kid(&mut out, kid);
            out.extend_from_slice(&key.to_bytes());
        }
        KeyMaterial::Rsa(key) => {
            out.push(TYPE_RSA);
            push_kid(&mut out, kid);
            let e = key.e().to_bytes_be();
            out.push(e.len() as u8);
            out.extend_from_slice(&e);
            for prime in key.primes().iter().take(2) {
                let bytes = Zeroizing::new(prime.to_bytes_be());
                out.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
                out.extend_from_slice(&bytes);
            }
        }
    }
    SecretBytes::new(out)
}

fn push_kid(out: &mut Vec<u8>, kid: &str) {
    // `with_kid` caps a custom kid at 200 bytes, so the length fits one byte.
    out.push(kid.len() as u8);
    out.extend_from_slice(kid.as_bytes());
}

pub(super) fn decode(bytes: &[u8]) -> Result<(KeyMaterial, Option<String>), KeyError> {
    let mut reader = Reader { bytes, position: 0 };
    let version = reader.take(1)?[0];
    if version != VERSION {
        return Err(storage_error(format!("unknown format version {version}")));
    }
    let key_type = reader.take(1)?[0];
    let kid_len = reader.take(1)?[0] as usize;
    let kid = std::str::from_utf8(reader.take(kid_len)?)
        .map_err(|_| storage_error("the key ID is not UTF-8".into()))?;
    let kid = (!kid.is_empty()).then(|| kid.to_owned());

    let material = match key_type {
        TYPE_EC_P256 => decode_ec(&mut reader)?,
        TYPE_RSA => decode_rsa(&mut reader)?,
        other => return Err(storage_error(format!("unknown key type {other}"))),
    };
    if reader.position != bytes.len() {
        return Err(storage_error("unexpected bytes after the key".into()));
    }
    Ok((material, kid))
}

fn decode_ec(reader: &mut Reader<'_>) -> Result<KeyMaterial, KeyError> {
    let scalar = reader.take(32)?;
    let key = p256::SecretKey::from_slice(scalar)
        .map_err(|_| storage_error("the EC scalar is out of range".into()))?;
    Ok(KeyMaterial::Ec(key))
}

fn decode_rsa(reader: &mut Reader<'_>) -> Result<KeyMaterial, KeyError> {
    let e_len = reader.take(1)?[0] as usize;
    let e = BigUint::from_bytes_be(reader.take(e_len)?);
    let p = reader.take_prime()?;
    let q = reader.take_prime()?;
    let key = rsa::RsaPrivateKey::from_p_q(p, q, e)
        .map_err(|err| storage_error(format!("the RSA primes are invalid: {err}")))?;
    Ok(KeyMaterial::Rsa(Box::new(key)))
}

struct Reader<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Result<&'a [u8], KeyError> {
        let end = self.position + len;
        let slice = self
            .bytes
            .get(self.position..end)
            .ok_or_else(|| storage_error("the data is truncated".into()))?;
        self.position = end;
        Ok(slice)
    }

    fn take_prime(&mut self) -> Result<BigUint, KeyError> {
        let len = self.take(2)?;
        let len = u16::from_be_bytes([len[0], len[1]]) as usize;
        Ok(BigUint::from_bytes_be(self.take(len)?))
    }
}

fn storage_error(reason: String) -> KeyError {
    KeyError::Storage { reason }
}
