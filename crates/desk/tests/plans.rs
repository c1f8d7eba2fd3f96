//! Product plans applied against okta-sim over loopback HTTP: the full list is written and read
//! back, and a change by a writer outside Aerial Desk stops the plan or is reported.

mod plans_sim;

use std::time::Duration;

use desk::plans::{self, OrgLocks, PlanError, ProductIntent};
use plans_sim::{ORG_ID, PlanSim, sorted_ids};
use serde_json::json;

fn intent(enable: &[&str], disable: &[&str]) -> ProductIntent {
    ProductIntent {
        enable: enable.iter().map(|id| id.to_string()).collect(),
        disable: disable.iter().map(|id| id.to_string()).collect(),
    }
}

fn strings(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

#[tokio::test]
async fn apply_writes_full_list() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanwrite").await;
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path());

    let plan = plans::plan_products(&admin.client, ORG_ID, &intent(&["P001113"], &["P000131"]))
        .await
        .unwrap();
    assert_eq!(sorted_ids(&plan.current), ["P000052", "P000131", "P000139"]);
    assert_eq!(
        plan.summary(),
        "Will enable IT Products - Identity Threat Protection (P001113); keep IT Products - SSO (P000052) and IT Products - Lifecycle Management with 1 OIN App (P000139); disable IT Products - MFA (P000131)."
    );

    sim.clear_requests().await;
    let applied = plans::apply_plan(&admin.client, &plan, &locks)
        .await
        .unwrap();
    assert_eq!(
        sorted_ids(&applied.before),
        ["P000052", "P000131", "P000139"]
    );
    assert_eq!(
        sorted_ids(&applied.after),
        ["P000052", "P000139", "P001113"]
    );
    assert_eq!(
        sim.product_puts().await,
        [strings(&["P000052", "P000139", "P001113"])],
        "one PUT with the full list"
    );
    let token = admin.token().await;
    assert_eq!(
        sim.raw_product_ids(&token).await,
        ["P000052", "P000139", "P001113"]
    );
}

#[tokio::test]
async fn empty_plan_writes_nothing() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanempty").await;
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path());

    let plan = plans::plan_products(&admin.client, ORG_ID, &intent(&["P000052"], &["P001113"]))
        .await
        .unwrap();
    assert!(plan.is_empty(), "{}", plan.summary());

    sim.clear_requests().await;
    let applied = plans::apply_plan(&admin.client, &plan, &locks)
        .await
        .unwrap();
    assert_eq!(applied.before, applied.after);
    assert!(sim.product_puts().await.is_empty(), "nothing to write");
}

#[tokio::test]
async fn bad_intent_rejected_before_any_call() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanbad").await;
    sim.clear_requests().await;

    for (bad, expected) in [
        (intent(&["P000131"], &["P000131"]), "ConflictingIntent"),
        (intent(&[""], &[]), "EmptyProductId"),
        (intent(&["P000131", "P000131"], &[]), "DuplicateProductId"),
    ] {
        let err = plans::plan_products(&admin.client, ORG_ID, &bad)
            .await
            .unwrap_err();
        assert!(format!("{err:?}").starts_with(expected), "{err:?}");
    }
    let err = plans::plan_products(&admin.client, " ", &intent(&["P000131"], &[]))
        .await
        .unwrap_err();
    assert!(matches!(err, PlanError::EmptyOrgId), "{err:?}");
    assert_eq!(sim.requests().await, [], "no request reached the emulator");
}

#[tokio::test]
async fn unsubscribed_product_rejected_before_write() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanunknown").await;
    sim.clear_requests().await;

    let err = plans::plan_products(&admin.client, ORG_ID, &intent(&["P999999"], &[]))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PlanError::NotSubscribed { id, subscribed } if id == "P999999" && subscribed.len() == 4),
        "{err:?}"
    );
    assert!(sim.product_puts().await.is_empty(), "nothing written");
}

