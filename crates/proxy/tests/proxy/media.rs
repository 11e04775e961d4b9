//! The demo's embedded images and clips, as the app's <img> and <video> get them.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use newsdesk_feed::Feed;

use crate::support::{all_pages, api_only, get, get_with};

/// Every `/demo/assets/...` URL the demo feeds point at: desk avatars,
/// item images, attachments, and `src`/`href` inside bodies.
async fn referenced_assets() -> BTreeSet<String> {
    let router = api_only();
    let mut urls = BTreeSet::new();
    let list: newsdesk_feed::SourceList =
        serde_json::from_slice(&get(&router, "/api/sources").await.body).unwrap();
    urls.extend(list.sources.iter().filter_map(|s| s.desk.avatar.clone()));
    for page in all_pages(&router, "/api/feed").await {
        let page: Feed = page;
        for item in page.items {
            urls.extend(item.image.clone());
            urls.extend(item.banner_image.clone());
            urls.extend(item.attachments.iter().map(|a| a.url.clone()));
            urls.extend(item.authors.iter().filter_map(|a| a.avatar.clone()));
            let html = item.content_html.unwrap_or_default();
            for quote in ["src=\"", "href=\""] {
                for part in html.split(quote).skip(1) {
                    if let Some(url) = part.split('"').next() {
                        urls.insert(url.to_owned());
                    }
                }
            }
        }
    }
    urls.into_iter()
        .filter(|u| u.starts_with("/demo/assets/"))
        .collect()
}

#[tokio::test]
async fn every_referenced_asset_is_served_with_its_media_type() {
    let router = api_only();
    let urls = referenced_assets().await;
    assert!(
        urls.iter().any(|u| u.ends_with(".svg")),
        "some image: {urls:?}"
    );
    assert!(
        urls.iter().any(|u| u.ends_with(".webm")),
        "some clip: {urls:?}"
    );
    for url in &urls {
        let reply = get(&router, url).await;
        assert_eq!(reply.status, StatusCode::OK, "{url}");
        let kind = reply.header("content-type");
        assert!(
            kind.starts_with("image/") || kind.starts_with("video/"),
            "{url}: {kind}"
        );
        if url.ends_with(".svg") {
            assert_eq!(kind, "image/svg+xml");
        }
        if url.ends_with(".webm") {
            assert_eq!(kind, "video/webm");
        }
        assert_eq!(
            reply.header("cache-control"),
            "public, max-age=86400",
            "{url}"
        );
        assert_eq!(reply.header("accept-ranges"), "bytes", "{url}");
        assert!(!reply.body.is_empty(), "{url}");
    }
}

#[tokio::test]
async fn clips_answer_byte_ranges_so_video_can_seek() {
    let router = api_only();
    let clip = referenced_assets()
        .await
        .into_iter()
        .find(|u| u.ends_with(".webm"))
        .expect("a clip");
    let whole = get(&router, &clip).await;
    let len = whole.body.len();
    assert!(len > 200);

    let cases = [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, len - 1),
        ("bytes=0-", 0, len - 1),
        ("bytes=-50", len - 50, len - 1),
        (&*format!("bytes=10-{}", len * 2), 10, len - 1),
    ];
    for (range, start, end) in cases {
        let reply = get_with(&router, &clip, &[("range", range)]).await;
        assert_eq!(reply.status, StatusCode::PARTIAL_CONTENT, "{range}");
        assert_eq!(
            reply.header("content-range"),
            format!("bytes {start}-{end}/{len}"),
            "{range}"
        );
        assert_eq!(
            reply.header("content-length"),
            (end - start + 1).to_string(),
            "{range}"
        );
        assert_eq!(reply.header("content-type"), "video/webm");
        assert_eq!(reply.header("accept-ranges"), "bytes");
        assert_eq!(&reply.body[..], &whole.body[start..=end], "{range}");
    }

    let past_end = get_with(&router, &clip, &[("range", &format!("bytes={len}-"))]).await;
    assert_eq!(past_end.status, StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(past_end.header("content-range"), format!("bytes */{len}"));

    // Several ranges at once are allowed to be ignored: the whole file.
    let multi = get_with(&router, &clip, &[("range", "bytes=0-1,5-6")]).await;
    assert_eq!(multi.status, StatusCode::OK);
    assert_eq!(multi.body.len(), len);

    // A range for another version of the file gets the whole current one.
    let other = get_with(
        &router,
        &clip,
        &[("range", "bytes=0-9"), ("if-range", "\"old\"")],
    )
    .await;
    assert_eq!(other.status, StatusCode::OK);
    let same = get_with(
        &router,
        &clip,
        &[("range", "bytes=0-9"), ("if-range", whole.header("etag"))],
    )
    .await;
    assert_eq!(same.status, StatusCode::PARTIAL_CONTENT);

    let cached = get_with(&router, &clip, &[("if-none-match", whole.header("etag"))]).await;
    assert_eq!(cached.status, StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn unknown_assets_are_404() {
    let router = api_only();
    for uri in [
        "/demo/assets/nothing.svg",
        "/demo/assets/",
        "/demo/assets/..%2Ffeeds%2Fnews.json",
        "/demo/assets/../feeds/news.json",
        "/demo/feeds/news.json",
        "/demo/",
    ] {
        let reply = get(&router, uri).await;
        assert!(
            reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.status
        );
        assert!(!reply.text().contains("\"version\""), "{uri} leaked a feed");
    }
}
