//! One org-creation request per confirmation, so a creation is never resent blindly.

use okta::org::OrgPresence;

use super::error::GuardError;

/// Permission to send one org-creation request, issued when the admin confirms the form.
///
/// It is neither `Clone` nor `Copy`, and [`Self::send`] consumes it, so one confirmation
/// sends one request. When the outcome of that request is unknown (a timeout, a dropped
/// connection, a 5xx), the only way to a new attempt for the same subdomain without asking the
/// admin again is [`SentOrgCreation::retry_after_lookup`], which needs the subdomain looked up
/// first. Callers create an attempt only from the admin's confirmation.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "an attempt does nothing until it is sent"]
pub struct OrgCreationAttempt {
    subdomain: String,
}

/// An org-creation request that was sent; keep it until the outcome is known.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a sent creation is resolved by its outcome or by a lookup"]
pub struct SentOrgCreation {
    subdomain: String,
}

impl OrgCreationAttempt {
    /// Issues the attempt for the admin's confirmed creation of `subdomain`.
    pub fn confirmed(subdomain: &str) -> Result<Self, GuardError> {
        let subdomain = subdomain.trim();
        if subdomain.is_empty() {
            return Err(GuardError::EmptySubdomain);
        }
        Ok(OrgCreationAttempt {
            subdomain: subdomain.to_owned(),
        })
    }

    /// Returns the subdomain of the org to create.
    pub fn subdomain(&self) -> &str {
        &self.subdomain
    }

    /// Spends the attempt. Call it right before the request is sent.
    pub fn send(self) -> SentOrgCreation {
        SentOrgCreation {
            subdomain: self.subdomain,
        }
    }
}

impl SentOrgCreation {
    /// Returns the subdomain of the org the request creates.
    pub fn subdomain(&self) -> &str {
        &self.subdomain
    }

    /// Issues a new attempt after an unknown outcome, given the presence of an org at the
    /// subdomain as looked up after the request. An org that is there now was probably
    /// created by the request, so that is [`GuardError::CreatedOrgMayExist`].
    pub fn retry_after_lookup(
        self,
        presence: OrgPresence,
    ) -> Result<OrgCreationAttempt, GuardError> {
        match presence {
            OrgPresence::Missing => Ok(OrgCreationAttempt {
                subdomain: self.subdomain,
            }),
            OrgPresence::Exists => Err(GuardError::CreatedOrgMayExist {
                subdomain: self.subdomain,
            }),
        }
    }
}
