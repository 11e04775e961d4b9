//! Full text for summary-only feeds (issue 13, item 2), through the
//! refresh loop with publishers we script: which items get their page,
//! how often a page is asked for, and what a failing site leaves readers.
//!
//! `cargo test -p newsdesk-ingest --test fulltext`

mod extraction;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use newsdesk_feed::{Item, TextFrom};
use newsdesk_ingest::refresh::{Fetches, Refresher};
use newsdesk_ingest::sources::SourcesFile;
use newsdesk_ingest::upstream::{FetchError, FetchFuture, Fetched, Upstream, Validators};
use newsdesk_ingest::Newsroom;
use url::Url;

/// A publisher whose answers the test sets, recording every request.
#[derive(Debug, Default)]
struct Publisher {
    /// URL → (body, ETag); absent URLs time out.
    pages: Mutex<HashMap<String, (String, String)>>,
    /// Every request: the URL and the ETag it sent back.
    asked: Mutex<Vec<(String, Option<String>)>>,
    /// Requests in flight now, and the most there ever were.
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    /// How long each answer takes.
    delay: Mutex<Duration>,
}

impl Publisher {
    fn set(&self, url: &str, body: impl Into<String>, etag: &str) {
        self.pages
            .lock()
            .unwrap()
            .insert(url.to_owned(), (body.into(), etag.to_owned()));
    }

    fn asked_for(&self, url: &str) -> Vec<Option<String>> {
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|(u, _)| u == url)
            .map(|(_, etag)| etag.clone())
            .collect()
    }
}

impl Upstream for Publisher {
    fn fetch<'a>(&'a self, url: &'a str, previous: Option<&'a Validators>) -> FetchFuture<'a> {
        Box::pin(async move {
            let sent = previous.and_then(|v| v.etag.clone());
            self.asked
                .lock()
                .unwrap()
                .push((url.to_owned(), sent.clone()));
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.most_in_flight.fetch_max(now, Ordering::SeqCst);
            let delay = *self.delay.lock().unwrap();
            tokio::time::sleep(delay).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            let answer = self.pages.lock().unwrap().get(url).cloned();
            match answer {
                None => Err(FetchError::Timeout),
                Some((_, etag)) if sent.as_deref() == Some(etag.as_str()) => {
                    Ok(Fetched::NotModified)
                }
                Some((body, etag)) => Ok(Fetched::Body {
                    bytes: body.into_bytes(),
                    content_type: Some(if url.ends_with(".xml") {
                        "application/rss+xml".to_owned()
                    } else {
                        "text/html; charset=utf-8".to_owned()
                    }),
                    final_url: Url::parse(url).unwrap(),
                    validators: Validators {
                        etag: Some(etag),
                        last_modified: None,
                    },
                }),
            }
        })
    }
}

const FEED: &str = "https://quay.example/feed.xml";

/// A summary-only RSS feed of `n` stories, each `updated` as given.
fn summary_feed(n: usize, updated: &str) -> String {
    let items: String = (1..=n)
        .map(|i| {
            format!(
                "<item><title>Story {i}</title><link>https://quay.example/news/{i}</link>\
                 <guid>story-{i}</guid><pubDate>{updated}</pubDate>\
                 <description>Standfirst of story {i}: the ferry, the bridge and the night shift.</description></item>"
            )
        })
        .collect();
    format!("<rss version=\"2.0\"><channel><title>Quay Post</title><link>https://quay.example/</link>{items}</channel></rss>")
}

/// An article page with chrome around a story of some 300 words.
fn article_page(i: usize, edition: &str) -> String {
    let paragraph = format!(
        "<p>Story {i}, {edition}: the harbour ferry ran through the night while crews repaired the bridge \
         cables, and the dispatchers kept a log of every crossing for the families waiting on the quay. \
         Volunteers brought tea to the drivers, and the city said the work would finish before the frost.</p>"
    );
    format!(
        "<!doctype html><html><head><title>Story {i} | Quay Post</title>\
         <meta property=\"og:image\" content=\"/img/{i}.jpg\"></head><body>\
         <div class=\"cookie-banner\">We use cookies to improve your experience. Accept all</div>\
         <nav class=\"menu\"><a href=\"/\">Home</a><a href=\"/news\">News</a><a href=\"/sport\">Sport</a></nav>\
         <article><h1>Story {i}</h1><p class=\"byline\">By Olena Marsh</p>{}</article>\
         <aside class=\"related\"><h3>Related</h3><a href=\"/x\">Quay market opens late</a></aside>\
         <footer>© Quay Post</footer></body></html>",
        paragraph.repeat(6)
    )
}

