use std::time::Duration;

use okta::error::{AuthChallenge, OAuthErrorBody, OktaErrorBody, TransportKind};
use okta::{ApiError, Error, ErrorBody};

use super::*;

const TOKEN_URL: &str = "https://acme-aerial.okta.com/oauth2/v1/token";
const AERIAL_URL: &str = "https://aerial-apac.okta.com/0227acct/api/v1/orgs";

fn context() -> DiagnosisContext {
    DiagnosisContext {
        client_id: Some("0oaapp".into()),
        aerial_org_domain: Some("acme-aerial.okta.com".into()),
        account_id: Some("0227acct".into()),
        scope: Some("okta.accounts.manage".into()),
        target_org: Some("acme-eu.okta.com".into()),
    }
}

fn api(status: u16, method: &str, url: &str, body: ErrorBody) -> ApiError {
    ApiError {
        status,
        method: method.into(),
        url: url.into(),
        body,
        server_date: None,
        clock_offset_seconds: None,
        rate_limit_reset: None,
        challenge: None,
    }
}

fn oauth(status: u16, error: &str, description: &str) -> ApiError {
    let body = ErrorBody::OAuth(OAuthErrorBody {
        error: error.into(),
        error_description: Some(description.into()),
    });
    api(status, "POST", TOKEN_URL, body)
}

fn okta_error(status: u16, url: &str, code: &str, summary: &str, causes: &[&str]) -> ApiError {
    let body = ErrorBody::Okta(OktaErrorBody {
        error_code: code.into(),
        error_summary: summary.into(),
        error_link: Some(code.into()),
        error_id: Some("oae123".into()),
        error_causes: causes.iter().map(|cause| cause.to_string()).collect(),
    });
    api(status, "POST", url, body)
}

fn code_of(api: ApiError) -> DiagnosisCode {
    diagnose(&Error::from(api), &context()).code
}

#[test]
fn every_token_description_has_its_code() {
    let scope_text = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.";
    let cases = [
        (
            401,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
            DiagnosisCode::UnknownClientId,
        ),
        (
            401,
            "invalid_client",
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
            DiagnosisCode::WrongOrgDomain,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion token has an expiration too far into the future.",
            DiagnosisCode::ClockAhead,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion token is expired.",
            DiagnosisCode::ClockBehind,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion token must be issued before the current time.",
            DiagnosisCode::ClockAhead,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion token has already been used.",
            DiagnosisCode::AssertionReused,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion signature is invalid.",
            DiagnosisCode::KeyMismatch,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion JWT kid is invalid.",
            DiagnosisCode::KeyNotRegistered,
        ),
        (
            401,
            "invalid_client",
            "The client does not have a JWKSet configured, but the client_assertion requires one.",
            DiagnosisCode::PublicKeyAuthOff,
        ),
        (
            401,
            "invalid_client",
            "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
            DiagnosisCode::PublicKeyAuthOff,
        ),
        (
            401,
            "invalid_client",
            "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
            DiagnosisCode::NotServiceApp,
        ),
        (
            401,
            "invalid_client",
            "The client_assertion JWT signature algorithm is invalid.",
            DiagnosisCode::KeyAlgorithmRejected,
        ),
        (
            400,
            "invalid_scope",
            scope_text,
            DiagnosisCode::ScopeNotGranted,
        ),
        (
            400,
            "invalid_scope",
            "No scopes were requested.",
            DiagnosisCode::NoScopeRequested,
        ),
        (
            400,
            "unauthorized_client",
            "This client cannot use the Aerial authorization server.",
            DiagnosisCode::NotAerialOrg,
        ),
        (
            400,
            "invalid_dpop_proof",
            "The DPoP proof JWT header is missing.",
            DiagnosisCode::DpopRequired,
        ),
        (
            400,
            "use_dpop_nonce",
            "Authorization server requires nonce in DPoP proof.",
            DiagnosisCode::DpopNonceRequired,
        ),
        (
            400,
            "invalid_dpop_proof",
            "The DPoP proof JWT has already been used.",
            DiagnosisCode::DpopProofRejected,
        ),
        (
            400,
            "invalid_dpop_proof",
            "'htu' claim in the DPoP proof JWT is invalid.",
            DiagnosisCode::DpopProofRejected,
        ),
        (
            400,
            "invalid_dpop_proof",
            "The DPoP proof JWT is issued more than five minutes in the past.",
            DiagnosisCode::DpopProofRejected,
        ),
    ];
    for (status, error, description, expected) in cases {
        assert_eq!(
            code_of(oauth(status, error, description)),
            expected,
            "{description}"
        );
    }
}

