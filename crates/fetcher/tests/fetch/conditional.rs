//! Conditional requests: an unchanged feed costs the publisher a 304, not
//! the whole body.

use newsdesk_fetcher::{FetchError, Fetched, Fetcher, Validators};

use crate::support::{Upstream, ETAG, FEED, LAST_MODIFIED};

#[tokio::test]
async fn validators_from_a_200_make_the_next_fetch_a_304() {
    let upstream = Upstream::start().await;
    let fetcher = Fetcher::new(upstream.policy()).expect("fetcher");
    let url = upstream.url("/conditional");

    let first = fetcher.fetch(&url, None).await;
    let Ok(Fetched::Body {
        bytes, validators, ..
    }) = first
    else {
        panic!("expected the feed, got {first:?}");
    };
    assert_eq!(bytes, FEED.as_bytes());
    assert_eq!(validators.etag.as_deref(), Some(ETAG));
    assert_eq!(validators.last_modified.as_deref(), Some(LAST_MODIFIED));

    let again = fetcher.fetch(&url, Some(&validators)).await;
    assert_eq!(again, Ok(Fetched::NotModified));
    let sent = upstream.last_request();
    assert_eq!(sent["if-none-match"], ETAG);
    assert_eq!(sent["if-modified-since"], LAST_MODIFIED);
}

#[tokio::test]
async fn each_validator_works_alone_and_a_stale_one_gets_the_body() {
    let upstream = Upstream::start().await;
    let fetcher = Fetcher::new(upstream.policy()).expect("fetcher");
    let url = upstream.url("/conditional");
    let some = |text: &str| Some(text.to_owned());
    // (validators, expect a 304)
    let cases = [
        (
            Validators {
                etag: some(ETAG),
                last_modified: None,
            },
            true,
        ),
        (
            Validators {
                etag: None,
                last_modified: some(LAST_MODIFIED),
            },
            true,
        ),
        (
            Validators {
                etag: some("\"harbour-41\""),
                last_modified: None,
            },
            false,
        ),
        (
            Validators {
                etag: None,
                last_modified: some("Mon, 03 Nov 2025 06:12:00 GMT"),
            },
            false,
        ),
        // Not a valid header value: sent unconditionally instead of failing.
        (
            Validators {
                etag: some("\"bad\nvalue\""),
                last_modified: None,
            },
            false,
        ),
    ];
    for (validators, not_modified) in cases {
        let got = fetcher.fetch(&url, Some(&validators)).await;
        match got {
            Ok(Fetched::NotModified) => assert!(not_modified, "{validators:?}"),
            Ok(Fetched::Body { .. }) => assert!(!not_modified, "{validators:?}"),
            Err(err) => panic!("{validators:?}: {err}"),
        }
    }
}

#[tokio::test]
async fn a_304_nobody_asked_for_is_an_error() {
    // Without validators there is nothing to keep, so a 304 cannot mean
    // "keep what you have".
    let upstream = Upstream::start().await;
    let fetcher = Fetcher::new(upstream.policy()).expect("fetcher");
    let url = upstream.url("/status/304");
    assert_eq!(
        fetcher.fetch(&url, None).await,
        Err(FetchError::Status(304))
    );
    let empty = Validators::default();
    assert_eq!(
        fetcher.fetch(&url, Some(&empty)).await,
        Err(FetchError::Status(304))
    );
    assert!(upstream.last_request().get("if-none-match").is_none());
}
