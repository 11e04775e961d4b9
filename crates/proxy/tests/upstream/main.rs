//! The proxy serving real upstream sources: publishers this test runs on
//! 127.0.0.1, a sources file pointing at them, and the API a reader's app
//! calls. Needs the `test-upstreams` feature (the only way to reach
//! loopback): `cargo test -p newsdesk-proxy --features test-upstreams --test upstream`.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing;
use axum::Router;
use http_body_util::BodyExt as _;
use newsdesk_feed::Feed;
use newsdesk_fetcher::FetchPolicy;
use newsdesk_ingest::signer::MediaSigner;
use newsdesk_ingest::sources::SourcesFile;
use newsdesk_proxy::{app, app_with_cors, AppState, MediaProxy, Newsstand, OpenFeeds, Refresher};
use tower::ServiceExt as _;

mod media;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/feeds");

/// A tiny valid PNG (1×1, transparent).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// What a test publisher does when asked for its feed.
#[derive(Clone)]
enum Behaviour {
    /// Serves this document with this content type, with an ETag.
    Serve(Vec<u8>, &'static str),
    /// Answers 500, as a publisher's broken server does.
    Fail,
}

#[derive(Clone)]
struct Publisher {
    behaviour: Arc<Mutex<Behaviour>>,
    hits: Arc<AtomicUsize>,
    not_modified: Arc<AtomicUsize>,
}

impl Publisher {
    fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }
}

async fn feed(State(publisher): State<Publisher>, request: HeaderMap) -> Response {
    publisher.hits.fetch_add(1, Ordering::SeqCst);
    // A little latency, so concurrent refreshes really overlap.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let behaviour = publisher.behaviour.lock().unwrap().clone();
    match behaviour {
        Behaviour::Fail => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Behaviour::Serve(body, content_type) => {
            let etag = format!("\"{}\"", body.len());
            if request
                .get(header::IF_NONE_MATCH)
                .is_some_and(|v| v.to_str().ok() == Some(etag.as_str()))
            {
                publisher.not_modified.fetch_add(1, Ordering::SeqCst);
                return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
            }
            (
                [
                    (header::CONTENT_TYPE, content_type.to_owned()),
                    (header::ETAG, etag),
                ],
                body,
            )
                .into_response()
        }
    }
}

