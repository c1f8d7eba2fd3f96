//! The check that keeps obvious secrets out of request and result summaries.
//!
//! Callers build summaries without secrets, and this check is a safety net behind them. It rejects
//! keys named like a secret (`token`, `client_assertion`, `password`, `private_key` and similar)
//! and values shaped like one (a PEM block, an `SSWS` or `Bearer` header value, a JWT). It reports where the
//! secret is, never the value.

use serde_json::Value;

use super::error::JournalError;

/// Largest summary kept, as compact JSON; larger ones are rejected rather than cut.
pub const MAX_SUMMARY_BYTES: usize = 64 * 1024;

/// Parts of key names that mark a secret, compared after removing `_`, `-` and case.
const SECRET_KEY_PARTS: [&str; 9] = [
    "token",
    "assertion",
    "password",
    "passphrase",
    "privatekey",
    "secret",
    "apikey",
    "authorization",
    "credential",
];

/// Checks a summary and returns its compact JSON text.
pub(super) fn check(which: &'static str, summary: &Value) -> Result<String, JournalError> {
    if let Some(path) = find_secret(summary, "$") {
        return Err(JournalError::SecretInSummary { which, path });
    }
    let text = summary.to_string();
    if text.len() > MAX_SUMMARY_BYTES {
        return Err(JournalError::SummaryTooLarge {
            which,
            bytes: text.len(),
            max: MAX_SUMMARY_BYTES,
        });
    }
    Ok(text)
}

/// Returns the JSON path of the first secret-looking key or value.
fn find_secret(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::Object(map) => map.iter().find_map(|(key, inner)| {
            let inner_path = format!("{path}.{key}");
            if is_secret_key(key) {
                Some(inner_path)
            } else {
                find_secret(inner, &inner_path)
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, inner)| find_secret(inner, &format!("{path}[{index}]"))),
        Value::String(text) if looks_like_secret(text) => Some(path.to_owned()),
        _ => None,
    }
}

fn is_secret_key(key: &str) -> bool {
    let normalized: String = key
        .chars()
        .filter(|character| !matches!(character, '_' | '-' | ' '))
        .map(|character| character.to_ascii_lowercase())
        .collect();
    SECRET_KEY_PARTS
        .iter()
        .any(|part| normalized.contains(part))
}

fn looks_like_secret(text: &str) -> bool {
    let trimmed = text.trim_start();
    trimmed.starts_with("-----BEGIN")
        || trimmed.starts_with("SSWS ")
        || trimmed.starts_with("Bearer ")
        || trimmed.starts_with("DPoP ")
        || looks_like_jwt(trimmed)
}

/// Reports whether `text` is shaped like a JWT: three base64url parts joined by dots, the first
/// starting with `eyJ`, the encoding of the header's opening `{"`.
fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && text.starts_with("eyJ")
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.chars().all(|character| {
                    character.is_ascii_alphanumeric() || matches!(character, '-' | '_')
                })
        })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_keys_are_found_at_any_depth() {
        for (summary, path) in [
            (json!({"token": "x"}), "$.token"),
            (json!({"client_assertion": "x"}), "$.client_assertion"),
            (json!({"admin": {"password": "x"}}), "$.admin.password"),
            (
                json!({"keys": [{"private_key": "x"}]}),
                "$.keys[0].private_key",
            ),
            (json!({"apiToken": "x"}), "$.apiToken"),
            (json!({"Client-Secret": "x"}), "$.Client-Secret"),
        ] {
            assert_eq!(
                find_secret(&summary, "$").as_deref(),
                Some(path),
                "{summary}"
            );
        }
    }

    #[test]
    fn secret_values_are_found_under_harmless_keys() {
        for value in [
            "-----BEGIN PRIVATE KEY-----\nMIGH",
            "SSWS 00abcdefghijklmnop",
            "Bearer eyJraWQiOiJ4In0.e30.c2ln",
            "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
        ] {
            let summary = json!({"note": value});
            assert_eq!(
                find_secret(&summary, "$").as_deref(),
                Some("$.note"),
                "{value}"
            );
        }
    }

    #[test]
    fn ordinary_summary_passes() {
        let summary = json!({
            "orgId": "00o1a2b3c4",
            "cell": "OK1",
            "keyId": "kid-1",
            "products": {"enable": ["0pr1"], "keep": [], "disable": []},
            "subdomain": "acme-eu.okta.com",
        });

        assert_eq!(find_secret(&summary, "$"), None);
    }

    #[test]
    fn oversized_summary_is_rejected() {
        let summary = json!({"names": vec!["x".repeat(100); 1000]});

        let error = check("request", &summary).unwrap_err();

        assert!(
            matches!(error, JournalError::SummaryTooLarge { .. }),
            "{error}"
        );
    }
}
