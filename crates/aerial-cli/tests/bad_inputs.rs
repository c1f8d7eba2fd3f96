//! Bad inputs that `aerial` must reject with a clear message and a non-zero exit code, never a
//! panic. Every row fails before the keychain is reached, so this test needs no keychain; the
//! D-Bus session address points nowhere in case one does.

mod support;

use serde_json::json;
use support::{ACCOUNT, AERIAL_HOST, AERIAL_ORG_HOST, Aerial, fixtures, profile_file};

const PORT: u16 = 4010;

/// One bad input: the arguments, the exit code, and a phrase the message must contain.
struct Row {
    args: Vec<String>,
    code: i32,
    phrase: &'static str,
}

fn row(args: &[&str], code: i32, phrase: &'static str) -> Row {
    Row {
        args: args.iter().map(|arg| arg.to_string()).collect(),
        code,
        phrase,
    }
}

/// `aerial profile add` with valid values, except that `field` is replaced with `value`.
fn profile_add(field: &str, value: &str) -> Vec<String> {
    let aerial_service = format!("http://{AERIAL_HOST}:{PORT}");
    let aerial_org = format!("http://{AERIAL_ORG_HOST}:{PORT}");
    let mut fields = vec![
        ("name", "table test".to_owned()),
        ("--environment", "custom".to_owned()),
        ("--aerial-service", aerial_service),
        ("--account-id", ACCOUNT.to_owned()),
        ("--aerial-org", aerial_org),
        ("--client-id", "0oatableclient00001".to_owned()),
    ];
    for (name, current) in &mut fields {
        if *name == field {
            *current = value.to_owned();
        }
    }
    let mut args = vec!["profile".to_owned(), "add".to_owned()];
    for (name, value) in fields {
        if name != "name" {
            args.push(name.to_owned());
        }
        args.push(value);
    }
    args
}

/// `aerial profile add` with a production environment and `domain` as the Aerial org.
fn production_org(domain: &str) -> Vec<String> {
    let mut args = profile_add("--environment", "production");
    let position = args
        .iter()
        .position(|arg| arg == "--aerial-service")
        .expect("present");
    args.drain(position..position + 2);
    let org = args
        .iter()
        .position(|arg| arg == "--aerial-org")
        .expect("present")
        + 1;
    args[org] = domain.to_owned();
    args
}

/// `aerial profile add` importing the fixture `file`.
fn import(file: &str) -> Vec<String> {
    let mut args = profile_add("name", "pem test");
    args.push("--key-file".to_owned());
    args.push(fixtures().join(file).display().to_string());
    args
}

fn owned(args: Vec<String>, code: i32, phrase: &'static str) -> Row {
    Row { args, code, phrase }
}

