//! Authorization of API calls: OAuth access tokens (Bearer or DPoP-bound) and SSWS API tokens.

use super::dpop::{ProofCheck, check_proof};
use crate::error::ApiError;
use crate::request::RequestCtx;
use crate::state::{Data, IssuedToken, Sim};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    Bearer,
    Dpop,
    Ssws,
}

impl Scheme {
    fn name(self) -> &'static str {
        match self {
            Self::Bearer => "Bearer",
            Self::Dpop => "DPoP",
            Self::Ssws => "SSWS",
        }
    }
}

/// Caller of an authorized request: the admin behind an SSWS token, or an OAuth client.
#[derive(Debug, Clone)]
pub(crate) struct Principal {
    pub(crate) id: String,
}

fn parse_authorization(ctx: &RequestCtx) -> Option<(Scheme, String)> {
    let value = ctx.header("authorization")?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "bearer" => Scheme::Bearer,
        "dpop" => Scheme::Dpop,
        "ssws" => Scheme::Ssws,
        _ => return None,
    };
    let token = token.trim();
    (!token.is_empty()).then(|| (scheme, token.to_string()))
}

/// Builds the `WWW-Authenticate` challenge Okta's resource servers send.
struct Challenge<'a> {
    scheme: Scheme,
    issuer: String,
    scope: &'a str,
    resource: &'a str,
}

impl Challenge<'_> {
    fn header(&self, error: &str, description: &str) -> String {
        format!(
            "{} authorization_uri=\"{issuer}/oauth2/v1/authorize\", realm=\"{issuer}\", scope=\"{}\", error=\"{error}\", error_description=\"{description}\", resource=\"{}\"",
            self.scheme.name(),
            self.scope,
            self.resource,
            issuer = self.issuer,
        )
    }

    fn unauthorized(&self, description: &str) -> ApiError {
        ApiError::invalid_token().www_authenticate(self.header("invalid_token", description))
    }

    fn insufficient_scope(&self) -> ApiError {
        ApiError::forbidden().www_authenticate(self.header(
            "insufficient_scope",
            "The access token provided does not contain the required scopes.",
        ))
    }
}

/// Checks an OAuth access token: known, unexpired, and for a DPoP-bound token a valid proof
/// over this request that carries the token's `ath` and the bound key.
fn check_access_token(
    data: &mut Data,
    ctx: &RequestCtx,
    scheme: Scheme,
    token: &str,
    challenge: &Challenge<'_>,
) -> Result<IssuedToken, ApiError> {
    let issued = data
        .runtime
        .tokens
        .get(token)
        .cloned()
        .ok_or_else(|| challenge.unauthorized("The access token is invalid."))?;
    if issued.expires_at <= ctx.now {
        return Err(challenge.unauthorized("The token has expired."));
    }
    match (&issued.jkt, scheme) {
        (Some(_), Scheme::Bearer) => {
            return Err(challenge.unauthorized(
                "The access token is bound to a DPoP key; send it with the DPoP scheme and a DPoP proof.",
            ));
        }
        (None, Scheme::Dpop) => {
            return Err(challenge.unauthorized(
                "The access token is not bound to a DPoP key; send it with the Bearer scheme.",
            ));
        }
        _ => {}
    }
    if let Some(jkt) = &issued.jkt {
        let check = ProofCheck {
            method: ctx.method.as_str(),
            htu: format!("{}{}", ctx.origin(), ctx.path),
            access_token: Some(token),
            nonce_required: false,
        };
        let proof = ctx
            .header("dpop")
            .ok_or_else(|| dpop_error("The DPoP proof JWT header is missing."))?;
        let proof_jkt = check_proof(data, ctx.now, proof, &check)
            .map_err(|failure| dpop_error(&failure.description()))?;
        if &proof_jkt != jkt {
            return Err(dpop_error(
                "The DPoP proof JWT key does not match the access token's cnf.jkt.",
            ));
        }
    }
    Ok(issued)
}

