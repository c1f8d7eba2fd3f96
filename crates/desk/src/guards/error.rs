//! The errors of the guards, each with its reason and fix.

/// A change a guard rejected before any call, with the reason and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuardError {
    /// The org to deactivate is the account's Aerial org.
    #[error(
        "{org} is the account's Aerial org. It holds the service app Aerial Desk signs in with, so it can never be deactivated. Choose another org."
    )]
    AerialOrgDeactivation {
        /// The org, as `Name (ID)`.
        org: String,
    },

    /// The org to delete is the account's Aerial org.
    #[error(
        "{org} is the account's Aerial org, so Aerial Desk never requests its deletion. Choose another org."
    )]
    AerialOrgDeletion {
        /// The org, as `Name (ID)`.
        org: String,
    },

    /// Nothing was typed to confirm.
    #[error("Type the org's name, {expected}, to confirm.")]
    NameNotTyped {
        /// The text to type.
        expected: String,
    },

    /// The typed name matches the org's name except for upper and lower case.
    #[error(
        "\"{typed}\" differs from the org's name \"{expected}\" only in upper and lower case. Type the name with the same capital letters to confirm."
    )]
    TypedNameCaseDiffers {
        /// The org's name.
        expected: String,
        /// What the admin typed, trimmed.
        typed: String,
    },

    /// The typed name is not the org's name.
    #[error(
        "\"{typed}\" does not match the org's name \"{expected}\". Type the name exactly as shown to confirm."
    )]
    TypedNameMismatch {
        /// The org's name.
        expected: String,
        /// What the admin typed, trimmed.
        typed: String,
    },

    /// The account does not allow deletion requests.
    #[error(
        "This account cannot request the deletion of {org}: Okta accepts deletion requests only from sandbox accounts and Okta Partner Program accounts. Deactivate the org instead, or ask Okta support to delete it."
    )]
    DeletionNotAllowed {
        /// The org, as `Name (ID)`.
        org: String,
    },

    /// The org to delete is still active.
    #[error(
        "{org} is active, and Okta deletes only inactive orgs. Deactivate it first, then request its deletion."
    )]
    DeletionOfActiveOrg {
        /// The org, as `Name (ID)`.
        org: String,
    },

    /// The org's status is missing or one this version does not know.
    #[error(
        "The status of {org} is unknown, and Okta deletes only inactive orgs. Reload the org and try again."
    )]
    DeletionStatusUnknown {
        /// The org, as `Name (ID)`.
        org: String,
    },

    /// The subdomain of an org creation is blank.
    #[error("The subdomain of the new org is empty. Enter a subdomain, such as acme-eu.")]
    EmptySubdomain,

    /// An org creation's outcome is unknown and the lookup found an org at its subdomain.
    #[error(
        "An org with the subdomain {subdomain} exists now, so the earlier creation request probably created it. Find it in the parent org before creating another one."
    )]
    CreatedOrgMayExist {
        /// The subdomain of the new org.
        subdomain: String,
    },
}
