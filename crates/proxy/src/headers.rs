//! Security headers on every response, whatever produced it (handlers,
//! the file server, the router's own 404/405, the rate limit's 429): they
//! are added last, by [`crate::service::Proxy`].

use axum::http::Response;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};

/// The policy for everything that is not the app's HTML (JSON, images,
/// clips, plain-text errors): load nothing, run nothing, frame nowhere.
/// An SVG or a JSON body opened directly in a tab cannot run script.
pub const STRICT_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Headers every response carries, each for a reason:
/// - `nosniff`: a browser never runs a JSON or image body as script;
/// - `no-referrer`: the reader's article URLs never leak to image or link hosts;
/// - `same-origin` opener policy: a page opened from a link gets no handle on the app;
/// - the app uses no camera, microphone or location, so nothing may ask.
///
/// Names and values are constants, made at compile time: adding them costs
/// a response a few inserts, nothing more.
pub const ALWAYS: [(HeaderName, HeaderValue); 4] = [
    (
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    ),
    (
        HeaderName::from_static("referrer-policy"),
        HeaderValue::from_static("no-referrer"),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    ),
];

/// True for a `Content-Type` of HTML (`text/html`, any case, any parameters).
pub fn is_html(content_type: &HeaderValue) -> bool {
    let value = content_type.as_bytes();
    let start = value
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(value.len());
    value[start..]
        .get(..9)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case(b"text/html"))
}

/// Adds the security headers to a response (the last thing
/// [`crate::service::Proxy`] does to every answer). HTML gets the app's CSP
/// (`app_csp`: the app shell's, with the hashes of its inline scripts, see
/// `AppShell::csp`); everything else the strict one.
pub fn secure<B>(response: &mut Response<B>, app_csp: Option<&HeaderValue>) {
    let not_modified = response.status() == StatusCode::NOT_MODIFIED;
    let headers = response.headers_mut();
    for (name, value) in ALWAYS {
        headers.insert(name, value);
    }
    // A 304 has no Content-Type, and the browser merges its headers into the
    // cached response: a strict CSP here would replace the page's own CSP and
    // block the app on every revalidated reload. Leave the stored one alone.
    if not_modified || headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        return;
    }
    let is_html = headers.get(header::CONTENT_TYPE).is_some_and(is_html);
    let csp = match (app_csp, is_html) {
        (Some(csp), true) => csp.clone(),
        _ => HeaderValue::from_static(STRICT_CSP),
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_content_types() {
        for (value, html) in [
            ("text/html; charset=utf-8", true),
            ("TEXT/HTML", true),
            ("  text/html", true),
            ("text/htm", false),
            ("application/json", false),
            ("", false),
        ] {
            assert_eq!(is_html(&HeaderValue::from_static(value)), html, "{value:?}");
        }
    }
}
