//! PEM private key import: finds the first key block, identifies its format from the label and
//! its algorithm from the DER, and turns every unsupported case into a specific [`KeyError`].

use p256::pkcs8::DecodePrivateKey;
use pkcs8::der::asn1::ObjectIdentifier;
use pkcs8::der::{Decode, pem as rfc7468};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;

use super::encryption::scheme_name;
use super::{KeyError, KeyMaterial, MIN_RSA_BITS};

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");

/// One `-----BEGIN label-----` ... `-----END label-----` block, armor included.
struct PemBlock<'a> {
    label: &'a str,
    text: String,
}

/// Parses the first private key block in `input`, skipping `EC PARAMETERS` blocks that
/// `openssl ecparam -genkey` writes in front of the key.
pub(super) fn parse_private_key(
    input: &str,
    passphrase: Option<&str>,
) -> Result<KeyMaterial, KeyError> {
    if input.trim().is_empty() {
        return Err(KeyError::Empty);
    }

    let blocks = pem_blocks(input);
    let block = blocks
        .into_iter()
        .find(|block| block.label != "EC PARAMETERS")
        .ok_or_else(|| missing_block_error(input))?;

    match block.label {
        "PRIVATE KEY" => parse_pkcs8(&decode(&block, "PKCS#8")?),
        "ENCRYPTED PRIVATE KEY" => {
            parse_encrypted_pkcs8(&decode(&block, "encrypted PKCS#8")?, passphrase)
        }
        "RSA PRIVATE KEY" if is_legacy_encrypted(&block.text) => Err(KeyError::LegacyEncryptedPem),
        "EC PRIVATE KEY" if is_legacy_encrypted(&block.text) => Err(KeyError::LegacyEncryptedPem),
        "RSA PRIVATE KEY" => parse_pkcs1(&decode(&block, "PKCS#1 RSA")?),
        "EC PRIVATE KEY" => parse_sec1(&decode(&block, "SEC1 EC")?),
        "OPENSSH PRIVATE KEY" => Err(KeyError::OpenSsh),
        "DSA PRIVATE KEY" => Err(KeyError::UnsupportedAlgorithm {
            algorithm: "DSA".into(),
        }),
        label if label.contains("PUBLIC KEY") => Err(KeyError::PublicKey {
            label: label.into(),
        }),
        label if label.contains("CERTIFICATE") => Err(KeyError::Certificate {
            label: label.into(),
        }),
        label => Err(KeyError::UnsupportedLabel {
            label: label.into(),
        }),
    }
}

fn pem_blocks(input: &str) -> Vec<PemBlock<'_>> {
    let mut blocks = Vec::new();
    let mut rest = input;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after_begin = &rest[start + "-----BEGIN ".len()..];
        let Some(label_end) = after_begin.find("-----") else {
            break;
        };
        let label = &after_begin[..label_end];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = rest[start..].find(&end_marker) else {
            break;
        };
        let block_end = start + end + end_marker.len();
        let text = rest[start..block_end].replace("\r\n", "\n");
        blocks.push(PemBlock { label, text });
        rest = &rest[block_end..];
    }
    blocks
}

/// Tells a text with no PEM armor apart from a copy that stopped before the END line.
fn missing_block_error(input: &str) -> KeyError {
    let mut rest = input;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after_begin = &rest[start + "-----BEGIN ".len()..];
        let label = after_begin
            .find("-----")
            .map_or(after_begin, |end| &after_begin[..end]);
        let end_marker = format!("-----END {label}-----");
        if label != "EC PARAMETERS" && !after_begin.contains(&end_marker) {
            return KeyError::Malformed {
                format: "PEM",
                reason: format!("the {end_marker} line is missing"),
            };
        }
        rest = after_begin;
    }
    KeyError::NotPem
}

fn is_legacy_encrypted(block_text: &str) -> bool {
    block_text.contains("Proc-Type: 4,ENCRYPTED")
}

fn decode(block: &PemBlock<'_>, format: &'static str) -> Result<Vec<u8>, KeyError> {
    rfc7468::decode_vec(block.text.as_bytes())
        .map(|(_, der)| der)
        .map_err(|err| KeyError::Malformed {
            format,
            reason: err.to_string(),
        })
}

fn parse_pkcs8(der: &[u8]) -> Result<KeyMaterial, KeyError> {
    let malformed = |err: &dyn std::fmt::Display| KeyError::Malformed {
        format: "PKCS#8",
        reason: err.to_string(),
    };
    let info = pkcs8::PrivateKeyInfo::try_from(der).map_err(|err| malformed(&err))?;
    let algorithm = info.algorithm.oid;

    if algorithm == OID_RSA {
        let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|err| {
            if is_multi_prime_rsa(info.private_key) {
                return KeyError::MultiPrimeRsa;
            }
            malformed(&err)
        })?;
        return check_rsa(key);
    }
    if algorithm == OID_EC {
        let curve = info.algorithm.parameters_oid().ok();
        check_curve(curve)?;
        let key = p256::SecretKey::from_pkcs8_der(der).map_err(|err| malformed(&err))?;
        return Ok(KeyMaterial::Ec(key));
    }
    Err(KeyError::UnsupportedAlgorithm {
        algorithm: algorithm_name(algorithm),
    })
}

