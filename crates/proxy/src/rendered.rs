//! Response bodies prepared ahead of the request: the bytes, their strong
//! ETag and their brotli and gzip encodings, served as cheap [`Bytes`]
//! clones.
//!
//! A [`Rendered`] is built once (per newsroom snapshot for the API, once at
//! start for index.html) and then only read. A request costs a look at
//! `Accept-Encoding` and `If-None-Match` and a clone of a header map made
//! with the body (security headers included): no serializing, no hashing,
//! no compressing, no header-by-header inserts on the hot path.
//!
//! Each encoding is its own representation with its own ETag (RFC 9110
//! 8.8.3: a strong validator names exactly one sequence of bytes): the
//! identity body has `"<hash>"`, brotli `"<hash>-br"`, gzip `"<hash>-gz"`,
//! where `<hash>` is [`crate::cache::etag`]'s hash of the identity bytes.
//! The tag of an encoding is known without compressing, so the 304 path
//! never touches a body. Every answer says `Vary: Accept-Encoding`, so no
//! shared cache hands a brotli body to a client that did not ask for one.

use std::io::Write as _;
use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

use crate::cache;

/// Bodies shorter than this are always sent as they are: compressing a few
/// dozen bytes saves nothing and can make them longer.
pub const MIN_COMPRESS_LEN: usize = 256;

/// Brotli quality of bodies prepared ahead ([`Rendered::precompressed`]):
/// the best, since it is paid once per snapshot, not per request (a 20 KB
/// feed page: about 30 ms, 17% smaller than quality 4-9). Qualities 5 to 9
/// were measured worse for this use: this brotli's hasher for them
/// allocates and clears 32 MiB per body, slower than 11 on pages this size.
/// Debug builds (the test suites, which build many newsrooms) use the
/// on-demand quality: same bytes once decoded, a fraction of the time.
pub const BROTLI_QUALITY: u32 = if cfg!(debug_assertions) {
    BROTLI_QUALITY_ON_DEMAND
} else {
    11
};

/// Brotli quality of bodies compressed on first request (on-demand pages):
/// fast (under a millisecond for a page) and small in memory.
pub const BROTLI_QUALITY_ON_DEMAND: u32 = 4;

/// Largest brotli window (log2 bytes): 4 MiB, far beyond any page the API
/// serves. Each body gets the smallest window that holds it whole: same
/// output, and the encoder's buffers stay small.
const BROTLI_MAX_WINDOW: u32 = 22;

/// Smallest window brotli allows.
const BROTLI_MIN_WINDOW: u32 = 10;

/// gzip level: zlib's default, the usual balance of size and time.
pub const GZIP_LEVEL: u32 = 6;

/// A content coding the proxy can send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The bytes as they are (no `Content-Encoding`).
    Identity = 0,
    /// `Content-Encoding: br`.
    Brotli = 1,
    /// `Content-Encoding: gzip`.
    Gzip = 2,
}

impl Encoding {
    /// The best encoding a request's `Accept-Encoding` allows: brotli, then
    /// gzip, each only with a quality above 0 (named, or through `*`); a
    /// higher quality for gzip than for brotli picks gzip. No header, or
    /// nothing acceptable, means the identity body (which RFC 9110 12.5.3
    /// allows even when a client refuses it: there is nothing better).
    ///
    /// ```
    /// use axum::http::{HeaderMap, HeaderValue};
    /// use newsdesk_proxy::rendered::Encoding;
    /// let mut headers = HeaderMap::new();
    /// headers.insert("accept-encoding", HeaderValue::from_static("gzip, deflate, br;q=0"));
    /// assert_eq!(Encoding::negotiate(&headers), Encoding::Gzip);
    /// ```
    pub fn negotiate(request: &HeaderMap) -> Encoding {
        let mut values = request.get_all(header::ACCEPT_ENCODING).iter().peekable();
        if values.peek().is_none() {
            return Encoding::Identity;
        }
        // Quality per coding in thousandths; None = not named.
        let (mut br, mut gzip, mut any) = (None, None, None);
        for value in values {
            let Ok(value) = value.to_str() else { continue };
            for entry in value.split(',') {
                let mut parts = entry.split(';');
                let coding = parts.next().unwrap_or_default().trim();
                let quality = parts
                    .filter_map(|p| p.trim().split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                    .map_or(1000, |(_, q)| parse_quality(q.trim()));
                let slot = if coding.eq_ignore_ascii_case("br") {
                    &mut br
                } else if coding.eq_ignore_ascii_case("gzip")
                    || coding.eq_ignore_ascii_case("x-gzip")
                {
                    &mut gzip
                } else if coding == "*" {
                    &mut any
                } else {
                    continue;
                };
                // A coding named twice keeps its best quality.
                *slot = Some(slot.map_or(quality, |q: u16| q.max(quality)));
            }
        }
        let br = br.or(any).unwrap_or(0);
        let gzip = gzip.or(any).unwrap_or(0);
        if br > 0 && br >= gzip {
            Encoding::Brotli
        } else if gzip > 0 {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }

    /// The `Content-Encoding` value, `None` for identity.
    fn header(self) -> Option<HeaderValue> {
        match self {
            Encoding::Identity => None,
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
        }
    }
}

/// A `qvalue` (RFC 9110 12.4.2) in thousandths; anything unreadable is 0,
/// so a malformed weight never turns a refusal into an acceptance.
fn parse_quality(text: &str) -> u16 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let thousandths = fraction
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => thousandths,
        "1" if thousandths == 0 => 1000,
        _ => 0,
    }
}

