//! The upstream fetcher: the only code in Newsdesk that talks HTTP to
//! publishers, for their feeds, their images and (streamed, with byte
//! ranges: [`Streamer`]) their audio and video. [`Fetcher`] implements
//! `newsdesk_ingest`'s [`Upstream`] port over reqwest; the refresh loop
//! fetches through that trait, the proxy's media proxy and open feeds
//! through a [`Fetcher`] directly.
//!
//! The proxy runs on the internet and fetches URLs that other people
//! choose, so the fetcher must never become a way into the operator's own
//! network. It refuses, before any byte is sent:
//!
//! - schemes other than http and https, URLs with a user name or password,
//!   ports outside [`FetchPolicy::allowed_ports`];
//! - `localhost` names and literal IP addresses that [`netguard`] refuses
//!   (the `url` crate first turns every numeric spelling such as
//!   `http://0x7f000001/` or `http://127.1/` into a plain IPv4 address);
//! - DNS names whose addresses are all refused: the check runs in the
//!   resolver reqwest connects with, so it judges the very addresses the
//!   socket will use (no gap for DNS rebinding), and refused addresses are
//!   dropped from the answer;
//! - redirects past [`MAX_REDIRECTS`], from https to http, or to any URL the
//!   rules above refuse (every hop is checked again).
//!
//! It sends no cookies, no credentials, no `Referer`, nothing about the
//! reader, and never uses a proxy from the environment. Bodies are counted
//! after decompression while they stream, so neither a lying
//! `Content-Length` nor a gzip bomb can make it hold more than
//! [`FetchPolicy::max_body_bytes`].
//!
//! ```no_run
//! use newsdesk_fetcher::{Fetched, FetchPolicy, Fetcher};
//! # async fn demo() -> Result<(), newsdesk_fetcher::FetchError> {
//! let fetcher = Fetcher::new(FetchPolicy::feeds())?;
//! match fetcher.fetch("https://example.com/feed.xml", None).await? {
//!     Fetched::Body { bytes, validators, .. } => { /* parse, keep `validators` */ }
//!     Fetched::NotModified => { /* keep what we had */ }
//! }
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "test-upstreams")]
use std::collections::HashMap;
use std::error::Error as _;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::redirect;
use reqwest::StatusCode;
use url::{Host, Url};

use newsdesk_ingest::netguard::{self, Denied};
use newsdesk_ingest::sources::{ConfigError, SourceConfig, SourcesFile};
pub use newsdesk_ingest::upstream::{FetchError, Fetched, Refusal, Validators};
use newsdesk_ingest::upstream::{FetchFuture, Upstream};

mod stream;
pub use stream::{
    is_single_byte_range, BodyStream, StreamRequest, Streamed, Streamer, MAX_RANGE_LEN,
    MAX_STREAM_BYTES, MEDIA_ACCEPT, STREAM_READ_TIMEOUT,
};

/// How long to wait for a TCP (and TLS) connection. A publisher's server
/// that cannot accept a connection in 5 s is down or overloaded; waiting
/// longer only ties up the proxy while a reader waits.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The whole fetch, redirects and body included. 15 s lets a slow server
/// send a multi-megabyte feed, yet stops a server that drips bytes to keep
/// the proxy's connections busy.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(15);

/// Largest feed body, after decompression. Big real feeds (full-text
/// podcasts with hundreds of items) stay under 2 MiB; 5 MiB leaves room
/// while bounding the memory one fetch can take.
pub const MAX_FEED_BYTES: usize = 5 * 1024 * 1024;

/// Largest image body, after decompression. Article photos are rarely over
/// 2 MiB; 8 MiB admits a large original without letting one image fill
/// memory.
pub const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// Largest article page, after decompression: the extractor's own limit
/// ([`newsdesk_ingest::fulltext::MAX_PAGE_BYTES`]), so a page the
/// extractor would refuse is never downloaded whole.
pub const MAX_PAGE_BYTES: usize = newsdesk_ingest::fulltext::MAX_PAGE_BYTES;

/// Most redirects followed. Real moves (http→https, a new domain, a CDN)
/// take one or two hops; more is a loop or a way to wander.
pub const MAX_REDIRECTS: usize = 3;

/// Ports a source may use unless it names another with
/// [`FetchPolicy::with_port`]: other ports are where internal services
/// (databases, admin consoles) listen.
pub const DEFAULT_PORTS: [u16; 2] = [80, 443];

