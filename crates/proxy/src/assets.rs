//! The built app (`--dist`): its files, the single-page-app fallback, and
//! the Content-Security-Policy that lets exactly its own scripts run.
//!
//! Rules, each for a failure a reader would see:
//! - a path that looks like a page (`/article/x`) and is not a file gets
//!   index.html, so deep links and reloads work;
//! - a path that looks like a file (`/newsdesk-<hash>.js`) and is missing
//!   gets a plain 404, never index.html: an old cached index.html pointing
//!   at deleted hashed files must fail loudly instead of feeding HTML to
//!   the JavaScript parser (a blank page with no error);
//! - hashed files are cached for a year, everything else revalidates;
//! - the service worker (`sw.js`) runs under its own policy: a worker's CSP
//!   is the one its script came with, and the strict one would block every
//!   fetch it makes (it could not even install);
//! - nothing outside the dist folder is ever read.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use crate::cache;
use crate::error::Error;
use crate::first_paint;
use crate::rendered::Rendered;
use crate::AppState;

/// Lengths of the content hash trunk puts in file names
/// (`newsdesk-3f2a9c0d1e4b5a6f_bg.wasm`): a 64-bit hash in lowercase hex,
/// written without leading zeros, so usually 16 digits but sometimes
/// fewer (`newsdesk-a212de4ca66ac13.js` was one build's). 12 to 16 covers
/// all but one build in 65,536, and such a build is merely revalidated.
const NAME_HASH_LEN: std::ops::RangeInclusive<usize> = 12..=16;

/// The service worker's file name (`assets/sw.js`, registered by `pwa.js`).
pub const SERVICE_WORKER: &str = "sw.js";

/// The Content-Security-Policy the service worker runs under: it fetches
/// the app's files, feeds and images from this origin and nothing else, and
/// loads no other script.
pub const WORKER_CSP: &str = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'";

/// The built app as found at startup.
///
/// index.html is read once: the CSP's script hashes are computed from it,
/// and serving that same copy guarantees the page and its policy always
/// agree, even if the folder is rebuilt under a running proxy (restart to
/// pick up a new build; hashed files of the new build are served at once).
///
/// Everything a request needs is prepared here once: index.html's bytes,
/// ETags and brotli/gzip encodings, its CSP header, and the file server.
#[derive(Debug, Clone)]
pub struct AppShell {
    root: PathBuf,
    index_html: Arc<Rendered>,
    csp: HeaderValue,
    /// index.html for documents that may frame YouTube's player: marked
    /// with [`FRAMES_META`] (so its ETag differs too) and served with
    /// `csp_frames`.
    index_frames: Arc<Rendered>,
    csp_frames: HeaderValue,
    files: ServeDir,
}

/// Written into the `<head>` of documents whose CSP allows YouTube's
/// player in `frame-src`: the app reads it to know whether a tap on a
/// video facade may load the player here, or must open the video's page
/// (a document loaded before the first YouTube item arrived cannot frame
/// it: its CSP was fixed when it loaded).
pub const FRAMES_META: &str = "<meta name=\"newsdesk-frames\" content=\"youtube\">";

impl AppShell {
    /// Opens a dist folder. `None` (with a warning in the log) when it has
    /// no readable index.html: the proxy then serves the API only.
    pub fn open(root: &Path) -> Option<AppShell> {
        let index = root.join("index.html");
        let html = match std::fs::read_to_string(&index) {
            Ok(html) => html,
            Err(error) => {
                tracing::warn!(
                    path = %index.display(),
                    %error,
                    "the app is not built: serving the API only; `/` explains how to build"
                );
                return None;
            }
        };
        let csp = HeaderValue::from_str(&content_security_policy(&html)).ok()?;
        let csp_frames =
            HeaderValue::from_str(&content_security_policy_for(&html, Frames::YouTube)).ok()?;
        let framing = with_frames_meta(&html);
        let files = ServeDir::new(root)
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip();
        Some(AppShell {
            root: root.to_path_buf(),
            index_html: Arc::new(Rendered::precompressed(
                Bytes::from(html),
                "text/html; charset=utf-8",
                cache::REVALIDATE,
            )),
            csp,
            index_frames: Arc::new(Rendered::precompressed(
                Bytes::from(framing),
                "text/html; charset=utf-8",
                cache::REVALIDATE,
            )),
            csp_frames,
            files,
        })
    }

