//! What a publisher learns from a request: that Newsdesk fetched, and
//! nothing about the operator or the reader.

use newsdesk_fetcher::FetchPolicy;
use newsdesk_fetcher::{FEED_ACCEPT, IMAGE_ACCEPT, PAGE_ACCEPT, USER_AGENT};

use crate::support::{body, fetch_with, Upstream, FEED};

/// Headers that would leak a secret or the reader.
const NEVER_SENT: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "referer",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-real-ip",
    "forwarded",
    "via",
];

#[tokio::test]
async fn a_request_names_newsdesk_and_nothing_private() {
    let upstream = Upstream::start().await;
    // Through a redirect too: reqwest would add a Referer by default.
    let target = upstream.url("/feed");
    let got = upstream.fetch(&format!("/to?url={target}")).await;
    assert_eq!(body(got), FEED.as_bytes());
    let sent = upstream.last_request();
    for name in NEVER_SENT {
        assert!(sent.get(*name).is_none(), "{name} was sent");
    }
    let agent = sent["user-agent"].to_str().expect("ascii");
    assert_eq!(agent, USER_AGENT);
    assert!(agent.starts_with("Newsdesk/"), "{agent}");
    assert!(agent.contains("feed fetcher"), "{agent}");
    assert_eq!(sent["accept"], FEED_ACCEPT);
}

#[test]
fn the_environment_proxy_is_ignored() {
    // A proxy from the environment would receive every fetch (and could be
    // an internal host). This binary runs one test again in a child
    // process whose environment points every proxy variable at a closed
    // port: setting them here, with other tests running, would race.
    let child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "requests::fetch_with_a_proxy_in_the_environment",
            "--ignored",
        ])
        .envs(
            ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
                .map(|name| (name, "http://127.0.0.1:9")),
        )
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("run the child test");
    let report = String::from_utf8_lossy(&child.stdout);
    assert!(child.status.success(), "{report}");
    assert!(report.contains("1 passed"), "the child test ran: {report}");
}

#[tokio::test]
#[ignore = "run by the_environment_proxy_is_ignored, with a proxy in the environment"]
async fn fetch_with_a_proxy_in_the_environment() {
    let upstream = Upstream::start().await;
    let got = upstream.fetch("/feed").await;
    assert_eq!(body(got), FEED.as_bytes());
}

#[tokio::test]
async fn images_ask_for_images() {
    let upstream = Upstream::start().await;
    let policy = FetchPolicy::images()
        .allow_loopback_for_tests()
        .with_port(upstream.addr.port());
    body(fetch_with(policy, &upstream.url("/feed")).await);
    assert_eq!(upstream.last_request()["accept"], IMAGE_ACCEPT);
}

#[tokio::test]
async fn article_pages_ask_for_html() {
    let upstream = Upstream::start().await;
    let policy = FetchPolicy::pages()
        .allow_loopback_for_tests()
        .with_port(upstream.addr.port());
    body(fetch_with(policy, &upstream.url("/feed")).await);
    assert_eq!(upstream.last_request()["accept"], PAGE_ACCEPT);
}
