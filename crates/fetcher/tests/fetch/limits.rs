//! A publisher's server cannot hold the proxy's memory or time: bodies are
//! capped after decompression and every fetch has a deadline.

use std::time::{Duration, Instant};

use newsdesk_fetcher::{
    FetchError, FetchPolicy, Fetched, MAX_FEED_BYTES, MAX_IMAGE_BYTES, MAX_PAGE_BYTES,
};

use crate::support::{body, fetch_with, Upstream, FEED, SHORT_TIMEOUT, SLOW};

const MIB: usize = 1024 * 1024;

#[test]
fn limits_match_what_publishers_serve() {
    assert_eq!(MAX_FEED_BYTES, 5 * MIB);
    assert_eq!(MAX_IMAGE_BYTES, 8 * MIB);
    assert_eq!(FetchPolicy::feeds().max_body_bytes, MAX_FEED_BYTES);
    assert_eq!(FetchPolicy::images().max_body_bytes, MAX_IMAGE_BYTES);
    assert_eq!(FetchPolicy::feeds().allowed_ports, vec![80, 443]);
    // The extractor's own limit: a page it would refuse is never read whole.
    assert_eq!(MAX_PAGE_BYTES, newsdesk_ingest::fulltext::MAX_PAGE_BYTES);
    assert_eq!(FetchPolicy::pages().max_body_bytes, 3 * MIB);
    assert_eq!(FetchPolicy::pages().allowed_ports, vec![80, 443]);
}

#[tokio::test]
async fn a_body_at_the_limit_passes_and_one_byte_more_fails() {
    let upstream = Upstream::start().await;
    let limit = 1024;
    // (path, expected length or None for TooLarge)
    let cases = [
        (format!("/sized/{limit}"), Some(limit)),
        (format!("/sized/{}", limit + 1), None),
        (format!("/chunked/{limit}"), Some(limit)),
        (format!("/chunked/{}", limit + 1), None),
        (format!("/gzip/{limit}"), Some(limit)),
        (format!("/gzip/{}", limit + 1), None),
    ];
    for (path, expected) in cases {
        let mut policy = upstream.policy();
        policy.max_body_bytes = limit;
        let got = fetch_with(policy, &upstream.url(&path)).await;
        match expected {
            Some(len) => assert_eq!(body(got).len(), len, "{path}"),
            None => assert_eq!(got, Err(FetchError::TooLarge { limit }), "{path}"),
        }
    }
}

#[tokio::test]
async fn a_huge_body_with_content_length_is_refused() {
    let upstream = Upstream::start().await;
    let got = upstream
        .fetch(&format!("/sized/{}", MAX_FEED_BYTES + 1))
        .await;
    assert_eq!(
        got,
        Err(FetchError::TooLarge {
            limit: MAX_FEED_BYTES
        })
    );
}

#[tokio::test]
async fn an_announced_huge_body_is_refused_before_reading() {
    // The upstream announces 6 MiB and sends nothing: a fetcher that read
    // the body would wait for the timeout instead.
    let upstream = Upstream::start().await;
    let started = Instant::now();
    let got = upstream.fetch("/announced").await;
    assert_eq!(
        got,
        Err(FetchError::TooLarge {
            limit: MAX_FEED_BYTES
        })
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "it did not wait for the body"
    );
}

#[tokio::test]
async fn an_endless_chunked_body_is_cut_at_the_limit() {
    // No Content-Length, and the upstream never stops: only counting while
    // streaming ends this fetch before the timeout.
    let upstream = Upstream::start().await;
    let got = upstream.fetch("/endless").await;
    assert_eq!(
        got,
        Err(FetchError::TooLarge {
            limit: MAX_FEED_BYTES
        })
    );
}

#[tokio::test]
async fn compression_bombs_are_cut_at_the_decompressed_limit() {
    // 64 MiB of zeros is about 64 KiB compressed: small on the wire, so
    // only counting decompressed bytes catches it.
    let upstream = Upstream::start().await;
    for path in ["/gzip", "/deflate"] {
        let got = upstream.fetch(&format!("{path}/{}", 64 * MIB)).await;
        assert_eq!(
            got,
            Err(FetchError::TooLarge {
                limit: MAX_FEED_BYTES
            }),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_compressed_feed_arrives_decompressed() {
    let upstream = Upstream::start().await;
    let got = upstream.fetch("/gzip-feed").await;
    assert_eq!(body(got), FEED.as_bytes());
    let accepted = upstream.last_request()["accept-encoding"]
        .to_str()
        .expect("ascii")
        .to_owned();
    for encoding in ["gzip", "br", "deflate"] {
        assert!(accepted.contains(encoding), "{accepted}");
    }
}

#[tokio::test]
async fn a_slow_upstream_times_out() {
    let upstream = Upstream::start().await;
    // (path, what is slow)
    for (path, what) in [
        ("/slow", "the headers"),
        ("/drip", "an endless trickle of body"),
    ] {
        let mut policy = upstream.policy();
        policy.total_timeout = SHORT_TIMEOUT;
        let started = Instant::now();
        let got = fetch_with(policy, &upstream.url(path)).await;
        assert_eq!(got, Err(FetchError::Timeout), "{what}");
        assert!(started.elapsed() < SLOW, "{what}: gave up at the deadline");
    }
}

#[tokio::test]
async fn error_statuses_are_errors() {
    let upstream = Upstream::start().await;
    for (path, code) in [
        ("/status/404", 404),
        ("/status/410", 410),
        ("/status/429", 429),
        ("/status/500", 500),
        ("/status/503", 503),
        ("/no-location", 302),
    ] {
        assert_eq!(
            upstream.fetch(path).await,
            Err(FetchError::Status(code)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_feed_arrives_with_its_type_and_address() {
    let upstream = Upstream::start().await;
    match upstream.fetch("/feed").await {
        Ok(Fetched::Body {
            bytes,
            content_type,
            final_url,
            validators,
        }) => {
            assert_eq!(bytes, FEED.as_bytes());
            assert_eq!(
                content_type.as_deref(),
                Some("application/rss+xml; charset=utf-8")
            );
            assert_eq!(final_url.as_str(), upstream.url("/feed"));
            assert_eq!(validators, Default::default());
        }
        other => panic!("expected the feed, got {other:?}"),
    }
}
