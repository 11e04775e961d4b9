//! Streaming fetches (`Streamer`), what the media proxy plays video and
//! audio through: byte ranges passed on and answered 206, bodies streamed
//! and cut at the cap, and the same address rules as every fetch.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use futures_util::StreamExt as _;
use newsdesk_fetcher::{
    FetchError, FetchPolicy, Refusal, StreamRequest, Streamed, Streamer, Validators,
    MAX_STREAM_BYTES,
};
use newsdesk_ingest::netguard::Denied;
use url::Url;

use crate::support::{clip_bytes, Upstream, CLIP_ETAG};

/// The streaming policy, allowed to reach `upstream`.
fn policy(upstream: &Upstream) -> FetchPolicy {
    let mut policy = upstream.policy().streaming();
    policy.total_timeout = Duration::from_secs(10);
    policy
}

fn ranged(range: &str) -> StreamRequest {
    StreamRequest {
        range: Some(range.to_owned()),
        ..StreamRequest::default()
    }
}

/// Every byte of a stream, or the error that ended it.
async fn read_all(mut streamed: Streamed) -> Result<Vec<u8>, FetchError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = streamed.body.next().await {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(bytes)
}

#[tokio::test]
async fn a_range_is_passed_on_and_its_206_streamed_back() {
    assert_eq!(MAX_STREAM_BYTES, 512 * 1024 * 1024);
    let upstream = Upstream::start().await;
    let streamer = Streamer::new(policy(&upstream)).unwrap();
    let clip = clip_bytes();
    // (range asked, status, Content-Range, bytes)
    let cases: [(Option<&str>, u16, Option<&str>, &[u8]); 5] = [
        (
            Some("bytes=0-99"),
            206,
            Some("bytes 0-99/1000"),
            &clip[..100],
        ),
        (
            Some("bytes=900-"),
            206,
            Some("bytes 900-999/1000"),
            &clip[900..],
        ),
        (
            Some("bytes=-10"),
            206,
            Some("bytes 990-999/1000"),
            &clip[990..],
        ),
        (None, 200, None, &clip[..]),
        // A range the fetcher will not pass on asks for the whole file.
        (Some("bytes=0-1,5-9"), 200, None, &clip[..]),
    ];
    for (range, status, content_range, want) in cases {
        let request = StreamRequest {
            range: range.map(str::to_owned),
            ..StreamRequest::default()
        };
        let streamed = streamer
            .open(&upstream.url("/clip.webm"), &request)
            .await
            .unwrap_or_else(|e| panic!("{range:?}: {e}"));
        assert_eq!(streamed.status, status, "{range:?}");
        assert_eq!(
            streamed.content_range.as_deref(),
            content_range,
            "{range:?}"
        );
        assert_eq!(streamed.content_type.as_deref(), Some("video/webm"));
        assert_eq!(streamed.content_length, Some(want.len() as u64));
        assert!(streamed.accepts_ranges);
        assert_eq!(streamed.validators.etag.as_deref(), Some(CLIP_ETAG));
        assert_eq!(read_all(streamed).await.unwrap(), want, "{range:?}");
        // What the publisher was asked: the range (or none), stored bytes.
        let seen = upstream.last_request();
        let sent_range = seen.get("range").map(|v| v.to_str().unwrap());
        let passed = range.filter(|r| !r.contains(','));
        assert_eq!(sent_range, passed, "{range:?}");
        assert_eq!(seen["accept-encoding"], "identity");
        assert!(seen["accept"].to_str().unwrap().starts_with("video/webm"));
    }

    // Past the end: the publisher's 416 comes back, with no body.
    let streamed = streamer
        .open(&upstream.url("/clip.webm"), &ranged("bytes=5000-"))
        .await
        .unwrap();
    assert_eq!(streamed.status, 416);
    assert_eq!(streamed.content_range.as_deref(), Some("bytes */1000"));
    assert!(read_all(streamed).await.unwrap().is_empty());
}

#[tokio::test]
async fn validators_and_if_range_reach_the_publisher_and_nothing_else() {
    let upstream = Upstream::start().await;
    let streamer = Streamer::new(policy(&upstream)).unwrap();
    let request = StreamRequest {
        range: Some("bytes=10-19".into()),
        if_range: Some(CLIP_ETAG.into()),
        validators: Validators {
            etag: Some("\"old\"".into()),
            last_modified: Some("Tue, 04 Nov 2025 06:12:00 GMT".into()),
        },
    };
    let streamed = streamer
        .open(&upstream.url("/clip.webm"), &request)
        .await
        .unwrap();
    assert_eq!(read_all(streamed).await.unwrap(), &clip_bytes()[10..20]);
    let seen = upstream.last_request();
    assert_eq!(seen["if-range"], CLIP_ETAG);
    assert_eq!(seen["if-none-match"], "\"old\"");
    assert_eq!(seen["if-modified-since"], "Tue, 04 Nov 2025 06:12:00 GMT");
    for name in [
        "cookie",
        "referer",
        "forwarded",
        "x-forwarded-for",
        "x-real-ip",
        "accept-language",
        "authorization",
    ] {
        assert!(seen.get(name).is_none(), "{name} was sent");
    }
    assert!(seen["user-agent"]
        .to_str()
        .unwrap()
        .starts_with("Newsdesk/"));
}

