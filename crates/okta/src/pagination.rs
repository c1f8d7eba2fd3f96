//! `Link` header parsing and page-by-page list reading.

use std::collections::HashSet;
use std::marker::PhantomData;

use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::api::{ApiCall, OrgCredentials, send};
use crate::error::Error;
use crate::http::{Http, Retry};
use crate::token::ScopeSet;
use crate::urls::BaseUrl;

/// One entry of a `Link` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target URL.
    pub url: String,
    /// The relation, such as `next`, `self` or `prev`.
    pub rel: String,
}

/// Parses `Link` header values, whether each relation has its own header or they are joined
/// by commas in one.
pub fn parse_link_headers<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Link> {
    let mut links = Vec::new();
    for value in values {
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else {
                break;
            };
            let url = rest[open + 1..open + close].trim().to_owned();
            rest = &rest[open + close + 1..];
            let params_end = rest.find('<').unwrap_or(rest.len());
            for rel in rel_values(&rest[..params_end]) {
                links.push(Link {
                    url: url.clone(),
                    rel,
                });
            }
            rest = &rest[params_end..];
        }
    }
    links
}

/// Extracts the `rel` values from the parameters after one `<url>`; a quoted `rel` may list
/// several relations separated by spaces.
fn rel_values(params: &str) -> Vec<String> {
    for param in params.split(';') {
        let Some((name, value)) = param.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("rel") {
            let value = value.trim().trim_end_matches(',').trim().trim_matches('"');
            return value
                .split_whitespace()
                .map(str::to_ascii_lowercase)
                .collect();
        }
    }
    Vec::new()
}

/// The `next` link in response headers, if any.
pub(crate) fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let values = headers
        .get_all("link")
        .iter()
        .filter_map(|value| value.to_str().ok());
    parse_link_headers(values)
        .into_iter()
        .find(|link| link.rel == "next")
        .map(|link| link.url)
}

/// A list read one page at a time by following `Link: rel="next"`.
///
/// Reading stops when there is no `next` link, when a page is empty, or when a `next` link
/// repeats one already followed (a server bug that would otherwise loop forever). A `next`
/// link to another origin is an error, because following it would send the token there.
pub struct Pages<T> {
    http: Http,
    credentials: OrgCredentials,
    scopes: ScopeSet,
    account: Option<String>,
    base: BaseUrl,
    next: Option<Url>,
    followed: HashSet<String>,
    pages_read: usize,
    item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(
        http: Http,
        credentials: OrgCredentials,
        scopes: ScopeSet,
        account: Option<String>,
        base: BaseUrl,
        first: Url,
    ) -> Self {
        Pages {
            http,
            credentials,
            scopes,
            account,
            base,
            next: Some(first),
            followed: HashSet::new(),
            pages_read: 0,
            item: PhantomData,
        }
    }