fn rows() -> Vec<Row> {
    let huge = "a".repeat(5000);
    let huge_id: &'static str = Box::leak("0".repeat(65).into_boxed_str());
    vec![
        // Org domains, checked while the command line is parsed.
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "https://acme.okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "remove the scheme",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "acme.okta.com/admin",
                "--cell",
                "ok1",
            ],
            2,
            "remove the path",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "acme.okta.com:443",
                "--cell",
                "ok1",
            ],
            2,
            "remove the port",
        ),
        row(
            &["orgs", "link", "--domain", "acme okta.com", "--cell", "ok1"],
            2,
            "whitespace",
        ),
        row(
            &["orgs", "link", "--domain", "аcme.okta.com", "--cell", "ok1"],
            2,
            "looks like the ASCII 'a'",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "acme\u{200b}.okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "invisible character U+200B",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "xn--acme-9za.okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "internationalized (xn--)",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "acme-admin.okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "Admin Console domain",
        ),
        row(
            &["orgs", "link", "--domain", "10.0.0.1", "--cell", "ok1"],
            2,
            "IP address",
        ),
        row(
            &["orgs", "link", "--domain", "", "--cell", "ok1"],
            2,
            "it is empty",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "admin@acme.okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "user name",
        ),
        row(
            &[
                "orgs",
                "link",
                "--domain",
                "acme..okta.com",
                "--cell",
                "ok1",
            ],
            2,
            "empty part between dots",
        ),
        owned(
            vec![
                "orgs".into(),
                "link".into(),
                "--domain".into(),
                format!("{huge}.okta.com"),
                "--cell".into(),
                "ok1".into(),
            ],
            2,
            "characters long",
        ),
        // Org IDs, cells and product IDs.
        row(&["orgs", "show", "00o/../accounts"], 2, "contains a slash"),
        row(&["orgs", "show", "00o..x"], 2, "contains \"..\""),
        row(&["orgs", "show", ""], 2, "the org ID is empty"),
        row(&["orgs", "show", huge_id], 2, "at most 64"),
        row(
            &["orgs", "status", "00o%2F", "inactive"],
            2,
            "use only ASCII letters and digits",
        ),
        row(
            &["orgs", "status", "00oabc", "deleted"],
            2,
            "invalid value 'deleted'",
        ),
        row(&["orgs", "delete-request", "00o\\x"], 2, "contains a slash"),
        row(
            &["orgs", "link", "--org-id", "00oabc", "--cell", "ok 1"],
            2,
            "use only ASCII letters and digits",
        ),
        row(&["orgs", "link", "--cell", "ok1"], 2, "--org-id"),
        row(
            &["org-products", "enable", "00oabc", "P000052/.."],
            2,
            "contains a slash",
        ),
        row(&["org-products", "disable", "00oabc"], 2, "PRODUCT"),
        row(&["org-products", "list", "00oаbc"], 2, "U+0430"),
        // Profile fields.
        owned(
            profile_add("name", ""),
            2,
            "Enter the profile name: it is empty",
        ),
        owned(profile_add("name", "team/prod"), 2, "Invalid profile name"),
        owned(profile_add("name", &huge), 2, "at most 64 are accepted"),
        owned(
            profile_add("--account-id", "0227/../x"),
            2,
            "Invalid account ID",
        ),
        owned(profile_add("--account-id", ""), 2, "it is empty"),
        owned(
            profile_add("--client-id", "0oa client"),
            2,
            "Invalid client ID",
        ),
        owned(
            profile_add("--aerial-service", "http://aerial.example.com"),
            2,
            "plain http is accepted only for loopback hosts",
        ),
        owned(
            profile_add("--aerial-service", "ftp://aerial.example.com"),
            2,
            "not supported",
        ),
        owned(
            profile_add("--aerial-service", "https://aerial.example.com/api"),
            2,
            "remove the path",
        ),
        owned(
            profile_add("--aerial-org", "http://10.1.2.3:8080"),
            2,
            "IP address",
        ),
        owned(
            production_org("https://acme-aerial.okta.com/"),
            2,
            "remove the scheme",
        ),
        owned(
            production_org("acme-aerial.okta.com:8443"),
            2,
            "remove the port",
        ),
        owned(
            profile_add("--environment", "staging"),
            2,
            "invalid value 'staging'",
        ),
        // PEM files of every wrong kind.
        owned(import("ec-p256-public.pem"), 2, "this is a public key"),
        owned(import("certificate.pem"), 2, "this is a certificate"),
        owned(import("encrypted.pem"), 2, "this private key is encrypted"),
        owned(import("legacy-encrypted.pem"), 2, "legacy PEM encryption"),
        owned(import("dsa.pem"), 2, "Okta does not accept"),
        owned(import("ed25519.pem"), 2, "Okta does not accept"),
        owned(import("truncated.pem"), 2, "cannot be imported"),
        owned(import("not-pem.txt"), 2, "no PEM block"),
        owned(import("empty.pem"), 2, "cannot be imported"),
        owned(import("rsa1024.pem"), 2, "at least 2048"),
        owned(import("ec-p384.pem"), 2, "not supported"),
        owned(import("openssh-key"), 2, "OpenSSH private key"),
        owned(import("no-such-file.pem"), 2, "Could not read the key file"),
        owned(import(""), 2, "Could not read the key file"),
        // Journal filters.
        row(
            &["journal", "list", "--since", "yesterday"],
            2,
            "not an RFC 3339 time",
        ),
        row(
            &["journal", "list", "--action", "unlink"],
            2,
            "invalid value 'unlink'",
        ),
        // Usage.
        row(&["orgs"], 2, "Usage"),
        row(
            &["orgs", "list", "--status", "gone"],
            2,
            "invalid value 'gone'",
        ),
    ]
}

