//! `aerial orgs list|show|link|status|delete-request|create`.

use desk::guards::{self, GuardError};
use desk::journal::Action;
use desk::profiles::{Environment, OrgAddress};
use okta::aerial::{LinkTarget, Org, OrgQuery, OrgStatus};
use serde_json::json;

use crate::app::App;
use crate::cli::{OrgsCommand, StatusArg};
use crate::clients::{Connection, connect};
use crate::confirm::{confirm, confirm_name};
use crate::failure::{Failure, Outcome};
use crate::journaled::{self, Change};
use crate::output::{Table, note, or_dash, print, print_json};

mod create;

/// Page size for listing orgs: the largest Okta accepts, so a long list takes the fewest
/// requests.
const PAGE_SIZE: u32 = 100;

pub async fn run(app: &App, command: OrgsCommand) -> Outcome {
    match command {
        OrgsCommand::List { filter, status } => list(app, filter, status).await,
        OrgsCommand::Show { id } => show(app, &id).await,
        OrgsCommand::Link {
            org_id,
            domain,
            cell,
        } => link(app, org_id, domain, &cell).await,
        OrgsCommand::Status {
            id,
            status,
            confirm_name,
        } => set_status(app, &id, status, confirm_name.as_deref()).await,
        OrgsCommand::DeleteRequest { id, confirm_name } => {
            delete_request(app, &id, confirm_name.as_deref()).await
        }
        OrgsCommand::Create(args) => create::run(app, args).await,
    }
}

/// Joins the `--status` shortcut and the `--filter` expression into one SCIM filter.
fn scim_filter(filter: Option<String>, status: Option<StatusArg>) -> Option<String> {
    let status = status.map(|status| format!("status eq \"{}\"", status.as_okta_str()));
    match (filter.filter(|filter| !filter.trim().is_empty()), status) {
        // Okta's org filter joins terms only with AND, so no brackets are needed.
        (Some(filter), Some(status)) => Some(format!("{filter} AND {status}")),
        (Some(filter), None) => Some(filter),
        (None, status) => status,
    }
}

async fn list(app: &App, filter: Option<String>, status: Option<StatusArg>) -> Outcome {
    let connection = connect(app).await?;
    let query = OrgQuery {
        limit: Some(PAGE_SIZE),
        filter: scim_filter(filter, status),
        after: None,
    };
    let orgs = connection
        .aerial
        .orgs(&query)
        .await
        .map_err(|error| connection.failure(&error, None))?;
    if app.json {
        return print_json(&orgs);
    }
    if orgs.is_empty() {
        note("No orgs match.");
        return Ok(());
    }
    let mut table = Table::new(&["ID", "NAME", "STATUS", "CELL", "DOMAIN", "AERIAL ORG"]);
    for org in &orgs {
        table.row(vec![
            org.id.clone(),
            org.name.clone(),
            status_text(org.status),
            or_dash(org.cell.as_deref()),
            or_dash(org.domain.as_deref()),
            if org.aerial_org { "yes" } else { "" }.to_owned(),
        ]);
    }
    print(&table.render())?;
    note(&format!("{} orgs.", orgs.len()));
    Ok(())
}

pub fn status_text(status: Option<OrgStatus>) -> String {
    match status {
        Some(OrgStatus::Active) => "ACTIVE",
        Some(OrgStatus::Inactive) => "INACTIVE",
        Some(OrgStatus::Unknown) => "UNKNOWN",
        None => "-",
    }
    .to_owned()
}

/// Reads one org, diagnosing a failure with the org's ID.
pub async fn read_org(connection: &Connection, id: &str) -> Outcome<Org> {
    connection
        .aerial
        .org(id)
        .await
        .map_err(|error| connection.failure(&error, Some(id)))
}

async fn show(app: &App, id: &str) -> Outcome {
    let connection = connect(app).await?;
    let org = read_org(&connection, id).await?;
    if app.json {
        return print_json(&org);
    }
    print(&org_table(&org))
}

fn org_table(org: &Org) -> String {
    let mut table = Table::new(&["FIELD", "VALUE"]);
    let rows = [
        ("ID", org.id.clone()),
        ("Name", org.name.clone()),
        ("Status", status_text(org.status)),
        ("Domain", or_dash(org.domain.as_deref())),
        ("Cell", or_dash(org.cell.as_deref())),
        (
            "Aerial org",
            if org.aerial_org { "yes" } else { "no" }.to_owned(),
        ),
        ("Account ID", or_dash(org.account_id.as_deref())),
        ("Created", or_dash(org.created_date.as_deref())),
        ("Created by", or_dash(org.created_by.as_deref())),
    ];
    for (field, value) in rows {
        table.row(vec![field.to_owned(), value]);
    }
    table.render()
}

