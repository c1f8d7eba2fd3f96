//! OAuth scope sets: sorted and deduplicated so equal sets share one cache entry.

use crate::error::Error;

/// Okta scope names used by this crate.
pub mod scope {
    /// Read the Aerial account, its products and orgs.
    pub const ACCOUNTS_READ: &str = "okta.accounts.read";
    /// Change the Aerial account and its orgs.
    pub const ACCOUNTS_MANAGE: &str = "okta.accounts.manage";
    /// Create child orgs and manage Aerial consent.
    pub const ORGS_MANAGE: &str = "okta.orgs.manage";
    /// Create groups.
    pub const GROUPS_MANAGE: &str = "okta.groups.manage";
    /// Create apps and add app keys.
    pub const APPS_MANAGE: &str = "okta.apps.manage";
}

/// A non-empty set of scopes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ScopeSet(Vec<String>);

impl ScopeSet {
    /// Builds a set from scope names; each must be non-empty and free of spaces.
    pub fn new<I, S>(scopes: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut names: Vec<String> = scopes.into_iter().map(Into::into).collect();
        if let Some(bad) = names
            .iter()
            .find(|name| name.is_empty() || name.contains(char::is_whitespace))
        {
            return Err(Error::InvalidArgument {
                name: "scope",
                value: bad.clone(),
                reason: "a scope name is one word such as okta.accounts.read".into(),
            });
        }
        names.sort();
        names.dedup();
        if names.is_empty() {
            return Err(Error::InvalidArgument {
                name: "scope",
                value: String::new(),
                reason: "request at least one scope".into(),
            });
        }
        Ok(ScopeSet(names))
    }

    /// A set holding one scope name from [`scope`].
    pub fn one(name: &'static str) -> Self {
        ScopeSet(vec![name.to_owned()])
    }

    /// The value of the `scope` form field: names joined by spaces.
    pub fn to_param(&self) -> String {
        self.0.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_duplicates_do_not_matter() {
        let a = ScopeSet::new(["okta.accounts.read", "okta.orgs.manage"]).unwrap();
        let b =
            ScopeSet::new(["okta.orgs.manage", "okta.accounts.read", "okta.orgs.manage"]).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_param(), "okta.accounts.read okta.orgs.manage");
    }

    #[test]
    fn empty_and_spaced_scopes_are_rejected() {
        assert!(ScopeSet::new(Vec::<String>::new()).is_err());
        assert!(ScopeSet::new(["okta.accounts.read okta.orgs.manage"]).is_err());
        assert!(ScopeSet::new([""]).is_err());
    }
}
