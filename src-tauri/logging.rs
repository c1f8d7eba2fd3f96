//! Logging: a daily rolling file in the OS log folder, keeping the last two weeks, plus stderr in
//! development builds. Secrets never reach a log line because they travel in `desk::Secret`,
//! whose `Debug` is redacted and which has no `Display`.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// How many daily log files are kept; older ones are deleted as new days start.
const KEPT_LOG_FILES: usize = 14;

/// Dependencies that log every window event or D-Bus message at info level.
const QUIET_TARGETS: &str = "info,tao=warn,wry=warn,tauri=warn,dbus=warn";

/// Keeps the background log writer alive; dropping it flushes and stops the writer.
pub struct LogGuard(
    #[allow(dead_code, reason = "held only to be dropped at exit")] pub WorkerGuard,
);

/// Starts logging to `log_folder`. `RUST_LOG` overrides the default filter.
pub fn init(log_folder: &Path) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    std::fs::create_dir_all(log_folder)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("aerial-desk")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(log_folder)?;
    let (file_writer, guard) = tracing_appender::non_blocking(appender);

    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(QUIET_TARGETS));
    let file_layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(file_writer);
    let stderr_layer = cfg!(debug_assertions)
        .then(|| tracing_subscriber::fmt::layer().with_writer(std::io::stderr));

    tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init()?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_events_to_a_daily_file() {
        let folder = std::env::temp_dir().join(format!("aerial-desk-logs-{}", std::process::id()));

        let guard = init(&folder).expect("logging starts");
        tracing::info!(org = "example-org", "log file check");
        drop(guard);

        let files: Vec<_> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .collect();
        let contents = std::fs::read_to_string(&files[0]).unwrap();
        std::fs::remove_dir_all(&folder).ok();
        assert_eq!(files.len(), 1, "one file for today: {files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("aerial-desk.") && name.ends_with(".log"),
            "{name}"
        );
        assert!(
            contents.contains("log file check") && contents.contains("example-org"),
            "{contents}"
        );
    }
}
