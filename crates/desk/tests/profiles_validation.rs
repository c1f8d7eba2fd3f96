//! The input checks shared by the profile store, the wizards and the CLI: a table of bad inputs,
//! each rejected with a message that names the value, and the accepted forms.

use desk::profiles::validate::{self, Field, Problem, ValidationError};

/// Tells whether a rejection gave the expected problem.
type Expect = fn(&Problem) -> bool;

fn problem_of(result: Result<String, ValidationError>, input: &str) -> Problem {
    match result {
        Ok(value) => panic!("{input:?} was accepted as {value:?}"),
        Err(error) => {
            let message = error.to_string();
            let shown: String = input.trim().escape_debug().take(20).collect();
            assert!(
                message.contains(&shown) || input.trim().is_empty(),
                "message for {input:?} does not name the value: {message}"
            );
            error.problem
        }
    }
}

#[test]
fn bad_domains_are_rejected_with_the_reason() {
    let long_label = format!("{}.okta.com", "a".repeat(64));
    let huge = format!("{}.com", "abcdefghi.".repeat(30));
    let cases: Vec<(&str, Expect)> = vec![
        ("", |p| *p == Problem::Empty),
        ("   ", |p| *p == Problem::Empty),
        ("https://acme.okta.com", |p| *p == Problem::Scheme),
        ("http://acme.okta.com", |p| *p == Problem::Scheme),
        ("https:acme.okta.com", |p| *p == Problem::Scheme),
        ("acme.okta.com/admin", |p| *p == Problem::Path),
        ("acme.okta.com\\admin", |p| *p == Problem::Path),
        ("acme.okta.com:443", |p| *p == Problem::Port),
        ("user@acme.okta.com", |p| *p == Problem::UserInfo),
        ("acme.okta.com?x=1", |p| *p == Problem::QueryOrFragment),
        ("acme .okta.com", |p| *p == Problem::Whitespace),
        ("acme.okta.com\tx", |p| *p == Problem::Whitespace),
        ("аcme.okta.com", |p| {
            matches!(p, Problem::LookAlike { ascii: 'a', .. })
        }),
        ("acme.okta.cοm", |p| {
            matches!(p, Problem::LookAlike { ascii: 'o', .. })
        }),
        ("ａcme.okta.com", |p| {
            matches!(p, Problem::LookAlike { ascii: 'a', .. })
        }),
        ("acme\u{200B}.okta.com", |p| {
            matches!(p, Problem::Invisible { .. })
        }),
        ("acmé.okta.com", |p| {
            matches!(p, Problem::NonAscii { character: 'é' })
        }),
        ("xn--80ak6aa92e.okta.com", |p| {
            matches!(p, Problem::Punycode { .. })
        }),
        ("acme..okta.com", |p| *p == Problem::EmptyLabel),
        (".acme.okta.com", |p| *p == Problem::EmptyLabel),
        ("acme.okta.com.", |p| *p == Problem::EmptyLabel),
        ("-acme.okta.com", |p| {
            matches!(p, Problem::LabelHyphen { .. })
        }),
        ("acme-.okta.com", |p| {
            matches!(p, Problem::LabelHyphen { .. })
        }),
        (&long_label, |p| {
            matches!(p, Problem::LabelTooLong { length: 64, .. })
        }),
        (&huge, |p| matches!(p, Problem::TooLong { max: 253, .. })),
        ("acme_eu.okta.com", |p| {
            matches!(p, Problem::InvalidCharacter { character: '_', .. })
        }),
        ("*.okta.com", |p| {
            matches!(p, Problem::InvalidCharacter { character: '*', .. })
        }),
        ("okta", |p| *p == Problem::SingleLabel),
        ("10.0.0.1", |p| *p == Problem::IpAddress),
        ("[::1]", |p| *p == Problem::IpAddress),
        ("acme.okta.123", |p| *p == Problem::NumericTopLevelLabel),
        ("acme-admin.okta.com", |p| {
            matches!(p, Problem::AdminConsole { .. })
        }),
    ];

    for (input, expected) in cases {
        let problem = problem_of(validate::domain(input), input);
        assert!(expected(&problem), "{input:?} gave {problem:?}");
    }
}

#[test]
fn domain_is_trimmed_and_lowercased() {
    assert_eq!(
        validate::domain(" Acme-EU.Okta.com ").unwrap(),
        "acme-eu.okta.com"
    );
    assert_eq!(
        validate::domain("a1.oktapreview.com").unwrap(),
        "a1.oktapreview.com"
    );
}