fn dpop_error(description: &str) -> ApiError {
    ApiError::invalid_token()
        .cause(description.to_string())
        .www_authenticate(format!(
            "DPoP algs=\"RS256 RS384 RS512 ES256 ES384 ES512\", error=\"invalid_dpop_proof\", error_description=\"{description}\""
        ))
}

/// Authorizes an Aerial API call for `account_id`: an access token from the account's Aerial org
/// with `okta.accounts.manage`, or for reads `okta.accounts.read`.
pub(crate) fn authorize_aerial(
    sim: &Sim,
    ctx: &RequestCtx,
    account_id: &str,
    write: bool,
) -> Result<(), ApiError> {
    let mut data = sim.data();
    let scope = if write {
        "okta.accounts.manage"
    } else {
        "okta.accounts.read"
    };
    let account = data.account(account_id).cloned();
    let issuer = account
        .as_ref()
        .and_then(|account| data.org(&account.aerial_org_id))
        .map(|org| format!("http://{}{}", org.domain, ctx.port_suffix()))
        .unwrap_or_else(|| ctx.origin());
    let (scheme, token) = parse_authorization(ctx).unwrap_or((Scheme::Bearer, String::new()));
    // The Aerial API takes no SSWS tokens, so its challenge names an OAuth scheme.
    let challenge = Challenge {
        scheme: if scheme == Scheme::Ssws {
            Scheme::Bearer
        } else {
            scheme
        },
        issuer,
        scope,
        resource: &ctx.path,
    };
    if token.is_empty() || scheme == Scheme::Ssws {
        return Err(challenge.unauthorized("The access token is missing."));
    }
    let issued = check_access_token(&mut data, ctx, scheme, &token, &challenge)?;

    let Some(account) = account else {
        return Err(ApiError::not_found(&format!("{account_id} (Account)")));
    };
    if issued.org_id != account.aerial_org_id {
        return Err(ApiError::forbidden()
            .cause("The access token was not issued by this account's Aerial org."));
    }
    let has = |name: &str| issued.scopes.iter().any(|granted| granted == name);
    let allowed = has("okta.accounts.manage") || (!write && has("okta.accounts.read"));
    if !allowed {
        return Err(challenge.insufficient_scope());
    }
    Ok(())
}

/// Authorizes a call on an org's management API: an SSWS token of one of the org's admins, or
/// an access token issued by this org with one of `scopes`.
pub(crate) fn authorize_org(
    sim: &Sim,
    ctx: &RequestCtx,
    org_id: &str,
    scopes: &[&str],
) -> Result<Principal, ApiError> {
    let mut data = sim.data();
    let challenge = Challenge {
        scheme: Scheme::Bearer,
        issuer: ctx.origin(),
        scope: scopes.first().copied().unwrap_or(""),
        resource: &ctx.path,
    };
    let Some((scheme, token)) = parse_authorization(ctx) else {
        return Err(challenge.unauthorized("The access token is missing."));
    };
    if scheme == Scheme::Ssws {
        let org = data
            .org(org_id)
            .ok_or_else(|| ApiError::not_found(&format!("{org_id} (Org)")))?;
        return org
            .api_tokens
            .iter()
            .find(|api_token| api_token.token == token)
            .map(|api_token| Principal {
                id: api_token.user_id.clone(),
            })
            .ok_or_else(ApiError::invalid_token);
    }
    let challenge = Challenge {
        scheme,
        ..challenge
    };
    let issued = check_access_token(&mut data, ctx, scheme, &token, &challenge)?;
    if issued.org_id != org_id {
        return Err(challenge.unauthorized("The access token was issued by another org."));
    }
    if !issued
        .scopes
        .iter()
        .any(|granted| scopes.contains(&granted.as_str()))
    {
        return Err(challenge.insufficient_scope());
    }
    Ok(Principal {
        id: issued.client_id,
    })
}
