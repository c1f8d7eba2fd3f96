use super::*;

const PASSPHRASE: &str = "correct horse";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("reading {path}: {err}"))
}

fn import(name: &str, passphrase: Option<&str>) -> Result<PrivateKey, KeyError> {
    PrivateKey::from_pem(&fixture(name), passphrase)
}

#[test]
fn accepted_pem_formats_import() {
    let cases = [
        ("ec-p256-pkcs8.pem", None, KeyKind::EcP256),
        ("ec-p256-sec1.pem", None, KeyKind::EcP256),
        ("ec-p256-sec1-with-params.pem", None, KeyKind::EcP256),
        (
            "ec-p256-pkcs8-encrypted.pem",
            Some(PASSPHRASE),
            KeyKind::EcP256,
        ),
        (
            "ec-p256-pkcs8-encrypted-scrypt.pem",
            Some(PASSPHRASE),
            KeyKind::EcP256,
        ),
        ("rsa-2048-pkcs8.pem", None, KeyKind::Rsa { bits: 2048 }),
        ("rsa-2048-pkcs1.pem", None, KeyKind::Rsa { bits: 2048 }),
        (
            "rsa-2048-pkcs8-encrypted.pem",
            Some(PASSPHRASE),
            KeyKind::Rsa { bits: 2048 },
        ),
        ("rsa-3072-pkcs8.pem", None, KeyKind::Rsa { bits: 3072 }),
        ("rsa-4096-pkcs8.pem", None, KeyKind::Rsa { bits: 4096 }),
    ];
    for (name, passphrase, kind) in cases {
        let key = import(name, passphrase).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(key.kind(), kind, "{name} should import as {kind:?}");
    }
}

#[test]
fn same_key_in_each_format_has_one_thumbprint() {
    let pkcs8 = import("ec-p256-pkcs8.pem", None).unwrap();
    let sec1 = import("ec-p256-sec1.pem", None).unwrap();
    let encrypted = import("ec-p256-pkcs8-encrypted.pem", Some(PASSPHRASE)).unwrap();
    assert_eq!(pkcs8.thumbprint(), sec1.thumbprint());
    assert_eq!(pkcs8.thumbprint(), encrypted.thumbprint());

    let rsa_pkcs8 = import("rsa-2048-pkcs8.pem", None).unwrap();
    let rsa_pkcs1 = import("rsa-2048-pkcs1.pem", None).unwrap();
    assert_eq!(rsa_pkcs8.thumbprint(), rsa_pkcs1.thumbprint());
}

#[test]
fn crlf_line_endings_and_surrounding_text_are_accepted() {
    let pem = fixture("ec-p256-pkcs8.pem").replace('\n', "\r\n");
    let wrapped = format!("Key for the service app:\r\n{pem}\r\nend of message");
    let key = PrivateKey::from_pem(&wrapped, None).unwrap();
    assert_eq!(key.kind(), KeyKind::EcP256);
}

