//! "Test connection": the steps from this computer to the Aerial API, each shown as passed,
//! failed or not run, with the diagnosis of the first failure.

use std::sync::Arc;

use desk::profiles::SecretStore;
use desk::session::{Services, Session, SessionError};
use desk::{DiagnosisCode, DiagnosisContext, Profile};
use okta::{ScopeSet, scope};
use serde::Serialize;
use specta::Type;

use crate::ipc_error::IpcError;

/// One step of the connection test, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckStep {
    /// The Aerial org is reachable.
    ReachOrg,
    /// The Aerial org issues an access token for the signed client assertion.
    GetToken,
    /// Both Aerial scopes are granted.
    Scopes,
    /// The Aerial API returns the account.
    ReadAccount,
    /// This computer's clock is close enough to Okta's.
    Clock,
}

const STEPS: [CheckStep; 5] = [
    CheckStep::ReachOrg,
    CheckStep::GetToken,
    CheckStep::Scopes,
    CheckStep::ReadAccount,
    CheckStep::Clock,
];

/// The outcome of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    Passed,
    Failed,
    /// Not run, because an earlier step failed.
    NotRun,
}

/// A step's outcome as the checklist shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    pub step: CheckStep,
    pub state: StepState,
    /// A short note, such as the account's name.
    pub note: Option<String>,
}

/// The whole checklist, with the diagnosis when a step failed.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub steps: Vec<StepResult>,
    pub failure: Option<IpcError>,
}

impl ConnectionReport {
    fn passed(account: &str) -> Self {
        let steps = STEPS
            .iter()
            .map(|&step| StepResult {
                step,
                state: StepState::Passed,
                note: (step == CheckStep::ReadAccount).then(|| account.to_owned()),
            })
            .collect();
        Self {
            steps,
            failure: None,
        }
    }

    /// Marks every step before `failed` passed, `failed` failed and the rest not run. A clock
    /// problem shows at the token step, so both are marked failed.
    fn failed_at(failed: CheckStep, problem: IpcError) -> Self {
        let steps = STEPS
            .iter()
            .map(|&step| {
                let state = if step == failed
                    || (failed == CheckStep::Clock && step == CheckStep::GetToken)
                {
                    StepState::Failed
                } else if failed == CheckStep::Clock && step > CheckStep::GetToken {
                    StepState::NotRun
                } else if step < failed {
                    StepState::Passed
                } else {
                    StepState::NotRun
                };
                StepResult {
                    step,
                    state,
                    note: None,
                }
            })
            .collect();
        Self {
            steps,
            failure: Some(problem),
        }
    }
}

/// Runs the connection test for `profile`, whose private key is already in the keychain.
// NOTE: the steps are inferred from the diagnosis code of the first failure, so a failure whose
// code names no step is shown at the step that was running.
pub async fn run<S: SecretStore + Send + Sync + 'static>(
    profile: Profile,
    services: Arc<Services<S>>,
) -> ConnectionReport {
    let tokens = Arc::clone(&services.tokens);
    let session = match Session::open(profile, services).await {
        Ok(session) => session,
        Err(error) => return report_failure(error, CheckStep::ReachOrg),
    };

    let read = ScopeSet::one(scope::ACCOUNTS_READ);
    if let Err(error) = tokens.token(session.app(), &read).await {
        return okta_failure(&session, error, CheckStep::GetToken, scope::ACCOUNTS_READ);
    }
    let manage = ScopeSet::one(scope::ACCOUNTS_MANAGE);
    if let Err(error) = tokens.token(session.app(), &manage).await {
        return okta_failure(&session, error, CheckStep::Scopes, scope::ACCOUNTS_MANAGE);
    }
    match session.account().await {
        Ok(account) => ConnectionReport::passed(&format!("{} ({})", account.name, account.id)),
        Err(error) => report_failure(error, CheckStep::ReadAccount),
    }
}

