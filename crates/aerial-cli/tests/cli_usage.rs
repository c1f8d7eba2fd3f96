//! Usage of `aerial` without a keychain: help, version and the documented exit codes.

mod support;

use support::Aerial;

/// The exit codes and their first words, as `aerial --help` and the README list them.
const EXIT_CODES: [(u8, &str); 8] = [
    (0, "success"),
    (1, "Okta rejected the request"),
    (2, "invalid command line or value"),
    (3, "not configured"),
    (4, "the OS keychain cannot be used"),
    (5, "Okta could not be reached"),
    (6, "outcome unknown"),
    (130, "cancelled at a prompt"),
];

#[test]
fn help_lists_exit_codes() {
    let run = Aerial::without_keychain().run(&["--help"]);
    run.expect_ok();
    for (code, meaning) in EXIT_CODES {
        let line = format!("  {code:<4} {meaning}");
        assert!(
            run.stdout.contains(&line),
            "--help lacks {line:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn readme_lists_the_same_exit_codes() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (code, meaning) in EXIT_CODES {
        let row = format!("| {code} | {meaning}");
        assert!(readme.contains(&row), "README lacks the row {row:?}");
    }
}

#[test]
fn subcommand_help_says_what_options_set() {
    let aerial = Aerial::without_keychain();
    let run = aerial.run(&["orgs", "status", "--help"]);
    run.expect_ok()
        .expect_stdout("--confirm-name")
        .expect_stdout("typed back");
    aerial
        .run(&["org-products", "--help"])
        .expect_ok()
        .expect_stdout("enable");
}

#[test]
fn version_is_printed() {
    Aerial::without_keychain()
        .run(&["--version"])
        .expect_ok()
        .expect_stdout("aerial ");
}

#[test]
fn missing_subcommand_is_usage_error() {
    Aerial::without_keychain()
        .run(&[])
        .expect_code(2)
        .expect_stderr("Usage");
}

#[test]
fn no_profile_is_not_configured() {
    let aerial = Aerial::without_keychain();
    for args in [["orgs", "list"], ["account", "show"], ["connect", "test"]] {
        aerial
            .run(&args)
            .expect_code(3)
            .expect_stderr("No profile is active")
            .expect_stderr("What to do:");
    }
    aerial
        .run(&["profile", "list"])
        .expect_ok()
        .expect_stderr("No profiles yet");
    aerial
        .run(&["journal", "list"])
        .expect_ok()
        .expect_stderr("No recorded changes match.");
}

#[test]
fn json_errors_are_one_object() {
    let run = Aerial::without_keychain().run(&["--json", "orgs", "list"]);
    run.expect_code(3);
    let error: serde_json::Value =
        serde_json::from_str(run.stderr.trim()).expect("stderr is one JSON object");
    assert!(
        error["error"]["cause"]
            .as_str()
            .is_some_and(|cause| cause.contains("No profile")),
        "{error}"
    );
    assert!(error["error"]["fix"].is_string(), "{error}");
}

#[test]
fn unknown_profile_is_not_configured() {
    let aerial = Aerial::without_keychain();
    aerial.write_profiles(&support::profile_file("present", 4010));
    aerial
        .run(&["--profile", "absent", "orgs", "list"])
        .expect_code(3)
        .expect_stderr("No profile is named \"absent\"");
    aerial
        .run(&["profile", "show", "--json"])
        .expect_ok()
        .expect_stdout("\"name\": \"present\"");
    aerial.run(&["profile", "use", "absent"]).expect_code(3);
}

#[test]
fn unreachable_keychain_exits_four() {
    let aerial = Aerial::without_keychain();
    aerial.write_profiles(&support::profile_file("present", 4010));
    aerial
        .run(&["orgs", "list"])
        .expect_code(4)
        .expect_stderr("What to do:");
    aerial.run(&["key", "show-public"]).expect_code(4);
}

#[test]
fn declined_prompt_exits_130() {
    let aerial = Aerial::without_keychain();
    aerial.write_profiles(&support::profile_file("kept", 4010));

    for input in ["n\n", ""] {
        let run = aerial.run_in_terminal(&["profile", "remove", "kept"], input);
        assert_eq!(run.code, 130, "input {input:?}: {run:#?}");
        assert!(
            run.stdout.contains("Remove the profile? [y/N]"),
            "the terminal shows the question: {run:#?}"
        );
        assert!(run.stdout.contains("nothing was changed"), "{run:#?}");
    }
    aerial.run(&["profile", "show", "kept"]).expect_ok();
}
