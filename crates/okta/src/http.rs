//! The one HTTP client: transport rules, retries, rate-limit waits and the per-account
//! concurrency limit.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use url::Url;

use crate::error::{ApiError, Error, TransportKind, clock_offset, rate_limit_wait};
use crate::redact::redact_body;
use crate::urls::{check_transport, is_localhost_name, is_loopback_host};

/// Settings for [`Http`].
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Time allowed to open a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole request, body included.
    pub request_timeout: Duration,
    /// Time allowed for an Org Creator request, which builds a whole org before it responds. A
    /// timeout there loses the new org's only API token, so it gets far more than other calls.
    pub org_creation_timeout: Duration,
    /// Retries after the first attempt, for the cases that may be retried.
    pub max_retries: u32,
    /// First backoff when no `X-Rate-Limit-Reset` header gives the wait. It doubles per retry.
    pub initial_backoff: Duration,
    /// Maximum single wait before a retry, rate-limit waits included.
    pub max_wait: Duration,
    /// Random time up to this much is added to every wait, so clients do not retry in step.
    pub jitter: Duration,
    /// Requests in flight at once per Aerial account; Okta allows 10.
    pub max_concurrent_per_account: usize,
    /// Use the system and environment proxy settings for hosts other than loopback. Requests to
    /// loopback hosts never go through a proxy.
    pub use_system_proxy: bool,
    /// The `User-Agent` header.
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            // NOTE: an estimate. Okta documents no creation time, only that a new org needs
            // about 30 seconds before it responds.
            org_creation_timeout: Duration::from_secs(300),
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
            jitter: Duration::from_millis(250),
            max_concurrent_per_account: 10,
            use_system_proxy: true,
            user_agent: format!("aerial-desk-okta/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl HttpConfig {
    /// Settings for talking to an emulator on loopback: no proxy, short timeouts.
    pub fn loopback() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(10),
            org_creation_timeout: Duration::from_secs(30),
            use_system_proxy: false,
            ..HttpConfig::default()
        }
    }
}

/// Whether a request may be sent again after a failure that leaves its outcome unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// GET, PUT and token requests: retried on 429, 5xx and connection errors.
    Idempotent,
    /// A POST that changes state: retried only when it certainly was not processed (429, or a
    /// connection that could not be opened).
    NotIdempotent,
}

/// One request to send; the `prepare` callback adds headers and body on every attempt.
pub(crate) struct RequestSpec<'a> {
    pub method: Method,
    pub url: &'a Url,
    pub retry: Retry,
    /// The Aerial account whose concurrency limit applies, if any.
    pub account: Option<&'a str>,
}

/// A fully read response. `Debug` leaves the body out, because a token response carries the
/// access token and an Org Creator response the new org's API token.
pub(crate) struct HttpResponse {
    pub method: Method,
    pub url: Url,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn to_api_error(&self) -> ApiError {
        ApiError::from_parts(
            self.method.as_str(),
            self.url.as_str(),
            self.status,
            &self.headers,
            &self.body,
        )
    }

    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|err| Error::InvalidResponse {
            method: self.method.to_string(),
            url: self.url.to_string(),
            status: self.status.as_u16(),
            reason: err.to_string(),
            body: redact_body(&String::from_utf8_lossy(
                &self.body[..self.body.len().min(2048)],
            )),
        })
    }
}

/// A response to a request sent without credentials, read in full.
#[derive(Debug, Clone)]
pub struct PlainResponse {
    /// HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Vec<u8>,
    /// Server time minus local time when the response arrived, in whole seconds, from the
    /// `Date` header. Positive means the local clock is behind.
    pub clock_offset_seconds: Option<i64>,
    /// The parsed error for a non-2xx status.
    pub api_error: Option<ApiError>,
}

/// The HTTP client shared by every call: a `reqwest::Client` built once (rustls with the OS
/// certificate store, proxies, timeouts), a twin without a proxy for loopback hosts, and the
/// retry and concurrency rules. Cheap to clone.
#[derive(Clone)]
pub struct Http {
    inner: Arc<HttpInner>,
}