/// Starts a publisher on 127.0.0.1 serving `body`; returns it and its address.
async fn publisher(
    body: impl Into<Vec<u8>>,
    content_type: &'static str,
) -> (Publisher, SocketAddr) {
    let publisher = Publisher {
        behaviour: Arc::new(Mutex::new(Behaviour::Serve(body.into(), content_type))),
        hits: Arc::new(AtomicUsize::new(0)),
        not_modified: Arc::new(AtomicUsize::new(0)),
    };
    let router = Router::new()
        .route("/feed", routing::get(feed))
        .route(
            "/pic.png",
            routing::get(|| async { ([(header::CONTENT_TYPE, "image/png")], PNG) }),
        )
        .route(
            "/page.html",
            routing::get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<p>hi</p>") }),
        )
        .with_state(publisher.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (publisher, address)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap()
}

fn sources_file(entries: &[(&str, SocketAddr)], extra: &str) -> SourcesFile {
    let mut text = format!("name = \"Test Newsroom\"\nallow_loopback_upstreams = true\n{extra}\n");
    for (id, address) in entries {
        text.push_str(&format!(
            "[[sources]]\nid = \"{id}\"\ntitle = \"{id} title\"\nurl = \"http://{address}/feed\"\nrefresh_minutes = 0.01\n\
             [sources.desk]\nname = \"{id} desk\"\nbio = \"The {id} desk bio.\"\nemail = \"{id}@example.org\"\n"
        ));
    }
    SourcesFile::parse(&text).unwrap()
}

fn loopback(policy: FetchPolicy) -> FetchPolicy {
    policy.allow_loopback_for_tests()
}

async fn start(file: &SourcesFile) -> (Arc<Refresher>, AppState) {
    let signer = MediaSigner::new(b"0123456789abcdef-test-key").unwrap();
    let refresher = newsdesk_proxy::refresher(file, Some(signer.clone())).unwrap();
    let (library, newsstand) = Newsstand::follow(refresher);
    let library = Arc::new(library);
    library.refresh_all().await;
    let mut images = FetchPolicy::images();
    let mut feeds = FetchPolicy::feeds();
    for port in file.named_ports() {
        images = images.with_port(port);
        // Only because the test publisher is on a random port.
        feeds = feeds.with_port(port);
    }
    let open_feeds = file
        .open_feeds
        .then(|| OpenFeeds::new(signer.clone(), loopback(feeds)).unwrap());
    let media = MediaProxy::new(signer, loopback(images)).unwrap();
    let state = AppState::sources(
        newsstand,
        media,
        open_feeds,
        std::path::Path::new("/nonexistent"),
    );
    (library, state)
}

async fn get(router: &Router, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
    get_with(router, uri, &[]).await
}

async fn get_with(
    router: &Router,
    uri: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = router
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

async fn feed_at(router: &Router, uri: &str) -> Feed {
    let (status, headers, body) = get(router, uri).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{uri}: {}",
        String::from_utf8_lossy(&body)
    );
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/feed+json"));
    Feed::from_json(std::str::from_utf8(&body).unwrap()).expect("a valid JSON Feed")
}

#[tokio::test]
async fn readers_get_every_format_normalized_with_the_operators_desk() {
    let (_rss, rss_at) = publisher(fixture("rss2.xml"), "application/rss+xml").await;
    let (_atom, atom_at) = publisher(fixture("atom.xml"), "application/atom+xml").await;
    // Bytes really in windows-1251, declared only in the XML prolog.
    let (_cp, cp_at) = publisher(fixture("windows-1251.xml"), "application/xml").await;
    let file = sources_file(&[("rss", rss_at), ("atom", atom_at), ("cyr", cp_at)], "");
    let (_library, state) = start(&file).await;
    let router = app(state);

    let (status, _, body) = get(&router, "/api/sources").await;
    assert_eq!(status, StatusCode::OK);
    let list: newsdesk_feed::SourceList = serde_json::from_slice(&body).unwrap();
    let ids: Vec<_> = list.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["rss", "atom", "cyr"]);
    for source in &list.sources {
        assert!(source.item_count > 0, "{} has items", source.id);
        assert!(!source.stale, "{} is fresh", source.id);
        assert_eq!(
            source.desk.name.as_deref(),
            Some(format!("{} desk", source.id).as_str())
        );
        assert_eq!(
            source.desk.bio(),
            Some(format!("The {} desk bio.", source.id).as_str())
        );
    }

    // windows-1251 bytes decoded: readers see Cyrillic, not mojibake.
    let cyr = feed_at(&router, "/api/feed/cyr").await;
    let title = cyr.items[0].title.clone().unwrap_or_default();
    assert!(
        title
            .chars()
            .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
            && !title.contains('\u{FFFD}'),
        "{title}"
    );

    let rss = feed_at(&router, "/api/feed/rss").await;
    let first = &rss.items[0];
    assert!(first.id.starts_with("rss-"), "{}", first.id);
    let info = rss.newsdesk.as_ref().unwrap();
    assert!(!info.stale && info.refreshed_at.is_some());
    // Relative links were resolved against the publisher's base.
    let ferry = rss
        .items
        .iter()
        .find(|i| i.title.as_deref() == Some("Ferry service resumes after flood repairs"))
        .expect("the ferry story");
    assert_eq!(
        ferry.url.as_deref(),
        Some("https://riverbank.example/news/2026/03/ferry-service-resumes")
    );
    assert!(ferry.video().is_some(), "video enclosure kept");
    let body = ferry.content_html.as_deref().unwrap();
    assert!(!body.contains("<script") && !body.contains("<h1"));
    // Every article image goes through the proxy's signed media endpoint.
    assert!(body.contains("/api/media?url="), "{body}");
    // The item endpoint serves it with its desk.
    let single = feed_at(&router, &format!("/api/item/{}", ferry.id)).await;
    assert_eq!(single.items[0].id, ferry.id);
    assert_eq!(single.authors[0].email(), Some("rss@example.org"));

    // The merged feed holds every source, newest first.
    let merged = feed_at(&router, "/api/feed").await;
    assert_eq!(merged.title, "Test Newsroom — News Feed");
    let total = merged.newsdesk.as_ref().unwrap().total_items.unwrap();
    assert_eq!(
        total,
        list.sources.iter().map(|s| s.item_count).sum::<u32>()
    );
}