fn parse_encrypted_pkcs8(der: &[u8], passphrase: Option<&str>) -> Result<KeyMaterial, KeyError> {
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der).map_err(|err| {
        // The decoder also fails on schemes it does not implement, such as PKCS#12 3DES.
        match scheme_name(der) {
            Some(scheme) => KeyError::UnsupportedEncryption { reason: scheme },
            None => KeyError::Malformed {
                format: "encrypted PKCS#8",
                reason: err.to_string(),
            },
        }
    })?;
    let passphrase = passphrase
        .filter(|p| !p.is_empty())
        .ok_or(KeyError::PassphraseRequired)?;

    let document = info.decrypt(passphrase).map_err(|err| match err {
        // pkcs5 0.7.1 reports bad padding after decryption as `EncryptFailed`.
        pkcs8::Error::EncryptedPrivateKey(
            pkcs8::pkcs5::Error::DecryptFailed | pkcs8::pkcs5::Error::EncryptFailed,
        ) => KeyError::WrongPassphrase,
        // A wrong passphrase usually surfaces as bad padding, but sometimes decrypts to bytes that
        // are not DER.
        pkcs8::Error::Asn1(_) => KeyError::WrongPassphrase,
        other => KeyError::UnsupportedEncryption {
            reason: other.to_string(),
        },
    })?;

    // A wrong passphrase can pass the padding check by chance and yield garbage.
    parse_pkcs8(document.as_bytes()).map_err(|err| match err {
        KeyError::Malformed { .. } => KeyError::WrongPassphrase,
        other => other,
    })
}

fn parse_pkcs1(der: &[u8]) -> Result<KeyMaterial, KeyError> {
    let key = rsa::RsaPrivateKey::from_pkcs1_der(der).map_err(|err| {
        if is_multi_prime_rsa(der) {
            return KeyError::MultiPrimeRsa;
        }
        KeyError::Malformed {
            format: "PKCS#1 RSA",
            reason: err.to_string(),
        }
    })?;
    check_rsa(key)
}

/// Reports whether PKCS#1 DER contains a key with more than two primes (version 1), which the
/// `rsa` crate rejects as malformed although the file is intact.
fn is_multi_prime_rsa(pkcs1_der: &[u8]) -> bool {
    rsa::pkcs1::RsaPrivateKey::from_der(pkcs1_der)
        .is_ok_and(|key| key.version() == rsa::pkcs1::Version::Multi)
}

fn parse_sec1(der: &[u8]) -> Result<KeyMaterial, KeyError> {
    let malformed = |err: &dyn std::fmt::Display| KeyError::Malformed {
        format: "SEC1 EC",
        reason: err.to_string(),
    };
    let info = sec1::EcPrivateKey::from_der(der).map_err(|err| malformed(&err))?;
    let curve = info.parameters.and_then(|params| params.named_curve());

    // Keys without embedded parameters are accepted only when the scalar has P-256's size.
    if curve.is_some() || info.private_key.len() != 32 {
        check_curve(curve)?;
    }
    let key = p256::SecretKey::from_sec1_der(der).map_err(|err| malformed(&err))?;
    Ok(KeyMaterial::Ec(key))
}

fn check_rsa(key: rsa::RsaPrivateKey) -> Result<KeyMaterial, KeyError> {
    let bits = key.size() * 8;
    if bits < MIN_RSA_BITS {
        return Err(KeyError::RsaTooSmall { bits });
    }
    key.validate().map_err(|err| KeyError::InvalidRsaKey {
        reason: err.to_string(),
    })?;
    Ok(KeyMaterial::Rsa(Box::new(key)))
}

fn check_curve(curve: Option<ObjectIdentifier>) -> Result<(), KeyError> {
    match curve {
        Some(oid) if oid == OID_P256 => Ok(()),
        Some(oid) => Err(KeyError::UnsupportedCurve {
            curve: curve_name(oid),
        }),
        None => Err(KeyError::UnsupportedCurve {
            curve: "unnamed (explicit parameters)".into(),
        }),
    }
}

fn curve_name(oid: ObjectIdentifier) -> String {
    let name = match oid {
        OID_P384 => "P-384 (secp384r1)",
        OID_P521 => "P-521 (secp521r1)",
        OID_SECP256K1 => "secp256k1",
        _ => return format!("with OID {oid}"),
    };
    name.to_owned()
}

fn algorithm_name(oid: ObjectIdentifier) -> String {
    let name = match oid {
        OID_ED25519 => "Ed25519",
        OID_ED448 => "Ed448",
        OID_X25519 => "X25519",
        OID_DSA => "DSA",
        OID_RSA_PSS => "RSASSA-PSS (RSA restricted to PSS)",
        _ => return format!("algorithm with OID {oid}"),
    };
    name.to_owned()
}
