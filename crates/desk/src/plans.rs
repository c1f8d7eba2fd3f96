//! Product plans: turn an admin's "enable X, disable Y" for one org into the full product list
//! Okta's `PUT /orgs/{orgId}/products` expects, show the difference before anything is written,
//! and apply it safely.
//!
//! [`ProductPlan::compute`] is pure and rejects bad intents before any call. [`plan_products`]
//! reads the account's subscribed products and the org's current ones, then computes.
//! [`apply_plan`] takes the org's [`OrgLocks`] lock, re-reads the org's products and stops with
//! [`PlanError::ChangedSinceReviewed`] if they differ from the reviewed ones, writes the full list,
//! and reads it back. The lock serializes this sequence across every Aerial Desk window and
//! `aerial` process on one computer, so two of them never overwrite each other's change.
//!
//! Okta's products PUT carries no version check, so a writer outside Aerial Desk (the Admin
//! Console, a script, another computer) that writes between the re-read and the PUT is
//! overwritten without notice, and that window lasts one request round trip. A write that lands
//! between the PUT and the read-back is caught: the read-back differs from the list written and
//! [`apply_plan`] returns [`PlanError::ReadBackMismatch`], naming the missing and unexpected
//! products. A write after the read-back is the other writer's change and is outside this plan.

mod apply;
mod compute;
mod error;
mod lock;
mod summary;

pub use apply::{AppliedPlan, apply_plan, plan_products};
pub use compute::{PlannedProduct, ProductIntent, ProductPlan};
pub use error::{IntentList, PlanError};
pub use lock::{OrgLockGuard, OrgLocks};

#[cfg(test)]
mod tests;