#[tokio::test]
async fn the_cap_refuses_an_announced_size_and_cuts_a_stream_that_runs_over() {
    let upstream = Upstream::start().await;
    let mut small = policy(&upstream);
    small.max_body_bytes = 500;
    let streamer = Streamer::new(small).unwrap();

    // 1,000 bytes announced (Content-Length, or the total of a 206's
    // Content-Range): refused before a byte of body, even for a small range.
    for request in [StreamRequest::default(), ranged("bytes=0-99")] {
        let refused = streamer.open(&upstream.url("/clip.webm"), &request).await;
        assert_eq!(
            refused.map(|s| s.status),
            Err(FetchError::TooLarge { limit: 500 }),
            "{request:?}"
        );
    }

    // No size announced (chunked): the stream ends at the cap with an error.
    let streamed = streamer
        .open(&upstream.url("/chunked/100000"), &StreamRequest::default())
        .await
        .unwrap();
    assert_eq!(streamed.content_length, None);
    assert_eq!(
        read_all(streamed).await,
        Err(FetchError::TooLarge { limit: 500 })
    );

    // An endless body under the real cap is cut too, without holding it:
    // the reads stop at the cap (here 1 MiB of 64 KiB chunks).
    let mut capped = policy(&upstream);
    capped.max_body_bytes = 1024 * 1024;
    let streamer = Streamer::new(capped).unwrap();
    let mut streamed = streamer
        .open(&upstream.url("/endless"), &StreamRequest::default())
        .await
        .unwrap();
    let (mut passed, mut ended) = (0_usize, None);
    while let Some(chunk) = streamed.body.next().await {
        match chunk {
            Ok(chunk) => passed += chunk.len(),
            Err(error) => {
                ended = Some(error);
                break;
            }
        }
    }
    assert_eq!(ended, Some(FetchError::TooLarge { limit: 1024 * 1024 }));
    assert!(passed <= 1024 * 1024, "{passed}");
}

#[tokio::test]
async fn a_publisher_that_goes_quiet_ends_the_stream() {
    let upstream = Upstream::start().await;
    let mut quick = policy(&upstream);
    quick.read_timeout = Duration::from_millis(300);
    let streamer = Streamer::new(quick).unwrap();
    // `/announced` promises 6 MiB and sends nothing.
    let streamed = streamer
        .open(&upstream.url("/announced"), &StreamRequest::default())
        .await
        .unwrap();
    let started = std::time::Instant::now();
    assert_eq!(read_all(streamed).await, Err(FetchError::Timeout));
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn redirects_to_private_addresses_are_refused() {
    let upstream = Upstream::start().await;
    let port = upstream.addr.port();
    let private = format!("http://10.0.0.1:{port}/clip.webm");
    // The pure check refuses it first, so a broken guard fails here
    // instead of sending a packet to 10.0.0.1.
    assert_eq!(
        policy(&upstream).check_url(&Url::parse(&private).unwrap()),
        Err(Refusal::Address(Denied::Private))
    );
    let streamer = Streamer::new(policy(&upstream).resolve_for_tests(
        "media.example",
        &[IpAddr::V4(Ipv4Addr::new(192, 168, 1, 7))],
    ))
    .unwrap();
    for (target, refusal) in [
        (private, Refusal::Address(Denied::Private)),
        (
            format!("http://media.example:{port}/clip.webm"),
            Refusal::NoPublicAddress(Denied::Private),
        ),
        (
            format!("http://127.0.0.1:{}/clip.webm", port.wrapping_add(1).max(1)),
            Refusal::Port(port.wrapping_add(1).max(1)),
        ),
    ] {
        let hop = upstream.url(&format!(
            "/to?url={}",
            percent_encoding::utf8_percent_encode(&target, percent_encoding::NON_ALPHANUMERIC)
        ));
        let hits = upstream.hits();
        let refused = streamer.open(&hop, &ranged("bytes=0-99")).await;
        assert_eq!(
            refused.map(|s| s.status),
            Err(FetchError::Forbidden(refusal)),
            "{target}"
        );
        assert_eq!(upstream.hits(), hits + 1, "only the redirect was fetched");
    }
    // And straight away, without a redirect.
    let refused = streamer
        .open(
            "http://169.254.169.254/latest/meta-data/",
            &StreamRequest::default(),
        )
        .await;
    assert!(matches!(refused, Err(FetchError::Forbidden(_))));
}

#[tokio::test]
async fn a_publisher_error_status_is_refused() {
    let upstream = Upstream::start().await;
    let streamer = Streamer::new(policy(&upstream)).unwrap();
    for code in [404_u16, 500, 302] {
        let path = format!("/status/{code}");
        let refused = streamer
            .open(&upstream.url(&path), &ranged("bytes=0-"))
            .await;
        assert_eq!(
            refused.map(|s| s.status),
            Err(FetchError::Status(code)),
            "{code}"
        );
    }
    // A 206 the fetcher did not ask for (no range sent) is not trusted.
    let refused = streamer
        .open(&upstream.url("/status/206"), &StreamRequest::default())
        .await;
    assert_eq!(refused.map(|s| s.status), Err(FetchError::Status(206)));
}
