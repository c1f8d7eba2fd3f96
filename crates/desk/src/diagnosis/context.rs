//! The values the admin entered, used to fill in each fix.

/// The profile values behind the request that failed. Every field is optional, and a fix
/// names the thing generically ("your API service app") when its value is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiagnosisContext {
    /// The API service app's client ID, such as `0oa8f5j3ecb5w3dF35d7`.
    pub client_id: Option<String>,
    /// The Aerial org's domain, such as `acme-aerial.okta.com`.
    pub aerial_org_domain: Option<String>,
    /// The Aerial account ID.
    pub account_id: Option<String>,
    /// The scope requested, such as `okta.accounts.manage`.
    pub scope: Option<String>,
    /// The ID or domain of the org being acted on.
    pub target_org: Option<String>,
}

impl DiagnosisContext {
    pub(super) fn app(&self) -> String {
        match &self.client_id {
            Some(id) => format!("app {id}"),
            None => "your API service app".to_owned(),
        }
    }

    pub(super) fn aerial_org(&self) -> String {
        match &self.aerial_org_domain {
            Some(domain) => domain.clone(),
            None => "your Aerial org".to_owned(),
        }
    }

    pub(super) fn target(&self) -> String {
        match &self.target_org {
            Some(org) => format!("the org {org}"),
            None => "the org".to_owned(),
        }
    }

    pub(super) fn account(&self) -> String {
        match &self.account_id {
            Some(id) => format!("the Aerial account {id}"),
            None => "your Aerial account".to_owned(),
        }
    }

    /// The scope requested, else the one the HTTP method needs on the Aerial API.
    pub(super) fn scope_for(&self, method: &str) -> String {
        match &self.scope {
            Some(scope) => scope.clone(),
            None if method.eq_ignore_ascii_case("GET") => "okta.accounts.read".to_owned(),
            None => "okta.accounts.manage".to_owned(),
        }
    }
}
