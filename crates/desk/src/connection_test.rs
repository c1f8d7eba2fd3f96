//! The "Test connection" checklist: reach the Aerial org, get a token, check both Aerial scopes,
//! read the account, and compare this computer's clock with Okta's. Each step reports passed,
//! failed, skipped or warning, with a diagnosis for anything that is not right.

mod clock;
mod steps;

use std::sync::Arc;

use okta::{BaseUrl, Http, ServiceApp, TokenClient};
use serde::Serialize;

use crate::diagnosis::{Diagnosis, DiagnosisContext};

/// What a profile provides before it is saved: the clients and the values the admin entered.
#[derive(Clone)]
pub struct ConnectionTarget {
    /// The shared HTTP client.
    pub http: Http,
    /// The shared token client.
    pub tokens: Arc<TokenClient>,
    /// The Aerial org, such as `https://acme-aerial.okta.com`. The test reaches this host, and
    /// fails its first step when `app` belongs to another org.
    pub aerial_org: BaseUrl,
    /// The Aerial service, such as `https://aerial-apac.okta.com`.
    pub aerial_service: BaseUrl,
    /// The Aerial account ID as entered.
    pub account_id: String,
    /// The API service app in the Aerial org, with its private key.
    pub app: Arc<ServiceApp>,
}

/// One step of the checklist, in the order the steps run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Step {
    /// An unauthenticated request to the Aerial org's public organization document.
    ReachOrg,
    /// A client-credentials token request signed with the app's key.
    GetToken,
    /// Token requests for `okta.accounts.read` and `okta.accounts.manage`.
    Scopes,
    /// `GET /accounts` on the Aerial service, and a check of the account ID.
    ReadAccount,
    /// A comparison of this computer's clock with the `Date` header of Okta's responses.
    Clock,
}

impl Step {
    /// Every step, in the order they run.
    pub const ALL: [Step; 5] = [
        Step::ReachOrg,
        Step::GetToken,
        Step::Scopes,
        Step::ReadAccount,
        Step::Clock,
    ];

    /// Returns the step's checklist label.
    pub fn title(self) -> &'static str {
        match self {
            Step::ReachOrg => "Reach the Aerial org",
            Step::GetToken => "Get a token",
            Step::Scopes => "Scopes",
            Step::ReadAccount => "Read the account",
            Step::Clock => "Clock",
        }
    }
}

/// The outcome of one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StepState {
    /// The check succeeded.
    Passed,
    /// The check failed, and the diagnosis gives the cause and the fix.
    Failed,
    /// The step did not run, because an earlier failure made it meaningless.
    Skipped,
    /// The check succeeded with a problem that may cause failures later.
    Warning,
}

/// The report of one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepReport {
    /// The step.
    pub step: Step,
    /// Its outcome.
    pub state: StepState,
    /// One plain sentence or two about the outcome.
    pub message: String,
    /// The cause and fix, for a failed step or a warning.
    pub diagnosis: Option<Diagnosis>,
}

impl StepReport {
    fn passed(step: Step, message: impl Into<String>) -> Self {
        StepReport {
            step,
            state: StepState::Passed,
            message: message.into(),
            diagnosis: None,
        }
    }

    fn failed(step: Step, message: impl Into<String>, diagnosis: Diagnosis) -> Self {
        StepReport {
            step,
            state: StepState::Failed,
            message: message.into(),
            diagnosis: Some(diagnosis),
        }
    }

    fn skipped(step: Step, reason: impl Into<String>) -> Self {
        StepReport {
            step,
            state: StepState::Skipped,
            message: reason.into(),
            diagnosis: None,
        }
    }
}

/// The whole checklist's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    /// One report per step, in [`Step::ALL`] order.
    pub steps: Vec<StepReport>,
    /// True when no step failed. A warning or a skipped step alone leaves it true.
    pub passed: bool,
    /// True when the token was DPoP-bound.
    pub dpop_in_use: bool,
    /// True when the app required DPoP and the Okta client switched it on, so the profile
    /// should save DPoP as on.
    pub dpop_switched_on: bool,
    /// Okta's clock minus this computer's, in whole seconds, when a response carried a `Date`.
    pub clock_offset_seconds: Option<i64>,
    /// The account's name, when the account was read.
    pub account_name: Option<String>,
}

/// Runs every step in order and calls `on_step` as each one finishes, skipped steps included.
pub async fn run(
    target: &ConnectionTarget,
    mut on_step: impl FnMut(&StepReport),
) -> ConnectionReport {
    let mut findings = steps::Findings::default();
    let mut reports = Vec::with_capacity(Step::ALL.len());
    let mut record = |report: StepReport| {
        on_step(&report);
        reports.push(report);
    };

    let reached = steps::reach_org(target, &mut findings).await;
    let reach_failed = reached.state == StepState::Failed;
    record(reached);

    let token = if reach_failed {
        StepReport::skipped(
            Step::GetToken,
            "Skipped because the Aerial org was not reached.",
        )
    } else {
        steps::get_token(target, &mut findings).await
    };
    let token_ok = token.state == StepState::Passed;
    record(token);

    let skip_reason = if reach_failed {
        Some("Skipped because the Aerial org was not reached.")
    } else if !token_ok {
        Some("Skipped because no token could be requested.")
    } else {
        None
    };
    record(match skip_reason {
        Some(reason) => StepReport::skipped(Step::Scopes, reason),
        None => steps::check_scopes(target, &mut findings).await,
    });
    record(match skip_reason {
        Some(reason) => StepReport::skipped(Step::ReadAccount, reason),
        None => steps::read_account(target, &mut findings).await,
    });
    record(clock::check(&findings.clock));

    ConnectionReport {
        passed: reports
            .iter()
            .all(|report| report.state != StepState::Failed),
        steps: reports,
        dpop_in_use: findings.dpop_in_use,
        dpop_switched_on: target.app.dpop_switched_on_automatically(),
        clock_offset_seconds: findings.clock.offset_seconds(),
        account_name: findings.account_name,
    }
}

/// Builds the diagnosis context from the values the admin entered.
fn context(target: &ConnectionTarget, scope: Option<&str>) -> DiagnosisContext {
    DiagnosisContext {
        client_id: Some(target.app.client_id().to_owned()),
        aerial_org_domain: Some(target.aerial_org.host().to_owned()),
        account_id: Some(target.account_id.clone()),
        scope: scope.map(str::to_owned),
        target_org: None,
    }
}
