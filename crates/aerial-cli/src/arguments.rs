//! Checks on positional IDs, run by clap while it parses the command line, so a bad value is a
//! usage error (exit code 2) before any profile, keychain or network access.

/// Maximum length of an org ID, cell or product ID. Okta's are about 20 characters.
const MAX_ID_LENGTH: usize = 64;

/// Validates an org ID such as `00o16fjDHCgFqob8n0g4`. It becomes a URL path segment, so only
/// ASCII letters and digits are accepted.
pub fn org_id(input: &str) -> Result<String, String> {
    plain_id("org ID", input, "00o16fjDHCgFqob8n0g4")
}

/// Validates a cell such as `ok1` or `op3`.
pub fn cell(input: &str) -> Result<String, String> {
    plain_id("cell", input, "ok1")
}

/// Validates a product ID such as `P000052`.
pub fn product_id(input: &str) -> Result<String, String> {
    plain_id("product ID", input, "P000052")
}

/// Validates an org domain such as `acme.okta.com` with the profile store's domain check.
pub fn domain(input: &str) -> Result<String, String> {
    desk::profiles::Domain::parse(input)
        .map(|domain| domain.to_string())
        .map_err(|error| error.to_string())
}

fn plain_id(what: &str, input: &str, example: &str) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(format!("the {what} is empty; enter one such as {example}"));
    }
    let length = value.chars().count();
    if length > MAX_ID_LENGTH {
        return Err(format!(
            "the {what} is {length} characters long; at most {MAX_ID_LENGTH} are accepted"
        ));
    }
    if value.contains(['/', '\\']) {
        return Err(format!(
            "the {what} contains a slash; enter the {what} alone, such as {example}"
        ));
    }
    if value.contains("..") {
        return Err(format!(
            "the {what} contains \"..\"; enter the {what} alone, such as {example}"
        ));
    }
    if let Some(character) = value
        .chars()
        .find(|character| !character.is_ascii_alphanumeric())
    {
        return Err(format!(
            "the {what} contains {character:?} (U+{:04X}); use only ASCII letters and digits, such as {example}",
            character as u32
        ));
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_id_is_trimmed() {
        assert_eq!(org_id(" 00oabc ").as_deref(), Ok("00oabc"));
    }

    #[test]
    fn org_id_rejects_path_parts() {
        assert!(org_id("00o/../x").unwrap_err().contains("slash"));
        assert!(org_id("00o..x").unwrap_err().contains(".."));
    }

    #[test]
    fn cyrillic_letter_is_named() {
        assert!(cell("оk1").unwrap_err().contains("U+043E"));
    }
}
