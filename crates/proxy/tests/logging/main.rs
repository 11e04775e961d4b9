//! Which requests the proxy logs follows the log filter, and logging never
//! changes an answer.
//!
//! A test binary of its own: tracing caches, per call site and for the
//! whole process, whether any subscriber listens, so the subscribers other
//! tests set in parallel threads could answer for this one.

#[allow(dead_code)]
#[path = "../proxy/support.rs"]
mod support;

use std::net::IpAddr;

use newsdesk_proxy::{Logging, Proxy};

use support::{assert_secured, call, state, Build, STRICT_CSP};

use axum::http::StatusCode;

/// The proxy built under a log filter, as `main` builds it after setting
/// the filter.
fn proxy_logging(build: &Build, filter: &str) -> Proxy {
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
        .with_writer(std::io::sink)
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        newsdesk_proxy::proxy(state(build, 1_000_000), &[])
    })
}

#[tokio::test]
async fn logging_follows_the_filter_and_never_changes_the_answers() {
    let build = Build::new();
    for (filter, logging) in [
        ("error", Logging::Off),
        ("info", Logging::Failures),
        ("warn", Logging::Failures),
        ("info,tower_http=debug", Logging::Full),
        ("debug", Logging::Full),
    ] {
        let proxy = proxy_logging(&build, filter);
        assert_eq!(proxy.logging(), logging, "{filter}");
        let proxy = proxy.for_peer(IpAddr::from([192, 0, 2, 9]));
        let ok = call(&proxy, "/api/feed/news", &[]).await;
        assert_eq!(ok.status, StatusCode::OK, "{filter}");
        assert_secured(filter, &ok, Some(STRICT_CSP));
        let etag = ok.header("etag").to_owned();
        let not_modified = call(&proxy, "/api/feed/news", &[("if-none-match", &etag)]).await;
        assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED, "{filter}");
        assert_secured(filter, &not_modified, None);
        let missing = call(&proxy, "/api/item/nothing", &[]).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{filter}");
        assert_secured(filter, &missing, Some(STRICT_CSP));
    }
}
