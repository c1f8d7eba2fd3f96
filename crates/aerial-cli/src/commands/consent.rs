//! `aerial consent show|grant`: an org's Aerial consent, on the org's own management API with a
//! super admin API token.

use desk::journal::Action;
use okta::org::ConsentGrant;
use serde_json::{Value, json};

use crate::app::App;
use crate::cli::{ConsentCommand, ConsentTarget};
use crate::clients::{context, org_client};
use crate::confirm::confirm;
use crate::failure::{Failure, Outcome};
use crate::journaled::{self, Change};
use crate::output::{Table, note, or_dash, print, print_json};

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

async fn show(app: &App, target: ConsentTarget) -> Outcome {
    let profile = app.profile()?;
    let org = super::orgs::org_address(&profile, &target.org)?;
    let client = org_client(app, &profile, &org, target.api_token_env.as_deref()).await?;
    let grant = client
        .aerial_consent()
        .await
        .map_err(|error| Failure::from_okta(&error, &context(&profile, Some(org.authority()))))?;
    if app.json {
        return print_json(
            &json!({ "org": org.to_string(), "consent": grant.as_ref().map(grant_json) }),
        );
    }
    let Some(grant) = grant else {
        note(&format!(
            "The org {org} has not granted Aerial consent to any account."
        ));
        return Ok(());
    };
    let mut table = Table::new(&["FIELD", "VALUE"]);
    table.row(vec!["Org".to_owned(), org.to_string()]);
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
    if grant.account_id != profile.account_id.as_str() {
        note(&format!(
            "The consent is for account {}, not this profile's account {}.",
            grant.account_id, profile.account_id
        ));
    }
    Ok(())
}

async fn grant(app: &App, target: ConsentTarget) -> Outcome {
    let profile = app.profile()?;
    let org = super::orgs::org_address(&profile, &target.org)?;
    let client = org_client(app, &profile, &org, target.api_token_env.as_deref()).await?;
    let plan = format!(
        "This grants Aerial consent on the org {org} to account {}, so the account can link it. Consent on a parent org covers its child orgs.",
        profile.account_id
    );
    confirm(app, &plan, "Grant consent?")?;

    let change = Change {
        profile: &profile,
        org: org.authority().to_owned(),
        action: Action::Consent,
        request: json!({ "grant": profile.account_id.as_str() }),
    };
    let diagnosis_context = context(&profile, Some(org.authority()));
    let send = async {
        client
            .grant_aerial_consent(profile.account_id.as_str())
            .await
            .map_err(|error| Failure::from_okta(&error, &diagnosis_context))
    };
    let grant = journaled::run(app, change, send, grant_json).await?;
    if app.json {
        return print_json(&grant_json(&grant));
    }
    note(&format!(
        "The org {org} granted Aerial consent to account {}.",
        grant.account_id
    ));
    Ok(())
}
