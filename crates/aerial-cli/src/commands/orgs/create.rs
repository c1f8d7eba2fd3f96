//! `aerial orgs create`: a child org through the parent org's Org Creator API. The session sends
//! the request once: a lost response is settled by looking the subdomain up, never by sending
//! the request again.

use okta::org::{NewAdmin, NewOrg};
use serde_json::json;

use crate::app::App;
use crate::cli::OrgCreate;
use crate::confirm::confirm;
use crate::failure::{Failure, Outcome};
use crate::output::{note, print, print_json};
use crate::session::{self, change_or_lost_result};

pub async fn run(app: &App, args: OrgCreate) -> Outcome {
    let new_org = new_org(&args);
    let profile = app.profile()?;
    new_org
        .validate()
        .map_err(|error| Failure::from_okta(&error, &desk::DiagnosisContext::default()))?;
    let parent = desk::profiles::OrgAddress::parse(profile.environment, &args.parent)?;
    let opened = session::open(app).await?;

    let plan = format!(
        "This creates the org \"{}\" with the subdomain {} under the parent org {parent}, with {} {} <{}> as its first super admin. Okta allows 10 new orgs per minute, and a new org takes about 30 seconds before it answers.",
        new_org.name,
        new_org.subdomain,
        new_org.admin.first_name,
        new_org.admin.last_name,
        new_org.admin.email
    );
    confirm(app, &plan, "Create the org?")?;
    let attempt = desk::guards::OrgCreationAttempt::confirmed(&new_org.subdomain)
        .map_err(|error| Failure::usage(error.to_string(), "Enter the new org's subdomain."))?;

    let result = opened
        .session
        .create_org(&app.store, &parent.to_string(), &new_org, attempt)
        .await;
    let Some(created) = change_or_lost_result(app, result)? else {
        return Ok(());
    };

    // Okta shows the token only once: when the keychain could not keep it, it is printed so
    // the admin can store it elsewhere.
    let print_token = args.print_token || !created.token_kept;
    if app.json {
        let mut value = json!({
            "id": created.id,
            "subdomain": created.subdomain,
            "name": created.name,
            "address": created.address,
            "tokenKept": created.token_kept,
            "tokenProblem": created.token_problem,
        });
        if print_token {
            value["token"] = json!(created.token_once.expose());
        }
        return print_json(&value);
    }
    if let Some(problem) = &created.token_problem {
        note(&format!(
            "Created the org \"{}\" ({}) at {}, but its super admin API token could not be kept: {problem} The token follows; store it somewhere safe now, because Okta does not show it again.",
            created.name, created.id, created.address
        ));
    } else {
        note(&format!(
            "Created the org \"{}\" ({}) at {}. Its super admin API token is in the keychain, and the org is added to the profile, so `aerial consent` can use it. Okta does not show the token again.",
            created.name, created.id, created.address
        ));
    }
    if print_token {
        print(&format!("{}\n", created.token_once.expose()))?;
    }
    Ok(())
}

fn new_org(args: &OrgCreate) -> NewOrg {
    let login = args.admin_login.as_deref().unwrap_or(&args.admin_email);
    NewOrg {
        subdomain: args.subdomain.trim().to_owned(),
        name: args.name.trim().to_owned(),
        website: args.website.clone(),
        admin: NewAdmin {
            first_name: args.admin_first_name.trim().to_owned(),
            last_name: args.admin_last_name.trim().to_owned(),
            email: args.admin_email.trim().to_owned(),
            login: login.trim().to_owned(),
            password: None,
            recovery: None,
        },
    }
}