/// One response body, ready to serve in every encoding.
#[derive(Debug)]
pub struct Rendered {
    identity: Bytes,
    /// `"<hash>"`, `"<hash>-br"`, `"<hash>-gz"`.
    tags: [HeaderValue; 3],
    /// The headers of a 200 in each encoding, made once (see
    /// [`Rendered::respond`]).
    ok_headers: [HeaderMap; 3],
    /// The headers of a 304 for each encoding.
    not_modified_headers: [HeaderMap; 3],
    /// Filled at build time by [`Rendered::precompressed`], else on the
    /// first request that asks for the encoding.
    brotli: OnceLock<Bytes>,
    /// The brotli quality this body is compressed with.
    brotli_quality: u32,
    gzip: OnceLock<Bytes>,
}

impl Rendered {
    /// The body and its ETags; encodings are made when first asked for.
    pub fn new(
        body: impl Into<Bytes>,
        content_type: &'static str,
        cache_control: &'static str,
    ) -> Rendered {
        let identity = body.into();
        let base = cache::etag(&identity);
        let hash = base.trim_matches('"');
        // The hash is URL-safe base64: always a valid header value.
        let tag = |text: String| {
            HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
        };
        let tags = [
            tag(base.clone()),
            tag(format!("\"{hash}-br\"")),
            tag(format!("\"{hash}-gz\"")),
        ];
        let encodings = [Encoding::Identity, Encoding::Brotli, Encoding::Gzip];
        Rendered {
            ok_headers: encodings.map(|encoding| {
                headers_of(
                    true,
                    content_type,
                    encoding,
                    cache_control,
                    &tags[encoding as usize],
                )
            }),
            not_modified_headers: encodings.map(|encoding| {
                headers_of(
                    false,
                    content_type,
                    encoding,
                    cache_control,
                    &tags[encoding as usize],
                )
            }),
            tags,
            identity,
            brotli: OnceLock::new(),
            brotli_quality: BROTLI_QUALITY_ON_DEMAND,
            gzip: OnceLock::new(),
        }
    }

    /// [`Rendered::new`] with both encodings made now, so no request ever
    /// waits for a compressor.
    pub fn precompressed(
        body: impl Into<Bytes>,
        content_type: &'static str,
        cache_control: &'static str,
    ) -> Rendered {
        let mut rendered = Rendered::new(body, content_type, cache_control);
        rendered.brotli_quality = BROTLI_QUALITY;
        if rendered.compressible() {
            rendered.encoded(Encoding::Brotli);
            rendered.encoded(Encoding::Gzip);
        }
        rendered
    }

    /// The identity bytes.
    pub fn body(&self) -> &Bytes {
        &self.identity
    }

    /// The strong ETag of the body in this encoding (what a response in
    /// that encoding carries).
    pub fn etag(&self, encoding: Encoding) -> &HeaderValue {
        &self.tags[self.effective(encoding) as usize]
    }

    /// Bytes held, all encodings made so far included (for cache budgets).
    pub fn size(&self) -> usize {
        self.identity.len()
            + self.brotli.get().map_or(0, Bytes::len)
            + self.gzip.get().map_or(0, Bytes::len)
    }

    fn compressible(&self) -> bool {
        self.identity.len() >= MIN_COMPRESS_LEN
    }

    /// The encoding actually sent for a negotiated one: small bodies go as
    /// they are.
    fn effective(&self, encoding: Encoding) -> Encoding {
        if self.compressible() {
            encoding
        } else {
            Encoding::Identity
        }
    }

    /// The body in `encoding`, compressing it the first time.
    fn encoded(&self, encoding: Encoding) -> &Bytes {
        match encoding {
            Encoding::Identity => &self.identity,
            Encoding::Brotli => self
                .brotli
                .get_or_init(|| brotli(&self.identity, self.brotli_quality)),
            Encoding::Gzip => self.gzip.get_or_init(|| gzip(&self.identity)),
        }
    }

    /// The answer to `request`: 304 (headers only) when its `If-None-Match`
    /// names the negotiated representation's ETag, else 200 with that
    /// representation. Both carry `ETag`, `Cache-Control` and
    /// `Vary: Accept-Encoding`, and already the security headers
    /// ([`crate::headers::secure`], which the proxy applies again to every
    /// response, finds them in place): the whole header map is made once
    /// and cloned.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let encoding = self.effective(Encoding::negotiate(request));
        let tag = &self.tags[encoding as usize];
        let fresh = tag.to_str().is_ok_and(|tag| cache::is_fresh(request, tag));
        let (body, headers, status) = if fresh {
            (
                Body::empty(),
                &self.not_modified_headers[encoding as usize],
                StatusCode::NOT_MODIFIED,
            )
        } else {
            (
                Body::from(self.encoded(encoding).clone()),
                &self.ok_headers[encoding as usize],
                StatusCode::OK,
            )
        };
        let mut response = Response::new(body);
        *response.status_mut() = status;
        *response.headers_mut() = headers.clone();
        response
    }
}

