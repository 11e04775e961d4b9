//! `/api/media`: the publisher's images, video and audio behind the signed
//! links normalize wrote into items, fetched on a reader's behalf through
//! the fetcher's rules (public http/https only, allowed ports, redirects
//! re-checked, limits), and passed on only if they are of a type the page
//! may show: raster images, or video and audio a browser plays.
//!
//! One request to the publisher decides which: a [`Streamer`] asks for the
//! link with the byte range the reader's player wants, then
//! - an image (a whole 200) is read into memory (at most
//!   [`MAX_IMAGE_BYTES`]) and answered with our own ETag, so the browser
//!   and the service worker can revalidate it;
//! - video and audio (200 or 206) are streamed through chunk by chunk,
//!   never held whole, with the publisher's `Content-Range`,
//!   `Accept-Ranges`, `ETag` and `Last-Modified`, so the player can seek;
//!   the fetcher ends a stream past [`newsdesk_fetcher::MAX_STREAM_BYTES`].
//!
//! What reaches the publisher from the reader is only `Range`, `If-Range`,
//! `If-None-Match` and `If-Modified-Since` ([`StreamRequest`]): never the
//! reader's address (no `Forwarded`/`X-Forwarded-For`), cookies, referer,
//! user agent or language. At most [`MAX_CONCURRENT_FETCHES`] media
//! fetches run at once; past that a reader gets 503 and a retry time.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use futures_util::StreamExt as _;
use newsdesk_fetcher::{
    is_single_byte_range, FetchError, FetchPolicy, StreamRequest, Streamed, Streamer, Validators,
    MAX_IMAGE_BYTES,
};
use newsdesk_ingest::signer::MediaSigner;
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::cache;
use crate::error::Error;
use crate::AppState;

/// Image types passed through. Raster formats only: an SVG from a
/// publisher can carry script, and readers gain nothing from it here.
pub const IMAGE_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/x-icon",
];

/// Video and audio types passed through: what browsers play natively in
/// `<video>` and `<audio>` (no transcoding here). Anything else a
/// publisher sends under a signed link is refused.
pub const PLAYABLE_TYPES: [&str; 12] = [
    "video/mp4",
    "video/webm",
    "video/ogg",
    "audio/mpeg",
    "audio/mp3",
    "audio/mp4",
    "audio/x-m4a",
    "audio/aac",
    "audio/ogg",
    "audio/opus",
    "audio/webm",
    "audio/flac",
];

/// Media fetches (images and streams) in flight at once. Each holds one
/// publisher connection and a chunk or an image in memory: 64 is at most
/// 64 sockets and, for streams, well under 10 MiB of buffers, while a
/// page of images and a video or two for several readers fits.
pub const MAX_CONCURRENT_FETCHES: usize = 64;

/// How long browsers, the service worker and CDNs may keep an image: a
/// signed link names one upstream URL, and publishers rarely change an
/// image in place.
pub const MEDIA_CACHE: &str = "public, max-age=604800";

/// Video and audio: the browser may keep what it fetched for a day, and
/// revalidates with the publisher's validators after.
pub const STREAM_CACHE: &str = "public, max-age=86400";

/// The media key and the fetcher for media.
#[derive(Debug)]
pub struct MediaProxy {
    signer: MediaSigner,
    streamer: Streamer,
    in_flight: Arc<Semaphore>,
}

impl MediaProxy {
    /// Media fetching under `policy`'s addresses, ports and timeouts
    /// (tests allow loopback), made a streaming policy
    /// ([`FetchPolicy::streaming`]), for links signed with `signer`.
    pub fn new(signer: MediaSigner, policy: FetchPolicy) -> Result<MediaProxy, FetchError> {
        Ok(MediaProxy {
            signer,
            streamer: Streamer::new(policy.streaming())?,
            in_flight: Arc::new(Semaphore::new(MAX_CONCURRENT_FETCHES)),
        })
    }

    /// The signer, to hand to normalization.
    pub fn signer(&self) -> &MediaSigner {
        &self.signer
    }
}

