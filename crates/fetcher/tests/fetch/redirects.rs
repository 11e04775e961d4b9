//! Redirects: followed a few times, and every hop checked like a new source,
//! so a publisher cannot bounce the proxy into the operator's network.

use newsdesk_fetcher::{FetchError, FetchPolicy, Fetched, Refusal, MAX_REDIRECTS};
use newsdesk_ingest::netguard::Denied;
use url::Url;

use crate::support::{body, Upstream, FEED};

#[tokio::test]
async fn up_to_three_redirects_are_followed() {
    assert_eq!(MAX_REDIRECTS, 3);
    let upstream = Upstream::start().await;
    match upstream.fetch("/redirect/3").await {
        Ok(Fetched::Body {
            bytes, final_url, ..
        }) => {
            assert_eq!(bytes, FEED.as_bytes());
            assert_eq!(
                final_url.path(),
                "/redirect/0",
                "relative links resolve here"
            );
        }
        other => panic!("expected the feed, got {other:?}"),
    }
}

#[tokio::test]
async fn a_fourth_redirect_or_a_loop_is_refused() {
    let upstream = Upstream::start().await;
    for path in ["/redirect/4", "/loop"] {
        assert_eq!(
            upstream.fetch(path).await,
            Err(FetchError::TooManyRedirects {
                limit: MAX_REDIRECTS
            }),
            "{path}"
        );
    }
    assert_eq!(
        upstream.hits(),
        2 * (MAX_REDIRECTS + 1),
        "the fifth request is never sent"
    );
}

#[tokio::test]
async fn redirects_into_the_network_are_refused_before_connecting() {
    let upstream = Upstream::start().await;
    let port = upstream.addr.port();
    // Targets that reach this machine even though loopback is allowed for
    // the test (0.0.0.0 and the IPv4-mapped form connect to localhost on
    // Linux) name the upstream's port: a broken guard would show as a hit.
    let cases = [
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            Refusal::Address(Denied::LinkLocal),
        ),
        (
            "http://10.0.0.1/".to_owned(),
            Refusal::Address(Denied::Private),
        ),
        (
            "http://0xa9fea9fe/".to_owned(),
            Refusal::Address(Denied::LinkLocal),
        ),
        (
            format!("http://0.0.0.0:{port}/feed"),
            Refusal::Address(Denied::Unspecified),
        ),
        (
            format!("http://0:{port}/feed"),
            Refusal::Address(Denied::Unspecified),
        ),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/feed"),
            Refusal::Address(Denied::Ipv4Mapped),
        ),
        ("http://127.0.0.1:6379/".to_owned(), Refusal::Port(6379)),
        (
            format!("http://editor:hunter2@127.0.0.1:{port}/feed"),
            Refusal::Credentials,
        ),
    ];
    let policy = upstream.policy();
    for (target, why) in &cases {
        let url = Url::parse(target).expect("url");
        assert_eq!(
            policy.check_url(&url),
            Err(*why),
            "{target}: checked before fetching"
        );
        let path = format!("/to?url={}", percent_encode(target));
        let got = upstream.fetch(&path).await;
        assert_eq!(got, Err(FetchError::Forbidden(*why)), "{target}");
    }
    assert_eq!(
        upstream.hits(),
        cases.len(),
        "only the redirecting requests arrived"
    );
}

#[test]
fn a_redirect_to_loopback_is_refused_in_production() {
    // End to end this needs a first hop that production may fetch, which a
    // loopback-only test cannot offer; the hop check is the same code the
    // redirect policy runs.
    let policy = FetchPolicy::feeds().with_port(8080);
    let from = Url::parse("https://harbour-gazette.example/feed").expect("url");
    let cases = [
        (
            "https://127.0.0.1:8080/",
            Refusal::Address(Denied::Loopback),
        ),
        ("https://[::1]/", Refusal::Address(Denied::Loopback)),
        ("https://localhost/", Refusal::LocalName),
        (
            "https://169.254.169.254/",
            Refusal::Address(Denied::LinkLocal),
        ),
        ("http://harbour-gazette.example/feed", Refusal::Downgrade),
        ("http://127.0.0.1/", Refusal::Downgrade),
    ];
    for (to, why) in cases {
        let to = Url::parse(to).expect("url");
        assert_eq!(policy.check_redirect(&from, &to), Err(why), "{to}");
    }
    let moved = Url::parse("https://www.harbour-gazette.example/feed").expect("url");
    assert_eq!(policy.check_redirect(&from, &moved), Ok(()));
    let upgrade = Url::parse("http://harbour-gazette.example/feed").expect("url");
    assert_eq!(
        policy.check_redirect(&upgrade, &from),
        Ok(()),
        "http → https is fine"
    );
}

#[tokio::test]
async fn a_redirect_to_an_allowed_address_is_followed() {
    let upstream = Upstream::start().await;
    let target = upstream.url("/feed");
    let got = upstream
        .fetch(&format!("/to?url={}", percent_encode(&target)))
        .await;
    assert_eq!(body(got), FEED.as_bytes());
}

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_not_followed() {
    // A `file:` location is not even a URL reqwest's redirect layer can
    // express: the 302 itself comes back, and a 302 is not a feed. Schemes
    // with a host reach the hop check and are refused there.
    let upstream = Upstream::start().await;
    let cases = [
        ("file:///etc/passwd", FetchError::Status(302)),
        (
            "gopher://127.0.0.1:70/",
            FetchError::Forbidden(Refusal::Scheme),
        ),
        (
            "ftp://127.0.0.1/feed",
            FetchError::Forbidden(Refusal::Scheme),
        ),
    ];
    for (target, expected) in &cases {
        let path = format!("/to?url={}", percent_encode(target));
        assert_eq!(
            upstream.fetch(&path).await,
            Err(expected.clone()),
            "{target}"
        );
    }
    assert_eq!(upstream.hits(), cases.len(), "nothing was followed");
}
