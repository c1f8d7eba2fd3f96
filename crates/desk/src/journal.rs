//! The journal: a local record of every change the app makes to an org (link, products, status,
//! deletion request, org creation, consent, starter configuration), kept in SQLite.
//!
//! A change is recorded with [`Journal::record_start`] before its request is sent, and ended with
//! [`Journal::record_end`] once the outcome is known. If the app stops in between, the entry
//! stays pending. The next [`Journal::open`] marks it [`State::OutcomeUnknown`] and returns it,
//! so the app can check against Okta whether the change took effect and then call
//! [`Journal::settle`]. Pending entries of another process that is still running are left
//! alone, because the app and the CLI may share the journal. The session locks in `session.rs`
//! distinguish them.
//!
//! Summaries are stored in plain text. Callers must pass summaries without secrets; the journal
//! rejects keys and values that obviously hold one (see [`MAX_SUMMARY_BYTES`] for the size limit).
//!
//! One connection, in WAL mode with full sync, sits behind a mutex, and every call runs on a
//! blocking thread so the async runtime never waits on the disk.

mod entry;
mod error;
mod export;
mod schema;
mod session;
mod sql;
mod summary;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;

pub use entry::{Action, Ending, Entry, EntryId, Failure, NewEntry, Query, State};
pub use error::JournalError;
pub use export::write_csv;
pub use summary::MAX_SUMMARY_BYTES;

use session::Session;

/// The journal file's name inside the data folder.
pub const FILE_NAME: &str = "journal.sqlite3";

/// The data folder name, after the app's bundle identifier; debug builds use their own.
const FOLDER_NAME: &str = if cfg!(debug_assertions) {
    "app.aerialdesk.desktop-dev"
} else {
    "app.aerialdesk.desktop"
};

/// How long a write waits for another process's write to finish before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open journal. Clones share one connection.
#[derive(Clone, Debug)]
pub struct Journal {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    connection: Mutex<Connection>,
    session: Session,
    path: PathBuf,
    recovered: Vec<Entry>,
}

impl Journal {
    /// Returns this build's journal path, such as
    /// `~/.local/share/app.aerialdesk.desktop/journal.sqlite3` on Linux.
    pub fn default_path() -> Result<PathBuf, JournalError> {
        let base = directories::BaseDirs::new().ok_or(JournalError::NoDataFolder)?;
        Ok(base.data_dir().join(FOLDER_NAME).join(FILE_NAME))
    }

    /// Opens (creating if needed) the journal at `path`, brings its schema up to date, and marks
    /// the pending entries of processes that stopped as outcome unknown. Those entries are then
    /// available from [`Journal::recovered_at_open`].
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self, JournalError> {
        let path = path.into();
        let inner = tokio::task::spawn_blocking(move || open_blocking(path))
            .await
            .map_err(|error| JournalError::Task(error.to_string()))??;
        Ok(Self {
            inner: Arc::new(inner),
        })
    }

    /// Returns the path of the database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Returns the entries this open marked as outcome unknown.
    pub fn recovered_at_open(&self) -> &[Entry] {
        &self.inner.recovered
    }

    /// Records a change before its request is sent, and returns the entry's ID for
    /// [`Journal::record_end`]. Fails without recording when the summary looks like it contains a
    /// secret.
    pub async fn record_start(&self, entry: NewEntry) -> Result<EntryId, JournalError> {
        self.run(move |connection, session| sql::insert_pending(connection, session, &entry))
            .await
    }

    /// Records how a pending change ended.
    pub async fn record_end(&self, id: EntryId, ending: Ending) -> Result<(), JournalError> {
        self.run(move |connection, _| sql::end(connection, id, &ending, State::Pending, false))
            .await
    }

