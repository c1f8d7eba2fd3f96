//! Confirmation of destructive commands: a yes/no question, or the org's name typed back.
//! Without a terminal a command never waits for input: it needs `--yes` (and
//! `--confirm-name` where the name is asked), or it stops with exit code 2.

use std::io::{BufRead, IsTerminal, Write};

use desk::guards::{GuardError, check_typed_name};
use okta::aerial::Org;

use crate::app::App;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::{note, printable, printable_lines};

/// Shows `plan` on stderr and prompts with `question`. With `--yes` the plan is still shown,
/// so a script's log records what was confirmed, except under `--json`, where stderr carries
/// only an error object.
pub fn confirm(app: &App, plan: &str, question: &str) -> Outcome {
    if app.yes {
        if !app.json {
            note(plan.trim_end());
        }
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            format!(
                "{}\nThis change needs a confirmation, but stdin is not a terminal.",
                plan.trim_end()
            ),
            "Run the command again with --yes to confirm it.",
        ));
    }
    eprint!("{}\n{question} [y/N] ", printable_lines(plan.trim_end()));
    let answer = read_answer()?;
    if matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(Failure::cancelled())
    }
}

/// Requires the org's name typed back: from `--confirm-name`, else at a terminal prompt. `--yes`
/// does not replace the name. Returns the name as typed, for the session's own check.
pub fn confirm_name(plan: &str, org: &Org, given: Option<&str>) -> Outcome<String> {
    if let Some(given) = given {
        check_typed_name(org, given).map_err(|error| name_failure(error, Exit::Usage))?;
        return Ok(given.to_owned());
    }
    let expected = if org.name.trim().is_empty() {
        &org.id
    } else {
        &org.name
    };
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            format!(
                "{}\nThis change needs the org's name typed back, but stdin is not a terminal.",
                plan.trim_end()
            ),
            format!("Run the command again with --confirm-name \"{expected}\"."),
        ));
    }
    eprint!(
        "{}\nType the org's name ({}) to confirm: ",
        printable_lines(plan.trim_end()),
        printable(expected)
    );
    let answer = read_answer()?;
    check_typed_name(org, &answer).map_err(|error| name_failure(error, Exit::Cancelled))?;
    Ok(answer)
}

fn name_failure(error: GuardError, exit: Exit) -> Failure {
    Failure::new(
        exit,
        format!("{error} Nothing was changed."),
        "Copy the org's name exactly from `aerial orgs show ID`.",
    )
}

/// Reads one line from the terminal; end of input cancels.
fn read_answer() -> Outcome<String> {
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) => Err(Failure::cancelled()),
        Ok(_) => Ok(line.trim().to_owned()),
        Err(error) => Err(Failure::usage(
            format!("Could not read the answer: {error}."),
            "",
        )),
    }
}
