//! The guards, run on orgs as okta-sim returns them, reject what the emulator rejects too, and
//! pass what it accepts.

#[path = "plans_sim/mod.rs"]
mod plans_sim;

use desk::guards::{self, GuardError};
use okta::Error;
use okta::aerial::OrgStatus;
use plans_sim::PlanSim;

const AERIAL_ORG_ID: &str = "00onwaerial000000001";
/// Northwind Trial: inactive, on a sandbox contract.
const SANDBOX_INACTIVE: &str = "00onwtrial0000000009";
/// Northwind Staging: inactive, on a production contract.
const PRODUCTION_INACTIVE: &str = "00onwstaging00000007";
/// Northwind Sandbox: active, on a sandbox contract.
const SANDBOX_ACTIVE: &str = "00onwsandbox00000008";

fn api_status(err: &Error) -> u16 {
    match err {
        Error::Api(api) => api.status,
        other => panic!("expected an Okta error response, got {other}"),
    }
}

#[tokio::test]
async fn aerial_org_deactivation_rejected_by_both() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaguardstatus").await;

    let org = admin.client.org(AERIAL_ORG_ID).await.unwrap();
    assert!(org.aerial_org);
    let err = guards::check_deactivation(&org).unwrap_err();
    assert!(
        matches!(err, GuardError::AerialOrgDeactivation { .. }),
        "{err:?}"
    );

    let okta_err = admin
        .client
        .set_org_status(AERIAL_ORG_ID, OrgStatus::Inactive)
        .await
        .unwrap_err();
    assert_eq!(api_status(&okta_err), 400);
}

#[tokio::test]
async fn typed_name_matches_emulator_name() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaguardname").await;

    let org = admin.client.org(plans_sim::ORG_ID).await.unwrap();
    assert_eq!(guards::check_typed_name(&org, "Northwind Europe"), Ok(()));
    assert!(matches!(
        guards::check_typed_name(&org, "NORTHWIND EUROPE"),
        Err(GuardError::TypedNameCaseDiffers { .. })
    ));
}

#[tokio::test]
async fn deletion_guard_agrees_with_emulator() {
    let sim = PlanSim::start().await;
    let admin = sim.admin("0oaguarddelete").await;

    let trial = admin.client.org(SANDBOX_INACTIVE).await.unwrap();
    assert_eq!(guards::check_deletion_request(&trial, true), Ok(()));
    admin
        .client
        .request_org_deletion(SANDBOX_INACTIVE)
        .await
        .expect("the emulator accepts what the guard passed");

    let staging = admin.client.org(PRODUCTION_INACTIVE).await.unwrap();
    let err = guards::check_deletion_request(&staging, false).unwrap_err();
    assert!(
        matches!(err, GuardError::DeletionNotAllowed { .. }),
        "{err:?}"
    );
    let okta_err = admin
        .client
        .request_org_deletion(PRODUCTION_INACTIVE)
        .await
        .unwrap_err();
    assert_eq!(api_status(&okta_err), 403);

    let active = admin.client.org(SANDBOX_ACTIVE).await.unwrap();
    let err = guards::check_deletion_request(&active, true).unwrap_err();
    assert!(
        matches!(err, GuardError::DeletionOfActiveOrg { .. }),
        "{err:?}"
    );
    let okta_err = admin
        .client
        .request_org_deletion(SANDBOX_ACTIVE)
        .await
        .unwrap_err();
    assert_eq!(api_status(&okta_err), 400);
}
