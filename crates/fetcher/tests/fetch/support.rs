//! A publisher's server on 127.0.0.1:0, with one route per behaviour the
//! tests need, and helpers to fetch from it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream;
use newsdesk_fetcher::{FetchError, FetchPolicy, Fetched, Fetcher};

/// A real-looking RSS feed, as a small publisher serves it.
pub const FEED: &str = include_str!("fixtures/harbour-gazette.rss");

/// The `ETag` `/conditional` sends (quotes included, as on the wire).
pub const ETAG: &str = "\"harbour-42\"";

/// The `Last-Modified` `/conditional` sends.
pub const LAST_MODIFIED: &str = "Tue, 04 Nov 2025 06:12:00 GMT";

/// How long `/slow` waits before answering: far past the short timeouts
/// tests set, far below the test harness's patience.
pub const SLOW: Duration = Duration::from_secs(3);

/// A short total timeout for tests that expect one to fire.
pub const SHORT_TIMEOUT: Duration = Duration::from_millis(300);

/// What the upstream saw: every request's headers, in order.
#[derive(Clone, Default)]
struct Seen {
    requests: Arc<Mutex<Vec<HeaderMap>>>,
    hits: Arc<AtomicUsize>,
}

/// A running upstream. It lives until the test's runtime ends.
pub struct Upstream {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    seen: Seen,
}

impl Upstream {
    /// Starts the upstream on a free loopback port.
    pub async fn start() -> Upstream {
        let seen = Seen::default();
        let router = routes().layer(middleware::from_fn_with_state(seen.clone(), record));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        let addr = listener.local_addr().expect("local address");
        tokio::spawn(async move {
            axum::serve(listener, router).await.expect("serve");
        });
        Upstream { addr, seen }
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The feed policy, allowed to reach this upstream (loopback and its
    /// port) with a total timeout roomy enough for a busy 2-core machine.
    pub fn policy(&self) -> FetchPolicy {
        let mut policy = FetchPolicy::feeds()
            .allow_loopback_for_tests()
            .with_port(self.addr.port());
        policy.total_timeout = Duration::from_secs(10);
        policy
    }

    /// Fetches `path` from this upstream under [`Upstream::policy`].
    pub async fn fetch(&self, path: &str) -> Result<Fetched, FetchError> {
        fetch_with(self.policy(), &self.url(path)).await
    }

    /// How many requests reached the upstream.
    pub fn hits(&self) -> usize {
        self.seen.hits.load(Ordering::SeqCst)
    }

    /// The headers of the last request that reached the upstream.
    pub fn last_request(&self) -> HeaderMap {
        self.seen
            .requests
            .lock()
            .expect("lock")
            .last()
            .cloned()
            .expect("the upstream saw a request")
    }
}

/// Fetches `url` once with a fresh fetcher under `policy`.
pub async fn fetch_with(policy: FetchPolicy, url: &str) -> Result<Fetched, FetchError> {
    Fetcher::new(policy)
        .expect("the fetcher starts")
        .fetch(url, None)
        .await
}

/// The body of a fetch that must have succeeded.
pub fn body(fetched: Result<Fetched, FetchError>) -> Vec<u8> {
    match fetched {
        Ok(Fetched::Body { bytes, .. }) => bytes,
        other => panic!("expected a body, got {other:?}"),
    }
}

async fn record(State(seen): State<Seen>, request: Request, next: Next) -> Response {
    seen.hits.fetch_add(1, Ordering::SeqCst);
    seen.requests
        .lock()
        .expect("lock")
        .push(request.headers().clone());
    next.run(request).await
}

fn routes() -> Router {
    Router::new()
        .route("/feed", get(feed))
        .route("/slow", get(slow))
        .route("/drip", get(drip))
        .route("/sized/{len}", get(sized))
        .route("/chunked/{len}", get(chunked))
        .route("/endless", get(endless))
        .route("/announced", get(announced))
        .route("/gzip/{len}", get(gzip_zeros))
        .route("/deflate/{len}", get(deflate_zeros))
        .route("/gzip-feed", get(gzip_feed))
        .route("/redirect/{hops}", get(redirect_chain))
        .route("/loop", get(|| async { found("/loop") }))
        .route("/to", get(redirect_to))
        .route("/no-location", get(|| async { StatusCode::FOUND }))
        .route("/conditional", get(conditional))
        .route("/status/{code}", get(status))
        .route("/clip.webm", get(clip))
        .route("/clip/{type}", get(clip_typed))
}

/// The bytes of `/clip.webm`: 1,000 bytes, each its offset mod 251, so a
/// wrong range shows as wrong bytes.
pub fn clip_bytes() -> Vec<u8> {
    (0..1_000_u32).map(|i| (i % 251) as u8).collect()
}

/// The `ETag` `/clip.webm` sends.
pub const CLIP_ETAG: &str = "\"clip-1\"";

/// A video file as a publisher's media server sends it: ranges answered
/// with 206 and `Content-Range`, `bytes=…` past the end with 416.
async fn clip(headers: HeaderMap) -> Response {
    ranged(&headers, "video/webm")
}

/// `/clip.webm`'s bytes under another `Content-Type`, ranges and all.
async fn clip_typed(Path(kind): Path<String>, headers: HeaderMap) -> Response {
    let kind = kind.replacen('-', "/", 1);
    ranged(&headers, Box::leak(kind.into_boxed_str()))
}

fn ranged(headers: &HeaderMap, kind: &'static str) -> Response {
    let bytes = clip_bytes();
    let len = bytes.len();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes="))
        .and_then(|v| v.split_once('-'))
        .map(|(a, b)| (a.parse::<usize>().ok(), b.parse::<usize>().ok()));
    let common = [
        (header::CONTENT_TYPE, kind.to_owned()),
        (header::ACCEPT_RANGES, "bytes".to_owned()),
        (header::ETAG, CLIP_ETAG.to_owned()),
    ];
    match range {
        None => (common, bytes).into_response(),
        Some((Some(start), _)) if start >= len => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{len}"))],
        )
            .into_response(),
        Some((start, end)) => {
            let (start, end) = match (start, end) {
                (Some(s), Some(e)) => (s, e.min(len - 1)),
                (Some(s), None) => (s, len - 1),
                (None, Some(suffix)) => (len - suffix.min(len), len - 1),
                (None, None) => (0, len - 1),
            };
            (
                StatusCode::PARTIAL_CONTENT,
                common,
                [(header::CONTENT_RANGE, format!("bytes {start}-{end}/{len}"))],
                bytes[start..=end].to_vec(),
            )
                .into_response()
        }
    }
}

async fn feed() -> Response {
    (
        [(header::CONTENT_TYPE, "application/rss+xml; charset=utf-8")],
        FEED,
    )
        .into_response()
}

async fn slow() -> Response {
    tokio::time::sleep(SLOW).await;
    feed().await
}

/// Headers at once, then one byte every 100 ms, forever: a server keeping
/// the proxy's connection busy.
async fn drip() -> Response {
    let bytes = stream::unfold((), |()| async {
        tokio::time::sleep(Duration::from_millis(100)).await;
        Some((Ok::<_, Infallible>(Bytes::from_static(b"<")), ()))
    });
    Body::from_stream(bytes).into_response()
}

/// `len` bytes with a `Content-Length`.
async fn sized(Path(len): Path<usize>) -> Response {
    vec![b'x'; len].into_response()
}

/// `len` bytes in 16 KiB chunks, no `Content-Length` (chunked encoding).
async fn chunked(Path(len): Path<usize>) -> Response {
    const CHUNK: usize = 16 * 1024;
    let chunks = (0..len.div_ceil(CHUNK))
        .map(move |i| Ok::<_, Infallible>(Bytes::from(vec![b'x'; CHUNK.min(len - i * CHUNK)])));
    Body::from_stream(stream::iter(chunks)).into_response()
}

/// 64 KiB chunks for as long as anyone reads.
async fn endless() -> Response {
    let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
    Body::from_stream(stream::repeat(Ok::<_, Infallible>(chunk))).into_response()
}

/// Announces 6 MiB and then sends nothing: only a client that believes the
/// header and stops at once gets an answer.
async fn announced() -> Response {
    let nothing = stream::pending::<Result<Bytes, Infallible>>();
    let mut response = Body::from_stream(nothing).into_response();
    response.headers_mut().insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(6 * 1024 * 1024_u64),
    );
    response
}

