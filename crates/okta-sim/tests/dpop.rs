//! DPoP: the nonce handshake, proof checks at the token endpoint and on API calls.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

/// Registers a DPoP client and returns its assertion key.
async fn dpop_client(t: &TestSim) -> TestKey {
    let key = TestKey::for_alg("ES256");
    t.register(
        AERIAL_ORG,
        "0oadpop",
        &["okta.accounts.read", "okta.accounts.manage"],
        vec![key.public_jwk("k1")],
        true,
    )
    .await;
    key
}

fn form(assertion: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        ("scope", "okta.accounts.read".into()),
        ("client_assertion_type", JWT_BEARER.into()),
        ("client_assertion", assertion.to_string()),
    ]
}

async fn post(t: &TestSim, assertion: &str, proof: Option<String>) -> Reply {
    let mut request = t.http.post(t.token_url(AERIAL_ORG)).form(&form(assertion));
    if let Some(proof) = proof {
        request = request.header("DPoP", proof);
    }
    t.send(request).await
}

/// Runs the nonce handshake and returns `(access token, DPoP key)`.
async fn dpop_token(t: &TestSim, key: &TestKey) -> (String, TestKey) {
    let dpop_key = TestKey::for_alg("ES256");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, "0oadpop"),
        )
    };

    let first = post(
        t,
        &assertion(),
        Some(dpop_proof(&dpop_key, "POST", &htu, None, None)),
    )
    .await;
    first.assert_oauth_error(
        400,
        "use_dpop_nonce",
        "Authorization server requires nonce in DPoP proof.",
    );
    let nonce = first.header("dpop-nonce").expect("dpop-nonce header");

    let second = post(
        t,
        &assertion(),
        Some(dpop_proof(&dpop_key, "POST", &htu, Some(&nonce), None)),
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert_eq!(second.json()["token_type"], "DPoP");
    (
        second.json()["access_token"].as_str().unwrap().to_string(),
        dpop_key,
    )
}

#[tokio::test]
async fn nonce_handshake_issues_bound_token() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let (token, dpop_key) = dpop_token(&t, &key).await;
    let url = t.aerial("/accounts");
    let proof = dpop_proof(&dpop_key, "GET", &url, None, Some(&token));
    let reply = t
        .send(
            t.http
                .get(&url)
                .header("Authorization", format!("DPoP {token}"))
                .header("DPoP", proof),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn missing_proof_is_rejected_when_required() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let assertion = key.sign(
        &json!({ "alg": "ES256", "kid": "k1" }),
        &t.claims(AERIAL_ORG, "0oadpop"),
    );
    post(&t, &assertion, None).await.assert_oauth_error(
        400,
        "invalid_dpop_proof",
        "The DPoP proof JWT header is missing.",
    );
}

