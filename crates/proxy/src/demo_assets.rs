//! `GET /demo/assets/{file}`: the demo's embedded images and clips.
//!
//! Video needs byte ranges: Chromium's `<video>` asks for `Range: bytes=0-`
//! and only lets the reader seek when the answer is `206 Partial Content`.

use std::collections::HashMap;
use std::sync::LazyLock;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use include_dir::{include_dir, Dir};

use crate::cache;
use crate::error::Error;

/// The demo's images and video clips, served under `/demo/assets/` (its
/// feeds, in `demo/feeds/`, are `newsdesk_ingest::demo`'s).
pub static ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/demo/assets");

/// The media type of a file, from its extension. Anything unknown is
/// served as opaque bytes (with `nosniff`, a browser will not guess).
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "webm" => "video/webm",
        "mp4" | "m4v" => "video/mp4",
        "ogv" => "video/ogg",
        "mp3" => "audio/mpeg",
        "ogg" | "oga" => "audio/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

/// ETags of the embedded files, hashed once on first use (a clip is
/// ~100 KB; hashing it per request would be wasted work).
static ETAGS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut tags = HashMap::new();
    let mut dirs = vec![&ASSETS];
    while let Some(dir) = dirs.pop() {
        for file in dir.files() {
            let key = file.path().to_string_lossy().replace('\\', "/");
            tags.insert(key, cache::etag(file.contents()));
        }
        dirs.extend(dir.dirs());
    }
    tags
});

/// Serves one embedded demo asset, whole or as a single byte range.
pub async fn asset(
    path: Result<Path<String>, PathRejection>,
    request: HeaderMap,
) -> Result<Response, Error> {
    let Path(path) = path.map_err(|_| Error::FileNotFound)?;
    let file = ASSETS.get_file(&path).ok_or(Error::FileNotFound)?;
    let bytes: &'static [u8] = file.contents();
    let tag = ETAGS
        .get(&path)
        .cloned()
        .unwrap_or_else(|| cache::etag(bytes));
    let len = bytes.len() as u64;

    let mut response = Response::new(Body::empty());
    let range = match request.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        // A client whose cached copy is stale (If-Range names another
        // version) gets the whole new file, as RFC 9110 asks.
        Some(_) if if_range_is_stale(&request, &tag) => ByteRange::Whole,
        Some(value) => parse_range(value, len),
        None => ByteRange::Whole,
    };
    match range {
        ByteRange::Unsatisfiable => return Err(Error::RangeNotSatisfiable { len }),
        ByteRange::Whole if cache::is_fresh(&request, &tag) => {
            *response.status_mut() = StatusCode::NOT_MODIFIED;
        }
        ByteRange::Whole => {
            *response.body_mut() = Body::from(bytes);
            set(&mut response, header::CONTENT_TYPE, content_type(&path));
        }
        ByteRange::Part { start, end } => {
            let part = usize::try_from(start)
                .ok()
                .zip(usize::try_from(end).ok())
                .and_then(|(s, e)| bytes.get(s..=e))
                .ok_or(Error::RangeNotSatisfiable { len })?;
            *response.status_mut() = StatusCode::PARTIAL_CONTENT;
            *response.body_mut() = Body::from(part);
            set(&mut response, header::CONTENT_TYPE, content_type(&path));
            if let Ok(value) = HeaderValue::from_str(&format!("bytes {start}-{end}/{len}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
        }
    }
    set(&mut response, header::ACCEPT_RANGES, "bytes");
    set(&mut response, header::CACHE_CONTROL, cache::DEMO_ASSET);
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

fn set(response: &mut Response, name: header::HeaderName, value: &'static str) {
    response
        .headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

fn if_range_is_stale(request: &HeaderMap, etag: &str) -> bool {
    request
        .get(header::IF_RANGE)
        .is_some_and(|v| v.to_str().map(str::trim).ok() != Some(etag))
}

/// What a `Range` header asks of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No usable range: send the whole file with 200. RFC 9110 lets a
    /// server ignore ranges it does not support (several ranges, other
    /// units) or cannot read.
    Whole,
    /// Bytes `start..=end`, both within the file.
    Part {
        /// First byte.
        start: u64,
        /// Last byte, inclusive.
        end: u64,
    },
    /// A well-formed range that starts past the end: 416.
    Unsatisfiable,
}

/// Reads a single-range `Range` header (`bytes=a-b`, `bytes=a-`, `bytes=-n`)
/// against a file of `len` bytes.
///
/// ```
/// use newsdesk_proxy::demo_assets::{parse_range, ByteRange};
/// assert_eq!(parse_range("bytes=0-", 10), ByteRange::Part { start: 0, end: 9 });
/// assert_eq!(parse_range("bytes=10-", 10), ByteRange::Unsatisfiable);
/// ```
pub fn parse_range(value: &str, len: u64) -> ByteRange {
    let Some((unit, spec)) = value.trim().split_once('=') else {
        return ByteRange::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return ByteRange::Whole;
    };
    let number = |s: &str| -> Option<u64> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (first.trim().is_empty(), number(first), number(last)) {
        // bytes=-n: the last n bytes.
        (true, _, Some(suffix)) => {
            if suffix == 0 || len == 0 {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Part {
                    start: len.saturating_sub(suffix),
                    end: len - 1,
                }
            }
        }
        (false, Some(start), last_text) => {
            let end = match (last.trim().is_empty(), last_text) {
                (true, _) => u64::MAX,
                (false, Some(end)) if end >= start => end,
                // `bytes=5-2` or `bytes=1-x`: not a valid range, ignore it.
                _ => return ByteRange::Whole,
            };
            if start >= len {
                ByteRange::Unsatisfiable
            } else {
                ByteRange::Part {
                    start,
                    end: end.min(len - 1),
                }
            }
        }
        _ => ByteRange::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        use ByteRange::*;
        let cases = [
            ("bytes=0-", 100, Part { start: 0, end: 99 }),
            ("bytes=0-0", 100, Part { start: 0, end: 0 }),
            ("bytes=10-19", 100, Part { start: 10, end: 19 }),
            ("bytes=90-500", 100, Part { start: 90, end: 99 }),
            ("bytes=-10", 100, Part { start: 90, end: 99 }),
            ("bytes=-500", 100, Part { start: 0, end: 99 }),
            ("BYTES = 5-6", 100, Part { start: 5, end: 6 }),
            ("bytes=100-", 100, Unsatisfiable),
            ("bytes=100-200", 100, Unsatisfiable),
            ("bytes=-0", 100, Unsatisfiable),
            ("bytes=0-", 0, Unsatisfiable),
            ("bytes=5-2", 100, Whole),
            ("bytes=0-1,5-6", 100, Whole),
            ("items=0-1", 100, Whole),
            ("bytes=a-b", 100, Whole),
            ("bytes=-", 100, Whole),
            ("bytes=+1-2", 100, Whole),
            ("bytes=99999999999999999999999-", 100, Whole),
            ("garbage", 100, Whole),
        ];
        for (header, len, want) in cases {
            assert_eq!(parse_range(header, len), want, "{header} of {len}");
        }
    }

    #[test]
    fn content_types() {
        let cases = [
            ("a.svg", "image/svg+xml"),
            ("clip.WEBM", "video/webm"),
            ("p.jpg", "image/jpeg"),
            ("x", "application/octet-stream"),
        ];
        for (path, want) in cases {
            assert_eq!(content_type(path), want);
        }
    }
}
