//! Validated base URLs for Okta hosts, and the rule that every host other than loopback is
//! reached over HTTPS.

use std::net::IpAddr;

use url::{Host, Url};

use crate::error::Error;

/// The origin (scheme, host and port) of an Okta host: an org or an Aerial service.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Parses a domain (`acme.okta.com`, read as `https://acme.okta.com`) or a URL with no path.
    /// A pasted token URL `…/oauth2/v1/token` is reduced to its org. A custom authorization
    /// server URL (`/oauth2/default`, `/oauth2/{id}`) is rejected, because such a server cannot
    /// issue Okta management scopes.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let trimmed = input.trim();
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let url = Url::parse(&with_scheme).map_err(|err| {
            invalid(
                input,
                &format!("{err}; enter a domain such as acme.okta.com"),
            )
        })?;

        check_transport(&url).map_err(|reason| invalid(input, &reason))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                input,
                "a URL with a user name or password is not accepted",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(input, "remove the query string and fragment"));
        }
        check_path(input, url.path())?;
        check_not_admin_domain(input, &url)?;

        let origin = Url::parse(&url.origin().ascii_serialization())
            .map_err(|err| invalid(input, &err.to_string()))?;
        Ok(BaseUrl(origin))
    }

    /// The host name, without port.
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }

    /// The origin as text, for example `https://acme.okta.com` or `http://acme.sim.localhost:4010`.
    pub fn origin(&self) -> String {
        self.0.origin().ascii_serialization()
    }

    /// The URL of the org authorization server's token endpoint.
    pub fn token_url(&self) -> Url {
        self.join("/oauth2/v1/token")
    }

    /// Appends an absolute path (starting with `/`) to the origin.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        url.set_path(path);
        url
    }

    /// Reports whether `url` has the same origin, so credentials may be sent to it.
    pub fn same_origin(&self, url: &Url) -> bool {
        url.origin() == self.0.origin()
    }
}

impl std::fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.origin())
    }
}

fn invalid(input: &str, reason: &str) -> Error {
    Error::InvalidUrl {
        value: input.to_owned(),
        reason: reason.to_owned(),
    }
}

fn check_path(input: &str, path: &str) -> Result<(), Error> {
    let path = path.trim_end_matches('/');
    if path.is_empty() || path == "/oauth2/v1/token" {
        return Ok(());
    }
    if path.starts_with("/oauth2/") {
        return Err(invalid(
            input,
            "this is a custom authorization server (/oauth2/default or /oauth2/{id}), which cannot \
             issue Okta management scopes; Aerial tokens come from the org authorization server, so \
             enter only the org domain",
        ));
    }
    Err(invalid(input, "enter only the domain, without a path"))
}

fn check_not_admin_domain(input: &str, url: &Url) -> Result<(), Error> {
    let first_label = url
        .host_str()
        .unwrap_or_default()
        .split('.')
        .next()
        .unwrap_or_default();
    if first_label.ends_with("-admin") {
        let suggestion = url
            .host_str()
            .unwrap_or_default()
            .replacen("-admin.", ".", 1);
        return Err(invalid(
            input,
            &format!("this is the Admin Console domain; enter the org domain {suggestion}"),
        ));
    }
    Ok(())
}

/// Checks that `url` is HTTPS, or plain HTTP to a loopback host. The check runs before any
/// connection is made, and returns why the URL is rejected.
pub fn check_transport(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback_host(url) => Ok(()),
        "http" => Err(format!(
            "plain http is accepted only for loopback hosts (127.0.0.1, ::1, localhost, *.localhost); use https://{}",
            url.host_str().unwrap_or_default()
        )),
        other => Err(format!("the scheme {other:?} is not supported; use https")),
    }
}

/// Reports whether the URL's host is loopback: 127.0.0.0/8, ::1, `localhost` or a name under
/// `.localhost` (loopback by RFC 6761, and resolved to 127.0.0.1 by this crate itself).
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(name)) => is_localhost_name(name),
        None => false,
    }
}

pub(crate) fn is_localhost_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_domain_becomes_https_origin() {
        let url = BaseUrl::parse(" acme-aerial.okta.com ").unwrap();
        assert_eq!(url.origin(), "https://acme-aerial.okta.com");
        assert_eq!(
            url.token_url().as_str(),
            "https://acme-aerial.okta.com/oauth2/v1/token"
        );
    }

    #[test]
    fn loopback_http_keeps_its_port() {
        let url = BaseUrl::parse("http://acme-aerial.sim.localhost:4010/").unwrap();
        assert_eq!(
            url.token_url().as_str(),
            "http://acme-aerial.sim.localhost:4010/oauth2/v1/token"
        );
        assert!(BaseUrl::parse("http://127.0.0.1:9").is_ok());
        assert!(BaseUrl::parse("http://[::1]:9").is_ok());
    }

    #[test]
    fn non_loopback_http_is_rejected() {
        for input in [
            "http://acme.okta.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
        ] {
            let err = BaseUrl::parse(input).unwrap_err().to_string();
            assert!(err.contains("only for loopback"), "{input}: {err}");
        }
    }

    #[test]
    fn custom_authorization_servers_are_rejected() {
        for input in [
            "https://acme-aerial.okta.com/oauth2/default",
            "https://acme-aerial.okta.com/oauth2/default/v1/token",
            "https://acme-aerial.okta.com/oauth2/aus1a2b3c4/v1/token",
        ] {
            let err = BaseUrl::parse(input).unwrap_err().to_string();
            assert!(
                err.contains("custom authorization server"),
                "{input}: {err}"
            );
        }
    }

    #[test]
    fn pasted_org_token_url_is_accepted() {
        let url = BaseUrl::parse("https://acme-aerial.okta.com/oauth2/v1/token").unwrap();
        assert_eq!(url.origin(), "https://acme-aerial.okta.com");
    }

    #[test]
    fn admin_console_domain_is_rejected_with_suggestion() {
        let err = BaseUrl::parse("acme-aerial-admin.okta.com")
            .unwrap_err()
            .to_string();
        assert!(err.contains("acme-aerial.okta.com"), "{err}");
    }

    #[test]
    fn paths_queries_and_credentials_are_rejected() {
        for input in [
            "https://a.okta.com/api/v1",
            "https://a.okta.com?x=1",
            "https://u:p@a.okta.com",
            "ftp://a.okta.com",
        ] {
            assert!(BaseUrl::parse(input).is_err(), "{input} should be rejected");
        }
    }
}
