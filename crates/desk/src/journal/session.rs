//! Liveness of the processes that use a journal. Each open journal holds an exclusive lock on a
//! file of its own, named after a random session ID, in a folder beside the database. The OS
//! releases the lock when the process ends, even when it is killed, so a pending entry whose
//! session's lock can be taken belongs to a process that stopped before recording the outcome.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::Rng;

/// Minimum age of a lock file before [`sweep`] may delete it.
const SWEEP_AGE: Duration = Duration::from_secs(60);

use super::error::JournalError;

/// The lock that marks this process's journal session as running.
#[derive(Debug)]
pub(super) struct Session {
    id: String,
    path: PathBuf,
    file: Option<File>,
}

impl Session {
    /// Starts a session with a new random ID and locks its file.
    pub(super) fn start(database: &Path) -> Result<Self, JournalError> {
        let id = format!("{:016x}", rand::rng().random::<u64>());
        let path = lock_path(database, &id);
        let lock_error = |source| JournalError::SessionLock {
            path: path.clone(),
            source,
        };

        fs::create_dir_all(sessions_folder(database)).map_err(lock_error)?;
        let file = File::create(&path).map_err(lock_error)?;
        file.lock().map_err(lock_error)?;
        Ok(Self {
            id,
            path,
            file: Some(file),
        })
    }

    pub(super) fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Close (and so unlock) the file before deleting it: Windows cannot delete an open file.
        drop(self.file.take());
        let _ = fs::remove_file(&self.path);
    }
}

/// Reports whether the process that owns session `id` is still running: its lock file exists
/// and is locked.
pub(super) fn is_running(database: &Path, id: &str) -> bool {
    let Ok(file) = File::options().write(true).open(lock_path(database, id)) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => false,
        Err(TryLockError::WouldBlock) => true,
        Err(TryLockError::Error(error)) => {
            tracing::warn!(session = id, %error, "could not test a journal session lock; treating the session as stopped");
            false
        }
    }
}

/// Deletes the lock file of a session found to have stopped.
pub(super) fn forget(database: &Path, id: &str) {
    let _ = fs::remove_file(lock_path(database, id));
}

/// Deletes the lock files of sessions that stopped without leaving pending entries, such as a
/// process killed while idle. Only files older than [`SWEEP_AGE`] are considered, because a
/// starting process creates its file a moment before it locks it.
pub(super) fn sweep(database: &Path, own: &str) {
    let Ok(entries) = fs::read_dir(sessions_folder(database)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(|name| name.strip_suffix(".lock")) else {
            continue;
        };
        let old_enough = entry
            .metadata()
            .and_then(|metadata| metadata.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age >= SWEEP_AGE);
        if id != own && old_enough && !is_running(database, id) {
            forget(database, id);
        }
    }
}

fn sessions_folder(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".sessions");
    PathBuf::from(name)
}

fn lock_path(database: &Path, id: &str) -> PathBuf {
    sessions_folder(database).join(format!("{id}.lock"))
}
