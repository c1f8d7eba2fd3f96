//! Calls to an org's own management API: Org Creator (on a parent org), Aerial consent, and the
//! groups and bookmark apps of a starter configuration. They authenticate with an API token
//! (SSWS) or an OAuth service app in that org.

mod models;

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub use models::{App, ConsentGrant, CreatedOrg, Group, NewAdmin, NewOrg};

use crate::api::{ApiCall, OrgCredentials, send};
use crate::error::Error;
use crate::http::{Http, RequestSpec, Retry};
use crate::keys::PublicJwk;
use crate::token::{ScopeSet, scope};
use crate::urls::BaseUrl;
use crate::validate::check_id;

/// A client for one org's management API.
pub struct OrgClient {
    http: Http,
    org: BaseUrl,
    credentials: OrgCredentials,
}

/// The presence of an org at its domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgPresence {
    /// The org responded.
    Exists,
    /// The host reported that no such org exists.
    Missing,
}

impl OrgClient {
    /// Creates a client for `org`.
    pub fn new(http: Http, org: BaseUrl, credentials: OrgCredentials) -> Self {
        OrgClient {
            http,
            org,
            credentials,
        }
    }

    /// The org this client calls.
    pub fn org(&self) -> &BaseUrl {
        &self.org
    }

    /// `POST /api/v1/orgs` on a parent org: creates a child org.
    ///
    /// The child's domain is looked up before the request. When the request may have reached
    /// Okta but no response arrived (timeout, dropped connection, 5xx), the domain is checked
    /// again before anything is resent. If the org exists now but did not before, the result is
    /// [`Error::OrgCreatedResponseLost`]. If it existed before, this request cannot have created
    /// it, so the original error is returned and nothing is resent. Only if the host reports no
    /// such org is the request sent once more, and a resend that finds the subdomain taken also
    /// reports the lost response.
    pub async fn create_child_org(&self, new_org: &NewOrg) -> Result<CreatedOrg, Error> {
        new_org.validate()?;
        let child = self.child_url(&new_org.subdomain)?;
        // A failed lookup counts as "not there": Okta then rejects a taken subdomain itself.
        let existed_before = matches!(
            org_presence(&self.http, &child).await,
            Ok(OrgPresence::Exists)
        );

        let body = new_org.to_body();
        let first = self.post_create(&body).await;
        let Some(reason) = outcome_unknown(&first) else {
            return first;
        };
        if existed_before {
            tracing::warn!(subdomain = %new_org.subdomain, %reason, "org creation outcome unknown, but the subdomain was taken before the request; not resending");
            return first;
        }

        tracing::warn!(subdomain = %new_org.subdomain, %reason, "org creation outcome unknown; checking whether the org exists");
        match org_presence(&self.http, &child).await {
            Ok(OrgPresence::Exists) => Err(Error::OrgCreatedResponseLost {
                subdomain: new_org.subdomain.clone(),
                reason,
            }),
            Ok(OrgPresence::Missing) => self.resend_create(&body, new_org, reason).await,
            Err(lookup) => {
                tracing::warn!(error = %lookup, "could not check whether the org exists; not resending");
                first
            }
        }
    }

    /// `GET /api/v1/org/privacy/aerial`: the consent grant, or `None` when there is none.
    pub async fn aerial_consent(&self) -> Result<Option<ConsentGrant>, Error> {
        match self
            .call(
                Method::GET,
                "/api/v1/org/privacy/aerial",
                scope::ORGS_MANAGE,
                None,
            )
            .await
        {
            Ok(grant) => Ok(Some(grant)),
            Err(Error::Api(api)) if api.status == 404 && api.error_code() == Some("E0000007") => {
                Ok(None)
            }
            Err(err) => Err(err),
        }
    }

