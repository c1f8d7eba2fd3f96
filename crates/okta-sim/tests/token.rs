//! The token endpoint: every client-assertion rule and every documented error pair.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const ALGORITHMS: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

fn decode_claims(jwt: &str) -> Value {
    use base64::Engine;
    let part = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// Registers a client with one key and returns the key.
async fn client_with(t: &TestSim, client_id: &str, alg: &'static str) -> TestKey {
    let key = TestKey::for_alg(alg);
    t.register(
        AERIAL_ORG,
        client_id,
        &["okta.accounts.read", "okta.accounts.manage"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    key
}

fn header(key: &TestKey) -> Value {
    json!({ "alg": key.alg(), "kid": "k1" })
}

#[tokio::test]
async fn token_is_issued_for_every_algorithm() {
    let t = TestSim::demo().await;
    for (index, alg) in ALGORITHMS.iter().enumerate() {
        let client_id = format!("0oaalg{index}");
        let key = client_with(&t, &client_id, alg).await;
        let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, &client_id));
        let reply = t
            .token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{alg}: {}", reply.text);
        assert_eq!(reply.header("cache-control").as_deref(), Some("no-store"));
        assert_eq!(reply.header("pragma").as_deref(), Some("no-cache"));
        let body = reply.json();
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["expires_in"], 3600);
        assert_eq!(body["scope"], "okta.accounts.read");
        let claims = decode_claims(body["access_token"].as_str().unwrap());
        assert_eq!(claims["cid"], client_id.as_str());
        assert_eq!(claims["sub"], client_id.as_str());
        assert_eq!(claims["scp"], json!(["okta.accounts.read"]));
        assert!(claims.get("cnf").is_none());
    }
}

#[tokio::test]
async fn token_lifetime_is_configurable() {
    let t = TestSim::start(
        okta_sim::SimConfig::demo()
            .control_api(true)
            .token_lifetime(std::time::Duration::from_secs(60)),
    )
    .await;
    let key = client_with(&t, "0oalife", "ES256").await;
    let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, "0oalife"));
    let reply = t
        .token_with(
            AERIAL_ORG,
            &assertion,
            "okta.accounts.read okta.accounts.manage",
        )
        .await;
    assert_eq!(reply.json()["expires_in"], 60);
    assert_eq!(
        reply.json()["scope"],
        "okta.accounts.read okta.accounts.manage"
    );
}

/// Sends an assertion with modified claims and expects a 401 `invalid_client` description.
async fn expect_invalid_client(
    t: &TestSim,
    key: &TestKey,
    client: &str,
    edit: impl Fn(&mut Value),
    description: &str,
) {
    let mut claims = t.claims(AERIAL_ORG, client);
    edit(&mut claims);
    let assertion = key.sign(&header(key), &claims);
    let reply = t
        .token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
        .await;
    reply.assert_oauth_error(401, "invalid_client", description);
}

type ClaimEdit = Box<dyn Fn(&mut Value)>;

#[tokio::test]
async fn assertion_claim_rules_answer_documented_errors() {
    let t = TestSim::demo().await;
    let key = client_with(&t, "0oaclaims", "ES256").await;
    let other_org_url = t.token_url("northwind-eu.sim.localhost");
    let cases: Vec<(ClaimEdit, &str)> = vec![
        (
            Box::new(move |c| c["aud"] = json!(other_org_url.clone())),
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ),
        (
            Box::new(|c| c["aud"] = json!("https://northwind-aerial.okta.com/oauth2/v1/token")),
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ),
        (
            Box::new(|c| c["exp"] = json!(now() + 3700)),
            "The client_assertion token has an expiration too far into the future.",
        ),
        (
            Box::new(|c| c["exp"] = json!(now() - 5)),
            "The client_assertion token is expired.",
        ),
        (
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
            "The client_assertion token must contain an 'exp' claim.",
        ),
        (
            Box::new(|c| c["exp"] = json!(i64::MIN)),
            "The client_assertion token is expired.",
        ),
        (
            Box::new(|c| c["exp"] = json!(i64::MAX)),
            "The client_assertion token has an expiration too far into the future.",
        ),
        (
            Box::new(|c| c["exp"] = json!(1e300)),
            "The client_assertion token has an expiration too far into the future.",
        ),
        (
            Box::new(|c| c["exp"] = json!("soon")),
            "The client_assertion token must contain an 'exp' claim.",
        ),
        (
            Box::new(|c| c["iat"] = json!(i64::MAX)),
            "The client_assertion token must be issued before the current time.",
        ),
        (
            Box::new(|c| c["iat"] = json!(now() + 120)),
            "The client_assertion token must be issued before the current time.",
        ),
        (
            Box::new(|c| c["iss"] = json!("0oaunknown")),
            "The client_assertion token's 'iss' and 'sub' claims must both be the client ID.",
        ),
        (
            Box::new(|c| {
                c["iss"] = json!("0oaunknown");
                c["sub"] = json!("0oaunknown");
            }),
            "Invalid value for 'client_id' parameter.",
        ),
    ];
    for (edit, description) in cases {
        expect_invalid_client(&t, &key, "0oaclaims", edit, description).await;
    }
}

