//! Changes made with an org's own credentials: creating a child org through a parent org's Org
//! Creator API, Aerial consent, and a new org's starter configuration.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use okta::OrgClient;
use okta::org::{ConsentGrant, NewOrg};
use serde::Serialize;
use serde_json::json;

use super::credentials::{okta_url, org_credentials, store_org_token};
use super::{Session, SessionError};
use crate::guards::OrgCreationAttempt;
use crate::journal::Action;
use crate::profiles::{
    BaseUrl, Domain, OrgAddress, ParentAuth, ParentOrg, ProfileStore, SecretStore,
};

/// A created org as the wizard shows it. The API token went to the keychain and is shown once
/// through [`CreatedOrgSummary::token_once`].
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedOrgSummary {
    pub id: String,
    pub subdomain: String,
    pub name: String,
    /// The address the new org is served at.
    pub address: String,
    /// Whether the API token is in the keychain and the org in the profile.
    pub token_kept: bool,
    /// The reason the token could not be kept, if it was not. The admin must copy it now.
    pub token_problem: Option<String>,
    /// The new org's super-admin API token, for the one time the wizard shows it. Never
    /// serialized.
    #[serde(skip)]
    pub token_once: okta::SecretString,
}

/// The starter configuration of a new org: a few groups and a bookmark app.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StarterConfiguration {
    pub groups: Vec<String>,
    /// A bookmark app's label and address, if any.
    pub bookmark: Option<(String, String)>,
}

/// The groups and app a starter configuration created.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StarterResult {
    pub group_ids: Vec<String>,
    pub app_id: Option<String>,
}

/// Returns the address of a child org with `subdomain` created through `parent`: the parent's
/// host with its first label replaced, as Okta names child orgs.
pub fn child_address(parent: &OrgAddress, subdomain: &str) -> Option<OrgAddress> {
    match parent {
        OrgAddress::Domain(domain) => {
            let (_, suffix) = domain.as_str().split_once('.')?;
            Domain::parse(&format!("{subdomain}.{suffix}"))
                .ok()
                .map(OrgAddress::Domain)
        }
        OrgAddress::Url(url) => {
            let (scheme, rest) = url.as_str().split_once("://")?;
            let (_, suffix) = rest.split_once('.')?;
            BaseUrl::parse(&format!("{scheme}://{subdomain}.{suffix}"))
                .ok()
                .map(OrgAddress::Url)
        }
    }
}

/// Orgs whose credentials were added while the session ran, such as a newly created org.
#[derive(Default)]
pub(super) struct AddedOrgs(Mutex<Vec<ParentOrg>>);

impl AddedOrgs {
    fn find(&self, authority: &str) -> Option<ParentOrg> {
        self.0
            .lock()
            .expect("added orgs poisoned")
            .iter()
            .find(|org| org.org.authority() == authority)
            .cloned()
    }

    fn push(&self, org: ParentOrg) {
        self.0.lock().expect("added orgs poisoned").push(org);
    }

    fn all(&self) -> Vec<ParentOrg> {
        self.0.lock().expect("added orgs poisoned").clone()
    }
}

/// Returns the host of an org address, without its port.
fn host_of(org: &OrgAddress) -> &str {
    let authority = org.authority();
    authority.split(':').next().unwrap_or(authority)
}

impl<S: SecretStore> Session<S> {
    /// Returns the address of the org at `domain` when this session has credentials for it:
    /// a parent org of the profile, or an org created while the session ran. Org domains carry
    /// no port, while demo and custom profiles keep base URLs with one, so only hosts are
    /// compared.
    pub fn credentials_address(&self, domain: &str) -> Option<String> {
        let listed = self.profile.parent_orgs.iter().cloned();
        listed
            .chain(self.added.all())
            .find(|org| host_of(&org.org).eq_ignore_ascii_case(domain))
            .map(|org| org.org.base_url())
    }

    /// Returns the name a change to the org at `address` is journaled under: its host, which is
    /// the org's domain, so the history lists one name per org whatever port the demo used.
    fn journal_org(&self, address: &str) -> String {
        OrgAddress::parse(self.profile.environment, address)
            .map(|org| host_of(&org).to_owned())
            .unwrap_or_else(|_| address.to_owned())
    }

    /// Builds a management client for an org listed in the profile, by its address.
    pub async fn org_client(&self, address: &str) -> Result<OrgClient, SessionError> {
        let wanted = OrgAddress::parse(self.profile.environment, address).map_err(|error| {
            SessionError::BadAddress {
                profile: self.profile.name.to_string(),
                value: address.to_owned(),
                reason: error.to_string(),
            }
        })?;
        let parent = self
            .profile
            .parent(&wanted)
            .cloned()
            .or_else(|| self.added.find(wanted.authority()))
            .ok_or_else(|| SessionError::UnknownOrg {
                profile: self.profile.name.to_string(),
                org: address.to_owned(),
            })?;
        let secrets = self.services.secrets.as_ref();
        let credentials =
            org_credentials(secrets, &self.profile, &parent, &self.services.tokens).await?;
        let url = okta_url(&self.profile, &parent.org.base_url())?;
        Ok(OrgClient::new(self.http.clone(), url, credentials))
    }