#[test]
fn rejected_pem_formats_name_what_was_found() {
    let cases: [(&str, Option<&str>, &str); 21] = [
        ("ec-p256-public.pem", None, "public key (PUBLIC KEY)"),
        (
            "rsa-2048-public-pkcs1.pem",
            None,
            "public key (RSA PUBLIC KEY)",
        ),
        ("ec-p256-cert.pem", None, "certificate (CERTIFICATE)"),
        ("rsa-1024-pkcs8.pem", None, "1024 bits"),
        ("rsa-1024-pkcs1.pem", None, "1024 bits"),
        ("rsa-2048-3-primes-pkcs1.pem", None, "more than two primes"),
        ("rsa-2048-3-primes-pkcs8.pem", None, "more than two primes"),
        ("ec-p384-pkcs8.pem", None, "P-384"),
        ("ec-p384-sec1.pem", None, "P-384"),
        ("ec-secp256k1-pkcs8.pem", None, "secp256k1"),
        ("ed25519-pkcs8.pem", None, "Ed25519"),
        ("dsa-2048.pem", None, "DSA"),
        ("openssh-ecdsa.key", None, "OpenSSH"),
        (
            "rsa-2048-pkcs1-legacy-encrypted.pem",
            Some(PASSPHRASE),
            "legacy PEM encryption",
        ),
        ("ec-p256-pkcs8-encrypted.pem", None, "enter its passphrase"),
        (
            "ec-p256-pkcs8-encrypted.pem",
            Some("wrong horse"),
            "passphrase did not decrypt",
        ),
        (
            "rsa-2048-pkcs8-encrypted.pem",
            Some("wrong horse"),
            "passphrase did not decrypt",
        ),
        (
            "ec-p256-pkcs8-encrypted-pkcs12-3des.pem",
            Some(PASSPHRASE),
            "not supported (PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC)",
        ),
        (
            "ec-p256-pkcs8-encrypted-pbes2-3des.pem",
            Some(PASSPHRASE),
            "not supported (PBES2 with PBKDF2 and DES-EDE3-CBC)",
        ),
        ("garbage-in-pem-armor.pem", None, "PKCS#8 block is damaged"),
        ("README.md", None, "no PEM block"),
    ];
    for (name, passphrase, expected) in cases {
        let err = import(name, passphrase).expect_err(name).to_string();
        assert!(
            err.contains(expected),
            "{name}: {err:?} should mention {expected:?}"
        );
        let tells_what_is_accepted = err.contains("Accepted:") || err.contains("passphrase");
        assert!(
            tells_what_is_accepted,
            "{name}: {err:?} should say what is accepted"
        );
    }
}

#[test]
fn empty_and_truncated_input_is_rejected() {
    assert!(matches!(
        PrivateKey::from_pem("  \n", None),
        Err(KeyError::Empty)
    ));

    let pem = fixture("rsa-2048-pkcs8.pem");
    let lines: Vec<&str> = pem.lines().collect();
    let truncated = [&lines[..5], &lines[lines.len() - 1..]].concat().join("\n");
    let err = PrivateKey::from_pem(&truncated, None).unwrap_err();
    assert!(matches!(err, KeyError::Malformed { .. }), "{err:?}");

    let without_end = lines[..lines.len() - 1].join("\n");
    let err = PrivateKey::from_pem(&without_end, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the -----END PRIVATE KEY----- line is missing"),
        "a copy that stopped short is not reported as missing armor: {err}"
    );
}

#[test]
fn generated_keys_have_the_requested_type() {
    let ec = PrivateKey::generate(KeyType::EcP256).unwrap();
    assert_eq!(ec.kind(), KeyKind::EcP256);
    assert_eq!(ec.algorithm(), Algorithm::ES256);

    let rsa = PrivateKey::generate(KeyType::Rsa2048).unwrap();
    assert_eq!(rsa.kind(), KeyKind::Rsa { bits: 2048 });
    assert_eq!(rsa.algorithm(), Algorithm::RS256);
}

#[test]
fn ec_jwk_has_every_member_okta_needs() {
    let key = import("ec-p256-pkcs8.pem", None).unwrap();
    let jwk = serde_json::to_value(key.public_jwk()).unwrap();
    let members: Vec<&str> = jwk
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(members.len(), 7, "{jwk}");
    assert_eq!(jwk["kty"], "EC");
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["alg"], "ES256");
    assert_eq!(jwk["crv"], "P-256");
    assert_eq!(jwk["kid"], key.thumbprint());
    assert_eq!(
        jwk["x"].as_str().unwrap().len(),
        43,
        "32 bytes in base64url"
    );
    assert_eq!(
        jwk["y"].as_str().unwrap().len(),
        43,
        "32 bytes in base64url"
    );
}

#[test]
fn rsa_jwk_has_every_member_okta_needs() {
    let key = import("rsa-2048-pkcs1.pem", None).unwrap();
    let jwks = serde_json::to_value(key.public_jwks()).unwrap();
    let jwk = &jwks["keys"][0];
    assert_eq!(jwk["kty"], "RSA");
    assert_eq!(jwk["use"], "sig");
    assert_eq!(jwk["alg"], "RS256");
    assert_eq!(jwk["e"], "AQAB");
    assert_eq!(
        jwk["n"].as_str().unwrap().len(),
        342,
        "256 bytes in base64url"
    );
    assert!(jwk.get("crv").is_none(), "an RSA JWK has no crv: {jwk}");
}