#[tokio::test]
async fn a_dead_upstream_leaves_readers_the_last_good_copy_marked_stale() {
    let (publisher, at) = publisher(fixture("atom.xml"), "application/atom+xml").await;
    let file = sources_file(&[("atom", at)], "");
    let (library, state) = start(&file).await;
    let router = app(state);
    let before = feed_at(&router, "/api/feed/atom").await;
    assert!(!before.items.is_empty());
    let refreshed_at = before.newsdesk.as_ref().unwrap().refreshed_at.clone();

    publisher.set(Behaviour::Fail);
    library.refresh_all().await;
    let after = feed_at(&router, "/api/feed/atom").await;
    assert_eq!(
        after.items, before.items,
        "same stories as the last good copy"
    );
    let info = after.newsdesk.as_ref().unwrap();
    assert!(info.stale, "marked stale");
    assert_eq!(
        info.refreshed_at, refreshed_at,
        "says when it was last fresh"
    );
    let (_, _, body) = get(&router, "/api/sources").await;
    assert!(String::from_utf8_lossy(&body).contains("\"stale\":true"));

    // Garbage from the publisher is no better than silence.
    publisher.set(Behaviour::Serve(
        b"<html>Bad gateway</html>".to_vec(),
        "text/html",
    ));
    library.refresh_all().await;
    let garbage = feed_at(&router, "/api/feed/atom").await;
    assert_eq!(garbage.items, before.items);
    assert!(garbage.newsdesk.as_ref().unwrap().stale);

    // Back up: fresh again.
    publisher.set(Behaviour::Serve(
        fixture("atom.xml"),
        "application/atom+xml",
    ));
    library.refresh_all().await;
    assert!(
        !feed_at(&router, "/api/feed/atom")
            .await
            .newsdesk
            .unwrap()
            .stale
    );
}

#[tokio::test]
async fn a_feed_that_changes_between_fetches_shows_the_new_story() {
    let rss = |title: &str| {
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Changing</title><link>https://changing.example/</link>
            <item><title>{title}</title><guid>https://changing.example/{n}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>Body of {title}.</description></item>
            <item><title>Older story</title><guid>https://changing.example/old</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>Old.</description></item>
            </channel></rss>"#,
            n = title.len()
        )
    };
    let (publisher, at) = publisher(rss("First headline"), "application/rss+xml").await;
    let (library, state) = start(&sources_file(&[("changing", at)], "")).await;
    let router = app(state);
    let first = feed_at(&router, "/api/feed/changing").await;
    assert_eq!(first.items[0].title.as_deref(), Some("First headline"));
    let old_id = first.items[1].id.clone();

    publisher.set(Behaviour::Serve(
        rss("A newer, longer headline").into(),
        "application/rss+xml",
    ));
    library.refresh_all().await;
    let second = feed_at(&router, "/api/feed/changing").await;
    assert_eq!(
        second.items[0].title.as_deref(),
        Some("A newer, longer headline")
    );
    assert_eq!(second.items[1].id, old_id, "the same entry keeps its id");
}

#[tokio::test]
async fn concurrent_refreshes_coalesce_and_unchanged_feeds_cost_a_304() {
    let (publisher, at) = publisher(fixture("rss2.xml"), "application/rss+xml").await;
    let (library, state) = start(&sources_file(&[("rss", at)], "")).await;
    assert_eq!(publisher.hits.load(Ordering::SeqCst), 1);

    // Ten refreshes at once (the source is due: its interval is 0.6 s).
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let refreshes = (0..10).map(|_| library.refresh_due());
    let fetched: Vec<usize> = futures_util::future::join_all(refreshes).await;
    assert_eq!(fetched.iter().sum::<usize>(), 1, "{fetched:?}");
    assert_eq!(
        publisher.hits.load(Ordering::SeqCst),
        2,
        "one upstream fetch"
    );
    // The second fetch sent the ETag back and got a 304.
    assert_eq!(publisher.not_modified.load(Ordering::SeqCst), 1);
    assert_eq!(library.fetch_count("rss").await, 2);
    let router = app(state);
    let feed = feed_at(&router, "/api/feed/rss").await;
    assert!(!feed.items.is_empty() && !feed.newsdesk.unwrap().stale);
}

