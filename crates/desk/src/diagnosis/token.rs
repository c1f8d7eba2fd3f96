//! Token requests to the Aerial org's authorization server.

use std::time::{SystemTime, UNIX_EPOCH};

use okta::{ApiError, TokenFailure};

use super::{Diagnosis, DiagnosisCode as Code, DiagnosisContext};

/// The scopes named when the context does not say which one was requested.
const ANY_AERIAL_SCOPE: &str = "okta.accounts.read or okta.accounts.manage";

/// Diagnoses a documented token endpoint error, or returns `None` for an undocumented one.
pub(super) fn diagnose_token_error(api: &ApiError, ctx: &DiagnosisContext) -> Option<Diagnosis> {
    let failure = api.token_failure()?;
    let diagnosis = match failure {
        TokenFailure::ExpirationTooFar | TokenFailure::IssuedInFuture => {
            clock(Code::ClockAhead, api.clock_offset_seconds)
        }
        TokenFailure::AssertionExpired => clock(Code::ClockBehind, api.clock_offset_seconds),
        TokenFailure::RateLimited => rate_limited(api),
        TokenFailure::ScopeNotGranted => {
            let scope = ctx.scope.as_deref().unwrap_or(ANY_AERIAL_SCOPE);
            scope_not_granted(ctx, scope)
        }
        TokenFailure::DpopProofInvalid => dpop_proof_rejected(api.oauth_description()),
        other => app_setup(other, ctx),
    };
    Some(diagnosis)
}

/// Diagnoses the failures fixed in the Admin Console, on the app or in the profile.
fn app_setup(failure: TokenFailure, ctx: &DiagnosisContext) -> Diagnosis {
    let app = ctx.app();
    let org = ctx.aerial_org();
    let console = format!("the Admin Console of {org}");
    match failure {
        TokenFailure::UnknownClient => Diagnosis::new(
            Code::UnknownClientId,
            format!("{org} has no {app}. The client ID is wrong, or the app is in another org."),
            format!(
                "In {console}, open Applications › Applications, open the API Services app, and copy the Client ID from its General tab into this profile."
            ),
        ),
        TokenFailure::WrongAudience => Diagnosis::new(
            Code::WrongOrgDomain,
            format!("The Aerial org domain {org} does not match the org that answered."),
            "Enter the Aerial org's Okta domain exactly as the Admin Console address bar shows it, such as acme-aerial.okta.com, without a custom domain or path.",
        ),
        TokenFailure::AssertionReused => Diagnosis::new(
            Code::AssertionReused,
            "Okta received the same signed sign-in request twice.",
            "Try again. If it keeps happening, report it with the details below, because it is a fault in Aerial Desk.",
        ),
        TokenFailure::SignatureInvalid => Diagnosis::new(
            Code::KeyMismatch,
            format!(
                "The private key on this computer does not match the public key registered on {app}."
            ),
            format!(
                "In {console}, open {app} › General › Client Credentials and add this profile's public key (Aerial Desk shows it with the profile's key), or import the private key that belongs to the registered public key. Check that the key is Active."
            ),
        ),
        TokenFailure::KidNotRegistered => Diagnosis::new(
            Code::KeyNotRegistered,
            format!("This profile's public key is not registered on {app}."),
            format!(
                "In {console}, open {app} › General › Client Credentials › Public keys › Add key, paste this profile's public key, and save it as Active."
            ),
        ),
        TokenFailure::NoJwkSet | TokenFailure::NotPrivateKeyJwt => Diagnosis::new(
            Code::PublicKeyAuthOff,
            format!("{app} is not set up to sign in with a public key."),
            format!(
                "In {console}, open {app} › General › Client Credentials › Edit, choose Public key / Private key, add this profile's public key, and save."
            ),
        ),
        TokenFailure::NotServiceApp => Diagnosis::new(
            Code::NotServiceApp,
            format!("{app} is not an API Services app, so it cannot call Okta on its own."),
            format!(
                "In {console}, create an app integration of type API Services, register this profile's public key on it, and enter its client ID in this profile."
            ),
        ),
        TokenFailure::AlgorithmRejected => Diagnosis::new(
            Code::KeyAlgorithmRejected,
            "Okta does not accept the signing algorithm of this profile's key.",
            format!(
                "Generate a new EC P-256 or RSA (2048 bits or more) key in Aerial Desk and register its public key on {app}."
            ),
        ),
        TokenFailure::NoScopes => Diagnosis::new(
            Code::NoScopeRequested,
            "The token request named no scope.",
            "Report this with the details below, because it is a fault in Aerial Desk.",
        ),
        TokenFailure::NotAerialOrg => Diagnosis::new(
            Code::NotAerialOrg,
            format!(
                "{org} is not your account's Aerial org, so its apps cannot get tokens for the Aerial API."
            ),
            "Enter your Aerial org's domain in this profile and use an API Services app created in that org.",
        ),
        TokenFailure::DpopRequired => Diagnosis::new(
            Code::DpopRequired,
            format!("{app} requires DPoP, but DPoP is off in this profile."),
            format!(
                "Switch on DPoP in this profile, or in {console} switch off \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" on the General tab of {app}."
            ),
        ),
        TokenFailure::DpopNonceRequired => dpop_nonce_required(),
        _ => dpop_proof_rejected(None),
    }
}