    /// Creates a child org through `parent`'s Org Creator API, spending the admin's confirmed
    /// `attempt`. The new org's API token goes to
    /// the keychain and the org is added to the profile (in `store`) as an org with an API token,
    /// so the wizard can configure it. The request is sent once: a lost response is settled by
    /// looking the subdomain up, never by sending it again.
    pub async fn create_org(
        &self,
        store: &ProfileStore,
        parent: &str,
        new_org: &NewOrg,
        attempt: OrgCreationAttempt,
    ) -> Result<CreatedOrgSummary, SessionError> {
        if attempt.subdomain() != new_org.subdomain.trim() {
            return Err(SessionError::BadAddress {
                profile: self.profile.name.to_string(),
                value: new_org.subdomain.clone(),
                reason: format!(
                    "the admin confirmed the subdomain {}, not this one",
                    attempt.subdomain()
                ),
            });
        }
        let client = self.org_client(parent).await?;
        let parent_address = OrgAddress::parse(self.profile.environment, parent)
            .expect("org_client parsed this address");
        let address = child_address(&parent_address, &new_org.subdomain).ok_or_else(|| {
            SessionError::BadAddress {
                profile: self.profile.name.to_string(),
                value: new_org.subdomain.clone(),
                reason: "no org address can be made from this subdomain".to_owned(),
            }
        })?;
        let request = json!({
            "parent": parent,
            "newOrg": address.to_string(),
            "subdomain": new_org.subdomain,
            "name": new_org.name,
            "website": new_org.website,
            "adminLogin": new_org.admin.login,
        });
        let _sent = attempt.send();
        let domain = host_of(&address).to_owned();
        let created = self
            .journaled(
                &domain,
                Action::OrgCreation,
                request,
                client.create_child_org(new_org),
                |org| {
                    json!({
                        "id": org.id,
                        "domain": domain,
                        "subdomain": org.subdomain,
                        "status": org.status,
                    })
                },
            )
            .await?;

        // Okta shows the token only once, so a failure to keep it is reported beside the token
        // instead of as an error that would drop it.
        let kept = self
            .remember_created_org(store, &address, &created.token)
            .await;
        if let Err(error) = &kept {
            tracing::warn!(org = %address, error = %error, "the new org's API token was not kept");
        }
        Ok(CreatedOrgSummary {
            id: created.id.clone(),
            subdomain: created.subdomain.clone(),
            name: created.name.clone(),
            address: address.to_string(),
            token_kept: kept.is_ok(),
            token_problem: kept.err().map(|error| error.explain().message),
            token_once: created.token.clone(),
        })
    }

    /// Stores a new org's API token in the keychain and adds the org to the profile.
    async fn remember_created_org(
        &self,
        store: &ProfileStore,
        address: &OrgAddress,
        token: &okta::SecretString,
    ) -> Result<(), SessionError> {
        let secrets = self.services.secrets.as_ref();
        store_org_token(secrets, &self.profile, address, token).await?;
        let remembered = ParentOrg {
            org: address.clone(),
            auth: ParentAuth::ApiToken,
        };
        self.added.push(remembered.clone());
        let mut profile = store.get(self.profile.name.as_str())?;
        if profile.parent(address).is_none() {
            profile.parent_orgs.push(remembered);
            store.update(profile, secrets).await?;
        }
        Ok(())
    }

    /// Waits until a new org accepts its API token. Okta advises about 30 seconds.
    pub async fn wait_until_ready(
        &self,
        address: &str,
        max_wait: Duration,
    ) -> Result<(), SessionError> {
        let client = self.org_client(address).await?;
        client
            .wait_until_ready(max_wait, Duration::from_secs(2).min(max_wait / 4))
            .await
            .map_err(|error| self.failed(error, Some(address)))
    }

    /// Reads the org's Aerial consent with the org's own credentials.
    pub async fn consent(&self, address: &str) -> Result<Option<ConsentGrant>, SessionError> {
        let client = self.org_client(address).await?;
        client
            .aerial_consent()
            .await
            .map_err(|error| self.failed(error, Some(address)))
    }

    /// Grants this profile's Aerial account consent to manage the org.
    pub async fn grant_consent(&self, address: &str) -> Result<ConsentGrant, SessionError> {
        let client = self.org_client(address).await?;
        let account = self.profile.account_id.to_string();
        let request = json!({ "org": address, "grant": true, "accountId": account });
        self.journaled(
            &self.journal_org(address),
            Action::Consent,
            request,
            client.grant_aerial_consent(&account),
            |grant| json!({ "accountId": grant.account_id, "grantedBy": grant.granted_by }),
        )
        .await
    }

    /// Gives a new org its starter groups and bookmark app, with the org's own API token.
    pub async fn apply_starter_configuration(
        &self,
        address: &str,
        configuration: &StarterConfiguration,
    ) -> Result<StarterResult, SessionError> {
        let client = Arc::new(self.org_client(address).await?);
        let request = serde_json::to_value(configuration).unwrap_or_default();
        let run = async {
            let mut result = StarterResult {
                group_ids: Vec::new(),
                app_id: None,
            };
            for name in &configuration.groups {
                let group = client
                    .create_group(name, "Created by Aerial Desk's starter configuration")
                    .await?;
                result.group_ids.push(group.id);
            }
            if let Some((label, url)) = &configuration.bookmark {
                result.app_id = Some(client.create_bookmark_app(label, url).await?.id);
            }
            Ok(result)
        };
        self.journaled(
            &self.journal_org(address),
            Action::StarterConfiguration,
            request,
            run,
            |result| serde_json::to_value(result).unwrap_or_default(),
        )
        .await
    }
}
