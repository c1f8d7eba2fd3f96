//! `aerial profile add|list|show|use|remove|add-parent`.

use desk::Secret;
use desk::keychain::KeychainProblem;
use desk::profiles::{
    AccountId, BaseUrl, ClientId, Environment, KeyId, OrgAddress, ParentAuth, ParentOrg, Profile,
    ProfileName, SecretKind,
};
use okta::PrivateKey;
use serde_json::{Value, json};

use crate::app::App;
use crate::cli::{EnvironmentArg, KeyTypeArg, ParentAdd, ProfileAdd, ProfileCommand};
use crate::confirm::confirm;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::{Table, note, or_dash, print, print_json};
use crate::profile_input::{generate_key, import_key, secret_from_env, secret_from_stdin};

pub async fn run(app: &App, command: ProfileCommand) -> Outcome {
    match command {
        ProfileCommand::Add(args) => add(app, args).await,
        ProfileCommand::List => list(app),
        ProfileCommand::Show { name } => show(app, name.as_deref()),
        ProfileCommand::Use { name } => {
            app.store.set_active(&name)?;
            let profile = app.store.get(&name)?;
            note(&format!(
                "Profile \"{}\" is now the active profile.",
                profile.name
            ));
            Ok(())
        }
        ProfileCommand::Remove { name } => remove(app, &name).await,
        ProfileCommand::AddParent(args) => add_parent(app, args).await,
    }
}

/// Validates every field, makes or imports the key, stores the keys in the keychain and then
/// saves the profile. If a keychain write or the save fails, the keys are deleted again.
async fn add(app: &App, args: ProfileAdd) -> Outcome {
    let mut profile = build_profile(&args)?;
    ensure_name_free(app, &profile.name)?;

    let key = match &args.key.key_file {
        Some(path) => import_key(
            path,
            args.key.passphrase_env.as_deref(),
            args.key.key_id.as_deref(),
        )?,
        None => generate_key(args.key.key_type, args.key.key_id.as_deref())?,
    };
    profile.key_id = KeyId::parse(key.kid())?;
    let dpop_key = if args.dpop {
        Some(generate_key(KeyTypeArg::Ec, None)?)
    } else {
        None
    };

    let mut written = Vec::new();
    if let Err(failure) = save_new(app, &profile, &key, dpop_key.as_ref(), &mut written).await {
        for entry in written {
            if let Err(cleanup) = app.keychain.delete(&entry).await {
                tracing::warn!(error = %cleanup, entry, "could not delete a key after a failed profile save");
                note(&format!(
                    "The keychain entry {entry} could not be deleted ({cleanup}); delete it with the OS password manager."
                ));
            }
        }
        return Err(failure);
    }

    let active = app
        .store
        .active()?
        .is_some_and(|active| active.name == profile.name);
    if app.json {
        return print_json(
            &json!({ "profile": profile_json(&profile, active), "publicJwk": key.public_jwk() }),
        );
    }
    note(&format!(
        "Added profile \"{}\"{}. Its private key is in the keychain.",
        profile.name,
        if active {
            " and made it the active profile"
        } else {
            ""
        }
    ));
    note(
        "Add this public key to the app in the Admin Console (General › Client Credentials › Public key / Private key › Add key), then run `aerial connect test`:",
    );
    print(&format!("{}\n", pretty_json(&key.public_jwk())?))
}

/// Stores the keys in the keychain, then saves the profile. Adds each keychain entry that may
/// now exist to `written`, so a failure cleans up only entries this call created.
async fn save_new(
    app: &App,
    profile: &Profile,
    key: &PrivateKey,
    dpop_key: Option<&PrivateKey>,
    written: &mut Vec<String>,
) -> Outcome {
    store_new_key(app, profile, &SecretKind::PrivateKey, key, written).await?;
    if let Some(dpop_key) = dpop_key {
        store_new_key(app, profile, &SecretKind::DpopKey, dpop_key, written).await?;
    }
    app.store.add(profile.clone())?;
    Ok(())
}

