//! One module per group of subcommands; each function takes the shared [`App`] and its
//! arguments, calls the core and prints the result.

mod account;
mod connect;
mod consent;
mod journal;
mod key;
mod org_products;
mod orgs;
mod profile;

use crate::app::App;
use crate::cli::Command;
use crate::failure::Outcome;

pub async fn run(app: &App, command: Command) -> Outcome {
    match command {
        Command::Profile(command) => profile::run(app, command).await,
        Command::Key(command) => key::run(app, command).await,
        Command::Connect(command) => connect::run(app, command).await,
        Command::Account(command) => account::run_account(app, command).await,
        Command::Products(command) => account::run_products(app, command).await,
        Command::Orgs(command) => orgs::run(app, command).await,
        Command::OrgProducts(command) => org_products::run(app, command).await,
        Command::Consent(command) => consent::run(app, command).await,
        Command::Journal(command) => journal::run(app, command).await,
    }
}