#[tokio::test]
async fn assertion_expiring_within_one_hour_is_accepted() {
    let t = TestSim::demo().await;
    let key = client_with(&t, "0oahour", "RS256").await;
    let mut claims = t.claims(AERIAL_ORG, "0oahour");
    claims["exp"] = json!(now() + 3590);
    claims.as_object_mut().unwrap().remove("iat");
    let reply = t
        .token_with(
            AERIAL_ORG,
            &key.sign(&header(&key), &claims),
            "okta.accounts.read",
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn assertion_jti_is_single_use() {
    let t = TestSim::demo().await;
    let key = client_with(&t, "0oajti", "ES384").await;
    let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, "0oajti"));
    assert_eq!(
        t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
            .await
            .status,
        StatusCode::OK
    );
    let again = t
        .token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
        .await;
    again.assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion token has already been used.",
    );

    let mut claims = t.claims(AERIAL_ORG, "0oajti");
    claims.as_object_mut().unwrap().remove("jti");
    let without_jti = key.sign(&header(&key), &claims);
    for _ in 0..2 {
        let reply = t
            .token_with(AERIAL_ORG, &without_jti, "okta.accounts.read")
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "an assertion without jti may repeat: {}",
            reply.text
        );
    }
}

#[tokio::test]
async fn assertion_key_rules_answer_documented_errors() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("RS256");
    let mut inactive = TestKey::for_alg("ES256").public_jwk("inactive");
    inactive["status"] = json!("INACTIVE");
    let encryption_key = TestKey::for_alg("ES256");
    let mut enc = encryption_key.public_jwk("enc");
    enc["use"] = json!("enc");
    t.register(
        AERIAL_ORG,
        "0oakeys",
        &["okta.accounts.read"],
        vec![key.public_jwk("k1"), inactive, enc],
        false,
    )
    .await;
    let claims = t.claims(AERIAL_ORG, "0oakeys");
    let t = &t;

    let send = |header: Value, signer: TestKey| {
        let claims = {
            let mut c = claims.clone();
            c["jti"] = json!(format!("j{}", rand::random::<u64>()));
            c
        };
        let assertion = signer.sign(&header, &claims);
        async move {
            t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
                .await
        }
    };
    send(json!({ "alg": "RS256", "kid": "nope" }), key.clone())
        .await
        .assert_oauth_error(
            401,
            "invalid_client",
            "The client_assertion JWT kid is invalid.",
        );
    send(
        json!({ "alg": "ES256", "kid": "inactive" }),
        TestKey::for_alg("ES256"),
    )
    .await
    .assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion JWT kid is invalid.",
    );
    send(
        json!({ "alg": "ES256", "kid": "enc" }),
        encryption_key.clone(),
    )
    .await
    .assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion JWT kid is invalid.",
    );
    send(
        json!({ "alg": "RS256", "kid": "k1" }),
        TestKey::rsa(keys::RSA_2048_SECOND, "RS256"),
    )
    .await
    .assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion signature is invalid.",
    );
    send(json!({ "alg": "HS256", "kid": "k1" }), key.clone())
        .await
        .assert_oauth_error(
            401,
            "invalid_client",
            "The client_assertion JWT signature algorithm is invalid.",
        );
    send(
        json!({ "alg": "RS384", "kid": "k1" }),
        TestKey::rsa(keys::RSA_2048, "RS384"),
    )
    .await
    .assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion JWT signature algorithm is invalid.",
    );
    send(json!({ "alg": "none", "kid": "k1" }), key.clone())
        .await
        .assert_oauth_error(
            401,
            "invalid_client",
            "The client_assertion JWT signature algorithm is invalid.",
        );
    let reply = send(json!({ "alg": "RS256", "kid": "k1" }), key.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

#[tokio::test]
async fn key_added_later_signs_assertions() {
    let t = TestSim::demo().await;
    let first = client_with(&t, "0oarotate", "ES256").await;
    let second = TestKey::for_alg("ES512");
    let reply = t
        .control(
            Method::POST,
            "/clients/0oarotate/keys",
            Some(second.public_jwk("k2")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.json()["status"], "ACTIVE");
    let assertion = second.sign(
        &json!({ "alg": "ES512", "kid": "k2" }),
        &t.claims(AERIAL_ORG, "0oarotate"),
    );
    assert_eq!(
        t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
            .await
            .status,
        StatusCode::OK
    );
    let assertion = first.sign(&header(&first), &t.claims(AERIAL_ORG, "0oarotate"));
    assert_eq!(
        t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn client_registration_rules_answer_documented_errors() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("ES256");
    let register = |client_id: &str, app_type: &str, method: &str, jwks: Vec<Value>| {
        json!({
            "orgDomain": AERIAL_ORG, "clientId": client_id, "applicationType": app_type,
            "tokenEndpointAuthMethod": method, "grantedScopes": ["okta.accounts.read"], "jwks": jwks,
        })
    };
    for body in [
        register(
            "0oaweb",
            "web",
            "private_key_jwt",
            vec![key.public_jwk("k1")],
        ),
        register(
            "0oasecret",
            "service",
            "client_secret_basic",
            vec![key.public_jwk("k1")],
        ),
        register("0oanokeys", "service", "private_key_jwt", vec![]),
    ] {
        assert_eq!(
            t.control(Method::POST, "/clients", Some(body)).await.status,
            StatusCode::CREATED
        );
    }
    let cases = [
        (
            "0oaweb",
            "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
        ),
        (
            "0oasecret",
            "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
        ),
        (
            "0oanokeys",
            "The client does not have a JWKSet configured, but the client_assertion requires one.",
        ),
    ];
    for (client, description) in cases {
        let assertion = key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, client),
        );
        t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
            .await
            .assert_oauth_error(401, "invalid_client", description);
    }
}

#[tokio::test]
async fn client_of_another_org_is_unknown_here() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("ES256");
    t.register(
        "northwind-eu.sim.localhost",
        "0oaeu",
        &["okta.orgs.manage"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let assertion = key.sign(
        &json!({ "alg": "ES256", "kid": "k1" }),
        &t.claims(AERIAL_ORG, "0oaeu"),
    );
    t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
        .await
        .assert_oauth_error(
            401,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        );
}

#[tokio::test]
async fn scope_rules_answer_documented_errors() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("ES256");
    t.register(
        AERIAL_ORG,
        "0oascope",
        &["okta.accounts.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let sign = || {
        key.sign(
            &json!({ "alg": "ES256", "kid": "k1" }),
            &t.claims(AERIAL_ORG, "0oascope"),
        )
    };
    t.token_with(AERIAL_ORG, &sign(), "okta.accounts.manage").await.assert_oauth_error(
        400,
        "invalid_scope",
        "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.",
    );
    t.token_with(AERIAL_ORG, &sign(), "")
        .await
        .assert_oauth_error(400, "invalid_scope", "No scopes were requested.");
    let form = [
        ("grant_type", "client_credentials"),
        ("client_assertion_type", JWT_BEARER),
    ];
    let assertion = sign();
    let mut form = form.to_vec();
    form.push(("client_assertion", &assertion));
    t.post_token(AERIAL_ORG, &form, None)
        .await
        .assert_oauth_error(400, "invalid_scope", "No scopes were requested.");

    let eu = "northwind-eu.sim.localhost";
    t.register(
        eu,
        "0oaeuaerial",
        &["okta.accounts.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let assertion = key.sign(
        &json!({ "alg": "ES256", "kid": "k1" }),
        &t.claims(eu, "0oaeuaerial"),
    );
    t.token_with(eu, &assertion, "okta.accounts.read")
        .await
        .assert_oauth_error(
            400,
            "unauthorized_client",
            "This client cannot use the Aerial authorization server.",
        );
}

#[tokio::test]
async fn form_rules_answer_oauth_errors() {
    let t = TestSim::demo().await;
    let key = client_with(&t, "0oaform", "ES256").await;
    let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, "0oaform"));
    let url = t.token_url(AERIAL_ORG);

    let reply = t
        .post_token(
            AERIAL_ORG,
            &[
                ("scope", "okta.accounts.read"),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", &assertion),
            ],
            None,
        )
        .await;
    reply.assert_oauth_error(
        400,
        "invalid_request",
        "The token request must specify a 'grant_type'. Valid values: [client_credentials]",
    );
    let reply = t
        .post_token(
            AERIAL_ORG,
            &[("grant_type", "password"), ("scope", "okta.accounts.read")],
            None,
        )
        .await;
    assert_eq!(reply.json()["error"], "unsupported_grant_type");
    let reply = t
        .post_token(
            AERIAL_ORG,
            &[
                ("grant_type", "client_credentials"),
                ("scope", "okta.accounts.read"),
                ("client_id", "0oaform"),
                ("client_secret", "s"),
            ],
            None,
        )
        .await;
    reply.assert_oauth_error(401, "invalid_client", "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.");
    let reply = t
        .send(
            t.http
                .post(&url)
                .basic_auth("0oaform", Some("secret"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", "okta.accounts.read"),
                    ("client_assertion_type", JWT_BEARER),
                    ("client_assertion", &assertion),
                ]),
        )
        .await;
    reply.assert_oauth_error(400, "invalid_request", "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.");
    let reply = t
        .send(
            t.http
                .post(format!("{url}?client_assertion={assertion}"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", "okta.accounts.read"),
                ]),
        )
        .await;
    reply.assert_oauth_error(
        400,
        "invalid_request",
        "Client credentials must not be sent in the query string.",
    );
    let reply = t
        .send(
            t.http
                .post(&url)
                .json(&json!({ "grant_type": "client_credentials" })),
        )
        .await;
    reply.assert_oauth_error(
        400,
        "invalid_request",
        "The token request must use the application/x-www-form-urlencoded content type.",
    );
    let reply = t
        .post_token(
            AERIAL_ORG,
            &[
                ("grant_type", "client_credentials"),
                ("scope", "okta.accounts.read"),
                ("client_assertion_type", "urn:other"),
                ("client_assertion", &assertion),
            ],
            None,
        )
        .await;
    reply.assert_oauth_error(
        400,
        "invalid_request",
        "The client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
    );
    let reply = t
        .post_token(
            AERIAL_ORG,
            &[
                ("grant_type", "client_credentials"),
                ("scope", "okta.accounts.read"),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", "not.a-jwt"),
            ],
            None,
        )
        .await;
    reply.assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion token is malformed.",
    );
    let reply = t
        .post_token(
            AERIAL_ORG,
            &[
                ("grant_type", "client_credentials"),
                ("grant_type", "client_credentials"),
            ],
            None,
        )
        .await;
    reply.assert_oauth_error(
        400,
        "invalid_request",
        "The 'grant_type' parameter must not be repeated.",
    );
}