    /// Fetches the next page, or returns `None` when the list is complete. After an error the
    /// reader is finished; start a new one to try again.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, Error>> {
        let url = self.next.take()?;
        self.followed.insert(url.to_string());
        match self.fetch(url).await {
            Ok(page) if page.is_empty() && self.pages_read > 0 => {
                self.next = None;
                None
            }
            Ok(page) => {
                self.pages_read += 1;
                if page.is_empty() {
                    self.next = None;
                }
                Some(Ok(page))
            }
            Err(err) => Some(Err(err)),
        }
    }

    /// Reads every remaining page into one list.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await {
            items.extend(page?);
        }
        Ok(items)
    }

    /// Turns the reader into a `Stream` of pages, for callers that process pages as they come.
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<Vec<T>, Error>> {
        futures_util::stream::unfold(self, |mut pages| async move {
            let page = pages.next_page().await?;
            Some((page, pages))
        })
    }

    /// The number of pages read so far.
    pub fn pages_read(&self) -> usize {
        self.pages_read
    }

    async fn fetch(&mut self, url: Url) -> Result<Vec<T>, Error> {
        let call = ApiCall {
            method: Method::GET,
            url,
            scopes: &self.scopes,
            body: None,
            retry: Retry::Idempotent,
            account: self.account.as_deref(),
            timeout: None,
        };
        let response = send(&self.http, &self.credentials, call).await?;
        let page: Vec<T> = response.json()?;
        self.next = self.checked_next(next_link(&response.headers))?;
        Ok(page)
    }

    fn checked_next(&self, link: Option<String>) -> Result<Option<Url>, Error> {
        let Some(link) = link else { return Ok(None) };
        let url = Url::parse(&link)
            .or_else(|_| self.base.join("/").join(&link))
            .map_err(|err| Error::InvalidUrl {
                value: link.clone(),
                reason: format!("the next-page link is not a URL: {err}"),
            })?;
        if !self.base.same_origin(&url) {
            return Err(Error::ForeignNextLink {
                url: link,
                expected_origin: self.base.origin(),
            });
        }
        if self.followed.contains(url.as_str()) {
            tracing::warn!(url = %url, "next-page link repeats a page already read; stopping");
            return Ok(None);
        }
        Ok(Some(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separate_headers_are_parsed() {
        let links = parse_link_headers([
            r#"<https://aerial.okta.com/a/api/v1/orgs?limit=2>; rel="self""#,
            r#"<https://aerial.okta.com/a/api/v1/orgs?after=00o2&limit=2>; rel="next""#,
        ]);
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].rel, "next");
        assert_eq!(
            links[1].url,
            "https://aerial.okta.com/a/api/v1/orgs?after=00o2&limit=2"
        );
    }

    #[test]
    fn comma_joined_header_is_parsed() {
        let links = parse_link_headers([
            r#"<https://x/orgs?limit=2>; rel="self", <https://x/orgs?after=a,b&limit=2>; rel=next, <https://x/orgs?before=z>; rel="prev""#,
        ]);
        let rels: Vec<&str> = links.iter().map(|link| link.rel.as_str()).collect();
        assert_eq!(rels, ["self", "next", "prev"]);
        assert_eq!(
            links[1].url, "https://x/orgs?after=a,b&limit=2",
            "a comma inside <> belongs to the URL"
        );
    }

    #[test]
    fn multiple_relations_and_extra_parameters_are_parsed() {
        let links = parse_link_headers([r#"<https://x/p2>; title="two"; rel="next last""#]);
        let rels: Vec<&str> = links.iter().map(|link| link.rel.as_str()).collect();
        assert_eq!(rels, ["next", "last"]);
    }

    fn pages(followed: &[&str]) -> Pages<serde_json::Value> {
        let http = Http::new(crate::http::HttpConfig::loopback()).unwrap();
        let credentials =
            OrgCredentials::ApiToken(std::sync::Arc::new(crate::SecretString::new("t".into())));
        let base = BaseUrl::parse("http://aerial.sim.localhost:9").unwrap();
        let first = base.join("/a/api/v1/orgs");
        let mut pages = Pages::new(http, credentials, ScopeSet::one("s"), None, base, first);
        pages.followed = followed.iter().map(|url| url.to_string()).collect();
        pages
    }

    #[test]
    fn repeated_next_link_ends_the_list() {
        let pages = pages(&["http://aerial.sim.localhost:9/a/api/v1/orgs?after=x"]);
        let next = pages.checked_next(Some(
            "http://aerial.sim.localhost:9/a/api/v1/orgs?after=x".into(),
        ));
        assert_eq!(next.unwrap(), None);
    }

    #[test]
    fn next_link_to_another_origin_is_an_error() {
        let pages = pages(&[]);
        for link in [
            "https://aerial.sim.localhost:9/a?after=x",
            "http://elsewhere.localhost:9/a?after=x",
        ] {
            let result = pages.checked_next(Some(link.into()));
            assert!(
                matches!(result, Err(Error::ForeignNextLink { .. })),
                "{link}: {result:?}"
            );
        }
    }

    #[test]
    fn relative_next_link_resolves_against_the_service() {
        let pages = pages(&[]);
        let next = pages
            .checked_next(Some("/a/api/v1/orgs?after=y".into()))
            .unwrap()
            .unwrap();
        assert_eq!(
            next.as_str(),
            "http://aerial.sim.localhost:9/a/api/v1/orgs?after=y"
        );
    }

    #[test]
    fn malformed_values_yield_nothing() {
        assert!(
            parse_link_headers(["", "no brackets; rel=next", "<https://x/unclosed; rel=next"])
                .is_empty()
        );
        assert!(
            parse_link_headers(["<https://x/p2>"]).is_empty(),
            "a link without rel has no relation"
        );
    }
}