    /// The Content-Security-Policy for the app's HTML.
    pub fn csp(&self) -> &HeaderValue {
        &self.csp
    }

    /// The folder the app is served from.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn index(&self, request: &HeaderMap, frames: Frames) -> Response {
        let index = match frames {
            Frames::None => &self.index_html,
            Frames::YouTube => &self.index_frames,
        };
        self.page(index, request, frames)
    }

    /// index.html (the app draws its 404 page) with status 404, never a 304.
    fn not_a_page(&self, frames: Frames) -> Response {
        let mut response = self.index(&HeaderMap::new(), frames);
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().remove(header::ETAG);
        response
    }

    /// index.html as built (with [`FRAMES_META`] for `frames`), the
    /// template of every first paint.
    fn html(&self, frames: Frames) -> &str {
        let index = match frames {
            Frames::None => &self.index_html,
            Frames::YouTube => &self.index_frames,
        };
        // Read from a String at start-up: always UTF-8.
        std::str::from_utf8(index.body()).unwrap_or_default()
    }

    /// `page` (index.html or one with a first paint) under this shell's
    /// CSP for `frames`.
    fn page(&self, page: &Rendered, request: &HeaderMap, frames: Frames) -> Response {
        let mut response = page.respond(request);
        if response.status() == StatusCode::NOT_MODIFIED {
            return response;
        }
        // The policy travels with the page it was computed for.
        let csp = match frames {
            Frames::None => &self.csp,
            Frames::YouTube => &self.csp_frames,
        };
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp.clone());
        response
    }
}

/// Which frames an app document may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frames {
    /// None (`frame-src 'none'`): the newsroom has no YouTube video.
    None,
    /// YouTube's privacy-enhanced player
    /// ([`newsdesk_feed::YOUTUBE_EMBED_ORIGIN`]), and nothing else.
    YouTube,
}

impl Frames {
    /// What documents served now may frame: YouTube's player only while
    /// the current edition holds a YouTube video.
    pub fn for_edition(has_youtube: bool) -> Frames {
        if has_youtube {
            Frames::YouTube
        } else {
            Frames::None
        }
    }
}

