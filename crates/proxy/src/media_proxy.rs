//! What the proxy fetches on a reader's behalf, beyond its own sources:
//! images behind signed `/api/media` links, and (when the operator allows
//! it) feeds readers add through `/api/open-feed`. Both go through the same
//! [`Fetcher`] rules as the sources: public http/https only, limits, no
//! private addresses.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::api::FEED_CONTENT_TYPE;
use crate::cache;
use crate::error::Error;
use crate::fetcher::{FetchError, FetchPolicy, Fetched, Fetcher};
use crate::normalize::{normalize, NormalizeOptions};
use crate::signer::MediaSigner;
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

/// How long browsers, the service worker and CDNs may keep an image: a
/// signed link names one upstream URL, and publishers rarely change an
/// image in place.
pub const MEDIA_CACHE: &str = "public, max-age=604800";

/// How long a reader-added feed is reused before it is fetched again.
pub const OPEN_FEED_TTL: Duration = Duration::from_secs(10 * 60);

/// Reader-added feeds remembered at most (each up to 200 items): bounds
/// memory whatever readers add.
pub const MAX_OPEN_FEEDS: usize = 256;

/// The fetchers for images and reader-added feeds, and the media key.
#[derive(Debug)]
pub struct Upstream {
    signer: MediaSigner,
    images: Fetcher,
    open_feeds: Option<Fetcher>,
    cache: Mutex<HashMap<String, (Instant, String)>>,
}

impl Upstream {
    /// Whether readers may add feeds through `/api/open-feed`.
    pub fn open_feeds_enabled(&self) -> bool {
        self.open_feeds.is_some()
    }

    /// Image fetching with `signer`; reader-added feeds when `open_feeds`.
    /// `images` and `feeds` are the policies (tests allow loopback).
    pub fn new(
        signer: MediaSigner,
        images: FetchPolicy,
        open_feeds: Option<FetchPolicy>,
    ) -> Result<Upstream, FetchError> {
        Ok(Upstream {
            signer,
            images: Fetcher::new(images)?,
            open_feeds: open_feeds.map(Fetcher::new).transpose()?,
            cache: Mutex::new(HashMap::new()),
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

/// `GET /api/media?url=…&sig=…`: an image the proxy itself linked to.
pub async fn media(
    State(state): State<AppState>,
    query: Result<Query<MediaQuery>, QueryRejection>,
    request: HeaderMap,
) -> Result<Response, Error> {
    let upstream = state.upstream.as_ref().ok_or(Error::NoSuchEndpoint)?;
    let Query(query) = query.map_err(|_| Error::BadSignature)?;
    if !upstream.signer.verify(&query.url, &query.sig) {
        return Err(Error::BadSignature);
    }
    let fetched = upstream
        .images
        .fetch(&query.url, None)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "media fetch failed");
            Error::Upstream
        })?;
    let Fetched::Body {
        bytes,
        content_type,
        ..
    } = fetched
    else {
        return Err(Error::Upstream);
    };
    let kind = content_type
        .as_deref()
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase())
        .and_then(|t| IMAGE_TYPES.iter().find(|&&known| known == t).copied())
        .ok_or(Error::NotAnImage)?;
    Ok(cache::respond(&request, bytes, kind, MEDIA_CACHE))
}

/// The query of `/api/open-feed`.
#[derive(Debug, Deserialize)]
pub struct OpenFeedQuery {
    url: String,
}

/// `GET /api/open-feed?url=…`: any public feed a reader adds, normalized
/// like the operator's sources. Off unless the operator enables it.
pub async fn open_feed(
    State(state): State<AppState>,
    query: Result<Query<OpenFeedQuery>, QueryRejection>,
    request: HeaderMap,
) -> Result<Response, Error> {
    let upstream = state.upstream.as_ref().ok_or(Error::OpenFeedsDisabled)?;
    let fetcher = upstream
        .open_feeds
        .as_ref()
        .ok_or(Error::OpenFeedsDisabled)?;
    let Query(query) = query.map_err(|_| Error::BadQuery)?;
    let url = url::Url::parse(&query.url).map_err(|_| Error::Refused)?;
    let key = url.as_str().to_owned();
    if let Some(body) = upstream.cached(&key) {
        return Ok(feed_response(&request, body));
    }
    let fetched = fetcher.fetch(url.as_str(), None).await.map_err(|error| {
        tracing::warn!(%error, "reader-added feed fetch failed");
        match error {
            FetchError::Forbidden(_) | FetchError::BadUrl(_) => Error::Refused,
            _ => Error::Upstream,
        }
    })?;
    let Fetched::Body {
        bytes,
        content_type,
        final_url,
        ..
    } = fetched
    else {
        return Err(Error::Upstream);
    };
    let mut options = NormalizeOptions::new(open_source_id(&key));
    options.feed_url = Some(final_url);
    options.media = Some(upstream.signer.clone());
    let feed = normalize(&bytes, content_type.as_deref(), &options).map_err(|error| {
        tracing::warn!(%error, "reader-added feed cannot be read");
        Error::Upstream
    })?;
    let body = feed.to_json();
    upstream.remember(key, body.clone());
    Ok(feed_response(&request, body))
}

impl Upstream {
    fn cached(&self, key: &str) -> Option<String> {
        let cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .get(key)
            .filter(|(at, _)| at.elapsed() < OPEN_FEED_TTL)
            .map(|(_, body)| body.clone())
    }

    fn remember(&self, key: String, body: String) {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= MAX_OPEN_FEEDS {
            cache.retain(|_, (at, _)| at.elapsed() < OPEN_FEED_TTL);
            if cache.len() >= MAX_OPEN_FEEDS {
                cache.clear();
            }
        }
        cache.insert(key, (Instant::now(), body));
    }
}

fn feed_response(request: &HeaderMap, body: String) -> Response {
    let mut response = cache::respond(request, body, FEED_CONTENT_TYPE, cache::FEED);
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response.into_response()
}

/// A stable source id for a reader-added URL: `open-` and a hash, so its
/// item ids never collide with the operator's sources.
fn open_source_id(url: &str) -> String {
    let digest = Sha256::digest(url.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("open-{hex}")
}