#[tokio::test]
async fn images_come_through_signed_links_only() {
    let (_publisher, at) = publisher(Vec::new(), "application/rss+xml").await;
    let body = format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Pictures</title><link>http://{at}/</link>
        <item><title>With a picture</title><guid>p1</guid><description>&lt;p&gt;Look: &lt;img src="/pic.png" alt="a dot"&gt;&lt;/p&gt;</description></item>
        </channel></rss>"#
    );
    _publisher.set(Behaviour::Serve(body.into(), "application/rss+xml"));
    let (_library, state) = start(&sources_file(&[("pics", at)], "")).await;
    let router = app(state);
    let feed = feed_at(&router, "/api/feed/pics").await;
    let html = feed.items[0].content_html.clone().unwrap();
    let start = html.find("/api/media?").expect("image rewritten");
    let end = start + html[start..].find('"').unwrap();
    let link = html[start..end].replace("&amp;", "&");

    let (status, headers, bytes) = get(&router, &link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(bytes, PNG);

    // Tampered links are refused: the proxy is not an open proxy.
    let tampered = link.replace("pic.png", "page.html");
    assert_eq!(get(&router, &tampered).await.0, StatusCode::FORBIDDEN);
    let unsigned = format!("/api/media?url=http://{at}/pic.png&sig=AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(get(&router, &unsigned).await.0, StatusCode::FORBIDDEN);
    assert_eq!(get(&router, "/api/media").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reader_added_feeds_need_the_operators_switch_and_the_fetch_rules() {
    let (_publisher, at) = publisher(fixture("atom.xml"), "application/atom+xml").await;
    let off = sources_file(&[("atom", at)], "");
    let (_library, state) = start(&off).await;
    let router = app(state);
    let uri = format!("/api/open-feed?url=http://{at}/feed");
    assert_eq!(get(&router, &uri).await.0, StatusCode::NOT_FOUND);
    // The app offers to add unmatched OPML feeds only when the list says so.
    assert!(!source_list(&router).await.open_feeds);

    let on = sources_file(&[("atom", at)], "open_feeds = true");
    let (_library, state) = start(&on).await;
    let router = app(state);
    assert!(source_list(&router).await.open_feeds);
    let feed = feed_at(&router, &uri).await;
    assert!(!feed.items.is_empty());
    assert!(feed.items[0].id.starts_with("open-"));
    for refused in [
        "/api/open-feed?url=file:///etc/passwd",
        "/api/open-feed?url=http://169.254.169.254/latest/meta-data/",
        "/api/open-feed?url=http://user:pw@example.org/feed",
        "/api/open-feed?url=gopher://example.org/",
    ] {
        assert_eq!(
            get(&router, refused).await.0,
            StatusCode::FORBIDDEN,
            "{refused}"
        );
    }
}

#[tokio::test]
async fn a_client_past_its_budget_gets_429_with_retry_after() {
    let (_publisher, at) = publisher(fixture("atom.xml"), "application/atom+xml").await;
    let (_library, state) = start(&sources_file(&[("atom", at)], "")).await;
    let router = app(state.with_rate_limit(5, true));
    let me = [("x-forwarded-for", "203.0.113.9")];
    for _ in 0..5 {
        assert_eq!(
            get_with(&router, "/api/sources", &me).await.0,
            StatusCode::OK
        );
    }
    let (status, headers, body) = get_with(&router, "/api/sources", &me).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=12).contains(&wait), "{wait}");
    assert!(String::from_utf8_lossy(&body).contains("too many requests"));
    // Only the API counts: the app's own files and the health check still answer.
    assert_eq!(get_with(&router, "/healthz", &me).await.0, StatusCode::OK);
    // Someone else is not held up.
    let other = [("x-forwarded-for", "198.51.100.4")];
    assert_eq!(
        get_with(&router, "/api/sources", &other).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn cors_answers_only_the_origins_the_operator_lists() {
    let (_publisher, at) = publisher(fixture("atom.xml"), "application/atom+xml").await;
    let (_library, state) = start(&sources_file(&[("atom", at)], "")).await;
    let router = app_with_cors(state, &["https://news.example.org".to_owned()]);
    let (_, headers, _) = get_with(
        &router,
        "/api/feed",
        &[("origin", "https://news.example.org")],
    )
    .await;
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://news.example.org"
    );
    let (_, headers, _) =
        get_with(&router, "/api/feed", &[("origin", "https://evil.example")]).await;
    assert!(!headers.contains_key("access-control-allow-origin"));
}

/// `GET /api/sources`, parsed.
async fn source_list(router: &Router) -> newsdesk_feed::SourceList {
    let (status, _, body) = get(router, "/api/sources").await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_slice(&body).expect("a source list")
}

/// The body of a reply in whatever encoding it came, decoded.
fn decoded(headers: &HeaderMap, body: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    match headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap())
    {
        None => out.extend_from_slice(body),
        Some("br") => {
            brotli::Decompressor::new(body, 4096)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(body)
                .read_to_end(&mut out)
                .unwrap();
        }
        Some(other) => panic!("unexpected Content-Encoding {other}"),
    }
    out
}

#[tokio::test]
async fn after_a_refresh_changes_the_feed_its_etags_and_bodies_change_in_every_encoding() {
    let rss = |title: &str| {
        format!(
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Edition</title><link>https://edition.example/</link>
            <item><title>{title}</title><guid>https://edition.example/{n}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>Body of {title}, long enough to be worth compressing: the council met, the trams ran, the river rose and fell again.</description></item>
            <item><title>Older story</title><guid>https://edition.example/old</guid><pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate><description>Old.</description></item>
            </channel></rss>"#,
            n = title.len()
        )
    };
    let (publisher, at) = publisher(rss("First headline"), "application/rss+xml").await;
    let (library, state) = start(&sources_file(&[("edition", at)], "")).await;
    let router = app(state);
    let uris = [
        "/api/feed/edition",
        "/api/feed",
        "/api/feed?sources=edition",
    ];
    let encodings = ["identity", "br", "gzip"];

    // (uri, encoding) → (ETag, decoded body), before the change.
    let mut before = Vec::new();
    for uri in uris {
        for accept in encodings {
            let (status, headers, body) =
                get_with(&router, uri, &[("accept-encoding", accept)]).await;
            assert_eq!(status, StatusCode::OK, "{uri} {accept}");
            let tag = headers[header::ETAG].to_str().unwrap().to_owned();
            let (status, _, _) = get_with(
                &router,
                uri,
                &[("accept-encoding", accept), ("if-none-match", &tag)],
            )
            .await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri} {accept}");
            before.push((tag, decoded(&headers, &body)));
        }
    }
    assert!(String::from_utf8_lossy(&before[0].1).contains("First headline"));

    publisher.set(Behaviour::Serve(
        rss("A newer, longer headline").into(),
        "application/rss+xml",
    ));
    library.refresh_all().await;

    let mut old = before.into_iter();
    for uri in uris {
        let mut identity = None;
        for accept in encodings {
            let (old_tag, old_body) = old.next().unwrap();
            // The reader's copy is out of date: the full new answer.
            let (status, headers, body) = get_with(
                &router,
                uri,
                &[("accept-encoding", accept), ("if-none-match", &old_tag)],
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{uri} {accept}");
            let tag = headers[header::ETAG].to_str().unwrap();
            assert_ne!(tag, old_tag, "{uri} {accept}: a new ETag");
            let body = decoded(&headers, &body);
            assert_ne!(body, old_body, "{uri} {accept}: a new body");
            assert!(
                String::from_utf8_lossy(&body).contains("A newer, longer headline"),
                "{uri} {accept}"
            );
            // Every encoding holds the same new document.
            let identity = identity.get_or_insert_with(|| body.clone());
            assert_eq!(&body, identity, "{uri} {accept}");
            let (status, _, _) = get_with(
                &router,
                uri,
                &[("accept-encoding", accept), ("if-none-match", tag)],
            )
            .await;
            assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri} {accept}");
        }
    }
}

