//! Browser tests: real components mounted in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, see scripts/test.sh).
//!
//! The app's only HTTP module, `api.rs`, calls `window.fetch`; these tests
//! replace `window.fetch` with a stub that serves JSON Feed pages from
//! memory, so the real pages, resources and error boundaries run unchanged.

#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use leptos::prelude::*;
use newsdesk::api::ApiError;
use newsdesk::components::{ArticleView, FeedStream, ItemList};
use newsdesk::routes::FeedPage;
use newsdesk::shell::router::Router;
use newsdesk::state::marks::Marks;
use newsdesk::state::store;
use newsdesk_feed::{Author, DeskInfo, Feed, Item, ItemInfo, VERSION_1_1};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const ARTICLE: &str = include_str!("fixtures/app/article.json");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container in the page, so tests do not see each other's DOM.
fn container() -> HtmlElement {
    let doc = document();
    let el: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    el
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `check` holds, for up to 3 s; panics with `what` otherwise.
async fn wait_for(what: &str, check: impl Fn() -> bool) {
    for _ in 0..150 {
        if check() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for: {what}");
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Replaces `window.fetch` with a stub serving `routes` (path+query → body).
/// The first `failures` requests for `/api/feed` reject like a dropped
/// connection would.
fn stub_fetch(routes: &BTreeMap<String, String>, failures: u32) {
    let install = js_sys::Function::new_with_args(
        "routes, failures",
        r#"
        window.__fetchCalls = [];
        window.fetch = (input) => {
            const url = new URL(typeof input === 'string' ? input : input.url, location.href);
            const key = url.pathname + url.search;
            window.__fetchCalls.push(key);
            if (failures > 0 && key === '/api/feed') {
                failures -= 1;
                return Promise.reject(new TypeError('Failed to fetch'));
            }
            const body = routes[key];
            const response = body === undefined
                ? new Response('{"error":"not found"}', { status: 404 })
                : new Response(body, { status: 200, headers: { 'Content-Type': 'application/feed+json' } });
            // A little latency, as on a real network, so loading states show.
            return new Promise((resolve) => setTimeout(() => resolve(response), 40));
        };
        "#,
    );
    let map = js_sys::Object::new();
    for (k, v) in routes {
        js_sys::Reflect::set(&map, &JsValue::from_str(k), &JsValue::from_str(v)).unwrap();
    }
    install
        .call2(&JsValue::NULL, &map, &JsValue::from(failures))
        .unwrap();
}

fn fetch_calls() -> u32 {
    let calls = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__fetchCalls".into()).unwrap();
    js_sys::Array::from(&calls).length()
}

fn desk() -> Author {
    Author {
        name: Some("Test news desk".into()),
        avatar: Some("/demo/assets/desk-news.svg".into()),
        newsdesk: Some(DeskInfo {
            id: Some("news".into()),
            bio: Some("We are the news team of the test newsroom.".into()),
            email: Some("desk@newsroom.example".into()),
        }),
        ..Author::default()
    }
}

/// A merged News Feed of `total` stories split into pages of `per_page`,
/// keyed by the path the app will request.
fn paged_feed(total: usize, per_page: usize) -> BTreeMap<String, String> {
    let items: Vec<Item> = (0..total)
        .map(|i| Item {
            id: format!("news-story-{i}"),
            title: Some(format!("Story number {i}")),
            summary: Some(format!("Summary of story {i}.")),
            content_html: Some(format!("<p>Body of story {i}.</p>")),
            date_published: Some(format!("2026-11-{:02}T08:00:00Z", 25 - (i / 10))),
            authors: vec![desk()],
            newsdesk: Some(ItemInfo {
                reading_minutes: Some(1),
                source: Some("news".into()),
                image_caption: None,
                ..ItemInfo::default()
            }),
            ..Item::default()
        })
        .collect();
    let pages: Vec<&[Item]> = items.chunks(per_page).collect();
    let mut routes = BTreeMap::new();
    for (n, chunk) in pages.iter().enumerate() {
        let page = n + 1;
        let feed = Feed {
            version: VERSION_1_1.into(),
            title: "Test newsroom".into(),
            next_url: (page < pages.len()).then(|| format!("/api/feed?page={}", page + 1)),
            items: chunk.to_vec(),
            ..Feed::default()
        };
        let key = if page == 1 {
            "/api/feed".to_string()
        } else {
            format!("/api/feed?page={page}")
        };
        routes.insert(key, feed.to_json());
    }
    // The Video section asks for video items; an empty, valid feed.
    let videos = Feed {
        version: VERSION_1_1.into(),
        title: "Videos".into(),
        ..Feed::default()
    };
    routes.insert("/api/feed?kind=video".into(), videos.to_json());
    // The sidebar lists the desks.
    let sources = newsdesk_feed::SourceList {
        sources: vec![newsdesk_feed::Source {
            id: "news".into(),
            title: "Test newsroom".into(),
            feed_url: "/api/feed/news".into(),
            desk: desk(),
            ..Default::default()
        }],
        open_feeds: false,
    };
    routes.insert(
        "/api/sources".into(),
        serde_json::to_string(&sources).unwrap(),
    );
    routes
}

/// Mounts the real News Feed page. Dropping the handle unmounts it, so
/// each test's reactive owner (and error hook) is gone before the next.
fn mount_feed_page(root: &HtmlElement) -> impl Sized {
    leptos::mount::mount_to(root.clone(), || {
        view! { <Router><FeedPage/></Router> }
    })
}

#[wasm_bindgen_test]
async fn article_view_shows_headline_read_time_and_desk_card() {
    let feed = Feed::from_json(ARTICLE).expect("fixture is a valid JSON Feed");
    let mut item = feed.items[0].clone();
    // 450 words: a reader must see "3 min read" (200 words a minute, rounded up).
    let words = vec!["word"; 450].join(" ");
    item.content_html = Some(format!("<p>{words}</p>"));
    item.image = Some("/demo/assets/harbour.svg".into());
    item.newsdesk
        .get_or_insert_with(Default::default)
        .image_caption = Some("The bridge at dawn, from the east bank.".into());
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), move || view! { <ArticleView item/> });

    // The desk byline leads the article, before the lead image and body.
    let byline = root
        .query_selector(".article-header .article-byline a.byline-desk")
        .unwrap()
        .expect("desk byline in the article header");
    assert_eq!(byline.text_content().unwrap(), "Test news desk");
    assert_eq!(byline.get_attribute("href").as_deref(), Some("/desk/news"));
    assert_eq!(
        text(&root, "figure.article-figure figcaption"),
        "The bridge at dawn, from the east bank."
    );

    assert_eq!(
        text(&root, "h1.article-title"),
        "The old river bridge reopens to pedestrians"
    );
    assert_eq!(text(&root, ".article-meta .read-time"), "3 min read");
    assert!(text(&root, ".article-meta").contains("24 Nov 2026"));
    assert_eq!(text(&root, ".desk-card .desk-name"), "Test news desk");
    assert!(text(&root, ".desk-card .desk-bio").starts_with("We are the news team"));
    let read_more = root
        .query_selector(".desk-card a.read-more")
        .unwrap()
        .unwrap();
    assert_eq!(
        read_more.get_attribute("href").as_deref(),
        Some("/desk/news")
    );
    assert!(read_more.text_content().unwrap().starts_with("Read more"));
    let email = root
        .query_selector(".desk-card a.desk-email")
        .unwrap()
        .unwrap();
    assert_eq!(
        email.get_attribute("href").as_deref(),
        Some("mailto:desk@newsroom.example")
    );
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn article_body_keeps_quotes_as_blockquotes() {
    let feed = Feed::from_json(ARTICLE).unwrap();
    let item = feed.items[0].clone();
    let root = container();
    let app = leptos::mount::mount_to(root.clone(), move || view! { <ArticleView item/> });
    let quote = text(&root, ".article-body blockquote");
    assert!(quote.contains("We worked nights"), "quote: {quote}");
    assert!(quote.contains("Ilona Varga"));
    assert_eq!(text(&root, ".article-meta .read-time"), "1 min read");
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn feed_list_renders_items_and_show_more_appends_next_page() {
    stub_fetch(&paged_feed(25, 10), 0);
    let root = container();
    let app = mount_feed_page(&root);

    wait_for("first page", || all(&root, ".item-list > li").len() == 10).await;
    assert_eq!(
        text(&root, ".item-list > li:first-child .item-title"),
        "Story number 0"
    );
    assert_eq!(
        text(&root, ".item-list > li:first-child .read-time"),
        "1 min read"
    );

    let button: HtmlElement = root
        .query_selector("button.show-more")
        .unwrap()
        .expect("Show More is offered while there is a next page")
        .unchecked_into();
    assert_eq!(button.text_content().unwrap(), "Show More");
    button.click();
    // While the page loads the button is disabled and says so.
    wait_for("button disabled while loading", || {
        button.has_attribute("disabled") && button.text_content().unwrap().contains("Loading")
    })
    .await;
    wait_for("second page appended", || {
        all(&root, ".item-list > li").len() == 20
    })
    .await;
    // Appended, not replaced: the first story is still first.
    assert_eq!(
        text(&root, ".item-list > li:first-child .item-title"),
        "Story number 0"
    );
    assert_eq!(
        text(&root, ".item-list > li:nth-child(11) .item-title"),
        "Story number 10"
    );

    let button: HtmlElement = root
        .query_selector("button.show-more")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    wait_for("last page appended", || {
        all(&root, ".item-list > li").len() == 25
    })
    .await;
    wait_for("Show More gone at the end", || {
        root.query_selector("button.show-more").unwrap().is_none()
    })
    .await;
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn error_state_says_what_failed_and_retry_recovers() {
    // The first request fails as if the proxy were down; the retry succeeds.
    stub_fetch(&paged_feed(5, 10), 1);
    let root = container();
    let app = mount_feed_page(&root);

    wait_for("error state", || {
        root.query_selector(".error-state").unwrap().is_some()
    })
    .await;
    assert_eq!(text(&root, ".error-state h2"), "Can't reach Newsdesk");
    assert!(text(&root, ".error-state p").contains("Check your connection"));
    assert!(all(&root, ".item-list > li").is_empty());
    let retry: HtmlElement = root
        .query_selector(".error-state button")
        .unwrap()
        .expect("a Retry button")
        .unchecked_into();
    assert_eq!(retry.text_content().unwrap(), "Retry");
    let calls_before = fetch_calls();
    retry.click();

    wait_for("items after retry", || {
        all(&root, ".item-list > li").len() == 5
    })
    .await;
    assert!(fetch_calls() > calls_before, "Retry fetched again");
    assert!(root.query_selector(".error-state").unwrap().is_none());
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn a_feed_the_app_cannot_read_is_an_error_not_a_blank_page() {
    let mut routes = paged_feed(3, 10);
    routes.insert("/api/feed".into(), "<html>502 Bad Gateway</html>".into());
    stub_fetch(&routes, 0);
    let root = container();
    let app = mount_feed_page(&root);
    wait_for("error state", || {
        root.query_selector(".error-state").unwrap().is_some()
    })
    .await;
    assert_eq!(
        text(&root, ".error-state h2"),
        "This feed could not be read"
    );
    drop(app);
    root.remove();
}

/// Mounts `view` with the app's reading state (saved items, read marks),
/// handing that state back so the test can look at it.
fn mount_with_reading<V: IntoView + 'static>(
    root: &HtmlElement,
    view: impl FnOnce() -> V + 'static,
) -> (impl Sized, Marks) {
    let slot = std::rc::Rc::new(std::cell::RefCell::new(None));
    let out = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        *out.borrow_mut() = Some(Marks::provide());
        view()
    });
    let marks = slot.borrow_mut().take().expect("mounted");
    (handle, marks)
}

fn story(id: &str, title: &str) -> Item {
    Item {
        id: id.into(),
        title: Some(title.into()),
        content_html: Some(format!("<p>{title}.</p>")),
        date_published: Some("2026-11-25T08:00:00Z".into()),
        authors: vec![desk()],
        ..Item::default()
    }
}

#[wasm_bindgen_test]
async fn save_keeps_the_story_in_the_offline_store_and_unsave_lets_it_go() {
    let item = story("news-saved-story", "A story to keep");
    let root = container();
    let shown = Signal::stored(vec![std::sync::Arc::new(item.clone())]);
    let (app, marks) = mount_with_reading(&root, move || view! { <ItemList items=shown/> });
    wait_for("saved list loaded", || marks.loaded.get_untracked()).await;

    let button: HtmlElement = root
        .query_selector(".save-button")
        .unwrap()
        .expect("a Save button on every card")
        .unchecked_into();
    assert!(button.text_content().unwrap().contains("Save"));
    button.click();
    wait_for("button says Saved", || {
        button.get_attribute("aria-pressed").as_deref() == Some("true")
    })
    .await;
    // On this device, across visits: in IndexedDB, not only in memory.
    let mut stored = Vec::new();
    for _ in 0..50 {
        stored = store::saved_items().await.unwrap();
        if stored.iter().any(|s| s.item.id == item.id) {
            break;
        }
        sleep(20).await;
    }
    let kept = stored
        .iter()
        .find(|s| s.item.id == item.id)
        .expect("stored");
    assert_eq!(
        kept.item.content_html, item.content_html,
        "the body is kept"
    );

    button.click();
    wait_for("button says Save again", || {
        button.get_attribute("aria-pressed").as_deref() == Some("false")
    })
    .await;
    sleep(100).await;
    assert!(!store::saved_items()
        .await
        .unwrap()
        .iter()
        .any(|s| s.item.id == item.id));
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn story_rows_show_what_each_story_has_and_never_run_its_markup() {
    use newsdesk_feed::Attachment;
    use std::sync::Arc;
    let hostile = "<img src=x onerror=alert(1)> & \"quotes\"";
    let lead = Item {
        id: "row-lead".into(),
        title: Some("The lead, with video".into()),
        summary: Some("What the lead is about.".into()),
        image: Some("/demo/assets/lead.svg".into()),
        attachments: vec![Attachment {
            url: "/demo/assets/lead.webm".into(),
            mime_type: "Video/WebM".into(),
            title: None,
            size_in_bytes: None,
            duration_in_seconds: None,
        }],
        ..story("row-lead", "The lead, with video")
    };
    let plain = Item {
        title: Some(hostile.into()),
        summary: None,
        date_published: None,
        image: Some("/demo/assets/not-shown.svg".into()),
        authors: vec![Author {
            name: Some("A desk without a page".into()),
            ..Author::default()
        }],
        ..story("row-plain", "unused")
    };
    let rows = Signal::stored(vec![Arc::new(lead), Arc::new(plain)]);
    let root = container();
    let (app, _reading) =
        mount_with_reading(&root, move || view! { <ItemList items=rows lead=true/> });
    let articles = all(&root, ".item-list > li > article.item-card");
    assert_eq!(articles.len(), 2);
    let (first, second) = (&articles[0], &articles[1]);

    // The lead: its image, linking to the article, and its Video badge.
    assert_eq!(first.class_name(), "item-card item-card-lead");
    assert_eq!(
        first.get_attribute("data-item-id").as_deref(),
        Some("row-lead")
    );
    let image = first
        .query_selector(".item-image img")
        .unwrap()
        .expect("the lead's image");
    assert!(image
        .get_attribute("src")
        .unwrap()
        .ends_with("/demo/assets/lead.svg"));
    let image_link = first.query_selector("a.item-image").unwrap().unwrap();
    assert_eq!(
        image_link.get_attribute("href").as_deref(),
        Some("/article/row-lead")
    );
    assert_eq!(text(first, ".badge"), "Video");
    assert_eq!(text(first, ".item-title a"), "The lead, with video");
    assert_eq!(text(first, ".item-summary"), "What the lead is about.");
    let desk_link = first
        .query_selector("a.byline-desk")
        .unwrap()
        .expect("desk link");
    assert_eq!(
        desk_link.get_attribute("href").as_deref(),
        Some("/desk/news")
    );
    let time = first
        .query_selector(".byline time")
        .unwrap()
        .expect("a date");
    assert_eq!(
        time.get_attribute("datetime").as_deref(),
        Some("2026-11-25T08:00:00Z")
    );
    assert_eq!(
        time.get_attribute("title").as_deref(),
        Some("25 Nov 2026, 08:00 UTC")
    );
    assert!(text(first, ".read-time").ends_with("min read"));
    assert_eq!(
        text(first, ".save-button .visually-hidden"),
        ": The lead, with video"
    );

    // The other: no image or badge (not the lead, no video), its desk's
    // name without a link, no date, no summary; and its title, markup
    // and all, shown as text: nothing of it became an element.
    assert_eq!(second.class_name(), "item-card");
    assert!(second
        .query_selector(".item-image, .badge, time, .item-summary, img[src='x']")
        .unwrap()
        .is_none());
    assert_eq!(text(second, "span.byline-desk"), "A desk without a page");
    assert!(second.query_selector("a.byline-desk").unwrap().is_none());
    assert_eq!(text(second, ".item-title a"), hostile);
    assert_eq!(
        second
            .query_selector(".item-title a")
            .unwrap()
            .unwrap()
            .child_element_count(),
        0
    );
    assert_eq!(
        second
            .query_selector(".byline")
            .unwrap()
            .unwrap()
            .query_selector_all(".dot")
            .unwrap()
            .length(),
        1
    );
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn opening_an_article_marks_it_read_in_every_stream() {
    let item = story("news-read-story", "A story to read");
    let _ = store::mark_unread(&item.id).await;
    let root = container();
    let article = item.clone();
    let row = Signal::stored(vec![std::sync::Arc::new(item.clone())]);
    let (app, marks) = mount_with_reading(&root, move || {
        view! { <ArticleView item=article/> <ItemList items=row/> }
    });
    wait_for("card marked read", || {
        root.query_selector(".item-card.is-read .read-mark")
            .unwrap()
            .is_some()
    })
    .await;
    let mut kept = false;
    for _ in 0..50 {
        if store::read_ids().await.unwrap().contains(&item.id) {
            kept = true;
            break;
        }
        sleep(20).await;
    }
    assert!(kept, "the read mark is stored on the device");
    // "Mark as unread" undoes it.
    let toggle: HtmlElement = root
        .query_selector(".article-actions .link-button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(toggle.text_content().unwrap(), "Mark as unread");
    toggle.click();
    wait_for("card unmarked", || {
        root.query_selector(".item-card.is-read").unwrap().is_none()
    })
    .await;
    assert!(!marks.read.get_untracked().contains(&item.id));
    drop(app);
    root.remove();
}

#[wasm_bindgen_test]
async fn hide_read_leaves_out_read_stories_and_new_stories_wait_for_the_reader() {
    let first = Feed {
        version: VERSION_1_1.into(),
        title: "Stream".into(),
        items: vec![story("s-1", "Story one"), story("s-2", "Story two")],
        ..Feed::default()
    };
    let incoming = RwSignal::new(None::<Feed>);
    let root = container();
    let (app, marks) = mount_with_reading(&root, move || {
        let fail = |_url: String| -> newsdesk::api::FeedFuture {
            Box::pin(async move { Err::<Feed, _>(ApiError::NotFound) })
        };
        view! {
            <FeedStream first incoming load_more=fail/>
        }
    });
    assert_eq!(all(&root, ".item-list > li").len(), 2);

    marks.mark_read("s-1");
    marks.hide_read.set(true);
    wait_for("read story hidden", || {
        all(&root, ".item-list > li").len() == 1
    })
    .await;
    assert_eq!(text(&root, ".item-list .item-title"), "Story two");
    marks.hide_read.set(false);
    wait_for("shown again", || all(&root, ".item-list > li").len() == 2).await;

    // A newer first page arrives: the list does not jump.
    incoming.set(Some(Feed {
        version: VERSION_1_1.into(),
        title: "Stream".into(),
        items: vec![
            story("s-4", "Story four"),
            story("s-3", "Story three"),
            story("s-1", "Story one"),
        ],
        ..Feed::default()
    }));
    wait_for("new stories offered", || {
        text(&root, "button.new-stories") == "2 new stories"
    })
    .await;
    assert_eq!(all(&root, ".item-list > li").len(), 2, "nothing added yet");
    let button: HtmlElement = root
        .query_selector("button.new-stories")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    wait_for("new stories on top", || {
        all(&root, ".item-list > li").len() == 4
    })
    .await;
    assert_eq!(
        text(&root, ".item-list > li:first-child .item-title"),
        "Story four"
    );
    assert!(root.query_selector("button.new-stories").unwrap().is_none());
    let _ = store::mark_unread("s-1").await;
    drop(app);
    root.remove();
}

/// The app decodes with serde through `serde-wasm-bindgen` from the
/// browser's `JSON.parse`; the proxy and the model's tests use serde_json.
/// The two must accept and reject exactly the same documents, with the same
/// result (JS numbers, numeric ids, the deprecated `author` included).
#[wasm_bindgen_test]
fn the_apps_decoder_reads_every_fixture_as_the_model_does() {
    use newsdesk::api::{self, decode, ApiError};
    let fixtures: &[(&str, &str)] = &[
        ("app/article", ARTICLE),
        (
            "author-and-authors",
            include_str!("fixtures/jsonfeed/author-and-authors.json"),
        ),
        ("full-1.1", include_str!("fixtures/jsonfeed/full-1.1.json")),
        (
            "jsonfeed-1.0",
            include_str!("fixtures/jsonfeed/jsonfeed-1.0.json"),
        ),
        (
            "microblog",
            include_str!("fixtures/jsonfeed/microblog.json"),
        ),
        ("podcast", include_str!("fixtures/jsonfeed/podcast.json")),
        (
            "demo analysis (image captions)",
            include_str!("../crates/proxy/demo/feeds/analysis.json"),
        ),
        (
            "demo news",
            include_str!("../crates/proxy/demo/feeds/news.json"),
        ),
        (
            "demo video",
            include_str!("../crates/proxy/demo/feeds/video.json"),
        ),
        (
            "simple-blog",
            include_str!("fixtures/jsonfeed/simple-blog.json"),
        ),
        (
            "unknown-fields",
            include_str!("fixtures/jsonfeed/unknown-fields.json"),
        ),
        (
            "invalid-item-without-content",
            include_str!("fixtures/jsonfeed/invalid-item-without-content.json"),
        ),
        (
            "invalid-item-without-id",
            include_str!("fixtures/jsonfeed/invalid-item-without-id.json"),
        ),
        (
            "invalid-items-not-array",
            include_str!("fixtures/jsonfeed/invalid-items-not-array.json"),
        ),
        (
            "invalid-missing-title",
            include_str!("fixtures/jsonfeed/invalid-missing-title.json"),
        ),
        (
            "invalid-missing-version",
            include_str!("fixtures/jsonfeed/invalid-missing-version.json"),
        ),
        (
            "invalid-not-json",
            include_str!("fixtures/jsonfeed/invalid-not-json.json"),
        ),
        (
            "invalid-unknown-version",
            include_str!("fixtures/jsonfeed/invalid-unknown-version.json"),
        ),
        (
            "numeric id",
            r#"{"version":"https://jsonfeed.org/version/1","title":"T","items":[{"id":42,"content_text":"x"}]}"#,
        ),
        (
            "object id",
            r#"{"version":"https://jsonfeed.org/version/1","title":"T","items":[{"id":{},"content_text":"x"}]}"#,
        ),
        (
            "wrong type",
            r#"{"version":"https://jsonfeed.org/version/1.1","title":5,"items":[]}"#,
        ),
        (
            "attachment without url",
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"a","content_text":"x","attachments":[{"mime_type":"video/mp4"}]}]}"#,
        ),
        ("not an object", "[1, 2]"),
    ];
    for (name, text) in fixtures {
        match (api::feed_from_json(text), Feed::from_json(text)) {
            (Ok(ours), Ok(serde)) => assert_eq!(ours, serde, "{name}: same feed"),
            (Err(ApiError::BadFeed(_)), Err(_)) => {}
            (ours, serde) => panic!("{name}: the app gave {ours:?}, serde_json gave {serde:?}"),
        }
    }

    // The `_newsdesk` extensions the app shows are read, captions included.
    let demo =
        api::feed_from_json(include_str!("../crates/proxy/demo/feeds/analysis.json")).unwrap();
    assert!(demo.items.iter().any(|i| i.image_caption().is_some()));
    let desk = demo.desk().and_then(|d| d.newsdesk.clone()).unwrap();
    assert!(desk.id.is_some() && desk.bio.is_some() && desk.email.is_some());
    let full = api::feed_from_json(include_str!("fixtures/jsonfeed/full-1.1.json")).unwrap();
    assert!(full.items.iter().any(|i| i
        .newsdesk
        .as_ref()
        .is_some_and(|n| n.reading_minutes.is_some())));

    // Saved items: the structured value the store writes reads back, and
    // so do the JSON strings that earlier versions of the app stored.
    let mut items = Feed::from_json(include_str!("fixtures/jsonfeed/full-1.1.json"))
        .unwrap()
        .items;
    items.extend(demo.items);
    for item in &items {
        let saved = store::SavedItem {
            item: item.clone(),
            saved_at: 1234.5,
        };
        let value = decode::to_value(&saved).unwrap();
        assert!(
            value.is_object() && !value.is_string(),
            "a structured value"
        );
        assert_eq!(store::saved_item(value), Some(saved.clone()));
        let old = format!(
            r#"{{"item":{},"saved_at":1234.5}}"#,
            serde_json::to_string(item).unwrap()
        );
        assert_eq!(store::saved_item(JsValue::from_str(&old)), Some(saved));
    }
    assert_eq!(store::saved_item(JsValue::from_str("not json")), None);
    assert_eq!(store::saved_item(JsValue::from_f64(3.0)), None);

    let sources = newsdesk_feed::SourceList {
        sources: vec![newsdesk_feed::Source {
            id: "news".into(),
            title: "News".into(),
            feed_url: "/api/feed/news".into(),
            desk: Author {
                name: Some("News desk".into()),
                ..Author::default()
            },
            item_count: 3,
            stale: true,
            ..Default::default()
        }],
        open_feeds: true,
    };
    let text = serde_json::to_string(&sources).unwrap();
    assert_eq!(
        decode::from_json::<newsdesk_feed::SourceList>(&text).unwrap(),
        sources
    );
    assert!(decode::from_json::<newsdesk_feed::SourceList>(r#"{"sources":[{"id":"x"}]}"#).is_err());
    type Muted = std::collections::BTreeSet<String>;
    let muted: Muted = ["b".to_string(), "a".to_string()].into();
    let written = js_sys::JSON::stringify(&decode::to_value(&muted).unwrap()).unwrap();
    assert_eq!(written.as_string().unwrap(), r#"["a","b"]"#);
    assert_eq!(decode::from_json::<Muted>(r#"["a","b"]"#).unwrap(), muted);
    assert!(decode::from_json::<Muted>("[1]").is_err());
    assert!(decode::from_json::<Muted>("").is_err());
}

/// Pages for the router test: the path parameter and the query, as shown.
fn router_test_home() -> AnyView {
    view! { <p class="page">"home"</p> }.into_any()
}

fn router_test_item() -> AnyView {
    let params = newsdesk::shell::router::use_params_map();
    let query = newsdesk::shell::router::use_query_map();
    view! {
        <p class="page">
            {move || format!(
                "item {} {}",
                params.with(|p| p.get("id").unwrap_or_default()),
                query.with(|q| q.get("q").unwrap_or_default()),
            )}
        </p>
    }
    .into_any()
}

/// Moves to `target` (through `use_navigate`, inside the router) when set.
#[component]
fn NavigateOnSignal(target: RwSignal<Option<String>>) -> impl IntoView {
    let go = newsdesk::shell::router::use_navigate();
    Effect::new(move |_| {
        if let Some(to) = target.get() {
            go(&to, newsdesk::shell::router::NavigateOptions::default());
        }
    });
}

/// A test page: the function that draws it.
type TestPage = fn() -> AnyView;

static ROUTER_TEST_ROUTES: &[(&str, TestPage)] = &[
    ("/router-test", router_test_home),
    ("/router-test/:id", router_test_item),
];

/// Regression: every `use_location` call (every `<A>` link) built four new
/// memos over the URL. The router builds one location and shares it.
#[wasm_bindgen_test]
fn every_link_shares_the_routers_one_location() {
    use newsdesk::shell::router::{use_location, Router};
    let root = container();
    let same = std::sync::Arc::new(std::sync::Mutex::new(None::<bool>));
    let app = {
        let same = same.clone();
        leptos::mount::mount_to(root.clone(), move || {
            view! {
                <Router>
                    {
                        let first = use_location();
                        let second = use_location();
                        *same.lock().unwrap() = Some(
                            first.pathname == second.pathname
                                && first.query == second.query
                                && first.hash == second.hash
                                && first.search == second.search,
                        );
                    }
                </Router>
            }
        })
    };
    assert_eq!(
        *same.lock().unwrap(),
        Some(true),
        "one set of memos per router"
    );
    drop(app);
    root.remove();
}

/// `router.rs` (instead of leptos_router): a same-origin link changes the
/// page in place and adds a history entry; with a modifier key, or to
/// another origin, the browser keeps the click; back/forward follow the
/// history; `use_navigate` moves like a link; `A` marks the current page.
#[wasm_bindgen_test]
async fn router_follows_links_history_and_navigate() {
    use newsdesk::shell::router::{self, Router, A};
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let start = window.location().href().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some("/router-test"))
        .unwrap();
    // Runs after the router's own listener (registered first, at mount):
    // records what it decided, then keeps the browser from leaving the page.
    let decided = std::rc::Rc::new(std::cell::Cell::new(None::<bool>));
    let record = {
        let decided = decided.clone();
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            decided.set(Some(ev.default_prevented()));
            ev.prevent_default();
        })
    };
    let root = container();
    let target = RwSignal::new(None::<String>);
    let app = {
        leptos::mount::mount_to(root.clone(), move || {
            view! {
                <Router>
                    <NavigateOnSignal target/>
                    <nav>
                        <A href="/router-test" exact=true>"home"</A>
                        <a id="to-b" href="/router-test/b?q=x%20y">"b"</a>
                        <a id="away" href="https://elsewhere.invalid/router-test/c">"away"</a>
                    </nav>
                    {router::routes(ROUTER_TEST_ROUTES, |page| page(), || view! { <p class="page">"404"</p> }.into_any())}
                </Router>
            }
        })
    };
    window
        .add_event_listener_with_callback("click", record.as_ref().unchecked_ref())
        .unwrap();
    let page = || text(&root, ".page");
    let path = || window.location().pathname().unwrap();
    wait_for("the home page", || page() == "home").await;
    assert_eq!(
        root.query_selector("nav a")
            .unwrap()
            .unwrap()
            .get_attribute("aria-current")
            .as_deref(),
        Some("page")
    );
    let length = history.length().unwrap();

    let click = |id: &str, ctrl: bool| {
        let init = web_sys::MouseEventInit::new();
        init.set_bubbles(true);
        init.set_cancelable(true);
        init.set_ctrl_key(ctrl);
        let ev = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
        decided.set(None);
        root.query_selector(&format!("#{id}"))
            .unwrap()
            .unwrap()
            .dispatch_event(&ev)
            .unwrap();
        decided.get()
    };

    // A modifier key: the browser's (a new tab), not the router's.
    assert_eq!(
        click("to-b", true),
        Some(false),
        "ctrl-click is left to the browser"
    );
    assert_eq!(path(), "/router-test");
    // Another origin: the browser's.
    assert_eq!(
        click("away", false),
        Some(false),
        "a link off-site is left to the browser"
    );
    // A plain click: the router's.
    assert_eq!(
        click("to-b", false),
        Some(true),
        "the router takes a plain click"
    );
    assert_eq!(path(), "/router-test/b");
    assert_eq!(window.location().search().unwrap(), "?q=x%20y");
    assert_eq!(history.length().unwrap(), length + 1, "one history entry");
    wait_for("the item page", || page() == "item b x y").await;
    assert_eq!(
        root.query_selector("nav a")
            .unwrap()
            .unwrap()
            .get_attribute("aria-current"),
        None
    );

    // Back: the home page again, without a reload.
    history.back().unwrap();
    wait_for("back to the home page", || page() == "home").await;
    assert_eq!(path(), "/router-test");
    // Forward.
    history.forward().unwrap();
    wait_for("forward to the item", || page() == "item b x y").await;

    // use_navigate: like a link; an id change keeps the page, new params.
    target.set(Some("/router-test/c".into()));
    wait_for("the other item", || page() == "item c ").await;
    assert_eq!(path(), "/router-test/c");
    target.set(Some("/nowhere".into()));
    wait_for("the fallback", || page() == "404").await;

    window
        .remove_event_listener_with_callback("click", record.as_ref().unchecked_ref())
        .unwrap();
    drop(app);
    root.remove();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&start))
        .unwrap();
}