fn okta_failure<S: SecretStore>(
    session: &Session<S>,
    error: okta::Error,
    at: CheckStep,
    scope_name: &str,
) -> ConnectionReport {
    let profile = session.profile();
    let context = DiagnosisContext {
        client_id: Some(profile.client_id.to_string()),
        aerial_org_domain: Some(profile.aerial_org.authority().to_owned()),
        account_id: Some(profile.account_id.to_string()),
        scope: Some(scope_name.to_owned()),
        target_org: None,
    };
    let diagnosis = desk::diagnose(&error, &context);
    let step = step_for(diagnosis.code).unwrap_or(at);
    tracing::warn!(?step, %error, "connection test failed");
    let error = SessionError::Okta {
        diagnosis: Box::new(diagnosis),
        error: Box::new(error),
    };
    ConnectionReport::failed_at(step, IpcError::from(error))
}

fn report_failure(error: SessionError, at: CheckStep) -> ConnectionReport {
    let step = match &error {
        SessionError::Okta { diagnosis, .. } => step_for(diagnosis.code).unwrap_or(at),
        _ => at,
    };
    tracing::warn!(?step, %error, "connection test failed");
    ConnectionReport::failed_at(step, IpcError::from(error))
}

/// Returns the step a diagnosis code belongs to, or `None` for codes of no one step.
fn step_for(code: DiagnosisCode) -> Option<CheckStep> {
    use DiagnosisCode as C;
    let step = match code {
        C::HostNotFound
        | C::ConnectionRefused
        | C::SecureConnectionFailed
        | C::TimedOut
        | C::ConnectionLost
        | C::NetworkFailed
        | C::NetworkSetupFailed
        | C::InvalidAddress
        | C::InsecureAddress
        | C::WrongOrgDomain => CheckStep::ReachOrg,
        C::UnknownClientId
        | C::KeyMismatch
        | C::KeyNotRegistered
        | C::PublicKeyAuthOff
        | C::NotServiceApp
        | C::KeyAlgorithmRejected
        | C::NotAerialOrg
        | C::DpopRequired
        | C::DpopNonceRequired
        | C::DpopProofRejected
        | C::AssertionReused
        | C::KeyProblem => CheckStep::GetToken,
        C::ScopeNotGranted | C::NoScopeRequested | C::MissingScope => CheckStep::Scopes,
        C::AccountNotFound | C::TokenFromOtherOrg | C::PermissionDenied => CheckStep::ReadAccount,
        C::ClockAhead | C::ClockBehind => CheckStep::Clock,
        _ => return None,
    };
    Some(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn states(report: &ConnectionReport) -> Vec<StepState> {
        report.steps.iter().map(|result| result.state).collect()
    }

    fn problem() -> IpcError {
        IpcError::new("scope_not_granted", "Not granted.", "Grant it.")
    }

    #[test]
    fn steps_before_failure_pass() {
        let report = ConnectionReport::failed_at(CheckStep::Scopes, problem());

        use StepState::*;
        assert_eq!(states(&report), [Passed, Passed, Failed, NotRun, NotRun]);
    }

    #[test]
    fn clock_failure_also_fails_token() {
        let report = ConnectionReport::failed_at(CheckStep::Clock, problem());

        use StepState::*;
        assert_eq!(states(&report), [Passed, Failed, NotRun, NotRun, Failed]);
    }

    #[test]
    fn passed_report_names_account() {
        let report = ConnectionReport::passed("Northwind (0227)");

        assert!(report.failure.is_none());
        assert!(
            report
                .steps
                .iter()
                .all(|step| step.state == StepState::Passed)
        );
        assert_eq!(report.steps[3].note.as_deref(), Some("Northwind (0227)"));
    }

    #[test]
    fn diagnosis_codes_map_to_steps() {
        assert_eq!(
            step_for(DiagnosisCode::HostNotFound),
            Some(CheckStep::ReachOrg)
        );
        assert_eq!(
            step_for(DiagnosisCode::KeyNotRegistered),
            Some(CheckStep::GetToken)
        );
        assert_eq!(
            step_for(DiagnosisCode::ScopeNotGranted),
            Some(CheckStep::Scopes)
        );
        assert_eq!(
            step_for(DiagnosisCode::AccountNotFound),
            Some(CheckStep::ReadAccount)
        );
        assert_eq!(step_for(DiagnosisCode::ClockAhead), Some(CheckStep::Clock));
        assert_eq!(step_for(DiagnosisCode::ServerError), None);
    }
}
