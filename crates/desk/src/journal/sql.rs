//! The journal's SQL statements, run on a connection the caller has locked.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use time::OffsetDateTime;

use super::entry::{Action, Ending, Entry, EntryId, Failure, NewEntry, Query, State};
use super::error::{JournalError, database};
use super::summary;

const COLUMNS: &str = "id, started_at, finished_at, profile, org, action, request, state, result, \
                       error_message, error_code, error_id, http_status, rechecked_at";

/// Inserts a pending entry for `session` and returns its ID.
pub(super) fn insert_pending(
    connection: &Connection,
    session: &str,
    entry: &NewEntry,
) -> Result<EntryId, JournalError> {
    for (field, value) in [("profile", &entry.profile), ("org", &entry.org)] {
        if value.trim().is_empty() {
            return Err(JournalError::MissingField { field });
        }
    }
    let request = summary::check("request", &entry.request)?;
    connection
        .execute(
            "INSERT INTO entries (started_at, session, profile, org, action, request, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending')",
            params![
                now_millis(),
                session,
                entry.profile,
                entry.org,
                entry.action.as_str(),
                request
            ],
        )
        .map_err(database("record a change"))?;
    Ok(EntryId(connection.last_insert_rowid()))
}

/// Records how the entry ended, if it is in state `expected`; `recheck` also sets the time of
/// the re-check.
pub(super) fn end(
    connection: &mut Connection,
    id: EntryId,
    ending: &Ending,
    expected: State,
    recheck: bool,
) -> Result<(), JournalError> {
    let (state, result, failure) = match ending {
        Ending::Succeeded { result } => (
            State::Succeeded,
            Some(summary::check("result", result)?),
            None,
        ),
        Ending::Failed(failure) => (State::Failed, None, Some(failure)),
    };
    let attempted = if recheck { "settled" } else { "ended" };

    let transaction = connection
        .transaction()
        .map_err(database("record an outcome"))?;
    let actual = state_of(&transaction, id)?;
    if actual != expected {
        return Err(JournalError::WrongState {
            id,
            actual,
            expected,
            attempted,
        });
    }
    let now = now_millis();
    transaction
        .execute(
            "UPDATE entries SET state = ?2, finished_at = coalesce(finished_at, ?3), result = ?4,
                    error_message = ?5, error_code = ?6, error_id = ?7, http_status = ?8,
                    rechecked_at = ?9
             WHERE id = ?1",
            params![
                id.0,
                state.as_str(),
                now,
                result,
                failure.map(|failure| failure.message.clone()),
                failure.and_then(|failure| failure.error_code.clone()),
                failure.and_then(|failure| failure.error_id.clone()),
                failure.and_then(|failure| failure.http_status),
                recheck.then_some(now),
            ],
        )
        .map_err(database("record an outcome"))?;
    transaction.commit().map_err(database("record an outcome"))
}

fn state_of(connection: &Connection, id: EntryId) -> Result<State, JournalError> {
    let name: Option<String> = connection
        .query_row("SELECT state FROM entries WHERE id = ?1", [id.0], |row| {
            row.get(0)
        })
        .optional()
        .map_err(database("read an entry"))?;
    let name = name.ok_or(JournalError::NotFound { id })?;
    State::from_name(&name).ok_or(JournalError::UnreadableRow {
        id: id.0,
        column: "state",
        value: name,
    })
}

/// Marks one pending entry as outcome unknown, for a request that may have reached Okta although
/// no response arrived. Returns the entry as it is now.
pub(super) fn mark_outcome_unknown(
    connection: &mut Connection,
    id: EntryId,
    failure: &Failure,
) -> Result<Entry, JournalError> {
    let transaction = connection
        .transaction()
        .map_err(database("mark an outcome unknown"))?;
    let actual = state_of(&transaction, id)?;
    if actual != State::Pending {
        return Err(JournalError::WrongState {
            id,
            actual,
            expected: State::Pending,
            attempted: "marked outcome unknown",
        });
    }
    transaction
        .execute(
            "UPDATE entries SET state = 'outcome_unknown', error_message = ?2, error_code = ?3,
                    error_id = ?4, http_status = ?5
             WHERE id = ?1",
            params![
                id.0,
                failure.message,
                failure.error_code,
                failure.error_id,
                failure.http_status
            ],
        )
        .map_err(database("mark an outcome unknown"))?;
    let entry = get(&transaction, id)?;
    transaction
        .commit()
        .map_err(database("mark an outcome unknown"))?;
    Ok(entry)
}

