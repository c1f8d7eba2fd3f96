//! Objects of the org management API: Org Creator, Aerial consent, groups and apps.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::secret::SecretString;
use crate::tolerant::null_as_default;

/// A child org to create with the Org Creator API.
#[derive(Debug, Clone)]
pub struct NewOrg {
    /// Subdomain, 1 to 57 characters without spaces. The org is served at `{subdomain}.okta.com`.
    pub subdomain: String,
    /// Org name, 1 to 100 characters.
    pub name: String,
    /// Optional website.
    pub website: Option<String>,
    /// The first super admin.
    pub admin: NewAdmin,
}

/// The first super admin of a new org.
#[derive(Debug, Clone)]
pub struct NewAdmin {
    /// 1 to 50 characters.
    pub first_name: String,
    /// 1 to 50 characters.
    pub last_name: String,
    /// 5 to 100 characters.
    pub email: String,
    /// At most 100 characters.
    pub login: String,
    /// Optional initial password.
    pub password: Option<SecretString>,
    /// Optional recovery question and answer.
    pub recovery: Option<(String, SecretString)>,
}

impl NewOrg {
    /// Checks the documented field limits before anything is sent.
    pub fn validate(&self) -> Result<(), Error> {
        let subdomain_ok = self
            .subdomain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !subdomain_ok {
            return Err(invalid(
                "subdomain",
                &self.subdomain,
                "use letters, digits and '-' only",
            ));
        }
        check_len("subdomain", &self.subdomain, 1, 57)?;
        check_len("name", &self.name, 1, 100)?;
        check_len("admin first name", &self.admin.first_name, 1, 50)?;
        check_len("admin last name", &self.admin.last_name, 1, 50)?;
        check_len("admin email", &self.admin.email, 5, 100)?;
        check_len("admin login", &self.admin.login, 1, 100)?;
        if !self.admin.email.contains('@') {
            return Err(invalid(
                "admin email",
                &self.admin.email,
                "enter an email address",
            ));
        }
        Ok(())
    }

    /// The request body. Secrets leave their wrappers only here, straight into the JSON.
    pub(crate) fn to_body(&self) -> Value {
        let mut credentials = Map::new();
        if let Some(password) = &self.admin.password {
            credentials.insert(
                "password".into(),
                serde_json::json!({ "value": password.expose() }),
            );
        }
        if let Some((question, answer)) = &self.admin.recovery {
            credentials.insert(
                "recovery_question".into(),
                serde_json::json!({ "question": question, "answer": answer.expose() }),
            );
        }
        let mut admin = serde_json::json!({
            "profile": {
                "firstName": self.admin.first_name,
                "lastName": self.admin.last_name,
                "email": self.admin.email,
                "login": self.admin.login,
            }
        });
        if !credentials.is_empty() {
            admin["credentials"] = Value::Object(credentials);
        }
        let mut body = serde_json::json!({
            "subdomain": self.subdomain,
            "name": self.name,
            "edition": "SKU",
            "admin": admin,
        });
        if let Some(website) = &self.website {
            body["website"] = Value::String(website.clone());
        }
        body
    }
}

fn check_len(name: &'static str, value: &str, min: usize, max: usize) -> Result<(), Error> {
    let len = value.chars().count();
    if len < min || len > max {
        return Err(invalid(
            name,
            value,
            &format!("use {min} to {max} characters"),
        ));
    }
    Ok(())
}

