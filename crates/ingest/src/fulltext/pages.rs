//! A source's memory of its article pages: what each page gave, the
//! validators to ask again with, and when a failed one may be tried again.
//! The refresh loop asks [`Pages::apply`] what a freshly normalized feed
//! needs, fetches that ([`fetch_pages`], [`PAGES_AT_ONCE`] at a time) and
//! hands each answer to [`Pages::record`].
//!
//! A page is fetched once while its item is unchanged: the item's date
//! (modified, else published) is remembered with it, and only a new date
//! asks again, conditionally, so an unchanged page costs a 304.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::extract::{extract, Extracted};
use super::{wants_page, FullText};
use crate::sanitize::UrlPolicy;
use crate::upstream::{FetchError, Fetched, Upstream, Validators};
use futures_util::stream::{self, StreamExt as _};
use newsdesk_feed::{html_word_count, reading_minutes_for_words, Feed, Item, ItemInfo, TextFrom};

/// Pages of one source fetched at the same time: a publisher's site sees
/// at most this many requests from us at once, as from one reader.
pub const PAGES_AT_ONCE: usize = 2;

/// Pages of one source fetched in one pass. A new summary-only source
/// with 200 items would otherwise send 200 requests in a row; the rest
/// come in the following passes, newest first.
pub const MAX_PAGES_PER_PASS: usize = 30;

/// How soon a page that failed (a dead server, a timeout, a refusal) is
/// asked for again: the item keeps its summary meanwhile.
pub const PAGE_RETRY_AFTER: Duration = Duration::from_secs(30 * 60);

/// One page to fetch: where, with what validators, for which item date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFetch {
    /// The item's page.
    pub url: String,
    /// The item's date when it was asked for.
    pub stamp: Option<String>,
    /// What the last answer said, so an unchanged page answers 304.
    pub validators: Option<Validators>,
}

/// What one page gave.
#[derive(Debug, Clone)]
struct Page {
    stamp: Option<String>,
    validators: Option<Validators>,
    /// The article, when there was one.
    article: Option<Extracted>,
    /// When the last attempt failed (not: when the page had no article).
    failed_at: Option<Instant>,
}

/// The pages of one source, by URL.
#[derive(Debug, Default)]
pub struct Pages {
    pages: HashMap<String, Page>,
}

impl Pages {
    /// Gives every item of `feed` (as normalized from the feed, never one
    /// already filled) the text its page gave, marks where each body came
    /// from, and returns the pages still to fetch, newest items first, at
    /// most [`MAX_PAGES_PER_PASS`]. Forgets pages no item links to any more.
    pub fn apply(&mut self, feed: &mut Feed, mode: FullText, now: Instant) -> Vec<PageFetch> {
        let mut wanted = Vec::new();
        for item in &mut feed.items {
            let wants = wants_page(item, mode);
            let from = match (wants, item.url.as_deref()) {
                (true, Some(url)) => {
                    let stamp = stamp(item);
                    let page = self.pages.get(url);
                    if needs_fetch(page, stamp.as_deref(), now) && wanted.len() < MAX_PAGES_PER_PASS
                    {
                        wanted.push(PageFetch {
                            url: url.to_owned(),
                            stamp,
                            validators: page.and_then(|p| p.validators.clone()),
                        });
                    }
                    match page.and_then(|p| p.article.as_ref()) {
                        Some(article) if fill(item, article, mode) => TextFrom::Page,
                        // `always` asks for pages of whole stories too.
                        _ if wants_page(item, FullText::Auto) => TextFrom::Summary,
                        _ => TextFrom::Feed,
                    }
                }
                _ if mode == FullText::Never => continue,
                _ => TextFrom::Feed,
            };
            item.newsdesk
                .get_or_insert_with(ItemInfo::default)
                .text_from = Some(from);
        }
        let linked: std::collections::HashSet<&str> =
            feed.items.iter().filter_map(|i| i.url.as_deref()).collect();
        self.pages.retain(|url, _| linked.contains(url.as_str()));
        wanted
    }

