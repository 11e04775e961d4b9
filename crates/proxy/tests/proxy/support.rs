//! Shared fixtures: a demo router, a fake trunk build, request helpers.

use std::path::Path;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt as _;
use newsdesk_feed::Feed;
use newsdesk_proxy::{AppState, Proxy};
use tempfile::TempDir;
use tower::ServiceExt as _;

/// Trunk's inline module script, as it writes it: the one the CSP must allow.
pub const INLINE_SCRIPT: &str =
    "\nimport init, * as bindings from '/newsdesk-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: '/newsdesk-0123456789abcdef_bg.wasm' });\n\
window.wasmBindings = bindings;\n\
dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";

/// What a file outside the dist folder holds; no response may contain it.
pub const SECRET: &str = "operator-secret-do-not-serve";

/// A fake trunk build: index.html with an inline script, hashed JS, CSS and
/// wasm, an unhashed service worker. dist/ sits in a temp folder that also
/// holds a secret file next to it, for traversal tests.
pub struct Build {
    /// Keeps the folder alive for the test.
    pub root: TempDir,
}

impl Build {
    pub fn new() -> Build {
        let root = tempfile::tempdir().expect("temp dir");
        let dist = root.path().join("dist");
        std::fs::create_dir(&dist).expect("dist dir");
        std::fs::write(root.path().join("secret.txt"), SECRET).expect("secret");
        std::fs::write(dist.join("index.html"), index_html()).expect("index");
        std::fs::write(
            dist.join("newsdesk-0123456789abcdef.js"),
            "export default function init() {}\n",
        )
        .expect("js");
        std::fs::write(
            dist.join("newsdesk-0123456789abcdef_bg.wasm"),
            b"\0asm\x01\0\0\0",
        )
        .expect("wasm");
        std::fs::write(
            dist.join("main-0123456789abcdef.css"),
            "body { margin: 0 }\n",
        )
        .expect("css");
        std::fs::write(
            dist.join("sw.js"),
            "self.addEventListener('fetch', () => {});\n",
        )
        .expect("sw");
        Build { root }
    }

    pub fn dist(&self) -> std::path::PathBuf {
        self.root.path().join("dist")
    }
}

pub fn index_html() -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Newsdesk</title>\n\
<link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\">\n\
<link rel=\"modulepreload\" href=\"/newsdesk-0123456789abcdef.js\" crossorigin=\"anonymous\">\n\
<script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>\n"
    )
}

/// The proxy serving the demo newsroom and the app in `dist`.
pub fn router(dist: &Path) -> Router {
    let state = newsdesk_proxy::AppState::demo(dist).expect("the embedded demo loads");
    newsdesk_proxy::app(state)
}

/// The proxy with a demo newsroom and no built app.
pub fn api_only() -> Router {
    router(Path::new("/nonexistent/newsdesk-dist"))
}

/// A response with its body read.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn feed(&self) -> Feed {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        assert_eq!(
            self.header("content-type"),
            "application/feed+json; charset=utf-8"
        );
        Feed::from_json(&self.text())
            .unwrap_or_else(|e| panic!("not a JSON Feed ({e}): {}", self.text()))
    }

    /// The `{"error": …}` message of an API error.
    pub fn error_message(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            "application/json",
            "{}",
            self.text()
        );
        self.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error message: {}", self.text()))
            .to_owned()
    }
}

pub async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

pub async fn get(router: &Router, uri: &str) -> Reply {
    send(
        router,
        Request::get(uri).body(Body::empty()).expect("request"),
    )
    .await
}

pub async fn get_with(router: &Router, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(router, request.body(Body::empty()).expect("request")).await
}

/// Every page of a feed, following `next_url` from `first`.
pub async fn all_pages(router: &Router, first: &str) -> Vec<Feed> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(uri) = next {
        assert!(pages.len() < 100, "next_url never ends at {uri}");
        let feed = get(router, &uri).await.feed();
        next = feed.next_url.clone();
        pages.push(feed);
    }
    pages
}

/// The security headers every answer carries.
pub const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// The API's Content-Security-Policy.
pub const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The demo newsroom over the fake build, with a rate limit.
pub fn state(build: &Build, per_minute: u32) -> AppState {
    AppState::demo(&build.dist())
        .expect("the embedded demo loads")
        .with_rate_limit(per_minute, false)
}

/// `uri` through `proxy` (the service `main` serves).
pub async fn call(proxy: &Proxy, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = proxy
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("body").to_bytes(),
    }
}

/// The security headers, and the strict CSP unless `csp` says otherwise
/// (`None`: no CSP at all, as a 304 must have).
pub fn assert_secured(what: &str, reply: &Reply, csp: Option<&str>) {
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(reply.header(name), value, "{what}: {name}");
        assert_eq!(
            reply.headers.get_all(name).iter().count(),
            1,
            "{what}: one {name}"
        );
    }
    match csp {
        Some(csp) => assert_eq!(reply.header("content-security-policy"), csp, "{what}"),
        None => assert!(
            !reply.headers.contains_key("content-security-policy"),
            "{what}: a 304 carries no CSP"
        ),
    }
}
