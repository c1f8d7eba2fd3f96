//! Turns an Okta client error into a diagnosis an admin can act on: a stable code for the UI, a
//! plain-language cause, the fix with the profile's values filled in, and Okta's own details for
//! support.

mod api;
mod client;
mod context;
mod token;

use okta::{ApiError, ErrorBody};
use serde::Serialize;

pub use context::DiagnosisContext;

/// A stable name for each diagnosed case, for the UI to branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagnosisCode {
    // Token requests to the Aerial org.
    UnknownClientId,
    WrongOrgDomain,
    ClockAhead,
    ClockBehind,
    /// The signed client assertion reached Okta twice, a fault in Aerial Desk.
    AssertionReused,
    KeyMismatch,
    KeyNotRegistered,
    /// The app has no public keys, or uses a client secret instead of a key.
    PublicKeyAuthOff,
    NotServiceApp,
    KeyAlgorithmRejected,
    ScopeNotGranted,
    NoScopeRequested,
    NotAerialOrg,
    DpopRequired,
    /// The DPoP nonce handshake did not finish.
    DpopNonceRequired,
    DpopProofRejected,
    RateLimited,
    // The Aerial API and org management APIs.
    /// The Aerial API rejected the access token without saying why.
    AccessTokenRejected,
    /// The Aerial API rejected the access token because it expired.
    AccessTokenExpired,
    /// The Aerial API rejected the access token as invalid: unknown, revoked or malformed.
    AccessTokenInvalid,
    /// An org's management API rejected its API token or access token.
    OrgApiTokenRejected,
    /// The access token lacks the scope a call on the Aerial API needs.
    MissingScope,
    /// The access token was issued by an org other than the account's Aerial org.
    TokenFromOtherOrg,
    PermissionDenied,
    AccountNotFound,
    NotFound,
    ConsentMissing,
    OrgAlreadyLinked,
    WrongCell,
    AerialOrgCannotBeDeactivated,
    DeletionNeedsInactiveOrg,
    DeletionNotAllowed,
    ProductNotSubscribed,
    UnknownProduct,
    ValidationFailed,
    MalformedRequest,
    /// Okta could not read the org list's filter (`E0000031`).
    InvalidFilter,
    ServerError,
    // Org Creator.
    SubdomainTaken,
    OrgNameInvalid,
    SubdomainReserved,
    /// Another pending org creation request uses the subdomain.
    SubdomainInUseByRequest,
    SubdomainTooLong,
    OrgCreatorNotAllowed,
    // Aerial consent.
    ConsentNotGranted,
    ConsentAlreadyGranted,
    InvalidAccountId,
    ConsentInheritedFromParent,
    /// A linked org's Aerial consent cannot be revoked.
    ConsentRevokeLinkedOrg,
    // Raised on this computer.
    InvalidAddress,
    /// A plain `http://` address for a host other than this computer.
    InsecureAddress,
    InvalidValue,
    KeyProblem,
    HostNotFound,
    ConnectionRefused,
    SecureConnectionFailed,
    TimedOut,
    ConnectionLost,
    NetworkFailed,
    NetworkSetupFailed,
    UnexpectedResponse,
    /// A next-page link pointed outside the service the list came from.
    ForeignNextLink,
    OrgNotReady,
    /// Reading a change back showed something other than what was written.
    ChangeNotConfirmed,
    /// An org was created but the response with its API token was lost.
    OrgCreationResponseLost,
    // Found by the connection test.
    /// No Okta org responds at the Aerial org domain.
    AerialOrgNotFound,
    /// The Aerial API returned an account whose ID differs from the one entered.
    AccountIdMismatch,
    /// An Okta error with no documented meaning: the cause shows Okta's own summary.
    Unknown,
}

/// Okta's own description of the error, kept for support.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OktaDetails {
    /// HTTP status, when Okta responded.
    pub http_status: Option<u16>,
    /// Okta's `errorCode`, such as `E0000047`.
    pub error_code: Option<String>,
    /// Okta's `errorSummary`.
    pub error_summary: Option<String>,
    /// Okta's `errorId`, the value to quote to Okta support.
    pub error_id: Option<String>,
    /// Okta's `errorCauses[].errorSummary` texts.
    pub error_causes: Vec<String>,
    /// The OAuth `error`, such as `invalid_client`.
    pub oauth_error: Option<String>,
    /// The OAuth `error_description`.
    pub oauth_description: Option<String>,
}

