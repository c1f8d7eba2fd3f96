//! Random identifiers in Okta's formats.

use rand::Rng;
use rand::distributions::Alphanumeric;

fn random_alphanumeric(length: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

/// Returns a 20-character Okta object ID with the given 3-character type prefix (`00o` orgs,
/// `00g` groups, `0oa` apps, `00u` users).
pub(crate) fn okta_id(prefix: &str) -> String {
    format!("{prefix}{}", random_alphanumeric(17))
}

/// Returns a fresh `errorId` in the form Okta uses (`oae` and 22 characters).
pub(crate) fn error_id() -> String {
    format!("oae{}", random_alphanumeric(22))
}

/// Returns an opaque random token of the given length.
pub(crate) fn opaque_token(length: usize) -> String {
    random_alphanumeric(length)
}
