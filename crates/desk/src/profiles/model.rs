//! The fields of a profile, as validated types. Each field type can only hold a valid value, and
//! deserializing one runs the same check, so a hand-edited profile file is validated on load.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::validate::{self, ValidationError};

/// Defines a string newtype whose constructor runs a validation function.
macro_rules! validated_string {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Validates `input` and returns it in normal form.
            pub fn parse(input: &str) -> Result<Self, ValidationError> {
                $check(input).map(Self)
            }

            /// Returns the value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(&self.0)
            }
        }
    };
}

validated_string!(
    /// A profile name. Names are unique without regard to case, because they name keychain
    /// entries and Windows Credential Manager compares entry names without regard to case.
    ProfileName,
    validate::profile_name
);
validated_string!(
    /// An Okta org domain in lower case, such as `acme.okta.com`.
    Domain,
    validate::domain
);
validated_string!(
    /// The origin of a host, such as `https://aerial-apac.okta.com` or `http://127.0.0.1:4010`.
    BaseUrl,
    validate::base_url
);
validated_string!(
    /// An Aerial account ID.
    AccountId,
    validate::account_id
);
validated_string!(
    /// An OAuth client ID.
    ClientId,
    validate::client_id
);
validated_string!(
    /// The `kid` of a public key registered on an OAuth client.
    KeyId,
    validate::key_id
);

impl ProfileName {
    /// Returns the name in lower case, the form used for comparison and in keychain entry names.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    /// Reports whether `other` names this profile, ignoring case.
    pub fn matches(&self, other: &str) -> bool {
        self.0.eq_ignore_ascii_case(other.trim())
    }
}

impl BaseUrl {
    /// Returns the host and, when it is not the scheme's default, the port.
    pub fn authority(&self) -> &str {
        self.0.split_once("://").map_or(&self.0, |(_, rest)| rest)
    }

    /// Reports whether the host is loopback.
    pub fn is_loopback(&self) -> bool {
        url::Url::parse(&self.0).is_ok_and(|url| validate::is_loopback(&url))
    }
}

/// The Aerial environment of a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Aerial production, for `okta.com` and `okta.preview.com` orgs.
    Production,
    /// The Aerial sandbox, for orgs in OP3 cells.
    Sandbox,
    /// The built-in emulator with demo data, on a loopback port.
    Demo,
    /// Any other service, such as a standalone emulator; every address is a base URL.
    Custom,
}

impl Environment {
    /// Returns the Aerial service a new profile of this environment starts with.
    pub fn default_service(self) -> Option<BaseUrl> {
        let url = match self {
            Environment::Production => "https://aerial-apac.okta.com",
            Environment::Sandbox => "https://aerial-sandbox.okta.com",
            Environment::Demo | Environment::Custom => return None,
        };
        Some(BaseUrl(url.to_owned()))
    }

    /// Reports whether org addresses are plain domains (production and sandbox) rather than base
    /// URLs (demo and custom).
    pub fn uses_domains(self) -> bool {
        matches!(self, Environment::Production | Environment::Sandbox)
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Environment::Production => "production",
            Environment::Sandbox => "sandbox",
            Environment::Demo => "demo",
            Environment::Custom => "custom",
        })
    }
}

/// The address of an org: a domain reached over https, or a base URL (demo and custom
/// environments, where the org may be an emulator on a loopback port).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum OrgAddress {
    Domain(Domain),
    Url(BaseUrl),
}

impl OrgAddress {
    /// Parses an org address for `environment`: a domain for production and sandbox, a base URL
    /// (where a bare domain means https) for demo and custom.
    pub fn parse(environment: Environment, input: &str) -> Result<Self, ValidationError> {
        if environment.uses_domains() {
            Domain::parse(input).map(OrgAddress::Domain)
        } else {
            BaseUrl::parse(input).map(OrgAddress::Url)
        }
    }

    /// Returns the origin to send requests to, such as `https://acme.okta.com`.
    pub fn base_url(&self) -> String {
        match self {
            OrgAddress::Domain(domain) => format!("https://{domain}"),
            OrgAddress::Url(url) => url.to_string(),
        }
    }

    /// Returns the host and any non-default port, the form used in keychain entry names.
    pub fn authority(&self) -> &str {
        match self {
            OrgAddress::Domain(domain) => domain.as_str(),
            OrgAddress::Url(url) => url.authority(),
        }
    }
}

