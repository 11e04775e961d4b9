//! Streaming fetches: a publisher's audio or video passed on to a reader a
//! chunk at a time, with the byte range the reader's player asked for.
//!
//! [`Streamer`] is the media proxy's way to a publisher's video and audio
//! (and images: one request, then the type decides). It keeps every rule
//! of [`crate::Fetcher`] — public addresses only (checked on the URL and
//! again at DNS resolution), redirects re-checked hop by hop, allowed
//! ports, the connect timeout, no cookies, no `Referer`, no proxy from the
//! environment — and differs where streaming must:
//!
//! - the body is never held whole: [`Streamed::body`] yields chunks as
//!   they arrive, and ends with [`FetchError::TooLarge`] once it passes
//!   [`FetchPolicy::max_body_bytes`] ([`MAX_STREAM_BYTES`] for
//!   [`FetchPolicy::streaming`]); a resource whose announced size is over
//!   the cap is refused before its first byte;
//! - no deadline for the whole transfer (a film plays for an hour), but
//!   one for the answer's headers ([`FetchPolicy::total_timeout`]) and one
//!   between two chunks ([`FetchPolicy::read_timeout`]), so a publisher
//!   that stops sending frees the connection;
//! - nothing is decompressed (`Accept-Encoding: identity`): byte ranges
//!   count the bytes as stored, and a player seeks by them;
//! - the only things passed on from the reader are a [`StreamRequest`]:
//!   one byte range and the validators of what the browser already holds.

use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::Stream;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::StatusCode;
use url::Url;

use crate::{
    from_reqwest, redirect_policy, validators_from, FetchError, FetchPolicy, GuardedResolver,
    Validators, USER_AGENT,
};

/// Largest audio or video resource streamed: its whole size, whatever
/// range is asked for, and the most bytes one response may carry. A
/// two-hour podcast at 128 kbit/s is about 115 MB and a ten-minute HD
/// news clip at 5 Mbit/s about 375 MB; 512 MiB admits both and refuses
/// whole films, which a news reader has no business relaying.
pub const MAX_STREAM_BYTES: usize = 512 * 1024 * 1024;

/// Longest wait for the next chunk of a streamed body. A player reads
/// ahead in bursts and a healthy server answers each within a second or
/// two; 20 s rides out a congested link, yet a publisher that goes quiet
/// (or drips bytes to hold connections open) gives its connection back.
pub const STREAM_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Longest `Range` header passed on. `bytes=<start>-<end>` with two 20-digit
/// numbers is 47 bytes; anything longer is not a single range.
pub const MAX_RANGE_LEN: usize = 64;

/// `Accept` for streams: what browsers play in `<video>` and `<audio>`,
/// then the raster images `/api/media` also serves.
pub const MEDIA_ACCEPT: &str = "video/webm, video/mp4, audio/mpeg, audio/mp4, audio/ogg, \
audio/aac, audio/*;q=0.9, video/*;q=0.8, image/avif, image/webp, image/png, image/jpeg, \
image/gif;q=0.9, image/*;q=0.5";

impl FetchPolicy {
    /// This policy (its ports, addresses and timeouts) for streams: at
    /// most [`MAX_STREAM_BYTES`] per resource, [`MEDIA_ACCEPT`].
    ///
    /// ```
    /// use newsdesk_fetcher::{FetchPolicy, MAX_STREAM_BYTES};
    /// let policy = FetchPolicy::images().with_port(8443).streaming();
    /// assert_eq!(policy.max_body_bytes, MAX_STREAM_BYTES);
    /// assert_eq!(policy.allowed_ports, vec![80, 443, 8443]);
    /// ```
    pub fn streaming(mut self) -> FetchPolicy {
        self.max_body_bytes = MAX_STREAM_BYTES;
        self.accept = MEDIA_ACCEPT;
        self
    }
}

