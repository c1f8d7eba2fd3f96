//! Removal of secrets from response bodies kept for diagnostics.

/// JSON members and form fields whose values are secrets.
const SECRET_NAMES: [&str; 9] = [
    "access_token",
    "id_token",
    "refresh_token",
    "client_assertion",
    "token",
    "password",
    "value",
    "answer",
    "client_secret",
];

const MASK: &str = "<redacted>";

/// Masks JWTs, `SSWS`/`Bearer`/`DPoP` credentials, and the values of secret JSON members and form
/// fields in a body that could not be parsed, so it can be shown and logged.
pub fn redact_body(text: &str) -> String {
    let mut out = mask_jwts(text);
    for name in SECRET_NAMES {
        out = mask_json_member(&out, name);
        out = mask_form_field(&out, name);
    }
    for scheme in ["SSWS ", "Bearer ", "DPoP "] {
        out = mask_after(&out, scheme);
    }
    out
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=')
}

/// Masks every `eyJ…` run of token characters containing two dots: a compact JWS.
fn mask_jwts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("eyJ") {
        out.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let len = candidate
            .find(|c: char| !is_token_char(c))
            .unwrap_or(candidate.len());
        let run = &candidate[..len];
        if run.matches('.').count() >= 2 {
            out.push_str(MASK);
        } else {
            out.push_str(run);
        }
        rest = &candidate[len..];
    }
    out.push_str(rest);
    out
}

/// Masks the string value of `"name": "…"`, including a value cut off by truncation.
fn mask_json_member(text: &str, name: &str) -> String {
    let key = format!("\"{name}\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&key) {
        let after_key = start + key.len();
        out.push_str(&rest[..after_key]);
        rest = &rest[after_key..];

        let trimmed = rest.trim_start();
        let Some(value) = trimmed.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        let Some(inner) = value.strip_prefix('"') else {
            continue;
        };
        let end = closing_quote(inner).unwrap_or(inner.len());
        out.push_str(&rest[..rest.len() - inner.len()]);
        out.push_str(MASK);
        rest = &inner[end..];
    }
    out.push_str(rest);
    out
}

fn closing_quote(inner: &str) -> Option<usize> {
    let mut escaped = false;
    for (index, c) in inner.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(index),
            _ => escaped = false,
        }
    }
    None
}

fn mask_form_field(text: &str, name: &str) -> String {
    let key = format!("{name}=");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(&key) {
        let at_boundary = start == 0 || matches!(rest.as_bytes()[start - 1], b'&' | b'?' | b' ');
        out.push_str(&rest[..start + key.len()]);
        rest = &rest[start + key.len()..];
        if at_boundary {
            let end = rest.find(['&', ' ', '"', '\n']).unwrap_or(rest.len());
            out.push_str(MASK);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

fn mask_after(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start + prefix.len()]);
        rest = &rest[start + prefix.len()..];
        let end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        if end > 0 && !rest[..end].starts_with(MASK) {
            out.push_str(MASK);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwts_are_masked() {
        let body = "<p>assertion eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln failed</p>";
        assert_eq!(redact_body(body), "<p>assertion <redacted> failed</p>");
    }

    #[test]
    fn secret_json_members_are_masked_even_when_truncated() {
        let body = r#"{"access_token": "abc\"def", "scope":"okta.accounts.read", "token":"00Tcut"#;
        let redacted = redact_body(body);
        assert!(!redacted.contains("abc"), "{redacted}");
        assert!(!redacted.contains("00Tcut"), "{redacted}");
        assert!(
            redacted.contains("okta.accounts.read"),
            "non-secret members stay: {redacted}"
        );
    }

    #[test]
    fn form_fields_and_authorization_schemes_are_masked() {
        let body = "grant_type=client_credentials&client_assertion=abc.def&scope=x Authorization: SSWS 00abcdef";
        let redacted = redact_body(body);
        assert!(!redacted.contains("abc.def"), "{redacted}");
        assert!(!redacted.contains("00abcdef"), "{redacted}");
        assert!(
            redacted.contains("grant_type=client_credentials"),
            "{redacted}"
        );
    }
}
