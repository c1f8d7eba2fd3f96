//! The emulator's persistent state, which is also the seed file format.
//!
//! Field names are camelCase JSON. Everything a request can change lives here, so `GET
//! /__sim/state` and the persistence file are a seed that restores the same state.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client_keys::check_client_jwk;
use crate::error::SimError;

/// The complete seed: product catalogue, Aerial accounts, orgs and API service clients.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct World {
    /// Product catalogue.
    #[serde(default)]
    pub products: Vec<Product>,
    /// Aerial accounts.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// Every org the emulator serves, linked or not.
    #[serde(default)]
    pub orgs: Vec<Org>,
    /// API service apps that may request tokens.
    #[serde(default)]
    pub clients: Vec<Client>,
}

/// A product in the catalogue, e.g. `P000052` "IT Products - SSO".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Product {
    /// Product ID, e.g. `P000052`.
    pub id: String,
    /// Display name; clients should key on the ID.
    pub name: String,
}

/// Contract type of an account or org; deletion requests need `SANDBOX` or `PARTNER`.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountType {
    /// A production contract.
    #[default]
    Production,
    /// A sandbox contract.
    Sandbox,
    /// An Okta Partner Program account.
    Partner,
}

/// An Aerial account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Account {
    /// Account ID, the `{accountId}` in Aerial paths.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Contract type.
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
    /// Users can sign in and the org is billed.
    #[default]
    Active,
    /// Users cannot sign in and the org is not billed.
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
    /// The Aerial account the consent is granted to.
    pub account_id: String,
    /// ID of the admin or client that granted it.
    pub granted_by: String,
    /// When it was granted, in Okta's timestamp format. Seeds may spell it `grantDate`, as one
    /// Okta example does.
    #[serde(alias = "grantDate")]
    pub granted_date: String,
}

/// An SSWS API token of an org's super admin.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiToken {
    /// The token value sent as `Authorization: SSWS {token}`.
    pub token: String,
    /// ID of the admin who owns the token.
    pub user_id: String,
}

/// An Okta org, served at `http://{domain}:{port}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Org {
    /// Org ID, e.g. `00o16fjDHCgFqob8n0g4`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Host name without port, e.g. `acme-eu.sim.localhost`; its first label is the subdomain.
    pub domain: String,
    /// Okta cell, e.g. `ok1`; linking must name it.
    pub cell: String,
    /// `ACTIVE` or `INACTIVE`.
    #[serde(default)]
    pub status: OrgStatus,
    /// The account whose contracts cover this org; only that account may link it.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Whether the org is linked to (managed by) `accountId`.
    #[serde(default)]
    pub linked: bool,
    /// Parent org for a child org; the child inherits the parent's consent.
    #[serde(default)]
    pub parent_org_id: Option<String>,
    /// The org's own Aerial consent.
    #[serde(default)]
    pub consent: Option<Consent>,
    /// Contract type; when absent the account's type applies.
    #[serde(default)]
    pub account_type: Option<AccountType>,
    /// Whether Okta granted this org the Org Creator permission.
    #[serde(default)]
    pub org_creator: bool,
    /// IDs of the products enabled in the org.
    #[serde(default)]
    pub enabled_products: Vec<String>,
    /// SSWS tokens of the org's super admins.
    #[serde(default)]
    pub api_tokens: Vec<ApiToken>,
    /// Website given to Org Creator.
    #[serde(default)]
    pub website: Option<String>,
    /// Creation time in Okta's timestamp format.
    #[serde(default = "default_created_date")]
    pub created_date: String,
    /// ID of the admin or client that created the org.
    #[serde(default = "default_created_by")]
    pub created_by: String,
    /// Epoch seconds before which requests to the org's host get 404 (orgs made by Org Creator).
    #[serde(default)]
    pub ready_at: Option<i64>,
    /// Whether a deletion request was accepted.
    #[serde(default)]
    pub deletion_requested: bool,
    /// Groups made through `POST /api/v1/groups`, as returned.
    #[serde(default)]
    pub groups: Vec<Value>,
    /// Apps made through `POST /api/v1/apps`, as returned.
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
    /// Domain of the org the app is registered in.
    pub org_domain: String,
    /// Client ID, the `iss` and `sub` of its assertions.
    pub client_id: String,
    /// Okta application type; only `service` may use client credentials.
    #[serde(default = "default_application_type")]
    pub application_type: String,
    /// Only `private_key_jwt` is accepted at the org authorization server.
    #[serde(default = "default_auth_method")]
    pub token_endpoint_auth_method: String,
    /// Scopes granted on the app's Okta API Scopes tab.
    #[serde(default)]
    pub granted_scopes: Vec<String>,
    /// Whether every token request must carry a DPoP proof.
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
            for (index, jwk) in client.jwks.iter().enumerate() {
                if let Err(error) = check_client_jwk(jwk, &client.jwks[..index]) {
                    return invalid(format!(
                        "client {} key {index} is rejected: {error}",
                        client.client_id
                    ));
                }
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