/// True when `value` is one byte range as `Range` writes it:
/// `bytes=<first>-[<last>]` or `bytes=-<suffix>`, at most
/// [`MAX_RANGE_LEN`] long. Several ranges (a multipart answer no player
/// asks for) and other units are refused.
///
/// ```
/// use newsdesk_fetcher::is_single_byte_range;
/// assert!(is_single_byte_range("bytes=0-99"));
/// assert!(is_single_byte_range("bytes=100-"));
/// assert!(is_single_byte_range("bytes=-500"));
/// assert!(!is_single_byte_range("bytes=0-1,5-9"));
/// assert!(!is_single_byte_range("bytes=9-1"));
/// assert!(!is_single_byte_range("items=0-1"));
/// ```
pub fn is_single_byte_range(value: &str) -> bool {
    if value.len() > MAX_RANGE_LEN {
        return false;
    }
    let Some((first, last)) = value
        .strip_prefix("bytes=")
        .and_then(|spec| spec.split_once('-'))
    else {
        return false;
    };
    let number = |text: &str| -> Option<u64> {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    match (first.is_empty(), last.is_empty()) {
        (true, true) => false,
        (true, false) => number(last).is_some_and(|suffix| suffix > 0),
        (false, true) => number(first).is_some(),
        (false, false) => matches!((number(first), number(last)), (Some(a), Some(b)) if a <= b),
    }
}

/// What a reader's browser may pass on to a publisher: the byte range its
/// player wants and the validators of the copy it holds. Nothing else of
/// the reader's request (no address, cookie, `Referer`, user agent or
/// language) ever reaches the publisher.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamRequest {
    /// `Range`, when [`is_single_byte_range`] accepts it (others are
    /// dropped: the whole resource is asked for).
    pub range: Option<String>,
    /// `If-Range`: the range applies only to this version.
    pub if_range: Option<String>,
    /// `If-None-Match` and `If-Modified-Since` of the browser's copy.
    pub validators: Validators,
}

/// The chunks of a streamed body, each checked against the cap and the
/// read timeout; an `Err` ends it.
pub type BodyStream = Pin<Box<dyn Stream<Item = Result<Bytes, FetchError>> + Send>>;

/// A publisher's answer to a streaming fetch: its status, the headers a
/// player needs, and the body, still to be read.
pub struct Streamed {
    /// 200, 206 (a range), 304 (the browser's copy is current) or 416
    /// (the range is past the end).
    pub status: u16,
    /// `Content-Type`, as sent.
    pub content_type: Option<String>,
    /// `Content-Length` of this answer, if sent.
    pub content_length: Option<u64>,
    /// `Content-Range` of a 206 or 416, as sent.
    pub content_range: Option<String>,
    /// The publisher said `Accept-Ranges: bytes`.
    pub accepts_ranges: bool,
    /// `ETag` and `Last-Modified`.
    pub validators: Validators,
    /// Where the answer came from, after redirects.
    pub final_url: Url,
    /// The body's chunks (empty for 304 and 416).
    pub body: BodyStream,
}

