//! The Aerial API: the account, its products, and its managed orgs.

mod models;

use std::collections::BTreeSet;
use std::sync::Arc;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

pub use models::{Account, LinkTarget, Org, OrgQuery, OrgStatus, Product, ProductChange};

use crate::api::{ApiCall, OrgCredentials, send};
use crate::error::Error;
use crate::http::{Http, Retry};
use crate::pagination::Pages;
use crate::token::{ScopeSet, ServiceApp, TokenClient, scope};
use crate::urls::BaseUrl;
use crate::validate::{check_id, check_limit};

/// A client for one Aerial account.
pub struct AerialClient {
    http: Http,
    service: BaseUrl,
    account_id: String,
    credentials: OrgCredentials,
    read: ScopeSet,
    manage: ScopeSet,
}

impl AerialClient {
    /// Creates a client for `account_id` on the Aerial `service`, signing in as `app` (a
    /// service app in the account's Aerial org). Reads use `okta.accounts.read` and writes
    /// `okta.accounts.manage`.
    pub fn new(
        http: Http,
        tokens: Arc<TokenClient>,
        service: BaseUrl,
        account_id: &str,
        app: Arc<ServiceApp>,
    ) -> Result<Self, Error> {
        check_id("account ID", account_id)?;
        Ok(AerialClient {
            http,
            service,
            account_id: account_id.to_owned(),
            credentials: OrgCredentials::OAuth { app, tokens },
            read: ScopeSet::one(scope::ACCOUNTS_READ),
            manage: ScopeSet::one(scope::ACCOUNTS_MANAGE),
        })
    }

    /// The account ID.
    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// `GET /accounts`.
    pub async fn account(&self) -> Result<Account, Error> {
        self.call(Method::GET, "/accounts", None).await
    }

    /// `PUT /accounts`: renames the account.
    pub async fn rename_account(&self, name: &str) -> Result<Account, Error> {
        if name.trim().is_empty() || name.chars().count() > 255 {
            return Err(Error::InvalidArgument {
                name: "account name",
                value: name.to_owned(),
                reason: "use 1 to 255 characters".into(),
            });
        }
        self.call(Method::PUT, "/accounts", Some(json!({ "name": name })))
            .await
    }

    /// `GET /products`: the products the account subscribes to.
    pub async fn products(&self) -> Result<Vec<Product>, Error> {
        self.call(Method::GET, "/products", None).await
    }

    /// `GET /orgs`, every page.
    pub async fn orgs(&self, query: &OrgQuery) -> Result<Vec<Org>, Error> {
        self.org_pages(query)?.collect_all().await
    }

    /// `GET /orgs`, one page at a time.
    pub fn org_pages(&self, query: &OrgQuery) -> Result<Pages<Org>, Error> {
        let mut url = self.url("/orgs");
        {
            let mut pairs = url.query_pairs_mut();
            if let Some(limit) = query.limit {
                check_limit(limit)?;
                pairs.append_pair("limit", &limit.to_string());
            }
            if let Some(filter) = &query.filter {
                pairs.append_pair("filter", filter);
            }
            if let Some(after) = &query.after {
                pairs.append_pair("after", after);
            }
        }
        let url = strip_empty_query(url);
        Ok(Pages::new(
            self.http.clone(),
            self.credentials.clone(),
            self.read.clone(),
            Some(self.account_id.clone()),
            self.service.clone(),
            url,
        ))
    }

    /// `GET /orgs/{orgId}`.
    pub async fn org(&self, org_id: &str) -> Result<Org, Error> {
        check_id("org ID", org_id)?;
        self.call(Method::GET, &format!("/orgs/{org_id}"), None)
            .await
    }

    /// `POST /orgs`: links an org to the account. Linking cannot be undone, and the request is
    /// not resent when its outcome is unknown.
    pub async fn link_org(&self, target: &LinkTarget, cell: &str) -> Result<Org, Error> {
        check_id("cell", cell)?;
        let body = match target {
            LinkTarget::OrgId(id) => {
                check_id("org ID", id)?;
                json!({ "orgId": id, "cell": cell })
            }
            LinkTarget::Domain(domain) => {
                // Accept a pasted URL too: Okta expects the bare host name.
                let host = BaseUrl::parse(domain)?.host().to_owned();
                json!({ "domain": host, "cell": cell })
            }
        };
        self.call(Method::POST, "/orgs", Some(body)).await
    }

