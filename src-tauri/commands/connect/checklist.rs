//! "Test connection": desk's checklist from this computer to the Aerial API, run for the draft
//! profile and turned into what the wizard shows: each step's outcome and note, and the diagnosis
//! of each failure or warning with Okta's codes behind "Details".

use std::sync::Arc;

use desk::Profile;
use desk::connection_test::{self, ConnectionTarget, Step, StepReport};
use desk::diagnosis::Diagnosis;
use desk::profiles::SecretStore;
use desk::session::{Services, Session, SessionError};
use serde::Serialize;
use specta::Type;

use crate::ipc_error::{IpcError, OktaCodes};

/// One step of the connection test, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum CheckStep {
    /// The Aerial org is reachable and is an Okta org.
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

impl From<Step> for CheckStep {
    fn from(step: Step) -> Self {
        match step {
            Step::ReachOrg => CheckStep::ReachOrg,
            Step::GetToken => CheckStep::GetToken,
            Step::Scopes => CheckStep::Scopes,
            Step::ReadAccount => CheckStep::ReadAccount,
            Step::Clock => CheckStep::Clock,
        }
    }
}

/// The outcome of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    Passed,
    Failed,
    /// Not run, because an earlier step failed.
    Skipped,
    /// Passed, with a problem that may cause failures later.
    Warning,
}

impl From<connection_test::StepState> for StepState {
    fn from(state: connection_test::StepState) -> Self {
        match state {
            connection_test::StepState::Passed => StepState::Passed,
            connection_test::StepState::Failed => StepState::Failed,
            connection_test::StepState::Skipped => StepState::Skipped,
            connection_test::StepState::Warning => StepState::Warning,
        }
    }
}

/// A step's outcome as the checklist shows it.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StepResult {
    pub step: CheckStep,
    pub state: StepState,
    /// One or two plain sentences about the outcome.
    pub note: Option<String>,
    /// The cause and fix of a failure or a warning.
    pub problem: Option<IpcError>,
}

/// The whole checklist, with the diagnosis of the first failed step.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    pub steps: Vec<StepResult>,
    /// The first failed step's problem, or `None` when no step failed.
    pub failure: Option<IpcError>,
    /// The account's name, when it was read.
    pub account_name: Option<String>,
    /// Whether the app requires DPoP, so the profile is saved with DPoP on.
    pub dpop_required: bool,
}

impl ConnectionReport {
    fn from_desk(report: connection_test::ConnectionReport) -> Self {
        let steps: Vec<StepResult> = report.steps.into_iter().map(step_result).collect();
        let failure = steps
            .iter()
            .find(|result| result.state == StepState::Failed)
            .and_then(|result| result.problem.clone());
        Self {
            steps,
            failure,
            account_name: report.account_name,
            dpop_required: report.dpop_in_use || report.dpop_switched_on,
        }
    }

    /// Returns a report in which the first step failed before any request, such as for a key that
    /// could not be read from the keychain.
    fn failed_before_start(problem: IpcError) -> Self {
        let steps = Step::ALL
            .iter()
            .map(|&step| StepResult {
                step: step.into(),
                state: if step == Step::ReachOrg {
                    StepState::Failed
                } else {
                    StepState::Skipped
                },
                note: None,
                problem: (step == Step::ReachOrg).then(|| problem.clone()),
            })
            .collect();
        Self {
            steps,
            failure: Some(problem),
            account_name: None,
            dpop_required: false,
        }
    }
}

fn step_result(report: StepReport) -> StepResult {
    StepResult {
        step: report.step.into(),
        state: report.state.into(),
        note: Some(report.message).filter(|message| !message.is_empty()),
        problem: report.diagnosis.map(problem_of),
    }
}

/// Turns a diagnosis into the IPC error shape, with Okta's codes kept for "Details".
fn problem_of(diagnosis: Diagnosis) -> IpcError {
    let code = serde_json::to_value(diagnosis.code)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    let mut error = IpcError::new(&code, diagnosis.cause, diagnosis.fix);
    error.okta = Some(Box::new(OktaCodes::from(diagnosis.okta)));
    error
}

/// Runs the connection test for `profile`, whose private key is already in the keychain.
pub async fn run<S: SecretStore + Send + Sync + 'static>(
    profile: Profile,
    services: Arc<Services<S>>,
) -> ConnectionReport {
    let tokens = Arc::clone(&services.tokens);
    let session = match Session::open(profile.clone(), services).await {
        Ok(session) => session,
        Err(error) => return opening_failed(error),
    };
    let target = match target_for(&profile, &session, tokens) {
        Ok(target) => target,
        Err(error) => return opening_failed(error),
    };
    let report = connection_test::run(&target, |step| {
        tracing::debug!(step = ?step.step, state = ?step.state, "connection test step finished");
    })
    .await;
    if !report.passed {
        tracing::warn!(profile = %profile.name, "connection test failed");
    }
    ConnectionReport::from_desk(report)
}

fn target_for<S: SecretStore>(
    profile: &Profile,
    session: &Session<S>,
    tokens: Arc<okta::TokenClient>,
) -> Result<ConnectionTarget, SessionError> {
    let parse = |address: &str| {
        okta::BaseUrl::parse(address).map_err(|error| SessionError::BadAddress {
            profile: profile.name.to_string(),
            value: address.to_owned(),
            reason: error.to_string(),
        })
    };
    Ok(ConnectionTarget {
        http: session.http().clone(),
        tokens,
        aerial_org: parse(&profile.aerial_org.base_url())?,
        aerial_service: parse(profile.aerial_service.as_str())?,
        account_id: profile.account_id.to_string(),
        app: Arc::clone(session.app()),
    })
}

fn opening_failed(error: SessionError) -> ConnectionReport {
    tracing::warn!(%error, "connection test could not start");
    ConnectionReport::failed_before_start(IpcError::from(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> IpcError {
        IpcError::new("secret_not_stored", "No key.", "Generate one.")
    }

    #[test]
    fn failure_before_start_skips_later_steps() {
        let report = ConnectionReport::failed_before_start(problem());

        let states: Vec<StepState> = report.steps.iter().map(|result| result.state).collect();
        use StepState::*;
        assert_eq!(states, [Failed, Skipped, Skipped, Skipped, Skipped]);
        assert_eq!(
            report.failure.map(|error| error.code),
            Some("secret_not_stored".to_owned())
        );
    }

    #[test]
    fn diagnosis_keeps_okta_codes() {
        let diagnosis = Diagnosis {
            code: desk::DiagnosisCode::ScopeNotGranted,
            cause: "Not granted.".to_owned(),
            fix: "Grant it.".to_owned(),
            okta: desk::OktaDetails {
                oauth_error: Some("invalid_scope".to_owned()),
                ..desk::OktaDetails::default()
            },
        };

        let error = problem_of(diagnosis);

        assert_eq!(error.code, "scope_not_granted");
        assert_eq!(error.fix.as_deref(), Some("Grant it."));
        let okta = error.okta.expect("Okta's codes are kept");
        assert_eq!(okta.oauth_error.as_deref(), Some("invalid_scope"));
    }
}