#[test]
fn scope_fix_names_scope_app_and_org() {
    let scope_text = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.";
    let diagnosis = diagnose(
        &Error::from(oauth(400, "invalid_scope", scope_text)),
        &context(),
    );
    assert_eq!(
        diagnosis.fix,
        "Grant okta.accounts.manage on the Okta API Scopes tab of app 0oaapp in acme-aerial.okta.com."
    );
    assert_eq!(diagnosis.okta.oauth_error.as_deref(), Some("invalid_scope"));
    assert_eq!(diagnosis.okta.http_status, Some(400));
}

#[test]
fn clock_minutes_come_from_date_offset() {
    let mut ahead = oauth(
        401,
        "invalid_client",
        "The client_assertion token must be issued before the current time.",
    );
    ahead.clock_offset_seconds = Some(-245);
    let diagnosis = diagnose(&Error::from(ahead), &context());
    assert_eq!(
        diagnosis.cause,
        "Your computer's clock is 4 minutes ahead of Okta's."
    );

    let mut behind = oauth(
        401,
        "invalid_client",
        "The client_assertion token is expired.",
    );
    behind.clock_offset_seconds = Some(61);
    let diagnosis = diagnose(&Error::from(behind), &context());
    assert_eq!(
        diagnosis.cause,
        "Your computer's clock is 1 minute behind Okta's."
    );

    let unknown = oauth(
        401,
        "invalid_client",
        "The client_assertion token is expired.",
    );
    let diagnosis = diagnose(&Error::from(unknown), &context());
    assert_eq!(diagnosis.cause, "Your computer's clock is behind Okta's.");
}

