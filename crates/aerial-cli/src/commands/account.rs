//! `aerial account show` and `aerial products list`.

use crate::app::App;
use crate::cli::{AccountCommand, ProductsCommand};
use crate::failure::Outcome;
use crate::output::{Table, print, print_json};
use crate::session;

pub async fn run_account(app: &App, command: AccountCommand) -> Outcome {
    let AccountCommand::Show = command;
    let opened = session::open(app).await?;
    let account = opened.session.account().await?;
    if app.json {
        return print_json(&account);
    }
    let profile = opened.session.profile();
    let mut table = Table::new(&["FIELD", "VALUE"]);
    table.row(vec!["Account ID".to_owned(), account.id.clone()]);
    table.row(vec!["Name".to_owned(), account.name.clone()]);
    table.row(vec!["Profile".to_owned(), profile.name.to_string()]);
    table.row(vec![
        "Environment".to_owned(),
        profile.environment.to_string(),
    ]);
    print(&table.render())
}

pub async fn run_products(app: &App, command: ProductsCommand) -> Outcome {
    let ProductsCommand::List = command;
    let opened = session::open(app).await?;
    let products = opened.session.products().await?;
    if app.json {
        return print_json(&products);
    }
    print(&products_table(&products))
}

/// Renders products as an ID and name table.
pub fn products_table(products: &[okta::aerial::Product]) -> String {
    let mut table = Table::new(&["ID", "NAME"]);
    for product in products {
        table.row(vec![product.id.clone(), product.name.clone()]);
    }
    table.render()
}
