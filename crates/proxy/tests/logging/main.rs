//! What the proxy logs per request follows the log filter (nothing at
//! `error`, 5xx answers as warnings at `info`, every request with
//! `newsdesk_proxy=debug`), under its own target, and logging never
//! changes an answer.
//!
//! A test binary of its own: tracing caches, per call site and for the
//! whole process, whether any subscriber listens, so the subscribers other
//! tests set in parallel threads could answer for this one.

#[allow(dead_code)]
#[path = "../proxy/support.rs"]
mod support;

use std::io::Write;
use std::net::IpAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use newsdesk_proxy::Logging;

use support::{assert_secured, call, state, Build, STRICT_CSP};

/// Everything a subscriber wrote.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn logging_follows_the_filter_and_never_changes_the_answers() {
    let build = Build::new();
    for (filter, logging) in [
        ("error", Logging::Off),
        ("info", Logging::Failures),
        ("warn", Logging::Failures),
        // tower-http's own filter no longer matters: the events are ours.
        ("info,tower_http=debug", Logging::Failures),
        ("info,newsdesk_proxy=debug", Logging::Full),
        ("debug", Logging::Full),
    ] {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        tracing::callsite::rebuild_interest_cache();

        let proxy = newsdesk_proxy::proxy(state(&build, 1_000_000), &[]);
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
        assert!(
            !log.text().contains("response failed"),
            "{filter}: no 5xx yet"
        );

        // A 5xx: the app is not built (503, an operator's to-do).
        let unbuilt = newsdesk_proxy::AppState::demo(Path::new("/nonexistent/newsdesk-dist"))
            .expect("the demo loads");
        let unbuilt = newsdesk_proxy::proxy(unbuilt, &[]).for_peer(IpAddr::from([192, 0, 2, 9]));
        let page = call(&unbuilt, "/", &[]).await;
        assert!(page.status.is_server_error(), "{filter}: {}", page.status);

        let text = log.text();
        let failures = text
            .lines()
            .filter(|l| {
                l.contains("WARN")
                    && l.contains("newsdesk_proxy::service")
                    && l.contains("response failed")
            })
            .count();
        assert_eq!(
            failures,
            usize::from(logging != Logging::Off),
            "{filter}: {text}"
        );
        assert!(
            !text.contains("ERROR"),
            "{filter}: a 503 is a warning: {text}"
        );
        let requests: Vec<&str> = text
            .lines()
            .filter(|l| {
                l.contains("DEBUG")
                    && l.contains("newsdesk_proxy::service")
                    && l.contains("request")
            })
            .collect();
        if logging == Logging::Full {
            assert_eq!(requests.len(), 4, "{filter}: every request once: {text}");
            assert!(
                requests[0].contains("path=\"/api/feed/news\"")
                    && requests[0].contains("status=200"),
                "{}",
                requests[0]
            );
            assert!(requests[1].contains("status=304"), "{}", requests[1]);
        } else {
            assert!(requests.is_empty(), "{filter}: {text}");
        }
    }
}
