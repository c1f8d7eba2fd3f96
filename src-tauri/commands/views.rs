//! The org and product shapes the screens show, built from the Aerial API's models.

use okta::aerial::{Org, OrgStatus, Product};
use serde::Serialize;
use specta::Type;

/// One org as the orgs table and the org detail show it.
#[derive(Clone, Debug, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub domain: Option<String>,
    pub cell: Option<String>,
    /// `ACTIVE`, `INACTIVE`, or `UNKNOWN` for a status this version does not know or Okta left out.
    pub status: String,
    /// Whether this is the account's Aerial org, which the app signs in through.
    pub aerial_org: bool,
    /// Creation time as Okta formats it.
    pub created: Option<String>,
}

impl From<&Org> for OrgRow {
    fn from(org: &Org) -> Self {
        Self {
            id: org.id.clone(),
            name: org.name.clone(),
            domain: org.domain.clone(),
            cell: org.cell.clone(),
            status: status_name(org.status).to_owned(),
            aerial_org: org.aerial_org,
            created: org.created_date.clone(),
        }
    }
}

/// Returns the Aerial API's name of a status.
pub fn status_name(status: Option<OrgStatus>) -> &'static str {
    match status {
        Some(OrgStatus::Active) => "ACTIVE",
        Some(OrgStatus::Inactive) => "INACTIVE",
        Some(OrgStatus::Unknown) | None => "UNKNOWN",
    }
}

/// A product with its display name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct ProductView {
    pub id: String,
    /// The display name; empty when Okta sent none.
    pub name: String,
}

impl From<&Product> for ProductView {
    fn from(product: &Product) -> Self {
        Self {
            id: product.id.clone(),
            name: product.name.clone(),
        }
    }
}

impl From<&desk::plans::PlannedProduct> for ProductView {
    fn from(product: &desk::plans::PlannedProduct) -> Self {
        Self {
            id: product.id.clone(),
            name: product.name.clone(),
        }
    }
}

/// Converts a list of products.
pub fn products<'a, T: 'a>(list: impl IntoIterator<Item = &'a T>) -> Vec<ProductView>
where
    ProductView: From<&'a T>,
{
    list.into_iter().map(ProductView::from).collect()
}