/// Sent with every request, so publishers can see who fetches and where to
/// read about it.
pub const USER_AGENT: &str = concat!(
    "Newsdesk/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/newsdesk; feed fetcher)"
);

/// `Accept` for feeds: the formats the proxy parses, best first.
pub const FEED_ACCEPT: &str = "application/feed+json, application/atom+xml, \
application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5";

/// `Accept` for article pages: HTML, as a browser asks for it.
pub const PAGE_ACCEPT: &str = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1";

/// `Accept` for images: the raster formats browsers show, best first.
pub const IMAGE_ACCEPT: &str =
    "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9, image/*;q=0.5";

/// What one kind of fetch may do. Start from [`FetchPolicy::feeds`] or
/// [`FetchPolicy::images`]; every field documents its default.
///
/// ```
/// use newsdesk_fetcher::FetchPolicy;
/// let policy = FetchPolicy::feeds().with_port(8443);
/// assert_eq!(policy.allowed_ports, vec![80, 443, 8443]);
/// ```
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Ports the fetcher may connect to. Default: [`DEFAULT_PORTS`].
    pub allowed_ports: Vec<u16>,
    /// Largest body, counted after decompression. Default:
    /// [`MAX_FEED_BYTES`] or [`MAX_IMAGE_BYTES`].
    pub max_body_bytes: usize,
    /// The `Accept` header. Default: [`FEED_ACCEPT`] or [`IMAGE_ACCEPT`].
    pub accept: &'static str,
    /// Connection timeout. Default: [`CONNECT_TIMEOUT`].
    pub connect_timeout: Duration,
    /// Whole-fetch timeout; for a [`Streamer`], the wait for the answer's
    /// headers. Default: [`TOTAL_TIMEOUT`].
    pub total_timeout: Duration,
    /// Longest wait between two chunks of a streamed body ([`Streamer`]).
    /// Default: [`STREAM_READ_TIMEOUT`].
    pub read_timeout: Duration,
    /// Private, so production code cannot set it: only
    /// [`FetchPolicy::allow_loopback_for_tests`] does, behind a feature.
    allow_loopback: bool,
    /// Test-only DNS answers, so tests exercise the resolver's checks
    /// without asking a real DNS server.
    #[cfg(feature = "test-upstreams")]
    test_hosts: HashMap<String, Vec<IpAddr>>,
}

impl FetchPolicy {
    /// The policy for publishers' feeds.
    pub fn feeds() -> FetchPolicy {
        FetchPolicy::with_limits(MAX_FEED_BYTES, FEED_ACCEPT)
    }

    /// The policy for images in articles.
    pub fn images() -> FetchPolicy {
        FetchPolicy::with_limits(MAX_IMAGE_BYTES, IMAGE_ACCEPT)
    }

    /// The policy for article pages (full text for summary-only feeds).
    pub fn pages() -> FetchPolicy {
        FetchPolicy::with_limits(MAX_PAGE_BYTES, PAGE_ACCEPT)
    }

    fn with_limits(max_body_bytes: usize, accept: &'static str) -> FetchPolicy {
        FetchPolicy {
            allowed_ports: DEFAULT_PORTS.to_vec(),
            max_body_bytes,
            accept,
            connect_timeout: CONNECT_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
            read_timeout: STREAM_READ_TIMEOUT,
            allow_loopback: false,
            #[cfg(feature = "test-upstreams")]
            test_hosts: HashMap::new(),
        }
    }

    /// Also allow `port`, for a source an operator added with an explicit
    /// port (`https://news.example:8443/feed`).
    pub fn with_port(mut self, port: u16) -> FetchPolicy {
        if !self.allowed_ports.contains(&port) {
            self.allowed_ports.push(port);
        }
        self
    }

    /// Allow loopback addresses (`127.0.0.0/8`, `::1`, `localhost`), so tests
    /// can fetch from upstreams they run on this machine. Exists only with
    /// the `test-upstreams` feature, which production builds never enable.
    #[cfg(feature = "test-upstreams")]
    pub fn allow_loopback_for_tests(mut self) -> FetchPolicy {
        self.allow_loopback = true;
        self
    }

