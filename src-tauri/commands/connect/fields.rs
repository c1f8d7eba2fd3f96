//! Checks on what the admin types into the wizards, run on every keystroke. They use the same
//! validation as the profile store and the `aerial` CLI, so a value the wizard accepts is one the
//! profile file accepts.

use desk::ProfileStore;
use desk::profiles::{Environment, ProfileError, validate};
use serde::{Deserialize, Serialize};
use specta::Type;

/// The environment the admin picks on the first page of the connect wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectEnvironment {
    /// Aerial production, for `okta.com` and `okta.preview.com` orgs.
    Production,
    /// The Aerial sandbox, for orgs in OP3 cells.
    Sandbox,
    /// Another Aerial service, such as a standalone emulator, given by its base URL.
    Custom,
    /// The built-in demo emulator, available while the demo runs.
    Demo,
}

impl From<ConnectEnvironment> for Environment {
    fn from(environment: ConnectEnvironment) -> Self {
        match environment {
            ConnectEnvironment::Production => Environment::Production,
            ConnectEnvironment::Sandbox => Environment::Sandbox,
            ConnectEnvironment::Custom => Environment::Custom,
            ConnectEnvironment::Demo => Environment::Demo,
        }
    }
}

/// A field the connect wizard checks as it is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectField {
    ProfileName,
    /// The Aerial org: a domain in production and sandbox, a base URL in custom.
    AerialOrg,
    AccountId,
    ClientId,
    /// The Aerial service's base URL, asked only for the custom environment.
    ServiceUrl,
}

/// The result of checking one typed value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FieldCheck {
    /// The value in the normal form it is saved in, or the input when it is invalid.
    pub value: String,
    /// The problem and the accepted form, or `None` when the value is valid.
    pub problem: Option<String>,
}

impl FieldCheck {
    pub fn valid(value: String) -> Self {
        Self {
            value,
            problem: None,
        }
    }

    pub fn invalid(value: &str, problem: impl Into<String>) -> Self {
        Self {
            value: value.to_owned(),
            problem: Some(problem.into()),
        }
    }

    fn from_result(input: &str, result: Result<String, validate::ValidationError>) -> Self {
        match result {
            Ok(value) => Self::valid(value),
            Err(error) => Self::invalid(input, error.to_string()),
        }
    }
}

/// Checks one connect-wizard field. A profile name must also be free, because the key is stored
/// under the profile's name in the keychain as soon as it is made.
pub fn check_connect_field(
    store: &ProfileStore,
    field: ConnectField,
    environment: ConnectEnvironment,
    input: &str,
) -> FieldCheck {
    match field {
        ConnectField::ProfileName => check_profile_name(store, input),
        ConnectField::AerialOrg => {
            let environment = Environment::from(environment);
            let result = if environment.uses_domains() {
                validate::domain(input)
            } else {
                validate::base_url(input)
            };
            FieldCheck::from_result(input, result)
        }
        ConnectField::AccountId => FieldCheck::from_result(input, validate::account_id(input)),
        ConnectField::ClientId => FieldCheck::from_result(input, validate::client_id(input)),
        ConnectField::ServiceUrl => FieldCheck::from_result(input, validate::base_url(input)),
    }
}

fn check_profile_name(store: &ProfileStore, input: &str) -> FieldCheck {
    let name = match validate::profile_name(input) {
        Ok(name) => name,
        Err(error) => return FieldCheck::invalid(input, error.to_string()),
    };
    match store.get(&name) {
        Err(ProfileError::NotFound { .. }) => FieldCheck::valid(name),
        Ok(existing) => FieldCheck::invalid(
            input,
            format!(
                "A profile named \"{}\" already exists; choose another name.",
                existing.name
            ),
        ),
        Err(error) => FieldCheck::invalid(input, error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (crate::commands::connect::TestFolder, ProfileStore) {
        let folder = crate::commands::connect::TestFolder::new("fields");
        let store = ProfileStore::open(folder.path()).unwrap();
        (folder, store)
    }

    #[test]
    fn domain_with_scheme_is_rejected() {
        let (_folder, store) = store();

        let check = check_connect_field(
            &store,
            ConnectField::AerialOrg,
            ConnectEnvironment::Production,
            "https://acme.okta.com",
        );

        let problem = check.problem.expect("a scheme is rejected");
        assert!(problem.contains("remove the scheme"), "{problem}");
    }

    #[test]
    fn domain_is_lowercased() {
        let (_folder, store) = store();

        let check = check_connect_field(
            &store,
            ConnectField::AerialOrg,
            ConnectEnvironment::Sandbox,
            " Acme.Okta.com ",
        );

        assert_eq!(check, FieldCheck::valid("acme.okta.com".to_owned()));
    }

    #[test]
    fn custom_org_accepts_loopback_url() {
        let (_folder, store) = store();

        let check = check_connect_field(
            &store,
            ConnectField::AerialOrg,
            ConnectEnvironment::Custom,
            "http://127.0.0.1:4010",
        );

        assert_eq!(check.problem, None);
    }

    #[test]
    fn account_id_with_slash_is_rejected() {
        let (_folder, store) = store();

        let check = check_connect_field(
            &store,
            ConnectField::AccountId,
            ConnectEnvironment::Production,
            "0227/../x",
        );

        assert!(check.problem.is_some());
    }

    #[test]
    fn free_profile_name_is_accepted() {
        let (_folder, store) = store();

        let check = check_connect_field(
            &store,
            ConnectField::ProfileName,
            ConnectEnvironment::Production,
            "  Acme production ",
        );

        assert_eq!(check, FieldCheck::valid("Acme production".to_owned()));
    }
}
