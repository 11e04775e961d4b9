//! `/api/open-feed`: any public feed a reader adds (when the operator
//! allows it), fetched through the same [`Fetcher`] rules as the sources
//! and normalized like them, kept for [`OPEN_FEED_TTL`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use newsdesk_fetcher::{FetchError, FetchPolicy, Fetched, Fetcher};
use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::signer::MediaSigner;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::api::FEED_CONTENT_TYPE;
use crate::cache;
use crate::error::Error;
use crate::AppState;

/// How long a reader-added feed is reused before it is fetched again.
pub const OPEN_FEED_TTL: Duration = Duration::from_secs(10 * 60);

/// Reader-added feeds remembered at most (each up to 200 items): bounds
/// memory whatever readers add.
pub const MAX_OPEN_FEEDS: usize = 256;

/// The fetcher for reader-added feeds, the media key their images are
/// signed with, and the feeds fetched lately.
#[derive(Debug)]
pub struct OpenFeeds {
    signer: MediaSigner,
    fetcher: Fetcher,
    cache: Mutex<HashMap<String, (Instant, String)>>,
}

impl OpenFeeds {
    /// Reader-added feeds fetched under `feeds` (tests allow loopback),
    /// their images signed with `signer`.
    pub fn new(signer: MediaSigner, feeds: FetchPolicy) -> Result<OpenFeeds, FetchError> {
        Ok(OpenFeeds {
            signer,
            fetcher: Fetcher::new(feeds)?,
            cache: Mutex::new(HashMap::new()),
        })
    }
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
    let open = state.open_feeds.as_ref().ok_or(Error::OpenFeedsDisabled)?;
    let Query(query) = query.map_err(|_| Error::BadQuery)?;
    let url = url::Url::parse(&query.url).map_err(|_| Error::Refused)?;
    let key = url.as_str().to_owned();
    if let Some(body) = open.cached(&key) {
        return Ok(feed_response(&request, body));
    }
    let fetched = open
        .fetcher
        .fetch(url.as_str(), None)
        .await
        .map_err(|error| {
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
    options.media = Some(open.signer.clone());
    let feed = normalize(&bytes, content_type.as_deref(), &options).map_err(|error| {
        tracing::warn!(%error, "reader-added feed cannot be read");
        Error::Upstream
    })?;
    let body = feed.to_json();
    open.remember(key, body.clone());
    Ok(feed_response(&request, body))
}

impl OpenFeeds {
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