/// A summary-only publisher with its article page and the page's picture,
/// on 127.0.0.1; counts the page's full answers.
async fn summary_only_publisher() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let at = listener.local_addr().unwrap();
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>Quay Post</title><link>http://{at}/</link>\
         <item><title>Night ferry keeps the quay open</title><link>http://{at}/story</link>\
         <guid>night-ferry</guid><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate>\
         <description>The ferry ran all night. […]</description></item></channel></rss>"
    );
    let paragraph = "<p>The harbour ferry ran through the night while crews repaired the bridge \
        cables, and the dispatchers kept a log of every crossing for the families on the quay.</p>";
    let page = format!(
        "<html><head><title>Night ferry | Quay Post</title></head><body>\
         <nav><a href=\"/\">Home</a><a href=\"/news\">News</a><a href=\"/sport\">Sport</a></nav>\
         <article><h1>Night ferry keeps the quay open</h1>{}\
         <figure><img src=\"/pic.png\"><figcaption>The ferry at the quay.</figcaption></figure>\
         <div class=\"ad-slot\">Advertisement</div>{}</article></body></html>",
        paragraph.repeat(4),
        paragraph.repeat(3)
    );
    let pages = Arc::new(AtomicUsize::new(0));
    let counted = pages.clone();
    let router = Router::new()
        .route(
            "/feed",
            routing::get(
                move || async move { ([(header::CONTENT_TYPE, "application/rss+xml")], feed) },
            ),
        )
        .route(
            "/story",
            routing::get(move |request: HeaderMap| async move {
                if request
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v == "\"story-1\"")
                {
                    return (StatusCode::NOT_MODIFIED, [(header::ETAG, "\"story-1\"")])
                        .into_response();
                }
                counted.fetch_add(1, Ordering::SeqCst);
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::ETAG, "\"story-1\""),
                    ],
                    page,
                )
                    .into_response()
            }),
        )
        .route(
            "/pic.png",
            routing::get(|| async { ([(header::CONTENT_TYPE, "image/png")], PNG) }),
        );
    tokio::spawn(async move { axum::serve(listener, router).await });
    (at, pages)
}

