//! A table of malformed requests, sent byte for byte over a raw TCP connection so paths with
//! `..`, missing Host headers and broken bodies reach the server unchanged. Each must get an
//! Okta-shaped error and never a panic or a plain-text rejection.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

/// The parts of a raw HTTP/1.1 response the table checks.
struct RawReply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawReply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request with `Connection: close` and reads the whole response.
async fn raw(port: u16, head: &str, body: &[u8]) -> RawReply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let mut request = head.replace('\n', "\r\n").into_bytes();
    request.extend_from_slice(body);
    stream.write_all(&request).await.unwrap();

    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).await.unwrap();

    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response has a head");
    let head = String::from_utf8_lossy(&bytes[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|line| {
            line.split_once(": ")
                .map(|(n, v)| (n.to_string(), v.to_string()))
        })
        .collect();
    RawReply {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}

/// One malformed request and the error it must get.
struct Case {
    name: &'static str,
    method: &'static str,
    host: Option<&'static str>,
    path: String,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    /// Okta `errorCode`, or the OAuth `error` for the token endpoint.
    code: &'static str,
}

// One argument per table column keeps every row of the table on one line.
#[allow(clippy::too_many_arguments)]
fn case(
    name: &'static str,
    method: &'static str,
    host: Option<&'static str>,
    path: &str,
    content_type: Option<&'static str>,
    body: &[u8],
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        name,
        method,
        host,
        path: path.to_string(),
        content_type,
        body: body.to_vec(),
        status,
        code,
    }
}

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const AERIAL: Option<&str> = Some(AERIAL_HOST);
const ORG: Option<&str> = Some(AERIAL_ORG);
const HR: Option<&str> = Some("northwind-hr.sim.localhost");
const EU: Option<&str> = Some("northwind-eu.sim.localhost");

