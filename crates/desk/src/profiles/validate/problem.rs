//! The validation error: the field, the value as entered, and the problem, written as a message
//! that states what is accepted.

use std::fmt;

use super::MAX_LABEL_LENGTH;

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

/// The reason a value is invalid. Each variant's text states what to change.
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
            Problem::Whitespace => write!(
                formatter,
                "it contains a space or other whitespace; remove it"
            ),
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
#[error("{}", describe(self))]
pub struct ValidationError {
    /// The kind of value checked.
    pub field: Field,
    /// The value as entered.
    pub value: String,
    /// The reason it is invalid.
    pub problem: Problem,
}

/// Returns the message for an invalid value. An empty value names the field to enter, and any other
/// value is quoted with its problem.
fn describe(error: &ValidationError) -> String {
    match error.problem {
        Problem::Empty => format!("Enter the {}: it is empty.", error.field),
        _ => format!(
            "Invalid {} \"{}\": {}.",
            error.field,
            shorten(&error.value),
            error.problem
        ),
    }
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
