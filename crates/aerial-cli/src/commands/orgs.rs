//! `aerial orgs list|show|link|status|delete-request|create`.

use desk::guards;
use desk::session::{DeletionRequest, SessionError, StatusChange};
use okta::aerial::{LinkTarget, Org, OrgStatus};
use serde_json::json;

use crate::app::App;
use crate::cli::{OrgsCommand, StatusArg};
use crate::confirm::{confirm, confirm_name};
use crate::failure::{Failure, Outcome};
use crate::output::{Table, note, or_dash, print, print_json};
use crate::session::{self, change_or_lost_result, change_result};

mod create;

pub async fn run(app: &App, command: OrgsCommand) -> Outcome {
    match command {
        OrgsCommand::List { filter, status } => list(app, filter, status).await,
        OrgsCommand::Show { id } => show(app, &id).await,
        OrgsCommand::Link {
            org_id,
            domain,
            cell,
        } => {
            let target = match (org_id, domain) {
                (Some(id), _) => LinkTarget::OrgId(id),
                (None, Some(domain)) => LinkTarget::Domain(domain),
                (None, None) => unreachable!("clap requires --org-id or --domain"),
            };
            link(app, target, &cell).await
        }
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
    let opened = session::open(app).await?;
    let filter = scim_filter(filter, status);
    let orgs = opened
        .session
        .orgs(filter.clone(), |_| {})
        .await
        .map_err(|error| filter_failure(error, filter.as_deref()))?;
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

/// Okta's error code for a filter it cannot parse ("Invalid search criteria.").
const INVALID_FILTER: &str = "E0000031";

/// Explains Okta's rejection of the filter as a bad value on the command line, quoting the
/// filter the admin passed, so the exit code is the one for bad input.
fn filter_failure(error: SessionError, filter: Option<&str>) -> Failure {
    let (SessionError::Okta { diagnosis, .. }, Some(filter)) = (&error, filter) else {
        return error.into();
    };
    if diagnosis.okta.error_code.as_deref() != Some(INVALID_FILTER) {
        return error.into();
    }
    let mut failure = Failure::usage(
        format!("Okta rejected the filter {filter} as invalid search criteria."),
        "Compare fields with eq or sw and a quoted value, and join the terms with AND, such as --filter 'subdomain sw \"acme\" AND status eq \"ACTIVE\"'.",
    );
    failure.code = Some("invalid_filter".to_owned());
    failure.okta = Some(Box::new(diagnosis.okta.clone()));
    failure
}

fn status_text(status: Option<OrgStatus>) -> String {
    match status {
        Some(OrgStatus::Active) => "ACTIVE",
        Some(OrgStatus::Inactive) => "INACTIVE",
        Some(OrgStatus::Unknown) => "UNKNOWN",
        None => "-",
    }
    .to_owned()
}

async fn show(app: &App, id: &str) -> Outcome {
    let opened = session::open(app).await?;
    let org = opened.session.org(id).await?;
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

async fn link(app: &App, target: LinkTarget, cell: &str) -> Outcome {
    let opened = session::open(app).await?;
    let label = match &target {
        LinkTarget::OrgId(id) => id.clone(),
        LinkTarget::Domain(domain) => domain.clone(),
    };
    let plan = format!(
        "This links the org {label} (cell {cell}) to Aerial account {}. {} {}",
        opened.session.profile().account_id,
        guards::LINK_WARNING,
        guards::link_consent_explanation()
    );
    confirm(app, &plan, "Link the org?")?;

    let Some(org) = change_or_lost_result(app, opened.session.link(&target, cell).await)? else {
        return Ok(());
    };
    if app.json {
        return print_json(&org);
    }
    note(&format!("Linked {} ({}) to the account.", org.name, org.id));
    print(&org_table(&org))
}

async fn set_status(app: &App, id: &str, status: StatusArg, name: Option<&str>) -> Outcome {
    let opened = session::open(app).await?;
    let org = opened.session.org(id).await?;
    if org.status == Some(status.okta()) {
        note(&format!(
            "The org {} ({}) is already {}; nothing was changed.",
            org.name,
            org.id,
            status.as_okta_str()
        ));
        return if app.json { print_json(&org) } else { Ok(()) };
    }

    let mut typed_name = None;
    if status == StatusArg::Inactive {
        guards::check_deactivation(&org).map_err(desk::session::SessionError::from)?;
        let plan = format!(
            "This deactivates the org {} ({}, {}). Its users can no longer sign in, and it is no longer billed.",
            org.name,
            org.id,
            or_dash(org.domain.as_deref())
        );
        typed_name = Some(confirm_name(&plan, &org, name)?);
    }

    let change = StatusChange {
        org_id: org.id.clone(),
        status: status.okta(),
        typed_name,
    };
    let Some(updated) = change_or_lost_result(app, opened.session.set_status(&change).await)?
    else {
        return Ok(());
    };
    if app.json {
        return print_json(&updated);
    }
    note(&format!(
        "The org {} ({}) is now {}.",
        updated.name,
        updated.id,
        status_text(updated.status)
    ));
    Ok(())
}

async fn delete_request(app: &App, id: &str, name: Option<&str>) -> Outcome {
    let opened = session::open(app).await?;
    let org = opened.session.org(id).await?;
    guards::check_deletion_request(&org, opened.session.allows_deletion())
        .map_err(desk::session::SessionError::from)?;
    let plan = format!(
        "This asks Okta to delete the org {} ({}, {}) with all its users, apps and settings. Okta accepts deletion requests only for sandbox and Okta Partner Program accounts.",
        org.name,
        org.id,
        or_dash(org.domain.as_deref())
    );
    let typed_name = confirm_name(&plan, &org, name)?;

    let request = DeletionRequest {
        org_id: org.id.clone(),
        typed_name,
    };
    change_result(opened.session.request_deletion(&request).await)?;
    if app.json {
        return print_json(&json!({ "id": org.id, "deletionRequested": true }));
    }
    note(&format!(
        "Okta accepted the deletion request for {} ({}).",
        org.name, org.id
    ));
    Ok(())
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
