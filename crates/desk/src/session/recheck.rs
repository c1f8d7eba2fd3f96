//! Finds out from Okta how a change ended when its response never came back: after a timeout or
//! a dropped connection, and at the next start for changes a crash interrupted.

use std::collections::BTreeSet;

use okta::OrgClient;
use okta::aerial::{LinkTarget, OrgStatus};
use okta::org::OrgPresence;
use serde::Serialize;
use serde_json::{Value, json};

use super::changes::org_summary;
use super::{Session, SessionError};
use crate::journal::{Action, Ending, Entry, EntryId, Failure, Query, State};
use crate::profiles::SecretStore;

/// The result of reading Okta about one change.
pub(super) enum Found {
    /// The change's outcome is known now.
    Settled(Ending),
    /// Okta's current state does not settle it, for the reason given.
    Unknown(String),
}

/// The result of checking one "outcome unknown" change again.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recheck {
    pub entry_id: EntryId,
    pub org: String,
    pub action: Action,
    /// `succeeded` or `failed` once settled; `outcome_unknown` when Okta could not tell.
    pub state: State,
    /// The reason it is still unknown, or the finding.
    pub note: String,
}

impl<S: SecretStore> Session<S> {
    /// Checks every "outcome unknown" change of this profile against Okta and records what
    /// was found. Changes Okta's state cannot settle stay unknown, with the reason.
    pub async fn recheck_unknown(&self) -> Result<Vec<Recheck>, SessionError> {
        let journal = &self.services.journal;
        let entries = journal
            .query(Query {
                state: Some(State::OutcomeUnknown),
                profile: Some(self.profile.name.to_string()),
                ..Query::default()
            })
            .await?;
        let mut results = Vec::with_capacity(entries.len());
        let grace = time::Duration::try_from(self.recheck_grace).unwrap_or(time::Duration::ZERO);
        let settled_before = time::OffsetDateTime::now_utc() - grace;
        for entry in entries {
            let found = match check(self, &entry).await {
                // A change Okta does not show yet may still be in progress: a new org, for one,
                // takes about 30 seconds before it responds. Only older entries are settled as failed.
                Found::Settled(Ending::Failed(_)) if entry.started_at > settled_before => {
                    Found::Unknown(
                        "Okta does not show the change yet; it is checked again at the next start"
                            .to_owned(),
                    )
                }
                found => found,
            };
            let (state, note) = match found {
                Found::Settled(ending) => {
                    let state = match &ending {
                        Ending::Succeeded { .. } => State::Succeeded,
                        Ending::Failed(_) => State::Failed,
                    };
                    let note = match &ending {
                        Ending::Succeeded { .. } => "Okta shows the change took effect".to_owned(),
                        Ending::Failed(failure) => failure.message.clone(),
                    };
                    journal.settle(entry.id, ending).await?;
                    (state, note)
                }
                Found::Unknown(reason) => (State::OutcomeUnknown, reason),
            };
            results.push(Recheck {
                entry_id: entry.id,
                org: entry.org.clone(),
                action: entry.action,
                state,
                note,
            });
        }
        Ok(results)
    }
}

/// Reads Okta to find out how `entry` ended.
pub(super) async fn check<S: SecretStore>(session: &Session<S>, entry: &Entry) -> Found {
    let request = &entry.request;
    let result = match entry.action {
        Action::Link => check_link(session, request).await,
        Action::Status => check_status(session, request).await,
        Action::Products => check_products(session, request).await,
        Action::DeletionRequest => check_deletion(session, request).await,
        Action::OrgCreation => check_creation(session, request).await,
        Action::Consent => check_consent(session, request).await,
        Action::StarterConfiguration => Ok(Found::Unknown(
            "a starter configuration is several changes; look for its groups and apps in the \
             org's Admin Console"
                .to_owned(),
        )),
    };
    result.unwrap_or_else(|error| {
        Found::Unknown(format!(
            "Okta could not be asked: {}",
            error.explain().message
        ))
    })
}

fn text<'a>(request: &'a Value, field: &str) -> Option<&'a str> {
    request.get(field).and_then(Value::as_str)
}

fn failed(message: String) -> Found {
    Found::Settled(Ending::Failed(Failure {
        message,
        ..Failure::default()
    }))
}

fn unreadable(field: &str) -> Found {
    Found::Unknown(format!("the journal entry has no {field} to check"))
}