#[tokio::test]
async fn outside_write_before_reread_stops_plan() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanstale").await;
    let outsider = sim.admin("0oaoutsider").await;
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path());

    let plan = plans::plan_products(&admin.client, ORG_ID, &intent(&["P001113"], &[]))
        .await
        .unwrap();
    let outside_list = strings(&["P000052"]);
    sim.raw_put_products(&outsider.token().await, &outside_list)
        .await;

    sim.clear_requests().await;
    let err = plans::apply_plan(&admin.client, &plan, &locks)
        .await
        .unwrap_err();
    match &err {
        PlanError::ChangedSinceReviewed {
            org_id,
            reviewed,
            now,
        } => {
            assert_eq!(org_id, ORG_ID);
            assert_eq!(reviewed, &strings(&["P000052", "P000131", "P000139"]));
            assert_eq!(now, &outside_list);
        }
        other => panic!("expected ChangedSinceReviewed, got {other:?}"),
    }
    assert!(
        err.to_string()
            .ends_with("Nothing was written. Review the new list and save again."),
        "{err}"
    );
    assert!(sim.product_puts().await.is_empty(), "nothing written");
    let token = outsider.token().await;
    assert_eq!(sim.raw_product_ids(&token).await, outside_list);
}

/// The re-read is held in the emulator for 400 ms while the outside write lands, so the write
/// reaches Okta after the apply started but before the emulator handles the re-read.
#[tokio::test]
async fn outside_write_during_reread_stops_plan() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanslow").await;
    let outsider = sim.admin("0oaoutsider").await;
    let outsider_token = outsider.token().await;
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path());

    let plan = plans::plan_products(&admin.client, ORG_ID, &intent(&[], &["P000139"]))
        .await
        .unwrap();
    let fault = json!({ "method": "GET", "path": "*/products", "kind": "latency", "delayMs": 400, "count": 1 });
    sim.control(reqwest::Method::POST, "faults", fault).await;

    let apply = plans::apply_plan(&admin.client, &plan, &locks);
    let outside_write = async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        sim.raw_put_products(
            &outsider_token,
            &strings(&["P000052", "P000139", "P001113"]),
        )
        .await;
    };
    let (result, ()) = tokio::join!(apply, outside_write);

    let err = result.unwrap_err();
    assert!(
        matches!(err, PlanError::ChangedSinceReviewed { .. }),
        "{err:?}"
    );
    assert_eq!(
        sim.raw_product_ids(&outsider_token).await,
        ["P000052", "P000139", "P001113"],
        "the outside write survives"
    );
}

/// The emulator applies Aerial Desk's PUT and then sends its response slowly, so an outside
/// write lands between the PUT and the read-back.
#[tokio::test]
async fn outside_write_after_put_fails_read_back() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaplanreadback").await;
    let outsider = sim.admin("0oaoutsider").await;
    let outsider_token = outsider.token().await;
    let folder = tempfile::tempdir().unwrap();
    let locks = OrgLocks::new(folder.path());

    let plan = plans::plan_products(&admin.client, ORG_ID, &intent(&["P001113"], &[]))
        .await
        .unwrap();
    let fault = json!({ "method": "PUT", "path": "*/products", "kind": "slowBody", "delayMs": 40, "count": 1 });
    sim.control(reqwest::Method::POST, "faults", fault).await;

    let apply = plans::apply_plan(&admin.client, &plan, &locks);
    let outside_write = async {
        let written = strings(&["P000052", "P000131", "P000139", "P001113"]);
        while sim.raw_product_ids(&outsider_token).await != written {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        sim.raw_put_products(&outsider_token, &strings(&["P000052", "P000131"]))
            .await;
    };
    let (result, ()) = tokio::join!(apply, outside_write);

    let err = result.unwrap_err();
    match &err {
        PlanError::ReadBackMismatch {
            org_id,
            expected,
            found,
        } => {
            assert_eq!(org_id, ORG_ID);
            assert_eq!(expected.len(), 4, "{expected:?}");
            assert_eq!(found, &strings(&["P000052", "P000131"]));
        }
        other => panic!("expected ReadBackMismatch, got {other:?}"),
    }
    assert!(
        err.to_string().contains("P000139, P001113 missing"),
        "{err}"
    );
}