struct HttpInner {
    client: reqwest::Client,
    /// The same settings without any proxy, for loopback hosts: a proxy cannot reach this
    /// machine's loopback, and plain HTTP to it must not leave the machine.
    loopback_client: reqwest::Client,
    config: HttpConfig,
    account_limits: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl Http {
    /// Builds the client.
    pub fn new(config: HttpConfig) -> Result<Self, Error> {
        Self::with_proxy(config, None)
    }

    /// Builds the client with `proxy` in place of the system settings (tests only pass one).
    fn with_proxy(config: HttpConfig, proxy: Option<reqwest::Proxy>) -> Result<Self, Error> {
        let build_error = |err: reqwest::Error| Error::HttpClient {
            reason: err.to_string(),
        };
        let mut builder = client_builder(&config);
        if let Some(proxy) = proxy {
            builder = builder.proxy(proxy);
        } else if !config.use_system_proxy {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(build_error)?;
        let loopback_client = client_builder(&config)
            .no_proxy()
            .build()
            .map_err(build_error)?;

        let inner = HttpInner {
            client,
            loopback_client,
            config,
            account_limits: Mutex::new(HashMap::new()),
        };
        Ok(Http {
            inner: Arc::new(inner),
        })
    }

    /// The settings this client was built with.
    pub fn config(&self) -> &HttpConfig {
        &self.inner.config
    }

    /// Sends a GET without credentials and returns the response whatever its status, for checks
    /// such as whether a host responds. Retried like any idempotent request.
    pub async fn get_without_credentials(&self, url: &Url) -> Result<PlainResponse, Error> {
        let spec = RequestSpec {
            method: Method::GET,
            url,
            retry: Retry::Idempotent,
            account: None,
        };
        let response = self
            .execute(spec, |builder| {
                Ok(builder.header(reqwest::header::ACCEPT, "application/json"))
            })
            .await?;
        let clock_offset_seconds = response.header("date").and_then(clock_offset);
        Ok(PlainResponse {
            status: response.status.as_u16(),
            clock_offset_seconds,
            api_error: (!response.status.is_success()).then(|| response.to_api_error()),
            headers: response.headers,
            body: response.body,
        })
    }

    /// Sends a request, retrying as `spec.retry` allows, and returns the last response whatever
    /// its status. `prepare` runs once per attempt, so every attempt gets fresh assertions,
    /// proofs and `jti` values.
    pub(crate) async fn execute<F>(
        &self,
        spec: RequestSpec<'_>,
        mut prepare: F,
    ) -> Result<HttpResponse, Error>
    where
        F: FnMut(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, Error>,
    {
        check_transport(spec.url).map_err(|reason| Error::InvalidUrl {
            value: spec.url.to_string(),
            reason,
        })?;

        let client = if is_loopback_host(spec.url) {
            &self.inner.loopback_client
        } else {
            &self.inner.client
        };
        let mut attempt = 0;
        loop {
            let builder = client.request(spec.method.clone(), spec.url.clone());
            let request = prepare(builder)?;
            let outcome = self.send_once(&spec, request).await;

            let Some(delay) = self.retry_delay(&spec, &outcome, attempt) else {
                return outcome;
            };
            tracing::warn!(
                method = %spec.method,
                url = %spec.url,
                attempt = attempt + 1,
                wait_ms = delay.as_millis() as u64,
                failure = %describe(&outcome),
                "retrying Okta request"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn send_once(
        &self,
        spec: &RequestSpec<'_>,
        request: reqwest::RequestBuilder,
    ) -> Result<HttpResponse, Error> {
        let _permit = self.acquire(spec.account).await;
        let transport = |err: reqwest::Error| transport_error(&spec.method, spec.url, &err);

        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(HttpResponse {
            method: spec.method.clone(),
            url: spec.url.clone(),
            status,
            headers,
            body,
        })
    }

    async fn acquire(&self, account: Option<&str>) -> Option<OwnedSemaphorePermit> {
        let account = account?;
        let semaphore = {
            let mut limits = self
                .inner
                .account_limits
                .lock()
                .expect("account limit map poisoned");
            let limit = self.inner.config.max_concurrent_per_account.max(1);
            limits
                .entry(account.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(limit)))
                .clone()
        };
        semaphore.acquire_owned().await.ok()
    }

    /// Returns how long to wait before the next attempt, or `None` when the outcome is final.
    fn retry_delay(
        &self,
        spec: &RequestSpec<'_>,
        outcome: &Result<HttpResponse, Error>,
        attempt: u32,
    ) -> Option<Duration> {
        let config = &self.inner.config;
        if attempt >= config.max_retries {
            return None;
        }
        let idempotent = spec.retry == Retry::Idempotent;
        let rate_limit_reset = match outcome {
            Ok(response) if response.status == StatusCode::TOO_MANY_REQUESTS => {
                rate_limit_wait(&response.headers)
            }
            Ok(response) if response.status.is_server_error() && idempotent => None,
            Err(Error::Transport {
                maybe_processed, ..
            }) if idempotent || !maybe_processed => None,
            _ => return None,
        };
        let wait = rate_limit_reset
            .unwrap_or_else(|| config.initial_backoff * 2u32.saturating_pow(attempt));
        Some((wait + self.jitter()).min(config.max_wait))
    }

    fn jitter(&self) -> Duration {
        let max = self.inner.config.jitter.as_millis() as u64;
        Duration::from_millis(rand::thread_rng().gen_range(0..=max))
    }
}

fn client_builder(config: &HttpConfig) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.request_timeout)
        .user_agent(config.user_agent.clone())
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(LocalhostResolver)
}

fn transport_error(method: &Method, url: &Url, err: &reqwest::Error) -> Error {
    // A failed connect means nothing was sent; anything later may have reached the server.
    let maybe_processed = !err.is_connect();
    let kind = TransportKind::of(err);
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        reason.push_str(": ");
        reason.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Transport {
        method: method.to_string(),
        url: url.to_string(),
        reason,
        kind,
        maybe_processed,
    }
}

fn describe(outcome: &Result<HttpResponse, Error>) -> String {
    match outcome {
        Ok(response) => format!("HTTP {}", response.status.as_u16()),
        Err(err) => err.to_string(),
    }
}

/// Resolves `localhost` and every name under `.localhost` to 127.0.0.1 without asking DNS (they
/// are loopback by RFC 6761), so the emulator's per-org host names work with no hosts-file edits.
/// Names under `.invalid` fail at once without a lookup, because RFC 6761 reserves that domain
/// to never resolve. Other names go to the system resolver.
struct LocalhostResolver;

/// A host name under `.invalid`, rejected before any DNS query is sent.
#[derive(Debug, thiserror::Error)]
#[error("{host} is under .invalid, a domain reserved to never resolve")]
struct InvalidDomainName {
    host: String,
}

fn is_invalid_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "invalid" || host.ends_with(".invalid")
}

impl Resolve for LocalhostResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            if is_localhost_name(&host) {
                let loopback: Addrs =
                    Box::new(std::iter::once(SocketAddr::from(([127, 0, 0, 1], 0))));
                return Ok(loopback);
            }
            if is_invalid_name(&host) {
                let err: Box<dyn std::error::Error + Send + Sync> =
                    Box::new(InvalidDomainName { host });
                return Err(err);
            }
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn non_loopback_http_fails_before_connecting() {
        let http = Http::new(HttpConfig::loopback()).unwrap();
        let url = Url::parse("http://aerial.example.invalid/acc/api/v1/orgs").unwrap();
        let spec = RequestSpec {
            method: Method::GET,
            url: &url,
            retry: Retry::Idempotent,
            account: None,
        };
        let mut prepared = false;
        let result = http
            .execute(spec, |builder| {
                prepared = true;
                Ok(builder)
            })
            .await;
        assert!(
            matches!(result, Err(Error::InvalidUrl { .. })),
            "{result:?}"
        );
        assert!(
            !prepared,
            "the request must be rejected before it is even built"
        );
    }

    #[tokio::test]
    async fn refused_connection_is_retried() {
        let config = HttpConfig {
            initial_backoff: Duration::from_millis(5),
            jitter: Duration::ZERO,
            ..HttpConfig::loopback()
        };
        let http = Http::new(config).unwrap();
        // Port 1 on loopback has no listener, so every connect is refused.
        let url = Url::parse("http://127.0.0.1:1/api/v1/orgs").unwrap();
        let spec = RequestSpec {
            method: Method::POST,
            url: &url,
            retry: Retry::NotIdempotent,
            account: None,
        };
        let mut attempts = 0;
        let result = http
            .execute(spec, |builder| {
                attempts += 1;
                Ok(builder)
            })
            .await;

        assert!(
            matches!(
                result,
                Err(Error::Transport {
                    maybe_processed: false,
                    ..
                })
            ),
            "{result:?}"
        );
        assert_eq!(
            attempts, 4,
            "a refused connection sent nothing, so even a POST is retried"
        );
    }

    /// A client whose proxy is a loopback listener that accepts connections and never responds.
    async fn client_behind_trap_proxy() -> (Http, tokio::net::TcpListener) {
        let trap = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = reqwest::Proxy::all(format!("http://{}", trap.local_addr().unwrap())).unwrap();
        let config = HttpConfig {
            request_timeout: Duration::from_secs(2),
            max_retries: 0,
            ..HttpConfig::default()
        };
        (Http::with_proxy(config, Some(proxy)).unwrap(), trap)
    }

    async fn get(http: &Http, url: &Url) -> Result<HttpResponse, Error> {
        let spec = RequestSpec {
            method: Method::GET,
            url,
            retry: Retry::Idempotent,
            account: None,
        };
        http.execute(spec, Ok).await
    }

    #[tokio::test]
    async fn loopback_requests_bypass_the_proxy() {
        let (http, trap) = client_behind_trap_proxy().await;
        let sim = okta_sim::start(okta_sim::SimConfig::demo()).await.unwrap();
        let host = sim.url_for("northwind-aerial.sim.localhost");
        let url = Url::parse(&format!("{host}/.well-known/okta-organization")).unwrap();

        let response = get(&http, &url).await;
        assert!(response.is_ok(), "{response:?}");
        let accepted = tokio::time::timeout(Duration::from_millis(100), trap.accept()).await;
        assert!(accepted.is_err(), "the proxy received a loopback request");
        sim.shutdown().await;
    }

    #[tokio::test]
    async fn other_hosts_go_through_the_proxy() {
        let (http, trap) = client_behind_trap_proxy().await;
        let url = Url::parse("https://aerial.example.invalid/acc/api/v1/orgs").unwrap();

        let request = tokio::spawn(async move { get(&http, &url).await });
        let accepted = tokio::time::timeout(Duration::from_secs(2), trap.accept()).await;
        assert!(
            matches!(accepted, Ok(Ok(_))),
            "the request to a non-loopback host reached the proxy"
        );
        request.abort();
    }

    fn response_with(status: u16, reset_after_date: Option<u64>) -> Result<HttpResponse, Error> {
        let date = std::time::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let mut headers = HeaderMap::new();
        headers.insert("date", httpdate::fmt_http_date(date).parse().unwrap());
        if let Some(after) = reset_after_date {
            let reset = (1_000_000 + after).to_string();
            headers.insert("x-rate-limit-reset", reset.parse().unwrap());
        }
        Ok(HttpResponse {
            method: Method::GET,
            url: Url::parse("https://aerial.okta.com/acc/api/v1/orgs").unwrap(),
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: Vec::new(),
        })
    }

    #[test]
    fn retry_delay_follows_rate_limit_reset() {
        let config = HttpConfig {
            jitter: Duration::from_millis(250),
            max_wait: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            ..HttpConfig::loopback()
        };
        let http = Http::new(config).unwrap();
        let url = Url::parse("https://aerial.okta.com/acc/api/v1/orgs").unwrap();
        let spec = |retry| RequestSpec {
            method: Method::GET,
            url: &url,
            retry,
            account: None,
        };
        let delay = |retry, outcome, attempt| http.retry_delay(&spec(retry), &outcome, attempt);

        let wait = delay(Retry::Idempotent, response_with(429, Some(7)), 0).unwrap();
        assert!(
            (Duration::from_secs(7)..=Duration::from_millis(7250)).contains(&wait),
            "reset 7 s after the server's Date, plus jitter: {wait:?}"
        );
        let capped = delay(Retry::Idempotent, response_with(429, Some(600)), 0).unwrap();
        assert_eq!(capped, Duration::from_secs(60), "the wait is capped");

        let backoff = delay(Retry::Idempotent, response_with(503, None), 1).unwrap();
        assert!(
            (Duration::from_millis(1000)..=Duration::from_millis(1250)).contains(&backoff),
            "the second retry backs off twice the first wait: {backoff:?}"
        );
        assert_eq!(
            delay(Retry::NotIdempotent, response_with(503, None), 0),
            None,
            "a POST that may have run is not resent"
        );
        assert!(delay(Retry::NotIdempotent, response_with(429, Some(1)), 0).is_some());
        assert_eq!(
            delay(Retry::Idempotent, response_with(429, Some(1)), 3),
            None,
            "no retry after max_retries"
        );
        assert_eq!(delay(Retry::Idempotent, response_with(404, None), 0), None);
    }

    #[test]
    fn response_debug_leaves_the_body_out() {
        let response = HttpResponse {
            method: Method::POST,
            url: Url::parse("https://acme-aerial.okta.com/oauth2/v1/token").unwrap(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: br#"{"access_token":"eyJsecret"}"#.to_vec(),
        };
        let debug = format!("{response:?}");
        assert!(!debug.contains("eyJsecret"), "{debug}");
        assert!(debug.contains("body_len"), "{debug}");
    }

    #[test]
    fn default_config_builds_a_client() {
        let http = Http::new(HttpConfig::default())
            .expect("the OS certificate store and proxy settings load");
        assert_eq!(http.config().max_concurrent_per_account, 10);
        assert!(http.config().use_system_proxy);
    }

    #[tokio::test]
    async fn invalid_names_fail_without_lookup() {
        for host in ["aerial.example.invalid", "INVALID", "okta.invalid."] {
            let name: Name = host.parse().unwrap();
            let Err(err) = LocalhostResolver.resolve(name).await else {
                panic!("{host} resolved")
            };
            assert!(err.is::<InvalidDomainName>(), "{host}: {err}");
        }
        assert!(!is_invalid_name("invalid.okta.com"));
    }

    #[tokio::test]
    async fn localhost_names_resolve_to_loopback() {
        let name: Name = "acme-aerial.sim.localhost".parse().unwrap();
        let addrs: Vec<SocketAddr> = LocalhostResolver.resolve(name).await.unwrap().collect();
        assert_eq!(addrs, vec![SocketAddr::from(([127, 0, 0, 1], 0))]);
    }
}