#[test]
fn thumbprint_matches_rfc_7638_example() {
    // The RSA key and expected thumbprint from RFC 7638, section 3.1.
    let jwk = PublicJwk {
        kty: "RSA".into(),
        kid: "2011-04-29".into(),
        key_use: "sig".into(),
        alg: "RS256".into(),
        n: Some(
            "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw".into(),
        ),
        e: Some("AQAB".into()),
        crv: None,
        x: None,
        y: None,
    };
    assert_eq!(
        jwk.thumbprint().unwrap(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
}

#[test]
fn thumbprint_of_exported_jwk_equals_kid() {
    for key_type in [KeyType::EcP256, KeyType::Rsa2048] {
        let key = PrivateKey::generate(key_type).unwrap();
        let jwk = key.public_jwk();
        assert_eq!(jwk.thumbprint().unwrap(), key.kid(), "{key_type:?}");
    }
}

#[test]
fn custom_kid_replaces_thumbprint() {
    let key = PrivateKey::generate(KeyType::EcP256)
        .unwrap()
        .with_kid("desk-2026")
        .unwrap();
    assert_eq!(key.kid(), "desk-2026");
    assert_eq!(key.public_jwk().kid, "desk-2026");
    assert!(key.has_custom_kid());

    for bad in ["", "has space", &"k".repeat(201)] {
        let result = PrivateKey::generate(KeyType::EcP256).unwrap().with_kid(bad);
        assert!(
            matches!(result, Err(KeyError::InvalidKid { .. })),
            "{bad:?} should be rejected"
        );
    }
}

#[test]
fn storage_bytes_round_trip_every_key_type() {
    let keys = [
        import("ec-p256-pkcs8.pem", None).unwrap(),
        import("rsa-2048-pkcs1.pem", None).unwrap(),
        import("rsa-3072-pkcs8.pem", None)
            .unwrap()
            .with_kid("custom-kid")
            .unwrap(),
        import("rsa-4096-pkcs8.pem", None).unwrap(),
    ];
    for key in keys {
        let bytes = key.to_storage_bytes();
        let restored = PrivateKey::from_storage_bytes(bytes.expose()).unwrap();
        assert_eq!(restored.public_jwk(), key.public_jwk(), "{key:?}");
        assert_eq!(restored.has_custom_kid(), key.has_custom_kid());
    }
}

#[test]
fn storage_bytes_fit_a_windows_credential() {
    let key = import("rsa-4096-pkcs8.pem", None)
        .unwrap()
        .with_kid("k".repeat(200))
        .unwrap();
    let bytes = key.to_storage_bytes();
    let base64_len = bytes.expose().len().div_ceil(3) * 4;
    assert!(
        base64_len < 2560,
        "{base64_len} base64 characters exceed 2,560"
    );

    let ec = import("ec-p256-pkcs8.pem", None).unwrap();
    assert_eq!(ec.to_storage_bytes().expose().len(), 35);
}

#[test]
fn damaged_storage_bytes_are_rejected() {
    let key = import("ec-p256-pkcs8.pem", None).unwrap();
    let bytes = key.to_storage_bytes().expose().clone();
    let cases: [&[u8]; 4] = [&[], &bytes[..10], &[9, 1, 0], &[1, 7, 0]];
    for case in cases {
        let result = PrivateKey::from_storage_bytes(case);
        assert!(matches!(result, Err(KeyError::Storage { .. })), "{case:?}");
    }
}

#[test]
fn debug_output_hides_key_material() {
    let key = import("ec-p256-pkcs8.pem", None).unwrap();
    let debug = format!("{key:?}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(
        !debug.contains(&key.to_pkcs8_pem().unwrap().expose()[30..60]),
        "{debug}"
    );
}

#[test]
fn exported_pkcs8_pem_imports_again() {
    let key = PrivateKey::generate(KeyType::Rsa2048).unwrap();
    let pem = key.to_pkcs8_pem().unwrap();
    let again = PrivateKey::from_pem(pem.expose(), None).unwrap();
    assert_eq!(again.kid(), key.kid());
}
