//! Built-in demo data: one fictional Aerial account, its Aerial org and a dozen orgs in every
//! state the app has a screen for.

use serde_json::{Value, json};

use crate::world::World;

/// ID of the demo Aerial account.
pub(crate) const DEMO_ACCOUNT_ID: &str = "0227nwdemo8ulgt48bkidcd8ekq";

struct DemoOrg {
    id: &'static str,
    subdomain: &'static str,
    name: &'static str,
    cell: &'static str,
    status: &'static str,
    linked: bool,
    consent: bool,
    parent: Option<&'static str>,
    sandbox: bool,
    products: &'static [&'static str],
}

const DEMO_ORGS: &[DemoOrg] = &[
    DemoOrg {
        id: "00onwaerial000000001",
        subdomain: "northwind-aerial",
        name: "Northwind Aerial",
        cell: "ok1",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052", "P000131"],
    },
    DemoOrg {
        id: "00onweu0000000000002",
        subdomain: "northwind-eu",
        name: "Northwind Europe",
        cell: "ok1",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052", "P000131", "P000139"],
    },
    DemoOrg {
        id: "00onweuretail0000003",
        subdomain: "northwind-eu-retail",
        name: "Northwind Europe Retail",
        cell: "ok1",
        status: "ACTIVE",
        linked: true,
        consent: false,
        parent: Some("00onweu0000000000002"),
        sandbox: false,
        products: &["P000052"],
    },
    DemoOrg {
        id: "00onweulogistics0004",
        subdomain: "northwind-eu-logistics",
        name: "Northwind Europe Logistics",
        cell: "ok1",
        status: "ACTIVE",
        linked: false,
        consent: false,
        parent: Some("00onweu0000000000002"),
        sandbox: false,
        products: &["P000052"],
    },
    DemoOrg {
        id: "00onwus0000000000005",
        subdomain: "northwind-us",
        name: "Northwind Americas",
        cell: "ok7",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052", "P000131", "P000139", "P001113"],
    },
    DemoOrg {
        id: "00onwapac00000000006",
        subdomain: "northwind-apac",
        name: "Northwind Asia Pacific",
        cell: "ok7",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052", "P000131"],
    },
    DemoOrg {
        id: "00onwstaging00000007",
        subdomain: "northwind-staging",
        name: "Northwind Staging",
        cell: "ok7",
        status: "INACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052"],
    },
    DemoOrg {
        id: "00onwsandbox00000008",
        subdomain: "northwind-sandbox",
        name: "Northwind Sandbox",
        cell: "op3",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: true,
        products: &["P000052", "P000131"],
    },
    DemoOrg {
        id: "00onwtrial0000000009",
        subdomain: "northwind-trial",
        name: "Northwind Trial",
        cell: "op3",
        status: "INACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: true,
        products: &[],
    },
    DemoOrg {
        id: "00onwlabs00000000010",
        subdomain: "northwind-labs",
        name: "Northwind Labs",
        cell: "ok1",
        status: "ACTIVE",
        linked: false,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052"],
    },
    DemoOrg {
        id: "00onwpartners0000011",
        subdomain: "northwind-partners",
        name: "Northwind Partner Portal",
        cell: "ok1",
        status: "ACTIVE",
        linked: false,
        consent: false,
        parent: None,
        sandbox: false,
        products: &["P000052"],
    },
    DemoOrg {
        id: "00onwhr0000000000012",
        subdomain: "northwind-hr",
        name: "Northwind People",
        cell: "ok1",
        status: "ACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052", "P000139"],
    },
    DemoOrg {
        id: "00onwfinance00000013",
        subdomain: "northwind-finance",
        name: "Northwind Finance",
        cell: "ok7",
        status: "INACTIVE",
        linked: true,
        consent: true,
        parent: None,
        sandbox: false,
        products: &["P000052"],
    },
];

/// SSWS token of the super admin of a demo org that can create child orgs or be configured.
pub(crate) fn demo_api_token(subdomain: &str) -> String {
    format!("00demo-{subdomain}-api-token")
}

fn demo_org_json(org: &DemoOrg) -> Value {
    let consent = org.consent.then(|| {
        json!({
            "accountId": DEMO_ACCOUNT_ID,
            "grantedBy": "00unwadmin0000000001",
            "grantedDate": "2024-02-01T09:00:00.000Z",
        })
    });
    let parent_creates = org.parent.is_none() && org.subdomain != "northwind-partners";
    json!({
        "id": org.id,
        "name": org.name,
        "domain": format!("{}.sim.localhost", org.subdomain),
        "cell": org.cell,
        "status": org.status,
        "accountId": DEMO_ACCOUNT_ID,
        "linked": org.linked,
        "parentOrgId": org.parent,
        "consent": consent,
        "accountType": if org.sandbox { "SANDBOX" } else { "PRODUCTION" },
        "orgCreator": parent_creates,
        "enabledProducts": org.products,
        "apiTokens": [{ "token": demo_api_token(org.subdomain), "userId": "00unwadmin0000000001" }],
        "createdDate": "2023-11-14T08:30:00.000Z",
        "createdBy": "00unwadmin0000000001",
    })
}

/// Builds the demo seed.
pub(crate) fn demo_world() -> World {
    let seed = json!({
        "products": [
            { "id": "P000052", "name": "IT Products - SSO" },
            { "id": "P000131", "name": "IT Products - MFA" },
            { "id": "P000139", "name": "IT Products - Lifecycle Management with 1 OIN App" },
            { "id": "P001113", "name": "IT Products - Identity Threat Protection" },
        ],
        "accounts": [{
            "id": DEMO_ACCOUNT_ID,
            "name": "Northwind Demo Account",
            "accountType": "PRODUCTION",
            "aerialOrgId": "00onwaerial000000001",
            "products": ["P000052", "P000131", "P000139", "P001113"],
        }],
        "orgs": DEMO_ORGS.iter().map(demo_org_json).collect::<Vec<_>>(),
        "clients": [],
    });
    // The demo seed is a constant that the unit test below parses and validates.
    serde_json::from_value(seed).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::demo_world;

    #[test]
    fn demo_seed_parses_and_validates() {
        let world = demo_world();
        assert_eq!(world.orgs.len(), 13);
        assert_eq!(world.products.len(), 4);
        assert_eq!(world.accounts.len(), 1);
        assert!(world.validate().is_ok());
    }
}