#[test]
fn rate_limit_says_how_long_to_wait() {
    let mut limited = okta_error(
        429,
        AERIAL_URL,
        "E0000047",
        "API call exceeded rate limit due to too many requests.",
        &[],
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    limited.rate_limit_reset = Some(now + 40);
    let diagnosis = diagnose(&Error::from(limited), &context());
    assert_eq!(diagnosis.code, DiagnosisCode::RateLimited);
    assert!(
        diagnosis.fix.starts_with("Wait 40 seconds")
            || diagnosis.fix.starts_with("Wait 39 seconds"),
        "{}",
        diagnosis.fix
    );
    assert_eq!(diagnosis.okta.error_code.as_deref(), Some("E0000047"));
}

#[test]
fn aerial_api_errors_have_their_codes() {
    let invalid = "Invalid token provided";
    let forbidden = "You do not have permission to perform the requested action";
    let validation = "Api validation failed: orgId";
    let cases = [
        (
            401,
            "E0000011",
            invalid,
            vec![],
            DiagnosisCode::AccessTokenRejected,
        ),
        (
            403,
            "E0000006",
            forbidden,
            vec![],
            DiagnosisCode::MissingScope,
        ),
        (
            403,
            "E0000006",
            forbidden,
            vec!["The access token was not issued by this account's Aerial org."],
            DiagnosisCode::TokenFromOtherOrg,
        ),
        (
            403,
            "E0000006",
            forbidden,
            vec!["The org has not granted Aerial consent to this account."],
            DiagnosisCode::ConsentMissing,
        ),
        (
            403,
            "E0000006",
            forbidden,
            vec![
                "Deletion requests are allowed only for sandbox orgs and Okta Partner Program accounts.",
            ],
            DiagnosisCode::DeletionNotAllowed,
        ),
        (
            404,
            "E0000007",
            "Not found: Resource not found: 00oX (Org)",
            vec![],
            DiagnosisCode::NotFound,
        ),
        (
            404,
            "E0000007",
            "Not found: Resource not found: 0227acct (Account)",
            vec![],
            DiagnosisCode::AccountNotFound,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["The org is already linked to an Account."],
            DiagnosisCode::OrgAlreadyLinked,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["cell: The org is not in cell OK2."],
            DiagnosisCode::WrongCell,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["The Aerial org of an account cannot be deactivated."],
            DiagnosisCode::AerialOrgCannotBeDeactivated,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["Only INACTIVE orgs can be deleted. Deactivate the org first."],
            DiagnosisCode::DeletionNeedsInactiveOrg,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["id: Unknown product ID P9"],
            DiagnosisCode::UnknownProduct,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["id: The account is not subscribed to product P001113"],
            DiagnosisCode::ProductNotSubscribed,
        ),
        (
            400,
            "E0000001",
            validation,
            vec!["name: The field cannot be left blank"],
            DiagnosisCode::ValidationFailed,
        ),
        (
            400,
            "E0000003",
            "The request body was not well-formed.",
            vec![],
            DiagnosisCode::MalformedRequest,
        ),
        (
            500,
            "E0000009",
            "Internal Server Error",
            vec![],
            DiagnosisCode::ServerError,
        ),
    ];
    for (status, code, summary, causes, expected) in cases {
        let error = okta_error(status, AERIAL_URL, code, summary, &causes);
        assert_eq!(code_of(error), expected, "{code} {causes:?}");
    }
}

#[test]
fn org_creator_and_consent_errors_have_their_codes() {
    let orgs = "https://acme.okta.com/api/v1/orgs";
    let consent = "https://acme-eu.okta.com/api/v1/org/privacy/aerial";
    let cases = [
        (400, orgs, "E0000088", vec![], DiagnosisCode::SubdomainTaken),
        (400, orgs, "E0000089", vec![], DiagnosisCode::OrgNameInvalid),
        (
            400,
            orgs,
            "E0000170",
            vec![],
            DiagnosisCode::SubdomainReserved,
        ),
        (
            400,
            orgs,
            "E0000171",
            vec![],
            DiagnosisCode::SubdomainInUseByRequest,
        ),
        (
            400,
            orgs,
            "E0000172",
            vec![],
            DiagnosisCode::SubdomainTooLong,
        ),
        (
            400,
            orgs,
            "E0000001",
            vec!["subdomain: The field cannot be left blank"],
            DiagnosisCode::ValidationFailed,
        ),
        (
            401,
            orgs,
            "E0000011",
            vec![],
            DiagnosisCode::OrgApiTokenRejected,
        ),
        (
            403,
            orgs,
            "E0000006",
            vec![],
            DiagnosisCode::PermissionDenied,
        ),
        (
            403,
            orgs,
            "E0000006",
            vec!["This org does not have the Org Creator permission."],
            DiagnosisCode::OrgCreatorNotAllowed,
        ),
        (
            404,
            consent,
            "E0000007",
            vec![],
            DiagnosisCode::ConsentNotGranted,
        ),
        (
            400,
            "https://acme-eu.okta.com/api/v1/org/privacy/aerial/grant",
            "E0000001",
            vec!["The org already has a consent grant added to Aerial."],
            DiagnosisCode::ConsentAlreadyGranted,
        ),
        (
            400,
            "https://acme-eu.okta.com/api/v1/org/privacy/aerial/grant",
            "E0000001",
            vec!["Invalid aerial account ID."],
            DiagnosisCode::InvalidAccountId,
        ),
        (
            400,
            "https://acme-eu.okta.com/api/v1/org/privacy/aerial/grant",
            "E0000001",
            vec![
                "A child org inherits Aerial consent from its parent org and cannot grant or revoke it directly.",
            ],
            DiagnosisCode::ConsentInheritedFromParent,
        ),
        (
            400,
            "https://acme-eu.okta.com/api/v1/org/privacy/aerial/revoke",
            "E0000001",
            vec!["The org is already linked to an Account."],
            DiagnosisCode::ConsentRevokeLinkedOrg,
        ),
    ];
    for (status, url, code, causes, expected) in cases {
        let error = okta_error(status, url, code, "summary", &causes);
        assert_eq!(code_of(error), expected, "{url} {code} {causes:?}");
    }
}

#[test]
fn insufficient_scope_header_without_body() {
    let body = ErrorBody::OAuth(OAuthErrorBody {
        error: "insufficient_scope".into(),
        error_description: Some(
            "The access token provided does not contain the required scopes.".into(),
        ),
    });
    let error = api(403, "PUT", AERIAL_URL, body);
    let diagnosis = diagnose(&Error::from(error), &context());
    assert_eq!(diagnosis.code, DiagnosisCode::MissingScope);
    assert_eq!(
        diagnosis.fix,
        "Grant okta.accounts.manage on the Okta API Scopes tab of app 0oaapp in acme-aerial.okta.com, then try again."
    );
}

#[test]
fn unknown_error_keeps_okta_summary_and_id() {
    let error = okta_error(418, AERIAL_URL, "E0000999", "Something new happened.", &[]);
    let diagnosis = diagnose(&Error::from(error), &context());
    assert_eq!(diagnosis.code, DiagnosisCode::Unknown);
    assert!(
        diagnosis.cause.contains("\"Something new happened.\""),
        "{}",
        diagnosis.cause
    );
    assert!(diagnosis.fix.contains("oae123"), "{}", diagnosis.fix);
    assert_eq!(diagnosis.okta.error_id.as_deref(), Some("oae123"));
    assert!(diagnosis.to_string().contains("Okta error ID oae123"));
}

#[test]
fn undocumented_token_error_is_unknown() {
    let diagnosis = diagnose(&Error::from(oauth(400, "server_error", "Odd.")), &context());
    assert_eq!(diagnosis.code, DiagnosisCode::Unknown);
    assert!(diagnosis.cause.contains("\"Odd.\""), "{}", diagnosis.cause);
}

fn transport(kind: TransportKind, maybe_processed: bool) -> Error {
    Error::Transport {
        method: "POST".into(),
        url: AERIAL_URL.into(),
        reason: "error sending request".into(),
        kind,
        maybe_processed,
    }
}

#[test]
fn client_side_errors_have_their_codes() {
    let cases = [
        (transport(TransportKind::Dns, false), DiagnosisCode::HostNotFound),
        (transport(TransportKind::ConnectionRefused, false), DiagnosisCode::ConnectionRefused),
        (transport(TransportKind::Tls, false), DiagnosisCode::SecureConnectionFailed),
        (transport(TransportKind::Timeout, true), DiagnosisCode::TimedOut),
        (transport(TransportKind::ConnectionDropped, true), DiagnosisCode::ConnectionLost),
        (transport(TransportKind::Other, false), DiagnosisCode::NetworkFailed),
        (Error::InvalidUrl { value: "http://acme.okta.com".into(), reason: "plain http is accepted only for loopback hosts (127.0.0.1, ::1, localhost, *.localhost); use https://acme.okta.com".into() }, DiagnosisCode::InsecureAddress),
        (Error::InvalidUrl { value: "acme okta".into(), reason: "invalid domain character; enter a domain such as acme.okta.com".into() }, DiagnosisCode::InvalidAddress),
        (Error::InvalidArgument { name: "limit", value: "500".into(), reason: "between 1 and 100".into() }, DiagnosisCode::InvalidValue),
        (Error::HttpClient { reason: "no certificates".into() }, DiagnosisCode::NetworkSetupFailed),
        (Error::InvalidResponse { method: "GET".into(), url: AERIAL_URL.into(), status: 200, reason: "expected value".into(), body: "<html>".into() }, DiagnosisCode::UnexpectedResponse),
        (Error::ForeignNextLink { url: "https://elsewhere.example/x".into(), expected_origin: "https://aerial-apac.okta.com".into() }, DiagnosisCode::ForeignNextLink),
        (Error::OrgNotReady { org: "https://acme-new.okta.com".into(), waited: Duration::from_secs(120), last_error: "HTTP 503".into() }, DiagnosisCode::OrgNotReady),
        (Error::VerificationFailed { subject: "products".into(), expected: "P000052".into(), found: "".into() }, DiagnosisCode::ChangeNotConfirmed),
        (Error::OrgCreatedResponseLost { subdomain: "acme-new".into(), reason: "timed out".into() }, DiagnosisCode::OrgCreationResponseLost),
        (Error::Key(okta::KeyError::PassphraseRequired), DiagnosisCode::KeyProblem),
    ];
    for (error, expected) in cases {
        let diagnosis = diagnose(&error, &context());
        assert_eq!(diagnosis.code, expected, "{error}");
        assert_eq!(diagnosis.okta, OktaDetails::default(), "{error}");
    }
}

#[test]
fn unknown_org_link_fix_names_cell() {
    let link = okta_error(
        404,
        "https://aerial-apac.okta.com/0227acct/api/v1/orgs",
        "E0000007",
        "Not found: Resource not found: acme-eu.okta.com (Org)",
        &[],
    );
    let mut read = link.clone();
    read.method = "GET".into();
    read.url = "https://aerial-apac.okta.com/0227acct/api/v1/orgs/00oX".into();

    let linking = diagnose(&Error::from(link), &context());
    let reading = diagnose(&Error::from(read), &context());

    assert_eq!(linking.code, DiagnosisCode::NotFound);
    assert!(linking.fix.contains("its cell"), "{}", linking.fix);
    assert!(
        !linking.fix.contains("linked to this Aerial account"),
        "{}",
        linking.fix
    );
    assert!(
        reading.fix.contains("linked to this Aerial account"),
        "{}",
        reading.fix
    );
}

#[test]
fn failed_tls_first_suggests_the_scheme() {
    let diagnosis = diagnose(&transport(TransportKind::Tls, false), &context());

    let scheme = diagnosis
        .fix
        .find("http://")
        .expect("the fix names http://");
    let clock = diagnosis
        .fix
        .find("date and time")
        .expect("the fix names the clock");
    assert!(scheme < clock, "the scheme comes first: {}", diagnosis.fix);
}

#[test]
fn lost_token_response_needs_no_check() {
    let error = Error::Transport {
        method: "POST".into(),
        url: TOKEN_URL.into(),
        reason: "connection closed before message completed".into(),
        kind: TransportKind::ConnectionDropped,
        maybe_processed: true,
    };
    let diagnosis = diagnose(&error, &context());
    assert_eq!(diagnosis.code, DiagnosisCode::ConnectionLost);
    assert_eq!(diagnosis.fix, "Try again.");
}

#[test]
fn lost_post_response_says_check_first() {
    let diagnosis = diagnose(
        &transport(TransportKind::ConnectionDropped, true),
        &context(),
    );
    assert!(
        diagnosis.fix.contains("reload and check the result"),
        "{}",
        diagnosis.fix
    );
}

#[test]
fn transport_kind_wins_over_message_wording() {
    let error = Error::Transport {
        method: "GET".into(),
        url: AERIAL_URL.into(),
        reason: "dns error: connection refused: certificate: timed out".into(),
        kind: TransportKind::Dns,
        maybe_processed: false,
    };
    let diagnosis = diagnose(&error, &context());
    assert_eq!(diagnosis.code, DiagnosisCode::HostNotFound);
    assert_eq!(
        diagnosis.cause,
        "The address aerial-apac.okta.com could not be found."
    );
}

fn rejected_with(challenge: &str) -> ApiError {
    let body = ErrorBody::Okta(OktaErrorBody {
        error_code: "E0000011".into(),
        error_summary: "Invalid token provided".into(),
        error_link: None,
        error_id: Some("oae401".into()),
        error_causes: Vec::new(),
    });
    ApiError {
        challenge: AuthChallenge::parse(challenge),
        ..api(401, "GET", AERIAL_URL, body)
    }
}

#[test]
fn access_token_challenges_have_their_codes() {
    let cases = [
        (
            r#"Bearer error="invalid_token", error_description="The access token is expired.""#,
            DiagnosisCode::AccessTokenExpired,
        ),
        (
            r#"Bearer error="invalid_token", error_description="The access token is invalid.""#,
            DiagnosisCode::AccessTokenInvalid,
        ),
        (
            r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof.""#,
            DiagnosisCode::DpopNonceRequired,
        ),
        (r#"Bearer realm="x""#, DiagnosisCode::AccessTokenRejected),
    ];
    for (challenge, expected) in cases {
        let diagnosis = diagnose(&Error::from(rejected_with(challenge)), &context());
        assert_eq!(diagnosis.code, expected, "{challenge}");
        assert_eq!(diagnosis.okta.error_id.as_deref(), Some("oae401"));
    }
}

#[test]
fn challenge_error_shows_in_details() {
    let error = rejected_with(
        r#"Bearer error="invalid_token", error_description="The access token is expired.""#,
    );
    let details = diagnose(&Error::from(error), &context()).okta;
    assert_eq!(details.error_code.as_deref(), Some("E0000011"));
    assert_eq!(details.oauth_error.as_deref(), Some("invalid_token"));
    assert_eq!(
        details.oauth_description.as_deref(),
        Some("The access token is expired.")
    );
}

#[test]
fn missing_context_uses_generic_names() {
    let scope_text = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.";
    let error = oauth(400, "invalid_scope", scope_text);
    let diagnosis = diagnose(&Error::from(error), &DiagnosisContext::default());
    assert_eq!(
        diagnosis.fix,
        "Grant okta.accounts.read or okta.accounts.manage on the Okta API Scopes tab of your API service app in your Aerial org."
    );
}

#[test]
fn code_serializes_as_snake_case() {
    let json = serde_json::to_string(&DiagnosisCode::ScopeNotGranted).unwrap();
    assert_eq!(json, "\"scope_not_granted\"");
}