/// `html` with [`FRAMES_META`] just before `</head>` (or nothing added
/// when it has no `</head>`).
fn with_frames_meta(html: &str) -> String {
    match html.find("</head>") {
        Some(at) => format!("{}{FRAMES_META}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

/// The CSP for an HTML page of the app that frames nothing:
/// [`content_security_policy_for`] with [`Frames::None`].
///
/// ```
/// let csp = newsdesk_proxy::assets::content_security_policy("<script>go()</script>");
/// assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
/// assert!(csp.contains("frame-src 'none'"));
/// ```
pub fn content_security_policy(html: &str) -> String {
    content_security_policy_for(html, Frames::None)
}

/// The CSP for an HTML page of the app: only its own origin, plus the
/// inline scripts and styles found in `html` by their SHA-256 (trunk
/// injects an inline module script that starts the wasm), and the frames
/// `frames` allows. `wasm-unsafe-eval` lets the page compile WebAssembly
/// without allowing JavaScript `eval`. Media (`media-src`) is this origin
/// only: publishers' video and audio come through `/api/media`.
///
/// ```
/// use newsdesk_proxy::assets::{content_security_policy_for, Frames};
/// let csp = content_security_policy_for("", Frames::YouTube);
/// assert!(csp.contains("frame-src https://www.youtube-nocookie.com;"));
/// ```
pub fn content_security_policy_for(html: &str, frames: Frames) -> String {
    let hashes = |tag: &str| -> String {
        inline_bodies(html, tag)
            .into_iter()
            .map(|body| {
                format!(
                    " 'sha256-{}'",
                    STANDARD.encode(Sha256::digest(body.as_bytes()))
                )
            })
            .collect()
    };
    let frame_src = match frames {
        Frames::None => "'none'",
        Frames::YouTube => newsdesk_feed::YOUTUBE_EMBED_ORIGIN,
    };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}; style-src 'self'{}; \
         img-src 'self' data:; media-src 'self'; connect-src 'self'; manifest-src 'self'; \
         worker-src 'self'; frame-src {frame_src}; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'; object-src 'none'",
        hashes("script"),
        hashes("style"),
    )
}

/// The bodies of the inline `<tag>` elements of an HTML page (those with no
/// `src`), exactly as the browser hashes them: the raw text between the
/// start tag's `>` and `</tag`.
pub fn inline_bodies<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower`
    // index `html` too.
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut bodies = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find(&open) {
        let start = from + found;
        let after_name = start + open.len();
        // `<scripts>` or `<style-x>` are other elements.
        if !lower[after_name..]
            .starts_with(|c: char| c == '>' || c.is_ascii_whitespace() || c == '/')
        {
            from = after_name;
            continue;
        }
        let Some(tag_end) = lower[after_name..].find('>').map(|i| after_name + i) else {
            break;
        };
        let attributes = &lower[after_name..tag_end];
        let body_start = tag_end + 1;
        let Some(body_end) = lower[body_start..].find(&close).map(|i| body_start + i) else {
            break;
        };
        if !has_src(attributes) {
            bodies.push(&html[body_start..body_end]);
        }
        from = body_end + close.len();
    }
    bodies
}

fn has_src(attributes: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == "src" || a.starts_with("src="))
}

/// True when a file's URL path carries a content hash in the file name
/// (`newsdesk-3f2a9c0d1e4b5a6f.js`, `…_bg.wasm`, `main-0123456789abcdef.css`)
/// or in a folder name (wasm-bindgen's `snippets/newsdesk-<hash>/inline0.js`).
///
/// ```
/// use newsdesk_proxy::assets::is_hashed;
/// assert!(is_hashed("/newsdesk-3f2a9c0d1e4b5a6f_bg.wasm"));
/// assert!(!is_hashed("/sw.js"));
/// ```
pub fn is_hashed(path: &str) -> bool {
    let mut segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(file) = segments.pop() else {
        return false;
    };
    let file_hashed = file
        .rsplit_once('.')
        .filter(|(_, ext)| !ext.is_empty())
        .is_some_and(|(stem, _)| ends_with_hash(stem.strip_suffix("_bg").unwrap_or(stem)));
    file_hashed || segments.into_iter().any(ends_with_hash)
}

fn ends_with_hash(stem: &str) -> bool {
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && NAME_HASH_LEN.contains(&hash.len())
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Decodes a URL path and refuses any that could leave the served folder:
/// `..` or `.` segments (also when percent-encoded), backslashes, NUL, or
/// bytes that are not UTF-8.
pub fn checked_path(path: &str) -> Result<String, Error> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| Error::BadPath)?;
    let unsafe_segment = decoded
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains(['\\', '\0']));
    if unsafe_segment {
        return Err(Error::BadPath);
    }
    Ok(decoded.into_owned())
}

