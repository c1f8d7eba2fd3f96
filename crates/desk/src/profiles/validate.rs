//! Checks on what an admin types: org domains, base URLs, account IDs, client IDs, key IDs and
//! profile names. The profile store, the wizards and the CLI share these checks. Each returns the
//! value in its normal form or a [`ValidationError`] that names the value and what is accepted.
//!
//! Validation is purely textual: it never resolves a name or connects to a host.

mod problem;

use std::net::IpAddr;

use url::{Host, Url};

use super::lookalike::{self, Unusual};

pub use problem::{Field, Problem, ValidationError};

/// Maximum length of a DNS name (RFC 1035), without a trailing dot.
const MAX_DOMAIN_LENGTH: usize = 253;
/// Maximum length of one DNS label (RFC 1035).
const MAX_LABEL_LENGTH: usize = 63;
/// Maximum length of a base URL; real ones are far shorter.
const MAX_URL_LENGTH: usize = 2048;
const MAX_ACCOUNT_ID_LENGTH: usize = 64;
const MAX_CLIENT_ID_LENGTH: usize = 100;
const MAX_KEY_ID_LENGTH: usize = 128;
const MAX_PROFILE_NAME_LENGTH: usize = 64;

fn fail<T>(field: Field, value: &str, problem: Problem) -> Result<T, ValidationError> {
    Err(ValidationError {
        field,
        value: value.to_owned(),
        problem,
    })
}

/// Checks the length and the characters every field shares: not empty, not too long, ASCII only
/// (naming invisible and look-alike characters), no whitespace.
fn check_text(field: Field, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.is_empty() {
        return fail(field, value, Problem::Empty);
    }
    let length = value.chars().count();
    if length > max {
        return fail(field, value, Problem::TooLong { length, max });
    }
    if let Some(character) = value.chars().find(|character| !character.is_ascii()) {
        let problem = match lookalike::classify(character) {
            Unusual::Invisible => Problem::Invisible { character },
            Unusual::LooksLike(ascii) => Problem::LookAlike {
                character,
                ascii,
                suggestion: lookalike::to_ascii(value),
            },
            Unusual::Other => Problem::NonAscii { character },
        };
        return fail(field, value, problem);
    }
    if field != Field::ProfileName
        && value
            .chars()
            .any(|character| character.is_ascii_whitespace())
    {
        return fail(field, value, Problem::Whitespace);
    }
    Ok(())
}

/// Validates an Okta org domain such as `acme.okta.com` and returns it in lower case. Leading
/// and trailing whitespace is ignored. A scheme, path, port, user name, query, IP address,
/// non-ASCII character or `xn--` label is rejected, as is an Admin Console (`-admin`) domain.
pub fn domain(input: &str) -> Result<String, ValidationError> {
    let value = input.trim();
    check_text(Field::Domain, value, MAX_DOMAIN_LENGTH)?;
    check_no_url_parts(input, value)?;

    let lower = value.to_ascii_lowercase();
    check_labels(Field::Domain, input, &lower)?;
    check_domain_shape(input, &lower)?;
    Ok(lower)
}

fn check_no_url_parts(input: &str, value: &str) -> Result<(), ValidationError> {
    let lower = value.to_ascii_lowercase();
    let problem =
        if value.contains("://") || lower.starts_with("http:") || lower.starts_with("https:") {
            Problem::Scheme
        } else if value.contains('@') {
            Problem::UserInfo
        } else if value.contains(['/', '\\']) {
            Problem::Path
        } else if value.contains(['?', '#']) {
            Problem::QueryOrFragment
        } else if value.starts_with('[') || value.matches(':').count() > 1 {
            Problem::IpAddress
        } else if value.contains(':') {
            Problem::Port
        } else {
            return Ok(());
        };
    fail(Field::Domain, input, problem)
}

