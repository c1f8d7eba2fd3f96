//! The token endpoint request, with the DPoP nonce handshake and the automatic DPoP switch.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::ACCEPT;
use serde::Deserialize;

use super::{AccessToken, ScopeSet, ServiceApp, TokenClient, TokenKind};
use crate::api::secret_header;
use crate::assertion::sign_client_assertion;
use crate::dpop::sign_dpop_proof;
use crate::error::Error;
use crate::http::{HttpResponse, RequestSpec, Retry};
use crate::keys::PrivateKey;
use crate::secret::SecretString;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The maximum token lifetime the cache accepts. Okta's tokens live one hour, and a larger `expires_in`
/// would otherwise overflow the expiry instant and panic.
const MAX_TOKEN_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// Okta's `error_description` when an app that requires DPoP receives a request without a proof.
pub(crate) const DPOP_PROOF_MISSING: &str = "The DPoP proof JWT header is missing.";

#[derive(Deserialize)]
struct TokenResponse {
    token_type: String,
    expires_in: u64,
    access_token: SecretString,
    #[serde(default)]
    scope: Option<String>,
}

impl TokenClient {
    /// Requests a token. A `use_dpop_nonce` error is retried with the server's nonce, and a
    /// missing-proof error switches DPoP on and is retried. Each retry happens at most once.
    pub(super) async fn fetch(
        &self,
        app: &ServiceApp,
        scopes: &ScopeSet,
    ) -> Result<AccessToken, Error> {
        let mut nonce_retried = false;
        let mut dpop_switched = false;
        loop {
            let dpop_key = app.dpop_key();
            let started = self.clock.now();
            let response = self
                .post_token_request(app, scopes, dpop_key.as_ref())
                .await?;
            app.remember_dpop_nonce(&app.org().origin(), response.header("dpop-nonce"));

            if response.status.is_success() {
                return self.read_token(&response, dpop_key, started);
            }
            let err = response.to_api_error();
            match (err.oauth_error(), err.oauth_description()) {
                (Some("use_dpop_nonce"), _) if dpop_key.is_some() && !nonce_retried => {
                    nonce_retried = true;
                }
                (Some("invalid_dpop_proof"), Some(DPOP_PROOF_MISSING))
                    if dpop_key.is_none() && !dpop_switched =>
                {
                    tracing::info!(
                        client_id = app.client_id(),
                        "the app requires DPoP; switching DPoP on"
                    );
                    app.switch_dpop_on()?;
                    dpop_switched = true;
                }
                _ => {
                    tracing::warn!(client_id = app.client_id(), error = %err, "token request failed");
                    return Err(err.into());
                }
            }
        }
    }

    async fn post_token_request(
        &self,
        app: &ServiceApp,
        scopes: &ScopeSet,
        dpop_key: Option<&Arc<PrivateKey>>,
    ) -> Result<HttpResponse, Error> {
        let token_url = app.org().token_url();
        let origin = app.org().origin();
        let scope = scopes.to_param();
        // Token requests may be repeated: each attempt carries a new assertion and proof.
        let spec = RequestSpec {
            method: Method::POST,
            url: &token_url,
            retry: Retry::Idempotent,
            account: None,
        };

        self.http
            .execute(spec, |builder| {
                self.requests_sent.fetch_add(1, Ordering::Relaxed);
                let now = SystemTime::now();
                let assertion =
                    sign_client_assertion(app.key(), app.client_id(), token_url.as_str(), now)?;
                let form = [
                    ("grant_type", "client_credentials"),
                    ("scope", scope.as_str()),
                    ("client_assertion_type", JWT_BEARER),
                    ("client_assertion", assertion.expose().as_str()),
                ];
                let mut builder = builder.header(ACCEPT, "application/json").form(&form);
                if let Some(key) = dpop_key {
                    let nonce = app.dpop_nonce(&origin);
                    let proof =
                        sign_dpop_proof(key, "POST", &token_url, nonce.as_deref(), None, now)?;
                    builder = builder.header("DPoP", secret_header("", proof.expose())?);
                }
                Ok(builder)
            })
            .await
    }

    pub(super) fn read_token(
        &self,
        response: &HttpResponse,
        dpop_key: Option<Arc<PrivateKey>>,
        started: std::time::Instant,
    ) -> Result<AccessToken, Error> {
        let body: TokenResponse = response.json()?;
        let kind = if body.token_type.eq_ignore_ascii_case("DPoP") {
            TokenKind::Dpop
        } else {
            TokenKind::Bearer
        };
        Ok(AccessToken {
            value: body.access_token,
            kind,
            scope: body.scope.unwrap_or_default(),
            expires_at: started + Duration::from_secs(body.expires_in).min(MAX_TOKEN_LIFETIME),
            dpop_key: if kind == TokenKind::Dpop {
                dpop_key
            } else {
                None
            },
        })
    }
}