/// Marks the pending entries of stopped sessions as outcome unknown and returns them. A session
/// is stopped when `is_running` returns false. `own` is this process's session, always running.
pub(super) fn recover(
    connection: &mut Connection,
    own: &str,
    is_running: impl Fn(&str) -> bool,
) -> Result<(Vec<Entry>, Vec<String>), JournalError> {
    let transaction = connection
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(database("recover interrupted changes"))?;

    let sessions: Vec<String> = {
        let mut statement = transaction
            .prepare(
                "SELECT DISTINCT session FROM entries WHERE state = 'pending' AND session != ?1",
            )
            .map_err(database("recover interrupted changes"))?;
        statement
            .query_map([own], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(database("recover interrupted changes"))?
    };
    let stopped: Vec<String> = sessions.into_iter().filter(|id| !is_running(id)).collect();

    let mut ids = Vec::new();
    for session in &stopped {
        let mut statement = transaction
            .prepare(
                "UPDATE entries SET state = 'outcome_unknown'
                 WHERE session = ?1 AND state = 'pending' RETURNING id",
            )
            .map_err(database("recover interrupted changes"))?;
        let marked: Vec<i64> = statement
            .query_map([session], |row| row.get(0))
            .and_then(Iterator::collect)
            .map_err(database("recover interrupted changes"))?;
        ids.extend(marked);
    }

    let mut entries = Vec::with_capacity(ids.len());
    for id in ids {
        entries.push(get(&transaction, EntryId(id))?);
    }
    transaction
        .commit()
        .map_err(database("recover interrupted changes"))?;
    Ok((entries, stopped))
}

/// Reads one entry.
pub(super) fn get(connection: &Connection, id: EntryId) -> Result<Entry, JournalError> {
    let sql = format!("SELECT {COLUMNS} FROM entries WHERE id = ?1");
    let row = connection
        .query_row(&sql, [id.0], RawEntry::read)
        .optional()
        .map_err(database("read an entry"))?;
    row.ok_or(JournalError::NotFound { id })?.into_entry()
}

/// Returns the entries that match `query`, newest first.
pub(super) fn query(connection: &Connection, query: &Query) -> Result<Vec<Entry>, JournalError> {
    let mut conditions = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    if let Some(org) = &query.org {
        // A link by domain is recorded under the domain, before Okta gives the org an ID; the
        // ID and domain in an entry's result make it match either.
        let names = "(org, json_extract(result, '$.id'), json_extract(result, '$.domain'))";
        let also = query.also_org.clone().unwrap_or_else(|| org.clone());
        values.push(SqlValue::Text(org.clone()));
        values.push(SqlValue::Text(also));
        let (first, second) = (values.len() - 1, values.len());
        conditions.push(format!("(?{first} IN {names} OR ?{second} IN {names})"));
    }
    // Each `?` in a condition becomes the number of the value added with it.
    let mut add = |condition: &str, value: SqlValue| {
        values.push(value);
        conditions.push(condition.replace('?', &format!("?{}", values.len())));
    };
    if let Some(action) = query.action {
        add("action = ?", SqlValue::Text(action.as_str().to_owned()));
    }
    if let Some(profile) = &query.profile {
        add("profile = ?", SqlValue::Text(profile.clone()));
    }
    if let Some(state) = query.state {
        add("state = ?", SqlValue::Text(state.as_str().to_owned()));
    }
    if let Some(from) = query.from {
        add("started_at >= ?", SqlValue::Integer(millis(from)));
    }
    if let Some(until) = query.until {
        add("started_at < ?", SqlValue::Integer(millis(until)));
    }

    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    };
    let limit = query.limit.map(i64::from).unwrap_or(-1);
    let sql = format!(
        "SELECT {COLUMNS} FROM entries {filter} ORDER BY started_at DESC, id DESC LIMIT {limit}"
    );

    let mut statement = connection
        .prepare(&sql)
        .map_err(database("search entries"))?;
    let rows: Vec<RawEntry> = statement
        .query_map(params_from_iter(values), RawEntry::read)
        .and_then(Iterator::collect)
        .map_err(database("search entries"))?;
    rows.into_iter().map(RawEntry::into_entry).collect()
}

/// A row as stored, before its text columns are parsed.
struct RawEntry {
    id: i64,
    started_at: i64,
    finished_at: Option<i64>,
    profile: String,
    org: String,
    action: String,
    request: String,
    state: String,
    result: Option<String>,
    error_message: Option<String>,
    error_code: Option<String>,
    error_id: Option<String>,
    http_status: Option<u16>,
    rechecked_at: Option<i64>,
}

impl RawEntry {
    fn read(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            started_at: row.get(1)?,
            finished_at: row.get(2)?,
            profile: row.get(3)?,
            org: row.get(4)?,
            action: row.get(5)?,
            request: row.get(6)?,
            state: row.get(7)?,
            result: row.get(8)?,
            error_message: row.get(9)?,
            error_code: row.get(10)?,
            error_id: row.get(11)?,
            http_status: row.get(12)?,
            rechecked_at: row.get(13)?,
        })
    }

    fn into_entry(self) -> Result<Entry, JournalError> {
        let id = self.id;
        let unreadable = |column: &'static str, value: &str| JournalError::UnreadableRow {
            id,
            column,
            value: value.to_owned(),
        };
        let action =
            Action::from_name(&self.action).ok_or_else(|| unreadable("action", &self.action))?;
        let state =
            State::from_name(&self.state).ok_or_else(|| unreadable("state", &self.state))?;
        let request = serde_json::from_str(&self.request)
            .map_err(|_| unreadable("request", &self.request))?;
        let result = match &self.result {
            Some(text) => Some(serde_json::from_str(text).map_err(|_| unreadable("result", text))?),
            None => None,
        };
        let failure = self.error_message.map(|message| Failure {
            message,
            error_code: self.error_code,
            error_id: self.error_id,
            http_status: self.http_status,
        });

        Ok(Entry {
            id: EntryId(id),
            started_at: from_millis(self.started_at)
                .ok_or_else(|| unreadable("started_at", &self.started_at.to_string()))?,
            finished_at: self.finished_at.and_then(from_millis),
            profile: self.profile,
            org: self.org,
            action,
            request,
            state,
            result,
            failure,
            rechecked_at: self.rechecked_at.and_then(from_millis),
        })
    }
}

fn now_millis() -> i64 {
    millis(OffsetDateTime::now_utc())
}

fn millis(time: OffsetDateTime) -> i64 {
    (time.unix_timestamp_nanos() / 1_000_000) as i64
}

fn from_millis(millis: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok()
}
