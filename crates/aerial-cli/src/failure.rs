//! The one error type of the CLI: what failed, what to do next, and the exit code it ends with.
//! Every error of the layers below is turned into a [`Failure`] here, so `main` prints one shape.

use desk::diagnosis::DiagnosisCode;
use desk::plans::PlanError;
use desk::session::SessionError;
use desk::{Diagnosis, DiagnosisContext, JournalError, KeychainError, ProfileError};
use serde::Serialize;

/// The documented exit codes. `aerial --help` and the README list the same table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    /// Okta rejected the request, or a check failed.
    Rejected = 1,
    /// The command line or a value on it is invalid, or a confirmation was required.
    Usage = 2,
    /// No profile, no key in the keychain, or a damaged profile file.
    NotConfigured = 3,
    /// The OS keychain cannot be used.
    Keychain = 4,
    /// Okta could not be reached.
    Network = 5,
    /// A change may or may not have taken effect, or reading it back showed something else.
    OutcomeUnknown = 6,
    /// The user answered no, or pressed Ctrl-D, at a prompt.
    Cancelled = 130,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// A failed command: the cause and the next step, in plain sentences.
#[derive(Clone, Debug, Serialize, thiserror::Error)]
#[error("{cause}")]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    #[serde(skip)]
    pub exit: Exit,
    /// A stable code to branch on, such as `scope_not_granted`, when the core gave one.
    pub code: Option<String>,
    pub cause: String,
    pub fix: Option<String>,
    /// Okta's details, kept for support.
    pub okta: Option<Box<desk::OktaDetails>>,
}

impl Failure {
    pub fn new(exit: Exit, cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Failure {
            exit,
            code: None,
            cause: cause.into(),
            fix: Some(fix.into()).filter(|fix: &String| !fix.is_empty()),
            okta: None,
        }
    }

    pub fn usage(cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Failure::new(Exit::Usage, cause, fix)
    }

    pub fn rejected(cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Failure::new(Exit::Rejected, cause, fix)
    }

    pub fn cancelled() -> Self {
        Failure::new(Exit::Cancelled, "Cancelled; nothing was changed.", "")
    }

    /// Turns an Okta client error into its diagnosis, with the profile's values in `context`.
    pub fn from_okta(error: &okta::Error, context: &DiagnosisContext) -> Self {
        let diagnosis = desk::diagnose(error, context);
        let exit = exit_for(&diagnosis);
        Failure::from_diagnosis(diagnosis, exit)
    }

    /// Turns a diagnosis into a failure, with the exit code its code implies.
    pub fn diagnosed(diagnosis: Diagnosis) -> Self {
        let exit = exit_for(&diagnosis);
        Failure::from_diagnosis(diagnosis, exit)
    }

    pub fn from_diagnosis(diagnosis: Diagnosis, exit: Exit) -> Self {
        let okta =
            Some(Box::new(diagnosis.okta)).filter(|okta| **okta != desk::OktaDetails::default());
        Failure {
            exit,
            code: Some(code_name(diagnosis.code)),
            cause: diagnosis.cause,
            fix: Some(diagnosis.fix).filter(|fix| !fix.is_empty()),
            okta,
        }
    }

    /// Renders the failure for stderr: the cause, then "What to do:", then Okta's error ID.
    pub fn render(&self) -> String {
        let mut text = format!("error: {}\n", self.cause.trim_end());
        if let Some(fix) = &self.fix {
            text.push_str(&format!("What to do: {}\n", fix.trim_end()));
        }
        if let Some(okta) = &self.okta {
            if let Some(code) = &okta.error_code {
                text.push_str(&format!("Okta error code: {code}\n"));
            }
            if let Some(id) = &okta.error_id {
                text.push_str(&format!("Okta error ID (quote it to Okta support): {id}\n"));
            }
        }
        text
    }
}

