//! The errors of computing and applying product plans, each with its reason and fix.

use std::collections::BTreeSet;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::compute::PlannedProduct;

/// The list of a [`ProductIntent`](super::ProductIntent) a problem was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntentList {
    /// The products to enable.
    Enable,
    /// The products to disable.
    Disable,
}

impl fmt::Display for IntentList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IntentList::Enable => "enable",
            IntentList::Disable => "disable",
        })
    }
}

/// A product plan that was rejected, stopped or failed.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The plan names no org.
    #[error("The org ID is empty. Choose an org and try again.")]
    EmptyOrgId,

    /// A product ID in the intent is empty or blank.
    #[error(
        "A product ID in the {list} list is empty. Remove the empty entry or enter a product ID such as P000052."
    )]
    EmptyProductId {
        /// The list the empty ID is in.
        list: IntentList,
    },

    /// A product ID appears twice in one list.
    #[error("Product {id} appears more than once in the {list} list. List each product once.")]
    DuplicateProductId {
        /// The repeated ID.
        id: String,
        /// The list it is repeated in.
        list: IntentList,
    },

    /// A product ID is in both lists.
    #[error(
        "Product {id} is in both the enable and the disable list. Keep it in one of the two lists."
    )]
    ConflictingIntent {
        /// The ID in both lists.
        id: String,
    },

    /// The account does not subscribe to a product the intent names.
    #[error(
        "The account does not subscribe to product {id}, so Aerial Desk cannot change it. The account subscribes to {}. Check the product ID, or ask Okta to add the product to the account.",
        join_labels(subscribed)
    )]
    NotSubscribed {
        /// The rejected ID.
        id: String,
        /// The products the account subscribes to.
        subscribed: Vec<PlannedProduct>,
    },

    /// The org's products changed between the review and the write; nothing was written.
    #[error(
        "The products of org {org_id} changed after the plan was reviewed: the plan was based on {}, and the org now has {}. Nothing was written. Review the new list and save again.",
        join_ids(reviewed),
        join_ids(now)
    )]
    ChangedSinceReviewed {
        /// The org.
        org_id: String,
        /// Product IDs the plan was computed from.
        reviewed: Vec<String>,
        /// Product IDs the org has now.
        now: Vec<String>,
    },

    /// The products read back after the write differ from the list written.
    #[error(
        "The products of org {org_id} read back after the write differ from the list written: {}. Another tool may have changed them at the same moment. Open the org's products to check them, and save again if needed.",
        describe_mismatch(expected, found)
    )]
    ReadBackMismatch {
        /// The org.
        org_id: String,
        /// Product IDs written.
        expected: Vec<String>,
        /// Product IDs read back.
        found: Vec<String>,
    },

    /// The full list was written, but reading it back failed, so the change is not confirmed.
    #[error(
        "The products of org {org_id} were written, but reading them back failed ({source}). Open the org's products to check them before saving again."
    )]
    NotConfirmed {
        /// The org.
        org_id: String,
        /// Product IDs written.
        expected: Vec<String>,
        /// The failed read.
        source: Box<okta::Error>,
    },

    /// The lock file for the org's product changes could not be opened or locked.
    #[error(
        "Locking {} for a product change failed: {source}. Check that the folder exists and that you can write to it, then try again.",
        path.display()
    )]
    LockFailed {
        /// The lock file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// Another Aerial Desk window or `aerial` process kept the org's lock for too long.
    #[error(
        "Another Aerial Desk window or aerial command is still changing the products of org {org_id}; waited {} seconds for {}. Wait until it finishes, then try again.",
        waited.as_secs(),
        path.display()
    )]
    LockTimedOut {
        /// The org.
        org_id: String,
        /// The lock file.
        path: PathBuf,
        /// How long this process waited.
        waited: Duration,
    },

    /// A call to Okta failed.
    #[error(transparent)]
    Okta(#[from] okta::Error),
}

fn join_labels(products: &[PlannedProduct]) -> String {
    if products.is_empty() {
        return "no products".to_owned();
    }
    let labels: Vec<String> = products.iter().map(PlannedProduct::label).collect();
    labels.join(", ")
}

fn join_ids(ids: &[String]) -> String {
    if ids.is_empty() {
        "no products".to_owned()
    } else {
        ids.join(", ")
    }
}

/// Names the products missing from the read-back and those that appeared unasked.
fn describe_mismatch(expected: &[String], found: &[String]) -> String {
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    let missing: Vec<&str> = expected.difference(&found).copied().collect();
    let unexpected: Vec<&str> = found.difference(&expected).copied().collect();

    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("{} missing", missing.join(", ")));
    }
    if !unexpected.is_empty() {
        parts.push(format!("{} enabled but not written", unexpected.join(", ")));
    }
    if parts.is_empty() {
        // Same set in another order or with repeats: the check compares sets, so this only
        // appears if a caller builds the error itself.
        parts.push("the same products in another form".to_owned());
    }
    parts.join(", and ")
}
