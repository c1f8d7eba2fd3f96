use okta::aerial::Product;

use super::*;

const ORG: &str = "00onweu0000000000002";

fn product(id: &str, name: &str) -> Product {
    Product {
        id: id.into(),
        name: name.into(),
    }
}

fn subscribed() -> Vec<Product> {
    vec![
        product("P000052", "IT Products - SSO"),
        product("P000131", "IT Products - MFA"),
        product(
            "P000139",
            "IT Products - Lifecycle Management with 1 OIN App",
        ),
        product("P001113", "IT Products - Identity Threat Protection"),
    ]
}

/// The org's products as `GET /orgs/{orgId}/products` returns them.
fn enabled(ids: &[&str]) -> Vec<Product> {
    let known = subscribed();
    ids.iter()
        .map(|id| {
            known
                .iter()
                .find(|p| p.id == *id)
                .cloned()
                .unwrap_or_else(|| product(id, "Legacy bundle"))
        })
        .collect()
}

fn intent(enable: &[&str], disable: &[&str]) -> ProductIntent {
    ProductIntent {
        enable: enable.iter().map(|s| s.to_string()).collect(),
        disable: disable.iter().map(|s| s.to_string()).collect(),
    }
}

fn compute(current: &[&str], enable: &[&str], disable: &[&str]) -> Result<ProductPlan, PlanError> {
    ProductPlan::compute(
        ORG,
        &subscribed(),
        &enabled(current),
        &intent(enable, disable),
    )
}

fn ids(products: &[PlannedProduct]) -> Vec<&str> {
    products.iter().map(|p| p.id.as_str()).collect()
}

#[test]
fn compute_enables_and_keeps() {
    let plan = compute(&["P000052"], &["P000131"], &[]).unwrap();
    assert_eq!(ids(&plan.enable), ["P000131"]);
    assert_eq!(ids(&plan.keep), ["P000052"]);
    assert!(plan.disable.is_empty());
    assert_eq!(plan.full_list(), ["P000052", "P000131"]);
    assert!(!plan.is_empty());
    assert_eq!(
        plan.summary(),
        "Will enable IT Products - MFA (P000131); keep IT Products - SSO (P000052); disable nothing."
    );
}

#[test]
fn compute_disables_and_keeps_the_rest() {
    let plan = compute(&["P000052", "P000131", "P000139"], &[], &["P000131"]).unwrap();
    assert_eq!(ids(&plan.disable), ["P000131"]);
    assert_eq!(ids(&plan.keep), ["P000052", "P000139"]);
    assert_eq!(plan.full_list(), ["P000052", "P000139"]);
    assert_eq!(
        plan.summary(),
        "Will enable nothing; keep IT Products - SSO (P000052) and IT Products - Lifecycle Management with 1 OIN App (P000139); disable IT Products - MFA (P000131)."
    );
}

#[test]
fn compute_enable_and_disable_together() {
    let plan = compute(
        &["P000052", "P000131"],
        &["P000139", "P001113"],
        &["P000052"],
    )
    .unwrap();
    assert_eq!(ids(&plan.enable), ["P000139", "P001113"]);
    assert_eq!(ids(&plan.keep), ["P000131"]);
    assert_eq!(ids(&plan.disable), ["P000052"]);
    assert_eq!(plan.full_list(), ["P000131", "P000139", "P001113"]);
}