    /// Records what fetching `fetch` gave: an article extracted with
    /// `policy` (images signed as its media signer says), a 304 that keeps
    /// what the page gave before, or a failure that keeps the summary
    /// until [`PAGE_RETRY_AFTER`].
    pub fn record(
        &mut self,
        fetch: PageFetch,
        answer: Result<Fetched, FetchError>,
        policy: &UrlPolicy,
        now: Instant,
    ) {
        let page = self.pages.entry(fetch.url.clone()).or_insert(Page {
            stamp: None,
            validators: None,
            article: None,
            failed_at: None,
        });
        match answer {
            Ok(Fetched::NotModified) => {
                page.stamp = fetch.stamp;
                page.failed_at = None;
            }
            Ok(Fetched::Body {
                bytes,
                content_type,
                final_url,
                validators,
            }) => {
                page.stamp = fetch.stamp;
                page.validators = Some(validators).filter(|v| !v.is_empty());
                page.failed_at = None;
                page.article = match extract(&bytes, content_type.as_deref(), &final_url, policy) {
                    Ok(article) => Some(article),
                    Err(error) => {
                        tracing::info!(url = %fetch.url, %error, "no article in the page; keeping the summary");
                        None
                    }
                };
            }
            Err(error) => {
                tracing::warn!(url = %fetch.url, %error, "cannot fetch the article page; keeping the summary");
                page.stamp = fetch.stamp;
                page.failed_at = Some(now);
            }
        }
    }

    /// Pages remembered (for tests and logs).
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether no page is remembered.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Fetches `wanted` through `upstream`, [`PAGES_AT_ONCE`] at a time,
/// each with its validators; answers come back in any order.
pub async fn fetch_pages(
    upstream: &dyn Upstream,
    wanted: Vec<PageFetch>,
) -> Vec<(PageFetch, Result<Fetched, FetchError>)> {
    stream::iter(wanted)
        .map(|fetch| async move {
            let answer = upstream.fetch(&fetch.url, fetch.validators.as_ref()).await;
            (fetch, answer)
        })
        .buffer_unordered(PAGES_AT_ONCE)
        .collect()
        .await
}

/// The date that says an item changed: modified, else published.
fn stamp(item: &Item) -> Option<String> {
    item.date_modified
        .clone()
        .or_else(|| item.date_published.clone())
}

/// Whether a page must be asked for: never read, its item changed, or it
/// failed long enough ago.
fn needs_fetch(page: Option<&Page>, stamp: Option<&str>, now: Instant) -> bool {
    let Some(page) = page else {
        return true;
    };
    if page.stamp.as_deref() != stamp {
        return true;
    }
    page.failed_at
        .is_some_and(|at| now.duration_since(at) >= PAGE_RETRY_AFTER)
}

/// Puts the page's article in place of the item's body when it says more
/// than the feed did (under `always`, whenever there is one): body,
/// reading time, and the lead image and its caption when the feed gave
/// none and the body does not show it already.
fn fill(item: &mut Item, article: &Extracted, mode: FullText) -> bool {
    let words = html_word_count(&article.content_html);
    if words == 0 || (mode != FullText::Always && words <= item.word_count()) {
        return false;
    }
    item.content_html = Some(article.content_html.clone());
    item.content_text = None;
    let shown_in_body = |src: &str| {
        let attribute = format!("src=\"{}\"", src.replace('&', "&amp;"));
        article.content_html.contains(&attribute)
    };
    let mut lead = false;
    if item.image.is_none() {
        item.image = article.lead_image.clone().filter(|src| !shown_in_body(src));
        lead = item.image.is_some();
    }
    let info = item.newsdesk.get_or_insert_with(ItemInfo::default);
    info.reading_minutes = Some(reading_minutes_for_words(words));
    // The caption of the page's lead picture, when that is the item's.
    if (lead || item.image == article.lead_image) && info.image_caption.is_none() {
        info.image_caption = article.lead_caption.clone();
    }
    true
}
