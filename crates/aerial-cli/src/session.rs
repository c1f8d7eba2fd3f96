//! Opens the selected profile into a desk session: the Okta clients, the journal and the
//! product-change locks. Every read and change of the CLI goes through the session, so the
//! guards and the journal apply as they do in the desktop app.

use std::sync::Arc;

use desk::journal::State;
use desk::plans::OrgLocks;
use desk::profiles::{Profile, SecretKind};
use desk::session::{Services, Session, SessionError, http_config_for};
use okta::{Http, PrivateKey, TokenClient};
use serde_json::json;

use crate::app::App;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::{note, print_json};

/// An open session and the token cache behind it.
pub struct Opened {
    pub session: Session,
    pub tokens: Arc<TokenClient>,
}

/// Opens the selected profile. Changes an earlier run left with an unknown outcome are
/// checked against Okta first, and what was found is reported on stderr.
pub async fn open(app: &App) -> Outcome<Opened> {
    let profile = app.profile()?;
    let http = Http::new(http_config_for(&profile))
        .map_err(|error| Failure::from_okta(&error, &desk::DiagnosisContext::default()))?;
    let tokens = Arc::new(TokenClient::new(http));
    let services = Services {
        secrets: Arc::new(app.keychain.clone()),
        journal: app.journal().await?,
        locks: Arc::new(OrgLocks::new(app.lock_folder()?)),
        tokens: Arc::clone(&tokens),
    };
    let session = Session::open(profile, Arc::new(services)).await?;
    report_rechecks(&session).await;
    Ok(Opened { session, tokens })
}

/// Checks earlier changes whose outcome is unknown. A failure here only means they stay
/// unknown until the next run, so it does not stop the command.
async fn report_rechecks(session: &Session) {
    let results = match session.recheck_unknown().await {
        Ok(results) => results,
        Err(error) => {
            tracing::warn!(error = %error, "could not re-check changes with an unknown outcome");
            note(&format!(
                "Earlier changes with an unknown outcome could not be checked against Okta ({error}); they are checked again at the next run."
            ));
            return;
        }
    };
    for result in results {
        let outcome = match result.state {
            State::Succeeded => "took effect",
            State::Failed => "did not take effect",
            _ => "still has an unknown outcome",
        };
        note(&format!(
            "An earlier change ({} of {}, journal entry {}) {outcome}: {}",
            result.action.as_str(),
            result.org,
            result.entry_id,
            result.note
        ));
    }
}

/// Returns the value of a change, or `None` when Okta's response was lost but reading the org
/// again showed the change took effect.
pub fn change_result<T>(result: Result<T, SessionError>) -> Outcome<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(SessionError::AnswerLost { org, .. }) => {
            note(&format!(
                "Okta's response about {org} was lost, but reading the org again shows the change took effect."
            ));
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// Returns the value of a change like [`change_result`]. When Okta's response was lost but the
/// change took effect, it also prints, under `--json`, what reading the org again found, so a
/// script still gets one JSON result on stdout.
pub fn change_or_lost_result<T>(app: &App, result: Result<T, SessionError>) -> Outcome<Option<T>> {
    let Err(SessionError::AnswerLost { entry, .. }) = &result else {
        return change_result(result);
    };
    if app.json {
        print_json(&json!({
            "responseLost": true,
            "journalEntryId": entry.id,
            "result": entry.result,
        }))?;
    }
    change_result(result)
}

/// Reads one of the profile's keys from the keychain. A missing key means the profile is not
/// fully set up.
pub async fn load_key(app: &App, profile: &Profile, kind: &SecretKind) -> Outcome<PrivateKey> {
    let entry = profile.secret_entry(kind);
    let which = match kind {
        SecretKind::DpopKey => "DPoP key",
        _ => "private key",
    };
    let Some(bytes) = app.keychain.get(&entry).await? else {
        return Err(Failure::new(
            Exit::NotConfigured,
            format!(
                "No {which} for profile \"{}\" is in the keychain (entry {entry} of service {}).",
                profile.name,
                app.keychain.service()
            ),
            format!(
                "Run `aerial key generate --profile \"{}\"` and register the printed public key on the app, or import the registered key with `aerial key import`.",
                profile.name
            ),
        ));
    };
    PrivateKey::from_storage_bytes(bytes.expose()).map_err(|error| {
        Failure::new(
            Exit::NotConfigured,
            format!(
                "The {which} of profile \"{}\" in the keychain cannot be read: {error}.",
                profile.name
            ),
            "Generate a new key with `aerial key generate`, or import the registered one with `aerial key import`.",
        )
    })
}

/// Returns the profile's values for filling in a diagnosis.
pub fn context(profile: &Profile) -> desk::DiagnosisContext {
    desk::DiagnosisContext {
        client_id: Some(profile.client_id.to_string()),
        aerial_org_domain: Some(profile.aerial_org.authority().to_owned()),
        account_id: Some(profile.account_id.to_string()),
        scope: None,
        target_org: None,
    }
}
