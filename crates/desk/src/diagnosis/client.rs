//! Errors raised on this computer: bad input, keys, the network, and checks after a change.

use okta::Error;
use okta::error::TransportKind;

use super::api::capitalize;
use super::{Diagnosis, DiagnosisCode as Code, DiagnosisContext};

/// Diagnoses an error that did not come with an Okta error status.
pub(super) fn diagnose_client_error(error: &Error, ctx: &DiagnosisContext) -> Diagnosis {
    match error {
        Error::InvalidUrl { value, reason } => invalid_url(value, reason),
        Error::InvalidArgument {
            name,
            value,
            reason,
        } => Diagnosis::new(
            Code::InvalidValue,
            format!("The {name} \"{value}\" is not valid: {reason}."),
            format!("Correct the {name} and try again."),
        ),
        Error::Key(key) => Diagnosis::new(
            Code::KeyProblem,
            format!("{}.", capitalize(&key.to_string()).trim_end_matches('.')),
            "Import the private key again, or generate a new one and register its public key on the app.",
        ),
        Error::Transport {
            method,
            url,
            reason,
            kind,
            maybe_processed,
        } => transport(method, url, reason, *kind, *maybe_processed),
        Error::HttpClient { reason } => Diagnosis::new(
            Code::NetworkSetupFailed,
            format!("Aerial Desk could not set up its network connection: {reason}."),
            "Check this computer's proxy settings and trusted certificates, then restart Aerial Desk.",
        ),
        Error::InvalidResponse { status, url, .. } => Diagnosis::new(
            Code::UnexpectedResponse,
            format!(
                "Okta's response from {} (HTTP {status}) was not in the expected form.",
                host_of(url)
            ),
            "Check that the Aerial service and org domains in this profile are Okta addresses, then try again. A proxy or captive portal can also cause this.",
        ),
        Error::ForeignNextLink {
            url,
            expected_origin,
        } => Diagnosis::new(
            Code::ForeignNextLink,
            format!(
                "The next page of the list pointed to {}, outside {expected_origin}, so Aerial Desk stopped to keep the access token safe.",
                host_of(url)
            ),
            "Try again. If it keeps happening, report it with this message.",
        ),
        Error::OrgNotReady { org, waited, .. } => Diagnosis::new(
            Code::OrgNotReady,
            format!(
                "The new org {} did not accept requests within {} seconds.",
                host_of(org),
                waited.as_secs()
            ),
            "Wait a minute, then continue setting up the org.",
        ),
        Error::VerificationFailed {
            subject,
            expected,
            found,
        } => Diagnosis::new(
            Code::ChangeNotConfirmed,
            format!("After the change, {subject} should be [{expected}] but Okta shows [{found}]."),
            format!(
                "Reload {} and check it before changing it again. Someone may have changed it at the same time.",
                ctx.target()
            ),
        ),
        Error::OrgCreatedResponseLost { subdomain, .. } => Diagnosis::new(
            Code::OrgCreationResponseLost,
            format!(
                "The org \"{subdomain}\" was created, but Okta's response with its API token was lost."
            ),
            "Do not create the org again. Sign in to the new org's Admin Console as its super admin and create an API token under Security › API › Tokens.",
        ),
        Error::Api(api) => super::diagnose_api_error(api, ctx),
    }
}

fn invalid_url(value: &str, reason: &str) -> Diagnosis {
    let code = if reason.contains("use https") {
        Code::InsecureAddress
    } else {
        Code::InvalidAddress
    };
    Diagnosis::new(
        code,
        format!("\"{value}\" cannot be used as an Okta address: {reason}."),
        "Enter the domain only, such as acme-aerial.okta.com. Addresses other than this computer must use https.",
    )
}

fn transport(
    method: &str,
    url: &str,
    reason: &str,
    kind: TransportKind,
    maybe_processed: bool,
) -> Diagnosis {
    let host = host_of(url);
    // Reads and token requests change nothing, so only other requests need checking first.
    let changes_something = method != "GET" && !url.ends_with("/oauth2/v1/token");
    let check_first = if maybe_processed && changes_something {
        " Okta may have carried out the request, so reload and check the result before repeating it."
    } else {
        ""
    };
    let (code, cause, fix) = match kind {
        TransportKind::Dns => (
            Code::HostNotFound,
            format!("The address {host} could not be found."),
            "Check the spelling of the domain in this profile and this computer's internet connection.".to_owned(),
        ),
        TransportKind::ConnectionRefused => (
            Code::ConnectionRefused,
            format!("{host} refused the connection."),
            "Check the domain in this profile, and any proxy or firewall between this computer and Okta.".to_owned(),
        ),
        TransportKind::Tls => (
            Code::SecureConnectionFailed,
            format!("A secure connection to {host} could not be set up."),
            "Check that the address in this profile starts with the scheme the server speaks: https:// for Okta, often http:// for a test server on this computer. Then check this computer's date and time. If your company inspects HTTPS traffic, ask IT to install its certificate on this computer.".to_owned(),
        ),
        TransportKind::Timeout => (
            Code::TimedOut,
            format!("{host} did not respond in time."),
            format!("Check the internet connection and try again.{check_first}"),
        ),
        TransportKind::ConnectionDropped => (
            Code::ConnectionLost,
            format!("The connection to {host} closed before Okta's response arrived."),
            format!("Try again.{check_first}"),
        ),
        TransportKind::Other => (
            Code::NetworkFailed,
            format!("The request to {host} failed: {reason}."),
            format!("Check the internet connection and proxy settings, then try again.{check_first}"),
        ),
    };
    Diagnosis::new(code, cause, fix)
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned())
}
