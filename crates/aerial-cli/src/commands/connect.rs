//! `aerial connect test`: walks from the profile to the Aerial API one step at a time and stops
//! at the first step that fails, with its diagnosis.

use desk::profiles::SecretKind;
use okta::{ScopeSet, scope};
use serde::Serialize;

use crate::app::App;
use crate::cli::ConnectCommand;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::{print, print_json};
use crate::session::{self, Opened, load_key};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Step {
    name: &'static str,
    status: StepStatus,
    detail: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum StepStatus {
    Ok,
    Warning,
    Failed,
}

pub async fn run(app: &App, command: ConnectCommand) -> Outcome {
    let ConnectCommand::Test = command;
    let mut steps = Vec::new();
    let outcome = check(app, &mut steps).await;

    if app.json {
        let failure = outcome.as_ref().err();
        print_json(
            &serde_json::json!({ "ok": outcome.is_ok(), "steps": steps, "failure": failure }),
        )?;
    } else {
        print(&render(&steps))?;
    }
    outcome
}

fn render(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        let mark = match step.status {
            StepStatus::Ok => "[ok]     ",
            StepStatus::Warning => "[warning]",
            StepStatus::Failed => "[failed] ",
        };
        text.push_str(&format!("{mark} {}: {}\n", step.name, step.detail));
    }
    text
}

/// Records one step's result, and returns it for the caller to stop at.
fn record<T>(
    steps: &mut Vec<Step>,
    name: &'static str,
    result: Outcome<(T, String)>,
) -> Outcome<T> {
    match result {
        Ok((value, detail)) => {
            steps.push(Step {
                name,
                status: StepStatus::Ok,
                detail,
            });
            Ok(value)
        }
        Err(failure) => {
            steps.push(Step {
                name,
                status: StepStatus::Failed,
                detail: failure.cause.clone(),
            });
            Err(failure)
        }
    }
}

/// Runs the steps in order and returns the first failure.
async fn check(app: &App, steps: &mut Vec<Step>) -> Outcome {
    let profile = app.profile().map(|profile| {
        let detail = format!(
            "\"{}\" ({}, account {}, Aerial org {})",
            profile.name, profile.environment, profile.account_id, profile.aerial_org
        );
        ((), detail)
    });
    record(steps, "Profile", profile)?;
    record(steps, "Private key in the keychain", key_step(app).await)?;
    let opened = match session::open(app).await {
        Ok(opened) => opened,
        Err(failure) => {
            let detail = failure.cause.clone();
            steps.push(Step {
                name: "Okta client",
                status: StepStatus::Failed,
                detail,
            });
            return Err(failure);
        }
    };

    let read = token_step(&opened, scope::ACCOUNTS_READ).await;
    record(steps, "Access token (okta.accounts.read)", read)?;
    record(steps, "Aerial API", account_step(&opened).await)?;

    match token_step(&opened, scope::ACCOUNTS_MANAGE).await {
        Ok(((), detail)) => steps.push(Step {
            name: "Access token (okta.accounts.manage)",
            status: StepStatus::Ok,
            detail,
        }),
        Err(failure) => steps.push(Step {
            name: "Access token (okta.accounts.manage)",
            status: StepStatus::Warning,
            detail: format!(
                "{} Reading works, but changes (linking, products, status) need this scope. {}",
                failure.cause,
                failure.fix.unwrap_or_default()
            ),
        }),
    }
    Ok(())
}

async fn key_step(app: &App) -> Outcome<((), String)> {
    let profile = app.profile()?;
    let key = load_key(app, &profile, &SecretKind::PrivateKey).await?;
    if key.kid() != profile.key_id.as_str() {
        return Err(Failure::new(
            Exit::NotConfigured,
            format!(
                "The key in the keychain has the key ID {}, but the profile expects {}.",
                key.kid(),
                profile.key_id
            ),
            "Import the registered key again with `aerial key import`.",
        ));
    }
    Ok(((), format!("key ID {}", key.kid())))
}

async fn token_step(opened: &Opened, scope_name: &'static str) -> Outcome<((), String)> {
    let profile = opened.session.profile();
    let scopes = ScopeSet::one(scope_name);
    let token = opened
        .tokens
        .token(opened.session.app(), &scopes)
        .await
        .map_err(|error| {
            let mut context = crate::session::context(profile);
            context.scope = Some(scope_name.to_owned());
            Failure::from_okta(&error, &context)
        })?;
    let detail = format!(
        "{} issued a {:?} token for app {}",
        profile.aerial_org,
        token.kind(),
        profile.client_id
    );
    Ok(((), detail))
}

async fn account_step(opened: &Opened) -> Outcome<((), String)> {
    let profile = opened.session.profile();
    let account = opened.session.account().await?;
    if account.id != profile.account_id.as_str() {
        return Err(Failure::rejected(
            format!(
                "The Aerial service returned the account {}, not {}.",
                account.id, profile.account_id
            ),
            "Check the account ID in the profile.",
        ));
    }
    let detail = format!(
        "account {} \"{}\" on {}",
        account.id, account.name, profile.aerial_service
    );
    Ok(((), detail))
}