fn sources(full_text: &str) -> SourcesFile {
    SourcesFile::parse(&format!(
        "[[sources]]\nid = \"quay\"\ntitle = \"Quay Post\"\nurl = \"{FEED}\"\nfull_text = \"{full_text}\"\n"
    ))
    .unwrap()
}

/// A refresher over `publisher`, and the snapshots it puts out.
fn refresher(
    file: &SourcesFile,
    publisher: &Arc<Publisher>,
) -> (Refresher, Arc<Mutex<Vec<Newsroom>>>) {
    let published = Arc::new(Mutex::new(Vec::new()));
    let sink = published.clone();
    let upstream = publisher.clone();
    let refresher = Refresher::new(file, None, move |_, _: Fetches| {
        Ok(upstream.clone() as Arc<dyn Upstream>)
    })
    .unwrap()
    .publish_to(move |newsroom| sink.lock().unwrap().push(newsroom));
    (refresher, published)
}

fn items(published: &Arc<Mutex<Vec<Newsroom>>>) -> Vec<Item> {
    let snapshots = published.lock().unwrap();
    let newsroom = snapshots.last().expect("a snapshot");
    newsroom
        .front_page(newsdesk_ingest::newsroom::Kind::All, 1)
        .unwrap()
        .items
}

fn story(items: &[Item], n: usize) -> &Item {
    let title = format!("Story {n}");
    items
        .iter()
        .find(|i| i.title.as_deref() == Some(title.as_str()))
        .unwrap_or_else(|| panic!("{title} is in the feed"))
}

#[tokio::test]
async fn a_summary_only_story_gets_the_text_of_its_page_once() {
    let publisher = Arc::new(Publisher::default());
    publisher.set(FEED, summary_feed(3, "Tue, 01 Dec 2026 08:00:00 GMT"), "f1");
    for i in 1..=3 {
        publisher.set(
            &format!("https://quay.example/news/{i}"),
            article_page(i, "first edition"),
            &format!("p{i}"),
        );
    }
    let (refresher, published) = refresher(&sources("auto"), &publisher);

    refresher.refresh_all().await;
    let before = items(&published);
    // The feed is published at once, with its summaries, before any page.
    assert_eq!(story(&before, 1).text_from(), Some(TextFrom::Summary));

    assert_eq!(refresher.fill_pages().await, 1);
    let after = items(&published);
    let one = story(&after, 1);
    assert_eq!(one.text_from(), Some(TextFrom::Page));
    let body = one.content_html.as_deref().unwrap();
    assert!(
        body.contains("Story 1, first edition: the harbour ferry ran through the night"),
        "{body}"
    );
    for chrome in ["cookies", "Home", "Quay market opens late", "© Quay Post"] {
        assert!(!body.contains(chrome), "{chrome} in {body}");
    }
    // About 300 words: two minutes, where the standfirst said one.
    assert!(one.reading_minutes() >= 2, "{}", one.reading_minutes());
    assert_eq!(one.image.as_deref(), Some("https://quay.example/img/1.jpg"));

    // Unchanged items: the next refresh and pass ask for no page again.
    refresher.refresh_all().await;
    refresher.fill_pages().await;
    assert_eq!(
        publisher.asked_for("https://quay.example/news/1"),
        vec![None]
    );
    assert_eq!(
        story(&items(&published), 1).text_from(),
        Some(TextFrom::Page)
    );
}

