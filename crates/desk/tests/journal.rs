//! The change journal against a real SQLite file: recording, ending, queries, CSV export, the
//! secret check, schema versions, and recovery of entries left pending by a stopped process.

use std::path::PathBuf;

use desk::journal::{Action, Ending, Failure, Journal, JournalError, NewEntry, Query, State};
use serde_json::json;
use time::OffsetDateTime;

fn journal_path(folder: &tempfile::TempDir) -> PathBuf {
    folder.path().join("data").join("journal.sqlite3")
}

fn change(org: &str, action: Action) -> NewEntry {
    NewEntry {
        profile: "Acme".into(),
        org: org.into(),
        action,
        request: json!({"orgId": org, "status": "INACTIVE"}),
    }
}

fn okta_failure() -> Failure {
    Failure {
        message: "The org is already linked to an account.".into(),
        error_code: Some("E0000001".into()),
        error_id: Some("oaeXyz123".into()),
        http_status: Some(400),
    }
}

#[tokio::test]
async fn change_is_recorded_before_and_after() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    let id = journal
        .record_start(change("00o1", Action::Status))
        .await
        .unwrap();
    let pending = journal.get(id).await.unwrap();
    journal
        .record_end(
            id,
            Ending::Succeeded {
                result: json!({"status": "INACTIVE"}),
            },
        )
        .await
        .unwrap();
    let ended = journal.get(id).await.unwrap();

    assert_eq!(pending.state, State::Pending);
    assert!(pending.finished_at.is_none());
    assert_eq!(ended.state, State::Succeeded);
    assert_eq!(ended.result, Some(json!({"status": "INACTIVE"})));
    assert_eq!(
        ended.request,
        json!({"orgId": "00o1", "status": "INACTIVE"})
    );
    assert!(ended.finished_at.unwrap() >= ended.started_at);
}

#[tokio::test]
async fn failure_keeps_okta_error_id() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    let id = journal
        .record_start(change("00o1", Action::Link))
        .await
        .unwrap();
    journal
        .record_end(id, Ending::Failed(okta_failure()))
        .await
        .unwrap();

    let entry = journal.get(id).await.unwrap();
    assert_eq!(entry.state, State::Failed);
    assert_eq!(entry.failure, Some(okta_failure()));
    assert_eq!(entry.result, None);
}

#[tokio::test]
async fn ending_twice_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let id = journal
        .record_start(change("00o1", Action::Consent))
        .await
        .unwrap();
    journal
        .record_end(id, Ending::Succeeded { result: json!({}) })
        .await
        .unwrap();

    let error = journal
        .record_end(id, Ending::Failed(okta_failure()))
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            JournalError::WrongState {
                actual: State::Succeeded,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(
        journal.get(id).await.unwrap().state,
        State::Succeeded,
        "the first ending stays"
    );
}

