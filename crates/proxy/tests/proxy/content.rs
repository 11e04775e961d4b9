//! What the demo newsroom holds: clean markup, stamped items, live dates.

use newsdesk_feed::{Feed, Item};
use newsdesk_ingest::demo;

use crate::support::{all_pages, api_only};

async fn every_item() -> Vec<Item> {
    all_pages(&api_only(), "/api/feed")
        .await
        .into_iter()
        .flat_map(|page: Feed| page.items)
        .collect()
}

/// True when some tag in `html` carries an `on…=` event attribute.
fn has_event_attribute(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut in_tag = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b if in_tag && (b.is_ascii_whitespace() || b == b'/') => {
                let rest = &lower[i + 1..];
                if rest.starts_with("on") {
                    let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
                    if name_len > 2 && rest[name_len..].trim_start().starts_with('=') {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Checks a cleaned body the way a security reviewer would.
fn assert_clean(id: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{id}: script tag");
    assert!(!lower.contains("<style"), "{id}: style tag");
    assert!(!lower.contains("<iframe"), "{id}: iframe");
    assert!(!lower.contains("javascript:"), "{id}: javascript: URL");
    assert!(!lower.contains("style="), "{id}: style attribute");
    assert!(
        !has_event_attribute(html),
        "{id}: event attribute in {html}"
    );
    let links = lower.matches("<a ").count() + lower.matches("<a>").count();
    let safe_links = lower.matches("rel=\"noopener noreferrer\"").count();
    assert_eq!(
        links, safe_links,
        "{id}: every link has rel=noopener noreferrer"
    );
}

#[tokio::test]
async fn demo_content_is_sanitized() {
    let items = every_item().await;
    assert!(items.len() >= 36);
    for item in &items {
        if let Some(html) = &item.content_html {
            assert_clean(&item.id, html);
        }
        for text in [&item.title, &item.summary].into_iter().flatten() {
            assert!(
                !text.contains('<') || !text.contains('>'),
                "{}: markup in {text}",
                item.id
            );
        }
    }
    assert!(items
        .iter()
        .any(|i| i.content_html.as_deref().is_some_and(|h| h.contains("<p>"))));
}

#[tokio::test]
async fn every_item_is_stamped_and_dated_within_the_last_hour() {
    let now = newsdesk_ingest::clock::now_unix();
    let items = every_item().await;
    for item in &items {
        let info = item.newsdesk.as_ref().expect("_newsdesk");
        assert!(info.reading_minutes.is_some_and(|m| m >= 1), "{}", item.id);
        assert!(info.source.is_some(), "{}", item.id);
        let date = item.date_published.as_deref().expect("dated");
        assert!(date.ends_with('Z'), "{}: {date}", item.id);
        assert!(item.published_unix().is_some(), "{}: {date}", item.id);
    }
    let newest = items.iter().filter_map(Item::published_unix).max().unwrap();
    // The router was built a moment before `now` was read after it; allow
    // for a test running across an hour boundary with a small margin.
    assert!(newest <= now + 5, "the newest item is not in the future");
    assert!(
        now - newest <= 3600 + 60,
        "the newest item is under an hour old: {}s",
        now - newest
    );
}

#[test]
fn all_three_demo_feeds_load() {
    for (id, text) in demo::FEEDS {
        let feed = Feed::from_json(text).unwrap_or_else(|e| panic!("demo/feeds/{id}.json: {e}"));
        let desk = feed.desk().unwrap_or_else(|| panic!("{id}: no desk"));
        assert_eq!(
            desk.desk_id(),
            Some(id),
            "{id}: the desk's _newsdesk.id is the source id"
        );
    }
    let room = demo::newsroom(newsdesk_ingest::clock::now_unix()).expect("the demo loads");
    assert_eq!(room.source_count(), 3);
}

#[test]
fn a_hostile_feed_is_cleaned_on_the_way_in() {
    let hostile = r##"{
      "version": "https://jsonfeed.org/version/1.1",
      "title": "<b>Evil</b> feed",
      "home_page_url": "javascript:alert(1)",
      "authors": [{ "name": "<i>Desk</i>", "avatar": "javascript:alert(1)",
                    "_newsdesk": { "id": "evil", "bio": "<script>alert(1)</script>Bio" } }],
      "items": [{
        "id": "evil-1",
        "url": "javascript:alert(document.cookie)",
        "image": "data:image/svg+xml,<svg onload=alert(1)>",
        "title": "<img src=x onerror=alert(1)>Headline",
        "summary": "<script>alert(1)</script>Summary &amp; more",
        "date_published": "2026-01-01T00:00:00Z",
        "attachments": [
          { "url": "javascript:alert(1)", "mime_type": "video/webm" },
          { "url": "/demo/assets/clip.webm", "mime_type": "video/webm", "title": "<b>Clip</b>" }
        ],
        "content_html": "<p onclick=\"steal()\" style=\"x\">Hi <a href=\"javascript:alert(1)\" target=\"_blank\">x</a> <a href=\"https://example.org/\">y</a></p><script>steal()</script><iframe src=\"https://evil.example/\"></iframe><img src=\"/demo/assets/a.svg\" onerror=\"steal()\"><svg><a xlink:href=\"javascript:x\">z</a></svg><form action=\"https://evil.example/\"><input></form><!-- <script> -->"
      }]
    }"##;
    let room = demo::newsroom_from(&[("evil", hostile)], 0).expect("a hostile feed still loads");
    let feed = room.item("evil-1").expect("the item");
    let item = &feed.items[0];
    let html = item.content_html.as_deref().unwrap();
    assert_clean("evil-1", html);
    assert!(
        html.contains("<a href=\"https://example.org/\" rel=\"noopener noreferrer\">y</a>"),
        "{html}"
    );
    assert!(html.contains("<img src=\"/demo/assets/a.svg\">"), "{html}");
    assert!(!html.contains("form") && !html.contains("input"), "{html}");
    assert_eq!(item.title.as_deref(), Some("Headline"));
    assert_eq!(item.summary.as_deref(), Some("Summary & more"));
    assert_eq!(item.url, None);
    assert_eq!(item.image, None);
    assert_eq!(item.attachments.len(), 1);
    assert_eq!(item.attachments[0].title.as_deref(), Some("Clip"));
    let sources = room.sources();
    let source = &sources.sources[0];
    assert_eq!(source.title, "Evil feed");
    assert_eq!(source.home_page_url, None);
    assert_eq!(source.desk.name.as_deref(), Some("Desk"));
    assert_eq!(source.desk.avatar, None);
    assert_eq!(source.desk.bio(), Some("Bio"));
}