#[test]
fn bad_inputs_are_rejected_clearly() {
    let rows = rows();
    assert!(rows.len() >= 40, "the table has {} rows", rows.len());

    let aerial = Aerial::without_keychain();
    for row in &rows {
        let args: Vec<&str> = row.args.iter().map(String::as_str).collect();
        let run = aerial.run(&args);
        let shown: Vec<String> = args
            .iter()
            .map(|arg| arg.chars().take(60).collect())
            .collect();
        assert_eq!(
            run.code, row.code,
            "aerial {shown:?} exited {}: {run:#?}",
            run.code
        );
        assert!(
            run.stderr.contains(row.phrase),
            "aerial {shown:?}: stderr lacks {:?}: {run:#?}",
            row.phrase
        );
        assert!(
            !run.stderr.contains("panicked"),
            "aerial {shown:?} panicked: {run:#?}"
        );
        assert!(
            !run.stderr.contains("Error {") && !run.stderr.contains("Os {"),
            "aerial {shown:?} printed a debug dump: {run:#?}"
        );
    }
}

#[test]
fn corrupt_profile_file_is_kept() {
    let aerial = Aerial::without_keychain();
    std::fs::create_dir_all(aerial.config_dir()).unwrap();
    let path = aerial.config_dir().join("profiles.json");
    std::fs::write(&path, "{\"version\": 1, \"profiles\": [").unwrap();

    for args in [
        vec!["profile", "list"],
        vec!["orgs", "list"],
        vec!["journal", "list"],
    ] {
        let run = aerial.run(&args);
        run.expect_code(3).expect_stderr("is damaged");
    }
    let kept = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        kept, "{\"version\": 1, \"profiles\": [",
        "the damaged file must stay as it was"
    );
}

#[test]
fn profile_file_with_bad_field_names_it() {
    let aerial = Aerial::without_keychain();
    let mut file = profile_file("broken", PORT);
    file["profiles"][0]["aerialService"] = json!("http://aerial.example.com");
    aerial.write_profiles(&file);

    let run = aerial.run(&["profile", "show"]);
    run.expect_code(3)
        .expect_stderr("plain http is accepted only for loopback hosts");
}

#[test]
fn keychain_failure_stops_profile_add() {
    let aerial = Aerial::without_keychain();
    let run = aerial.run(
        &profile_add("name", "no keychain")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    run.expect_code(4);
    assert!(
        !run.stderr.contains("could not be deleted"),
        "no key was stored, so there is nothing to clean up: {run:#?}"
    );
    let listed = aerial.run(&["profile", "list", "--json"]);
    listed.expect_ok();
    assert_eq!(
        listed.json(),
        json!([]),
        "no profile is saved when its key cannot be stored"
    );
}

#[test]
fn parent_org_address_is_checked() {
    let aerial = Aerial::without_keychain();
    aerial.write_profiles(&profile_file("parents", PORT));
    let cases: [(&[&str], &str); 4] = [
        (
            &["consent", "show", "--org", "http://parent.example.com"],
            "plain http is accepted only for loopback hosts",
        ),
        (
            &[
                "consent",
                "grant",
                "--org",
                "https://parent.sim.localhost/x",
                "--yes",
            ],
            "remove the path",
        ),
        (
            &[
                "profile",
                "add-parent",
                "--org",
                "ftp://parent.sim.localhost",
            ],
            "not supported",
        ),
        (
            &[
                "orgs",
                "create",
                "--parent",
                "",
                "--subdomain",
                "x",
                "--name",
                "X",
                "--admin-first-name",
                "A",
                "--admin-last-name",
                "B",
                "--admin-email",
                "a@b.c",
            ],
            "it is empty",
        ),
    ];
    for (args, phrase) in cases {
        aerial.run(args).expect_code(2).expect_stderr(phrase);
    }
}
