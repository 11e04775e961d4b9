//! The JSON API: sources, paging, kinds, items, errors, caching.

use std::collections::{HashMap, HashSet};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use newsdesk_feed::{Item, SourceList, VERSION_1_1};
use newsdesk_ingest::newsroom::PAGE_SIZE;

use crate::support::{all_pages, api_only, get, get_with, send};

async fn source_list() -> SourceList {
    let reply = get(&api_only(), "/api/sources").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("content-type"), "application/json");
    serde_json::from_slice(&reply.body).expect("a SourceList")
}

#[tokio::test]
async fn sources_are_three_desks_with_their_cards() {
    let list = source_list().await;
    let ids: Vec<&str> = list.sources.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["news", "video", "analysis"]);
    for source in &list.sources {
        let desk = &source.desk;
        assert!(!source.title.is_empty(), "{} has a title", source.id);
        assert_eq!(source.feed_url, format!("/api/feed/{}", source.id));
        assert!(
            desk.name.as_deref().is_some_and(|n| !n.is_empty()),
            "{} desk name",
            source.id
        );
        assert!(
            desk.avatar.as_deref().is_some_and(|a| !a.is_empty()),
            "{} desk avatar",
            source.id
        );
        assert!(
            desk.bio().is_some_and(|b| !b.is_empty()),
            "{} desk bio",
            source.id
        );
        assert!(
            desk.email().is_some_and(|e| e.contains('@')),
            "{} desk email",
            source.id
        );
        assert_eq!(desk.desk_id(), Some(source.id.as_str()));
        assert!(source.item_count > 0, "{} has items", source.id);
    }
    let total: u32 = list.sources.iter().map(|s| s.item_count).sum();
    assert!(total >= 36, "the demo has {total} items, fewer than 36");
}

/// Checks one paged feed end to end and returns its items in order.
async fn walk(first: &str) -> Vec<Item> {
    let router = api_only();
    let pages = all_pages(&router, first).await;
    let total = pages[0]
        .newsdesk
        .as_ref()
        .and_then(|n| n.total_items)
        .expect("total_items");
    let mut items = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let info = page.newsdesk.as_ref().expect("_newsdesk on a page");
        assert_eq!(page.version, VERSION_1_1);
        assert_eq!(info.page, Some(n as u32 + 1), "{first} page {}", n + 1);
        assert_eq!(info.total_items, Some(total));
        assert!(info
            .refreshed_at
            .as_deref()
            .and_then(newsdesk_feed::parse_rfc3339)
            .is_some());
        let last = n + 1 == pages.len();
        assert_eq!(
            page.next_url.is_none(),
            last,
            "{first}: only the last page lacks next_url"
        );
        if last {
            assert!(page.items.len() <= PAGE_SIZE);
        } else {
            assert_eq!(
                page.items.len(),
                PAGE_SIZE,
                "{first} page {} is full",
                n + 1
            );
        }
        items.extend(page.items.iter().cloned());
    }
    assert_eq!(
        items.len(),
        total as usize,
        "{first}: item count = total_items"
    );
    let unique: HashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(
        unique.len(),
        items.len(),
        "{first}: every item exactly once"
    );
    for pair in items.windows(2) {
        assert!(
            pair[0].published_unix() >= pair[1].published_unix(),
            "{first}: {} before {} is not newest first",
            pair[0].id,
            pair[1].id
        );
    }
    let (path, query) = first.split_once('?').unwrap_or((first, ""));
    let kind = if query.contains("kind=video") {
        "kind=video&"
    } else {
        ""
    };
    let past_end = format!("{path}?{kind}page={}", pages.len() + 1);
    let reply = get(&router, &past_end).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{past_end}");
    assert_eq!(reply.error_message(), "no such page");
    items
}

#[tokio::test]
async fn every_feed_pages_through_all_its_items_once_newest_first() {
    let list = source_list().await;
    let mut by_source = HashMap::new();
    for source in &list.sources {
        let items = walk(&source.feed_url).await;
        assert_eq!(items.len(), source.item_count as usize);
        for item in &items {
            assert_eq!(item.source(), Some(source.id.as_str()), "{}", item.id);
        }
        let first = get(&api_only(), &source.feed_url).await.feed();
        assert_eq!(first.title, source.title);
        assert_eq!(first.authors, vec![source.desk.clone()]);
        assert_eq!(first.feed_url.as_deref(), Some(source.feed_url.as_str()));
        assert_eq!(
            first.newsdesk.as_ref().and_then(|n| n.source.as_deref()),
            Some(source.id.as_str())
        );
        by_source.insert(source.id.clone(), items.len());
    }
    let merged = walk("/api/feed").await;
    assert_eq!(merged.len(), by_source.values().sum::<usize>());
    let front = get(&api_only(), "/api/feed").await.feed();
    assert_eq!(front.title, "The Lantern — News Feed");
    assert_eq!(front.next_url.as_deref(), Some("/api/feed?page=2"));
}