/// `len` zero bytes, gzip-compressed: a few KiB on the wire.
async fn gzip_zeros(Path(len): Path<usize>) -> Response {
    let encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoded("gzip", compress_zeros(encoder, len))
}

/// `len` zero bytes, zlib-compressed (HTTP's `deflate`).
async fn deflate_zeros(Path(len): Path<usize>) -> Response {
    let encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    encoded("deflate", compress_zeros(encoder, len))
}

async fn gzip_feed() -> Response {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(FEED.as_bytes()).expect("compress");
    encoded("gzip", encoder.finish().expect("compress"))
}

/// Writes `len` zeros through `encoder` and returns what it made.
fn compress_zeros<E: Write + Finish>(mut encoder: E, len: usize) -> Vec<u8> {
    let zeros = vec![0_u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len());
        encoder.write_all(&zeros[..n]).expect("compress");
        left -= n;
    }
    encoder.finish_into_vec()
}

/// flate2's encoders share no trait for `finish`.
trait Finish {
    fn finish_into_vec(self) -> Vec<u8>;
}

impl Finish for flate2::write::GzEncoder<Vec<u8>> {
    fn finish_into_vec(self) -> Vec<u8> {
        self.finish().expect("compress")
    }
}

impl Finish for flate2::write::ZlibEncoder<Vec<u8>> {
    fn finish_into_vec(self) -> Vec<u8> {
        self.finish().expect("compress")
    }
}

fn encoded(encoding: &'static str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_ENCODING, encoding),
            (header::CONTENT_TYPE, "application/rss+xml"),
        ],
        body,
    )
        .into_response()
}

fn found(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location.to_owned())]).into_response()
}

/// `/redirect/3` → `/redirect/2` → `/redirect/1` → `/redirect/0` = the feed.
async fn redirect_chain(Path(hops): Path<u32>) -> Response {
    match hops {
        0 => feed().await,
        n => found(&format!("/redirect/{}", n - 1)),
    }
}

/// `/to?url=<where>`: a redirect anywhere, as a hostile publisher sends.
async fn redirect_to(Query(query): Query<HashMap<String, String>>) -> Response {
    found(&query["url"])
}

/// 304 when the request's validators match; otherwise the feed with them.
async fn conditional(headers: HeaderMap) -> Response {
    let sent = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let fresh = sent(header::IF_NONE_MATCH) == Some(ETAG)
        || sent(header::IF_MODIFIED_SINCE) == Some(LAST_MODIFIED);
    if fresh {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    (
        [
            (header::ETAG, ETAG),
            (header::LAST_MODIFIED, LAST_MODIFIED),
            (header::CONTENT_TYPE, "application/rss+xml"),
        ],
        FEED,
    )
        .into_response()
}

async fn status(Path(code): Path<u16>) -> Response {
    StatusCode::from_u16(code)
        .expect("a valid status")
        .into_response()
}
