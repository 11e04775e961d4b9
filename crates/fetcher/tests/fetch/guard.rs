//! Sources that would turn the proxy against the operator's own network:
//! every one is refused before a connection is made.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use newsdesk_fetcher::{FetchError, FetchPolicy, Refusal};
use newsdesk_ingest::netguard::Denied;

use crate::support::{body, fetch_with, Upstream, FEED};

const LOOPBACK: Refusal = Refusal::Address(Denied::Loopback);

/// `(source URL, why it is refused)`, under the production feed policy.
/// Numeric spellings are the ones browsers accept: the `url` crate turns
/// them into plain addresses, and this table proves it.
const REFUSED: &[(&str, Refusal)] = &[
    ("ftp://harbour-gazette.example/feed.rss", Refusal::Scheme),
    ("file:///etc/passwd", Refusal::Scheme),
    ("gopher://harbour-gazette.example/", Refusal::Scheme),
    ("javascript:alert(1)", Refusal::Scheme),
    ("data:text/plain,hi", Refusal::Scheme),
    (
        "http://editor:hunter2@harbour-gazette.example/feed",
        Refusal::Credentials,
    ),
    (
        "https://editor@harbour-gazette.example/feed",
        Refusal::Credentials,
    ),
    (
        "https://:token@harbour-gazette.example/feed",
        Refusal::Credentials,
    ),
    (
        "http://harbour-gazette.example:8080/feed",
        Refusal::Port(8080),
    ),
    ("http://harbour-gazette.example:22/", Refusal::Port(22)),
    ("https://harbour-gazette.example:6379/", Refusal::Port(6379)),
    ("http://harbour-gazette.example:0/", Refusal::Port(0)),
    ("http://localhost/", Refusal::LocalName),
    ("http://localhost./", Refusal::LocalName),
    ("http://LocalHost:80/feed", Refusal::LocalName),
    ("https://admin.localhost/", Refusal::LocalName),
    ("http://127.0.0.1/", LOOPBACK),
    ("http://2130706433/", LOOPBACK),
    ("http://0x7f000001/", LOOPBACK),
    ("http://0x7f.0.0.1/", LOOPBACK),
    ("http://0177.0.0.1/", LOOPBACK),
    ("http://0177.1/", LOOPBACK),
    ("http://127.1/", LOOPBACK),
    ("http://127.0.1/", LOOPBACK),
    ("http://127.0.0.1./", LOOPBACK),
    ("http://%31%32%37.0.0.1/", LOOPBACK),
    ("http://\u{ff11}\u{ff12}\u{ff17}.0.0.1/", LOOPBACK), // fullwidth digits
    ("http://[::1]/", LOOPBACK),
    ("http://[0:0:0:0:0:0:0:1]/", LOOPBACK),
    ("http://0/", Refusal::Address(Denied::Unspecified)),
    ("http://0.0.0.0/", Refusal::Address(Denied::Unspecified)),
    ("http://[::]/", Refusal::Address(Denied::Unspecified)),
    (
        "http://[::ffff:127.0.0.1]/",
        Refusal::Address(Denied::Ipv4Mapped),
    ),
    (
        "http://[::ffff:7f00:1]/",
        Refusal::Address(Denied::Ipv4Mapped),
    ),
    (
        "http://[::ffff:169.254.169.254]/",
        Refusal::Address(Denied::Ipv4Mapped),
    ),
    (
        "http://[::127.0.0.1]/",
        Refusal::Address(Denied::Ipv4Compatible),
    ),
    ("http://[64:ff9b::7f00:1]/", LOOPBACK),
    ("http://[2002:7f00:1::]/", LOOPBACK),
    ("http://[2001::1]/", Refusal::Address(Denied::Teredo)),
    (
        "http://169.254.169.254/latest/meta-data/",
        Refusal::Address(Denied::LinkLocal),
    ),
    ("http://0xa9fea9fe/", Refusal::Address(Denied::LinkLocal)),
    (
        "http://2852039166/computeMetadata/v1/",
        Refusal::Address(Denied::LinkLocal),
    ),
    (
        "http://[fd00:ec2::254]/",
        Refusal::Address(Denied::UniqueLocal),
    ),
    ("http://[fe80::1]/", Refusal::Address(Denied::LinkLocal)),
    (
        "http://100.100.100.200/",
        Refusal::Address(Denied::SharedAddressSpace),
    ),
    ("http://10.0.0.1/", Refusal::Address(Denied::Private)),
    ("http://012.0.0.1/", Refusal::Address(Denied::Private)),
    ("http://172.16.0.1/", Refusal::Address(Denied::Private)),
    ("https://192.168.1.1/", Refusal::Address(Denied::Private)),
    ("http://224.0.0.1/", Refusal::Address(Denied::Multicast)),
    (
        "http://255.255.255.255/",
        Refusal::Address(Denied::Broadcast),
    ),
    (
        "http://192.0.2.10/",
        Refusal::Address(Denied::Documentation),
    ),
];