    /// `POST /api/v1/org/privacy/aerial/grant`: lets `account_id` manage this org.
    pub async fn grant_aerial_consent(&self, account_id: &str) -> Result<ConsentGrant, Error> {
        check_id("account ID", account_id)?;
        let body = json!({ "accountId": account_id });
        self.call(
            Method::POST,
            "/api/v1/org/privacy/aerial/grant",
            scope::ORGS_MANAGE,
            Some(body),
        )
        .await
    }

    /// `POST /api/v1/org/privacy/aerial/revoke`: withdraws the consent; refused once linked.
    pub async fn revoke_aerial_consent(&self, account_id: &str) -> Result<(), Error> {
        check_id("account ID", account_id)?;
        let body = json!({ "accountId": account_id });
        let _: Value = self
            .call(
                Method::POST,
                "/api/v1/org/privacy/aerial/revoke",
                scope::ORGS_MANAGE,
                Some(body),
            )
            .await?;
        Ok(())
    }

    /// `POST /api/v1/groups`.
    pub async fn create_group(&self, name: &str, description: &str) -> Result<Group, Error> {
        let body = json!({ "profile": { "name": name, "description": description } });
        self.call(
            Method::POST,
            "/api/v1/groups",
            scope::GROUPS_MANAGE,
            Some(body),
        )
        .await
    }

    /// `POST /api/v1/apps`: a bookmark app that opens `url`.
    pub async fn create_bookmark_app(&self, label: &str, url: &str) -> Result<App, Error> {
        let body = json!({
            "name": "bookmark",
            "label": label,
            "signOnMode": "BOOKMARK",
            "settings": { "app": { "requestIntegration": false, "url": url } },
        });
        self.call(Method::POST, "/api/v1/apps", scope::APPS_MANAGE, Some(body))
            .await
    }

    /// `POST /api/v1/apps/{appId}/credentials/jwks`: registers a public key on a service app.
    ///
    /// NOTE: okta-sim does not serve this endpoint, so no test runs this call.
    pub async fn add_app_public_key(&self, app_id: &str, jwk: &PublicJwk) -> Result<Value, Error> {
        check_id("app ID", app_id)?;
        let body = serde_json::to_value(jwk).map_err(|err| Error::InvalidArgument {
            name: "jwk",
            value: jwk.kid.clone(),
            reason: err.to_string(),
        })?;
        let path = format!("/api/v1/apps/{app_id}/credentials/jwks");
        self.call(Method::POST, &path, scope::APPS_MANAGE, Some(body))
            .await
    }

    /// Checks whether this client's org is served yet, from its public
    /// `/.well-known/okta-organization` document.
    pub async fn presence(&self) -> Result<OrgPresence, Error> {
        org_presence(&self.http, &self.org).await
    }

    /// Waits until a new org accepts this client's credentials, polling `GET /api/v1/groups`
    /// every `interval` for at most `max_wait`. Okta advises waiting at least 30 seconds after
    /// creating an org before calling it.
    pub async fn wait_until_ready(
        &self,
        max_wait: Duration,
        interval: Duration,
    ) -> Result<(), Error> {
        let started = Instant::now();
        loop {
            let probe = self.probe_ready().await;
            let not_yet = match &probe {
                Ok(()) => return Ok(()),
                Err(Error::Api(api)) => matches!(api.status, 401 | 404 | 503),
                Err(Error::Transport { .. }) => true,
                Err(_) => false,
            };
            if !not_yet || started.elapsed() + interval > max_wait {
                tracing::warn!(org = %self.org, waited_ms = started.elapsed().as_millis() as u64, "org not ready");
                return probe.map_err(|err| Error::OrgNotReady {
                    org: self.org.origin(),
                    waited: started.elapsed(),
                    last_error: err.to_string(),
                });
            }
            tokio::time::sleep(interval).await;
        }
    }

    async fn probe_ready(&self) -> Result<(), Error> {
        let scopes = ScopeSet::one(scope::GROUPS_MANAGE);
        let mut url = self.org.join("/api/v1/groups");
        url.set_query(Some("limit=1"));
        let call = ApiCall {
            method: Method::GET,
            url,
            scopes: &scopes,
            body: None,
            retry: Retry::Idempotent,
            account: None,
            timeout: None,
        };
        send(&self.http, &self.credentials, call).await.map(|_| ())
    }

