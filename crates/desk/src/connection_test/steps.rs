//! The network steps of the connection test.

use okta::error::ErrorBody;
use okta::{AerialClient, Error, ScopeSet, TokenFailure, TokenKind, scope};

use super::clock::{ClockFindings, is_clock_code};
use super::{ConnectionTarget, Step, StepReport, context};
use crate::diagnosis::{Diagnosis, DiagnosisCode, diagnose};

/// What the steps learned, for the later steps and the final report.
#[derive(Debug, Default)]
pub(super) struct Findings {
    pub clock: ClockFindings,
    pub read: Option<ScopeOutcome>,
    pub manage: Option<ScopeOutcome>,
    pub dpop_in_use: bool,
    pub account_name: Option<String>,
}

/// The result of a token request for one scope.
#[derive(Debug)]
pub(super) enum ScopeOutcome {
    Granted,
    /// Okta authenticated the app but does not grant the scope. The error is kept for the
    /// diagnosis.
    NotGranted(Error),
}

/// Requests the Aerial org's public `/.well-known/okta-organization` document.
pub(super) async fn reach_org(target: &ConnectionTarget, findings: &mut Findings) -> StepReport {
    let host = target.aerial_org.host();
    let ctx = context(target, None);
    if target.app.org().origin() != target.aerial_org.origin() {
        let diagnosis = Diagnosis::new(
            DiagnosisCode::InvalidValue,
            format!(
                "The app is set up for {}, but the Aerial org is {host}.",
                target.app.org().host()
            ),
            "Enter the Aerial org domain once more so the app and the profile use the same org.",
        );
        return StepReport::failed(Step::ReachOrg, "The app belongs to another org.", diagnosis);
    }

    let url = target.aerial_org.join("/.well-known/okta-organization");
    let response = match target.http.get_without_credentials(&url).await {
        Ok(response) => response,
        Err(err) => {
            let message = format!("{host} could not be reached.");
            return StepReport::failed(Step::ReachOrg, message, diagnose(&err, &ctx));
        }
    };
    findings.clock.samples.extend(response.clock_offset_seconds);

    if response.status == 200 && is_org_document(&response.body) {
        return StepReport::passed(Step::ReachOrg, format!("{host} responded as an Okta org."));
    }
    match &response.api_error {
        Some(api) if api.status == 404 && api.error_code() == Some("E0000007") => {
            StepReport::failed(
                Step::ReachOrg,
                format!("{host} responded, but no Okta org exists at that address."),
                org_not_found(host),
            )
        }
        // Any other response in Okta's error format still proves that Okta serves the host.
        Some(api) if matches!(api.body, ErrorBody::Okta(_) | ErrorBody::OAuth(_)) => {
            StepReport::passed(
                Step::ReachOrg,
                format!("{host} responded like Okta (HTTP {}).", api.status),
            )
        }
        _ => StepReport::failed(
            Step::ReachOrg,
            format!(
                "{host} responded with HTTP {}, but not like an Okta org.",
                response.status
            ),
            not_okta(host),
        ),
    }
}

fn is_org_document(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .is_some_and(|document| document.get("id").is_some_and(|id| id.is_string()))
}

fn org_not_found(host: &str) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::AerialOrgNotFound,
        format!("No Okta org exists at {host}."),
        "Check the Aerial org domain in this profile. It is the address of the Aerial org's Admin Console without \"-admin\", such as acme-aerial.okta.com.",
    )
}

fn not_okta(host: &str) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::UnexpectedResponse,
        format!("The server at {host} is not an Okta org."),
        "Check the Aerial org domain in this profile. A proxy or captive portal can also cause this: open any web page in a browser, then try again.",
    )
}

/// Requests a token for `okta.accounts.read`, and for `okta.accounts.manage` when read is not
/// granted. The step passes once Okta accepts the app's key, even when neither scope is
/// granted, because the scopes step reports those.
pub(super) async fn get_token(target: &ConnectionTarget, findings: &mut Findings) -> StepReport {
    let app = target.app.client_id();
    let mut kind = None;
    for (name, slot) in [
        (scope::ACCOUNTS_READ, &mut findings.read),
        (scope::ACCOUNTS_MANAGE, &mut findings.manage),
    ] {
        match target.tokens.token(&target.app, &ScopeSet::one(name)).await {
            Ok(token) => {
                *slot = Some(ScopeOutcome::Granted);
                kind = Some(token.kind());
                break;
            }
            Err(err) if is_scope_not_granted(&err) => {
                *slot = Some(ScopeOutcome::NotGranted(err));
            }
            Err(err) => {
                let diagnosis = diagnose(&err, &context(target, Some(name)));
                note_clock(&mut findings.clock, &err, &diagnosis);
                let message = format!("Okta did not issue an access token to app {app}.");
                return StepReport::failed(Step::GetToken, message, diagnosis);
            }
        }
    }

    let Some(kind) = kind else {
        let message = format!(
            "Okta accepted the key of app {app}, but the app has neither Aerial scope. The next step names them."
        );
        return StepReport::passed(Step::GetToken, message);
    };
    findings.dpop_in_use = kind == TokenKind::Dpop;
    let message = if !findings.dpop_in_use {
        format!("Okta issued an access token to app {app}.")
    } else if target.app.dpop_switched_on_automatically() {
        format!(
            "Okta issued a DPoP-bound access token to app {app}. The app requires DPoP, so Aerial Desk switched DPoP on."
        )
    } else {
        format!("Okta issued a DPoP-bound access token to app {app}. DPoP is in use.")
    };
    StepReport::passed(Step::GetToken, message)
}