#[tokio::test]
async fn the_video_kind_lists_only_items_with_a_video() {
    let videos = walk("/api/feed?kind=video").await;
    assert!(!videos.is_empty(), "the demo has videos");
    assert!(videos.iter().all(|i| i.video().is_some()));
    let all = walk("/api/feed").await;
    let expected = all.iter().filter(|i| i.video().is_some()).count();
    assert_eq!(
        videos.len(),
        expected,
        "every video item is in the video feed"
    );

    let source_videos = walk("/api/feed/video?kind=video").await;
    assert!(!source_videos.is_empty(), "the video desk has videos");
    assert!(source_videos
        .iter()
        .all(|i| i.video().is_some() && i.source() == Some("video")));
}

#[tokio::test]
async fn bad_pages_kinds_and_sources_are_json_errors_that_echo_nothing() {
    let router = api_only();
    let cases = [
        ("/api/feed?page=0", StatusCode::NOT_FOUND, "no such page"),
        ("/api/feed?page=abc", StatusCode::NOT_FOUND, "no such page"),
        ("/api/feed?page=-1", StatusCode::NOT_FOUND, "no such page"),
        ("/api/feed?page=", StatusCode::NOT_FOUND, "no such page"),
        (
            "/api/feed?page=99999999999999999999",
            StatusCode::NOT_FOUND,
            "no such page",
        ),
        (
            "/api/feed?page=4294967295",
            StatusCode::NOT_FOUND,
            "no such page",
        ),
        (
            "/api/feed/news?page=0",
            StatusCode::NOT_FOUND,
            "no such page",
        ),
        (
            "/api/feed/news?page=1000",
            StatusCode::NOT_FOUND,
            "no such page",
        ),
        (
            "/api/feed?kind=audio",
            StatusCode::BAD_REQUEST,
            "unknown kind",
        ),
        (
            "/api/feed/news?kind=%3Cscript%3E",
            StatusCode::BAD_REQUEST,
            "unknown kind",
        ),
        ("/api/feed/nowhere", StatusCode::NOT_FOUND, "no such source"),
        (
            "/api/feed/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            StatusCode::NOT_FOUND,
            "no such source",
        ),
        ("/api/feed/NEWS", StatusCode::NOT_FOUND, "no such source"),
        (
            "/api/feed/..%2F..%2Fetc",
            StatusCode::NOT_FOUND,
            "no such source",
        ),
        ("/api", StatusCode::NOT_FOUND, "no such endpoint"),
        ("/api/", StatusCode::NOT_FOUND, "no such endpoint"),
        ("/api/nothing", StatusCode::NOT_FOUND, "no such endpoint"),
        (
            "/api/feed/news/extra",
            StatusCode::NOT_FOUND,
            "no such endpoint",
        ),
        ("/api/item", StatusCode::NOT_FOUND, "no such endpoint"),
    ];
    for (uri, status, message) in cases {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", reply.text());
        let error = reply.error_message();
        assert!(error.starts_with(message), "{uri}: {error}");
        for echoed in ["script", "nowhere", "NEWS", "etc", "abc", "audio"] {
            assert!(!error.contains(echoed), "{uri} echoes {echoed:?}: {error}");
        }
        assert_eq!(reply.header("cache-control"), "no-store", "{uri}");
    }
}

#[tokio::test]
async fn other_methods_are_refused_as_json() {
    let router = api_only();
    for uri in ["/api/feed", "/api/sources", "/api/item/x"] {
        let reply = send(&router, Request::post(uri).body(Body::from("{}")).unwrap()).await;
        assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        assert!(reply.error_message().contains("GET"));
        assert_eq!(reply.header("allow"), "GET, HEAD");
    }
}

#[tokio::test]
async fn every_item_resolves_with_its_desk() {
    let router = api_only();
    let list = source_list().await;
    let titles: HashMap<&str, &str> = list
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect();
    let items = walk("/api/feed").await;
    for item in &items {
        let doc = get(&router, &format!("/api/item/{}", item.id)).await.feed();
        assert_eq!(doc.items.len(), 1, "{}", item.id);
        assert_eq!(
            &doc.items[0], item,
            "the item document holds the feed's item"
        );
        let source = item.source().expect("source stamped");
        assert_eq!(doc.title, titles[source]);
        assert_eq!(
            doc.newsdesk.as_ref().and_then(|n| n.source.as_deref()),
            Some(source)
        );
        let desk = doc.authors.first().expect("the desk");
        assert_eq!(desk.desk_id(), Some(source));
        assert!(
            desk.bio().is_some_and(|b| !b.is_empty()),
            "{}: desk bio",
            item.id
        );
        assert!(
            !doc.items[0].authors.is_empty(),
            "{}: the item names an author",
            item.id
        );
    }
}

