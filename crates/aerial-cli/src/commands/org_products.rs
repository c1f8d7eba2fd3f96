//! `aerial org-products list|enable|disable`. The session plans a change from the org's
//! current products and shows it as a difference. Just before the write it checks the list
//! again under the org's lock, writes the full list (Okta replaces the whole set) and reads it
//! back.

use desk::plans::{AppliedPlan, ProductIntent, ProductPlan};
use okta::aerial::Product;
use serde_json::json;

use crate::app::App;
use crate::cli::OrgProductsCommand;
use crate::commands::account::products_table;
use crate::confirm::confirm;
use crate::failure::Outcome;
use crate::output::{note, print, print_json};
use crate::session::{self, change_result};

pub async fn run(app: &App, command: OrgProductsCommand) -> Outcome {
    match command {
        OrgProductsCommand::List { id } => list(app, &id).await,
        OrgProductsCommand::Enable { id, products } => {
            let intent = ProductIntent {
                enable: products,
                disable: Vec::new(),
            };
            change(app, &id, intent).await
        }
        OrgProductsCommand::Disable { id, products } => {
            let intent = ProductIntent {
                enable: Vec::new(),
                disable: products,
            };
            change(app, &id, intent).await
        }
    }
}

async fn list(app: &App, id: &str) -> Outcome {
    let opened = session::open(app).await?;
    let products = opened.session.org_products(id).await?;
    if app.json {
        return print_json(&products);
    }
    if products.is_empty() {
        note(&format!("The org {id} has no products enabled."));
        return Ok(());
    }
    print(&products_table(&products))
}

async fn change(app: &App, id: &str, intent: ProductIntent) -> Outcome {
    let opened = session::open(app).await?;
    let plan = opened.session.plan_products(id, &intent).await?;
    if plan.is_empty() {
        note(&format!("{} Nothing was written.", plan.summary()));
        return finish(app, &plan, None);
    }
    confirm(
        app,
        &format!("Org {id}: {}", plan.summary()),
        "Apply this change?",
    )?;

    let applied = change_result(opened.session.apply_products(&plan).await)?;
    finish(app, &plan, applied.as_ref())
}

fn ids(products: &[Product]) -> Vec<String> {
    products.iter().map(|product| product.id.clone()).collect()
}

fn finish(app: &App, plan: &ProductPlan, applied: Option<&AppliedPlan>) -> Outcome {
    let products = applied.map_or_else(|| plan.full_list(), |applied| ids(&applied.after));
    if app.json {
        return print_json(&json!({
            "changed": !plan.is_empty(),
            "plan": plan,
            "products": products,
        }));
    }
    if !plan.is_empty() {
        note(&format!(
            "Done. The org's products are now: {}.",
            products.join(", ")
        ));
    }
    Ok(())
}
