//! Aerial API objects. Unknown fields are kept in `other`, and renamed fields are read under
//! both names.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The Aerial account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Account ID, for example `0227mkkf8ulgt48bkidcd8ekqft`.
    pub id: String,
    /// Display name, at most 255 characters.
    #[serde(default)]
    pub name: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// A product. Trust `id`: Okta's examples have swapped product names before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Product ID, for example `P000052`.
    pub id: String,
    /// Display name; ignored by Okta on writes.
    #[serde(default)]
    pub name: String,
}

/// An org's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrgStatus {
    /// Users can sign in and the org is billed.
    Active,
    /// Users cannot sign in and the org is not billed.
    Inactive,
    /// A status this version does not know.
    #[serde(other)]
    Unknown,
}

/// An org managed by the Aerial account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Org {
    /// Org ID, for example `00o16fjDHCgFqob8n0g4`.
    pub id: String,
    /// The Aerial account the org belongs to.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Org name.
    #[serde(default)]
    pub name: String,
    /// Cell, for example `ok1`.
    #[serde(default)]
    pub cell: Option<String>,
    /// Domain, for example `my-org-1.okta.com`.
    #[serde(default)]
    pub domain: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    #[serde(default)]
    pub status: Option<OrgStatus>,
    /// True for the account's Aerial org; older builds call it `adminOrg`.
    #[serde(default, alias = "adminOrg")]
    pub aerial_org: bool,
    /// Creation time as Okta formats it.
    #[serde(default)]
    pub created_date: Option<String>,
    /// The ID of the user who created the org.
    #[serde(default)]
    pub created_by: Option<String>,
    /// Region, shown in one Okta example.
    #[serde(default)]
    pub region: Option<String>,
    /// HAL links.
    #[serde(default, rename = "_links")]
    pub links: Option<Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// The org to link, by ID or by domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The org's ID.
    OrgId(String),
    /// The org's domain, for example `acme-eu.okta.com`.
    Domain(String),
}

/// The result of a product change: what the org had, and what it has after the write was read
/// back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductChange {
    /// Products enabled before the change.
    pub before: Vec<Product>,
    /// Products enabled after the change, as read back.
    pub after: Vec<Product>,
}

/// Query options for listing orgs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgQuery {
    /// Page size, 1 to 100; Okta's default is 25.
    pub limit: Option<u32>,
    /// A SCIM filter such as `status eq "ACTIVE"`.
    pub filter: Option<String>,
    /// A cursor from an earlier `Link` header.
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_reads_admin_org_and_unknown_fields() {
        let json = r#"{"id":"00o1","name":"Acme","status":"ACTIVE","adminOrg":true,
            "cell":"ok1","domain":"acme.okta.com","region":"us","newField":{"a":1}}"#;
        let org: Org = serde_json::from_str(json).unwrap();
        assert!(org.aerial_org, "adminOrg is the old name of aerialOrg");
        assert_eq!(org.status, Some(OrgStatus::Active));
        assert_eq!(org.region.as_deref(), Some("us"));
        assert_eq!(org.other["newField"]["a"], 1);
    }

    #[test]
    fn org_reads_aerial_org_and_unknown_status() {
        let json = r#"{"id":"00o2","name":"B","status":"SUSPENDED","aerialOrg":false}"#;
        let org: Org = serde_json::from_str(json).unwrap();
        assert!(!org.aerial_org);
        assert_eq!(org.status, Some(OrgStatus::Unknown));
    }

    #[test]
    fn account_keeps_unknown_fields() {
        let account: Account =
            serde_json::from_str(r#"{"id":"0227","name":"N","tier":"gold"}"#).unwrap();
        assert_eq!(account.other["tier"], "gold");
    }
}
