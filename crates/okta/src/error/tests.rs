use reqwest::header::{HeaderMap, HeaderValue};

use super::*;

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(*name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn parse(status: u16, headers: &HeaderMap, body: &str) -> ApiError {
    let status = StatusCode::from_u16(status).unwrap();
    ApiError::from_parts(
        "GET",
        "https://aerial.okta.com/a/api/v1/orgs",
        status,
        headers,
        body.as_bytes(),
    )
}

#[test]
fn okta_error_object_is_parsed() {
    let body = r#"{"errorCode":"E0000001","errorSummary":"Api validation failed: orgId",
        "errorLink":"E0000001","errorId":"oaeXYZ","errorCauses":[{"errorSummary":"Invalid aerial account ID."}]}"#;
    let err = parse(400, &HeaderMap::new(), body);
    assert_eq!(err.error_code(), Some("E0000001"));
    assert_eq!(err.error_id(), Some("oaeXYZ"));
    assert!(err.has_cause("Invalid aerial account ID."));
    let message = err.to_string();
    assert!(message.contains("HTTP 400"), "{message}");
    assert!(message.contains("errorId oaeXYZ"), "{message}");
}

#[test]
fn okta_error_with_unusual_causes_keeps_its_code() {
    let body = r#"{"errorCode":"E0000001","errorSummary":null,"errorId":null,
        "errorCauses":[{"reason":"too long","location":"name"},{"errorSummary":"Name too long."}]}"#;
    let err = parse(400, &HeaderMap::new(), body);
    assert_eq!(err.error_code(), Some("E0000001"));
    assert!(err.has_cause("Name too long."));
    assert!(
        err.has_cause("too long"),
        "a cause without errorSummary is kept as text"
    );
}

#[test]
fn oauth_error_is_parsed() {
    let body = r#"{"error":"invalid_client","error_description":"The client_assertion JWT kid is invalid."}"#;
    let err = parse(401, &HeaderMap::new(), body);
    assert_eq!(err.oauth_error(), Some("invalid_client"));
    assert_eq!(
        err.oauth_description(),
        Some("The client_assertion JWT kid is invalid.")
    );
}

#[test]
fn www_authenticate_read_for_empty_body() {
    let value = r#"DPoP algs="ES256 RS256", error="invalid_dpop_proof", error_description="The DPoP proof JWT has already been used.""#;
    let err = parse(401, &headers(&[("www-authenticate", value)]), "");
    assert_eq!(err.oauth_error(), Some("invalid_dpop_proof"));
    assert_eq!(
        err.oauth_description(),
        Some("The DPoP proof JWT has already been used.")
    );
}

#[test]
fn www_authenticate_handles_unquoted_and_escaped_values() {
    let parsed =
        AuthChallenge::parse(r#"Bearer error=invalid_token, error_description="say \"hi\"""#)
            .unwrap();
    assert_eq!(parsed.error.as_deref(), Some("invalid_token"));
    assert_eq!(parsed.error_description.as_deref(), Some("say \"hi\""));
    let without_error = AuthChallenge::parse("Bearer realm=\"x\"").unwrap();
    assert!(without_error.oauth_error().is_none());
}

#[test]
fn html_error_page_is_kept_redacted() {
    let body = "<html><body>502 Bad Gateway token=00secretvalue</body></html>";
    let err = parse(502, &HeaderMap::new(), body);
    let ErrorBody::Unparsed(raw) = &err.body else {
        panic!("expected raw body, got {:?}", err.body)
    };
    assert!(raw.contains("502 Bad Gateway"), "{raw}");
    assert!(!raw.contains("00secretvalue"), "{raw}");
}

#[test]
fn truncated_json_is_kept_redacted_and_cut() {
    let body = format!(
        r#"{{"access_token":"eyJa.eyJb.sig","padding":"{}"#,
        "x".repeat(5000)
    );
    let err = parse(500, &HeaderMap::new(), &body);
    let ErrorBody::Unparsed(raw) = &err.body else {
        panic!("expected raw body")
    };
    assert!(!raw.contains("eyJa"), "{raw}");
    assert!(
        raw.len() < 2100,
        "raw body is cut to about 2 KiB, got {}",
        raw.len()
    );
}

#[test]
fn empty_body_is_reported_as_empty() {
    let err = parse(500, &HeaderMap::new(), "  ");
    assert_eq!(err.body, ErrorBody::Empty);
}

#[test]
fn server_date_gives_clock_offset() {
    let ahead = SystemTime::now() + Duration::from_secs(600);
    let date = httpdate::fmt_http_date(ahead);
    let err = parse(401, &headers(&[("date", &date)]), "{}");
    assert_eq!(err.server_date.as_deref(), Some(date.as_str()));
    let offset = err.clock_offset_seconds.unwrap();
    assert!((598..=600).contains(&offset), "offset {offset}");
}

#[test]
fn rate_limit_wait_uses_server_date() {
    let date = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000));
    let wait = rate_limit_wait(&headers(&[
        ("date", &date),
        ("x-rate-limit-reset", "1000007"),
    ]));
    assert_eq!(wait, Some(Duration::from_secs(7)));
    assert_eq!(rate_limit_wait(&HeaderMap::new()), None);
}
