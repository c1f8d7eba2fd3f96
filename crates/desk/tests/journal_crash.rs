//! A change interrupted by a crash: a child process (this test binary, run again on the ignored
//! test below) records a change's "before" and is then killed, so its "after" never happens.
//! Reopening the journal must show the change as outcome unknown.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use desk::journal::{Action, Ending, Journal, NewEntry, State};
use serde_json::json;

/// The child reads the journal path from this variable; it is unset in a normal test run.
const CHILD_JOURNAL: &str = "DESK_TEST_CRASH_CHILD_JOURNAL";
/// Set to make the child record the "after" too and exit normally.
const CHILD_FINISHES: &str = "DESK_TEST_CRASH_CHILD_FINISHES";
const CHILD_TEST: &str = "child_records_a_change_then_waits";

/// Runs inside the child process only: records a change, prints its ID, and either ends it and
/// exits, or waits to be killed.
#[tokio::test]
#[ignore = "run as a child process by the crash tests in this file"]
async fn child_records_a_change_then_waits() {
    let Ok(path) = std::env::var(CHILD_JOURNAL) else {
        return;
    };
    let journal = Journal::open(path).await.expect("child opens the journal");
    let id = journal
        .record_start(NewEntry {
            profile: "Acme".into(),
            org: "00o1".into(),
            action: Action::Products,
            request: json!({"enable": ["0pr1"], "keep": [], "disable": []}),
        })
        .await
        .expect("child records the change");
    if std::env::var_os(CHILD_FINISHES).is_some() {
        journal
            .record_end(
                id,
                Ending::Succeeded {
                    result: json!({"products": ["0pr1"]}),
                },
            )
            .await
            .expect("child ends the change");
    }

    println!("RECORDED {id}");
    if std::env::var_os(CHILD_FINISHES).is_none() {
        tokio::time::sleep(std::time::Duration::from_secs(120)).await;
    }
}

/// A child process that is killed if the test fails before it ends.
struct ChildGuard(Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the child on `journal` and waits until it has recorded its change; returns the child
/// and the entry ID it printed.
fn start_child(journal: &Path, finishes: bool) -> (ChildGuard, i64) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            CHILD_TEST,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_JOURNAL, journal)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if finishes {
        command.env(CHILD_FINISHES, "1");
    }
    let mut child = ChildGuard(command.spawn().expect("child starts"));

    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let id = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| {
            // The test harness prints the test's name on the same line before the output.
            let (_, id) = line.split_once("RECORDED ")?;
            Some(id.trim().parse::<i64>().unwrap())
        })
        .expect("child printed the entry ID");
    // Keep reading, so the child's later output does not fail on a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, id)
}

#[tokio::test]
async fn change_killed_before_after_is_outcome_unknown() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("journal.sqlite3");
    let (mut child, id) = start_child(&path, false);

    let while_running = Journal::open(&path).await.unwrap();
    let state_while_running = while_running
        .get(desk::journal::EntryId(id))
        .await
        .unwrap()
        .state;
    drop(while_running);
    child.0.kill().expect("child is killed");
    child.0.wait().unwrap();
    let reopened = Journal::open(&path).await.unwrap();

    assert_eq!(
        state_while_running,
        State::Pending,
        "a running process's change is not touched"
    );
    let recovered = reopened.recovered_at_open();
    assert_eq!(recovered.len(), 1, "{recovered:?}");
    assert_eq!(recovered[0].id.0, id);
    assert_eq!(recovered[0].state, State::OutcomeUnknown);
    assert_eq!(
        recovered[0].request["enable"],
        json!(["0pr1"]),
        "the request is kept for the re-check"
    );
    assert_eq!(reopened.outcome_unknown().await.unwrap().len(), 1);
}

#[tokio::test]
async fn change_ended_before_exit_is_not_recovered() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("journal.sqlite3");
    let (mut child, id) = start_child(&path, true);
    let status = child.0.wait().unwrap();

    let reopened = Journal::open(&path).await.unwrap();

    assert!(status.success(), "child exited with {status}");
    assert!(reopened.recovered_at_open().is_empty());
    let entry = reopened.get(desk::journal::EntryId(id)).await.unwrap();
    assert_eq!(entry.state, State::Succeeded);
}
