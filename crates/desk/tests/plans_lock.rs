//! The per-org lock for product changes: tasks of one process queue in order, lock sets on one
//! folder exclude each other as separate processes do, and failures name the fix.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use desk::plans::{OrgLocks, PlanError};

const ACCOUNT: &str = "0227nwdemo8ulgt48bkidcd8ekq";
const ORG: &str = "00onweu0000000000002";

#[tokio::test]
async fn second_lock_set_waits_for_first() {
    let folder = tempfile::tempdir().unwrap();
    let first = OrgLocks::new(folder.path());
    let second = OrgLocks::new(folder.path()).with_wait_limit(Duration::from_millis(200));

    let first_guard = first.lock(ACCOUNT, ORG).await.unwrap();
    let err = second.lock(ACCOUNT, ORG).await.unwrap_err();
    match &err {
        PlanError::LockTimedOut {
            org_id,
            path,
            waited,
        } => {
            assert_eq!(org_id, ORG);
            assert_eq!(path, &first.lock_path(ACCOUNT, ORG));
            assert_eq!(*waited, Duration::from_millis(200));
        }
        other => panic!("expected LockTimedOut, got {other:?}"),
    }
    assert!(
        err.to_string().starts_with(
            "Another Aerial Desk window or aerial command is still changing the products of org 00onweu0000000000002"
        ),
        "{err}"
    );

    drop(first_guard);
    second
        .lock(ACCOUNT, ORG)
        .await
        .expect("the lock is free once the first holder drops it");
}

#[tokio::test]
async fn different_orgs_do_not_block() {
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path()).with_wait_limit(Duration::from_millis(200));
    let _europe = locks.lock(ACCOUNT, ORG).await.unwrap();
    let _americas = locks
        .lock(ACCOUNT, "00onwus0000000000005")
        .await
        .expect("another org's lock is independent");
    let _other_account = locks
        .lock("0227otheraccount00000000000", ORG)
        .await
        .expect("the same org ID in another account is independent");
}

#[tokio::test]
async fn tasks_queue_in_request_order() {
    let folder = tempfile::tempdir().unwrap();
    let locks = Arc::new(OrgLocks::new(folder.path()));
    let order = Arc::new(Mutex::new(Vec::new()));

    let first_guard = locks.lock(ACCOUNT, ORG).await.unwrap();
    let mut tasks = Vec::new();
    for index in 0..4 {
        let locks = locks.clone();
        let order = order.clone();
        tasks.push(tokio::spawn(async move {
            let _guard = locks.lock(ACCOUNT, ORG).await.unwrap();
            order.lock().unwrap().push(index);
        }));
        // Lets the task reach the lock before the next one is spawned.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(first_guard);
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3]);
}

#[tokio::test]
async fn lock_folder_that_is_a_file_fails() {
    let folder = tempfile::tempdir().unwrap();
    let not_a_folder = folder.path().join("locks");
    std::fs::write(&not_a_folder, "a file, not a folder").unwrap();
    let locks = OrgLocks::new(&not_a_folder);

    let err = locks.lock(ACCOUNT, ORG).await.unwrap_err();
    assert!(matches!(err, PlanError::LockFailed { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "Locking {} for a product change failed: ",
            locks.lock_path(ACCOUNT, ORG).display()
        )),
        "{message}"
    );
    assert!(
        message.ends_with(
            "Check that the folder exists and that you can write to it, then try again."
        ),
        "{message}"
    );
}

/// Another process holds the lock file with flock(1) from util-linux, which uses the same
/// `flock` call as `File::lock` on Linux.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn other_process_holding_lock_blocks() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path()).with_wait_limit(Duration::from_millis(300));
    let path = locks.lock_path(ACCOUNT, ORG);

    let child = Command::new("flock")
        .arg(&path)
        .args(["-c", "echo locked; sleep 1"])
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("skipped: flock(1) is not installed");
            return;
        }
        Err(err) => panic!("starting flock failed: {err}"),
    };
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "locked");

    let err = locks.lock(ACCOUNT, ORG).await.unwrap_err();
    assert!(matches!(err, PlanError::LockTimedOut { .. }), "{err:?}");

    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(status.success());
    locks
        .lock(ACCOUNT, ORG)
        .await
        .expect("the lock is free once the other process exits");
}
