//! The port the pipeline fetches through: [`Upstream`], what a fetch
//! brings back ([`Fetched`], with its [`Validators`]) and why one fails
//! ([`FetchError`], [`Refusal`]).
//!
//! The refresh loop ([`crate::refresh`]) only knows this trait; the HTTP
//! client that implements it (reqwest, with [`crate::netguard`]'s rules at
//! every hop) is the `newsdesk-fetcher` crate, so this crate's tree has no
//! HTTP stack. Tests implement it with canned answers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use url::Url;

use crate::netguard::Denied;

/// The future [`Upstream::fetch`] returns: boxed, so the trait is object
/// safe (the refresh loop holds `Arc<dyn Upstream>`, one per source).
pub type FetchFuture<'a> = Pin<Box<dyn Future<Output = Result<Fetched, FetchError>> + Send + 'a>>;

/// Where the pipeline gets a publisher's bytes.
pub trait Upstream: fmt::Debug + Send + Sync {
    /// Fetches `url`, sending `previous`'s validators so an unchanged
    /// resource answers [`Fetched::NotModified`].
    fn fetch<'a>(&'a self, url: &'a str, previous: Option<&'a Validators>) -> FetchFuture<'a>;
}

/// A feed's cache validators, sent back on the next fetch so an unchanged
/// feed costs a 304 and no body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` of the last 200, sent as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last 200, sent as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is nothing to send (a conditional request needs one).
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// What a successful fetch brought back.
#[derive(Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The publisher answered 304: what we have is still current.
    NotModified,
    /// A 2xx answer and its whole (decompressed) body.
    Body {
        /// The body, at most the fetch's size limit long.
        bytes: Vec<u8>,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// Where the body came from after redirects: relative links in a
        /// feed are relative to this.
        final_url: Url,
        /// Validators to send with the next fetch of the same URL.
        validators: Validators,
    },
}

/// Shows the body's length, not its bytes: a failed test or a debug log
/// should not print megabytes.
impl fmt::Debug for Fetched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fetched::NotModified => f.write_str("NotModified"),
            Fetched::Body {
                bytes,
                content_type,
                final_url,
                validators,
            } => f
                .debug_struct("Body")
                .field("bytes", &format_args!("<{} bytes>", bytes.len()))
                .field("content_type", content_type)
                .field("final_url", &final_url.as_str())
                .field("validators", validators)
                .finish(),
        }
    }
}

/// Why a URL was refused before anything was fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not http or https.
    Scheme,
    /// The URL has a user name or password.
    Credentials,
    /// The port is not one the fetch may use.
    Port(u16),
    /// The URL has no host.
    NoHost,
    /// `localhost` or a name under `.localhost`.
    LocalName,
    /// The host is an IP address that is not public.
    Address(Denied),
    /// The host name resolves only to addresses that are not public; the
    /// reason given is the first address's.
    NoPublicAddress(Denied),
    /// A redirect from https to http.
    Downgrade,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Scheme => f.write_str("only http and https addresses can be fetched"),
            Refusal::Credentials => {
                f.write_str("addresses with a user name or password are not fetched")
            }
            Refusal::Port(port) => write!(
                f,
                "port {port} is not allowed; only 80 and 443 are, unless the source is set up with its port"
            ),
            Refusal::NoHost => f.write_str("the address names no host"),
            Refusal::LocalName => f.write_str("the host name points at this machine"),
            Refusal::Address(denied) => {
                write!(f, "the host is {denied}, not on the public internet")
            }
            Refusal::NoPublicAddress(denied) => write!(
                f,
                "the host name resolves only to addresses not on the public internet (such as {denied})"
            ),
            Refusal::Downgrade => f.write_str("a redirect from https to plain http was refused"),
        }
    }
}

/// Why a fetch failed. [`fmt::Display`] is for operators' logs and status
/// pages: it names what happened without echoing the URL (whose query may
/// hold a token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The text is not a URL.
    BadUrl(url::ParseError),
    /// The URL, a redirect, or every address of its host was refused.
    Forbidden(Refusal),
    /// More redirects than the fetch may follow.
    TooManyRedirects {
        /// The most redirects followed.
        limit: usize,
    },
    /// Connecting or the whole fetch took longer than the policy allows.
    Timeout,
    /// The body passed the policy's limit.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The publisher answered with this non-2xx status.
    Status(u16),
    /// Connection, TLS, or decoding failed; the message says which.
    Network(String),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::BadUrl(err) => write!(f, "not a valid address: {err}"),
            FetchError::Forbidden(refusal) => write!(f, "refused: {refusal}"),
            FetchError::TooManyRedirects { limit } => {
                write!(f, "the publisher redirected more than {limit} times")
            }
            FetchError::Timeout => f.write_str("the publisher did not answer in time"),
            FetchError::TooLarge { limit } => {
                write!(f, "the response is larger than the {limit}-byte limit")
            }
            FetchError::Status(code) => write!(f, "the publisher answered HTTP {code}"),
            FetchError::Network(message) => write!(f, "could not fetch: {message}"),
        }
    }
}

impl std::error::Error for FetchError {}
