//! Startup timing for the benchmark script. When `AERIAL_DESK_BENCH_FILE` names a file, the app
//! appends one line per milestone, `<name> <milliseconds since the Unix epoch>`; otherwise these
//! functions do nothing.

use std::io::Write;
use std::sync::Once;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::commands::app::Screen;

static FIRST_COMMAND: Once = Once::new();

/// Records the first IPC command the UI sends.
pub fn mark_first_command() {
    FIRST_COMMAND.call_once(|| record("first_command"));
}

/// Records that a screen finished rendering with its data.
pub fn mark_screen_shown(screen: Screen) {
    match screen {
        Screen::Welcome => record("welcome_rendered"),
        Screen::Orgs => record("orgs_rendered"),
    }
}

fn record(milestone: &str) {
    let Some(path) = std::env::var_os("AERIAL_DESK_BENCH_FILE") else {
        return;
    };
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default();
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| writeln!(file, "{milestone} {millis}"));
    if let Err(error) = written {
        tracing::warn!(%error, "writing the benchmark milestone failed");
    }
}
