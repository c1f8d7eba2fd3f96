//! `aerial consent show|grant`: an org's Aerial consent, read and granted with the org's own
//! super admin API token, kept in the profile with `aerial profile add-parent`.

use okta::org::ConsentGrant;
use serde_json::{Value, json};

use crate::app::App;
use crate::cli::{ConsentCommand, ConsentTarget};
use crate::confirm::confirm;
use crate::failure::Outcome;
use crate::output::{Table, note, or_dash, print, print_json};
use crate::session::{self, change_or_lost_result};

pub async fn run(app: &App, command: ConsentCommand) -> Outcome {
    match command {
        ConsentCommand::Show(target) => show(app, target).await,
        ConsentCommand::Grant(target) => grant(app, target).await,
    }
}

fn grant_json(grant: &ConsentGrant) -> Value {
    json!({
        "accountId": grant.account_id,
        "grantedBy": grant.granted_by,
        "grantedDate": grant.granted_date,
    })
}

/// Checks the org's address against the profile's environment before the session opens, so a
/// bad address is a usage error.
fn org_address(app: &App, target: &ConsentTarget) -> Outcome<String> {
    let profile = app.profile()?;
    let address = desk::profiles::OrgAddress::parse(profile.environment, &target.org)?;
    Ok(address.to_string())
}

async fn show(app: &App, target: ConsentTarget) -> Outcome {
    let org = org_address(app, &target)?;
    let opened = session::open(app).await?;
    let grant = opened.session.consent(&org).await?;

    if app.json {
        return print_json(&json!({ "org": org, "consent": grant.as_ref().map(grant_json) }));
    }
    let Some(grant) = grant else {
        note(&format!(
            "The org {org} has not granted Aerial consent to any account."
        ));
        return Ok(());
    };

    let mut table = Table::new(&["FIELD", "VALUE"]);
    table.row(vec!["Org".to_owned(), org.clone()]);
    table.row(vec!["Account ID".to_owned(), grant.account_id.clone()]);
    table.row(vec![
        "Granted by".to_owned(),
        or_dash(grant.granted_by.as_deref()),
    ]);
    table.row(vec![
        "Granted".to_owned(),
        or_dash(grant.granted_date.as_deref()),
    ]);
    print(&table.render())?;

    let account = &opened.session.profile().account_id;
    if grant.account_id != account.as_str() {
        note(&format!(
            "The consent is for account {}, not this profile's account {account}.",
            grant.account_id
        ));
    }
    Ok(())
}

async fn grant(app: &App, target: ConsentTarget) -> Outcome {
    let org = org_address(app, &target)?;
    let opened = session::open(app).await?;
    let plan = format!(
        "This grants Aerial consent on the org {org} to account {}, so the account can link it. Consent on a parent org covers its child orgs.",
        opened.session.profile().account_id
    );
    confirm(app, &plan, "Grant consent?")?;

    let Some(grant) = change_or_lost_result(app, opened.session.grant_consent(&org).await)? else {
        return Ok(());
    };
    if app.json {
        return print_json(&grant_json(&grant));
    }
    note(&format!(
        "The org {org} granted Aerial consent to account {}.",
        grant.account_id
    ));
    Ok(())
}
