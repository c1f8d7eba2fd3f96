//! Names the encryption scheme of an encrypted PKCS#8 key that the decoder cannot read, so the
//! rejection names what was found instead of calling the file damaged.

use pkcs8::der::asn1::{ObjectIdentifier, OctetStringRef};
use pkcs8::der::{Decode, Reader, SliceReader};
use pkcs8::spki::AlgorithmIdentifierRef;

const OID_PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");

/// Names of the schemes, key derivations and ciphers that encrypted PKCS#8 files use, by OID.
const NAMES: [(&str, &str); 14] = [
    ("1.2.840.113549.1.5.13", "PBES2"),
    ("1.2.840.113549.1.5.12", "PBKDF2"),
    ("1.3.6.1.4.1.11591.4.11", "scrypt"),
    ("1.2.840.113549.1.5.3", "PBES1 pbeWithMD5AndDES-CBC"),
    ("1.2.840.113549.1.5.10", "PBES1 pbeWithSHA1AndDES-CBC"),
    ("1.2.840.113549.1.12.1.1", "PKCS#12 pbeWithSHAAnd128BitRC4"),
    (
        "1.2.840.113549.1.12.1.3",
        "PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC",
    ),
    (
        "1.2.840.113549.1.12.1.5",
        "PKCS#12 pbeWithSHAAnd128BitRC2-CBC",
    ),
    (
        "1.2.840.113549.1.12.1.6",
        "PKCS#12 pbeWithSHAAnd40BitRC2-CBC",
    ),
    ("1.2.840.113549.3.7", "DES-EDE3-CBC"),
    ("1.3.14.3.2.7", "DES-CBC"),
    ("2.16.840.1.101.3.4.1.2", "AES-128-CBC"),
    ("2.16.840.1.101.3.4.1.22", "AES-192-CBC"),
    ("2.16.840.1.101.3.4.1.42", "AES-256-CBC"),
];

/// Returns the scheme of an `EncryptedPrivateKeyInfo`, such as
/// `PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC` or `PBES2 with PBKDF2 and DES-EDE3-CBC`, or `None`
/// when the DER does not have that structure.
pub(super) fn scheme_name(der: &[u8]) -> Option<String> {
    let mut reader = SliceReader::new(der).ok()?;
    let algorithm = reader
        .sequence(|inner| {
            let algorithm = AlgorithmIdentifierRef::decode(inner)?;
            OctetStringRef::decode(inner)?;
            Ok(algorithm)
        })
        .ok()?;
    if algorithm.oid != OID_PBES2 {
        return Some(oid_name(algorithm.oid));
    }

    let (kdf, cipher) = algorithm
        .parameters?
        .sequence(|inner| {
            let kdf = AlgorithmIdentifierRef::decode(inner)?;
            let cipher = AlgorithmIdentifierRef::decode(inner)?;
            Ok((kdf.oid, cipher.oid))
        })
        .ok()?;
    Some(format!(
        "PBES2 with {} and {}",
        oid_name(kdf),
        oid_name(cipher)
    ))
}

fn oid_name(oid: ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    NAMES
        .iter()
        .find(|(known, _)| *known == dotted)
        .map(|(_, name)| (*name).to_owned())
        .unwrap_or_else(|| format!("OID {dotted}"))
}
