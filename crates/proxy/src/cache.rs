//! How long browsers and shared caches may keep what the proxy serves, and
//! the `ETag` / `If-None-Match` handshake that makes revalidation cheap.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Feeds, sources and items: news moves, but a minute of caching lets an
/// ordinary HTTP cache in front of several proxies absorb a burst of
/// readers, and a new story still shows within a minute.
pub const FEED: &str = "public, max-age=60";

/// Health checks must see this instance, now, never a cached answer.
pub const HEALTH: &str = "no-cache";

/// Demo images and clips: they only change when the binary does, and a day
/// keeps a reader's phone from downloading a clip twice in a session while
/// an upgraded demo still reaches everyone by the next day.
pub const DEMO_ASSET: &str = "public, max-age=86400";

/// Files whose name carries a content hash: a new build gives them a new
/// name, so they can be kept for a year (the longest RFC 9111 suggests)
/// and never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// index.html and other unhashed files: always revalidate, so a reader
/// gets the new build's file names as soon as it is deployed.
pub const REVALIDATE: &str = "no-cache";

/// Bytes of the SHA-256 digest kept in an ETag: 128 bits is far beyond any
/// chance of two versions of one URL colliding, and keeps the header short.
const ETAG_DIGEST_BYTES: usize = 16;

/// A strong ETag for a body: a hash of its bytes, so every instance of the
/// proxy gives the same tag for the same content.
///
/// ```
/// let tag = newsdesk_proxy::cache::etag(b"hello");
/// assert!(tag.starts_with('"') && tag.ends_with('"'));
/// assert_eq!(tag, newsdesk_proxy::cache::etag(b"hello"));
/// ```
pub fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    format!(
        "\"{}\"",
        URL_SAFE_NO_PAD.encode(&digest[..ETAG_DIGEST_BYTES])
    )
}

/// True when the request's `If-None-Match` names this ETag (or is `*`), so
/// a 304 can replace the body. Comparison is weak, as RFC 9110 asks for
/// `If-None-Match`: `W/"x"` matches `"x"`.
pub fn is_fresh(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == etag)
}

/// A response for a body with validators: 304 with no body when the
/// client's copy is current, else 200 with the body.
pub fn respond(
    request: &HeaderMap,
    body: impl Into<Vec<u8>>,
    content_type: &'static str,
    cache_control: &'static str,
) -> Response {
    let body = body.into();
    let tag = etag(&body);
    let fresh = is_fresh(request, &tag);
    let mut response = if fresh {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    if fresh {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    let headers = response.headers_mut();
    if !fresh {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Ok(value) = HeaderValue::from_str(&tag) {
        headers.insert(header::ETAG, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_forms() {
        let tag = etag(b"body");
        let cases = [
            (tag.clone(), true),
            (format!("W/{tag}"), true),
            (format!("\"other\", {tag}"), true),
            ("*".to_owned(), true),
            ("\"other\"".to_owned(), false),
            (tag.trim_matches('"').to_owned(), false),
        ];
        for (header_value, fresh) in cases {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::IF_NONE_MATCH,
                HeaderValue::from_str(&header_value).unwrap(),
            );
            assert_eq!(is_fresh(&headers, &tag), fresh, "{header_value}");
        }
        assert!(!is_fresh(&HeaderMap::new(), &tag));
    }
}
