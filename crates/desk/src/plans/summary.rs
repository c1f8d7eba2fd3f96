//! The plain-language summary of a product plan, and its JSON form.

use okta::aerial::Product;
use serde::{Serialize, Serializer};

use super::compute::{PlannedProduct, ProductPlan};

impl ProductPlan {
    /// Describes the plan in plain sentences, for example "Will enable IT Products - MFA
    /// (P000131); keep IT Products - SSO (P000052); disable nothing."
    pub fn summary(&self) -> String {
        let mut sentences = Vec::new();
        if self.is_empty() {
            sentences.push(format!(
                "Nothing to change; the org keeps {}.",
                join_labels(&self.keep, "no products")
            ));
        } else {
            sentences.push(format!(
                "Will enable {}; keep {}; disable {}.",
                join_labels(&self.enable, "nothing"),
                join_labels(&self.keep, "nothing"),
                join_labels(&self.disable, "nothing"),
            ));
        }
        if !self.already_disabled.is_empty() {
            let verb = if self.already_disabled.len() == 1 {
                "is"
            } else {
                "are"
            };
            sentences.push(format!(
                "{} {verb} already disabled.",
                join_labels(&self.already_disabled, "")
            ));
        }
        if !self.kept_unsubscribed.is_empty() {
            let labels = join_labels(&self.kept_unsubscribed, "");
            sentences.push(if self.kept_unsubscribed.len() == 1 {
                format!("{labels} is enabled in the org although the account does not subscribe to it, and stays enabled.")
            } else {
                format!("{labels} are enabled in the org although the account does not subscribe to them, and stay enabled.")
            });
        }
        sentences.join(" ")
    }
}

/// Joins labels as "A", "A and B" or "A, B and C", or returns `none` for an empty list.
fn join_labels(products: &[PlannedProduct], none: &str) -> String {
    let labels: Vec<String> = products.iter().map(PlannedProduct::label).collect();
    match labels.as_slice() {
        [] => none.to_owned(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The serialized form: every list, plus the IDs to write and the summary, so the app and
/// `--json` output show the same thing.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PlanJson<'a> {
    org_id: &'a str,
    current: &'a [Product],
    enable: &'a [PlannedProduct],
    keep: &'a [PlannedProduct],
    disable: &'a [PlannedProduct],
    already_disabled: &'a [PlannedProduct],
    kept_unsubscribed: &'a [PlannedProduct],
    full_list: Vec<String>,
    is_empty: bool,
    summary: String,
}

impl Serialize for ProductPlan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        PlanJson {
            org_id: &self.org_id,
            current: &self.current,
            enable: &self.enable,
            keep: &self.keep,
            disable: &self.disable,
            already_disabled: &self.already_disabled,
            kept_unsubscribed: &self.kept_unsubscribed,
            full_list: self.full_list(),
            is_empty: self.is_empty(),
            summary: self.summary(),
        }
        .serialize(serializer)
    }
}