    /// Marks a pending change whose request may have reached Okta without an answer coming back
    /// (a timeout or a dropped connection). `failure` says what went wrong. The entry then waits
    /// for [`Journal::settle`], like one left by a crash.
    pub async fn mark_outcome_unknown(
        &self,
        id: EntryId,
        failure: Failure,
    ) -> Result<Entry, JournalError> {
        self.run(move |connection, _| sql::mark_outcome_unknown(connection, id, &failure))
            .await
    }

    /// Records the outcome found by checking Okta for an entry whose outcome was unknown.
    /// `desk::session::Session::recheck_unknown` finds the outcome by reading the org from Okta.
    pub async fn settle(&self, id: EntryId, ending: Ending) -> Result<(), JournalError> {
        self.run(move |connection, _| {
            sql::end(connection, id, &ending, State::OutcomeUnknown, true)
        })
        .await
    }

    /// Returns every entry whose outcome is still unknown, including those left from earlier
    /// starts, newest first.
    pub async fn outcome_unknown(&self) -> Result<Vec<Entry>, JournalError> {
        self.query(Query {
            state: Some(State::OutcomeUnknown),
            ..Query::default()
        })
        .await
    }

    /// Returns one entry.
    pub async fn get(&self, id: EntryId) -> Result<Entry, JournalError> {
        self.run(move |connection, _| sql::get(connection, id))
            .await
    }

    /// Returns the entries that match `query`, newest first.
    pub async fn query(&self, query: Query) -> Result<Vec<Entry>, JournalError> {
        self.run(move |connection, _| sql::query(connection, &query))
            .await
    }

    /// Returns the entries that match `query` as CSV (see [`write_csv`]).
    pub async fn export_csv(&self, query: Query) -> Result<Vec<u8>, JournalError> {
        self.run(move |connection, _| {
            let entries = sql::query(connection, &query)?;
            let mut bytes = Vec::new();
            write_csv(&entries, &mut bytes)?;
            Ok(bytes)
        })
        .await
    }

    /// Runs `operation` on a blocking thread while holding the connection.
    async fn run<T, F>(&self, operation: F) -> Result<T, JournalError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &str) -> Result<T, JournalError> + Send + 'static,
    {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            // A poisoned lock means another call panicked mid-operation; SQLite rolled back
            // whatever transaction it had open, so the connection is still usable.
            let mut connection = inner
                .connection
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            operation(&mut connection, inner.session.id())
        })
        .await
        .map_err(|error| JournalError::Task(error.to_string()))?
    }
}

fn open_blocking(path: PathBuf) -> Result<Inner, JournalError> {
    let open_error = |source| JournalError::Open {
        path: path.clone(),
        source,
    };
    if let Some(folder) = path
        .parent()
        .filter(|folder| !folder.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder).map_err(|error| {
            open_error(rusqlite::Error::InvalidPath(
                format!("{}: {error}", folder.display()).into(),
            ))
        })?;
    }

    let mut connection = Connection::open(&path).map_err(open_error)?;
    configure(&connection).map_err(open_error)?;
    schema::migrate(&mut connection, schema::MIGRATIONS).map_err(|error| match error {
        schema::MigrationError::Newer { found, supported } => JournalError::NewerSchema {
            path: path.clone(),
            found,
            supported,
        },
        schema::MigrationError::Sqlite(source) => open_error(source),
    })?;

    let session = Session::start(&path)?;
    let (recovered, stopped) = sql::recover(&mut connection, session.id(), |id| {
        session::is_running(&path, id)
    })?;
    for id in &stopped {
        session::forget(&path, id);
    }
    session::sweep(&path, session.id());
    if !recovered.is_empty() {
        tracing::warn!(count = recovered.len(), journal = %path.display(), "changes interrupted by a stop are now outcome unknown");
    }

    Ok(Inner {
        connection: Mutex::new(connection),
        session,
        path,
        recovered,
    })
}

/// WAL lets readers run during a write; full sync makes each recorded "before" durable before
/// the request goes out, even across a power loss.
fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "the journal database did not switch to WAL mode");
    }
    connection.execute_batch("PRAGMA synchronous = FULL;")
}
