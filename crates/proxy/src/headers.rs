//! Security headers on every response, whatever produced it (handlers,
//! the file server, the router's own 404/405): the layer runs last.

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;

use crate::AppState;

/// The policy for everything that is not the app's HTML (JSON, images,
/// clips, plain-text errors): load nothing, run nothing, frame nowhere.
/// An SVG or a JSON body opened directly in a tab cannot run script.
pub const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Headers every response carries, each for a reason:
/// - `nosniff`: a browser never runs a JSON or image body as script;
/// - `no-referrer`: the reader's article URLs never leak to image or link hosts;
/// - `same-origin` opener policy: a page opened from a link gets no handle on the app;
/// - the app uses no camera, microphone or location, so nothing may ask.
const ALWAYS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

/// Adds the security headers to a response (for
/// `axum::middleware::map_response_with_state`). HTML gets the app's CSP
/// (with the hashes of its inline scripts); everything else the strict one.
pub async fn secure(State(state): State<AppState>, mut response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("text/html"));
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    for (name, value) in ALWAYS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    // A 304 has no Content-Type, and the browser merges its headers into the
    // cached response: a strict CSP here would replace the page's own CSP and
    // block the app on every revalidated reload. Leave the stored one alone.
    if not_modified {
        return response;
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = match (&state.shell, is_html) {
            (Some(shell), true) => shell.csp().clone(),
            _ => HeaderValue::from_static(STRICT_CSP),
        };
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}