#[tokio::test]
async fn a_changed_story_is_asked_for_again_with_its_validators() {
    let publisher = Arc::new(Publisher::default());
    publisher.set(FEED, summary_feed(1, "Tue, 01 Dec 2026 08:00:00 GMT"), "f1");
    let page = "https://quay.example/news/1";
    publisher.set(page, article_page(1, "first edition"), "p1");
    let (refresher, published) = refresher(&sources("auto"), &publisher);
    refresher.refresh_all().await;
    refresher.fill_pages().await;

    // The feed says the story changed; the page has not: a 304 keeps the text.
    publisher.set(FEED, summary_feed(1, "Tue, 01 Dec 2026 09:30:00 GMT"), "f2");
    refresher.refresh_all().await;
    refresher.fill_pages().await;
    assert_eq!(publisher.asked_for(page), vec![None, Some("p1".to_owned())]);
    assert!(story(&items(&published), 1)
        .content_html
        .as_deref()
        .unwrap()
        .contains("first edition"));

    // It changes again, and so does the page: the new text replaces the old.
    publisher.set(FEED, summary_feed(1, "Tue, 01 Dec 2026 11:00:00 GMT"), "f3");
    publisher.set(page, article_page(1, "second edition"), "p2");
    refresher.refresh_all().await;
    refresher.fill_pages().await;
    let body = story(&items(&published), 1).content_html.clone().unwrap();
    assert!(
        body.contains("second edition") && !body.contains("first edition"),
        "{body}"
    );
}

#[tokio::test]
async fn a_dead_site_keeps_the_summary_and_never_holds_up_the_feed() {
    let publisher = Arc::new(Publisher::default());
    publisher.set(FEED, summary_feed(2, "Tue, 01 Dec 2026 08:00:00 GMT"), "f1");
    // No pages: every page request times out.
    let (refresher, published) = refresher(&sources("auto"), &publisher);
    refresher.refresh_all().await;
    refresher.fill_pages().await;
    let items = items(&published);
    for n in [1, 2] {
        let story = story(&items, n);
        assert_eq!(story.text_from(), Some(TextFrom::Summary));
        let body = story
            .content_text
            .as_deref()
            .or(story.content_html.as_deref())
            .unwrap();
        assert!(body.contains(&format!("Standfirst of story {n}")), "{body}");
    }
    // A failed page is not asked for again on the next pass.
    refresher.fill_pages().await;
    assert_eq!(publisher.asked_for("https://quay.example/news/1").len(), 1);
}

#[tokio::test]
async fn pages_are_fetched_two_at_a_time() {
    let publisher = Arc::new(Publisher::default());
    *publisher.delay.lock().unwrap() = Duration::from_millis(20);
    publisher.set(FEED, summary_feed(8, "Tue, 01 Dec 2026 08:00:00 GMT"), "f1");
    for i in 1..=8 {
        publisher.set(
            &format!("https://quay.example/news/{i}"),
            article_page(i, "first edition"),
            &format!("p{i}"),
        );
    }
    let (refresher, published) = refresher(&sources("auto"), &publisher);
    refresher.refresh_all().await;
    refresher.fill_pages().await;
    assert_eq!(publisher.most_in_flight.load(Ordering::SeqCst), 2);
    let items = items(&published);
    assert!(items.iter().all(|i| i.text_from() == Some(TextFrom::Page)));
}

#[tokio::test]
async fn never_leaves_the_feed_as_it_is_and_always_fetches_whole_stories_too() {
    let publisher = Arc::new(Publisher::default());
    publisher.set(FEED, summary_feed(1, "Tue, 01 Dec 2026 08:00:00 GMT"), "f1");
    publisher.set(
        "https://quay.example/news/1",
        article_page(1, "first edition"),
        "p1",
    );
    let (never, published) = refresher(&sources("never"), &publisher);
    never.refresh_all().await;
    assert_eq!(never.fill_pages().await, 0);
    assert_eq!(story(&items(&published), 1).text_from(), None);
    assert!(publisher
        .asked_for("https://quay.example/news/1")
        .is_empty());

    // A feed with whole stories: auto leaves them, always asks for the page.
    let whole = summary_feed(1, "Tue, 01 Dec 2026 08:00:00 GMT").replace(
        "<description>",
        &format!("<description>{}", "The long story goes on. ".repeat(80)),
    );
    publisher.set(FEED, whole, "f2");
    let (auto, published) = refresher(&sources("auto"), &publisher);
    auto.refresh_all().await;
    assert_eq!(auto.fill_pages().await, 0);
    assert_eq!(
        story(&items(&published), 1).text_from(),
        Some(TextFrom::Feed)
    );
    let (always, published) = refresher(&sources("always"), &publisher);
    always.refresh_all().await;
    always.fill_pages().await;
    assert_eq!(
        story(&items(&published), 1).text_from(),
        Some(TextFrom::Page)
    );
}