/// Checks each dot-separated label: `a-z`, `0-9` and inner hyphens, 1 to 63 characters, no
/// `xn--` prefix. `host` is already lower case.
fn check_labels(field: Field, input: &str, host: &str) -> Result<(), ValidationError> {
    for label in host.split('.') {
        if label.is_empty() {
            return fail(field, input, Problem::EmptyLabel);
        }
        if let Some(character) = label
            .chars()
            .find(|character| !(character.is_ascii_alphanumeric() || *character == '-'))
        {
            let accepted = "letters, digits, hyphens and dots";
            return fail(
                field,
                input,
                Problem::InvalidCharacter {
                    character,
                    accepted,
                },
            );
        }
        if label.len() > MAX_LABEL_LENGTH {
            let problem = Problem::LabelTooLong {
                label: label.to_owned(),
                length: label.len(),
            };
            return fail(field, input, problem);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return fail(
                field,
                input,
                Problem::LabelHyphen {
                    label: label.to_owned(),
                },
            );
        }
        if label.starts_with("xn--") {
            return fail(
                field,
                input,
                Problem::Punycode {
                    label: label.to_owned(),
                },
            );
        }
    }
    Ok(())
}

/// Checks that a public domain has at least two labels, is not an IP address, and is not an
/// Admin Console domain. `host` is already lower case and has valid labels.
fn check_domain_shape(input: &str, host: &str) -> Result<(), ValidationError> {
    let labels: Vec<&str> = host.split('.').collect();
    let numeric = |label: &&str| label.chars().all(|character| character.is_ascii_digit());
    let problem = if labels.len() < 2 {
        Problem::SingleLabel
    } else if labels.iter().all(numeric) {
        Problem::IpAddress
    } else if labels.last().is_some_and(numeric) {
        Problem::NumericTopLevelLabel
    } else if labels[0].ends_with("-admin") {
        let suggestion = host.replacen("-admin.", ".", 1);
        Problem::AdminConsole { suggestion }
    } else {
        return Ok(());
    };
    fail(Field::Domain, input, problem)
}

/// Validates a base URL and returns its origin, such as `https://aerial-apac.okta.com` or
/// `http://127.0.0.1:4010`. A value without a scheme is read as https. Plain http is accepted
/// only for loopback hosts: 127.0.0.0/8, ::1, `localhost` and names under `.localhost`. A port is
/// accepted. A path other than `/`, a query, a fragment, a user name or a non-loopback IP address
/// is rejected, and a domain host gets the same label checks as [`domain`].
pub fn base_url(input: &str) -> Result<String, ValidationError> {
    let field = Field::BaseUrl;
    let value = input.trim();
    check_text(field, value, MAX_URL_LENGTH)?;

    let with_scheme = if value.contains("://") {
        value.to_owned()
    } else {
        format!("https://{value}")
    };
    let url = match Url::parse(&with_scheme) {
        Ok(url) if !matches!(url.scheme(), "http" | "https") => {
            let scheme = url.scheme().to_owned();
            return fail(field, input, Problem::UnsupportedScheme { scheme });
        }
        Ok(url) => url,
        Err(url::ParseError::EmptyHost) => return fail(field, input, Problem::MissingHost),
        Err(error) => {
            return fail(
                field,
                input,
                Problem::Unparsable {
                    reason: error.to_string(),
                },
            );
        }
    };

    check_url_parts(input, &url)?;
    check_url_host(input, &url)?;
    check_url_scheme(input, &url)?;
    Ok(url.origin().ascii_serialization())
}

fn check_url_parts(input: &str, url: &Url) -> Result<(), ValidationError> {
    let problem = if !url.username().is_empty() || url.password().is_some() {
        Problem::UserInfo
    } else if url.query().is_some() || url.fragment().is_some() {
        Problem::QueryOrFragment
    } else if url.path() != "/" && !url.path().is_empty() {
        Problem::Path
    } else {
        return Ok(());
    };
    fail(Field::BaseUrl, input, problem)
}