/// Stores one key and adds its entry to `written` when the entry may exist: after a successful
/// write, or when the write went through but reading it back showed other bytes.
async fn store_new_key(
    app: &App,
    profile: &Profile,
    kind: &SecretKind,
    key: &PrivateKey,
    written: &mut Vec<String>,
) -> Outcome {
    let entry = profile.secret_entry(kind);
    let bytes = key.to_storage_bytes();
    let result = app
        .keychain
        .set(&entry, Secret::new(bytes.expose().clone()))
        .await;
    match result {
        Ok(()) => {
            written.push(entry);
            Ok(())
        }
        Err(error) => {
            if error.problem == KeychainProblem::ReadBackMismatch {
                written.push(entry);
            }
            Err(error.into())
        }
    }
}

fn build_profile(args: &ProfileAdd) -> Outcome<Profile> {
    let environment = match args.environment {
        EnvironmentArg::Production => Environment::Production,
        EnvironmentArg::Sandbox => Environment::Sandbox,
        EnvironmentArg::Custom => Environment::Custom,
    };
    let aerial_service = match (&args.aerial_service, environment.default_service()) {
        (Some(url), _) => BaseUrl::parse(url)?,
        (None, Some(default)) => default,
        (None, None) => {
            return Err(Failure::usage(
                "A custom profile needs the Aerial service's address.",
                "Add --aerial-service URL, such as --aerial-service http://127.0.0.1:4010 for a local emulator.",
            ));
        }
    };
    Ok(Profile {
        name: ProfileName::parse(&args.name)?,
        environment,
        aerial_service,
        account_id: AccountId::parse(&args.account_id)?,
        aerial_org: OrgAddress::parse(environment, &args.aerial_org)?,
        client_id: ClientId::parse(&args.client_id)?,
        // Replaced by the key's own ID once the key exists.
        key_id: KeyId::parse("pending")?,
        dpop: args.dpop,
        parent_orgs: Vec::new(),
    })
}

fn ensure_name_free(app: &App, name: &ProfileName) -> Outcome {
    match app.store.get(name.as_str()) {
        Err(desk::ProfileError::NotFound { .. }) => Ok(()),
        Err(other) => Err(other.into()),
        Ok(existing) => Err(Failure::usage(
            format!(
                "A profile named \"{}\" already exists, and names are compared without regard to case.",
                existing.name
            ),
            format!("Choose another name for \"{name}\", or remove the old profile first."),
        )),
    }
}

/// Stores a key in the keychain entry of `kind`; the keychain reads every write back.
pub async fn store_key(
    app: &App,
    profile: &Profile,
    kind: &SecretKind,
    key: &PrivateKey,
) -> Outcome {
    let bytes = key.to_storage_bytes();
    let entry = profile.secret_entry(kind);
    app.keychain
        .set(&entry, Secret::new(bytes.expose().clone()))
        .await?;
    Ok(())
}

fn list(app: &App) -> Outcome {
    let profiles = app.store.list()?;
    let active = app.store.active()?.map(|profile| profile.name);
    if app.json {
        let items: Vec<Value> = profiles
            .iter()
            .map(|profile| profile_json(profile, Some(&profile.name) == active.as_ref()))
            .collect();
        return print_json(&items);
    }
    if profiles.is_empty() {
        note("No profiles yet. Add one with `aerial profile add`.");
        return Ok(());
    }
    let mut table = Table::new(&["ACTIVE", "NAME", "ENVIRONMENT", "ACCOUNT", "AERIAL ORG"]);
    for profile in &profiles {
        let marker = if Some(&profile.name) == active.as_ref() {
            "*"
        } else {
            ""
        };
        table.row(vec![
            marker.to_owned(),
            profile.name.to_string(),
            profile.environment.to_string(),
            profile.account_id.to_string(),
            profile.aerial_org.to_string(),
        ]);
    }
    print(&table.render())
}