/// The fallback of the router: every GET that is not API or demo media is a
/// file of the app or one of its pages.
pub async fn app_file(State(state): State<AppState>, request: Request) -> Response {
    match serve(&state, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn serve(state: &AppState, request: Request) -> Result<Response, Error> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return Err(Error::MethodNotAllowed);
    }
    let path = checked_path(request.uri().path())?;
    let shell = state.shell.as_deref().ok_or(Error::AppNotBuilt)?;
    let edition = state.newsstand.edition();
    // Which frames this document may hold is fixed as it loads: YouTube's
    // player when the edition has a YouTube video the app may show.
    let frames = Frames::for_edition(edition.has_youtube());
    // The News Feed and articles come with their first paint.
    if let Some(page) = first_paint::Page::from_path(&path) {
        let headers = request.headers();
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let language = first_paint::language(text(header::COOKIE), text(header::ACCEPT_LANGUAGE));
        let now = newsdesk_ingest::clock::now_unix();
        if let Some(painted) = edition.first_paint(&page, language, now, shell.html(frames)) {
            let mut response = shell.page(&painted, headers, frames);
            // Written in the language these two headers pick (as well as
            // encoded by Accept-Encoding).
            response.headers_mut().insert(
                header::VARY,
                HeaderValue::from_static("accept-encoding, accept-language, cookie"),
            );
            return Ok(response);
        }
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if last_segment == "index.html" {
        return Ok(shell.index(request.headers(), frames));
    }
    let looks_like_page = !last_segment.contains('.');
    // A path of no page of the route table (the app's too) is the app's
    // 404 page, with a 404 status: crawlers, caches and links checkers
    // must not take it for a page.
    if looks_like_page && newsdesk_page::route(&path).is_none() {
        return Ok(shell.not_a_page(frames));
    }
    if last_segment.is_empty() {
        return Ok(shell.index(request.headers(), frames));
    }

    // ServeDir takes the request; keep what the index answer needs.
    let page_request = looks_like_page.then(|| request.headers().clone());
    let response = match shell.files.clone().oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    match response.status() {
        StatusCode::NOT_FOUND => page_request
            .map(|headers| shell.index(&headers, frames))
            .ok_or(Error::FileNotFound),
        status if status.is_server_error() => {
            tracing::error!(%path, %status, "could not read a file of the app");
            Err(Error::Internal)
        }
        _ => {
            let mut response = response;
            let cache_control = if is_hashed(&path) {
                cache::IMMUTABLE
            } else {
                cache::REVALIDATE
            };
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(cache_control),
            );
            // Not on a 304: the browser keeps the policy it stored.
            if last_segment == SERVICE_WORKER && response.status() != StatusCode::NOT_MODIFIED {
                response.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(WORKER_CSP),
                );
            }
            Ok(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        let cases = [
            ("/newsdesk-3f2a9c0d1e4b5a6f.js", true),
            ("/newsdesk-3f2a9c0d1e4b5a6f_bg.wasm", true),
            ("/main-0123456789abcdef.css", true),
            ("/snippets/newsdesk-0123456789abcdef/inline0.js", true),
            ("/newsdesk-3F2A9C0D1E4B5A6F.js", false),
            // Regression: trunk drops leading zeros of its hash; this build's
            // wasm and js were served `no-cache` instead of immutable.
            ("/newsdesk-a212de4ca66ac13.js", true),
            ("/newsdesk-a212de4ca66ac13_bg.wasm", true),
            ("/newsdesk-3f2a9c0d1e4.js", false),
            ("/newsdesk-3f2a9c0d1e4b5a6f0.js", false),
            ("/newsdesk-menu.js", false),
            ("/-3f2a9c0d1e4b5a6f.js", false),
            ("/newsdesk-3f2a9c0d1e4b5a6f", false),
            ("/index.html", false),
            ("/sw.js", false),
            ("/manifest.webmanifest", false),
            ("/icon-192.png", false),
            ("/", false),
            ("", false),
        ];
        for (path, hashed) in cases {
            assert_eq!(is_hashed(path), hashed, "{path}");
        }
    }

    #[test]
    fn inline_bodies_skip_external_scripts() {
        let html = r#"<html><head>
<script src="/a.js"></script>
<SCRIPT type="module">import init from '/x.js';
await init();</SCRIPT>
<scripts>not a script</scripts>
<style>body{}</style>
<link rel="stylesheet" href="/s.css">
</head></html>"#;
        assert_eq!(
            inline_bodies(html, "script"),
            ["import init from '/x.js';\nawait init();"]
        );
        assert_eq!(inline_bodies(html, "style"), ["body{}"]);
        assert!(inline_bodies("<script>unterminated", "script").is_empty());
        assert!(inline_bodies("<script", "script").is_empty());
    }

    #[test]
    fn csp_lists_each_inline_hash() {
        let csp =
            content_security_policy("<script>a()</script><script>b()</script><style>p{}</style>");
        let sha = |s: &str| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(s.as_bytes())));
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {} {};",
                sha("a()"),
                sha("b()")
            )),
            "{csp}"
        );
        assert!(
            csp.contains(&format!("style-src 'self' {};", sha("p{}"))),
            "{csp}"
        );
        let plain = content_security_policy("<p>no scripts</p>");
        assert!(
            plain.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{plain}"
        );
    }

    #[test]
    fn paths_that_could_escape_are_refused() {
        let cases = [
            ("/article/x", true),
            ("/newsdesk-0123456789abcdef.js", true),
            ("/a%20b", true),
            ("/../etc/passwd", false),
            ("/%2e%2e/etc/passwd", false),
            ("/%2E%2E%2Fetc%2Fpasswd", false),
            ("/a/..", false),
            ("/./a", false),
            ("/..%5cwin.ini", false),
            ("/a%00.js", false),
            ("/%ff", false),
        ];
        for (path, ok) in cases {
            assert_eq!(checked_path(path).is_ok(), ok, "{path}");
        }
    }
}