/// Returns the snake_case name of a diagnosis code, as its JSON form spells it.
fn code_name(code: DiagnosisCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Chooses the exit code of an Okta client error from its diagnosis.
fn exit_for(diagnosis: &Diagnosis) -> Exit {
    match diagnosis.code {
        DiagnosisCode::HostNotFound
        | DiagnosisCode::ConnectionRefused
        | DiagnosisCode::SecureConnectionFailed
        | DiagnosisCode::TimedOut
        | DiagnosisCode::ConnectionLost
        | DiagnosisCode::NetworkFailed
        | DiagnosisCode::NetworkSetupFailed => Exit::Network,
        DiagnosisCode::ChangeNotConfirmed | DiagnosisCode::OrgCreationResponseLost => {
            Exit::OutcomeUnknown
        }
        DiagnosisCode::InvalidAddress
        | DiagnosisCode::InsecureAddress
        | DiagnosisCode::InvalidValue => Exit::Usage,
        DiagnosisCode::KeyProblem => Exit::NotConfigured,
        _ => Exit::Rejected,
    }
}

impl From<ProfileError> for Failure {
    fn from(error: ProfileError) -> Self {
        let exit = match &error {
            ProfileError::Invalid(_)
            | ProfileError::Mismatch { .. }
            | ProfileError::AlreadyExists { .. } => Exit::Usage,
            ProfileError::Keychain { .. } | ProfileError::SecretsLeft { .. } => Exit::Keychain,
            ProfileError::NotFound { .. }
            | ProfileError::Corrupt { .. }
            | ProfileError::NewerVersion { .. }
            | ProfileError::NoConfigFolder
            | ProfileError::NotDamaged { .. } => Exit::NotConfigured,
            ProfileError::Io { .. } => Exit::Rejected,
        };
        let fix = match &error {
            ProfileError::Invalid(_) => "Correct the value and run the command again.",
            ProfileError::NotFound { .. } => "Run `aerial profile list` to see the profiles.",
            _ => "",
        };
        Failure::new(exit, sentence(&error.to_string()), fix)
    }
}

impl From<desk::profiles::ValidationError> for Failure {
    fn from(error: desk::profiles::ValidationError) -> Self {
        Failure::from(ProfileError::Invalid(error))
    }
}

impl From<SessionError> for Failure {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Okta { diagnosis, .. } => {
                let exit = exit_for(&diagnosis);
                Failure::from_diagnosis(*diagnosis, exit)
            }
            SessionError::Profile(error) => error.into(),
            SessionError::Keychain(error) => error.into(),
            other => explained(other),
        }
    }
}

/// Builds a failure from the session's own explanation of `error`.
fn explained(error: SessionError) -> Failure {
    let exit = match &error {
        SessionError::Plan(plan) => plan_exit(plan),
        SessionError::SecretNotStored { .. }
        | SessionError::StoredKeyUnreadable { .. }
        | SessionError::BadAddress { .. }
        | SessionError::UnknownOrg { .. }
        | SessionError::Profile(_) => Exit::NotConfigured,
        SessionError::Keychain(_) => Exit::Keychain,
        SessionError::Journal(_) | SessionError::Guard(_) | SessionError::Okta { .. } => {
            Exit::Rejected
        }
        SessionError::OutcomeUnknown { .. } => Exit::OutcomeUnknown,
        SessionError::AnswerLost { .. } => Exit::Rejected,
    };
    let explanation = error.explain();
    let mut failure = Failure::new(exit, sentence(&explanation.message), explanation.fix);
    failure.code = Some(explanation.code);
    failure.okta = explanation
        .okta
        .filter(|okta| *okta != desk::OktaDetails::default())
        .map(Box::new);
    failure
}

/// Chooses the exit code of a product plan that could not be made or applied: a bad intent is
/// a usage error, a read-back that differs leaves the outcome unknown.
fn plan_exit(error: &PlanError) -> Exit {
    match error {
        PlanError::EmptyOrgId
        | PlanError::EmptyProductId { .. }
        | PlanError::DuplicateProductId { .. }
        | PlanError::ConflictingIntent { .. }
        | PlanError::NotSubscribed { .. } => Exit::Usage,
        PlanError::ReadBackMismatch { .. } | PlanError::NotConfirmed { .. } => Exit::OutcomeUnknown,
        PlanError::ChangedSinceReviewed { .. }
        | PlanError::LockFailed { .. }
        | PlanError::LockTimedOut { .. }
        | PlanError::Okta(_) => Exit::Rejected,
    }
}

