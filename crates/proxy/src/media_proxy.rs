//! `/api/media`: images behind the signed links normalize wrote into
//! articles, fetched on a reader's behalf through the same [`Fetcher`]
//! rules as the sources (public http/https only, limits, no private
//! addresses), and passed on only if they are raster images.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use newsdesk_fetcher::{FetchError, FetchPolicy, Fetched, Fetcher};
use newsdesk_ingest::signer::MediaSigner;
use serde::Deserialize;

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

/// How long browsers, the service worker and CDNs may keep an image: a
/// signed link names one upstream URL, and publishers rarely change an
/// image in place.
pub const MEDIA_CACHE: &str = "public, max-age=604800";

/// The media key and the fetcher for images.
#[derive(Debug)]
pub struct MediaProxy {
    signer: MediaSigner,
    images: Fetcher,
}

impl MediaProxy {
    /// Image fetching under `images` (tests allow loopback), for links
    /// signed with `signer`.
    pub fn new(signer: MediaSigner, images: FetchPolicy) -> Result<MediaProxy, FetchError> {
        Ok(MediaProxy {
            signer,
            images: Fetcher::new(images)?,
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
    let proxy = state.media.as_ref().ok_or(Error::NoSuchEndpoint)?;
    let Query(query) = query.map_err(|_| Error::BadSignature)?;
    if !proxy.signer.verify(&query.url, &query.sig) {
        return Err(Error::BadSignature);
    }
    let fetched = proxy
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