#[tokio::test]
async fn unknown_and_weird_item_ids_are_404() {
    let router = api_only();
    let real = get(&router, "/api/feed").await.feed().items[0].id.clone();
    let long = "a".repeat(4000);
    let upper = real.to_uppercase();
    let weird = [
        "no-such-item",
        "..%2F",
        "..%2F..%2Fetc%2Fpasswd",
        "%3Cscript%3E",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        upper.as_str(),
        "a%00",
        "%FF%FE",
        "a.b",
        "a_b",
        long.as_str(),
    ];
    for id in weird {
        let reply = get(&router, &format!("/api/item/{id}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
        assert_eq!(reply.error_message(), "no such item", "{id}");
    }
}

#[tokio::test]
async fn health_reports_what_is_served_and_is_never_cached() {
    let router = api_only();
    let reply = get(&router, "/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), "no-cache");
    assert!(
        reply.text().starts_with(r#"{"status":"ok","#),
        "{}",
        reply.text()
    );
    let body = reply.json();
    let total: u32 = source_list()
        .await
        .sources
        .iter()
        .map(|s| s.item_count)
        .sum();
    assert_eq!(
        body,
        serde_json::json!({ "status": "ok", "sources": 3, "items": total })
    );
}

#[tokio::test]
async fn feeds_revalidate_with_etags() {
    let router = api_only();
    for uri in [
        "/api/feed",
        "/api/feed/news?page=2",
        "/api/sources",
        "/api/item/placeholder",
    ] {
        let uri = if uri.ends_with("placeholder") {
            format!(
                "/api/item/{}",
                get(&router, "/api/feed").await.feed().items[0].id
            )
        } else {
            uri.to_owned()
        };
        let first = get(&router, &uri).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.header("cache-control"), "public, max-age=60");
        let etag = first.header("etag").to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"') && etag.len() > 2,
            "strong ETag: {etag}"
        );

        let again = get_with(&router, &uri, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty());
        assert_eq!(again.header("etag"), etag);
        assert_eq!(again.header("cache-control"), "public, max-age=60");

        let weak = format!("\"stale\", W/{etag}");
        let weak_reply = get_with(&router, &uri, &[("if-none-match", &weak)]).await;
        assert_eq!(
            weak_reply.status,
            StatusCode::NOT_MODIFIED,
            "{uri}: weak comparison"
        );

        let stale = get_with(&router, &uri, &[("if-none-match", "\"stale\"")]).await;
        assert_eq!(stale.status, StatusCode::OK);
        assert_eq!(stale.body, first.body);
    }
}

#[tokio::test]
async fn head_requests_answer_headers_only() {
    let router = api_only();
    let reply = send(
        &router,
        Request::head("/api/feed").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.is_empty());
    assert_eq!(
        reply.header("content-type"),
        "application/feed+json; charset=utf-8"
    );
}

#[tokio::test]
async fn a_tag_view_lists_exactly_the_items_with_that_tag_across_pages() {
    let router = api_only();
    let every: Vec<_> = all_pages(&router, "/api/feed")
        .await
        .into_iter()
        .flat_map(|page| page.items)
        .collect();
    for tag in ["power", "transport", "video"] {
        let expected: Vec<_> = every
            .iter()
            .filter(|i| i.tags.iter().any(|t| t == tag))
            .map(|i| i.id.clone())
            .collect();
        assert!(!expected.is_empty(), "the demo has {tag} stories");
        let got: Vec<_> = all_pages(&router, &format!("/api/feed?tag={tag}"))
            .await
            .into_iter()
            .flat_map(|page| page.items)
            .map(|i| i.id)
            .collect();
        assert_eq!(got, expected, "tag {tag}");
    }
    // Case does not matter; a tag no item has is an empty first page.
    let upper = get(&router, "/api/feed?tag=POWER").await.feed();
    assert!(!upper.items.is_empty());
    assert!(get(&router, "/api/feed?tag=no-such-tag")
        .await
        .feed()
        .items
        .is_empty());
    assert_eq!(
        get(&router, &format!("/api/feed?tag={}", "x".repeat(65)))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn the_merged_feed_can_be_limited_to_followed_sources() {
    let router = api_only();
    let pages = all_pages(&router, "/api/feed?sources=news,video").await;
    let items: Vec<_> = pages.iter().flat_map(|p| p.items.iter()).collect();
    assert!(!items.is_empty());
    assert!(items
        .iter()
        .all(|i| matches!(i.source(), Some("news") | Some("video"))));
    let analysis = get(&router, "/api/feed/analysis").await.feed();
    let total = pages[0].newsdesk.as_ref().unwrap().total_items.unwrap();
    let all = get(&router, "/api/feed").await.feed();
    assert_eq!(
        total + analysis.newsdesk.unwrap().total_items.unwrap(),
        all.newsdesk.unwrap().total_items.unwrap(),
        "only the analysis desk left out"
    );
    // next_url keeps the selection.
    assert!(pages[0]
        .next_url
        .as_deref()
        .unwrap()
        .contains("sources=news,video"));
    for bad in ["/api/feed?sources=News", "/api/feed?sources=a%20b"] {
        assert_eq!(
            get(&router, bad).await.status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}