/// The query of `/api/media`.
#[derive(Debug, Deserialize)]
pub struct MediaQuery {
    url: String,
    sig: String,
}

/// `GET /api/media?url=…&sig=…`: an image, a video or an audio file the
/// proxy itself linked to.
pub async fn media(
    State(state): State<AppState>,
    query: Result<Query<MediaQuery>, QueryRejection>,
    request: HeaderMap,
) -> Result<Response, Error> {
    let proxy = state.media.as_ref().ok_or(Error::NoSuchEndpoint)?;
    let Query(query) = query.map_err(|_| Error::BadSignature)?;
    if !proxy.signer.verify(&query.url, &query.sig) {
        return Err(Error::BadSignature);
    }
    let permit = Arc::clone(&proxy.in_flight)
        .try_acquire_owned()
        .map_err(|_| Error::Busy)?;
    let streamed = proxy
        .streamer
        .open(&query.url, &passed_on(&request))
        .await
        .map_err(|error| {
            tracing::warn!(%error, "media fetch failed");
            Error::Upstream
        })?;
    let essence = streamed
        .content_type
        .as_deref()
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let image = IMAGE_TYPES.iter().find(|&&known| known == essence).copied();
    if let (Some(kind), 200) = (image, streamed.status) {
        // Whole and small: held, tagged, and revalidated against our ETag.
        let bytes = streamed.collect(MAX_IMAGE_BYTES).await.map_err(|error| {
            tracing::warn!(%error, "media fetch failed");
            Error::Upstream
        })?;
        drop(permit);
        return Ok(cache::respond(&request, bytes, kind, MEDIA_CACHE));
    }
    let kind = match streamed.status {
        // No body: nothing to judge the type of.
        304 | 416 => None,
        _ => Some(
            PLAYABLE_TYPES
                .iter()
                .chain(&IMAGE_TYPES)
                .find(|&&known| known == essence)
                .copied()
                .ok_or(Error::NotMedia)?,
        ),
    };
    Ok(stream_response(streamed, kind, permit))
}

/// What of the reader's request goes to the publisher: one byte range and
/// the validators of the browser's copy, nothing else.
fn passed_on(request: &HeaderMap) -> StreamRequest {
    let text = |name: HeaderName| {
        request
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let range = text(header::RANGE).filter(|r| is_single_byte_range(r));
    StreamRequest {
        if_range: range.as_ref().and_then(|_| text(header::IF_RANGE)),
        range,
        validators: Validators {
            etag: text(header::IF_NONE_MATCH),
            last_modified: text(header::IF_MODIFIED_SINCE),
        },
    }
}

/// The publisher's answer passed on as it streams, holding `permit` until
/// the body ends or the reader goes away.
fn stream_response(
    streamed: Streamed,
    kind: Option<&'static str>,
    permit: tokio::sync::OwnedSemaphorePermit,
) -> Response {
    let status = StatusCode::from_u16(streamed.status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut headers = HeaderMap::new();
    let mut put = |name: HeaderName, value: Option<&str>| {
        if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    };
    put(header::CONTENT_TYPE, kind);
    put(
        header::CONTENT_LENGTH,
        streamed.content_length.map(|n| n.to_string()).as_deref(),
    );
    put(header::CONTENT_RANGE, streamed.content_range.as_deref());
    put(
        header::ACCEPT_RANGES,
        streamed.accepts_ranges.then_some("bytes"),
    );
    put(header::ETAG, streamed.validators.etag.as_deref());
    put(
        header::LAST_MODIFIED,
        streamed.validators.last_modified.as_deref(),
    );
    put(header::CACHE_CONTROL, Some(STREAM_CACHE));
    let body = streamed.body.map(move |chunk| {
        // Released with the body: when it ends, fails or the reader leaves.
        let _held = &permit;
        chunk.map_err(|error| {
            tracing::info!(%error, "media stream ended early");
            std::io::Error::other(error)
        })
    });
    let mut response = Response::new(Body::from_stream(body));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
