//! Runs one change to an org with a journal entry recorded before the request is sent and
//! ended after it, so every change the CLI makes can be listed and exported later.

use std::future::Future;

use desk::journal::{Action, Ending, Failure as JournalFailure, NewEntry};
use serde_json::Value;

use crate::app::App;
use crate::failure::{Failure, Outcome};

/// One change about to be sent.
pub struct Change<'a> {
    pub profile: &'a desk::Profile,
    /// The org changed: its ID, or its domain when it has no ID yet.
    pub org: String,
    pub action: Action,
    /// A summary of the request, without secrets.
    pub request: Value,
}

/// Records `change`, runs `send`, and records how it ended. A journal that cannot record the
/// start stops the change before anything is sent. When the request may have reached Okta
/// without an answer coming back, the entry is marked "outcome unknown", so it is checked
/// against Okta later.
pub async fn run<T, F>(
    app: &App,
    change: Change<'_>,
    send: F,
    summarize: impl FnOnce(&T) -> Value,
) -> Outcome<T>
where
    F: Future<Output = Outcome<T>>,
{
    let journal = app.journal().await?;
    let id = journal
        .record_start(NewEntry {
            profile: change.profile.name.to_string(),
            org: change.org,
            action: change.action,
            request: change.request,
        })
        .await?;

    match send.await {
        Ok(value) => {
            let result = summarize(&value);
            journal.record_end(id, Ending::Succeeded { result }).await?;
            Ok(value)
        }
        Err(failure) if failure.response_lost => {
            journal
                .mark_outcome_unknown(id, journal_failure(&failure))
                .await?;
            Err(failure)
        }
        Err(failure) => {
            journal
                .record_end(id, Ending::Failed(journal_failure(&failure)))
                .await?;
            Err(failure)
        }
    }
}

fn journal_failure(failure: &Failure) -> JournalFailure {
    let okta = failure.okta.as_deref().cloned().unwrap_or_default();
    JournalFailure {
        message: failure.cause.clone(),
        error_code: okta.error_code.or(okta.oauth_error),
        error_id: okta.error_id,
        http_status: okta.http_status,
    }
}