impl TryFrom<String> for OrgAddress {
    type Error = ValidationError;

    /// Reads a stored address: text with a scheme is a base URL, anything else a domain.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        if value.contains("://") {
            BaseUrl::parse(&value).map(OrgAddress::Url)
        } else {
            Domain::parse(&value).map(OrgAddress::Domain)
        }
    }
}

impl From<OrgAddress> for String {
    fn from(value: OrgAddress) -> String {
        match value {
            OrgAddress::Domain(domain) => domain.into(),
            OrgAddress::Url(url) => url.into(),
        }
    }
}

impl fmt::Display for OrgAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgAddress::Domain(domain) => domain.fmt(formatter),
            OrgAddress::Url(url) => url.fmt(formatter),
        }
    }
}

/// The credential kind the app uses with a parent org, the org that creates child orgs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
pub enum ParentAuth {
    /// An API token (SSWS), kept in the keychain.
    ApiToken,
    /// An OAuth service app with `okta.orgs.manage`; its private key is kept in the keychain.
    #[serde(rename = "oauth", rename_all = "camelCase")]
    OAuth { client_id: ClientId, key_id: KeyId },
}

/// A parent org of the profile, with the credential kind the app uses for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ParentOrg {
    pub org: OrgAddress,
    pub auth: ParentAuth,
}

/// One Aerial account in one environment, with the credentials the app uses for it. Holds no
/// secret: private keys, DPoP keys and org API tokens are in the keychain (see
/// [`super::secrets`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub name: ProfileName,
    pub environment: Environment,
    /// The Aerial service, such as `https://aerial-apac.okta.com`.
    pub aerial_service: BaseUrl,
    pub account_id: AccountId,
    /// The Aerial org, whose authorization server issues the Aerial access tokens.
    pub aerial_org: OrgAddress,
    /// The API service app in the Aerial org.
    pub client_id: ClientId,
    /// The `kid` of the public key registered on that app.
    pub key_id: KeyId,
    /// Whether the app requires DPoP-bound access tokens.
    pub dpop: bool,
    #[serde(default)]
    pub parent_orgs: Vec<ParentOrg>,
}

/// A conflict between a profile's fields.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProfileMismatch {
    #[error(
        "a {environment} profile needs its org addresses as plain domains such as acme.okta.com, \
         but {address} is a URL; use the custom environment for other hosts"
    )]
    UrlInDomainEnvironment {
        environment: Environment,
        address: String,
    },
    #[error(
        "a {environment} profile needs an https Aerial service, but {service} is a loopback \
         address; use the custom or demo environment for a local service"
    )]
    LoopbackService {
        environment: Environment,
        service: String,
    },
    #[error("the parent org {org} is listed twice; keep one entry")]
    DuplicateParent { org: String },
}

impl Profile {
    /// Checks the rules between fields: production and sandbox profiles use plain domains and a
    /// non-loopback service, and each parent org is listed once.
    pub fn check(&self) -> Result<(), ProfileMismatch> {
        if self.environment.uses_domains() {
            let addresses = std::iter::once(&self.aerial_org)
                .chain(self.parent_orgs.iter().map(|parent| &parent.org));
            for address in addresses {
                if let OrgAddress::Url(url) = address {
                    return Err(ProfileMismatch::UrlInDomainEnvironment {
                        environment: self.environment,
                        address: url.to_string(),
                    });
                }
            }
            if self.aerial_service.is_loopback() {
                return Err(ProfileMismatch::LoopbackService {
                    environment: self.environment,
                    service: self.aerial_service.to_string(),
                });
            }
        }

        let mut seen = std::collections::HashSet::new();
        for parent in &self.parent_orgs {
            if !seen.insert(parent.org.authority().to_owned()) {
                return Err(ProfileMismatch::DuplicateParent {
                    org: parent.org.to_string(),
                });
            }
        }
        Ok(())
    }

    /// Returns the parent org at `address`, compared by host and port.
    pub fn parent(&self, address: &OrgAddress) -> Option<&ParentOrg> {
        self.parent_orgs
            .iter()
            .find(|parent| parent.org.authority() == address.authority())
    }
}
