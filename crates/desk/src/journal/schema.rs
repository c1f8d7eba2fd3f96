//! The database schema and its migrations. `PRAGMA user_version` is the number of migrations
//! applied. Each migration runs once, in order, inside a transaction.

use rusqlite::Connection;

/// Migration `n` (counting from 1) takes the schema from version `n - 1` to `n`. Append new
/// steps; never edit a released one.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: the entries table. Times are Unix milliseconds in UTC, so ranges compare as integers.
    "CREATE TABLE entries (
        id            INTEGER PRIMARY KEY,
        started_at    INTEGER NOT NULL,
        finished_at   INTEGER,
        session       TEXT NOT NULL,
        profile       TEXT NOT NULL,
        org           TEXT NOT NULL,
        action        TEXT NOT NULL,
        request       TEXT NOT NULL,
        state         TEXT NOT NULL
                      CHECK (state IN ('pending', 'succeeded', 'failed', 'outcome_unknown')),
        result        TEXT,
        error_message TEXT,
        error_code    TEXT,
        error_id      TEXT,
        http_status   INTEGER,
        rechecked_at  INTEGER
    );
    CREATE INDEX entries_by_org ON entries (org, started_at);
    CREATE INDEX entries_by_action ON entries (action, started_at);
    CREATE INDEX entries_by_time ON entries (started_at);
    CREATE INDEX entries_by_state ON entries (state);",
];

/// A failure to bring the schema up to date.
#[derive(Debug)]
pub(super) enum MigrationError {
    /// The database is at a later version than `steps` reaches.
    Newer {
        found: i64,
        supported: i64,
    },
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrationError {
    fn from(error: rusqlite::Error) -> Self {
        MigrationError::Sqlite(error)
    }
}

/// Applies the steps the database has not had yet, and returns the version it ends at.
pub(super) fn migrate(connection: &mut Connection, steps: &[&str]) -> Result<i64, MigrationError> {
    let supported = steps.len() as i64;
    let transaction = connection.transaction()?;
    let found: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found > supported {
        return Err(MigrationError::Newer { found, supported });
    }

    for step in &steps[found as usize..] {
        transaction.execute_batch(step)?;
    }
    // PRAGMA takes no bound parameters; the value is a number this code computed.
    transaction.execute_batch(&format!("PRAGMA user_version = {supported}"))?;
    transaction.commit()?;
    Ok(supported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(connection: &Connection) -> i64 {
        connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap()
    }

    #[test]
    fn steps_run_once_and_in_order() {
        let mut connection = Connection::open_in_memory().unwrap();
        let steps = ["CREATE TABLE a (x)", "INSERT INTO a VALUES (1)"];

        migrate(&mut connection, &steps[..1]).unwrap();
        migrate(&mut connection, &steps).unwrap();
        migrate(&mut connection, &steps).unwrap();

        let rows: i64 = connection
            .query_row("SELECT count(*) FROM a", [], |row| row.get(0))
            .unwrap();
        assert_eq!(rows, 1, "the second step ran exactly once");
        assert_eq!(version(&connection), 2);
    }

    #[test]
    fn failed_step_leaves_version_unchanged() {
        let mut connection = Connection::open_in_memory().unwrap();

        let outcome = migrate(&mut connection, &["CREATE TABLE a (x)", "NOT SQL"]);

        assert!(matches!(outcome, Err(MigrationError::Sqlite(_))));
        assert_eq!(version(&connection), 0, "the transaction rolled back");
    }

    #[test]
    fn newer_database_is_rejected() {
        let mut connection = Connection::open_in_memory().unwrap();
        connection.execute_batch("PRAGMA user_version = 7").unwrap();

        let outcome = migrate(&mut connection, MIGRATIONS);

        assert!(matches!(
            outcome,
            Err(MigrationError::Newer {
                found: 7,
                supported: 1
            })
        ));
    }
}