impl From<KeychainError> for Failure {
    fn from(error: KeychainError) -> Self {
        let mut failure = Failure::new(Exit::Keychain, sentence(&error.message), error.fix);
        if !error.detail.is_empty() {
            failure.cause = format!("{} (keychain: {})", failure.cause, error.detail);
        }
        failure
    }
}

impl From<JournalError> for Failure {
    fn from(error: JournalError) -> Self {
        Failure::rejected(sentence(&error.to_string()), "")
    }
}

impl From<okta::KeyError> for Failure {
    fn from(error: okta::KeyError) -> Self {
        Failure::usage(
            format!("The key cannot be used: {}", sentence(&error.to_string())),
            "Choose another key file, or run `aerial key generate` to make a new key.",
        )
    }
}

/// Starts `text` with a capital letter and ends it with a full stop.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut characters = text.chars();
    let sentence = match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect::<String>(),
        None => return String::new(),
    };
    with_period(&sentence)
}

/// Ends `text` with a full stop unless it already ends a sentence.
pub fn with_period(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

pub type Outcome<T = ()> = Result<T, Failure>;

#[cfg(test)]
mod tests {
    use desk::journal::{Action, Entry, EntryId, State};
    use desk::session::SessionError;

    use super::*;

    fn diagnosis(code: DiagnosisCode) -> Diagnosis {
        Diagnosis {
            code,
            cause: "The cause.".to_owned(),
            fix: "The fix.".to_owned(),
            okta: desk::OktaDetails::default(),
        }
    }

    #[test]
    fn diagnosis_codes_choose_exit_codes() {
        let cases = [
            (DiagnosisCode::KeyNotRegistered, Exit::Rejected),
            (DiagnosisCode::ScopeNotGranted, Exit::Rejected),
            (DiagnosisCode::UnexpectedResponse, Exit::Rejected),
            (DiagnosisCode::ConnectionRefused, Exit::Network),
            (DiagnosisCode::TimedOut, Exit::Network),
            (DiagnosisCode::HostNotFound, Exit::Network),
            (DiagnosisCode::ChangeNotConfirmed, Exit::OutcomeUnknown),
            (DiagnosisCode::OrgCreationResponseLost, Exit::OutcomeUnknown),
            (DiagnosisCode::InvalidAddress, Exit::Usage),
            (DiagnosisCode::KeyProblem, Exit::NotConfigured),
        ];
        for (code, exit) in cases {
            assert_eq!(Failure::diagnosed(diagnosis(code)).exit, exit, "{code:?}");
        }
    }

    #[test]
    fn unknown_outcome_exits_six() {
        let entry = Entry {
            id: EntryId(7),
            started_at: time::OffsetDateTime::UNIX_EPOCH,
            finished_at: None,
            profile: "p".to_owned(),
            org: "00oabc".to_owned(),
            action: Action::Status,
            request: serde_json::Value::Null,
            state: State::OutcomeUnknown,
            result: None,
            failure: None,
            rechecked_at: None,
        };
        let error = SessionError::OutcomeUnknown {
            org: "00oabc".to_owned(),
            reason: "the connection dropped".to_owned(),
            entry: Box::new(entry),
        };
        let failure = Failure::from(error);
        assert_eq!(failure.exit, Exit::OutcomeUnknown);
        assert_eq!(failure.exit.code(), 6);
        assert!(
            failure.render().contains("What to do:"),
            "{}",
            failure.render()
        );
    }

    #[test]
    fn render_puts_fix_and_error_id_after_cause() {
        let mut diagnosis = diagnosis(DiagnosisCode::ScopeNotGranted);
        diagnosis.okta.error_id = Some("oae123".to_owned());
        let text = Failure::diagnosed(diagnosis).render();
        assert_eq!(
            text,
            "error: The cause.\nWhat to do: The fix.\nOkta error ID (quote it to Okta support): oae123\n"
        );
    }
}
