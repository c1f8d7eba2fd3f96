//! The create-org wizard's checks as typed, with the limits of Okta's Org Creator API. A
//! subdomain has 1 to 57 letters, digits and hyphens, and a name 1 to 100 characters. The first
//! admin's names have 1 to 50 characters, the email 5 to 100 and the login at most 100.

use desk::profiles::validate;
use serde::Deserialize;
use specta::Type;

use crate::commands::connect::FieldCheck;

const MAX_SUBDOMAIN_LENGTH: usize = 57;

/// A field of the create-org wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum NewOrgField {
    /// The parent org's domain.
    ParentDomain,
    Subdomain,
    Name,
    Website,
    AdminFirstName,
    AdminLastName,
    AdminEmail,
    AdminLogin,
}

/// Checks one create-org field.
pub fn check_new_org_field(field: NewOrgField, input: &str) -> FieldCheck {
    let value = input.trim();
    let result = match field {
        NewOrgField::ParentDomain => validate::domain(input).map_err(|error| error.to_string()),
        NewOrgField::Subdomain => check_subdomain(value),
        NewOrgField::Name => check_length("org name", value, 1, 100),
        NewOrgField::Website => check_website(value),
        NewOrgField::AdminFirstName => check_length("first name", value, 1, 50),
        NewOrgField::AdminLastName => check_length("last name", value, 1, 50),
        NewOrgField::AdminEmail => check_email(value),
        NewOrgField::AdminLogin => check_length("login", value, 0, 100),
    };
    match result {
        Ok(value) => FieldCheck::valid(value),
        Err(problem) => FieldCheck::invalid(input, problem),
    }
}

fn check_subdomain(value: &str) -> Result<String, String> {
    let lower = value.to_ascii_lowercase();
    let length = lower.chars().count();
    if lower.is_empty() {
        return Err("Enter a subdomain, such as acme-eu.".to_owned());
    }
    if let Some(character) = lower
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(format!(
            "The subdomain contains {character:?}; use only letters, digits and '-'."
        ));
    }
    if length > MAX_SUBDOMAIN_LENGTH {
        return Err(format!(
            "The subdomain has {length} characters; Okta accepts at most {MAX_SUBDOMAIN_LENGTH}."
        ));
    }
    if lower.starts_with('-') || lower.ends_with('-') {
        return Err("The subdomain cannot start or end with '-'.".to_owned());
    }
    Ok(lower)
}

fn check_length(what: &str, value: &str, min: usize, max: usize) -> Result<String, String> {
    let length = value.chars().count();
    if length < min {
        return Err(format!("Enter the {what}."));
    }
    if length > max {
        return Err(format!(
            "The {what} has {length} characters; Okta accepts at most {max}."
        ));
    }
    Ok(value.to_owned())
}

fn check_email(value: &str) -> Result<String, String> {
    let value = check_length("email address", value, 5, 100)?;
    match value.split_once('@') {
        Some((local, domain)) if !local.is_empty() && domain.contains('.') => Ok(value),
        _ => Err("Enter an email address, such as ada@example.com.".to_owned()),
    }
}

fn check_website(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Ok(String::new());
    }
    if !(value.starts_with("https://") || value.starts_with("http://")) {
        return Err("Enter the website with https://, such as https://www.example.com.".to_owned());
    }
    check_length("website", value, 1, 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_is_lowercased() {
        let check = check_new_org_field(NewOrgField::Subdomain, "Acme-EU");

        assert_eq!(check, FieldCheck::valid("acme-eu".to_owned()));
    }

    #[test]
    fn subdomain_with_dot_is_rejected() {
        let check = check_new_org_field(NewOrgField::Subdomain, "acme.eu");

        let problem = check.problem.expect("a dot is rejected");
        assert!(problem.contains("'.'"), "{problem}");
    }

    #[test]
    fn subdomain_of_58_characters_is_rejected() {
        let check = check_new_org_field(NewOrgField::Subdomain, &"a".repeat(58));

        let problem = check.problem.expect("58 characters are too many");
        assert!(problem.contains("at most 57"), "{problem}");
    }

    #[test]
    fn subdomain_of_57_characters_is_accepted() {
        let check = check_new_org_field(NewOrgField::Subdomain, &"a".repeat(57));

        assert_eq!(check.problem, None);
    }

    #[test]
    fn subdomain_with_leading_hyphen_is_rejected() {
        let check = check_new_org_field(NewOrgField::Subdomain, "-acme");

        assert!(check.problem.is_some());
    }

    #[test]
    fn email_without_at_is_rejected() {
        let check = check_new_org_field(NewOrgField::AdminEmail, "ada.example.com");

        assert!(check.problem.is_some());
    }

    #[test]
    fn empty_website_is_accepted() {
        let check = check_new_org_field(NewOrgField::Website, "  ");

        assert_eq!(check, FieldCheck::valid(String::new()));
    }
}