    /// Answer DNS lookups of `name` with `addrs` instead of asking DNS, so
    /// tests can show what the resolver does with a name that points at a
    /// refused address. Exists only with the `test-upstreams` feature.
    #[cfg(feature = "test-upstreams")]
    pub fn resolve_for_tests(mut self, name: &str, addrs: &[IpAddr]) -> FetchPolicy {
        self.test_hosts
            .insert(name.to_ascii_lowercase(), addrs.to_vec());
        self
    }

    /// `Ok` if the fetcher may connect to `ip`.
    fn permits(&self, ip: IpAddr) -> Result<(), Denied> {
        if self.allow_loopback && ip.is_loopback() {
            return Ok(());
        }
        netguard::check(ip)
    }

    /// Every check that can be made on a URL's text, before any lookup or
    /// connection: scheme, credentials, port, `localhost` names and literal
    /// IP addresses. [`Fetcher::fetch`] runs it on the URL and on every
    /// redirect target; DNS names are judged again when they are resolved.
    ///
    /// ```
    /// use newsdesk_fetcher::{FetchPolicy, Refusal};
    /// use newsdesk_ingest::netguard::Denied;
    /// let url = url::Url::parse("http://0x7f000001/feed").unwrap(); // 127.0.0.1
    /// assert_eq!(FetchPolicy::feeds().check_url(&url), Err(Refusal::Address(Denied::Loopback)));
    /// ```
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::Credentials);
        }
        let port = url.port_or_known_default().ok_or(Refusal::Scheme)?;
        if !self.allowed_ports.contains(&port) {
            return Err(Refusal::Port(port));
        }
        // reqwest does not call the resolver for IP literals: check them here.
        match url.host() {
            None => Err(Refusal::NoHost),
            Some(Host::Domain(name)) if netguard::is_local_name(name) && !self.allow_loopback => {
                Err(Refusal::LocalName)
            }
            Some(Host::Domain(_)) => Ok(()),
            Some(Host::Ipv4(ip)) => self.permits(ip.into()).map_err(Refusal::Address),
            Some(Host::Ipv6(ip)) => self.permits(ip.into()).map_err(Refusal::Address),
        }
    }

    /// The checks on one redirect hop from `from` to `to`: no https → http
    /// downgrade (it would expose the rest of the exchange), then
    /// [`FetchPolicy::check_url`] on `to`. The hop count is checked apart,
    /// against [`MAX_REDIRECTS`].
    ///
    /// ```
    /// use newsdesk_fetcher::{FetchPolicy, Refusal};
    /// let from = url::Url::parse("https://news.example/feed").unwrap();
    /// let to = url::Url::parse("http://news.example/feed").unwrap();
    /// assert_eq!(FetchPolicy::feeds().check_redirect(&from, &to), Err(Refusal::Downgrade));
    /// ```
    pub fn check_redirect(&self, from: &Url, to: &Url) -> Result<(), Refusal> {
        if from.scheme() == "https" && to.scheme() == "http" {
            return Err(Refusal::Downgrade);
        }
        self.check_url(to)
    }
}

/// The validators of a 200's headers.
pub(crate) fn validators_from(headers: &HeaderMap) -> Validators {
    let text = |name| {
        headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
            .map(str::to_owned)
    };
    Validators {
        etag: text(header::ETAG),
        last_modified: text(header::LAST_MODIFIED),
    }
}

/// Our own refusals travel inside reqwest's error (from the resolver or
/// the redirect policy): find them first, so they keep their meaning.
pub(crate) fn from_reqwest(err: reqwest::Error) -> FetchError {
    let mut source = err.source();
    while let Some(inner) = source {
        if let Some(ours) = inner.downcast_ref::<FetchError>() {
            return ours.clone();
        }
        source = inner.source();
    }
    if err.is_timeout() {
        return FetchError::Timeout;
    }
    // reqwest's own message names the URL: drop it, keep the causes.
    let err = err.without_url();
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = inner.source();
    }
    FetchError::Network(message)
}

/// Fetches publishers' URLs under one [`FetchPolicy`]. Cheap to clone; keep
/// one per policy so connections are reused.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
}