fn cases() -> Vec<Case> {
    let account = |rest: &str| format!("/{ACCOUNT}/api/v1{rest}");
    let eu_products = account("/orgs/00onweu0000000000002/products");
    let eu_status = account("/orgs/00onweu0000000000002/status");
    let huge = vec![b'a'; 1024 * 1024 + 10];
    vec![
        case(
            "truncated JSON",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"{\"name\":",
            400,
            "E0000003",
        ),
        case(
            "JSON with trailing garbage",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"{\"name\":\"a\"} x",
            400,
            "E0000003",
        ),
        case(
            "text/plain body",
            "PUT",
            AERIAL,
            &account("/accounts"),
            Some("text/plain"),
            b"name=a",
            415,
            "E0000003",
        ),
        case(
            "form body on a JSON endpoint",
            "POST",
            AERIAL,
            &account("/orgs"),
            FORM,
            b"orgId=x&cell=ok1",
            415,
            "E0000003",
        ),
        case(
            "empty body without content type",
            "PUT",
            AERIAL,
            &account("/accounts"),
            None,
            b"",
            400,
            "E0000003",
        ),
        case(
            "empty JSON body",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"",
            400,
            "E0000003",
        ),
        case(
            "invalid UTF-8 in JSON",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"{\"name\":\"\xff\xfe\"}",
            400,
            "E0000003",
        ),
        case(
            "account name of wrong type",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"{\"name\":5}",
            400,
            "E0000001",
        ),
        case(
            "account body as array",
            "PUT",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"[]",
            400,
            "E0000001",
        ),
        case(
            "status null",
            "PUT",
            AERIAL,
            &eu_status,
            JSON,
            b"{\"status\":null}",
            400,
            "E0000001",
        ),
        case(
            "status body JSON null",
            "PUT",
            AERIAL,
            &eu_status,
            JSON,
            b"null",
            400,
            "E0000001",
        ),
        case(
            "status in lowercase",
            "PUT",
            AERIAL,
            &eu_status,
            JSON,
            b"{\"status\":\"active\"}",
            400,
            "E0000001",
        ),
        case(
            "products body as string",
            "PUT",
            AERIAL,
            &eu_products,
            JSON,
            b"\"P000052\"",
            400,
            "E0000001",
        ),
        case(
            "product without id",
            "PUT",
            AERIAL,
            &eu_products,
            JSON,
            b"[{\"name\":\"SSO\"}]",
            400,
            "E0000001",
        ),
        case(
            "products as numbers",
            "PUT",
            AERIAL,
            &eu_products,
            JSON,
            b"[1,2]",
            400,
            "E0000001",
        ),
        case(
            "link orgId of wrong type",
            "POST",
            AERIAL,
            &account("/orgs"),
            JSON,
            b"{\"orgId\":5,\"cell\":\"ok1\"}",
            400,
            "E0000001",
        ),
        case(
            "link body as array",
            "POST",
            AERIAL,
            &account("/orgs"),
            JSON,
            b"[]",
            400,
            "E0000003",
        ),
        case(
            "oversized body",
            "POST",
            AERIAL,
            &account("/orgs"),
            JSON,
            &huge,
            413,
            "E0000003",
        ),
        case(
            "dot-dot segment in org ID",
            "GET",
            AERIAL,
            &account("/orgs/../accounts"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "encoded dot-dot org ID",
            "GET",
            AERIAL,
            &account("/orgs/%2e%2e/products"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "encoded slash in org ID",
            "GET",
            AERIAL,
            &account("/orgs/00onweu%2F0000000000002"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "invalid UTF-8 in org ID",
            "GET",
            AERIAL,
            &account("/orgs/%ff%fe"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "trailing slash",
            "GET",
            AERIAL,
            &account("/orgs/"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "double slash",
            "GET",
            AERIAL,
            &format!("//{ACCOUNT}/api/v1/orgs"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "unknown Aerial path",
            "GET",
            AERIAL,
            &account("/widgets"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "org path on the Aerial host",
            "GET",
            AERIAL,
            "/api/v1/groups",
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "Aerial path on an org host",
            "GET",
            ORG,
            &account("/orgs"),
            None,
            b"",
            404,
            "E0000007",
        ),
        case("root path", "GET", ORG, "/", None, b"", 404, "E0000007"),
        case(
            "very long path",
            "GET",
            ORG,
            &format!("/{}", "a".repeat(8000)),
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "unknown host",
            "GET",
            Some("nobody.sim.localhost"),
            "/api/v1/groups",
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "missing Host header",
            "GET",
            None,
            "/api/v1/groups",
            None,
            b"",
            404,
            "E0000007",
        ),
        case(
            "DELETE on the org list",
            "DELETE",
            AERIAL,
            &account("/orgs"),
            None,
            b"",
            405,
            "E0000022",
        ),
        case(
            "PATCH on the account",
            "PATCH",
            AERIAL,
            &account("/accounts"),
            JSON,
            b"{}",
            405,
            "E0000022",
        ),
        case(
            "GET on the token endpoint",
            "GET",
            ORG,
            "/oauth2/v1/token",
            None,
            b"",
            405,
            "E0000022",
        ),
        case(
            "PUT on consent grant",
            "PUT",
            ORG,
            "/api/v1/org/privacy/aerial/grant",
            JSON,
            b"{}",
            405,
            "E0000022",
        ),
        case(
            "token request as JSON",
            "POST",
            ORG,
            "/oauth2/v1/token",
            JSON,
            b"{\"grant_type\":\"client_credentials\"}",
            400,
            "invalid_request",
        ),
        case(
            "token request without body",
            "POST",
            ORG,
            "/oauth2/v1/token",
            FORM,
            b"",
            400,
            "invalid_request",
        ),
        case(
            "token request with broken percent escape",
            "POST",
            ORG,
            "/oauth2/v1/token",
            FORM,
            b"grant_type=%zz",
            400,
            "unsupported_grant_type",
        ),
        case(
            "token request with binary body",
            "POST",
            ORG,
            "/oauth2/v1/token",
            FORM,
            b"\x00\x01\xff=\xfe",
            400,
            "invalid_request",
        ),
        case(
            "consent grant with array accountId",
            "POST",
            EU,
            "/api/v1/org/privacy/aerial/grant",
            JSON,
            b"{\"accountId\":[]}",
            400,
            "E0000001",
        ),
        case(
            "group profile as string",
            "POST",
            HR,
            "/api/v1/groups",
            JSON,
            b"{\"profile\":\"x\"}",
            400,
            "E0000001",
        ),
        case(
            "empty app body",
            "POST",
            HR,
            "/api/v1/apps",
            JSON,
            b"{}",
            400,
            "E0000001",
        ),
        case(
            "Org Creator body as string",
            "POST",
            EU,
            "/api/v1/orgs",
            JSON,
            b"\"org\"",
            400,
            "E0000003",
        ),
        case(
            "Org Creator subdomain as number",
            "POST",
            EU,
            "/api/v1/orgs",
            JSON,
            b"{\"subdomain\":7}",
            400,
            "E0000001",
        ),
        case(
            "limit in exponent form",
            "GET",
            AERIAL,
            &account("/orgs?limit=1e3"),
            None,
            b"",
            400,
            "E0000001",
        ),
        case(
            "unterminated filter string",
            "GET",
            AERIAL,
            &account("/orgs?filter=status%20eq%20%22A"),
            None,
            b"",
            400,
            "E0000031",
        ),
        case(
            "fault with unknown kind",
            "POST",
            AERIAL,
            "/__sim/faults",
            JSON,
            b"{\"kind\":\"explode\"}",
            400,
            "E0000003",
        ),
        case(
            "clock offset as text",
            "PUT",
            AERIAL,
            "/__sim/clock",
            JSON,
            b"{\"offsetSeconds\":\"soon\"}",
            400,
            "E0000001",
        ),
        case(
            "client with jwks as object",
            "POST",
            AERIAL,
            "/__sim/clients",
            JSON,
            b"{\"orgDomain\":\"northwind-aerial.sim.localhost\",\"clientId\":\"c\",\"jwks\":{}}",
            400,
            "E0000001",
        ),
    ]
}

fn authorization(case: &Case, aerial: &str) -> String {
    let token = match case.host {
        Some(host) if host == AERIAL_HOST => aerial.to_string(),
        Some(host) => format!("SSWS {}", demo_api_token(host.split('.').next().unwrap())),
        None => return String::new(),
    };
    format!("Authorization: {token}\n")
}

#[tokio::test]
async fn malformed_inputs_get_okta_errors() {
    let t = TestSim::demo().await;
    let token = format!(
        "Bearer {}",
        t.aerial_token("okta.accounts.manage okta.accounts.read")
            .await
    );
    let table = cases();
    assert!(table.len() >= 30);
    for case in table {
        let host = case
            .host
            .map(|h| format!("Host: {h}:{}\n", t.sim.port()))
            .unwrap_or_default();
        let content_type = case
            .content_type
            .map(|c| format!("Content-Type: {c}\n"))
            .unwrap_or_default();
        let head = format!(
            "{} {} HTTP/1.1\n{host}{content_type}{}Content-Length: {}\nConnection: close\n\n",
            case.method,
            case.path,
            authorization(&case, &token),
            case.body.len(),
        );
        let reply = raw(t.sim.port(), &head, &case.body).await;
        assert_eq!(
            reply.status,
            case.status,
            "{}: {}",
            case.name,
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(
            reply.header("content-type"),
            Some("application/json"),
            "{}",
            case.name
        );
        // The control API is the emulator's own and carries no Okta rate-limit headers.
        let okta_route = !case.path.starts_with("/__sim/");
        for header in [
            "x-rate-limit-limit",
            "x-rate-limit-remaining",
            "x-rate-limit-reset",
        ] {
            if okta_route {
                assert!(reply.header(header).is_some(), "{}: {header}", case.name);
            }
        }
        let body: Value = serde_json::from_slice(&reply.body)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e})", case.name));
        let code = body.get("errorCode").or_else(|| body.get("error"));
        assert_eq!(
            code.and_then(Value::as_str),
            Some(case.code),
            "{}: {body}",
            case.name
        );
        if body.get("errorCode").is_some() {
            assert!(
                body["errorId"]
                    .as_str()
                    .is_some_and(|id| id.starts_with("oae")),
                "{}",
                case.name
            );
            assert!(body["errorSummary"].is_string(), "{}", case.name);
            assert!(body["errorCauses"].is_array(), "{}", case.name);
        } else {
            assert!(body["error_description"].is_string(), "{}", case.name);
        }
    }
    let after = t.get_with(&t.aerial("/accounts"), &token[7..]).await;
    assert_eq!(after.status.as_u16(), 200, "the server still answers");
}
