//! Aerial API objects. Unknown fields are kept in `other`, renamed fields are read under
//! both names, and `null` reads as a missing value.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::tolerant::null_as_default;

/// The Aerial account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Account ID, for example `0227mkkf8ulgt48bkidcd8ekqft`.
    pub id: String,
    /// Display name, at most 255 characters.
    #[serde(default, deserialize_with = "null_as_default")]
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
    #[serde(default, deserialize_with = "null_as_default")]
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
#[serde(rename_all = "camelCase", from = "OrgWire")]
pub struct Org {
    /// Org ID, for example `00o16fjDHCgFqob8n0g4`.
    pub id: String,
    /// The Aerial account the org belongs to.
    pub account_id: Option<String>,
    /// Org name.
    pub name: String,
    /// Cell, for example `ok1`.
    pub cell: Option<String>,
    /// Domain, for example `my-org-1.okta.com`.
    pub domain: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: Option<OrgStatus>,
    /// True for the account's Aerial org; older builds call it `adminOrg`.
    pub aerial_org: bool,
    /// Creation time as Okta formats it.
    pub created_date: Option<String>,
    /// The ID of the user who created the org.
    pub created_by: Option<String>,
    /// Region, shown in one Okta example.
    pub region: Option<String>,
    /// HAL links.
    #[serde(rename = "_links")]
    pub links: Option<Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An org as it arrives. `aerialOrg` and its old name `adminOrg` are separate fields, because a
/// serde alias rejects a body that carries both.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrgWire {
    id: String,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    cell: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    status: Option<OrgStatus>,
    #[serde(default)]
    aerial_org: Option<bool>,
    #[serde(default)]
    admin_org: Option<bool>,
    #[serde(default)]
    created_date: Option<String>,
    #[serde(default)]
    created_by: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default, rename = "_links")]
    links: Option<Value>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl From<OrgWire> for Org {
    fn from(wire: OrgWire) -> Self {
        Org {
            id: wire.id,
            account_id: wire.account_id,
            name: wire.name.unwrap_or_default(),
            cell: wire.cell,
            domain: wire.domain,
            status: wire.status,
            aerial_org: wire.aerial_org.or(wire.admin_org).unwrap_or(false),
            created_date: wire.created_date,
            created_by: wire.created_by,
            region: wire.region,
            links: wire.links,
            other: wire.other,
        }
    }
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
    fn org_with_both_names_of_aerial_org_is_read() {
        let json = r#"{"id":"00o3","name":"C","aerialOrg":true,"adminOrg":true}"#;
        let org: Org = serde_json::from_str(json).unwrap();
        assert!(org.aerial_org);
        assert!(
            org.other.is_empty(),
            "adminOrg is not kept as unknown: {:?}",
            org.other
        );
    }

    #[test]
    fn null_fields_read_as_missing() {
        let json = r#"{"id":"00o4","name":null,"aerialOrg":null,"adminOrg":null,"cell":null}"#;
        let org: Org = serde_json::from_str(json).unwrap();
        assert_eq!(org.name, "");
        assert!(!org.aerial_org);

        let products: Vec<Product> =
            serde_json::from_str(r#"[{"id":"P000052","name":null}]"#).unwrap();
        assert_eq!(products[0].id, "P000052");
        let account: Account = serde_json::from_str(r#"{"id":"0227","name":null}"#).unwrap();
        assert_eq!(account.name, "");
    }

    #[test]
    fn org_serializes_under_current_names() {
        let org: Org = serde_json::from_str(r#"{"id":"00o5","name":"E","adminOrg":true}"#).unwrap();
        let value = serde_json::to_value(&org).unwrap();
        assert_eq!(value["aerialOrg"], true);
        assert!(value.get("adminOrg").is_none(), "{value}");
    }

    #[test]
    fn account_keeps_unknown_fields() {
        let account: Account =
            serde_json::from_str(r#"{"id":"0227","name":"N","tier":"gold"}"#).unwrap();
        assert_eq!(account.other["tier"], "gold");
    }
}