#[tokio::test]
async fn a_summary_only_story_reads_in_full_with_its_pictures_through_the_proxy() {
    let (at, page_answers) = summary_only_publisher().await;
    let file = sources_file(&[("quay", at)], "");
    let (library, state) = start(&file).await;
    let router = app(state);

    // Published at once with its summary, before any page is fetched.
    let before = feed_at(&router, "/api/feed/quay").await;
    let story = &before.items[0];
    assert_eq!(story.text_from(), Some(newsdesk_feed::TextFrom::Summary));

    assert_eq!(library.fill_pages().await, 1);
    let item = feed_at(&router, &format!("/api/item/{}", story.id)).await;
    let item = &item.items[0];
    assert_eq!(item.text_from(), Some(newsdesk_feed::TextFrom::Page));
    let body = item.content_html.as_deref().unwrap();
    assert_eq!(
        body.matches("The harbour ferry ran through the night")
            .count(),
        7,
        "{body}"
    );
    assert!(body.contains("The ferry at the quay."), "{body}");
    for chrome in ["Advertisement", "Sport", "Home"] {
        assert!(!body.contains(chrome), "{chrome}: {body}");
    }
    // Its picture is a signed media link, and the proxy serves it.
    let start = body
        .find("src=\"/api/media?")
        .expect("the picture is proxied")
        + 5;
    let link = body[start..body[start..].find('"').unwrap() + start].replace("&amp;", "&");
    let (status, headers, bytes) = get(&router, &link).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(bytes, PNG);

    // The next refresh and pass leave the unchanged page alone.
    library.refresh_all().await;
    library.fill_pages().await;
    assert_eq!(page_answers.load(Ordering::SeqCst), 1);
}
