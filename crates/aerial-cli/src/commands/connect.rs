//! `aerial connect test`: checks the profile and its key on this computer, then runs desk's
//! connection checklist (reach the Aerial org, get a token, check both scopes, read the account,
//! compare clocks) and prints each step as it finishes.

use desk::connection_test::{self, ConnectionReport, ConnectionTarget, StepReport, StepState};
use desk::profiles::SecretKind;
use okta::BaseUrl;
use serde::Serialize;
use serde_json::json;

use crate::app::App;
use crate::cli::ConnectCommand;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::{note, print, print_json, printable};
use crate::session::{self, Opened, load_key};

/// A check made on this computer before the checklist runs.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocalCheck {
    name: &'static str,
    passed: bool,
    message: String,
}

pub async fn run(app: &App, command: ConnectCommand) -> Outcome {
    let ConnectCommand::Test = command;
    let mut local = Vec::new();
    let outcome = test(app, &mut local).await;

    if app.json {
        let (report, failure) = match &outcome {
            Ok(report) => (Some(report), first_failure(report)),
            Err(failure) => (None, Some(failure.clone())),
        };
        print_json(&json!({
            "passed": failure.is_none(),
            "local": local,
            "report": report,
            "failure": failure,
        }))?;
    }
    match outcome {
        Ok(report) => match first_failure(&report) {
            Some(failure) => Err(failure),
            None => Ok(()),
        },
        Err(failure) => Err(failure),
    }
}

/// Runs the local checks and then the checklist. Returns the report, or the failure of a local
/// check.
async fn test(app: &App, local: &mut Vec<LocalCheck>) -> Outcome<ConnectionReport> {
    let checked = local_checks(app).await;
    let (name, result) = checked;
    let passed = result.is_ok();
    let message = match &result {
        Ok(message) => message.clone(),
        Err(failure) => failure.cause.clone(),
    };
    if !app.json {
        print(&line(
            if passed {
                StepState::Passed
            } else {
                StepState::Failed
            },
            name,
            &message,
        ))?;
    }
    local.push(LocalCheck {
        name,
        passed,
        message,
    });
    result?;

    let opened = session::open(app).await?;
    let target = target(&opened)?;
    let json = app.json;
    let report = connection_test::run(&target, |step: &StepReport| {
        if !json {
            let _ = print(&line(step.state, step.step.title(), &step.message));
        }
    })
    .await;
    if report.dpop_switched_on {
        save_dpop(app, &opened).await?;
    }
    Ok(report)
}

/// Checks that the profile exists and that its key is in the keychain with the profile's kid.
async fn local_checks(app: &App) -> (&'static str, Outcome<String>) {
    let name = "Profile and key";
    let profile = match app.profile() {
        Ok(profile) => profile,
        Err(failure) => return (name, Err(failure)),
    };
    let key = match load_key(app, &profile, &SecretKind::PrivateKey).await {
        Ok(key) => key,
        Err(failure) => return (name, Err(failure)),
    };
    if key.kid() != profile.key_id.as_str() {
        let failure = Failure::new(
            Exit::NotConfigured,
            format!(
                "The key in the keychain has the key ID {}, but profile \"{}\" expects {}.",
                key.kid(),
                profile.name,
                profile.key_id
            ),
            "Import the registered key again with `aerial key import`.",
        );
        return (name, Err(failure));
    }
    let message = format!(
        "profile \"{}\" ({}, account {}), key ID {} in the keychain",
        profile.name,
        profile.environment,
        profile.account_id,
        key.kid()
    );
    (name, Ok(message))
}

fn target(opened: &Opened) -> Outcome<ConnectionTarget> {
    let profile = opened.session.profile();
    let parse = |address: &str| {
        BaseUrl::parse(address)
            .map_err(|error| Failure::from_okta(&error, &session::context(profile)))
    };
    Ok(ConnectionTarget {
        http: opened.session.http().clone(),
        tokens: opened.tokens.clone(),
        aerial_org: parse(&profile.aerial_org.base_url())?,
        aerial_service: parse(profile.aerial_service.as_str())?,
        account_id: profile.account_id.to_string(),
        app: opened.session.app().clone(),
    })
}

/// Saves "DPoP required" in the profile after Okta asked for DPoP and the client switched it on.
async fn save_dpop(app: &App, opened: &Opened) -> Outcome {
    let mut profile = app.store.get(opened.session.profile().name.as_str())?;
    profile.dpop = true;
    app.store.update(profile, &app.keychain).await?;
    note("The app requires DPoP, so the profile now has DPoP switched on.");
    Ok(())
}

fn line(state: StepState, title: &str, message: &str) -> String {
    let mark = match state {
        StepState::Passed => "[passed] ",
        StepState::Failed => "[failed] ",
        StepState::Skipped => "[skipped]",
        StepState::Warning => "[warning]",
    };
    // Step messages quote text from Okta's responses, such as the account's name.
    format!("{mark} {title}: {}\n", printable(message))
}

/// Returns the first failed step's diagnosis as the command's failure.
fn first_failure(report: &ConnectionReport) -> Option<Failure> {
    let step = report
        .steps
        .iter()
        .find(|step| step.state == StepState::Failed)?;
    Some(match &step.diagnosis {
        Some(diagnosis) => Failure::diagnosed(diagnosis.clone()),
        None => Failure::rejected(step.message.clone(), ""),
    })
}