#[tokio::test]
async fn token_proof_rules_answer_invalid_dpop_proof() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let dpop_key = TestKey::for_alg("ES256");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, "0oadpop"),
        )
    };
    let nonce = post(
        &t,
        &assertion(),
        Some(dpop_proof(&dpop_key, "POST", &htu, None, None)),
    )
    .await
    .header("dpop-nonce")
    .unwrap();

    let sign =
        |header: serde_json::Value, claims: serde_json::Value| dpop_key.sign(&header, &claims);
    let good_header =
        json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": dpop_key.bare_public_jwk() });
    let claims = |htm: &str, htu: &str, iat: i64| json!({ "htm": htm, "htu": htu, "iat": iat, "jti": format!("p{}", rand::random::<u64>()), "nonce": nonce });
    let mut private_jwk = dpop_key.bare_public_jwk();
    private_jwk["d"] = json!("AAAA");
    let cases = [
        (
            sign(
                json!({ "typ": "JWT", "alg": "ES256", "jwk": dpop_key.bare_public_jwk() }),
                claims("POST", &htu, now()),
            ),
            "'typ' header in the DPoP proof JWT is invalid.",
        ),
        (
            sign(
                json!({ "typ": "dpop+jwt", "alg": "HS256", "jwk": dpop_key.bare_public_jwk() }),
                claims("POST", &htu, now()),
            ),
            "'alg' header in the DPoP proof JWT is invalid.",
        ),
        (
            sign(
                json!({ "typ": "dpop+jwt", "alg": "ES256" }),
                claims("POST", &htu, now()),
            ),
            "'jwk' header in the DPoP proof JWT is invalid.",
        ),
        (
            sign(
                json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": private_jwk }),
                claims("POST", &htu, now()),
            ),
            "'jwk' header in the DPoP proof JWT is invalid.",
        ),
        (
            sign(
                json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": TestKey::for_alg("ES256").bare_public_jwk() }),
                claims("POST", &htu, now()),
            ),
            "The DPoP proof JWT signature is invalid.",
        ),
        (
            sign(good_header.clone(), claims("GET", &htu, now())),
            "'htm' claim in the DPoP proof JWT is invalid.",
        ),
        (
            sign(
                good_header.clone(),
                claims("POST", &format!("{htu}?x=1"), now()),
            ),
            "'htu' claim in the DPoP proof JWT is invalid.",
        ),
        (
            sign(good_header.clone(), claims("POST", &htu, now() - 301)),
            "The DPoP proof JWT is issued more than five minutes in the past.",
        ),
        (
            sign(good_header.clone(), claims("POST", &htu, now() + 310)),
            "The DPoP proof JWT is issued in the future.",
        ),
        (
            sign(good_header.clone(), claims("POST", &htu, i64::MIN)),
            "The DPoP proof JWT is issued more than five minutes in the past.",
        ),
        (
            sign(good_header.clone(), claims("POST", &htu, i64::MAX)),
            "The DPoP proof JWT is issued in the future.",
        ),
        ("not-a-jwt".to_string(), "The DPoP proof JWT is malformed."),
    ];
    for (proof, description) in cases {
        post(&t, &assertion(), Some(proof))
            .await
            .assert_oauth_error(400, "invalid_dpop_proof", description);
    }
    let reused = sign(good_header.clone(), claims("POST", &htu, now()));
    assert_eq!(
        post(&t, &assertion(), Some(reused.clone())).await.status,
        StatusCode::OK
    );
    post(&t, &assertion(), Some(reused))
        .await
        .assert_oauth_error(
            400,
            "invalid_dpop_proof",
            "The DPoP proof JWT has already been used.",
        );
}

#[tokio::test]
async fn api_call_proof_rules_use_www_authenticate() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let (token, dpop_key) = dpop_token(&t, &key).await;
    let url = t.aerial("/accounts");
    let call = |proof: Option<String>, scheme: &str| {
        let mut request = t
            .http
            .get(&url)
            .header("Authorization", format!("{scheme} {token}"));
        if let Some(proof) = proof {
            request = request.header("DPoP", proof);
        }
        t.send(request)
    };
    let cases = [
        (None, "DPoP", "The DPoP proof JWT header is missing."),
        (
            Some(dpop_proof(&dpop_key, "GET", &url, None, None)),
            "DPoP",
            "'ath' claim in the DPoP proof JWT is invalid.",
        ),
        (
            Some(dpop_proof(&dpop_key, "POST", &url, None, Some(&token))),
            "DPoP",
            "'htm' claim in the DPoP proof JWT is invalid.",
        ),
        (
            Some(dpop_proof(
                &TestKey::for_alg("ES384"),
                "GET",
                &url,
                None,
                Some(&token),
            )),
            "DPoP",
            "The DPoP proof JWT key does not match the access token's cnf.jkt.",
        ),
    ];
    for (proof, scheme, description) in cases {
        let reply = call(proof, scheme).await;
        reply.assert_okta_error(401, "E0000011");
        let challenge = reply.header("www-authenticate").unwrap();
        assert!(challenge.starts_with("DPoP "), "{challenge}");
        assert!(
            challenge.contains(&format!("error_description=\"{description}\"")),
            "{challenge}"
        );
    }
    let reply = call(
        Some(dpop_proof(&dpop_key, "GET", &url, None, Some(&token))),
        "Bearer",
    )
    .await;
    reply.assert_okta_error(401, "E0000011");
}

#[tokio::test]
async fn unbound_token_cannot_use_dpop_scheme() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    let reply = t
        .send(
            t.http
                .get(t.aerial("/accounts"))
                .header("Authorization", format!("DPoP {token}")),
        )
        .await;
    reply.assert_okta_error(401, "E0000011");
    let _ = Method::GET;
}

