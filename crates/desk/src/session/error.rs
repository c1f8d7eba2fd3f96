//! The failures of session operations, and their plain-language explanations for the admin.

use serde::Serialize;

use crate::diagnosis::{Diagnosis, OktaDetails};
use crate::journal::{Entry, JournalError};
use crate::keychain::KeychainError;
use crate::profiles::ProfileError;

/// A failure of a session operation.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The profile has no private key in the keychain.
    #[error(
        "profile {profile} has no {what} in the keychain; generate or import the key again, or \
         run the connect wizard for this profile"
    )]
    SecretNotStored {
        /// The profile's name.
        profile: String,
        /// The missing secret, such as "private key" or "API token for acme.okta.com".
        what: String,
    },

    /// A key in the keychain could not be read back as a key.
    #[error(
        "the {what} stored for profile {profile} cannot be read ({reason}); generate or import \
         the key again"
    )]
    StoredKeyUnreadable {
        profile: String,
        what: String,
        reason: String,
    },

    /// An address in the profile cannot be used.
    #[error("the address {value} in profile {profile} cannot be used: {reason}; edit the profile")]
    BadAddress {
        profile: String,
        value: String,
        reason: String,
    },

    /// The profile lists no parent org at this address.
    #[error(
        "profile {profile} has no credentials for the org {org}; add it as a parent org with an \
         API token or an OAuth app first"
    )]
    UnknownOrg { profile: String, org: String },

    /// The keychain failed.
    #[error(transparent)]
    Keychain(#[from] KeychainError),

    /// The profile file failed.
    #[error(transparent)]
    Profile(#[from] ProfileError),

    /// The journal failed, so the change was not sent.
    #[error(transparent)]
    Journal(#[from] JournalError),

    /// A safety check refused the change before anything was sent.
    #[error(transparent)]
    Guard(#[from] crate::guards::GuardError),

    /// A product plan could not be made or applied.
    #[error(transparent)]
    Plan(#[from] crate::plans::PlanError),

    /// Okta refused a call, or it could not be made.
    #[error("{}", .diagnosis.cause)]
    Okta {
        diagnosis: Box<Diagnosis>,
        #[source]
        error: Box<okta::Error>,
    },

    /// Okta's response was lost, but reading the org again showed the change took effect.
    #[error(
        "the answer from Okta about {org} was lost, but reading the org again shows the change \
         took effect"
    )]
    AnswerLost { org: String, entry: Box<Entry> },

    /// The request may have reached Okta, but no response came back, and reading the org again
    /// could not settle what happened.
    #[error(
        "the change to {org} may or may not have reached Okta ({reason}); the history marks it \
         \"outcome unknown\" and the app checks it again at the next start"
    )]
    OutcomeUnknown {
        org: String,
        reason: String,
        entry: Box<Entry>,
    },
}

/// A failure as the UI and the CLI show it: plain words in front, Okta's details behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// A stable code to branch on, such as `scope_not_granted` or `keychain_locked`.
    pub code: String,
    /// The failure, in plain words.
    pub message: String,
    /// The next step for the admin.
    pub fix: String,
    /// Okta's error code, summary and errorId, when Okta responded.
    pub okta: Option<OktaDetails>,
}

