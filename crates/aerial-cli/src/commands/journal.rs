//! `aerial journal list|export`: the changes recorded on this computer.

use desk::journal::{Action, Entry, Query, State};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::app::App;
use crate::cli::{ActionArg, JournalCommand, JournalFilter, StateArg};
use crate::failure::{Failure, Outcome};
use crate::output::{Table, note, or_dash, print, print_json};

pub async fn run(app: &App, command: JournalCommand) -> Outcome {
    match command {
        JournalCommand::List(filter) => list(app, filter).await,
        JournalCommand::Export { filter, output } => {
            let query = query(app, filter)?;
            let csv = app.journal().await?.export_csv(query).await?;
            match output {
                Some(path) => {
                    std::fs::write(&path, &csv).map_err(|error| {
                        Failure::rejected(
                            format!("Could not write the CSV file {}: {error}.", path.display()),
                            "Check the folder's permissions and free space.",
                        )
                    })?;
                    note(&format!("Wrote the journal to {}.", path.display()));
                    Ok(())
                }
                None => print(&String::from_utf8_lossy(&csv)),
            }
        }
    }
}

fn query(app: &App, filter: JournalFilter) -> Outcome<Query> {
    let profile = if filter.all_profiles {
        None
    } else if app.profile_flag().is_some() || app.store.active()?.is_some() {
        Some(app.profile()?.name.to_string())
    } else {
        None
    };
    Ok(Query {
        org: filter.org.map(|org| org.trim().to_owned()),
        also_org: None,
        action: filter.action.map(action),
        profile,
        state: filter.state.map(state),
        from: filter
            .since
            .as_deref()
            .map(|text| parse_time("--since", text))
            .transpose()?,
        until: filter
            .until
            .as_deref()
            .map(|text| parse_time("--until", text))
            .transpose()?,
        limit: filter.limit,
    })
}

fn parse_time(option: &str, text: &str) -> Outcome<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|error| {
        Failure::usage(
            format!(
                "The time given with {option}, \"{}\", is not an RFC 3339 time ({error}).",
                crate::output::printable(text)
            ),
            "Write it like 2026-01-31T00:00:00Z.",
        )
    })
}

fn action(arg: ActionArg) -> Action {
    match arg {
        ActionArg::Link => Action::Link,
        ActionArg::Products => Action::Products,
        ActionArg::Status => Action::Status,
        ActionArg::DeletionRequest => Action::DeletionRequest,
        ActionArg::OrgCreation => Action::OrgCreation,
        ActionArg::Consent => Action::Consent,
        ActionArg::StarterConfiguration => Action::StarterConfiguration,
    }
}

fn state(arg: StateArg) -> State {
    match arg {
        StateArg::Pending => State::Pending,
        StateArg::Succeeded => State::Succeeded,
        StateArg::Failed => State::Failed,
        StateArg::OutcomeUnknown => State::OutcomeUnknown,
    }
}

async fn list(app: &App, filter: JournalFilter) -> Outcome {
    let query = query(app, filter)?;
    let entries = app.journal().await?.query(query).await?;
    if app.json {
        return print_json(&entries);
    }
    if entries.is_empty() {
        note("No recorded changes match.");
        return Ok(());
    }
    let mut table = Table::new(&[
        "ID",
        "STARTED",
        "PROFILE",
        "ORG",
        "ACTION",
        "STATE",
        "OKTA ERROR ID",
    ]);
    for entry in &entries {
        table.row(row(entry));
    }
    print(&table.render())
}

fn row(entry: &Entry) -> Vec<String> {
    let started = entry
        .started_at
        .format(&Rfc3339)
        .unwrap_or_else(|_| entry.started_at.to_string());
    vec![
        entry.id.to_string(),
        started,
        entry.profile.clone(),
        entry.org.clone(),
        entry.action.as_str().to_owned(),
        entry.state.as_str().to_owned(),
        or_dash(
            entry
                .failure
                .as_ref()
                .and_then(|failure| failure.error_id.as_deref()),
        ),
    ]
}