impl OktaDetails {
    fn from_api(api: &ApiError) -> Self {
        let mut details = OktaDetails {
            http_status: Some(api.status),
            ..OktaDetails::default()
        };
        match &api.body {
            ErrorBody::Okta(body) => {
                details.error_code = Some(body.error_code.clone());
                details.error_summary =
                    Some(body.error_summary.clone()).filter(|summary| !summary.is_empty());
                details.error_id = body.error_id.clone();
                details.error_causes = body.error_causes.clone();
            }
            ErrorBody::OAuth(body) => {
                details.oauth_error = Some(body.error.clone());
                details.oauth_description = body.error_description.clone();
            }
            ErrorBody::Unparsed(_) | ErrorBody::Empty => {}
        }
        // A resource server puts the OAuth error in `WWW-Authenticate` beside an Okta body.
        if let Some(challenge) = api.challenge()
            && details.oauth_error.is_none()
        {
            details.oauth_error = challenge.error.clone();
            details.oauth_description = challenge.error_description.clone();
        }
        details
    }
}

/// A diagnosis: the cause of an error in words for an admin, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// The case, for the UI to branch on.
    pub code: DiagnosisCode,
    /// The cause, in plain language.
    pub cause: String,
    /// The steps the admin can carry out, with the profile's values filled in.
    pub fix: String,
    /// Okta's details, empty when the error arose on this computer.
    pub okta: OktaDetails,
}

impl Diagnosis {
    pub(crate) fn new(
        code: DiagnosisCode,
        cause: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Diagnosis {
            code,
            cause: start_sentence(cause.into()),
            fix: start_sentence(fix.into()),
            okta: OktaDetails::default(),
        }
    }
}

/// Capitalizes a sentence that starts with a generic fill-in ("app 0oa…", "your Aerial org",
/// "the org …"), but leaves one that starts with a domain or an ID as it is.
fn start_sentence(text: String) -> String {
    let generic = ["app ", "your ", "the "];
    if generic.iter().any(|word| text.starts_with(word)) {
        api::capitalize(&text)
    } else {
        text
    }
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.cause, self.fix)?;
        if let Some(id) = &self.okta.error_id {
            write!(f, " (Okta error ID {id})")?;
        }
        Ok(())
    }
}

/// Diagnoses `error` with the values the admin entered in `context`.
pub fn diagnose(error: &okta::Error, context: &DiagnosisContext) -> Diagnosis {
    match error {
        okta::Error::Api(api) => diagnose_api_error(api, context),
        other => client::diagnose_client_error(other, context),
    }
}

/// Diagnoses an error status returned by Okta.
pub fn diagnose_api_error(api: &ApiError, context: &DiagnosisContext) -> Diagnosis {
    let diagnosis = if is_token_request(api) {
        token::diagnose_token_error(api, context)
    } else {
        None
    };
    let mut diagnosis = diagnosis
        .or_else(|| api::diagnose_okta_error(api, context))
        .unwrap_or_else(|| unknown(api));
    diagnosis.okta = OktaDetails::from_api(api);
    diagnosis
}

/// Diagnoses a laptop clock `offset_seconds` away from Okta's, where the offset is Okta's time
/// minus this computer's: positive means this computer is behind.
pub(crate) fn clock_diagnosis(offset_seconds: i64) -> Diagnosis {
    let code = if offset_seconds < 0 {
        DiagnosisCode::ClockAhead
    } else {
        DiagnosisCode::ClockBehind
    };
    token::clock(code, Some(offset_seconds))
}

fn is_token_request(api: &ApiError) -> bool {
    url::Url::parse(&api.url)
        .map(|url| url.path().ends_with("/oauth2/v1/token"))
        .unwrap_or(false)
}

/// Keeps Okta's own words for an error no documented case matches.
fn unknown(api: &ApiError) -> Diagnosis {
    let okta_words = match &api.body {
        ErrorBody::Okta(body) if !body.error_summary.is_empty() => {
            format!(": \"{}\"", body.error_summary)
        }
        ErrorBody::OAuth(body) => match &body.error_description {
            Some(description) => format!(": \"{description}\""),
            None => format!(": \"{}\"", body.error),
        },
        _ => String::new(),
    };
    let support = match api.error_id() {
        Some(id) => format!("give Okta support the error ID {id}"),
        None => "give Okta support the details below".to_owned(),
    };
    Diagnosis::new(
        DiagnosisCode::Unknown,
        format!("Okta returned an error (HTTP {}){okta_words}.", api.status),
        format!("Try again later. If it keeps happening, {support}."),
    )
}

#[cfg(test)]
mod tests;