#[test]
fn look_alike_message_suggests_the_ascii_spelling() {
    let error = validate::domain("аcme.okta.com").unwrap_err();

    assert_eq!(error.field, Field::Domain);
    assert_eq!(
        error.to_string(),
        "Invalid org domain \"аcme.okta.com\": it contains 'а' (U+0430), which looks like the \
         ASCII 'a' but is a different character; type it with plain ASCII characters, such as \
         acme.okta.com."
    );
}

#[test]
fn admin_console_message_names_the_org_domain() {
    let error = validate::domain("acme-admin.okta.com").unwrap_err();

    assert!(
        error
            .to_string()
            .ends_with("enter the org domain acme.okta.com."),
        "{error}"
    );
}

#[test]
fn huge_value_is_cut_in_the_message() {
    let input = "a".repeat(5000);

    let message = validate::domain(&input).unwrap_err().to_string();

    assert!(message.len() < 300, "message is {} bytes", message.len());
    assert!(message.contains("5000 characters"), "{message}");
}

#[test]
fn https_base_urls_are_reduced_to_the_origin() {
    for (input, origin) in [
        (
            "https://aerial-apac.okta.com",
            "https://aerial-apac.okta.com",
        ),
        (
            "https://aerial-apac.okta.com/",
            "https://aerial-apac.okta.com",
        ),
        ("aerial-sandbox.okta.com", "https://aerial-sandbox.okta.com"),
        ("HTTPS://Acme.Okta.com:8443", "https://acme.okta.com:8443"),
        ("https://acme.okta.com:443", "https://acme.okta.com"),
    ] {
        assert_eq!(validate::base_url(input).unwrap(), origin, "{input}");
    }
}

#[test]
fn plain_http_is_accepted_for_loopback_hosts() {
    for (input, origin) in [
        ("http://127.0.0.1:4010", "http://127.0.0.1:4010"),
        ("http://127.8.9.10", "http://127.8.9.10"),
        ("http://[::1]:4010/", "http://[::1]:4010"),
        ("http://localhost:4010", "http://localhost:4010"),
        (
            "http://acme-aerial.sim.localhost:4010",
            "http://acme-aerial.sim.localhost:4010",
        ),
    ] {
        assert_eq!(validate::base_url(input).unwrap(), origin, "{input}");
    }
}

#[test]
fn bad_base_urls_are_rejected_with_the_reason() {
    let huge = format!("https://{}.com", "a".repeat(3000));
    let cases: Vec<(&str, Expect)> = vec![
        ("", |p| *p == Problem::Empty),
        ("http://acme.okta.com", |p| {
            matches!(p, Problem::InsecureHttp { .. })
        }),
        ("http://localhost.example.com", |p| {
            matches!(p, Problem::InsecureHttp { .. })
        }),
        ("http://127.0.0.1.nip.io", |p| {
            matches!(p, Problem::InsecureHttp { .. })
        }),
        ("http://10.0.0.1", |p| *p == Problem::IpAddress),
        ("https://169.254.169.254", |p| *p == Problem::IpAddress),
        ("https://[fe80::1]", |p| *p == Problem::IpAddress),
        ("ftp://acme.okta.com", |p| {
            matches!(p, Problem::UnsupportedScheme { .. })
        }),
        ("file:///etc/passwd", |p| {
            matches!(p, Problem::UnsupportedScheme { .. })
        }),
        ("https://acme.okta.com/api/v1", |p| *p == Problem::Path),
        ("https://acme.okta.com/oauth2/default", |p| {
            *p == Problem::Path
        }),
        ("https://acme.okta.com?x=1", |p| {
            *p == Problem::QueryOrFragment
        }),
        ("https://acme.okta.com#top", |p| {
            *p == Problem::QueryOrFragment
        }),
        ("https://user:pw@acme.okta.com", |p| *p == Problem::UserInfo),
        ("https://аcme.okta.com", |p| {
            matches!(p, Problem::LookAlike { .. })
        }),
        ("https://acme .okta.com", |p| *p == Problem::Whitespace),
        ("https://acme.okta.com:99999", |p| {
            matches!(p, Problem::Unparsable { .. })
        }),
        ("https://", |p| *p == Problem::MissingHost),
        ("https://xn--80ak6aa92e.okta.com", |p| {
            matches!(p, Problem::Punycode { .. })
        }),
        ("https://-acme.okta.com", |p| {
            matches!(p, Problem::LabelHyphen { .. })
        }),
        ("https://acme-admin.okta.com", |p| {
            matches!(p, Problem::AdminConsole { .. })
        }),
        (&huge, |p| matches!(p, Problem::TooLong { max: 2048, .. })),
    ];

    for (input, expected) in cases {
        let problem = problem_of(validate::base_url(input), input);
        assert!(expected(&problem), "{input:?} gave {problem:?}");
    }
}

