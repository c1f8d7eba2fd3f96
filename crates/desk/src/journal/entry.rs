//! The records the journal keeps and the filters for searching them.

use serde::Serialize;
use time::OffsetDateTime;

/// The row ID of a journal entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct EntryId(pub i64);

impl std::fmt::Display for EntryId {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(formatter)
    }
}

/// The kind of change the app made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Linking an org to the Aerial account.
    Link,
    /// Replacing an org's product list.
    Products,
    /// Activating or deactivating an org.
    Status,
    /// Requesting an org's deletion.
    DeletionRequest,
    /// Creating an org through the Org Creator API.
    OrgCreation,
    /// Granting or revoking Aerial consent on an org.
    Consent,
    /// Giving a new org its starter groups and apps.
    StarterConfiguration,
}

impl Action {
    /// Every action, in the order the UI lists them.
    pub const ALL: [Action; 7] = [
        Action::Link,
        Action::Products,
        Action::Status,
        Action::DeletionRequest,
        Action::OrgCreation,
        Action::Consent,
        Action::StarterConfiguration,
    ];

    /// Returns the name stored in the database and the CSV export.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Link => "link",
            Action::Products => "products",
            Action::Status => "status",
            Action::DeletionRequest => "deletion_request",
            Action::OrgCreation => "org_creation",
            Action::Consent => "consent",
            Action::StarterConfiguration => "starter_configuration",
        }
    }

    /// Reads a stored name back.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// The state of a recorded change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Recorded before sending; not ended yet.
    Pending,
    /// Okta accepted the change.
    Succeeded,
    /// Okta rejected the change, or it could not be sent.
    Failed,
    /// The app stopped between sending the change and recording how it ended; the change must
    /// be checked against Okta.
    OutcomeUnknown,
}

impl State {
    /// Returns the name stored in the database and the CSV export.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Succeeded => "succeeded",
            State::Failed => "failed",
            State::OutcomeUnknown => "outcome_unknown",
        }
    }

    /// Reads a stored name back.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            State::Pending,
            State::Succeeded,
            State::Failed,
            State::OutcomeUnknown,
        ]
        .into_iter()
        .find(|state| state.as_str() == name)
    }
}

/// The error details of a failed change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// A plain-language summary of the failure.
    pub message: String,
    /// Okta's `errorCode`, such as `E0000001`.
    pub error_code: Option<String>,
    /// Okta's `errorId`, to quote to Okta support.
    pub error_id: Option<String>,
    /// The HTTP status, when a response came back.
    pub http_status: Option<u16>,
}

/// The outcome of a change.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Ending {
    /// Okta accepted the change; `result` summarizes the response, with no secrets.
    Succeeded { result: serde_json::Value },
    /// Okta rejected the change, or it could not be sent.
    Failed(Failure),
}

/// A change about to be sent.
#[derive(Clone, Debug, PartialEq)]
pub struct NewEntry {
    /// The profile's name.
    pub profile: String,
    /// The org changed: its ID, or its domain when it has no ID yet.
    pub org: String,
    pub action: Action,
    /// A summary of the request. Callers must leave secrets out; the journal rejects keys and
    /// values that obviously hold one, but it cannot recognize every secret.
    pub request: serde_json::Value,
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: EntryId,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    pub profile: String,
    pub org: String,
    pub action: Action,
    pub request: serde_json::Value,
    pub state: State,
    /// The response summary of a change that succeeded.
    pub result: Option<serde_json::Value>,
    pub failure: Option<Failure>,
    /// When an entry whose outcome was unknown was settled by checking Okta.
    #[serde(with = "time::serde::rfc3339::option")]
    pub rechecked_at: Option<OffsetDateTime>,
}

/// A filter on entries; empty fields match everything. Entries come newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// An org ID or domain. Matches the org an entry was recorded under, and the ID or domain
    /// of the org in its result, so a link by domain is found by the new org's ID too.
    pub org: Option<String>,
    /// Another name of the same org, such as its domain beside its ID: entries recorded under
    /// either name match. Used only with `org`.
    pub also_org: Option<String>,
    pub action: Option<Action>,
    pub profile: Option<String>,
    pub state: Option<State>,
    /// Entries started at or after this time.
    pub from: Option<OffsetDateTime>,
    /// Entries started before this time.
    pub until: Option<OffsetDateTime>,
    /// At most this many entries.
    pub limit: Option<u32>,
}
