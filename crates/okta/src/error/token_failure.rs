//! Classification of token endpoint errors into the cases a user can act on.

use super::ApiError;

/// A documented reason the org authorization server refused a token request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenFailure {
    /// `Invalid value for 'client_id' parameter.`: wrong client ID, or the app is not in this org.
    UnknownClient,
    /// The assertion's `aud` is not the token URL: the org domain is wrong.
    WrongAudience,
    /// `exp` more than an hour ahead: the laptop clock is ahead.
    ExpirationTooFar,
    /// The assertion expired: the laptop clock is behind.
    AssertionExpired,
    /// `iat` in the future: the laptop clock is ahead.
    IssuedInFuture,
    /// The `jti` was already used.
    AssertionReused,
    /// The signature does not match the registered key with that `kid`.
    SignatureInvalid,
    /// No registered key has this `kid`.
    KidNotRegistered,
    /// The app has no public keys configured.
    NoJwkSet,
    /// The app does not use `private_key_jwt`.
    NotPrivateKeyJwt,
    /// The app is not an API Services (service) app.
    NotServiceApp,
    /// The assertion's signing algorithm is not accepted.
    AlgorithmRejected,
    /// A requested scope is not granted to the app.
    ScopeNotGranted,
    /// No scope was requested.
    NoScopes,
    /// The app is not in the Aerial org.
    NotAerialOrg,
    /// The app requires DPoP and the request had no proof.
    DpopRequired,
    /// The server wants a DPoP nonce.
    DpopNonceRequired,
    /// The DPoP proof was rejected for another reason.
    DpopProofInvalid,
    /// Too many requests (HTTP 429).
    RateLimited,
}

/// `error_description` texts of `invalid_client`, as Okta sends them.
const INVALID_CLIENT: [(&str, TokenFailure); 12] = [
    (
        "Invalid value for 'client_id' parameter.",
        TokenFailure::UnknownClient,
    ),
    (
        "The audience claim for client_assertion must be the endpoint invoked for the request.",
        TokenFailure::WrongAudience,
    ),
    (
        "The client_assertion token has an expiration too far into the future.",
        TokenFailure::ExpirationTooFar,
    ),
    (
        "The client_assertion token is expired.",
        TokenFailure::AssertionExpired,
    ),
    (
        "The client_assertion token must be issued before the current time.",
        TokenFailure::IssuedInFuture,
    ),
    (
        "The client_assertion token has already been used.",
        TokenFailure::AssertionReused,
    ),
    (
        "The client_assertion signature is invalid.",
        TokenFailure::SignatureInvalid,
    ),
    (
        "The client_assertion JWT kid is invalid.",
        TokenFailure::KidNotRegistered,
    ),
    (
        "The client does not have a JWKSet configured, but the client_assertion requires one.",
        TokenFailure::NoJwkSet,
    ),
    (
        "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.",
        TokenFailure::NotPrivateKeyJwt,
    ),
    (
        "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
        TokenFailure::NotServiceApp,
    ),
    (
        "The client_assertion JWT signature algorithm is invalid.",
        TokenFailure::AlgorithmRejected,
    ),
];

impl ApiError {
    /// Classifies a token endpoint error, or returns `None` when it is not a documented case.
    pub fn token_failure(&self) -> Option<TokenFailure> {
        if self.status == 429 {
            return Some(TokenFailure::RateLimited);
        }
        let description = self.oauth_description().unwrap_or_default();
        match self.oauth_error()? {
            "invalid_client" => INVALID_CLIENT
                .iter()
                .find(|(text, _)| description.eq_ignore_ascii_case(text))
                .map(|(_, failure)| *failure),
            "invalid_scope" if description == "No scopes were requested." => {
                Some(TokenFailure::NoScopes)
            }
            "invalid_scope" => Some(TokenFailure::ScopeNotGranted),
            "unauthorized_client" => Some(TokenFailure::NotAerialOrg),
            "invalid_dpop_proof" if description == crate::token::DPOP_PROOF_MISSING => {
                Some(TokenFailure::DpopRequired)
            }
            "invalid_dpop_proof" => Some(TokenFailure::DpopProofInvalid),
            "use_dpop_nonce" => Some(TokenFailure::DpopNonceRequired),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    use super::*;

    fn oauth(status: u16, error: &str, description: &str) -> ApiError {
        let body =
            serde_json::json!({ "error": error, "error_description": description }).to_string();
        let status = StatusCode::from_u16(status).unwrap();
        ApiError::from_parts(
            "POST",
            "https://a.okta.com/oauth2/v1/token",
            status,
            &HeaderMap::new(),
            body.as_bytes(),
        )
    }

    #[test]
    fn every_invalid_client_description_is_classified() {
        for (description, expected) in INVALID_CLIENT {
            assert_eq!(
                oauth(401, "invalid_client", description).token_failure(),
                Some(expected),
                "{description}"
            );
        }
    }

    #[test]
    fn scope_dpop_and_org_errors_are_classified() {
        let scope_text = "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.";
        let cases = [
            (
                400,
                "invalid_scope",
                scope_text,
                TokenFailure::ScopeNotGranted,
            ),
            (
                400,
                "invalid_scope",
                "No scopes were requested.",
                TokenFailure::NoScopes,
            ),
            (
                400,
                "unauthorized_client",
                "This client cannot use the Aerial authorization server.",
                TokenFailure::NotAerialOrg,
            ),
            (
                400,
                "invalid_dpop_proof",
                "The DPoP proof JWT header is missing.",
                TokenFailure::DpopRequired,
            ),
            (
                400,
                "invalid_dpop_proof",
                "The DPoP proof JWT has already been used.",
                TokenFailure::DpopProofInvalid,
            ),
            (
                400,
                "use_dpop_nonce",
                "Authorization server requires nonce in DPoP proof.",
                TokenFailure::DpopNonceRequired,
            ),
            (429, "x", "", TokenFailure::RateLimited),
        ];
        for (status, error, description, expected) in cases {
            assert_eq!(
                oauth(status, error, description).token_failure(),
                Some(expected),
                "{error}: {description}"
            );
        }
    }

    #[test]
    fn unknown_descriptions_are_not_guessed() {
        assert_eq!(
            oauth(401, "invalid_client", "Something new.").token_failure(),
            None
        );
        assert_eq!(oauth(400, "server_error", "x").token_failure(), None);
    }
}