fn show(app: &App, name: Option<&str>) -> Outcome {
    let profile = match name {
        Some(name) => app.store.get(name)?,
        None => app.profile()?,
    };
    let active = app
        .store
        .active()?
        .is_some_and(|active| active.name == profile.name);
    if app.json {
        return print_json(&profile_json(&profile, active));
    }
    let parents: Vec<String> = profile
        .parent_orgs
        .iter()
        .map(|parent| parent.org.to_string())
        .collect();
    let mut table = Table::new(&["FIELD", "VALUE"]);
    let rows = [
        ("Name", profile.name.to_string()),
        ("Active", if active { "yes" } else { "no" }.to_owned()),
        ("Environment", profile.environment.to_string()),
        ("Aerial service", profile.aerial_service.to_string()),
        ("Account ID", profile.account_id.to_string()),
        ("Aerial org", profile.aerial_org.to_string()),
        ("Client ID", profile.client_id.to_string()),
        ("Key ID", profile.key_id.to_string()),
        (
            "DPoP",
            if profile.dpop { "required" } else { "off" }.to_owned(),
        ),
        ("Parent orgs", or_dash(Some(&parents.join(", ")))),
    ];
    for (field, value) in rows {
        table.row(vec![field.to_owned(), value]);
    }
    print(&table.render())
}

/// The profile as JSON, with `active` added. The profile contains no secret.
pub fn profile_json(profile: &Profile, active: bool) -> Value {
    let mut value = serde_json::to_value(profile).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("active".to_owned(), Value::Bool(active));
    }
    value
}

async fn remove(app: &App, name: &str) -> Outcome {
    let profile = app.store.get(name)?;
    let plan = format!(
        "This removes profile \"{}\" (account {}, {}) and deletes its private keys and API tokens from the keychain. The keys cannot be recovered.",
        profile.name, profile.account_id, profile.environment
    );
    confirm(app, &plan, "Remove the profile?")?;
    app.store.remove(name, &app.keychain).await?;
    note(&format!(
        "Removed profile \"{}\" and its keychain entries.",
        profile.name
    ));
    Ok(())
}

async fn add_parent(app: &App, args: ParentAdd) -> Outcome {
    let mut profile = app.profile()?;
    let org = OrgAddress::parse(profile.environment, &args.org)?;
    if profile.parent(&org).is_some() {
        return Err(Failure::usage(
            format!(
                "Profile \"{}\" already lists the parent org {org}.",
                profile.name
            ),
            "Remove the profile's parent org first, or use it as it is.",
        ));
    }
    let token = match &args.api_token_env {
        Some(variable) => secret_from_env(variable, "API token")?,
        None => secret_from_stdin("API token")?,
    };
    profile.parent_orgs.push(ParentOrg {
        org: org.clone(),
        auth: ParentAuth::ApiToken,
    });
    let entry = profile.secret_entry(&SecretKind::ParentApiToken(org.clone()));
    app.keychain
        .set(&entry, Secret::new(token.into_bytes()))
        .await?;
    if let Err(error) = app.store.update(profile.clone(), &app.keychain).await {
        if let Err(cleanup) = app.keychain.delete(&entry).await {
            tracing::warn!(error = %cleanup, entry, "could not delete a token after a failed profile save");
            note(&format!(
                "The keychain entry {entry} could not be deleted ({cleanup}); delete it with the OS password manager."
            ));
        }
        return Err(error.into());
    }
    note(&format!(
        "Added parent org {org} to profile \"{}\"; its API token is in the keychain.",
        profile.name
    ));
    Ok(())
}

/// Returns `value` as indented JSON.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> Outcome<String> {
    serde_json::to_string_pretty(value).map_err(|error| {
        Failure::new(
            Exit::Rejected,
            format!("Could not write the key as JSON: {error}."),
            "",
        )
    })
}