impl Fetcher {
    /// A fetcher that applies `policy` to every fetch. Fails only if the
    /// TLS library cannot start.
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, FetchError> {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            // An operator's HTTP_PROXY must not route publisher fetches
            // around the address checks (or into an internal proxy).
            .no_proxy()
            // The previous URL's query may hold a token meant for one host.
            .referer(false)
            .redirect(redirect_policy(Arc::clone(&policy)))
            .dns_resolver(Arc::new(GuardedResolver {
                policy: Arc::clone(&policy),
            }))
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.total_timeout)
            .build()
            .map_err(from_reqwest)?;
        Ok(Fetcher { client, policy })
    }

    /// Fetches `url`, sending `previous`'s validators so an unchanged
    /// resource answers [`Fetched::NotModified`]. Logs one line per fetch.
    pub async fn fetch(
        &self,
        url: &str,
        previous: Option<&Validators>,
    ) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let mut seen = Seen::default();
        // reqwest enforces the same deadline; this one also bounds our own
        // loop over the body, whatever reqwest does.
        let result = tokio::time::timeout(
            self.policy.total_timeout,
            self.fetch_unlogged(url, previous, &mut seen),
        )
        .await
        .unwrap_or(Err(FetchError::Timeout));
        let host = Url::parse(url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default();
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(Fetched::Body { bytes, .. }) => tracing::info!(
                host,
                status = seen.status,
                bytes = bytes.len(),
                elapsed_ms,
                outcome = "modified",
                "fetched"
            ),
            Ok(Fetched::NotModified) => tracing::info!(
                host,
                status = seen.status,
                bytes = 0,
                elapsed_ms,
                outcome = "not_modified",
                "fetched"
            ),
            Err(error) => tracing::info!(
                host, status = seen.status, bytes = seen.bytes, elapsed_ms,
                outcome = "error", %error, "fetch failed"
            ),
        }
        result
    }

    async fn fetch_unlogged(
        &self,
        url: &str,
        previous: Option<&Validators>,
        seen: &mut Seen,
    ) -> Result<Fetched, FetchError> {
        let url = Url::parse(url).map_err(FetchError::BadUrl)?;
        self.policy.check_url(&url).map_err(FetchError::Forbidden)?;

        let mut request = self
            .client
            .get(url)
            .header(header::ACCEPT, self.policy.accept);
        let previous = previous.filter(|validators| !validators.is_empty());
        if let Some(validators) = previous {
            // A validator that is not a valid header value is skipped: the
            // fetch still works, it just cannot be conditional.
            let valid = |text: &Option<String>| {
                text.as_deref()
                    .and_then(|text| HeaderValue::from_str(text).ok())
            };
            if let Some(etag) = valid(&validators.etag) {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = valid(&validators.last_modified) {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
        }

        let mut response = request.send().await.map_err(from_reqwest)?;
        let status = response.status();
        seen.status = Some(status.as_u16());
        if status == StatusCode::NOT_MODIFIED && previous.is_some() {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }

        let limit = self.policy.max_body_bytes;
        // Known only when the body is not compressed: reqwest drops the
        // header when it decompresses, and the loop below counts instead.
        let announced = response.content_length();
        if announced.is_some_and(|len| len > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let validators = validators_from(response.headers());
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let final_url = response.url().clone();

        let mut bytes = Vec::with_capacity(announced.map_or(0, |len| len as usize));
        while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
            seen.bytes = bytes.len() + chunk.len();
            if seen.bytes > limit {
                return Err(FetchError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body {
            bytes,
            content_type,
            final_url,
            validators,
        })
    }
}

impl Upstream for Fetcher {
    fn fetch<'a>(&'a self, url: &'a str, previous: Option<&'a Validators>) -> FetchFuture<'a> {
        Box::pin(Fetcher::fetch(self, url, previous))
    }
}

impl Fetcher {
    /// The fetcher for one of the operator's sources: [`FetchPolicy::feeds`],
    /// plus the port its URL names (the operator named it: allowed for this
    /// source only), plus loopback when the file asks for it — which only a
    /// build with the `test-upstreams` feature accepts.
    pub fn for_source(file: &SourcesFile, source: &SourceConfig) -> Result<Fetcher, ConfigError> {
        Fetcher::for_source_with(file, source, FetchPolicy::feeds())
    }

    /// The fetcher for a source's article pages: [`FetchPolicy::pages`],
    /// with the same port and loopback rules as [`Fetcher::for_source`].
    pub fn for_source_pages(
        file: &SourcesFile,
        source: &SourceConfig,
    ) -> Result<Fetcher, ConfigError> {
        Fetcher::for_source_with(file, source, FetchPolicy::pages())
    }

    fn for_source_with(
        file: &SourcesFile,
        source: &SourceConfig,
        mut policy: FetchPolicy,
    ) -> Result<Fetcher, ConfigError> {
        let url = Url::parse(&source.url)
            .map_err(|e| ConfigError(format!("source {:?}: {e}", source.id)))?;
        if let Some(port) = url.port() {
            policy = policy.with_port(port);
        }
        if file.allow_loopback_upstreams {
            policy = allow_loopback(policy)?;
        }
        Fetcher::new(policy).map_err(|e| ConfigError(format!("cannot start the HTTP client: {e}")))
    }
}

#[cfg(feature = "test-upstreams")]
fn allow_loopback(policy: FetchPolicy) -> Result<FetchPolicy, ConfigError> {
    tracing::warn!("allow_loopback_upstreams is on: this build is for tests only");
    Ok(policy.allow_loopback_for_tests())
}

#[cfg(not(feature = "test-upstreams"))]
fn allow_loopback(_policy: FetchPolicy) -> Result<FetchPolicy, ConfigError> {
    Err(ConfigError(
        "allow_loopback_upstreams is a test setting: this build cannot fetch from loopback \
         (it needs the `test-upstreams` feature, which releases never have)"
            .into(),
    ))
}

/// What the log line reports about a fetch that may have failed midway.
#[derive(Default)]
struct Seen {
    /// The final HTTP status, if one arrived.
    status: Option<u16>,
    /// Body bytes read so far (decompressed).
    bytes: usize,
}

/// Checks every redirect hop as if it were the first URL, and counts hops.
pub(crate) fn redirect_policy(policy: Arc<FetchPolicy>) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        // `previous` starts with the URL first asked for.
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error(FetchError::TooManyRedirects {
                limit: MAX_REDIRECTS,
            });
        }
        let checked = match attempt.previous().last() {
            Some(from) => policy.check_redirect(from, attempt.url()),
            None => policy.check_url(attempt.url()),
        };
        match checked {
            Ok(()) => attempt.follow(),
            Err(refusal) => attempt.error(FetchError::Forbidden(refusal)),
        }
    })
}

