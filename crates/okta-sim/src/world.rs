//! The emulator's persistent state, which is also the seed file format.
//!
//! Field names are camelCase JSON. Everything a request can change lives here, so `GET
//! /__sim/state` and the persistence file are a seed that restores the same state.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::SimError;

/// The complete seed: product catalogue, Aerial accounts, orgs and API service clients.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct World {
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub accounts: Vec<Account>,
    #[serde(default)]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub clients: Vec<Client>,
}

/// A product in the catalogue, e.g. `P000052` "IT Products - SSO".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub name: String,
}

/// Contract type of an account or org; deletion requests need `SANDBOX` or `PARTNER`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountType {
    #[default]
    Production,
    Sandbox,
    Partner,
}

/// An Aerial account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub account_type: AccountType,
    /// ID of the account's Aerial org, which issues the tokens the Aerial service accepts.
    pub aerial_org_id: String,
    /// Subscribed product IDs.
    #[serde(default)]
    pub products: Vec<String>,
}

/// `ACTIVE` or `INACTIVE`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrgStatus {
    #[default]
    Active,
    Inactive,
}

impl OrgStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Active => "ACTIVE",
            Self::Inactive => "INACTIVE",
        }
    }
}

/// Aerial consent granted by an org to one account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Consent {
    pub account_id: String,
    pub granted_by: String,
    pub granted_date: String,
}

/// An SSWS API token of an org's super admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiToken {
    pub token: String,
    pub user_id: String,
}

/// An Okta org, served at `http://{domain}:{port}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Org {
    pub id: String,
    pub name: String,
    /// Host name without port, e.g. `acme-eu.sim.localhost`; its first label is the subdomain.
    pub domain: String,
    pub cell: String,
    #[serde(default)]
    pub status: OrgStatus,
    /// The account whose contracts cover this org; only that account may link it.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Whether the org is linked to (managed by) `accountId`.
    #[serde(default)]
    pub linked: bool,
    #[serde(default)]
    pub parent_org_id: Option<String>,
    #[serde(default)]
    pub consent: Option<Consent>,
    /// Contract type; when absent the account's type applies.
    #[serde(default)]
    pub account_type: Option<AccountType>,
    /// Whether Okta granted this org the Org Creator permission.
    #[serde(default)]
    pub org_creator: bool,
    #[serde(default)]
    pub enabled_products: Vec<String>,
    #[serde(default)]
    pub api_tokens: Vec<ApiToken>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default = "default_created_date")]
    pub created_date: String,
    #[serde(default = "default_created_by")]
    pub created_by: String,
    /// Epoch seconds before which requests to the org's host get 404 (orgs made by Org Creator).
    #[serde(default)]
    pub ready_at: Option<i64>,
    #[serde(default)]
    pub deletion_requested: bool,
    #[serde(default)]
    pub groups: Vec<Value>,
    #[serde(default)]
    pub apps: Vec<Value>,
}

fn default_created_date() -> String {
    "2024-01-01T00:00:00.000Z".to_string()
}

fn default_created_by() -> String {
    "00u0000000000000000".to_string()
}

impl Org {
    /// Returns the first label of the domain.
    pub(crate) fn subdomain(&self) -> &str {
        self.domain.split('.').next().unwrap_or("")
    }
}

/// An API service app registered in an org, authenticating with `private_key_jwt`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Client {
    pub org_domain: String,
    pub client_id: String,
    #[serde(default = "default_application_type")]
    pub application_type: String,
    #[serde(default = "default_auth_method")]
    pub token_endpoint_auth_method: String,
    #[serde(default)]
    pub granted_scopes: Vec<String>,
    #[serde(default)]
    pub dpop_required: bool,
    /// Public JWKs; each may carry `"status": "ACTIVE" | "INACTIVE"` (default `ACTIVE`).
    #[serde(default)]
    pub jwks: Vec<Value>,
}

fn default_application_type() -> String {
    "service".to_string()
}

fn default_auth_method() -> String {
    "private_key_jwt".to_string()
}

impl World {
    /// Parses and checks a seed document.
    pub fn from_json(text: &str) -> Result<Self, SimError> {
        let world: World = serde_json::from_str(text)?;
        world.validate()?;
        Ok(world)
    }

    /// Checks references and uniqueness so the server never meets a dangling ID.
    pub fn validate(&self) -> Result<(), SimError> {
        let invalid = |message: String| Err(SimError::InvalidSeed(message));
        let product_ids: HashSet<&str> = self.products.iter().map(|p| p.id.as_str()).collect();
        let org_ids: HashSet<&str> = self.orgs.iter().map(|o| o.id.as_str()).collect();
        let account_ids: HashSet<&str> = self.accounts.iter().map(|a| a.id.as_str()).collect();

        if org_ids.len() != self.orgs.len() {
            return invalid("two orgs share an id".into());
        }
        let domains: HashSet<String> = self.orgs.iter().map(|o| o.domain.to_lowercase()).collect();
        if domains.len() != self.orgs.len() {
            return invalid("two orgs share a domain".into());
        }
        for account in &self.accounts {
            if !org_ids.contains(account.aerial_org_id.as_str()) {
                return invalid(format!(
                    "account {} names Aerial org {} which is not in orgs",
                    account.id, account.aerial_org_id
                ));
            }
            if let Some(missing) = account
                .products
                .iter()
                .find(|p| !product_ids.contains(p.as_str()))
            {
                return invalid(format!(
                    "account {} subscribes to unknown product {missing}",
                    account.id
                ));
            }
        }
        for org in &self.orgs {
            validate_org(org, &org_ids, &account_ids, &product_ids)?;
        }
        let mut client_ids = HashSet::new();
        for client in &self.clients {
            if !domains.contains(&client.org_domain.to_lowercase()) {
                return invalid(format!(
                    "client {} names org domain {} which is not in orgs",
                    client.client_id, client.org_domain
                ));
            }
            if !client_ids.insert(client.client_id.as_str()) {
                return invalid(format!("client id {} appears twice", client.client_id));
            }
        }
        Ok(())
    }
}

fn validate_org(
    org: &Org,
    org_ids: &HashSet<&str>,
    account_ids: &HashSet<&str>,
    product_ids: &HashSet<&str>,
) -> Result<(), SimError> {
    let invalid = |message: String| Err(SimError::InvalidSeed(message));
    if let Some(parent) = &org.parent_org_id
        && !org_ids.contains(parent.as_str())
    {
        return invalid(format!("org {} names unknown parent {parent}", org.id));
    }
    if let Some(account) = &org.account_id
        && !account_ids.contains(account.as_str())
    {
        return invalid(format!("org {} names unknown account {account}", org.id));
    }
    if org.linked && org.account_id.is_none() {
        return invalid(format!("org {} is linked but has no accountId", org.id));
    }
    if let Some(missing) = org
        .enabled_products
        .iter()
        .find(|p| !product_ids.contains(p.as_str()))
    {
        return invalid(format!("org {} enables unknown product {missing}", org.id));
    }
    Ok(())
}