#[tokio::test]
async fn shifted_clock_moves_assertion_window_and_date() {
    let t = TestSim::demo().await;
    let key = client_with(&t, "0oaclock", "ES256").await;
    let reply = t
        .control(Method::PUT, "/clock", Some(json!({ "offsetSeconds": 600 })))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, "0oaclock"));
    t.token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
        .await
        .assert_oauth_error(
            401,
            "invalid_client",
            "The client_assertion token is expired.",
        );

    let reply = t
        .control(
            Method::PUT,
            "/clock",
            Some(json!({ "offsetSeconds": -600 })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let assertion = key.sign(&header(&key), &t.claims(AERIAL_ORG, "0oaclock"));
    let reply = t
        .token_with(AERIAL_ORG, &assertion, "okta.accounts.read")
        .await;
    reply.assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion token must be issued before the current time.",
    );
    let date = httpdate::parse_http_date(&reply.header("date").unwrap()).unwrap();
    let date_seconds = date
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (date_seconds - (now() - 600)).abs() <= 2,
        "Date header follows the shifted clock"
    );
}

#[tokio::test]
async fn expired_access_token_is_rejected_with_challenge() {
    let t = TestSim::demo().await;
    let token = t.aerial_token("okta.accounts.read").await;
    assert_eq!(
        t.get_with(&t.aerial("/accounts"), &token).await.status,
        StatusCode::OK
    );
    t.control(
        Method::PUT,
        "/clock",
        Some(json!({ "offsetSeconds": 3601 })),
    )
    .await;
    let reply = t.get_with(&t.aerial("/accounts"), &token).await;
    reply.assert_okta_error(401, "E0000011");
    let challenge = reply.header("www-authenticate").unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    assert!(
        challenge.contains("error_description=\"The token has expired.\""),
        "{challenge}"
    );
}

#[tokio::test]
async fn assertion_without_kid_needs_a_single_key() {
    let t = TestSim::demo().await;
    let key = TestKey::for_alg("ES256");
    t.register(
        AERIAL_ORG,
        "0oanokid",
        &["okta.accounts.read"],
        vec![key.public_jwk("k1")],
        false,
    )
    .await;
    let no_kid = json!({ "alg": "ES256" });
    let reply = t
        .token_with(
            AERIAL_ORG,
            &key.sign(&no_kid, &t.claims(AERIAL_ORG, "0oanokid")),
            "okta.accounts.read",
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "one usable key: {}",
        reply.text
    );

    let second = TestKey::for_alg("ES256");
    t.control(
        Method::POST,
        "/clients/0oanokid/keys",
        Some(second.public_jwk("k2")),
    )
    .await;
    let reply = t
        .token_with(
            AERIAL_ORG,
            &key.sign(&no_kid, &t.claims(AERIAL_ORG, "0oanokid")),
            "okta.accounts.read",
        )
        .await;
    reply.assert_oauth_error(
        401,
        "invalid_client",
        "The client_assertion JWT kid is invalid.",
    );
}