/// The resolver reqwest connects with: looks names up, then drops every
/// address the policy refuses, so the socket can only reach what passed.
pub(crate) struct GuardedResolver {
    pub(crate) policy: Arc<FetchPolicy>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = Arc::clone(&self.policy);
        let name = name.as_str().to_owned();
        Box::pin(async move {
            if netguard::is_local_name(&name) && !policy.allow_loopback {
                return Err(forbidden(Refusal::LocalName));
            }
            let found = lookup(&policy, &name).await?;
            let mut first_denial = None;
            let kept: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| match policy.permits(addr.ip()) {
                    Ok(()) => true,
                    Err(denied) => {
                        first_denial.get_or_insert(denied);
                        false
                    }
                })
                .collect();
            match first_denial {
                Some(denied) if kept.is_empty() => Err(forbidden(Refusal::NoPublicAddress(denied))),
                _ => Ok(Box::new(kept.into_iter()) as Addrs),
            }
        })
    }
}

fn forbidden(refusal: Refusal) -> Box<dyn std::error::Error + Send + Sync> {
    Box::new(FetchError::Forbidden(refusal))
}

/// Looks `name` up with the system resolver (port 0: reqwest puts the URL's
/// port in).
async fn lookup(
    policy: &FetchPolicy,
    name: &str,
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    #[cfg(feature = "test-upstreams")]
    if let Some(addrs) = policy.test_hosts.get(&name.to_ascii_lowercase()) {
        return Ok(addrs.iter().map(|ip| SocketAddr::new(*ip, 0)).collect());
    }
    #[cfg(not(feature = "test-upstreams"))]
    let _ = policy;
    Ok(tokio::net::lookup_host((name, 0)).await?.collect())
}

/// Production builds (no `test-upstreams` feature) must refuse the
/// loopback test setting instead of quietly honouring it.
#[cfg(all(test, not(feature = "test-upstreams")))]
mod tests {
    use super::*;

    #[test]
    fn a_release_build_refuses_loopback_upstreams() {
        let file = SourcesFile::parse(
            "allow_loopback_upstreams = true\n[[sources]]\nid = \"a\"\ntitle = \"A\"\nurl = \"http://127.0.0.1:9/feed\"\n",
        )
        .unwrap();
        let error = Fetcher::for_source(&file, &file.sources[0]).unwrap_err();
        assert!(error.0.contains("test setting"), "{error}");
    }
}