    /// `PUT /orgs/{orgId}/status`.
    pub async fn set_org_status(&self, org_id: &str, status: OrgStatus) -> Result<Org, Error> {
        check_id("org ID", org_id)?;
        let status = match status {
            OrgStatus::Active => "ACTIVE",
            OrgStatus::Inactive => "INACTIVE",
            OrgStatus::Unknown => {
                return Err(Error::InvalidArgument {
                    name: "status",
                    value: "Unknown".into(),
                    reason: "set ACTIVE or INACTIVE".into(),
                });
            }
        };
        self.call(
            Method::PUT,
            &format!("/orgs/{org_id}/status"),
            Some(json!({ "status": status })),
        )
        .await
    }

    /// `POST /orgs/{orgId}/deletionRequest`: only for inactive orgs of sandbox or partner
    /// accounts.
    pub async fn request_org_deletion(&self, org_id: &str) -> Result<(), Error> {
        check_id("org ID", org_id)?;
        let _: Value = self
            .call(
                Method::POST,
                &format!("/orgs/{org_id}/deletionRequest"),
                None,
            )
            .await?;
        Ok(())
    }

    /// `GET /orgs/{orgId}/products`.
    pub async fn org_products(&self, org_id: &str) -> Result<Vec<Product>, Error> {
        check_id("org ID", org_id)?;
        self.call(Method::GET, &format!("/orgs/{org_id}/products"), None)
            .await
    }

    /// `PUT /orgs/{orgId}/products`: replaces the whole set, so any enabled product missing
    /// from `product_ids` is disabled.
    pub async fn replace_org_products(
        &self,
        org_id: &str,
        product_ids: &[&str],
    ) -> Result<Vec<Product>, Error> {
        check_id("org ID", org_id)?;
        for id in product_ids {
            check_id("product ID", id)?;
        }
        let body: Vec<Value> = product_ids.iter().map(|id| json!({ "id": id })).collect();
        self.call(
            Method::PUT,
            &format!("/orgs/{org_id}/products"),
            Some(Value::Array(body)),
        )
        .await
    }

    /// Enables and disables products while keeping the rest: reads the current set, writes the
    /// full new set, then reads it back and checks it.
    pub async fn change_org_products(
        &self,
        org_id: &str,
        enable: &[&str],
        disable: &[&str],
    ) -> Result<ProductChange, Error> {
        let before = self.org_products(org_id).await?;
        let mut requested: BTreeSet<&str> = before.iter().map(|p| p.id.as_str()).collect();
        requested.extend(enable.iter().copied());
        requested.retain(|id| !disable.contains(id));

        let requested: Vec<&str> = requested.into_iter().collect();
        self.replace_org_products(org_id, &requested).await?;
        let after = self.org_products(org_id).await?;

        let found: BTreeSet<&str> = after.iter().map(|p| p.id.as_str()).collect();
        if found != requested.iter().copied().collect() {
            return Err(Error::VerificationFailed {
                subject: format!("products of org {org_id}"),
                expected: requested.join(", "),
                found: found.into_iter().collect::<Vec<_>>().join(", "),
            });
        }
        Ok(ProductChange { before, after })
    }

    fn url(&self, path: &str) -> Url {
        self.service
            .join(&format!("/{}/api/v1{path}", self.account_id))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<T, Error> {
        let writes = method != Method::GET;
        let retry = if method == Method::POST {
            Retry::NotIdempotent
        } else {
            Retry::Idempotent
        };
        let call = ApiCall {
            method,
            url: self.url(path),
            scopes: if writes { &self.manage } else { &self.read },
            body: body.as_ref(),
            retry,
            account: Some(&self.account_id),
            timeout: None,
        };
        let response = send(&self.http, &self.credentials, call).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return serde_json::from_value(json!({})).or_else(|_| response.json());
        }
        response.json()
    }
}

fn strip_empty_query(mut url: Url) -> Url {
    if url.query() == Some("") {
        url.set_query(None);
    }
    url
}
