//! Malformed responses from the Aerial service: a small loopback server started by the test
//! returns one canned response to every request, while tokens still come from okta-sim.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use serde_json::{Value, json};

use crate::support::{Aerial, READ, Sim};

/// Serves `response` (a whole HTTP/1.1 response, with `{port}` replaced by the server's port)
/// to every request on 127.0.0.1 until the test process ends. Returns the port.
fn serve_forever(response: &str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let port = listener.local_addr().expect("an address").port();
    let response = response.replace("{port}", &port.to_string());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|read| read > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = stream.write_all(response.as_bytes());
        }
    });
    port
}

fn response(status: &str, headers: &[&str], body: &str) -> String {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

const JSON: &str = "Content-Type: application/json";

struct Row {
    response: String,
    args: &'static [&'static str],
    code: i32,
    phrase: &'static str,
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            response: response("200 OK", &[JSON], "{not json"),
            args: &["account", "show"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response(
                "200 OK",
                &["Content-Type: text/html"],
                "<html>Sign in to the proxy</html>",
            ),
            args: &["orgs", "list"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response("200 OK", &[JSON], "{\"orgs\": []}"),
            args: &["orgs", "list"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response("200 OK", &[JSON], "[{\"id\":\"00o1\""),
            args: &["products", "list"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response("200 OK", &[JSON], "[{\"name\":\"no id\"}]"),
            args: &["orgs", "list"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response("200 OK", &[JSON], ""),
            args: &["orgs", "show", "00oabc"],
            code: 1,
            phrase: "not in the expected form",
        },
        Row {
            response: response(
                "200 OK",
                &[
                    JSON,
                    "Link: <http://elsewhere.localhost:{port}/x/api/v1/orgs?after=2>; rel=\"next\"",
                ],
                "[]",
            ),
            args: &["orgs", "list"],
            code: 1,
            phrase: "outside",
        },
        Row {
            response: response("404 Not Found", &[], ""),
            args: &["orgs", "show", "00oabc"],
            code: 1,
            phrase: "What to do:",
        },
        Row {
            response: response(
                "400 Bad Request",
                &[JSON],
                "{\"errorCode\": null, \"errorSummary\": 7}",
            ),
            args: &["account", "show"],
            code: 1,
            phrase: "HTTP 400",
        },
        Row {
            response: response("403 Forbidden", &[JSON], "{\"error\": \"\"}"),
            args: &["products", "list"],
            code: 1,
            phrase: "What to do:",
        },
        Row {
            response: response(
                "400 Bad Request",
                &[JSON],
                r#"{"errorCode": "E0000001", "errorSummary": "bad \u001b[2J summary", "errorId": "oae1"}"#,
            ),
            args: &["orgs", "show", "00oabc"],
            code: 1,
            phrase: "oae1",
        },
    ]
}

#[test]
#[ignore = "needs a Secret Service: run under scripts/with-keychain.sh available"]
fn malformed_responses_are_diagnosed() {
    let sim = Sim::demo();
    let aerial = Aerial::with_keychain();
    aerial.connected_profile(&sim, "malformed", "0oamalformed0000001", &[READ]);
    let file = aerial.config_dir().join("profiles.json");

    for row in rows() {
        let port = serve_forever(&row.response);
        let mut profiles: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        profiles["profiles"][0]["aerialService"] = json!(format!("http://127.0.0.1:{port}"));
        std::fs::write(&file, profiles.to_string()).unwrap();

        let run = aerial.run(row.args);
        let first_line = row.response.lines().next().unwrap_or_default().to_owned();
        assert_eq!(
            run.code, row.code,
            "{first_line} for {:?}: {run:#?}",
            row.args
        );
        assert!(
            run.stderr.contains(row.phrase),
            "{first_line} for {:?}: stderr lacks {:?}: {run:#?}",
            row.args,
            row.phrase
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{first_line} for {:?}: {run:#?}",
            row.args
        );
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{first_line} for {:?}: an escape sequence reached the terminal: {run:#?}",
            row.args
        );
    }
}

#[test]
#[ignore = "needs a Secret Service: run under scripts/with-keychain.sh available"]
fn connect_test_output_has_no_escapes() {
    let sim = Sim::demo();
    let aerial = Aerial::with_keychain();
    aerial.connected_profile(&sim, "escapes", "0oaescapes000000001", &[READ]);
    let file = aerial.config_dir().join("profiles.json");
    let account = r#"{"id": "0227nwdemo8ulgt48bkidcd8ekq", "name": "Evil \u001b[2J account"}"#;
    let port = serve_forever(&response("200 OK", &[JSON], account));
    let mut profiles: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    profiles["profiles"][0]["aerialService"] = json!(format!("http://127.0.0.1:{port}"));
    std::fs::write(&file, profiles.to_string()).unwrap();

    let run = aerial.run(&["connect", "test"]);
    assert!(
        run.stdout.contains("Evil \u{fffd}[2J account"),
        "the account step quotes the name: {run:#?}"
    );
    assert!(
        !run.stdout.contains('\u{1b}'),
        "an escape sequence reached the terminal: {run:#?}"
    );
}
