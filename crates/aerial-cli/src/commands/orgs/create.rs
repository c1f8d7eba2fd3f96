//! `aerial orgs create`: a child org through the parent org's Org Creator API. The request is
//! never resent blindly: the Okta client checks whether the org exists before sending again.

use desk::Secret;
use desk::journal::Action;
use desk::profiles::{OrgAddress, ParentAuth, ParentOrg, SecretKind};
use okta::org::{CreatedOrg, NewAdmin, NewOrg};
use serde_json::json;

use crate::app::App;
use crate::cli::OrgCreate;
use crate::clients::{context, org_client};
use crate::confirm::confirm;
use crate::failure::{Failure, Outcome};
use crate::journaled::{self, Change};
use crate::output::{note, print, print_json};

pub async fn run(app: &App, args: OrgCreate) -> Outcome {
    let profile = app.profile()?;
    let parent = super::org_address(&profile, &args.parent)?;
    let new_org = new_org(&args);
    new_org
        .validate()
        .map_err(|error| Failure::from_okta(&error, &context(&profile, None)))?;
    let client = org_client(app, &profile, &parent, None).await?;

    let plan = format!(
        "This creates the org \"{}\" with the subdomain {} under the parent org {parent}, with {} {} <{}> as its first super admin. Okta allows 10 new orgs per minute, and a new org takes about 30 seconds before it answers.",
        new_org.name,
        new_org.subdomain,
        new_org.admin.first_name,
        new_org.admin.last_name,
        new_org.admin.email
    );
    confirm(app, &plan, "Create the org?")?;

    let change = Change {
        profile: &profile,
        org: new_org.subdomain.clone(),
        action: Action::OrgCreation,
        request: json!({
            "parent": parent.to_string(),
            "subdomain": new_org.subdomain,
            "name": new_org.name,
            "adminLogin": new_org.admin.login,
        }),
    };
    let diagnosis_context = context(&profile, Some(&new_org.subdomain));
    let send = async {
        client
            .create_child_org(&new_org)
            .await
            .map_err(|error| Failure::from_okta(&error, &diagnosis_context))
    };
    let created = journaled::run(app, change, send, |org: &CreatedOrg| {
        json!({ "id": org.id, "subdomain": org.subdomain, "status": org.status })
    })
    .await?;

    let stored_as = keep_token(app, &profile, &parent, &created).await;
    report(app, &created, stored_as, args.print_token)
}

fn new_org(args: &OrgCreate) -> NewOrg {
    NewOrg {
        subdomain: args.subdomain.trim().to_owned(),
        name: args.name.trim().to_owned(),
        website: args.website.clone(),
        admin: NewAdmin {
            first_name: args.admin_first_name.trim().to_owned(),
            last_name: args.admin_last_name.trim().to_owned(),
            email: args.admin_email.trim().to_owned(),
            login: args
                .admin_login
                .clone()
                .unwrap_or_else(|| args.admin_email.clone())
                .trim()
                .to_owned(),
            password: None,
            recovery: None,
        },
    }
}

/// Keeps the new org's API token in the keychain as a parent org of the profile, so `consent`
/// and later calls can use it. Returns the org's address, or `None` when it could not be kept;
/// then the token is printed, because Okta never shows it again.
async fn keep_token(
    app: &App,
    profile: &desk::Profile,
    parent: &OrgAddress,
    created: &CreatedOrg,
) -> Option<OrgAddress> {
    let address = child_address(profile, parent, &created.subdomain)?;
    let mut updated = profile.clone();
    if updated.parent(&address).is_none() {
        updated.parent_orgs.push(ParentOrg {
            org: address.clone(),
            auth: ParentAuth::ApiToken,
        });
    }
    let entry = updated.secret_entry(&SecretKind::ParentApiToken(address.clone()));
    let token = Secret::new(created.token.expose().as_bytes().to_vec());
    if let Err(error) = app.keychain.set(&entry, token).await {
        tracing::warn!(error = %error, "could not keep the new org's API token");
        return None;
    }
    match app.store.update(updated, &app.keychain).await {
        Ok(()) => Some(address),
        Err(error) => {
            tracing::warn!(error = %error, "could not add the new org to the profile");
            None
        }
    }
}

/// Returns the child's address: the parent's, with the first label replaced by `subdomain`.
fn child_address(
    profile: &desk::Profile,
    parent: &OrgAddress,
    subdomain: &str,
) -> Option<OrgAddress> {
    let base = parent.base_url();
    let (scheme, rest) = base.split_once("://")?;
    let (_, parent_rest) = rest.split_once('.')?;
    let text = if profile.environment.uses_domains() {
        format!("{subdomain}.{parent_rest}")
    } else {
        format!("{scheme}://{subdomain}.{parent_rest}")
    };
    OrgAddress::parse(profile.environment, &text).ok()
}

fn report(
    app: &App,
    created: &CreatedOrg,
    stored_as: Option<OrgAddress>,
    print_token: bool,
) -> Outcome {
    let show_token = print_token || stored_as.is_none();
    if app.json {
        let mut value = json!({
            "id": created.id,
            "subdomain": created.subdomain,
            "name": created.name,
            "status": created.status,
            "tokenKeptFor": stored_as.as_ref().map(ToString::to_string),
        });
        if show_token {
            value["token"] = json!(created.token.expose());
        }
        return print_json(&value);
    }
    note(&format!(
        "Created the org \"{}\" ({}, subdomain {}).",
        created.name, created.id, created.subdomain
    ));
    match &stored_as {
        Some(address) => note(&format!(
            "Its super admin API token is in the keychain for {address}; Okta does not show it again."
        )),
        None => note(
            "The API token could not be kept in the keychain, so it is printed below. Okta does not show it again: store it in a password manager now.",
        ),
    }
    if show_token {
        print(&format!("{}\n", created.token.expose()))?;
    }
    Ok(())
}
