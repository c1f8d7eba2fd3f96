//! The `WWW-Authenticate` challenge of a resource server, and the access-token failures it names.

use super::{ApiError, OAuthErrorBody};

/// The authentication scheme a `WWW-Authenticate` challenge names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Bearer`: the resource server expects a plain bearer token.
    Bearer,
    /// `DPoP`: the resource server expects a DPoP-bound token and a proof.
    Dpop,
    /// Any other scheme, as sent.
    Other(String),
}

/// A parsed `WWW-Authenticate` challenge, such as
/// `Bearer realm="…", error="invalid_token", error_description="The access token is expired."`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthChallenge {
    /// The scheme of the first challenge in the header.
    pub scheme: AuthScheme,
    /// The `error` parameter, when present.
    pub error: Option<String>,
    /// The `error_description` parameter, when present.
    pub error_description: Option<String>,
}

impl AuthChallenge {
    /// Parses a header value, or returns `None` when it names no scheme.
    ///
    /// NOTE: a header with several challenges (`Bearer …, DPoP …`) keeps the first scheme, and
    /// the first `error` and `error_description` parameters found anywhere in the value.
    pub fn parse(value: &str) -> Option<Self> {
        let scheme = value.split_whitespace().next()?.trim_end_matches(',');
        if scheme.is_empty() || scheme.contains('=') {
            return None;
        }
        let scheme = if scheme.eq_ignore_ascii_case("bearer") {
            AuthScheme::Bearer
        } else if scheme.eq_ignore_ascii_case("dpop") {
            AuthScheme::Dpop
        } else {
            AuthScheme::Other(scheme.to_owned())
        };
        Some(AuthChallenge {
            scheme,
            error: super::auth_param(value, "error"),
            error_description: super::auth_param(value, "error_description"),
        })
    }

    /// Converts the challenge to an OAuth error body, when it carries an `error`.
    pub(crate) fn oauth_error(&self) -> Option<OAuthErrorBody> {
        Some(OAuthErrorBody {
            error: self.error.clone()?,
            error_description: self.error_description.clone(),
        })
    }
}

/// A documented reason a resource server (the Aerial API or an org's management API) rejected
/// the access token of a request, read from its `WWW-Authenticate` challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessTokenFailure {
    /// `invalid_token` with a description about expiry.
    Expired,
    /// `invalid_token` for any other reason: unknown, revoked, missing, from another org, or
    /// sent with the wrong scheme.
    Invalid,
    /// `insufficient_scope`: the token lacks the scope the call needs.
    InsufficientScope,
    /// `use_dpop_nonce`: the server wants a DPoP nonce in the proof.
    DpopNonceRequired,
    /// `invalid_dpop_proof`: the DPoP proof was rejected.
    DpopProofInvalid,
}

impl ApiError {
    /// Returns the `WWW-Authenticate` challenge, when the response carried one.
    pub fn challenge(&self) -> Option<&AuthChallenge> {
        self.challenge.as_ref()
    }

    /// Classifies the resource server's challenge, or returns `None` when there is none or its
    /// `error` is not a documented one.
    pub fn access_token_failure(&self) -> Option<AccessTokenFailure> {
        let challenge = self.challenge.as_ref()?;
        let failure = match challenge.error.as_deref()? {
            "invalid_token" if says_expired(challenge.error_description.as_deref()) => {
                AccessTokenFailure::Expired
            }
            "invalid_token" => AccessTokenFailure::Invalid,
            "insufficient_scope" => AccessTokenFailure::InsufficientScope,
            "use_dpop_nonce" => AccessTokenFailure::DpopNonceRequired,
            "invalid_dpop_proof" => AccessTokenFailure::DpopProofInvalid,
            _ => return None,
        };
        Some(failure)
    }
}

/// Reports whether an `invalid_token` description is about expiry. Okta documents no exact
/// text for it ("The access token is expired." and "The token has expired." are both in use),
/// so the word "expired" is the match.
fn says_expired(description: Option<&str>) -> bool {
    description.is_some_and(|text| text.to_ascii_lowercase().contains("expired"))
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;

    fn rejected(challenge: &str, body: &str) -> ApiError {
        let mut headers = HeaderMap::new();
        headers.insert(
            "www-authenticate",
            HeaderValue::from_str(challenge).unwrap(),
        );
        ApiError::from_parts(
            "GET",
            "https://aerial.okta.com/0227acct/api/v1/orgs",
            StatusCode::UNAUTHORIZED,
            &headers,
            body.as_bytes(),
        )
    }

    const OKTA_401: &str =
        r#"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorId":"oae1"}"#;

    #[test]
    fn challenge_is_kept_beside_a_json_body() {
        let err = rejected(
            r#"Bearer realm="https://acme-aerial.okta.com", error="invalid_token", error_description="The access token is expired.""#,
            OKTA_401,
        );
        assert_eq!(
            err.error_code(),
            Some("E0000011"),
            "the JSON body still wins"
        );
        let challenge = err.challenge().expect("the challenge is kept");
        assert_eq!(challenge.scheme, AuthScheme::Bearer);
        assert_eq!(challenge.error.as_deref(), Some("invalid_token"));
        assert_eq!(
            challenge.error_description.as_deref(),
            Some("The access token is expired.")
        );
        assert_eq!(
            err.access_token_failure(),
            Some(AccessTokenFailure::Expired)
        );
    }

    #[test]
    fn failures_are_classified_by_error() {
        let cases = [
            (
                r#"Bearer error="invalid_token", error_description="The token has expired.""#,
                AccessTokenFailure::Expired,
            ),
            (
                r#"Bearer error="invalid_token", error_description="The access token is invalid.""#,
                AccessTokenFailure::Invalid,
            ),
            (
                r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof.""#,
                AccessTokenFailure::DpopNonceRequired,
            ),
            (
                r#"DPoP algs="ES256", error="invalid_dpop_proof", error_description="The DPoP proof JWT has already been used.""#,
                AccessTokenFailure::DpopProofInvalid,
            ),
            (
                r#"Bearer error="insufficient_scope", scope="okta.accounts.manage""#,
                AccessTokenFailure::InsufficientScope,
            ),
        ];
        for (header, expected) in cases {
            assert_eq!(
                rejected(header, OKTA_401).access_token_failure(),
                Some(expected),
                "{header}"
            );
        }
    }

    #[test]
    fn scheme_is_read_case_insensitively() {
        let dpop = AuthChallenge::parse(r#"dpop error="use_dpop_nonce""#).unwrap();
        assert_eq!(dpop.scheme, AuthScheme::Dpop);
        let other = AuthChallenge::parse(r#"SSWS realm="x""#).unwrap();
        assert_eq!(other.scheme, AuthScheme::Other("SSWS".into()));
        assert_eq!(other.error, None);
    }

    #[test]
    fn challenge_without_error_is_not_a_failure() {
        let err = rejected(r#"Bearer realm="https://acme-aerial.okta.com""#, OKTA_401);
        assert!(err.challenge().is_some());
        assert_eq!(err.access_token_failure(), None);
    }

    #[test]
    fn header_without_scheme_is_ignored() {
        assert_eq!(AuthChallenge::parse(""), None);
        assert_eq!(AuthChallenge::parse(r#"error="invalid_token""#), None);
    }
}