#[tokio::test]
async fn dangerous_sources_are_refused_before_connecting() {
    let policy = FetchPolicy::feeds();
    for (source, why) in REFUSED {
        // The pure check first: if the guard were broken, the test stops
        // here instead of sending a packet to the address.
        let url = url::Url::parse(source).expect("the table holds URLs");
        assert_eq!(policy.check_url(&url), Err(*why), "{source}");
        let got = fetch_with(policy.clone(), source).await;
        assert_eq!(got, Err(FetchError::Forbidden(*why)), "{source}");
    }
}

#[tokio::test]
async fn article_pages_are_held_to_the_same_address_rules() {
    // A summary-only item's link is the publisher's to write: a page is
    // refused where a feed would be.
    let policy = FetchPolicy::pages();
    for (page, why) in REFUSED {
        let url = url::Url::parse(page).expect("the table holds URLs");
        assert_eq!(policy.check_url(&url), Err(*why), "{page}");
        let got = fetch_with(policy.clone(), page).await;
        assert_eq!(got, Err(FetchError::Forbidden(*why)), "{page}");
    }
}

#[tokio::test]
async fn text_that_is_not_a_url_is_refused() {
    for source in [
        "",
        "harbour-gazette.example/feed",
        "http://",
        "http://[::1/",
        "http://a b/",
    ] {
        let got = fetch_with(FetchPolicy::feeds(), source).await;
        assert!(
            matches!(got, Err(FetchError::BadUrl(_))),
            "{source:?}: {got:?}"
        );
    }
}

#[tokio::test]
async fn production_policy_cannot_reach_a_loopback_upstream() {
    // The same upstream the other tests fetch from, with its port allowed:
    // only `allow_loopback_for_tests` differs.
    let upstream = Upstream::start().await;
    let policy = FetchPolicy::feeds().with_port(upstream.addr.port());
    let got = fetch_with(policy, &upstream.url("/feed")).await;
    assert_eq!(got, Err(FetchError::Forbidden(LOOPBACK)));
    let allowed = upstream.fetch("/feed").await;
    assert_eq!(body(allowed), FEED.as_bytes());
    assert_eq!(upstream.hits(), 1, "only the test policy's fetch arrived");
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_refused_when_connecting() {
    // The URL text is a harmless name; only its DNS answer is dangerous
    // (DNS rebinding, or a record an attacker controls).
    let upstream = Upstream::start().await;
    let port = upstream.addr.port();
    let cases: &[(&[IpAddr], Denied)] = &[
        (&[IpAddr::V4(Ipv4Addr::LOCALHOST)], Denied::Loopback),
        (&[IpAddr::V6(Ipv6Addr::LOCALHOST)], Denied::Loopback),
        (&[IpAddr::V4(Ipv4Addr::UNSPECIFIED)], Denied::Unspecified),
        (
            &[
                IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped()),
                IpAddr::V4(Ipv4Addr::LOCALHOST),
            ],
            Denied::Ipv4Mapped,
        ),
    ];
    for (addrs, first) in cases {
        let policy = FetchPolicy::feeds()
            .with_port(port)
            .resolve_for_tests("rebind.test", addrs);
        let source = format!("http://rebind.test:{port}/feed");
        let url = url::Url::parse(&source).expect("url");
        assert_eq!(policy.check_url(&url), Ok(()), "the text alone passes");
        let got = fetch_with(policy, &source).await;
        assert_eq!(
            got,
            Err(FetchError::Forbidden(Refusal::NoPublicAddress(*first))),
            "{addrs:?}"
        );
    }
    assert_eq!(upstream.hits(), 0, "no connection reached the upstream");
}

#[tokio::test]
async fn refused_addresses_are_dropped_and_the_allowed_one_is_used() {
    // With loopback allowed, a name answering [0.0.0.0, ::ffff:127.0.0.1,
    // 127.0.0.1] keeps only 127.0.0.1: 0.0.0.0 would reach this machine too,
    // so it stays refused even in tests.
    let upstream = Upstream::start().await;
    let port = upstream.addr.port();
    let policy = upstream.policy().resolve_for_tests(
        "harbour-gazette.test",
        &[
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            IpAddr::V6(Ipv4Addr::LOCALHOST.to_ipv6_mapped()),
            IpAddr::V4(Ipv4Addr::LOCALHOST),
        ],
    );
    let got = fetch_with(policy, &format!("http://harbour-gazette.test:{port}/feed")).await;
    assert_eq!(body(got), FEED.as_bytes());
}

#[tokio::test]
async fn a_port_named_by_the_source_is_allowed() {
    let upstream = Upstream::start().await;
    let port = upstream.addr.port();
    let without = FetchPolicy::feeds().allow_loopback_for_tests();
    let got = fetch_with(without, &upstream.url("/feed")).await;
    assert_eq!(got, Err(FetchError::Forbidden(Refusal::Port(port))));
    let with = FetchPolicy::feeds()
        .allow_loopback_for_tests()
        .with_port(port);
    assert_eq!(
        body(fetch_with(with, &upstream.url("/feed")).await),
        FEED.as_bytes()
    );
}
