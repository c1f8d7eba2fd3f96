//! Authenticated API calls: the `Authorization` header (SSWS, Bearer or DPoP), a fresh DPoP
//! proof per attempt, the resource server's nonce, and one token refresh after a 401.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

use crate::dpop::sign_dpop_proof;
use crate::error::{AccessTokenFailure, Error};
use crate::http::{Http, HttpResponse, RequestSpec, Retry};
use crate::secret::SecretString;
use crate::token::{AccessToken, ScopeSet, ServiceApp, TokenClient, TokenKind};

/// Credentials for calls to an org's management API.
#[derive(Clone)]
pub enum OrgCredentials {
    /// An API token: `Authorization: SSWS …`.
    ApiToken(Arc<SecretString>),
    /// An OAuth service app in that org.
    OAuth {
        /// The app.
        app: Arc<ServiceApp>,
        /// The shared token client.
        tokens: Arc<TokenClient>,
    },
}

impl std::fmt::Debug for OrgCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OrgCredentials::ApiToken(_) => f.write_str("ApiToken(<redacted>)"),
            OrgCredentials::OAuth { app, .. } => write!(f, "OAuth({})", app.client_id()),
        }
    }
}

/// One API call.
pub(crate) struct ApiCall<'a> {
    pub method: Method,
    pub url: Url,
    pub scopes: &'a ScopeSet,
    pub body: Option<&'a Value>,
    pub retry: Retry,
    pub account: Option<&'a str>,
    /// A time limit that replaces the client's request timeout for this call.
    pub timeout: Option<Duration>,
}

/// Sends `call` and returns the response, or the typed error for a non-2xx status.
pub(crate) async fn send(
    http: &Http,
    credentials: &OrgCredentials,
    call: ApiCall<'_>,
) -> Result<HttpResponse, Error> {
    let response = match credentials {
        OrgCredentials::ApiToken(token) => send_once(http, &call, &Auth::ApiToken(token)).await?,
        OrgCredentials::OAuth { app, tokens } => send_oauth(http, app, tokens, &call).await?,
    };
    if !response.status.is_success() {
        let error = response.to_api_error();
        tracing::warn!(
            method = %call.method,
            url = %call.url,
            status = error.status,
            error_code = error.error_code().unwrap_or_default(),
            error_id = error.error_id().unwrap_or_default(),
            "Okta request failed"
        );
        return Err(error.into());
    }
    Ok(response)
}

enum Auth<'a> {
    ApiToken(&'a SecretString),
    OAuth {
        app: &'a ServiceApp,
        token: &'a AccessToken,
    },
}

async fn send_oauth(
    http: &Http,
    app: &ServiceApp,
    tokens: &TokenClient,
    call: &ApiCall<'_>,
) -> Result<HttpResponse, Error> {
    let mut token = tokens.token(app, call.scopes).await?;
    let mut refreshed = false;
    let mut nonce_retried = false;
    loop {
        let response = send_once(http, call, &Auth::OAuth { app, token: &token }).await?;
        app.remember_dpop_nonce(&origin_of(&call.url), response.header("dpop-nonce"));

        if token.kind() == TokenKind::Dpop && asks_for_nonce(&response) && !nonce_retried {
            nonce_retried = true;
            continue;
        }
        if response.status == StatusCode::UNAUTHORIZED && !refreshed {
            tracing::info!(url = %call.url, "access token rejected; requesting a new one and retrying once");
            token = tokens.refresh_rejected(app, call.scopes, &token).await?;
            refreshed = true;
            continue;
        }
        return Ok(response);
    }
}

async fn send_once(
    http: &Http,
    call: &ApiCall<'_>,
    auth: &Auth<'_>,
) -> Result<HttpResponse, Error> {
    let spec = RequestSpec {
        method: call.method.clone(),
        url: &call.url,
        retry: call.retry,
        account: call.account,
    };
    http.execute(spec, |builder| {
        let mut builder = builder.header(ACCEPT, "application/json");
        if let Some(timeout) = call.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(body) = call.body {
            builder = builder.json(body);
        }
        match auth {
            Auth::ApiToken(token) => {
                let value = secret_header("SSWS ", token.expose())?;
                Ok(builder.header(AUTHORIZATION, value))
            }
            Auth::OAuth { app, token } => oauth_headers(builder, call, app, token),
        }
    })
    .await
}

fn oauth_headers(
    builder: reqwest::RequestBuilder,
    call: &ApiCall<'_>,
    app: &ServiceApp,
    token: &AccessToken,
) -> Result<reqwest::RequestBuilder, Error> {
    let value = token.secret().expose();
    let Some(dpop_key) = token.dpop_key().filter(|_| token.kind() == TokenKind::Dpop) else {
        return Ok(builder.header(AUTHORIZATION, secret_header("Bearer ", value)?));
    };
    let nonce = app.dpop_nonce(&origin_of(&call.url));
    let proof = sign_dpop_proof(
        dpop_key,
        call.method.as_str(),
        &call.url,
        nonce.as_deref(),
        Some(value),
        SystemTime::now(),
    )?;
    Ok(builder
        .header(AUTHORIZATION, secret_header("DPoP ", value)?)
        .header("DPoP", secret_header("", proof.expose())?))
}

/// Builds a header value that carries a credential, marked sensitive so `Debug` output of the
/// request prints `Sensitive` in its place and HTTP/2 never adds it to the header table.
pub(crate) fn secret_header(prefix: &str, secret: &str) -> Result<HeaderValue, Error> {
    let mut value =
        HeaderValue::try_from(format!("{prefix}{secret}")).map_err(|_| Error::InvalidArgument {
            name: "credential",
            value: "<redacted>".into(),
            reason: "it contains characters not allowed in an HTTP header; copy it again".into(),
        })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Reports whether a resource server asked for a DPoP nonce, in `WWW-Authenticate` or the body.
fn asks_for_nonce(response: &HttpResponse) -> bool {
    if response.status != StatusCode::UNAUTHORIZED && response.status != StatusCode::BAD_REQUEST {
        return false;
    }
    let error = response.to_api_error();
    error.access_token_failure() == Some(AccessTokenFailure::DpopNonceRequired)
        || error.oauth_error() == Some("use_dpop_nonce")
}

fn origin_of(url: &Url) -> String {
    url.origin().ascii_serialization()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_are_sensitive() {
        let value = secret_header("SSWS ", "00secret").unwrap();
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("00secret"), "{value:?}");
    }

    #[test]
    fn credential_with_line_break_is_rejected() {
        let err = secret_header("Bearer ", "abc\r\nX-Injected: 1")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("abc"), "{err}");
        assert!(err.contains("copy it again"), "{err}");
    }
}