fn is_scope_not_granted(err: &Error) -> bool {
    err.api().and_then(|api| api.token_failure()) == Some(TokenFailure::ScopeNotGranted)
}

/// Records the `Date` offset of a failed request, and whether the clock caused the failure.
fn note_clock(clock: &mut ClockFindings, err: &Error, diagnosis: &Diagnosis) {
    if let Some(offset) = err.api().and_then(|api| api.clock_offset_seconds) {
        clock.samples.push(offset);
    }
    if is_clock_code(diagnosis.code) {
        clock.token_rejected_for_clock = true;
    }
}

/// Requests the scopes the token step did not try, and reports the missing ones.
pub(super) async fn check_scopes(target: &ConnectionTarget, findings: &mut Findings) -> StepReport {
    if findings.manage.is_none() {
        let manage = ScopeSet::one(scope::ACCOUNTS_MANAGE);
        match target.tokens.token(&target.app, &manage).await {
            Ok(_) => findings.manage = Some(ScopeOutcome::Granted),
            Err(err) if is_scope_not_granted(&err) => {
                findings.manage = Some(ScopeOutcome::NotGranted(err));
            }
            Err(err) => {
                let ctx = context(target, Some(scope::ACCOUNTS_MANAGE));
                let diagnosis = diagnose(&err, &ctx);
                let message = format!("The token request for {} failed.", scope::ACCOUNTS_MANAGE);
                return StepReport::failed(Step::Scopes, message, diagnosis);
            }
        }
    }

    let app = target.app.client_id();
    let mut missing = Vec::new();
    let mut first_error = None;
    for (name, outcome) in [
        (scope::ACCOUNTS_READ, &findings.read),
        (scope::ACCOUNTS_MANAGE, &findings.manage),
    ] {
        if let Some(ScopeOutcome::NotGranted(err)) = outcome {
            missing.push(name);
            first_error.get_or_insert(err);
        }
    }
    let Some(err) = first_error else {
        let message = format!(
            "App {app} has both {} and {}.",
            scope::ACCOUNTS_READ,
            scope::ACCOUNTS_MANAGE
        );
        return StepReport::passed(Step::Scopes, message);
    };
    let names = missing.join(" and ");
    let diagnosis = diagnose(err, &context(target, Some(&names)));
    let message = format!("App {app} is not granted {names}.");
    StepReport::failed(Step::Scopes, message, diagnosis)
}

/// Reads the account with an `okta.accounts.read` token and checks that its ID is the one
/// entered.
pub(super) async fn read_account(target: &ConnectionTarget, findings: &mut Findings) -> StepReport {
    if !matches!(findings.read, Some(ScopeOutcome::Granted)) {
        return StepReport::skipped(
            Step::ReadAccount,
            format!("Skipped because {} is not granted.", scope::ACCOUNTS_READ),
        );
    }
    let ctx = context(target, Some(scope::ACCOUNTS_READ));
    let account = match AerialClient::new(
        target.http.clone(),
        target.tokens.clone(),
        target.aerial_service.clone(),
        &target.account_id,
        target.app.clone(),
    ) {
        Ok(client) => client.account().await,
        Err(err) => Err(err),
    };
    let account = match account {
        Ok(account) => account,
        Err(err) => {
            let diagnosis = diagnose(&err, &ctx);
            let message = format!(
                "The Aerial account {} could not be read.",
                target.account_id
            );
            return StepReport::failed(Step::ReadAccount, message, diagnosis);
        }
    };

    if account.id != target.account_id {
        let diagnosis = Diagnosis::new(
            DiagnosisCode::AccountIdMismatch,
            format!(
                "Okta returned the Aerial account {}, not {} as entered.",
                account.id, target.account_id
            ),
            format!(
                "Enter the account ID {} in this profile, exactly as Okta shows it.",
                account.id
            ),
        );
        let message = "The account's ID differs from the one entered.";
        return StepReport::failed(Step::ReadAccount, message, diagnosis);
    }
    let message = format!(
        "Read the Aerial account \"{}\" ({}).",
        account.name, account.id
    );
    findings.account_name = Some(account.name);
    StepReport::passed(Step::ReadAccount, message)
}