#[test]
fn insecure_http_message_lists_the_loopback_hosts() {
    let message = validate::base_url("http://acme.okta.com")
        .unwrap_err()
        .to_string();

    assert_eq!(
        message,
        "Invalid base URL \"http://acme.okta.com\": plain http is accepted only for loopback \
         hosts (127.0.0.0/8, ::1, localhost and names under .localhost); use \
         https://acme.okta.com."
    );
}

#[test]
fn bad_ids_are_rejected_with_the_reason() {
    type Check = fn(&str) -> Result<String, ValidationError>;
    let huge = "a".repeat(500);
    let cases: Vec<(Check, &str, Expect)> = vec![
        (validate::account_id, "", |p| *p == Problem::Empty),
        (validate::account_id, "0227/mkkf", |p| *p == Problem::Slash),
        (validate::account_id, "..", |p| *p == Problem::DotSegment),
        (validate::account_id, "0227..mkkf", |p| {
            *p == Problem::DotSegment
        }),
        (validate::account_id, "0227-mkkf", |p| {
            matches!(p, Problem::InvalidCharacter { character: '-', .. })
        }),
        (validate::account_id, "0227 mkkf", |p| {
            *p == Problem::Whitespace
        }),
        (validate::account_id, &huge, |p| {
            matches!(p, Problem::TooLong { max: 64, .. })
        }),
        (validate::account_id, "0227mkkf%2F", |p| {
            matches!(p, Problem::InvalidCharacter { character: '%', .. })
        }),
        (validate::client_id, "0oa1/../x", |p| *p == Problem::Slash),
        (validate::client_id, "0oa1.x", |p| {
            matches!(p, Problem::InvalidCharacter { character: '.', .. })
        }),
        (validate::client_id, "0оa1", |p| {
            matches!(p, Problem::LookAlike { ascii: 'o', .. })
        }),
        (validate::client_id, &huge, |p| {
            matches!(p, Problem::TooLong { max: 100, .. })
        }),
        (validate::key_id, "kid..1", |p| *p == Problem::DotSegment),
        (validate::key_id, "kid\"1", |p| {
            matches!(p, Problem::InvalidCharacter { character: '"', .. })
        }),
        (validate::key_id, "", |p| *p == Problem::Empty),
        (validate::profile_name, "", |p| *p == Problem::Empty),
        (validate::profile_name, "acme/prod", |p| {
            matches!(p, Problem::InvalidCharacter { character: '/', .. })
        }),
        (validate::profile_name, "-acme", |p| {
            *p == Problem::MustStartWithLetterOrDigit
        }),
        (validate::profile_name, "acme\nprod", |p| {
            matches!(
                p,
                Problem::InvalidCharacter {
                    character: '\n',
                    ..
                }
            )
        }),
        (validate::profile_name, "Zürich", |p| {
            matches!(p, Problem::NonAscii { character: 'ü' })
        }),
        (validate::profile_name, &huge, |p| {
            matches!(p, Problem::TooLong { max: 64, .. })
        }),
    ];

    for (check, input, expected) in cases {
        let problem = problem_of(check(input), input);
        assert!(expected(&problem), "{input:?} gave {problem:?}");
    }
}

#[test]
fn good_ids_are_accepted() {
    assert_eq!(
        validate::account_id(" 0227mkkf8ulgt48bkidcd8ekqft ").unwrap(),
        "0227mkkf8ulgt48bkidcd8ekqft"
    );
    assert_eq!(
        validate::client_id("0oa1b2c3d4E5f6G7h8i9").unwrap(),
        "0oa1b2c3d4E5f6G7h8i9"
    );
    assert_eq!(
        validate::key_id("MQaFB3Q6uUsPmVRE0IZEGUL9UtS6Qqm3ikQ-2u4a0Ik").unwrap(),
        "MQaFB3Q6uUsPmVRE0IZEGUL9UtS6Qqm3ikQ-2u4a0Ik"
    );
    assert_eq!(
        validate::profile_name("  Acme production 2.0 ").unwrap(),
        "Acme production 2.0"
    );
}

#[test]
fn id_message_names_field_value_and_accepted_characters() {
    let message = validate::client_id("0oa1.x").unwrap_err().to_string();

    assert_eq!(
        message,
        "Invalid client ID \"0oa1.x\": it contains '.'; use only letters, digits, '-' and '_'."
    );
}
