use okta::aerial::{Org, OrgStatus};
use okta::org::OrgPresence;

use super::*;

fn org(name: &str, status: Option<OrgStatus>, aerial_org: bool) -> Org {
    let mut org: Org = serde_json::from_value(serde_json::json!({
        "id": "00onweu0000000000002",
        "name": name,
        "aerialOrg": aerial_org,
    }))
    .unwrap();
    org.status = status;
    org
}

fn europe() -> Org {
    org("Northwind Europe", Some(OrgStatus::Active), false)
}

fn inactive() -> Org {
    org("Northwind Trial", Some(OrgStatus::Inactive), false)
}

#[test]
fn deactivation_of_aerial_org_is_rejected() {
    let aerial = org("Northwind Aerial", Some(OrgStatus::Active), true);
    let err = check_deactivation(&aerial).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Northwind Aerial (00onweu0000000000002) is the account's Aerial org. It holds the service app Aerial Desk signs in with, so it can never be deactivated. Choose another org."
    );
}

#[test]
fn deactivation_of_other_org_passes() {
    assert_eq!(check_deactivation(&europe()), Ok(()));
    assert_eq!(check_deactivation(&inactive()), Ok(()));
}

#[test]
fn typed_name_exact_passes() {
    assert_eq!(check_typed_name(&europe(), "Northwind Europe"), Ok(()));
}

#[test]
fn typed_name_is_trimmed_on_both_sides() {
    assert_eq!(check_typed_name(&europe(), "  Northwind Europe\n"), Ok(()));
    let padded = org(" Northwind Europe ", Some(OrgStatus::Active), false);
    assert_eq!(check_typed_name(&padded, "Northwind Europe"), Ok(()));
}

#[test]
fn typed_name_empty_asks_for_name() {
    let err = check_typed_name(&europe(), "   ").unwrap_err();
    assert_eq!(
        err,
        GuardError::NameNotTyped {
            expected: "Northwind Europe".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "Type the org's name, Northwind Europe, to confirm."
    );
}

#[test]
fn typed_name_case_only_difference_is_named() {
    let err = check_typed_name(&europe(), "northwind europe").unwrap_err();
    assert!(
        matches!(err, GuardError::TypedNameCaseDiffers { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "\"northwind europe\" differs from the org's name \"Northwind Europe\" only in upper and lower case. Type the name with the same capital letters to confirm."
    );
}

#[test]
fn typed_name_other_text_mismatches() {
    let err = check_typed_name(&europe(), "Northwind Europ").unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"Northwind Europ\" does not match the org's name \"Northwind Europe\". Type the name exactly as shown to confirm."
    );
}

#[test]
fn typed_name_of_nameless_org_is_its_id() {
    let nameless = org("  ", Some(OrgStatus::Inactive), false);
    assert_eq!(check_typed_name(&nameless, "00onweu0000000000002"), Ok(()));
    let err = check_typed_name(&nameless, "").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Type the org's name, 00onweu0000000000002, to confirm."
    );
}

#[test]
fn deletion_of_inactive_org_passes() {
    assert_eq!(check_deletion_request(&inactive(), true), Ok(()));
}

#[test]
fn deletion_rejected_when_account_disallows() {
    let err = check_deletion_request(&inactive(), false).unwrap_err();
    assert!(
        matches!(err, GuardError::DeletionNotAllowed { .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "This account cannot request the deletion of Northwind Trial (00onweu0000000000002): Okta accepts deletion requests only from sandbox accounts and Okta Partner Program accounts. Deactivate the org instead, or ask Okta support to delete it."
    );
}

#[test]
fn deletion_of_active_org_rejected() {
    let err = check_deletion_request(&europe(), true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Northwind Europe (00onweu0000000000002) is active, and Okta deletes only inactive orgs. Deactivate it first, then request its deletion."
    );
}

#[test]
fn deletion_with_unknown_status_rejected() {
    for status in [None, Some(OrgStatus::Unknown)] {
        let err = check_deletion_request(&org("Odd", status, false), true).unwrap_err();
        assert!(
            matches!(err, GuardError::DeletionStatusUnknown { .. }),
            "{status:?}: {err:?}"
        );
    }
}

#[test]
fn deletion_of_aerial_org_rejected() {
    let aerial = org("Northwind Aerial", Some(OrgStatus::Inactive), true);
    let err = check_deletion_request(&aerial, true).unwrap_err();
    assert!(
        matches!(err, GuardError::AerialOrgDeletion { .. }),
        "{err:?}"
    );
}

#[test]
fn link_warning_says_it_cannot_be_undone() {
    assert!(LINK_WARNING.contains("cannot be undone"), "{LINK_WARNING}");
    assert!(LINK_WARNING.contains("unlinked or moved"), "{LINK_WARNING}");
    assert!(link_consent_explanation().contains("consent"));
    assert!(link_consent_explanation().contains("parent org"));
}

#[test]
fn creation_attempt_needs_subdomain() {
    assert_eq!(
        OrgCreationAttempt::confirmed("  "),
        Err(GuardError::EmptySubdomain)
    );
    let attempt = OrgCreationAttempt::confirmed(" northwind-lab ").unwrap();
    assert_eq!(attempt.subdomain(), "northwind-lab");
}

#[test]
fn creation_retry_after_missing_lookup() {
    let sent = OrgCreationAttempt::confirmed("northwind-lab")
        .unwrap()
        .send();
    assert_eq!(sent.subdomain(), "northwind-lab");
    let again = sent.retry_after_lookup(OrgPresence::Missing).unwrap();
    assert_eq!(again.subdomain(), "northwind-lab");
}

#[test]
fn creation_retry_refused_when_org_exists() {
    let sent = OrgCreationAttempt::confirmed("northwind-lab")
        .unwrap()
        .send();
    let err = sent.retry_after_lookup(OrgPresence::Exists).unwrap_err();
    assert_eq!(
        err.to_string(),
        "An org with the subdomain northwind-lab exists now, so the earlier creation request probably created it. Find it in the parent org before creating another one."
    );
}