/// The headers of an answer in `encoding` (`ok`: a 200 with the body, else
/// a 304), with the security headers every response gets.
fn headers_of(
    ok: bool,
    content_type: &'static str,
    encoding: Encoding,
    cache_control: &'static str,
    tag: &HeaderValue,
) -> HeaderMap {
    let mut response = Response::new(());
    if !ok {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    let headers = response.headers_mut();
    if ok {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        if let Some(value) = encoding.header() {
            headers.insert(header::CONTENT_ENCODING, value);
        }
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    headers.insert(header::ETAG, tag.clone());
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // No app shell here: an HTML body (index.html) gets its page's own CSP
    // from `assets`, which replaces the strict one.
    crate::headers::secure(&mut response, None);
    let (parts, ()) = response.into_parts();
    parts.headers
}

/// Brotli at `quality` (0 to 11).
pub fn brotli(bytes: &[u8], quality: u32) -> Bytes {
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality.min(11) as i32,
        lgwin: brotli_window(bytes.len()) as i32,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let mut input = bytes;
    // Reading a slice and writing a Vec cannot fail.
    match brotli::BrotliCompress(&mut input, &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(error) => {
            tracing::error!(%error, "brotli failed on an in-memory body");
            Bytes::new()
        }
    }
}

/// The smallest window (log2) whose usable size (2^w - 16) holds `len`
/// bytes, within what brotli allows.
fn brotli_window(len: usize) -> u32 {
    let needed = usize::BITS - len.saturating_add(15).leading_zeros();
    needed.clamp(BROTLI_MIN_WINDOW, BROTLI_MAX_WINDOW)
}

/// gzip at [`GZIP_LEVEL`].
pub fn gzip(bytes: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(GZIP_LEVEL),
    );
    // Writing into a Vec cannot fail.
    match encoder.write_all(bytes).and_then(|()| encoder.finish()) {
        Ok(out) => Bytes::from(out),
        Err(error) => {
            tracing::error!(%error, "gzip failed on an in-memory body");
            Bytes::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negotiate(value: &str) -> Encoding {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        Encoding::negotiate(&headers)
    }

    #[test]
    fn accept_encoding_picks_the_best_acceptable_coding() {
        use Encoding::*;
        let cases = [
            ("", Identity),
            ("identity", Identity),
            ("gzip, deflate, br, zstd", Brotli),
            ("gzip, deflate", Gzip),
            ("GZIP", Gzip),
            ("x-gzip", Gzip),
            ("br;q=0, gzip", Gzip),
            ("br; q=0.0, gzip;q=0", Identity),
            ("gzip;q=1.0, br;q=0.5", Gzip),
            ("gzip;q=0.5, br;q=0.5", Brotli),
            ("*", Brotli),
            ("*;q=0", Identity),
            ("*, br;q=0", Gzip),
            ("br;q=0, br", Brotli),
            ("br;q=abc, gzip", Gzip),
            ("br;q=2", Identity),
            ("br;q=0.001", Brotli),
            ("deflate", Identity),
        ];
        for (value, expected) in cases {
            assert_eq!(negotiate(value), expected, "{value:?}");
        }
        assert_eq!(Encoding::negotiate(&HeaderMap::new()), Identity);
    }

    #[test]
    fn brotli_windows_hold_the_body() {
        for (len, window) in [
            (0, 10),
            (1008, 10),
            (1009, 11),
            (19_562, 15),
            (32_752, 15),
            (32_753, 16),
            (usize::MAX, 22),
        ] {
            assert_eq!(brotli_window(len), window, "{len}");
        }
    }

    #[test]
    fn qualities() {
        for (text, q) in [
            ("1", 1000),
            ("1.000", 1000),
            ("0.5", 500),
            ("0.05", 50),
            ("0", 0),
            ("1.5", 0),
            ("0.1234", 0),
            ("", 0),
            ("-1", 0),
        ] {
            assert_eq!(parse_quality(text), q, "{text:?}");
        }
    }

    #[test]
    fn each_encoding_has_its_own_tag_and_small_bodies_stay_identity() {
        let big = Rendered::new("x".repeat(1000), "text/plain", cache::FEED);
        let tags: Vec<_> = [Encoding::Identity, Encoding::Brotli, Encoding::Gzip]
            .map(|e| big.etag(e).clone())
            .into();
        assert_ne!(tags[0], tags[1]);
        assert_ne!(tags[1], tags[2]);
        assert_ne!(tags[0], tags[2]);
        let small = Rendered::new("{}", "application/json", cache::FEED);
        assert_eq!(small.etag(Encoding::Brotli), small.etag(Encoding::Identity));
    }
}