#[tokio::test]
async fn secret_looking_request_is_rejected_unrecorded() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    for (request, path) in [
        (json!({"token": "00abc"}), "$.token"),
        (json!({"client_assertion": "x"}), "$.client_assertion"),
        (
            json!({"admin": {"login": "a@example.com", "password": "x"}}),
            "$.admin.password",
        ),
        (json!({"private_key": "x"}), "$.private_key"),
        (json!({"header": "SSWS 00abcdef"}), "$.header"),
    ] {
        let entry = NewEntry {
            request,
            ..change("00o1", Action::OrgCreation)
        };

        let error = journal.record_start(entry).await.unwrap_err();

        assert!(
            matches!(&error, JournalError::SecretInSummary { path: found, .. } if found == path),
            "{error}"
        );
        assert!(
            !error.to_string().contains("00abc"),
            "the value never appears: {error}"
        );
    }
    assert!(journal.query(Query::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn secret_looking_result_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let id = journal
        .record_start(change("00o1", Action::OrgCreation))
        .await
        .unwrap();

    let error = journal
        .record_end(
            id,
            Ending::Succeeded {
                result: json!({"id": "00o9", "apiToken": "x"}),
            },
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            JournalError::SecretInSummary {
                which: "result",
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(journal.get(id).await.unwrap().state, State::Pending);
}

#[tokio::test]
async fn queries_filter_by_org_action_and_time() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let first = journal
        .record_start(change("00o1", Action::Link))
        .await
        .unwrap();
    let second = journal
        .record_start(change("00o1", Action::Products))
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let boundary = OffsetDateTime::now_utc();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let third = journal
        .record_start(change("00o2", Action::Products))
        .await
        .unwrap();

    let ids = |entries: Vec<desk::journal::Entry>| {
        entries
            .into_iter()
            .map(|entry| entry.id)
            .collect::<Vec<_>>()
    };
    let by_org = journal
        .query(Query {
            org: Some("00o1".into()),
            ..Query::default()
        })
        .await
        .unwrap();
    let by_action = journal
        .query(Query {
            action: Some(Action::Products),
            ..Query::default()
        })
        .await
        .unwrap();
    let before = journal
        .query(Query {
            until: Some(boundary),
            ..Query::default()
        })
        .await
        .unwrap();
    let after = journal
        .query(Query {
            from: Some(boundary),
            ..Query::default()
        })
        .await
        .unwrap();
    let newest = journal
        .query(Query {
            limit: Some(1),
            ..Query::default()
        })
        .await
        .unwrap();

    assert_eq!(ids(by_org), vec![second, first], "newest first");
    assert_eq!(ids(by_action), vec![third, second]);
    assert_eq!(ids(before), vec![second, first]);
    assert_eq!(ids(after), vec![third]);
    assert_eq!(ids(newest), vec![third]);
}

#[tokio::test]
async fn org_filter_matches_id_and_domain() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let link = journal
        .record_start(change("labs.example.com", Action::Link))
        .await
        .unwrap();
    let linked = json!({ "id": "00o9", "name": "Labs", "domain": "labs.example.com" });
    journal
        .record_end(link, Ending::Succeeded { result: linked })
        .await
        .unwrap();
    let status = journal
        .record_start(change("00o9", Action::Status))
        .await
        .unwrap();
    let active = json!({ "id": "00o9", "name": "Labs", "domain": "labs.example.com" });
    journal
        .record_end(status, Ending::Succeeded { result: active })
        .await
        .unwrap();
    let other = journal
        .record_start(change("00o2", Action::Status))
        .await
        .unwrap();

    let ids = |org: &str| {
        let journal = &journal;
        let org = org.to_owned();
        async move {
            let query = Query {
                org: Some(org),
                ..Query::default()
            };
            let entries = journal.query(query).await.unwrap();
            entries
                .into_iter()
                .map(|entry| entry.id)
                .collect::<Vec<_>>()
        }
    };

    let starter = journal
        .record_start(change("labs.example.com", Action::StarterConfiguration))
        .await
        .unwrap();
    let both = journal
        .query(Query {
            org: Some("00o9".into()),
            also_org: Some("labs.example.com".into()),
            ..Query::default()
        })
        .await
        .unwrap()
        .into_iter()
        .map(|entry| entry.id)
        .collect::<Vec<_>>();

    assert_eq!(
        both,
        vec![starter, status, link],
        "the ID and the domain both match"
    );
    assert_eq!(ids("00o9").await, vec![status, link]);
    assert_eq!(ids("labs.example.com").await, vec![starter, status, link]);
    assert_eq!(ids("00o2").await, vec![other]);
    assert!(ids("00o").await.is_empty(), "only whole IDs match");
}

#[tokio::test]
async fn csv_export_lists_every_entry() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let id = journal
        .record_start(change("=HYPERLINK(\"x\")", Action::Link))
        .await
        .unwrap();
    journal
        .record_end(id, Ending::Failed(okta_failure()))
        .await
        .unwrap();
    journal
        .record_start(change("00o2", Action::Status))
        .await
        .unwrap();

    let bytes = journal.export_csv(Query::default()).await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    assert_eq!(
        header[..8],
        [
            "id",
            "started_at",
            "finished_at",
            "profile",
            "org",
            "action",
            "state",
            "request"
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(
        &rows[1][4], "'=HYPERLINK(\"x\")",
        "a formula-like cell is neutralized"
    );
    assert_eq!(&rows[1][6], "failed");
    assert_eq!(&rows[1][11], "oaeXyz123", "errorId column");
    assert_eq!(&rows[0][6], "pending");
    assert!(
        OffsetDateTime::parse(&rows[0][1], &time::format_description::well_known::Rfc3339).is_ok(),
        "{}",
        &rows[0][1]
    );
    let request: serde_json::Value = serde_json::from_str(&rows[0][7]).unwrap();
    assert_eq!(request["orgId"], "00o2");
}

#[tokio::test]
async fn database_uses_wal_mode_and_a_schema_version() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    let _journal = Journal::open(&path).await.unwrap();

    let connection = rusqlite::Connection::open(&path).unwrap();
    let mode: String = connection
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();

    assert_eq!(mode, "wal");
    assert_eq!(version, 1);
}

#[tokio::test]
async fn newer_schema_is_wrong_state_and_left_unchanged() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    drop(Journal::open(&path).await.unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 9")
        .unwrap();

    let error = Journal::open(&path).await.unwrap_err();

    assert!(
        matches!(
            error,
            JournalError::NewerSchema {
                found: 9,
                supported: 1,
                ..
            }
        ),
        "{error}"
    );
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 9);
}

