//! The one log line per fetch: enough for an operator to see what happened,
//! never the query string (it may hold a publisher's access token).

use std::io;
use std::sync::{Arc, Mutex};

use newsdesk_fetcher::Fetcher;

use crate::support::Upstream;

/// Collects what the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().expect("lock").clone()).expect("utf-8")
    }
}

#[tokio::test]
async fn each_fetch_logs_one_line_without_the_query() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // This test's runtime has one thread, so the fetch logs on it.
    let _guard = tracing::subscriber::set_default(subscriber);

    let upstream = Upstream::start().await;
    let fetcher = Fetcher::new(upstream.policy()).expect("fetcher");
    let secret = "token=s3cr3t-publisher-key";
    // (path, outcome, status: none when the fetch stopped before one)
    let cases = [
        (format!("/feed?{secret}"), "modified", Some(200)),
        (format!("/status/503?{secret}"), "error", Some(503)),
        (format!("/redirect/9?{secret}"), "error", None),
    ];
    for (path, outcome, status) in &cases {
        let before = captured.text().lines().count();
        let _ = fetcher.fetch(&upstream.url(path), None).await;
        let text = captured.text();
        let lines: Vec<&str> = text.lines().skip(before).collect();
        assert_eq!(lines.len(), 1, "{path}: {lines:?}");
        let line = lines[0];
        assert!(line.contains(" INFO "), "{line}");
        assert!(
            line.contains("host=\"127.0.0.1\"") || line.contains("host=127.0.0.1"),
            "{line}"
        );
        assert!(line.contains(&format!("outcome=\"{outcome}\"")), "{line}");
        match status {
            Some(code) => assert!(line.contains(&format!("status={code}")), "{line}"),
            None => assert!(!line.contains("status="), "{line}"),
        }
        assert!(line.contains("elapsed_ms="), "{line}");
        assert!(line.contains("bytes="), "{line}");
        assert!(!line.contains("s3cr3t"), "the query leaked: {line}");
    }
}