    /// Sends the create request once more after the lookup found no org. A new org is not served
    /// for a while, so the first request may still have created it: a subdomain now taken
    /// (`E0000088`) or in use by a request in progress (`E0000171`) means exactly that.
    async fn resend_create(
        &self,
        body: &Value,
        new_org: &NewOrg,
        first_failure: String,
    ) -> Result<CreatedOrg, Error> {
        match self.post_create(body).await {
            Err(Error::Api(api)) if matches!(api.error_code(), Some("E0000088" | "E0000171")) => {
                Err(Error::OrgCreatedResponseLost {
                    subdomain: new_org.subdomain.clone(),
                    reason: format!("{first_failure}; resending found the subdomain taken"),
                })
            }
            other => other,
        }
    }

    async fn post_create(&self, body: &Value) -> Result<CreatedOrg, Error> {
        let timeout = self.http.config().org_creation_timeout;
        self.call_with_timeout(
            Method::POST,
            "/api/v1/orgs",
            scope::ORGS_MANAGE,
            Some(body.clone()),
            Some(timeout),
        )
        .await
    }

    /// The child's origin: the parent's host with its first label replaced by `subdomain`.
    fn child_url(&self, subdomain: &str) -> Result<BaseUrl, Error> {
        let mut url = self.org.join("/");
        let host = self.org.host();
        let parent_suffix = host.split_once('.').map(|(_, rest)| rest).unwrap_or(host);
        url.set_host(Some(&format!("{subdomain}.{parent_suffix}")))
            .map_err(|err| Error::InvalidUrl {
                value: subdomain.to_owned(),
                reason: err.to_string(),
            })?;
        BaseUrl::parse(url.as_str())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        scope_name: &'static str,
        body: Option<Value>,
    ) -> Result<T, Error> {
        self.call_with_timeout(method, path, scope_name, body, None)
            .await
    }

    async fn call_with_timeout<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        scope_name: &'static str,
        body: Option<Value>,
        timeout: Option<Duration>,
    ) -> Result<T, Error> {
        let scopes = ScopeSet::one(scope_name);
        let retry = if method == Method::POST {
            Retry::NotIdempotent
        } else {
            Retry::Idempotent
        };
        let call = ApiCall {
            method,
            url: self.org.join(path),
            scopes: &scopes,
            body: body.as_ref(),
            retry,
            account: None,
            timeout,
        };
        let response = send(&self.http, &self.credentials, call).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return serde_json::from_value(json!({})).or_else(|_| response.json());
        }
        response.json()
    }
}

/// Returns why the outcome of a create request is unknown, or `None` when it is known.
fn outcome_unknown(result: &Result<CreatedOrg, Error>) -> Option<String> {
    match result {
        Err(Error::Transport {
            maybe_processed: true,
            reason,
            ..
        }) => Some(reason.clone()),
        Err(Error::Api(api)) if api.status >= 500 => Some(format!("HTTP {}", api.status)),
        _ => None,
    }
}

/// Asks `org` for its public `/.well-known/okta-organization` document, which every Okta org
/// serves without authentication.
async fn org_presence(http: &Http, org: &BaseUrl) -> Result<OrgPresence, Error> {
    let url = org.join("/.well-known/okta-organization");
    let spec = RequestSpec {
        method: Method::GET,
        url: &url,
        retry: Retry::Idempotent,
        account: None,
    };
    let response = http
        .execute(spec, |builder| {
            Ok(builder.header("Accept", "application/json"))
        })
        .await?;
    match response.status {
        status if status.is_success() => Ok(OrgPresence::Exists),
        StatusCode::NOT_FOUND => Ok(OrgPresence::Missing),
        _ => Err(response.to_api_error().into()),
    }
}
