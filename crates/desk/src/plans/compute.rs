//! The pure part of a product plan: checking the admin's intent and computing the lists.

use std::collections::HashSet;

use okta::aerial::Product;
use serde::{Deserialize, Serialize};

use super::error::{IntentList, PlanError};

/// The products an admin requests to turn on and off in one org, by product ID.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductIntent {
    /// Product IDs to enable, such as `P000131`.
    #[serde(default)]
    pub enable: Vec<String>,
    /// Product IDs to disable.
    #[serde(default)]
    pub disable: Vec<String>,
}

impl ProductIntent {
    /// Checks what can be checked without Okta: no empty or repeated ID in either list, and no
    /// ID in both lists.
    pub fn validate(&self) -> Result<(), PlanError> {
        check_list(&self.enable, IntentList::Enable)?;
        check_list(&self.disable, IntentList::Disable)?;
        if let Some(id) = self.enable.iter().find(|id| self.disable.contains(id)) {
            return Err(PlanError::ConflictingIntent { id: id.clone() });
        }
        Ok(())
    }
}

fn check_list(ids: &[String], list: IntentList) -> Result<(), PlanError> {
    let mut seen = HashSet::new();
    for id in ids {
        if id.trim().is_empty() {
            return Err(PlanError::EmptyProductId { list });
        }
        if !seen.insert(id.as_str()) {
            return Err(PlanError::DuplicateProductId {
                id: id.clone(),
                list,
            });
        }
    }
    Ok(())
}

/// A product in a plan, with the display name from the account's subscribed list (or, for a
/// product the account does not subscribe to, the name the org's list gave).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannedProduct {
    /// Product ID.
    pub id: String,
    /// Display name; may be empty when Okta sent none.
    pub name: String,
}

impl PlannedProduct {
    /// The product as a summary names it: `IT Products - MFA (P000131)`, or the bare ID when
    /// the name is empty.
    pub fn label(&self) -> String {
        if self.name.trim().is_empty() {
            self.id.clone()
        } else {
            format!("{} ({})", self.name, self.id)
        }
    }
}

/// The change an intent makes to one org's products, computed from the products read before it
/// is shown to the admin. It serializes in camelCase with its `fullList`, `isEmpty` and
/// `summary`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPlan {
    /// The org the plan changes.
    pub org_id: String,
    /// The org's products as read when the plan was computed, without repeats. Applying the
    /// plan stops if the org's products differ from these.
    pub current: Vec<Product>,
    /// Products the plan turns on.
    pub enable: Vec<PlannedProduct>,
    /// Products that are on and stay on, including any enabled product the account does not
    /// subscribe to.
    pub keep: Vec<PlannedProduct>,
    /// Products the plan turns off.
    pub disable: Vec<PlannedProduct>,
    /// Products the intent disables that are off already, so nothing happens to them.
    pub already_disabled: Vec<PlannedProduct>,
    /// Products kept although the account does not subscribe to them (also in `keep`).
    pub kept_unsubscribed: Vec<PlannedProduct>,
}

impl ProductPlan {
    /// Computes the plan for `intent` on org `org_id`, given the account's `subscribed` products
    /// and the org's `current` ones. Makes no call.
    ///
    /// Rejects an empty org ID, an empty or repeated product ID, an ID in both lists, and an ID
    /// the account does not subscribe to. The one exception is disabling a product the org has
    /// enabled although the account does not subscribe to it: that is allowed, because the org
    /// could not otherwise be rid of it. Enabling a product that is on already keeps it, and
    /// disabling one that is off already is recorded in `already_disabled`. A product
    /// the org has enabled but the account does not subscribe to is kept unless the intent
    /// disables it, and listed in `kept_unsubscribed`.
    pub fn compute(
        org_id: &str,
        subscribed: &[Product],
        current: &[Product],
        intent: &ProductIntent,
    ) -> Result<ProductPlan, PlanError> {
        if org_id.trim().is_empty() {
            return Err(PlanError::EmptyOrgId);
        }
        intent.validate()?;
        let current = dedupe(current);
        check_subscribed(subscribed, &current, intent)?;

        let planned = |product: &Product| PlannedProduct {
            id: product.id.clone(),
            name: subscribed
                .iter()
                .find(|known| known.id == product.id)
                .map_or_else(|| product.name.clone(), |known| known.name.clone()),
        };
        let is_on = |id: &str| current.iter().any(|product| product.id == id);
        let is_subscribed = |id: &str| subscribed.iter().any(|product| product.id == id);
        let by_id = |id: &String| {
            planned(&Product {
                id: id.clone(),
                name: String::new(),
            })
        };

        let (disable, keep): (Vec<PlannedProduct>, Vec<PlannedProduct>) = current
            .iter()
            .map(planned)
            .partition(|product| intent.disable.contains(&product.id));
        let kept_unsubscribed = keep
            .iter()
            .filter(|product| !is_subscribed(&product.id))
            .cloned()
            .collect();
        let enable = intent
            .enable
            .iter()
            .filter(|id| !is_on(id))
            .map(by_id)
            .collect();
        let already_disabled = intent
            .disable
            .iter()
            .filter(|id| !is_on(id))
            .map(by_id)
            .collect();

        Ok(ProductPlan {
            org_id: org_id.to_owned(),
            current,
            enable,
            keep,
            disable,
            already_disabled,
            kept_unsubscribed,
        })
    }

    /// The product IDs to PUT: the kept ones in the org's order, then the enabled ones.
    pub fn full_list(&self) -> Vec<String> {
        self.keep
            .iter()
            .chain(&self.enable)
            .map(|product| product.id.clone())
            .collect()
    }

    /// Reports whether the plan changes nothing, so there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.enable.is_empty() && self.disable.is_empty()
    }
}

/// Drops repeated IDs from a product list, keeping the first of each.
fn dedupe(products: &[Product]) -> Vec<Product> {
    let mut seen = HashSet::new();
    products
        .iter()
        .filter(|product| seen.insert(product.id.as_str()))
        .cloned()
        .collect()
}

fn check_subscribed(
    subscribed: &[Product],
    current: &[Product],
    intent: &ProductIntent,
) -> Result<(), PlanError> {
    let is_subscribed = |id: &str| subscribed.iter().any(|product| product.id == id);
    let is_on = |id: &str| current.iter().any(|product| product.id == id);
    let unknown_enable = intent.enable.iter().find(|id| !is_subscribed(id));
    let unknown_disable = intent
        .disable
        .iter()
        .find(|id| !is_subscribed(id) && !is_on(id));
    match unknown_enable.or(unknown_disable) {
        Some(id) => Err(PlanError::NotSubscribed {
            id: id.clone(),
            subscribed: subscribed
                .iter()
                .map(|product| PlannedProduct {
                    id: product.id.clone(),
                    name: product.name.clone(),
                })
                .collect(),
        }),
        None => Ok(()),
    }
}
