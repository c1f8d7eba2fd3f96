//! Checks on what an admin types: org domains, base URLs, account IDs, client IDs, key IDs and
//! profile names. The profile store, the wizards and the CLI share these checks. Each returns the
//! value in its normal form or a [`ValidationError`] that names the value and what is accepted.
//!
//! Validation is purely textual: it never resolves a name or connects to a host.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use super::lookalike::{self, Unusual};

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
/// Characters of the rejected value shown in a message; longer values are cut.
const SHOWN_VALUE_LENGTH: usize = 80;

/// The kind of value that failed validation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// An Okta org domain such as `acme.okta.com`.
    Domain,
    /// The origin of a service or org, such as `https://aerial-apac.okta.com`.
    BaseUrl,
    /// An Aerial account ID.
    AccountId,
    /// An OAuth client ID.
    ClientId,
    /// The `kid` of a registered public key.
    KeyId,
    /// A profile name.
    ProfileName,
}

impl fmt::Display for Field {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Field::Domain => "org domain",
            Field::BaseUrl => "base URL",
            Field::AccountId => "account ID",
            Field::ClientId => "client ID",
            Field::KeyId => "key ID",
            Field::ProfileName => "profile name",
        })
    }
}

/// The reason a value is invalid. Each variant's text tells the user what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Empty,
    TooLong {
        length: usize,
        max: usize,
    },
    Whitespace,
    Invisible {
        character: char,
    },
    LookAlike {
        character: char,
        ascii: char,
        suggestion: Option<String>,
    },
    NonAscii {
        character: char,
    },
    InvalidCharacter {
        character: char,
        accepted: &'static str,
    },
    Slash,
    DotSegment,
    MustStartWithLetterOrDigit,
    Scheme,
    Path,
    Port,
    UserInfo,
    QueryOrFragment,
    EmptyLabel,
    LabelTooLong {
        label: String,
        length: usize,
    },
    LabelHyphen {
        label: String,
    },
    Punycode {
        label: String,
    },
    SingleLabel,
    IpAddress,
    NumericTopLevelLabel,
    AdminConsole {
        suggestion: String,
    },
    InsecureHttp {
        host: String,
    },
    UnsupportedScheme {
        scheme: String,
    },
    MissingHost,
    Unparsable {
        reason: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => write!(formatter, "it is empty; enter a value"),
            Problem::TooLong { length, max } => {
                write!(
                    formatter,
                    "it is {length} characters long; at most {max} are accepted"
                )
            }
            Problem::Whitespace => write!(formatter, "it contains a space; remove it"),
            Problem::Invisible { character } => write!(
                formatter,
                "it contains the invisible character U+{:04X}; retype the value instead of pasting it",
                *character as u32
            ),
            Problem::LookAlike {
                character,
                ascii,
                suggestion,
            } => {
                write!(
                    formatter,
                    "it contains '{character}' (U+{:04X}), which looks like the ASCII '{ascii}' but is a different character; type it with plain ASCII characters",
                    *character as u32
                )?;
                match suggestion {
                    Some(suggestion) => write!(formatter, ", such as {suggestion}"),
                    None => Ok(()),
                }
            }
            Problem::NonAscii { character } => write!(
                formatter,
                "it contains '{character}' (U+{:04X}); only ASCII characters are accepted",
                *character as u32
            ),
            Problem::InvalidCharacter {
                character,
                accepted,
            } => write!(
                formatter,
                "it contains {:?}; use only {accepted}",
                character
            ),
            Problem::Slash => write!(formatter, "it contains a slash; enter the ID alone"),
            Problem::DotSegment => write!(formatter, "it contains \"..\"; enter the ID alone"),
            Problem::MustStartWithLetterOrDigit => {
                write!(formatter, "it must start with a letter or a digit")
            }
            Problem::Scheme => write!(
                formatter,
                "remove the scheme (such as https://) and enter only the domain, such as acme.okta.com"
            ),
            Problem::Path => write!(
                formatter,
                "remove the path after the host; enter only the host, such as acme.okta.com"
            ),
            Problem::Port => write!(
                formatter,
                "remove the port; an org domain has none, such as acme.okta.com"
            ),
            Problem::UserInfo => write!(
                formatter,
                "remove the user name or password before '@'; enter only the host"
            ),
            Problem::QueryOrFragment => {
                write!(formatter, "remove the part from '?' or '#' on")
            }
            Problem::EmptyLabel => write!(
                formatter,
                "it has an empty part between dots (two dots in a row, or a dot at the start or end)"
            ),
            Problem::LabelTooLong { label, length } => write!(
                formatter,
                "the part \"{}\" is {length} characters long; each part between dots may have at most {MAX_LABEL_LENGTH}",
                shorten(label)
            ),
            Problem::LabelHyphen { label } => write!(
                formatter,
                "the part \"{label}\" starts or ends with a hyphen, which domains do not allow"
            ),
            Problem::Punycode { label } => write!(
                formatter,
                "the part \"{label}\" is an internationalized (xn--) name, which can hide look-alike characters; Okta org domains use plain ASCII letters, digits and hyphens"
            ),
            Problem::SingleLabel => write!(
                formatter,
                "enter the full domain with its dots, such as acme.okta.com"
            ),
            Problem::IpAddress => write!(
                formatter,
                "an IP address is not accepted here; enter the host name, such as acme.okta.com"
            ),
            Problem::NumericTopLevelLabel => write!(
                formatter,
                "the last part is all digits; enter a domain such as acme.okta.com"
            ),
            Problem::AdminConsole { suggestion } => write!(
                formatter,
                "this is the Admin Console domain; enter the org domain {suggestion}"
            ),
            Problem::InsecureHttp { host } => write!(
                formatter,
                "plain http is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost and names under .localhost); use https://{host}"
            ),
            Problem::UnsupportedScheme { scheme } => {
                write!(
                    formatter,
                    "the scheme \"{scheme}\" is not supported; use https://"
                )
            }
            Problem::MissingHost => write!(
                formatter,
                "it has no host; enter one such as https://acme.okta.com"
            ),
            Problem::Unparsable { reason } => write!(
                formatter,
                "it is not a valid URL ({reason}); enter one such as https://acme.okta.com"
            ),
        }
    }
}

/// A value that failed validation, with the field, the value as entered and the problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Invalid {field} \"{}\": {problem}.", shorten(.value))]
pub struct ValidationError {
    /// The kind of value checked.
    pub field: Field,
    /// The value as entered.
    pub value: String,
    /// The reason it is invalid.
    pub problem: Problem,
}

fn fail<T>(field: Field, value: &str, problem: Problem) -> Result<T, ValidationError> {
    Err(ValidationError {
        field,
        value: value.to_owned(),
        problem,
    })
}

/// Cuts a long value for display and escapes control characters, invisible characters, quotes
/// and backslashes as Rust's `escape_debug` does. Look-alike letters are printable, so the
/// message shows them as they are.
fn shorten(value: &str) -> String {
    let escaped = value.escape_debug().to_string();
    if escaped.chars().count() <= SHOWN_VALUE_LENGTH {
        return escaped;
    }
    let mut shown: String = escaped.chars().take(SHOWN_VALUE_LENGTH).collect();
    shown.push('…');
    shown
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