fn check_url_host(input: &str, url: &Url) -> Result<(), ValidationError> {
    match url.host() {
        None => fail(Field::BaseUrl, input, Problem::MissingHost),
        Some(Host::Ipv4(ip)) if !ip.is_loopback() => {
            fail(Field::BaseUrl, input, Problem::IpAddress)
        }
        Some(Host::Ipv6(ip)) if !ip.is_loopback() => {
            fail(Field::BaseUrl, input, Problem::IpAddress)
        }
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => Ok(()),
        Some(Host::Domain(name)) => {
            check_labels(Field::BaseUrl, input, name)?;
            if is_localhost_name(name) {
                return Ok(());
            }
            check_domain_shape(input, name).map_err(|error| ValidationError {
                field: Field::BaseUrl,
                ..error
            })
        }
    }
}

fn check_url_scheme(input: &str, url: &Url) -> Result<(), ValidationError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => {
            let host = url.host_str().unwrap_or_default().to_owned();
            fail(Field::BaseUrl, input, Problem::InsecureHttp { host })
        }
        other => {
            let scheme = other.to_owned();
            fail(Field::BaseUrl, input, Problem::UnsupportedScheme { scheme })
        }
    }
}

/// Reports whether the URL's host is loopback, from its text alone.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(name)) => is_localhost_name(name),
        None => false,
    }
}

/// `localhost` and every name under `.localhost` are loopback by RFC 6761.
fn is_localhost_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

/// Validates an Aerial account ID such as `0227mkkf8ulgt48bkidcd8ekqft`: ASCII letters and
/// digits, 1 to 64 characters. It becomes a URL path segment, so slashes and `..` are rejected.
pub fn account_id(input: &str) -> Result<String, ValidationError> {
    check_id(
        Field::AccountId,
        input,
        MAX_ACCOUNT_ID_LENGTH,
        "",
        "letters and digits",
    )
}

/// Validates an OAuth client ID such as `0oa1b2c3d4E5f6G7h8i9`: ASCII letters, digits, `-` and
/// `_`, 1 to 100 characters.
pub fn client_id(input: &str) -> Result<String, ValidationError> {
    let accepted = "letters, digits, '-' and '_'";
    check_id(Field::ClientId, input, MAX_CLIENT_ID_LENGTH, "-_", accepted)
}

/// Validates a key ID (`kid`): ASCII letters, digits, `-`, `_` and `.`, 1 to 128 characters,
/// without `..`.
pub fn key_id(input: &str) -> Result<String, ValidationError> {
    let accepted = "letters, digits, '-', '_' and '.'";
    check_id(Field::KeyId, input, MAX_KEY_ID_LENGTH, "-_.", accepted)
}

fn check_id(
    field: Field,
    input: &str,
    max: usize,
    extra: &str,
    accepted: &'static str,
) -> Result<String, ValidationError> {
    let value = input.trim();
    check_text(field, value, max)?;
    if value.contains(['/', '\\']) {
        return fail(field, input, Problem::Slash);
    }
    if value.contains("..") {
        return fail(field, input, Problem::DotSegment);
    }
    if let Some(character) = value
        .chars()
        .find(|character| !(character.is_ascii_alphanumeric() || extra.contains(*character)))
    {
        return fail(
            field,
            input,
            Problem::InvalidCharacter {
                character,
                accepted,
            },
        );
    }
    Ok(value.to_owned())
}

/// Validates a profile name such as `Acme production`: ASCII letters, digits, spaces, `-`, `_`
/// and `.`, starting with a letter or digit, 1 to 64 characters. Surrounding spaces are removed.
pub fn profile_name(input: &str) -> Result<String, ValidationError> {
    let field = Field::ProfileName;
    let value = input.trim();
    check_text(field, value, MAX_PROFILE_NAME_LENGTH)?;
    if let Some(character) = value.chars().find(|character| {
        !(character.is_ascii_alphanumeric() || matches!(character, ' ' | '-' | '_' | '.'))
    }) {
        let accepted = "letters, digits, spaces, '-', '_' and '.'";
        return fail(
            field,
            input,
            Problem::InvalidCharacter {
                character,
                accepted,
            },
        );
    }
    if !value.starts_with(|character: char| character.is_ascii_alphanumeric()) {
        return fail(field, input, Problem::MustStartWithLetterOrDigit);
    }
    Ok(value.to_owned())
}