fn scope_not_granted(ctx: &DiagnosisContext, scope: &str) -> Diagnosis {
    let app = ctx.app();
    let org = ctx.aerial_org();
    Diagnosis::new(
        Code::ScopeNotGranted,
        format!("{app} in {org} has not been granted {scope}."),
        format!("Grant {scope} on the Okta API Scopes tab of {app} in {org}."),
    )
}

/// Builds the diagnosis for a DPoP nonce request that the client's one retry with the nonce did
/// not satisfy, at the token endpoint or on an API call.
pub(super) fn dpop_nonce_required() -> Diagnosis {
    Diagnosis::new(
        Code::DpopNonceRequired,
        "Okta asked for a DPoP nonce, and the request stopped before it could be sent again.",
        "Try again. Aerial Desk sends the nonce automatically.",
    )
}

pub(super) fn dpop_proof_rejected(description: Option<&str>) -> Diagnosis {
    let reason = match description {
        Some(text) => format!(" Okta's reason: \"{text}\""),
        None => String::new(),
    };
    Diagnosis::new(
        Code::DpopProofRejected,
        format!("Okta rejected the DPoP proof sent with the request.{reason}"),
        "Check that this computer's date and time are set automatically, then try again. If it keeps happening, report it with the details below.",
    )
}

pub(super) fn clock(code: Code, offset_seconds: Option<i64>) -> Diagnosis {
    let direction = if code == Code::ClockAhead {
        "ahead of"
    } else {
        "behind"
    };
    let cause = match offset_seconds.map(i64::unsigned_abs) {
        Some(seconds) if seconds >= 30 => {
            let minutes = (seconds + 30) / 60;
            let unit = if minutes == 1 { "minute" } else { "minutes" };
            format!("Your computer's clock is {minutes} {unit} {direction} Okta's.")
        }
        Some(_) => {
            format!("Your computer's clock was {direction} Okta's when the request was signed.")
        }
        None => format!("Your computer's clock is {direction} Okta's."),
    };
    Diagnosis::new(
        code,
        cause,
        "Turn on \"Set time automatically\" in your computer's date and time settings, then try again.",
    )
}

/// Over the limit of the Aerial account or the org: wait until `X-Rate-Limit-Reset`.
pub(super) fn rate_limited(api: &ApiError) -> Diagnosis {
    let fix = match seconds_until_reset(api) {
        Some(0) => "Wait a few seconds, then try again.".to_owned(),
        Some(seconds) => format!(
            "Wait {seconds} seconds, until Okta's rate limit resets, then try again. Sending fewer requests at once avoids it."
        ),
        None => "Wait a minute, then try again.".to_owned(),
    };
    Diagnosis::new(
        Code::RateLimited,
        "Okta received too many requests in a short time and paused this one.",
        fix,
    )
}

/// Seconds from Okta's current time to the reset, so a wrong laptop clock does not skew it.
fn seconds_until_reset(api: &ApiError) -> Option<u64> {
    let reset = api.rate_limit_reset?;
    let local = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let server_now = local + api.clock_offset_seconds.unwrap_or(0);
    Some((reset as i64 - server_now).max(0) as u64)
}