#[test]
fn compute_rejects_unknown_id() {
    let err = compute(&["P000052"], &["P999999"], &[]).unwrap_err();
    assert!(
        matches!(&err, PlanError::NotSubscribed { id, .. } if id == "P999999"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "The account does not subscribe to product P999999, so Aerial Desk cannot change it. The account subscribes to IT Products - SSO (P000052), IT Products - MFA (P000131), IT Products - Lifecycle Management with 1 OIN App (P000139), IT Products - Identity Threat Protection (P001113). Check the product ID, or ask Okta to add the product to the account."
    );
}

#[test]
fn compute_rejects_unknown_id_to_disable() {
    let err = compute(&["P000052"], &[], &["P999999"]).unwrap_err();
    assert!(matches!(err, PlanError::NotSubscribed { .. }), "{err:?}");
}

#[test]
fn compute_rejects_id_in_both_lists() {
    let err = compute(&["P000052"], &["P000131"], &["P000131"]).unwrap_err();
    assert!(
        matches!(&err, PlanError::ConflictingIntent { id } if id == "P000131"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Product P000131 is in both the enable and the disable list. Keep it in one of the two lists."
    );
}

#[test]
fn compute_rejects_empty_ids() {
    for (enable, disable, list) in [
        (vec![""], vec![], IntentList::Enable),
        (vec![], vec!["  "], IntentList::Disable),
    ] {
        let err = compute(&["P000052"], &enable, &disable).unwrap_err();
        assert!(
            matches!(&err, PlanError::EmptyProductId { list: found } if *found == list),
            "{err:?}"
        );
    }
    let err = compute(&["P000052"], &[""], &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "A product ID in the enable list is empty. Remove the empty entry or enter a product ID such as P000052."
    );
}

#[test]
fn compute_rejects_duplicate_ids() {
    let err = compute(&["P000052"], &[], &["P000052", "P000052"]).unwrap_err();
    assert!(
        matches!(&err, PlanError::DuplicateProductId { id, list: IntentList::Disable } if id == "P000052"),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "Product P000052 appears more than once in the disable list. List each product once."
    );
}

#[test]
fn compute_rejects_empty_org_id() {
    let err =
        ProductPlan::compute(" ", &subscribed(), &[], &intent(&["P000052"], &[])).unwrap_err();
    assert!(matches!(err, PlanError::EmptyOrgId), "{err:?}");
}

#[test]
fn enabling_product_already_on_keeps_it() {
    let plan = compute(&["P000052", "P000131"], &["P000131"], &[]).unwrap();
    assert!(plan.enable.is_empty());
    assert_eq!(ids(&plan.keep), ["P000052", "P000131"]);
    assert!(plan.is_empty());
    assert_eq!(
        plan.summary(),
        "Nothing to change; the org keeps IT Products - SSO (P000052) and IT Products - MFA (P000131)."
    );
}

#[test]
fn disabling_product_already_off_is_noted() {
    let plan = compute(&["P000052"], &[], &["P000131"]).unwrap();
    assert!(plan.disable.is_empty());
    assert_eq!(ids(&plan.already_disabled), ["P000131"]);
    assert!(plan.is_empty());
    assert_eq!(plan.full_list(), ["P000052"]);
    assert_eq!(
        plan.summary(),
        "Nothing to change; the org keeps IT Products - SSO (P000052). IT Products - MFA (P000131) is already disabled."
    );
}

#[test]
fn empty_intent_on_empty_org() {
    let plan = compute(&[], &[], &[]).unwrap();
    assert!(plan.is_empty());
    assert!(plan.full_list().is_empty());
    assert_eq!(
        plan.summary(),
        "Nothing to change; the org keeps no products."
    );
}

#[test]
fn unsubscribed_enabled_product_is_kept() {
    let plan = compute(&["P000052", "P000999"], &["P000131"], &["P000052"]).unwrap();
    assert_eq!(ids(&plan.keep), ["P000999"]);
    assert_eq!(ids(&plan.kept_unsubscribed), ["P000999"]);
    assert_eq!(
        plan.kept_unsubscribed[0].name, "Legacy bundle",
        "the org's own name for a product the account does not list"
    );
    assert_eq!(plan.full_list(), ["P000999", "P000131"]);
    assert_eq!(
        plan.summary(),
        "Will enable IT Products - MFA (P000131); keep Legacy bundle (P000999); disable IT Products - SSO (P000052). Legacy bundle (P000999) is enabled in the org although the account does not subscribe to it, and stays enabled."
    );
}

#[test]
fn unsubscribed_enabled_product_can_be_disabled() {
    let plan = compute(&["P000052", "P000999"], &[], &["P000999"]).unwrap();
    assert_eq!(ids(&plan.disable), ["P000999"]);
    assert!(plan.kept_unsubscribed.is_empty());
    assert_eq!(plan.full_list(), ["P000052"]);
}

#[test]
fn enabling_unsubscribed_product_rejected() {
    let err = compute(&["P000999"], &["P000999"], &[]).unwrap_err();
    assert!(matches!(err, PlanError::NotSubscribed { .. }), "{err:?}");
}

#[test]
fn repeated_current_products_are_read_once() {
    let current = enabled(&["P000052", "P000052"]);
    let plan =
        ProductPlan::compute(ORG, &subscribed(), &current, &intent(&["P000131"], &[])).unwrap();
    assert_eq!(plan.current.len(), 1);
    assert_eq!(plan.full_list(), ["P000052", "P000131"]);
}

#[test]
fn names_come_from_subscribed_list() {
    let current = vec![product("P000131", "Swapped name in one Okta example")];
    let plan =
        ProductPlan::compute(ORG, &subscribed(), &current, &ProductIntent::default()).unwrap();
    assert_eq!(plan.keep[0].name, "IT Products - MFA");
}

#[test]
fn product_without_name_is_labelled_by_id() {
    let mut catalogue = subscribed();
    catalogue[1].name.clear();
    let plan = ProductPlan::compute(ORG, &catalogue, &[], &intent(&["P000131"], &[])).unwrap();
    assert_eq!(
        plan.summary(),
        "Will enable P000131; keep nothing; disable nothing."
    );
}

#[test]
fn plan_serializes_in_camel_case() {
    let plan = compute(&["P000052"], &["P000131"], &["P000139"]).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["orgId"], ORG);
    assert_eq!(json["fullList"], serde_json::json!(["P000052", "P000131"]));
    assert_eq!(json["enable"][0]["id"], "P000131");
    assert_eq!(json["enable"][0]["name"], "IT Products - MFA");
    assert_eq!(json["alreadyDisabled"][0]["id"], "P000139");
    assert_eq!(json["keptUnsubscribed"], serde_json::json!([]));
    assert_eq!(json["isEmpty"], false);
    assert_eq!(json["summary"], plan.summary());
    assert_eq!(json["current"][0]["id"], "P000052");
}

#[test]
fn intent_reads_camel_case_with_missing_lists() {
    let intent: ProductIntent = serde_json::from_str(r#"{"enable":["P000131"]}"#).unwrap();
    assert_eq!(intent.enable, ["P000131"]);
    assert!(intent.disable.is_empty());
}

#[test]
fn changed_since_reviewed_message() {
    let err = PlanError::ChangedSinceReviewed {
        org_id: ORG.into(),
        reviewed: vec!["P000052".into()],
        now: vec![],
    };
    assert_eq!(
        err.to_string(),
        "The products of org 00onweu0000000000002 changed after the plan was reviewed: the plan was based on P000052, and the org now has no products. Nothing was written. Review the new list and save again."
    );
}

#[test]
fn read_back_mismatch_names_products() {
    let err = PlanError::ReadBackMismatch {
        org_id: ORG.into(),
        expected: vec!["P000052".into(), "P000131".into()],
        found: vec!["P000052".into(), "P001113".into()],
    };
    assert_eq!(
        err.to_string(),
        "The products of org 00onweu0000000000002 read back after the write differ from the list written: P000131 missing, and P001113 enabled but not written. Another tool may have changed them at the same moment. Open the org's products to check them, and save again if needed."
    );
}