async fn link(app: &App, org_id: Option<String>, domain: Option<String>, cell: &str) -> Outcome {
    let connection = connect(app).await?;
    let (target, label) = match (org_id, domain) {
        (Some(id), _) => (
            LinkTarget::OrgId(id.trim().to_owned()),
            id.trim().to_owned(),
        ),
        (None, Some(domain)) => {
            let domain = desk::profiles::Domain::parse(&domain)?;
            (LinkTarget::Domain(domain.to_string()), domain.to_string())
        }
        (None, None) => {
            return Err(Failure::usage(
                "Name the org to link.",
                "Add --org-id ID or --domain DOMAIN.",
            ));
        }
    };
    let cell = cell.trim();
    let plan = format!(
        "This links the org {label} (cell {cell}) to Aerial account {}. {} {}",
        connection.profile.account_id,
        guards::LINK_WARNING,
        guards::link_consent_explanation()
    );
    confirm(app, &plan, "Link the org?")?;

    let change = Change {
        profile: &connection.profile,
        org: label.clone(),
        action: Action::Link,
        request: json!({ "target": label, "cell": cell }),
    };
    let send = connection.checked(connection.aerial.link_org(&target, cell), Some(&label));
    let org = journaled::run(
        app,
        change,
        send,
        |org: &Org| json!({ "id": org.id, "status": status_text(org.status) }),
    )
    .await?;
    if app.json {
        return print_json(&org);
    }
    note(&format!("Linked {} ({}) to the account.", org.name, org.id));
    print(&org_table(&org))
}

async fn set_status(app: &App, id: &str, status: StatusArg, name: Option<&str>) -> Outcome {
    let connection = connect(app).await?;
    let org = read_org(&connection, id).await?;
    if org.status == Some(status.okta()) {
        note(&format!(
            "The org {} ({}) is already {}; nothing was changed.",
            org.name,
            org.id,
            status.as_okta_str()
        ));
        return if app.json { print_json(&org) } else { Ok(()) };
    }
    if status == StatusArg::Inactive {
        guards::check_deactivation(&org).map_err(guard_failure)?;
        let plan = format!(
            "This deactivates the org {} ({}, {}). Its users can no longer sign in, and it is no longer billed.",
            org.name,
            org.id,
            or_dash(org.domain.as_deref())
        );
        confirm_name(&plan, &org, name)?;
    }

    let change = Change {
        profile: &connection.profile,
        org: org.id.clone(),
        action: Action::Status,
        request: json!({ "status": status.as_okta_str(), "before": status_text(org.status) }),
    };
    let send = connection.checked(
        connection.aerial.set_org_status(&org.id, status.okta()),
        Some(&org.id),
    );
    let updated = journaled::run(
        app,
        change,
        send,
        |org: &Org| json!({ "status": status_text(org.status) }),
    )
    .await?;
    if updated.status != Some(status.okta()) {
        return Err(Failure::new(
            crate::failure::Exit::OutcomeUnknown,
            format!(
                "Okta accepted the change, but the org {} reports the status {}.",
                org.id,
                status_text(updated.status)
            ),
            format!(
                "Check it with `aerial orgs show {}` before trying again.",
                org.id
            ),
        ));
    }
    if app.json {
        return print_json(&updated);
    }
    note(&format!(
        "The org {} ({}) is now {}.",
        updated.name,
        updated.id,
        status.as_okta_str()
    ));
    Ok(())
}

async fn delete_request(app: &App, id: &str, name: Option<&str>) -> Outcome {
    let connection = connect(app).await?;
    let org = read_org(&connection, id).await?;
    let allows_deletion = connection.profile.environment != Environment::Production;
    guards::check_deletion_request(&org, allows_deletion).map_err(guard_failure)?;
    let plan = format!(
        "This asks Okta to delete the org {} ({}, {}) with all its users, apps and settings. Okta accepts deletion requests only for sandbox and Okta Partner Program accounts.",
        org.name,
        org.id,
        or_dash(org.domain.as_deref())
    );
    confirm_name(&plan, &org, name)?;

    let change = Change {
        profile: &connection.profile,
        org: org.id.clone(),
        action: Action::DeletionRequest,
        request: json!({ "name": org.name }),
    };
    let send = connection.checked(
        connection.aerial.request_org_deletion(&org.id),
        Some(&org.id),
    );
    journaled::run(app, change, send, |_| json!({})).await?;
    if app.json {
        return print_json(&json!({ "id": org.id, "deletionRequested": true }));
    }
    note(&format!(
        "Okta accepted the deletion request for {} ({}).",
        org.name, org.id
    ));
    Ok(())
}

/// Turns a guard's rejection into a failure; nothing was sent.
fn guard_failure(error: GuardError) -> Failure {
    Failure::rejected(error.to_string(), "")
}

/// Parses a parent or target org address for the profile's environment.
pub fn org_address(profile: &desk::Profile, input: &str) -> Outcome<OrgAddress> {
    Ok(OrgAddress::parse(profile.environment, input)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_joins_filter() {
        let joined = scim_filter(Some("name sw \"a\"".into()), Some(StatusArg::Active));
        assert_eq!(
            joined.as_deref(),
            Some("name sw \"a\" AND status eq \"ACTIVE\"")
        );
    }

    #[test]
    fn blank_filter_is_dropped() {
        assert_eq!(scim_filter(Some("  ".into()), None), None);
    }
}