#[tokio::test]
async fn concurrent_records_get_distinct_ids() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    let tasks: Vec<_> = (0..40)
        .map(|index| {
            let journal = journal.clone();
            tokio::spawn(async move {
                journal
                    .record_start(change(&format!("00o{index}"), Action::Products))
                    .await
            })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap());
    }
    ids.sort_by_key(|id| id.0);
    ids.dedup();

    assert_eq!(ids.len(), 40);
    assert_eq!(journal.query(Query::default()).await.unwrap().len(), 40);
}

#[tokio::test]
async fn running_journal_keeps_pending_entries() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    let running = Journal::open(&path).await.unwrap();
    let id = running
        .record_start(change("00o1", Action::Link))
        .await
        .unwrap();

    let second = Journal::open(&path).await.unwrap();

    assert!(second.recovered_at_open().is_empty());
    assert_eq!(second.get(id).await.unwrap().state, State::Pending);
    running
        .record_end(id, Ending::Succeeded { result: json!({}) })
        .await
        .unwrap();
    assert_eq!(second.get(id).await.unwrap().state, State::Succeeded);
}

#[tokio::test]
async fn closed_journal_leaves_pending_entries_as_outcome_unknown() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    let first = Journal::open(&path).await.unwrap();
    let id = first
        .record_start(change("00o1", Action::Products))
        .await
        .unwrap();
    drop(first);

    let reopened = Journal::open(&path).await.unwrap();

    let recovered: Vec<_> = reopened
        .recovered_at_open()
        .iter()
        .map(|entry| (entry.id, entry.state))
        .collect();
    assert_eq!(recovered, vec![(id, State::OutcomeUnknown)]);
    assert_eq!(reopened.outcome_unknown().await.unwrap().len(), 1);
}