impl SessionError {
    /// Explains the failure in plain words.
    pub fn explain(&self) -> Explanation {
        let plain = |code: &str, message: String, fix: &str| Explanation {
            code: code.to_owned(),
            message: sentence(&message),
            fix: fix.to_owned(),
            okta: None,
        };
        match self {
            SessionError::Okta { diagnosis, .. } => Explanation {
                code: code_name(&diagnosis.code),
                message: diagnosis.cause.clone(),
                fix: diagnosis.fix.clone(),
                okta: Some(diagnosis.okta.clone()),
            },
            SessionError::SecretNotStored { .. } => plain(
                "secret_not_stored",
                self.to_string(),
                "Generate or import the key again, or run the connect wizard.",
            ),
            SessionError::StoredKeyUnreadable { .. } => plain(
                "stored_key_unreadable",
                self.to_string(),
                "Generate or import the key again.",
            ),
            SessionError::BadAddress { .. } => {
                plain("bad_address", self.to_string(), "Edit the profile.")
            }
            SessionError::UnknownOrg { org, .. } => plain(
                "unknown_org",
                format!(
                    "Aerial Desk keeps no API token or OAuth app for {}, so it cannot change \
                     that org.",
                    host_of(org)
                ),
                "Add it as a parent org with an API token of its super admin or an OAuth app: \
                 in the app, in the create-org or link wizard; with the CLI, `aerial profile \
                 add-parent`.",
            ),
            SessionError::Keychain(error) => Explanation {
                code: format!("keychain_{}", problem_name(error.problem)),
                message: error.message.clone(),
                fix: error.fix.clone(),
                okta: None,
            },
            SessionError::Profile(_) => plain("profile", self.to_string(), ""),
            SessionError::Journal(_) => plain(
                "journal",
                self.to_string(),
                "Nothing was sent to Okta. Check that the disk is not full, then try again.",
            ),
            SessionError::Guard(error) => plain("refused", error.to_string(), ""),
            SessionError::Plan(error) => plain("plan", error.to_string(), ""),
            SessionError::AnswerLost { org, .. } => plain(
                "answer_lost_change_applied",
                format!(
                    "Okta's answer about {org} was lost, but reading the org again shows that \
                     the change took effect."
                ),
                "Nothing more to do; reload to see the change.",
            ),
            SessionError::OutcomeUnknown { org, .. } => plain(
                "outcome_unknown",
                format!(
                    "No answer came back from Okta, so Aerial Desk does not know whether the \
                     change to {org} took effect. The history marks it \"outcome unknown\", and \
                     Aerial Desk checks it again at the next start."
                ),
                "Check the org in the list before trying again.",
            ),
        }
    }
}

/// Returns the serialized (snake_case) name of a diagnosis code.
fn code_name(code: &crate::DiagnosisCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

fn problem_name(problem: crate::keychain::KeychainProblem) -> &'static str {
    use crate::keychain::KeychainProblem;
    match problem {
        KeychainProblem::NoSessionBus => "no_session_bus",
        KeychainProblem::NoPasswordStore => "no_password_store",
        KeychainProblem::Locked => "locked",
        KeychainProblem::ReadBackMismatch => "read_back_mismatch",
        KeychainProblem::Failed => "failed",
    }
}

/// Returns `text` as a sentence: a capital first letter and a final full stop.
fn sentence(text: &str) -> String {
    let mut characters = text.chars();
    let Some(first) = characters.next() else {
        return String::new();
    };
    let mut sentence: String = first.to_uppercase().chain(characters).collect();
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

/// Returns the host of an org address such as `http://acme.sim.localhost:4010`, the name admins
/// know the org by.
fn host_of(address: &str) -> &str {
    let authority = address.split_once("://").map_or(address, |(_, rest)| rest);
    authority.split([':', '/']).next().unwrap_or(authority)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_org_names_the_host() {
        let error = SessionError::UnknownOrg {
            profile: "Demo".into(),
            org: "https://northwind-us.sim.localhost:41234".into(),
        };

        let explanation = error.explain();

        assert_eq!(
            explanation.message,
            "Aerial Desk keeps no API token or OAuth app for northwind-us.sim.localhost, so it \
             cannot change that org."
        );
        assert_eq!(explanation.code, "unknown_org");
    }

    #[test]
    fn plain_messages_read_as_sentences() {
        let error = SessionError::BadAddress {
            profile: "Acme".into(),
            value: "acme".into(),
            reason: "it has no dot".into(),
        };

        let message = error.explain().message;

        assert!(message.starts_with("The address acme"), "{message}");
        assert!(message.ends_with('.'), "{message}");
    }

    #[test]
    fn sentence_keeps_a_final_question_mark() {
        assert_eq!(sentence("is it linked?"), "Is it linked?");
        assert_eq!(sentence(""), "");
    }
}
