//! `aerial org-products list|enable|disable`. A change is planned from the org's current
//! products and shown as a difference. Just before the write it is checked again under the
//! org's lock, then written as the full list (Okta replaces the whole set) and read back.

use desk::journal::Action;
use desk::plans::{
    AppliedPlan, OrgLocks, PlanError, ProductIntent, ProductPlan, apply_plan, plan_products,
};
use okta::aerial::Product;
use serde_json::json;

use crate::app::App;
use crate::cli::OrgProductsCommand;
use crate::clients::{Connection, connect};
use crate::commands::account::products_table;
use crate::confirm::confirm;
use crate::failure::{Exit, Failure, Outcome};
use crate::journaled::{self, Change};
use crate::output::{note, print, print_json};

pub async fn run(app: &App, command: OrgProductsCommand) -> Outcome {
    match command {
        OrgProductsCommand::List { id } => list(app, &id).await,
        OrgProductsCommand::Enable { id, products } => {
            let intent = ProductIntent {
                enable: trimmed(products),
                disable: Vec::new(),
            };
            change(app, &id, intent).await
        }
        OrgProductsCommand::Disable { id, products } => {
            let intent = ProductIntent {
                enable: Vec::new(),
                disable: trimmed(products),
            };
            change(app, &id, intent).await
        }
    }
}

fn trimmed(ids: Vec<String>) -> Vec<String> {
    ids.into_iter().map(|id| id.trim().to_owned()).collect()
}

async fn list(app: &App, id: &str) -> Outcome {
    let connection = connect(app).await?;
    let products = connection
        .checked(connection.aerial.org_products(id), Some(id))
        .await?;
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
    let connection = connect(app).await?;
    let plan = plan_products(&connection.aerial, id, &intent)
        .await
        .map_err(|error| plan_failure(&connection, id, error))?;
    if plan.is_empty() {
        note(&format!("{} Nothing was written.", plan.summary()));
        return finish(app, &plan, None);
    }
    confirm(
        app,
        &format!("Org {id}: {}", plan.summary()),
        "Apply this change?",
    )?;

    let locks = OrgLocks::new(app.lock_folder()?);
    let change = Change {
        profile: &connection.profile,
        org: id.to_owned(),
        action: Action::Products,
        request: json!({
            "before": ids(&plan.current),
            "after": plan.full_list(),
        }),
    };
    let send = async {
        apply_plan(&connection.aerial, &plan, &locks)
            .await
            .map_err(|error| plan_failure(&connection, id, error))
    };
    let applied = journaled::run(
        app,
        change,
        send,
        |applied: &AppliedPlan| json!({ "products": ids(&applied.after) }),
    )
    .await?;
    finish(app, &plan, Some(&applied))
}

fn ids(products: &[Product]) -> Vec<String> {
    products.iter().map(|product| product.id.clone()).collect()
}

/// Chooses the exit code of a plan error: a bad intent is a usage error, a lost or differing
/// read-back leaves the outcome unknown, and Okta errors get their diagnosis.
fn plan_failure(connection: &Connection, id: &str, error: PlanError) -> Failure {
    let exit = match &error {
        PlanError::Okta(okta) => return connection.failure(okta, Some(id)),
        PlanError::EmptyOrgId
        | PlanError::EmptyProductId { .. }
        | PlanError::DuplicateProductId { .. }
        | PlanError::ConflictingIntent { .. }
        | PlanError::NotSubscribed { .. } => Exit::Usage,
        PlanError::ReadBackMismatch { .. } => Exit::OutcomeUnknown,
        PlanError::ChangedSinceReviewed { .. }
        | PlanError::LockFailed { .. }
        | PlanError::LockTimedOut { .. } => Exit::Rejected,
    };
    Failure::new(exit, error.to_string(), "")
}

fn finish(app: &App, plan: &ProductPlan, applied: Option<&AppliedPlan>) -> Outcome {
    if app.json {
        return print_json(&json!({
            "changed": applied.is_some(),
            "plan": plan,
            "products": applied.map_or_else(|| plan.full_list(), |applied| ids(&applied.after)),
        }));
    }
    if let Some(applied) = applied {
        note(&format!(
            "Done. The org's products are now: {}.",
            ids(&applied.after).join(", ")
        ));
    }
    Ok(())
}