#[tokio::test]
async fn stale_nonce_gets_a_fresh_one() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let dpop_key = TestKey::for_alg("ES256");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, "0oadpop"),
        )
    };
    let first = post(
        &t,
        &assertion(),
        Some(dpop_proof(&dpop_key, "POST", &htu, None, None)),
    )
    .await;
    let nonce = first.header("dpop-nonce").unwrap();

    t.control(Method::PUT, "/clock", Some(json!({ "offsetSeconds": 301 })))
        .await;
    let mut claims = t.claims(AERIAL_ORG, "0oadpop");
    claims["iat"] = json!(now() + 301);
    claims["exp"] = json!(now() + 600);
    let late_assertion = key.sign(&json!({ "alg": "ES256", "kid": "k1" }), &claims);
    let header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": dpop_key.bare_public_jwk() });
    let proof = dpop_key.sign(&header, &json!({ "htm": "POST", "htu": htu, "iat": now() + 301, "jti": "late-proof", "nonce": nonce }));
    let reply = post(&t, &late_assertion, Some(proof)).await;
    reply.assert_oauth_error(
        400,
        "use_dpop_nonce",
        "Authorization server requires nonce in DPoP proof.",
    );
    let fresh = reply.header("dpop-nonce").unwrap();
    assert_ne!(fresh, nonce);
}

#[tokio::test]
async fn proof_rejected_for_nonce_spends_its_jti() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let dpop_key = TestKey::for_alg("ES256");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, "0oadpop"),
        )
    };
    let header = json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": dpop_key.bare_public_jwk() });
    let proof = dpop_key.sign(
        &header,
        &json!({ "htm": "POST", "htu": htu, "iat": now(), "jti": "same-jti" }),
    );
    let first = post(&t, &assertion(), Some(proof)).await;
    let nonce = first.header("dpop-nonce").unwrap();
    let retry = dpop_key.sign(
        &header,
        &json!({ "htm": "POST", "htu": htu, "iat": now(), "jti": "same-jti", "nonce": nonce }),
    );
    post(&t, &assertion(), Some(retry))
        .await
        .assert_oauth_error(
            400,
            "invalid_dpop_proof",
            "The DPoP proof JWT has already been used.",
        );
}

#[tokio::test]
async fn nonce_retry_needs_a_fresh_assertion() {
    let t = TestSim::demo().await;
    let key = dpop_client(&t).await;
    let dpop_key = TestKey::for_alg("ES256");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = key.sign(
        &json!({ "alg": "ES256", "kid": "k1" }),
        &t.claims(AERIAL_ORG, "0oadpop"),
    );

    let first = post(
        &t,
        &assertion,
        Some(dpop_proof(&dpop_key, "POST", &htu, None, None)),
    )
    .await;
    first.assert_oauth_error(
        400,
        "use_dpop_nonce",
        "Authorization server requires nonce in DPoP proof.",
    );
    let nonce = first.header("dpop-nonce").expect("dpop-nonce header");

    let retry = post(
        &t,
        &assertion,
        Some(dpop_proof(&dpop_key, "POST", &htu, Some(&nonce), None)),
    )
    .await;
    retry.assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion token has already been used.",
    );
}

#[tokio::test]
async fn optional_dpop_still_binds_the_token() {
    let t = TestSim::demo().await;
    let key = t.register_aerial_client().await;
    let dpop_key = TestKey::for_alg("ES384");
    let htu = t.token_url(AERIAL_ORG);
    let assertion = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "key-1" }),
            &t.claims(AERIAL_ORG, AERIAL_CLIENT),
        )
    };
    let send = |assertion: String, proof: String| {
        let form = [
            ("grant_type", "client_credentials".to_string()),
            ("scope", "okta.accounts.read".to_string()),
            ("client_assertion_type", JWT_BEARER.to_string()),
            ("client_assertion", assertion),
        ];
        t.send(
            t.http
                .post(t.token_url(AERIAL_ORG))
                .form(&form)
                .header("DPoP", proof),
        )
    };

    let first = send(assertion(), dpop_proof(&dpop_key, "POST", &htu, None, None)).await;
    let nonce = first.header("dpop-nonce").unwrap();
    let second = send(
        assertion(),
        dpop_proof(&dpop_key, "POST", &htu, Some(&nonce), None),
    )
    .await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.text);
    assert_eq!(second.json()["token_type"], "DPoP");
}
