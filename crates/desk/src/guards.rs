//! Checks that run before a risky change is sent to Okta. They make no calls: each takes what
//! the caller has already read and returns [`GuardError`] with the reason and the fix.
//!
//! - The account's Aerial org is never deactivated, because Aerial Desk signs in through it.
//! - Deactivation and deletion requests need the org's name typed back.
//! - Deletion requests are only for INACTIVE orgs of accounts that allow them.
//! - Linking is preceded by [`LINK_WARNING`], because a link cannot be undone.
//! - An org creation is sent at most once per [`OrgCreationAttempt`]; `Session::create_org` spends one.

mod creation;
mod error;

use okta::aerial::{Org, OrgStatus};

pub use creation::{OrgCreationAttempt, SentOrgCreation};
pub use error::GuardError;

/// The warning shown before an org is linked.
pub const LINK_WARNING: &str = "Linking cannot be undone. Once this org is linked to the Aerial account, it cannot be unlinked or moved to another account.";

/// Explains the consent an org needs before it can be linked.
pub fn link_consent_explanation() -> &'static str {
    "Okta links an org only after a super admin of that org has granted Aerial consent to this \
     account. A child org cannot grant consent itself: it needs the consent of its parent org. \
     Aerial Desk can grant consent with an API token of a super admin of that org."
}

/// Rejects deactivating the account's Aerial org, which contains the service app Aerial Desk
/// signs in with.
pub fn check_deactivation(org: &Org) -> Result<(), GuardError> {
    if org.aerial_org {
        return Err(GuardError::AerialOrgDeactivation {
            org: org_label(org),
        });
    }
    Ok(())
}

/// Checks the org's name as the admin typed it back to confirm a deactivation or a deletion
/// request. Both sides are trimmed, and case must match exactly. An org with a blank name is
/// confirmed with its ID instead.
pub fn check_typed_name(org: &Org, typed: &str) -> Result<(), GuardError> {
    let expected = if org.name.trim().is_empty() {
        org.id.trim()
    } else {
        org.name.trim()
    };
    let typed = typed.trim();

    if typed.is_empty() {
        return Err(GuardError::NameNotTyped {
            expected: expected.to_owned(),
        });
    }
    if typed == expected {
        return Ok(());
    }
    if typed.to_lowercase() == expected.to_lowercase() {
        return Err(GuardError::TypedNameCaseDiffers {
            expected: expected.to_owned(),
            typed: typed.to_owned(),
        });
    }
    Err(GuardError::TypedNameMismatch {
        expected: expected.to_owned(),
        typed: typed.to_owned(),
    })
}

/// Checks that a deletion request for `org` can be sent: Okta accepts one only for an INACTIVE
/// org, and only from sandbox accounts and Okta Partner Program accounts.
///
/// The Aerial API does not report whether an account allows deletion (the account object has
/// only an ID and a name), so the caller passes `account_allows_deletion`.
/// Sessions pass `true` for every environment, because a production account may belong to the
/// Okta Partner Program, and Okta's refusal is explained as `deletion_not_allowed`.
pub fn check_deletion_request(org: &Org, account_allows_deletion: bool) -> Result<(), GuardError> {
    if org.aerial_org {
        return Err(GuardError::AerialOrgDeletion {
            org: org_label(org),
        });
    }
    if !account_allows_deletion {
        return Err(GuardError::DeletionNotAllowed {
            org: org_label(org),
        });
    }
    match org.status {
        Some(OrgStatus::Inactive) => Ok(()),
        Some(OrgStatus::Active) => Err(GuardError::DeletionOfActiveOrg {
            org: org_label(org),
        }),
        Some(OrgStatus::Unknown) | None => Err(GuardError::DeletionStatusUnknown {
            org: org_label(org),
        }),
    }
}

/// Names an org in messages as `Name (ID)`, or by its ID alone when the name is blank.
fn org_label(org: &Org) -> String {
    if org.name.trim().is_empty() {
        org.id.clone()
    } else {
        format!("{} ({})", org.name.trim(), org.id)
    }
}

#[cfg(test)]
mod tests;
