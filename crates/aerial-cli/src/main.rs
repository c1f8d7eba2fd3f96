//! `aerial`: the command-line front end of Aerial Desk, on the same core as the desktop app.
//! Every subcommand reads its profile, calls the core and prints a table, plain sentences or
//! JSON. Failures are printed to stderr as a diagnosis and end with a documented exit code.

mod app;
mod arguments;
mod cli;
mod commands;
mod confirm;
mod failure;
mod output;
mod profile_input;
mod session;

use std::process::ExitCode;

use clap::Parser;

use tracing_subscriber::EnvFilter;

use crate::app::App;
use crate::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    start_logging();
    let json = cli.json;

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}.");
            return ExitCode::from(1);
        }
    };

    let outcome = runtime.block_on(async move {
        let app = App::new(&cli)?;
        commands::run(&app, cli.command).await
    });

    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if json {
                let error = serde_json::json!({ "error": &failure });
                eprintln!("{error}");
            } else {
                eprintln!("{}", output::printable_lines(&failure.render()));
            }
            ExitCode::from(failure.exit.code())
        }
    }
}

/// Logs to stderr at the levels `RUST_LOG` names, such as `RUST_LOG=desk=debug,okta=debug`. Without
/// it nothing is logged, because every failure a person must act on is printed as a message.
fn start_logging() {
    let Ok(filter) = EnvFilter::try_from_default_env() else {
        return;
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
