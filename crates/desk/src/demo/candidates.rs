//! The demo's data for the link wizard: the demo orgs that can still be linked, and the API
//! token of a demo org, so the wizard can show the consent step without a real admin.

use crate::Secret;

use super::{DemoError, DemoService};

/// A demo org of the demo account that is not linked yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkCandidate {
    pub name: String,
    /// The org's domain, such as `northwind-labs.sim.localhost`.
    pub domain: String,
    /// The Okta cell linking must name, such as `ok1`.
    pub cell: String,
    /// Whether the org, or its parent org, has granted Aerial consent to the demo account.
    pub consent: bool,
}

impl DemoService {
    /// Returns the demo account's orgs that are not linked yet, by name.
    pub async fn link_candidates(&self) -> Result<Vec<LinkCandidate>, DemoError> {
        let world = self.state().await?;
        let account = self.account_id.as_str();
        let consented: Vec<&str> = world
            .orgs
            .iter()
            .filter(|org| {
                org.consent
                    .as_ref()
                    .is_some_and(|consent| consent.account_id == account)
            })
            .map(|org| org.id.as_str())
            .collect();
        let mut candidates: Vec<LinkCandidate> = world
            .orgs
            .iter()
            .filter(|org| !org.linked && org.account_id.as_deref() == Some(account))
            .map(|org| LinkCandidate {
                name: org.name.clone(),
                domain: org.domain.clone(),
                cell: org.cell.clone(),
                consent: consented.contains(&org.id.as_str())
                    || org
                        .parent_org_id
                        .as_deref()
                        .is_some_and(|parent| consented.contains(&parent)),
            })
            .collect();
        candidates.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(candidates)
    }

    /// Returns the API token of the demo org at `domain`, the one an admin of that org would
    /// create, or `None` when the demo has no such org or token.
    pub async fn org_api_token(&self, domain: &str) -> Result<Option<Secret<Vec<u8>>>, DemoError> {
        let world = self.state().await?;
        let token = world
            .orgs
            .iter()
            .find(|org| org.domain.eq_ignore_ascii_case(domain))
            .and_then(|org| org.api_tokens.first())
            .map(|token| Secret::new(token.token.clone().into_bytes()));
        Ok(token)
    }
}
