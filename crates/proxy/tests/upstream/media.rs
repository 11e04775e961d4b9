//! `/api/media` for a publisher's video and audio: byte ranges streamed
//! through with 206, signatures and types checked, nothing of the reader's
//! request passed on; and the app's CSP framing YouTube's player only
//! while the newsroom holds a YouTube video.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing;
use axum::Router;
use http_body_util::BodyExt as _;
use newsdesk_fetcher::FetchPolicy;
use newsdesk_ingest::signer::MediaSigner;
use newsdesk_ingest::sources::SourcesFile;
use newsdesk_proxy::{app, AppState, MediaProxy, Newsstand};
use tower::ServiceExt as _;

use super::{feed_at, sources_file};

/// The key the test proxies sign with (as `start` in main.rs).
const KEY: &[u8] = b"0123456789abcdef-test-key";

/// 1,000 bytes standing in for a clip, each its offset mod 251.
fn clip() -> Vec<u8> {
    (0..1_000_u32).map(|i| (i % 251) as u8).collect()
}

/// A publisher with a feed (set per test), a clip that answers ranges, an
/// MP3, an HTML page, and a record of every request's headers.
#[derive(Clone, Default)]
struct MediaHost {
    feed: Arc<Mutex<String>>,
    seen: Arc<Mutex<Vec<(String, HeaderMap)>>>,
}

impl MediaHost {
    fn requests_for(&self, path: &str) -> Vec<HeaderMap> {
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
            .collect()
    }
}

async fn serve_file(State(host): State<MediaHost>, request: Request<Body>) -> Response {
    let path = request.uri().path().to_owned();
    let headers = request.headers().clone();
    host.seen
        .lock()
        .unwrap()
        .push((path.clone(), headers.clone()));
    let kind = match path.as_str() {
        "/feed" => {
            let body = host.feed.lock().unwrap().clone();
            return ([(header::CONTENT_TYPE, "application/rss+xml")], body).into_response();
        }
        "/clip.webm" => "video/webm",
        "/episode.mp3" => "audio/mpeg",
        "/page.html" => "text/html",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let bytes = clip();
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes="))
        .and_then(|v| v.split_once('-'))
        .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok())));
    let common = [
        (header::CONTENT_TYPE, kind),
        (header::ACCEPT_RANGES, "bytes"),
        (header::ETAG, "\"v1\""),
        (header::SET_COOKIE, "tracker=1"),
    ];
    match range {
        Some((start, end)) => {
            let end = end.unwrap_or(bytes.len() - 1).min(bytes.len() - 1);
            (
                StatusCode::PARTIAL_CONTENT,
                common,
                [(
                    header::CONTENT_RANGE,
                    format!("bytes {start}-{end}/{}", bytes.len()),
                )],
                bytes[start..=end].to_vec(),
            )
                .into_response()
        }
        None => (common, bytes).into_response(),
    }
}

async fn media_host() -> (MediaHost, std::net::SocketAddr) {
    let host = MediaHost::default();
    let router = Router::new()
        .fallback(routing::get(serve_file))
        .with_state(host.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let at = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (host, at)
}

/// The proxy over `file`'s sources, serving the app from `dist`.
async fn proxy(
    file: &SourcesFile,
    dist: &std::path::Path,
) -> (Arc<newsdesk_proxy::Refresher>, Router) {
    let signer = MediaSigner::new(KEY).unwrap();
    let refresher = newsdesk_proxy::refresher(file, Some(signer.clone())).unwrap();
    let (library, newsstand) = Newsstand::follow(refresher);
    let library = Arc::new(library);
    library.refresh_all().await;
    let mut images = FetchPolicy::images().allow_loopback_for_tests();
    for port in file.named_ports() {
        images = images.with_port(port);
    }
    let media = MediaProxy::new(signer, images).unwrap();
    (
        library,
        app(AppState::sources(newsstand, media, None, dist)),
    )
}

async fn send(
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
    let (status, headers) = (response.status(), response.headers().clone());
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn podcast_feed(at: std::net::SocketAddr) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Clips</title><link>http://{at}/</link>
        <item><title>Ferry at dawn</title><guid>c1</guid><description>A short clip.</description>
          <enclosure url="http://{at}/clip.webm" type="video/webm" length="1000"/></item>
        <item><title>Episode one</title><guid>c2</guid><description>A podcast.</description>
          <enclosure url="http://{at}/episode.mp3" type="audio/mpeg" length="1000"/></item>
        </channel></rss>"#
    )
}