impl std::fmt::Debug for Streamed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Streamed")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .field("content_range", &self.content_range)
            .field("accepts_ranges", &self.accepts_ranges)
            .field("final_url", &self.final_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Streamed {
    /// Reads the whole body into memory, refusing more than `limit` bytes:
    /// for an image, which is sent whole and small.
    pub async fn collect(mut self, limit: usize) -> Result<Vec<u8>, FetchError> {
        use futures_util::StreamExt as _;
        if self.content_length.is_some_and(|len| len > limit as u64) {
            return Err(FetchError::TooLarge { limit });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = self.body.next().await {
            let chunk = chunk?;
            if bytes.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
}

/// Streams publishers' media under one [`FetchPolicy`] (usually
/// [`FetchPolicy::streaming`]). Cheap to clone; keep one so connections
/// are reused.
#[derive(Debug, Clone)]
pub struct Streamer {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
}

impl Streamer {
    /// A streamer applying `policy`. Fails only if the TLS library cannot
    /// start.
    pub fn new(policy: FetchPolicy) -> Result<Streamer, FetchError> {
        let policy = Arc::new(policy);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .no_proxy()
            .referer(false)
            // Byte ranges address the stored bytes: never decompress.
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .redirect(redirect_policy(Arc::clone(&policy)))
            .dns_resolver(Arc::new(GuardedResolver {
                policy: Arc::clone(&policy),
            }))
            .connect_timeout(policy.connect_timeout)
            .build()
            .map_err(from_reqwest)?;
        Ok(Streamer { client, policy })
    }

    /// The policy every stream follows.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// Asks `url` for what `request` names and returns the answer with its
    /// body unread. Refuses (before any byte of body) what the policy
    /// refuses, statuses other than 200/206/304/416, and a resource whose
    /// announced size is over the cap. Logs one line per stream opened.
    pub async fn open(&self, url: &str, request: &StreamRequest) -> Result<Streamed, FetchError> {
        let started = Instant::now();
        let result =
            tokio::time::timeout(self.policy.total_timeout, self.open_unlogged(url, request))
                .await
                .unwrap_or(Err(FetchError::Timeout));
        let host = Url::parse(url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned))
            .unwrap_or_default();
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match &result {
            Ok(streamed) => tracing::info!(
                host,
                status = streamed.status,
                length = streamed.content_length,
                elapsed_ms,
                "stream opened"
            ),
            Err(error) => tracing::info!(host, elapsed_ms, %error, "stream refused"),
        }
        result
    }

    async fn open_unlogged(
        &self,
        url: &str,
        request: &StreamRequest,
    ) -> Result<Streamed, FetchError> {
        let url = Url::parse(url).map_err(FetchError::BadUrl)?;
        self.policy.check_url(&url).map_err(FetchError::Forbidden)?;
        let mut outgoing = self
            .client
            .get(url)
            .header(header::ACCEPT, self.policy.accept)
            .header(header::ACCEPT_ENCODING, "identity");
        let valid = |text: &Option<String>| {
            text.as_deref()
                .and_then(|text| HeaderValue::from_str(text).ok())
        };
        let range = request
            .range
            .clone()
            .filter(|range| is_single_byte_range(range));
        let ranged = range.is_some();
        if let Some(range) = valid(&range) {
            outgoing = outgoing.header(header::RANGE, range);
            if let Some(if_range) = valid(&request.if_range) {
                outgoing = outgoing.header(header::IF_RANGE, if_range);
            }
        }
        let conditional = !request.validators.is_empty();
        if let Some(etag) = valid(&request.validators.etag) {
            outgoing = outgoing.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(date) = valid(&request.validators.last_modified) {
            outgoing = outgoing.header(header::IF_MODIFIED_SINCE, date);
        }

        let response = outgoing.send().await.map_err(from_reqwest)?;
        let status = response.status();
        match status {
            StatusCode::OK => {}
            StatusCode::PARTIAL_CONTENT | StatusCode::RANGE_NOT_SATISFIABLE if ranged => {}
            StatusCode::NOT_MODIFIED if conditional => {}
            other => return Err(FetchError::Status(other.as_u16())),
        }
        let headers = response.headers();
        let text = |name| {
            headers
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let limit = self.policy.max_body_bytes;
        let content_length = response.content_length();
        let content_range = text(header::CONTENT_RANGE);
        // The whole resource's size: a 206 says it after the slash.
        let total = match status {
            StatusCode::PARTIAL_CONTENT => content_range.as_deref().and_then(complete_length),
            _ => content_length,
        };
        if total
            .or(content_length)
            .is_some_and(|len| len > limit as u64)
        {
            return Err(FetchError::TooLarge { limit });
        }
        let streamed = Streamed {
            status: status.as_u16(),
            content_type: text(header::CONTENT_TYPE),
            content_length,
            content_range,
            accepts_ranges: accepts_byte_ranges(headers),
            validators: validators_from(headers),
            final_url: response.url().clone(),
            body: Box::pin(futures_util::stream::empty()),
        };
        let body = match status {
            StatusCode::OK | StatusCode::PARTIAL_CONTENT => {
                chunks(response, limit, self.policy.read_timeout)
            }
            _ => Box::pin(futures_util::stream::empty()) as BodyStream,
        };
        Ok(Streamed { body, ..streamed })
    }
}

/// The body of `response` as a stream that counts what it passes and
/// waits at most `idle` for each chunk.
fn chunks(response: reqwest::Response, limit: usize, idle: Duration) -> BodyStream {
    let state = (response, 0_usize);
    Box::pin(futures_util::stream::try_unfold(
        state,
        move |(mut response, sent)| async move {
            let chunk = tokio::time::timeout(idle, response.chunk())
                .await
                .map_err(|_| FetchError::Timeout)?
                .map_err(from_reqwest)?;
            let Some(chunk) = chunk else {
                return Ok(None);
            };
            let sent = sent.saturating_add(chunk.len());
            if sent > limit {
                return Err(FetchError::TooLarge { limit });
            }
            Ok(Some((chunk, (response, sent))))
        },
    ))
}

/// The complete length in a `Content-Range` (`bytes 0-99/1234` → 1234);
/// `None` for an unknown one (`/*`) or a header that is not one.
pub(crate) fn complete_length(content_range: &str) -> Option<u64> {
    content_range.rsplit_once('/')?.1.trim().parse().ok()
}

fn accepts_byte_ranges(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT_RANGES)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|unit| unit.trim() == "bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_lengths_are_read_strictly() {
        for (value, single) in [
            ("bytes=0-0", true),
            ("bytes=0-", true),
            ("bytes=-1", true),
            ("bytes=-0", false),
            ("bytes=-", false),
            ("bytes= 0-1", false),
            ("bytes=0-1\r\nX: y", false),
            ("bytes=18446744073709551616-", false),
            (&format!("bytes=0-{}", "9".repeat(60)), false),
        ] {
            assert_eq!(is_single_byte_range(value), single, "{value:?}");
        }
        assert_eq!(complete_length("bytes 0-99/1234"), Some(1234));
        assert_eq!(complete_length("bytes 0-99/*"), None);
        assert_eq!(complete_length("nonsense"), None);
    }
}
