//! Reading what a plan needs from Okta, and applying a reviewed plan.

use std::collections::BTreeSet;

use okta::AerialClient;
use okta::aerial::Product;
use serde::Serialize;

use super::compute::{ProductIntent, ProductPlan};
use super::error::PlanError;
use super::lock::OrgLocks;

/// The org's products just before the write and as read back after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedPlan {
    /// Products enabled before the write, as re-read under the lock.
    pub before: Vec<Product>,
    /// Products enabled after the write, as read back.
    pub after: Vec<Product>,
}

/// Reads the account's subscribed products and org `org_id`'s current ones, then computes the
/// plan for `intent`. An intent with empty, repeated or conflicting IDs is rejected before
/// any call.
pub async fn plan_products(
    client: &AerialClient,
    org_id: &str,
    intent: &ProductIntent,
) -> Result<ProductPlan, PlanError> {
    if org_id.trim().is_empty() {
        return Err(PlanError::EmptyOrgId);
    }
    intent.validate()?;

    let (subscribed, current) = tokio::try_join!(client.products(), client.org_products(org_id))?;
    ProductPlan::compute(org_id, &subscribed, &current, intent)
}

/// Applies a reviewed plan under the org's lock: re-reads the org's products and stops with
/// [`PlanError::ChangedSinceReviewed`] if they differ from the plan's `current` products, writes
/// [`ProductPlan::full_list`], and reads it back, returning [`PlanError::ReadBackMismatch`]
/// when the read-back differs. A plan that changes nothing is re-checked but not written.
pub async fn apply_plan(
    client: &AerialClient,
    plan: &ProductPlan,
    locks: &OrgLocks,
) -> Result<AppliedPlan, PlanError> {
    let org_id = plan.org_id.as_str();
    let _lock = locks.lock(client.account_id(), org_id).await?;

    let before = client.org_products(org_id).await?;
    if id_set(&before) != id_set(&plan.current) {
        tracing::warn!(
            org_id,
            "org products changed since the plan was reviewed; not writing"
        );
        return Err(PlanError::ChangedSinceReviewed {
            org_id: org_id.to_owned(),
            reviewed: ids(&plan.current),
            now: ids(&before),
        });
    }
    if plan.is_empty() {
        return Ok(AppliedPlan {
            after: before.clone(),
            before,
        });
    }

    let expected = plan.full_list();
    let expected_refs: Vec<&str> = expected.iter().map(String::as_str).collect();
    tracing::info!(org_id, products = ?expected, "writing org products");
    client.replace_org_products(org_id, &expected_refs).await?;

    let after = match client.org_products(org_id).await {
        Ok(after) => after,
        Err(source) => {
            tracing::warn!(org_id, error = %source, "reading org products back after the write failed");
            return Err(PlanError::NotConfirmed {
                org_id: org_id.to_owned(),
                expected,
                source: Box::new(source),
            });
        }
    };
    let found = ids(&after);
    if found.iter().collect::<BTreeSet<_>>() != expected.iter().collect::<BTreeSet<_>>() {
        tracing::warn!(org_id, expected = ?expected, found = ?found, "org products read back differ from the list written");
        return Err(PlanError::ReadBackMismatch {
            org_id: org_id.to_owned(),
            expected,
            found,
        });
    }
    Ok(AppliedPlan { before, after })
}

fn ids(products: &[Product]) -> Vec<String> {
    products.iter().map(|product| product.id.clone()).collect()
}

fn id_set(products: &[Product]) -> BTreeSet<&str> {
    products.iter().map(|product| product.id.as_str()).collect()
}
