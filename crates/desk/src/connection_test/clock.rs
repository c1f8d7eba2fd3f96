//! The clock step: this computer's clock against the `Date` header of Okta's responses.

use super::{Step, StepReport, StepState};
use crate::diagnosis::{DiagnosisCode, clock_diagnosis};

/// Up to this far off, in seconds, the clock passes. `Date` has one-second resolution and the
/// response takes time to arrive, so a few seconds always show.
const WARN_AFTER_SECONDS: u64 = 60;

/// Beyond this far off, in seconds, the clock fails. A computer this far behind signs client
/// assertions whose `exp` (its now + 5 minutes) has already passed on Okta's clock.
const FAIL_AFTER_SECONDS: u64 = 5 * 60;

/// What the other steps learned about the clock.
#[derive(Debug, Default)]
pub(super) struct ClockFindings {
    /// Okta's time minus this computer's, in whole seconds, from each `Date` header read, the
    /// Aerial org's public document first.
    pub samples: Vec<i64>,
    /// Set when the token request failed because of the clock, which proves the offset matters
    /// even below [`FAIL_AFTER_SECONDS`].
    pub token_rejected_for_clock: bool,
}

impl ClockFindings {
    /// Returns the offset the step reports: the first sample, from the Aerial org, which checks
    /// the client assertions.
    pub fn offset_seconds(&self) -> Option<i64> {
        self.samples.first().copied()
    }
}

/// Reports the clock step from what the earlier steps read.
pub(super) fn check(findings: &ClockFindings) -> StepReport {
    let Some(offset) = findings.offset_seconds() else {
        return StepReport::skipped(
            Step::Clock,
            "Skipped because no response from Okta carried a date to compare with.",
        );
    };
    let distance = offset.unsigned_abs();
    let diagnosis = clock_diagnosis(offset);
    let state = if distance > FAIL_AFTER_SECONDS || findings.token_rejected_for_clock {
        StepState::Failed
    } else if distance > WARN_AFTER_SECONDS {
        StepState::Warning
    } else {
        StepState::Passed
    };

    if state == StepState::Passed {
        return StepReport::passed(Step::Clock, describe_small_offset(offset));
    }
    StepReport {
        step: Step::Clock,
        state,
        message: diagnosis.cause.clone(),
        diagnosis: Some(diagnosis),
    }
}

/// Describes an offset within [`WARN_AFTER_SECONDS`] in seconds.
fn describe_small_offset(offset: i64) -> String {
    let seconds = offset.unsigned_abs();
    let unit = if seconds == 1 { "second" } else { "seconds" };
    match offset {
        0 => "Your computer's clock matches Okta's.".to_owned(),
        ..0 => format!("Your computer's clock is {seconds} {unit} ahead of Okta's."),
        _ => format!("Your computer's clock is {seconds} {unit} behind Okta's."),
    }
}

/// Reports whether a diagnosis blames the clock.
pub(super) fn is_clock_code(code: DiagnosisCode) -> bool {
    matches!(code, DiagnosisCode::ClockAhead | DiagnosisCode::ClockBehind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_for(offset: i64, token_rejected_for_clock: bool) -> (StepState, String) {
        let findings = ClockFindings {
            samples: vec![offset],
            token_rejected_for_clock,
        };
        let report = check(&findings);
        (report.state, report.message)
    }

    #[test]
    fn thresholds_pass_warn_and_fail() {
        assert_eq!(state_for(0, false).0, StepState::Passed);
        assert_eq!(state_for(-60, false).0, StepState::Passed);
        assert_eq!(state_for(61, false).0, StepState::Warning);
        assert_eq!(state_for(-300, false).0, StepState::Warning);
        assert_eq!(state_for(301, false).0, StepState::Failed);
        assert_eq!(state_for(-3600, false).0, StepState::Failed);
    }

    #[test]
    fn clock_rejection_fails_below_threshold() {
        assert_eq!(state_for(-240, true).0, StepState::Failed);
    }

    #[test]
    fn messages_say_direction_and_size() {
        assert_eq!(
            state_for(-240, false).1,
            "Your computer's clock is 4 minutes ahead of Okta's."
        );
        assert_eq!(
            state_for(420, false).1,
            "Your computer's clock is 7 minutes behind Okta's."
        );
        assert_eq!(
            state_for(-1, false).1,
            "Your computer's clock is 1 second ahead of Okta's."
        );
        assert_eq!(
            state_for(12, false).1,
            "Your computer's clock is 12 seconds behind Okta's."
        );
    }

    #[test]
    fn no_date_skips_the_step() {
        let report = check(&ClockFindings::default());
        assert_eq!(report.state, StepState::Skipped);
        assert!(report.diagnosis.is_none());
    }
}
