//! `aerial account show` and `aerial products list`.

use crate::app::App;
use crate::cli::{AccountCommand, ProductsCommand};
use crate::clients::connect;
use crate::failure::Outcome;
use crate::output::{Table, print, print_json};

pub async fn run_account(app: &App, command: AccountCommand) -> Outcome {
    let AccountCommand::Show = command;
    let connection = connect(app).await?;
    let account = connection
        .aerial
        .account()
        .await
        .map_err(|error| connection.failure(&error, None))?;
    if app.json {
        return print_json(&account);
    }
    let mut table = Table::new(&["FIELD", "VALUE"]);
    table.row(vec!["Account ID".to_owned(), account.id.clone()]);
    table.row(vec!["Name".to_owned(), account.name.clone()]);
    table.row(vec![
        "Profile".to_owned(),
        connection.profile.name.to_string(),
    ]);
    table.row(vec![
        "Environment".to_owned(),
        connection.profile.environment.to_string(),
    ]);
    print(&table.render())
}

pub async fn run_products(app: &App, command: ProductsCommand) -> Outcome {
    let ProductsCommand::List = command;
    let connection = connect(app).await?;
    let products = connection
        .aerial
        .products()
        .await
        .map_err(|error| connection.failure(&error, None))?;
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
