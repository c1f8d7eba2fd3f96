//! `aerial connect test`: walks from the profile to the Aerial API one step at a time and stops
//! at the first step that fails, with its diagnosis.

use desk::profiles::SecretKind;
use okta::{ScopeSet, scope};
use serde::Serialize;

use crate::app::App;
use crate::cli::ConnectCommand;
use crate::clients::{Connection, connect, load_key};
use crate::failure::{Failure, Outcome};
use crate::output::{print, print_json};

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

/// Runs the steps in order, recording each; returns the first failure.
async fn check(app: &App, steps: &mut Vec<Step>) -> Outcome {
    let mut record = |name, result: &Outcome<String>| {
        let (status, detail) = match result {
            Ok(detail) => (StepStatus::Ok, detail.clone()),
            Err(failure) => (StepStatus::Failed, failure.cause.clone()),
        };
        steps.push(Step {
            name,
            status,
            detail,
        });
    };

    let profile = app.profile().map(|profile| {
        format!(
            "\"{}\" ({}, account {}, Aerial org {})",
            profile.name, profile.environment, profile.account_id, profile.aerial_org
        )
    });
    record("Profile", &profile);
    profile?;

    let key = key_step(app).await;
    record("Private key in the keychain", &key);
    key?;

    let connection = connect(app).await;
    let connection = match connection {
        Ok(connection) => connection,
        Err(failure) => {
            record("Okta client", &Err(Failure { ..failure }));
            return Err(steps_failure(steps));
        }
    };

    let token = token_step(&connection, scope::ACCOUNTS_READ).await;
    record("Access token (okta.accounts.read)", &token);
    token?;

    let account = account_step(&connection).await;
    record("Aerial API", &account);
    account?;

    let manage = token_step(&connection, scope::ACCOUNTS_MANAGE).await;
    match manage {
        Ok(detail) => record("Access token (okta.accounts.manage)", &Ok(detail)),
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

/// Rebuilds the last step's failure for a step whose failure was moved into the record.
fn steps_failure(steps: &[Step]) -> Failure {
    let detail = steps
        .last()
        .map(|step| step.detail.clone())
        .unwrap_or_default();
    Failure::rejected(detail, "")
}

async fn key_step(app: &App) -> Outcome<String> {
    let profile = app.profile()?;
    let key = load_key(app, &profile, &SecretKind::PrivateKey).await?;
    if key.kid() != profile.key_id.as_str() {
        return Err(Failure::new(
            crate::failure::Exit::NotConfigured,
            format!(
                "The key in the keychain has the key ID {}, but the profile expects {}.",
                key.kid(),
                profile.key_id
            ),
            "Import the registered key again with `aerial key import`.",
        ));
    }
    let mut detail = format!("key ID {}", key.kid());
    if profile.dpop {
        load_key(app, &profile, &SecretKind::DpopKey).await?;
        detail.push_str(", with a DPoP key");
    }
    Ok(detail)
}

async fn token_step(connection: &Connection, scope_name: &'static str) -> Outcome<String> {
    let scopes = ScopeSet::one(scope_name);
    let token = connection
        .tokens
        .token(&connection.app, &scopes)
        .await
        .map_err(|error| {
            let mut context = connection.context(None);
            context.scope = Some(scope_name.to_owned());
            Failure::from_okta(&error, &context)
        })?;
    Ok(format!(
        "{} issued a {:?} token for app {}",
        connection.profile.aerial_org,
        token.kind(),
        connection.profile.client_id
    ))
}

async fn account_step(connection: &Connection) -> Outcome<String> {
    let account = connection
        .aerial
        .account()
        .await
        .map_err(|error| connection.failure(&error, None))?;
    if account.id != connection.profile.account_id.as_str() {
        return Err(Failure::rejected(
            format!(
                "The Aerial service returned the account {}, not {}.",
                account.id, connection.profile.account_id
            ),
            "Check the account ID in the profile.",
        ));
    }
    Ok(format!(
        "account {} \"{}\" on {}",
        account.id, account.name, connection.profile.aerial_service
    ))
}
