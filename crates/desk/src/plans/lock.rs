//! The per-org lock that serializes product changes across windows and processes on one
//! computer.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

use super::error::PlanError;

/// How long [`OrgLocks::lock`] waits by default. A holder makes three Aerial calls, each
/// bounded by the HTTP client's timeouts and retries, so a two-minute wait most likely means the
/// holder is stuck.
const DEFAULT_WAIT_LIMIT: Duration = Duration::from_secs(120);

/// One lock per (account, org) for product changes.
///
/// Tasks of one process queue on an async mutex, which hands the lock out in request order.
/// Processes share a lock file per org in the folder given to [`OrgLocks::new`], locked with
/// the OS's exclusive file lock (`flock` on Unix, `LockFileEx` on Windows), which the OS
/// releases when the holder exits or crashes. Lock files are never deleted, because deleting
/// one while another process waits on it would let two holders in at once.
///
/// Share one `OrgLocks` per process (for example in an `Arc`): separate instances on one
/// folder still exclude each other through the file, but their tasks no longer queue in order.
#[derive(Debug)]
pub struct OrgLocks {
    folder: PathBuf,
    wait_limit: Duration,
    in_process: Mutex<HashMap<String, Arc<AsyncMutex<()>>>>,
}

/// A held org lock, released when dropped.
#[derive(Debug)]
pub struct OrgLockGuard {
    _file: File,
    _in_process: OwnedMutexGuard<()>,
}

impl OrgLocks {
    /// Creates the locks, keeping lock files in `folder` (created on first use). Every process
    /// must pass the same folder, such as the app's data folder.
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        OrgLocks {
            folder: folder.into(),
            wait_limit: DEFAULT_WAIT_LIMIT,
            in_process: Mutex::new(HashMap::new()),
        }
    }

    /// Sets how long [`Self::lock`] waits before it gives up with
    /// [`PlanError::LockTimedOut`].
    pub fn with_wait_limit(mut self, wait_limit: Duration) -> Self {
        self.wait_limit = wait_limit;
        self
    }

    /// Returns the folder of the lock files.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Returns the lock file for one org of one account. The IDs are escaped, so any string maps to
    /// one file name inside the folder.
    pub fn lock_path(&self, account_id: &str, org_id: &str) -> PathBuf {
        let name = format!(
            "products-{}-{}.lock",
            escape_for_file_name(account_id),
            escape_for_file_name(org_id)
        );
        self.folder.join(name)
    }

    /// Waits for the lock of org `org_id` in account `account_id`: first behind other tasks of
    /// this process, then behind other processes.
    pub async fn lock(&self, account_id: &str, org_id: &str) -> Result<OrgLockGuard, PlanError> {
        let path = self.lock_path(account_id, org_id);
        let mutex = self.in_process_mutex(&path);
        let acquire = async {
            let in_process = mutex.lock_owned().await;
            let file = lock_file(path.clone()).await?;
            Ok(OrgLockGuard {
                _file: file,
                _in_process: in_process,
            })
        };
        match tokio::time::timeout(self.wait_limit, acquire).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(org_id, path = %path.display(), "timed out waiting for the org's product lock");
                Err(PlanError::LockTimedOut {
                    org_id: org_id.to_owned(),
                    path,
                    waited: self.wait_limit,
                })
            }
        }
    }

    fn in_process_mutex(&self, path: &Path) -> Arc<AsyncMutex<()>> {
        let key = path.to_string_lossy().into_owned();
        // A poisoned map only means another thread panicked while inserting, and the map is still
        // valid.
        let mut map = self
            .in_process
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.entry(key).or_default().clone()
    }
}

/// Opens and exclusively locks `path` on a blocking thread, because `File::lock` blocks. If the
/// caller stops waiting, the thread still gets the lock later and releases it at once when its
/// unused result is dropped.
async fn lock_file(path: PathBuf) -> Result<File, PlanError> {
    let task_path = path.clone();
    let locked = tokio::task::spawn_blocking(move || -> std::io::Result<File> {
        if let Some(folder) = task_path.parent() {
            fs::create_dir_all(folder)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&task_path)?;
        file.lock()?;
        Ok(file)
    })
    .await;
    match locked {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(source)) => Err(PlanError::LockFailed { path, source }),
        Err(join) => Err(PlanError::LockFailed {
            path,
            source: std::io::Error::other(join.to_string()),
        }),
    }
}

/// Keeps ASCII letters and digits and writes every other byte as `_` and two hex digits, so
/// distinct IDs give distinct names and no ID can leave the folder.
fn escape_for_file_name(id: &str) -> String {
    let mut escaped = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() {
            escaped.push(char::from(byte));
        } else {
            escaped.push_str(&format!("_{byte:02x}"));
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_names_stay_in_folder() {
        let locks = OrgLocks::new("/data/locks");
        let path = locks.lock_path("0227abc", "../00o1");
        assert_eq!(path.parent(), Some(Path::new("/data/locks")));
        assert_eq!(
            path.file_name().unwrap().to_str().unwrap(),
            "products-0227abc-_2e_2e_2f00o1.lock"
        );
    }

    #[test]
    fn distinct_ids_get_distinct_files() {
        let locks = OrgLocks::new("/data/locks");
        assert_ne!(
            locks.lock_path("a-b", "c"),
            locks.lock_path("a", "b-c"),
            "the separator must not be confusable with an escaped ID"
        );
        assert_ne!(locks.lock_path("a_2d", "c"), locks.lock_path("a-", "c"));
    }
}