#[tokio::test]
async fn a_video_range_streams_through_as_206_and_the_reader_stays_private() {
    let (host, at) = media_host().await;
    *host.feed.lock().unwrap() = podcast_feed(at);
    let (_library, router) = proxy(
        &sources_file(&[("clips", at)], ""),
        std::path::Path::new("/nonexistent"),
    )
    .await;
    let feed = feed_at(&router, "/api/feed/clips").await;
    let link = |title: &str| {
        let item = feed
            .items
            .iter()
            .find(|i| i.title.as_deref() == Some(title))
            .unwrap();
        item.attachments[0].url.clone()
    };
    let video = link("Ferry at dawn");
    assert!(video.starts_with("/api/media?url="), "{video}");

    // What a reader's browser sends along with the range.
    let reader = [
        ("range", "bytes=0-99"),
        ("cookie", "newsdesk-language=uk; session=secret"),
        ("x-forwarded-for", "203.0.113.9"),
        ("forwarded", "for=203.0.113.9"),
        ("x-real-ip", "203.0.113.9"),
        ("referer", "https://reader.example/article/x"),
        ("user-agent", "ReaderBrowser/1.0"),
        ("accept-language", "uk-UA"),
        ("authorization", "Bearer reader-token"),
    ];
    let (status, headers, body) = send(&router, &video, &reader).await;
    assert_eq!(
        status,
        StatusCode::PARTIAL_CONTENT,
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert_eq!(body, &clip()[..100]);
    assert_eq!(headers[header::CONTENT_TYPE], "video/webm");
    assert_eq!(headers[header::CONTENT_RANGE], "bytes 0-99/1000");
    assert_eq!(headers[header::CONTENT_LENGTH], "100");
    assert_eq!(headers[header::ACCEPT_RANGES], "bytes");
    assert_eq!(headers[header::ETAG], "\"v1\"");
    assert!(
        headers.get(header::SET_COOKIE).is_none(),
        "no publisher cookie for the reader"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");

    // The publisher saw the range, and nothing of the reader.
    let asked = host.requests_for("/clip.webm");
    assert_eq!(asked.len(), 1);
    let asked = &asked[0];
    assert_eq!(asked[header::RANGE], "bytes=0-99");
    for (name, _) in &reader[1..] {
        if *name == "user-agent" {
            assert!(asked[header::USER_AGENT]
                .to_str()
                .unwrap()
                .starts_with("Newsdesk/"));
        } else {
            assert!(
                asked.get(*name).is_none(),
                "{name} reached the publisher: {asked:?}"
            );
        }
    }
    assert!(!format!("{asked:?}").contains("203.0.113.9"));

    // Seeking: a later range; and audio the same way.
    let (status, headers, body) = send(&router, &video, &[("range", "bytes=900-")]).await;
    assert_eq!(
        (status, body.as_slice()),
        (StatusCode::PARTIAL_CONTENT, &clip()[900..])
    );
    assert_eq!(headers[header::CONTENT_RANGE], "bytes 900-999/1000");
    let audio = link("Episode one");
    let (status, headers, body) = send(&router, &audio, &[("range", "bytes=0-")]).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(headers[header::CONTENT_TYPE], "audio/mpeg");
    assert_eq!(body, clip());
    // Without a range, the whole file with 200.
    let (status, headers, body) = send(&router, &video, &[]).await;
    assert_eq!((status, body.len()), (StatusCode::OK, 1_000));
    assert_eq!(headers[header::CONTENT_LENGTH], "1000");
}

#[tokio::test]
async fn media_links_need_their_signature_and_a_playable_type() {
    let (host, at) = media_host().await;
    *host.feed.lock().unwrap() = podcast_feed(at);
    let (_library, router) = proxy(
        &sources_file(&[("clips", at)], ""),
        std::path::Path::new("/nonexistent"),
    )
    .await;
    let signer = MediaSigner::new(KEY).unwrap();
    let sign =
        |path: &str| signer.media_url(&url::Url::parse(&format!("http://{at}{path}")).unwrap());

    // A good link, its signature tampered with, or for another file.
    let good = sign("/clip.webm");
    let forged = good.replace("clip.webm", "episode.mp3");
    let before = host.seen.lock().unwrap().len();
    for bad in [
        forged.as_str(),
        &format!("/api/media?url=http://{at}/clip.webm&sig=AAAAAAAAAAAAAAAAAAAAAA"),
        "/api/media?url=x",
    ] {
        let (status, _, body) = send(&router, bad, &[("range", "bytes=0-99")]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{bad}");
        assert!(String::from_utf8_lossy(&body).contains("not made by this proxy"));
    }
    assert_eq!(
        host.seen.lock().unwrap().len(),
        before,
        "nothing was fetched for a bad link"
    );

    // Signed, but the publisher sends a web page: refused, not passed on.
    let (status, headers, body) =
        send(&router, &sign("/page.html"), &[("range", "bytes=0-99")]).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    assert!(String::from_utf8_lossy(&body).contains("did not send an image, a video or audio"));
    let (status, _, _) = send(&router, &sign("/page.html"), &[]).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    // And a signed link to nothing is the publisher's failure, not a 404 of ours.
    assert_eq!(
        send(&router, &sign("/missing.webm"), &[]).await.0,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        send(&router, &good, &[("range", "bytes=0-9")]).await.0,
        StatusCode::PARTIAL_CONTENT
    );
}

/// A built app's index.html with one inline script, in a fresh folder.
fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("index.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>Newsdesk</title><script type=\"module\">go()</script></head><body></body></html>",
    )
    .unwrap();
    dir
}

fn youtube_feed() -> String {
    r#"<?xml version="1.0"?><feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
      <title>Channel</title><link rel="alternate" href="https://www.youtube.com/channel/UCx"/>
      <entry><id>yt:video:Ab3dEf6hIj0</id><yt:videoId>Ab3dEf6hIj0</yt:videoId><title>A tide video</title>
        <link rel="alternate" href="https://www.youtube.com/watch?v=Ab3dEf6hIj0"/><published>2026-03-01T10:00:00+00:00</published>
        <media:group><media:title>A tide video</media:title>
          <media:content url="https://www.youtube.com/v/Ab3dEf6hIj0?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
          <media:thumbnail url="https://i1.ytimg.example/vi/Ab3dEf6hIj0/hqdefault.jpg" width="480" height="360"/>
          <media:description>Water, rising.</media:description></media:group></entry></feed>"#
        .to_owned()
}

#[tokio::test]
async fn pages_frame_youtubes_player_only_while_the_newsroom_has_a_youtube_video() {
    let dist = dist();
    let (host, at) = media_host().await;
    *host.feed.lock().unwrap() = podcast_feed(at);
    let file = sources_file(&[("clips", at)], "");
    let (library, router) = proxy(&file, dist.path()).await;
    let csp = |headers: &HeaderMap| {
        headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned()
    };

    for path in ["/", "/saved", "/index.html", "/no/such/page"] {
        let (_, headers, body) = send(&router, path, &[]).await;
        let policy = csp(&headers);
        assert!(policy.contains("frame-src 'none'"), "{path}: {policy}");
        assert!(policy.contains("media-src 'self'"), "{path}: {policy}");
        assert!(!policy.contains("youtube"), "{path}: {policy}");
        assert!(
            !String::from_utf8_lossy(&body).contains("newsdesk-frames"),
            "{path}"
        );
    }
    let (_, before, _) = send(&router, "/saved", &[]).await;

    // The channel's video arrives with the next refresh.
    *host.feed.lock().unwrap() = youtube_feed();
    library.refresh_all().await;
    for path in ["/", "/saved", "/index.html", "/no/such/page"] {
        let (_, headers, body) = send(&router, path, &[]).await;
        let policy = csp(&headers);
        assert!(
            policy.contains("frame-src https://www.youtube-nocookie.com;"),
            "{path}: {policy}"
        );
        assert!(policy.contains("media-src 'self'"), "{path}: {policy}");
        assert!(
            String::from_utf8_lossy(&body)
                .contains("<meta name=\"newsdesk-frames\" content=\"youtube\"></head>"),
            "{path}"
        );
    }
    // A page the browser holds from before revalidates to the new one:
    // its ETag differs, so the stricter policy is not kept by a 304.
    let (_, after, _) = send(&router, "/saved", &[]).await;
    assert_ne!(before[header::ETAG], after[header::ETAG]);
    let stale = before[header::ETAG].to_str().unwrap().to_owned();
    let (status, _, _) = send(&router, "/saved", &[("if-none-match", stale.as_str())]).await;
    assert_eq!(status, StatusCode::OK);
    // API answers never frame anything.
    let (_, headers, _) = send(&router, "/api/feed", &[]).await;
    assert_eq!(csp(&headers), "default-src 'none'; frame-ancestors 'none'");
}