async fn check_link<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let target = match (text(request, "orgId"), text(request, "domain")) {
        (Some(id), _) => LinkTarget::OrgId(id.to_owned()),
        (None, Some(domain)) => LinkTarget::Domain(domain.to_owned()),
        _ => return Ok(unreadable("org ID or domain")),
    };
    let orgs = session.orgs(None, |_| {}).await?;
    let linked = orgs.iter().find(|org| match &target {
        LinkTarget::OrgId(id) => &org.id == id,
        LinkTarget::Domain(domain) => org
            .domain
            .as_deref()
            .is_some_and(|found| found.eq_ignore_ascii_case(domain)),
    });
    Ok(match linked {
        Some(org) => Found::Settled(Ending::Succeeded {
            result: org_summary(org),
        }),
        None => failed("the org is not among the account's managed orgs".to_owned()),
    })
}

async fn check_status<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let (Some(org_id), Some(wanted)) = (text(request, "orgId"), request.get("status")) else {
        return Ok(unreadable("org ID and status"));
    };
    let wanted: Option<OrgStatus> = serde_json::from_value(wanted.clone()).ok();
    let org = session.org(org_id).await?;
    Ok(if org.status.is_some() && org.status == wanted {
        Found::Settled(Ending::Succeeded {
            result: org_summary(&org),
        })
    } else {
        failed(format!(
            "the org's status is still {}",
            serde_json::to_value(org.status).unwrap_or(Value::Null)
        ))
    })
}

async fn check_products<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let (Some(org_id), Some(products)) = (
        text(request, "orgId"),
        request.get("products").and_then(Value::as_array),
    ) else {
        return Ok(unreadable("org ID and product list"));
    };
    let wanted: BTreeSet<&str> = products.iter().filter_map(Value::as_str).collect();
    let now = session.org_products(org_id).await?;
    let found: BTreeSet<&str> = now.iter().map(|p| p.id.as_str()).collect();
    Ok(if found == wanted {
        Found::Settled(Ending::Succeeded {
            result: json!({ "products": found }),
        })
    } else {
        failed(format!(
            "the org's products are {}, not the list that was sent",
            found.into_iter().collect::<Vec<_>>().join(", ")
        ))
    })
}

async fn check_deletion<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let Some(org_id) = text(request, "orgId") else {
        return Ok(unreadable("org ID"));
    };
    match session.aerial.org(org_id).await {
        Err(okta::Error::Api(api)) if api.status == 404 => Ok(Found::Settled(Ending::Succeeded {
            result: json!({ "deleted": true }),
        })),
        Err(error) => Err(session.failed(error, Some(org_id))),
        Ok(_) => Ok(Found::Unknown(
            "Okta keeps a deletion request to itself until the org is gone; request it again \
             if the org is still listed in a few days"
                .to_owned(),
        )),
    }
}

async fn check_creation<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let Some(address) = text(request, "newOrg") else {
        return Ok(unreadable("new org address"));
    };
    let url = super::credentials::okta_url(&session.profile, address)?;
    // The public presence check needs no credentials; an empty token is never sent.
    let credentials =
        okta::OrgCredentials::ApiToken(std::sync::Arc::new(okta::SecretString::new(String::new())));
    let client = OrgClient::new(session.http.clone(), url, credentials);
    match client.presence().await {
        Ok(OrgPresence::Exists) => Ok(Found::Settled(Ending::Succeeded {
            result: json!({
                "newOrg": address,
                "note": "the org exists, but its API token was only in the lost response",
            }),
        })),
        Ok(OrgPresence::Missing) => Ok(failed("no org answers at that address".to_owned())),
        Err(error) => Err(session.failed(error, Some(address))),
    }
}

async fn check_consent<S: SecretStore>(
    session: &Session<S>,
    request: &Value,
) -> Result<Found, SessionError> {
    let (Some(org), Some(grant)) = (
        text(request, "org"),
        request.get("grant").and_then(Value::as_bool),
    ) else {
        return Ok(unreadable("org and consent change"));
    };
    let client = session.org_client(org).await?;
    let consent = client
        .aerial_consent()
        .await
        .map_err(|error| session.failed(error, Some(org)))?;
    let account = session.profile.account_id.as_str();
    let granted = consent.is_some_and(|grant| grant.account_id == account);
    Ok(if granted == grant {
        Found::Settled(Ending::Succeeded {
            result: json!({ "granted": granted }),
        })
    } else {
        failed(format!(
            "the consent is {}",
            if granted {
                "still granted"
            } else {
                "not granted"
            }
        ))
    })
}