#[tokio::test]
async fn settling_an_unknown_entry_records_the_recheck() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    let first = Journal::open(&path).await.unwrap();
    let unknown = first
        .record_start(change("00o1", Action::Products))
        .await
        .unwrap();
    drop(first);
    let journal = Journal::open(&path).await.unwrap();
    let pending = journal
        .record_start(change("00o2", Action::Products))
        .await
        .unwrap();

    let wrong_state = journal
        .settle(pending, Ending::Succeeded { result: json!({}) })
        .await
        .unwrap_err();
    journal
        .settle(
            unknown,
            Ending::Succeeded {
                result: json!({"found": ["0pr1"]}),
            },
        )
        .await
        .unwrap();

    assert!(
        matches!(
            wrong_state,
            JournalError::WrongState {
                expected: State::OutcomeUnknown,
                ..
            }
        ),
        "{wrong_state}"
    );
    let settled = journal.get(unknown).await.unwrap();
    assert_eq!(settled.state, State::Succeeded);
    assert!(settled.rechecked_at.is_some());
    assert!(journal.outcome_unknown().await.unwrap().is_empty());
    let reopened_again = Journal::open(&path).await.unwrap();
    assert!(
        reopened_again.recovered_at_open().is_empty(),
        "settled entries stay settled"
    );
}

#[tokio::test]
async fn unknown_entry_id_is_not_found() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    let error = journal.get(desk::journal::EntryId(42)).await.unwrap_err();

    assert_eq!(error.to_string(), "No journal entry has ID 42.");
}

#[tokio::test]
async fn entry_without_org_is_rejected() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();

    let error = journal
        .record_start(change(" ", Action::Link))
        .await
        .unwrap_err();

    assert!(
        matches!(error, JournalError::MissingField { field: "org" }),
        "{error}"
    );
    assert!(journal.query(Query::default()).await.unwrap().is_empty());
}

#[tokio::test]
async fn stale_session_locks_are_swept() {
    let folder = tempfile::tempdir().unwrap();
    let path = journal_path(&folder);
    let sessions = folder.path().join("data").join("journal.sqlite3.sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let stale = sessions.join("00000000deadbeef.lock");
    let fresh = sessions.join("00000000cafef00d.lock");
    let two_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    std::fs::File::create(&stale)
        .unwrap()
        .set_modified(two_minutes_ago)
        .unwrap();
    std::fs::File::create(&fresh).unwrap();

    let journal = Journal::open(&path).await.unwrap();
    let files_while_open = std::fs::read_dir(&sessions).unwrap().count();
    drop(journal);

    assert!(!stale.exists(), "an old unlocked lock file is deleted");
    assert!(
        fresh.exists(),
        "a new one may belong to a process still starting"
    );
    assert_eq!(
        files_while_open, 2,
        "the fresh file and this journal's own lock"
    );
    assert_eq!(
        std::fs::read_dir(&sessions).unwrap().count(),
        1,
        "closing deletes the own lock"
    );
}

#[tokio::test]
async fn lost_answer_marks_outcome_unknown() {
    let folder = tempfile::tempdir().unwrap();
    let journal = Journal::open(journal_path(&folder)).await.unwrap();
    let id = journal
        .record_start(change("00o7", Action::Status))
        .await
        .unwrap();

    let lost = Failure {
        message: "The connection dropped before Okta answered.".into(),
        ..Failure::default()
    };
    let marked = journal.mark_outcome_unknown(id, lost).await.unwrap();
    let listed = journal.outcome_unknown().await.unwrap();
    let again = journal
        .mark_outcome_unknown(id, Failure::default())
        .await
        .unwrap_err();
    journal
        .settle(
            id,
            Ending::Succeeded {
                result: json!({"status": "INACTIVE"}),
            },
        )
        .await
        .unwrap();
    let settled = journal.get(id).await.unwrap();

    assert_eq!(marked.state, State::OutcomeUnknown);
    assert_eq!(
        marked.failure.unwrap().message,
        "The connection dropped before Okta answered."
    );
    assert_eq!(listed.len(), 1);
    assert!(
        matches!(again, JournalError::WrongState { .. }),
        "{again:?}"
    );
    assert_eq!(settled.state, State::Succeeded);
    assert!(settled.rechecked_at.is_some());
}
