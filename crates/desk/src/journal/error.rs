//! Errors of the journal.

use std::path::PathBuf;

use super::entry::{EntryId, State};

/// A failed journal operation.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("Could not open the journal {}: {source}. Check that the folder exists and is writable.", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },

    #[error(
        "The journal {} was written by a newer Aerial Desk (schema version {found}; this version \
         reads up to {supported}). Update Aerial Desk; the journal is left unchanged.",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("Could not create the session lock {}: {source}.", path.display())]
    SessionLock {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("The journal database failed while trying to {action}: {source}.")]
    Database {
        action: &'static str,
        source: rusqlite::Error,
    },

    #[error(
        "The {which} summary contains what looks like a secret at {path}. Summaries are stored in \
         plain text, so leave secrets out of them."
    )]
    SecretInSummary { which: &'static str, path: String },

    #[error("A journal entry needs a {field}; it was empty, so nothing was recorded.")]
    MissingField { field: &'static str },

    #[error(
        "The {which} summary is {bytes} bytes; at most {max} are stored. Summarize it further."
    )]
    SummaryTooLarge {
        which: &'static str,
        bytes: usize,
        max: usize,
    },

    #[error("No journal entry has ID {id}.")]
    NotFound { id: EntryId },

    #[error("Journal entry {id} is {}, so it cannot be {attempted}; only {} entries can.", actual.as_str(), expected.as_str())]
    WrongState {
        id: EntryId,
        actual: State,
        expected: State,
        attempted: &'static str,
    },

    #[error("Journal entry {id} contains a value this version cannot read ({column}: {value:?}).")]
    UnreadableRow {
        id: i64,
        column: &'static str,
        value: String,
    },

    #[error("Could not write the CSV export: {0}.")]
    Csv(#[from] csv::Error),

    #[error(
        "No data folder was found for this user, so the journal cannot be stored. Set HOME (or the OS equivalent) and try again."
    )]
    NoDataFolder,

    #[error("A journal task stopped unexpectedly: {0}.")]
    Task(String),
}

pub(super) fn database(action: &'static str) -> impl FnOnce(rusqlite::Error) -> JournalError {
    move |source| JournalError::Database { action, source }
}