fn invalid(name: &'static str, value: &str, reason: &str) -> Error {
    Error::InvalidArgument {
        name,
        value: value.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The org the Org Creator API created, with its first super admin's API token.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedOrg {
    /// Org ID.
    pub id: String,
    /// Subdomain.
    pub subdomain: String,
    /// Name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Website.
    #[serde(default)]
    pub website: Option<String>,
    /// `ACTIVE`.
    #[serde(default)]
    pub status: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created: Option<String>,
    /// Last update time.
    #[serde(default)]
    pub last_updated: Option<String>,
    /// The super admin's API token for the new org. It is not an Aerial token, does not show
    /// in the Admin Console, expires after 30 days unused, and dies with that admin.
    pub token: SecretString,
    /// `SSWS`.
    #[serde(default)]
    pub token_type: Option<String>,
    /// HAL links, pointing at the new org's host.
    #[serde(default, rename = "_links")]
    pub links: Option<Value>,
    /// Fields this version does not know, such as `settings`.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An org's Aerial consent grant.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "ConsentGrantWire")]
pub struct ConsentGrant {
    /// The Aerial account that may manage the org.
    pub account_id: String,
    /// The user ID of the admin who granted it.
    pub granted_by: Option<String>,
    /// When; one Okta example spells it `grantDate`.
    pub granted_date: Option<String>,
    /// HAL links.
    pub links: Option<Value>,
    /// Fields this version does not know.
    pub other: Map<String, Value>,
}

/// A consent grant as it arrives. `grantedDate` and `grantDate` are separate fields, because a
/// serde alias rejects a body that carries both.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsentGrantWire {
    account_id: String,
    #[serde(default)]
    granted_by: Option<String>,
    #[serde(default)]
    granted_date: Option<String>,
    #[serde(default)]
    grant_date: Option<String>,
    #[serde(default, rename = "_links")]
    links: Option<Value>,
    #[serde(flatten)]
    other: Map<String, Value>,
}

impl From<ConsentGrantWire> for ConsentGrant {
    fn from(wire: ConsentGrantWire) -> Self {
        ConsentGrant {
            account_id: wire.account_id,
            granted_by: wire.granted_by,
            granted_date: wire.granted_date.or(wire.grant_date),
            links: wire.links,
            other: wire.other,
        }
    }
}

/// A group.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Group {
    /// Group ID.
    pub id: String,
    /// `profile.name` and `profile.description`.
    #[serde(default)]
    pub profile: Value,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// An app instance.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// App ID.
    pub id: String,
    /// App name, `bookmark` for bookmark apps.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Label shown to users.
    #[serde(default, deserialize_with = "null_as_default")]
    pub label: String,
    /// `BOOKMARK` for bookmark apps.
    #[serde(default)]
    pub sign_on_mode: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_org() -> NewOrg {
        NewOrg {
            subdomain: "northwind-eu".into(),
            name: "Northwind EU".into(),
            website: None,
            admin: NewAdmin {
                first_name: "Ada".into(),
                last_name: "Admin".into(),
                email: "ada@northwind.example".into(),
                login: "ada@northwind.example".into(),
                password: Some(SecretString::new("pw".into())),
                recovery: None,
            },
        }
    }

    #[test]
    fn body_has_the_documented_shape() {
        let body = new_org().to_body();
        assert_eq!(body["edition"], "SKU");
        assert_eq!(body["admin"]["profile"]["firstName"], "Ada");
        assert_eq!(body["admin"]["credentials"]["password"]["value"], "pw");
        assert!(body.get("website").is_none());
    }

    #[test]
    fn field_limits_are_checked() {
        let mut org = new_org();
        org.subdomain = "x".repeat(58);
        assert!(org.validate().is_err(), "subdomain over 57 characters");
        org.subdomain = "has space".into();
        assert!(org.validate().is_err(), "subdomain with a space");
        let mut org = new_org();
        org.admin.email = "a@b".into();
        assert!(org.validate().is_err(), "email under 5 characters");
        assert!(new_org().validate().is_ok());
    }

    #[test]
    fn consent_reads_grant_date_spelling() {
        let grant: ConsentGrant =
            serde_json::from_str(r#"{"accountId":"0227","grantDate":"2026-01-01"}"#).unwrap();
        assert_eq!(grant.granted_date.as_deref(), Some("2026-01-01"));
    }

    #[test]
    fn consent_with_both_date_spellings_is_read() {
        let json = r#"{"accountId":"0227","grantedDate":"2026-01-02","grantDate":"2026-01-02"}"#;
        let grant: ConsentGrant = serde_json::from_str(json).unwrap();
        assert_eq!(grant.granted_date.as_deref(), Some("2026-01-02"));
        assert!(grant.other.is_empty(), "{:?}", grant.other);
    }

    #[test]
    fn null_names_read_as_empty() {
        let app: App =
            serde_json::from_str(r#"{"id":"0oa1","name":null,"label":null,"signOnMode":null}"#)
                .unwrap();
        assert_eq!(app.label, "");
        let org: CreatedOrg =
            serde_json::from_str(r#"{"id":"00o9","subdomain":"s","name":null,"token":"00t"}"#)
                .unwrap();
        assert_eq!(org.name, "");
    }

    #[test]
    fn created_org_token_is_redacted_in_debug() {
        let json =
            r#"{"id":"00o9","subdomain":"s","token":"00secret","tokenType":"SSWS","settings":{}}"#;
        let org: CreatedOrg = serde_json::from_str(json).unwrap();
        assert!(!format!("{org:?}").contains("00secret"));
        assert_eq!(org.token.expose(), "00secret");
    }
}
