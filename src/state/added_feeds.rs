//! Feeds the reader added themselves, from an imported OPML file, when the
//! operator lets readers add feeds (`open_feeds` in the source list). The
//! proxy fetches and cleans them like its own sources (`/api/open-feed`);
//! their stories join the News Feed in date order.
//!
//! Kept in `localStorage` as one `url<TAB>title` line a feed: small,
//! synchronous, and readable before the first fetch.

use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::state::preferences::{local, set_local};

const ADDED_KEY: &str = "newsdesk.added-feeds";

/// The most feeds a reader can add: each is one more request per News Feed.
pub const MAX_ADDED: usize = 50;

/// A feed the reader added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedFeed {
    /// The publisher's feed URL.
    pub url: String,
    /// Its title, as the OPML file gave it.
    pub title: String,
}

/// The reader's added feeds, as a signal; each change is stored at once.
#[derive(Debug, Clone, Copy)]
pub struct AddedFeeds(pub RwSignal<Vec<AddedFeed>>);

impl AddedFeeds {
    /// Reads the stored list, keeps it stored, and provides it as context.
    pub fn provide() -> AddedFeeds {
        let feeds = AddedFeeds(RwSignal::new(decode(&local(ADDED_KEY).unwrap_or_default())));
        Effect::new(move |_| set_local(ADDED_KEY, &feeds.0.with(|list| encode(list))));
        provide_context(feeds);
        feeds
    }

    /// Adds `new` feeds not added yet (by URL); returns how many were new.
    pub fn add(&self, new: Vec<AddedFeed>) -> usize {
        let mut added = 0;
        self.0.update(|list| {
            for feed in new {
                if list.len() < MAX_ADDED && !list.iter().any(|f| f.url == feed.url) {
                    list.push(feed);
                    added += 1;
                }
            }
        });
        added
    }

    /// Removes the feed at `url`.
    pub fn remove(&self, url: &str) {
        self.0.update(|list| list.retain(|f| f.url != url));
    }
}

/// The app's [`AddedFeeds`]; outside the app, an empty list that stores nothing.
pub fn use_added_feeds() -> AddedFeeds {
    use_context::<AddedFeeds>().unwrap_or_else(|| AddedFeeds(RwSignal::new(Vec::new())))
}

/// Whether an item came from a reader-added feed (the proxy gives those
/// ids and source ids starting with `open-`): it has no article page on
/// this Newsdesk, so it links to the publisher.
pub fn is_added_item(item: &Item) -> bool {
    item.id.starts_with("open-")
}

/// The stored form: `url<TAB>title` lines.
fn encode(feeds: &[AddedFeed]) -> String {
    feeds
        .iter()
        .map(|f| format!("{}\t{}", f.url, f.title.replace(['\t', '\n', '\r'], " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads the stored form, skipping anything that is not an http(s) URL.
fn decode(text: &str) -> Vec<AddedFeed> {
    text.lines()
        .filter_map(|line| {
            let (url, title) = line.split_once('\t').unwrap_or((line, ""));
            let url = url.trim();
            (url.starts_with("https://") || url.starts_with("http://")).then(|| AddedFeed {
                url: url.to_string(),
                title: if title.trim().is_empty() {
                    url.to_string()
                } else {
                    title.trim().to_string()
                },
            })
        })
        .take(MAX_ADDED)
        .collect()
}

/// Puts the stories of added feeds (`pool`, any order) among one page of
/// the News Feed, in date order: those at least as new as the page's
/// oldest story join it, the rest wait for a later page; the last page
/// (`last`) takes them all. Taken stories leave the pool.
pub fn merge_page(page: Vec<Item>, pool: &mut Vec<Item>, last: bool) -> Vec<Item> {
    let oldest = page.iter().filter_map(Item::published_unix).min();
    let mut merged = page;
    let mut waiting = Vec::new();
    for item in pool.drain(..) {
        let joins = last
            || match (item.published_unix(), oldest) {
                (Some(at), Some(oldest)) => at >= oldest,
                _ => false,
            };
        if joins {
            merged.push(item);
        } else {
            waiting.push(item);
        }
    }
    *pool = waiting;
    // Newest first; undated stories last, in the order they came.
    merged.sort_by_key(|item| std::cmp::Reverse(item.published_unix().unwrap_or(i64::MIN)));
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: &str, date: Option<&str>) -> Item {
        Item {
            id: id.to_string(),
            date_published: date.map(str::to_string),
            ..Item::default()
        }
    }

    fn ids(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn added_stories_join_the_page_they_date_into() {
        let page = vec![
            story("a", Some("2026-11-26T10:00:00Z")),
            story("b", Some("2026-11-26T08:00:00Z")),
        ];
        let mut pool = vec![
            story("open-old", Some("2026-11-20T08:00:00Z")),
            story("open-new", Some("2026-11-26T09:00:00Z")),
            story("open-undated", None),
        ];
        let merged = merge_page(page, &mut pool, false);
        assert_eq!(ids(&merged), ["a", "open-new", "b"]);
        assert_eq!(ids(&pool), ["open-old", "open-undated"]);

        let last = vec![story("c", Some("2026-11-25T08:00:00Z"))];
        let merged = merge_page(last, &mut pool, true);
        assert_eq!(ids(&merged), ["c", "open-old", "open-undated"]);
        assert!(pool.is_empty());
    }

    #[test]
    fn the_stored_list_round_trips_and_ignores_junk() {
        let feeds = vec![
            AddedFeed {
                url: "https://a.example/feed.xml".into(),
                title: "A\tpaper".into(),
            },
            AddedFeed {
                url: "http://b.example/rss".into(),
                title: "B".into(),
            },
        ];
        let stored = encode(&feeds);
        let back = decode(&stored);
        assert_eq!(back[0].title, "A paper");
        assert_eq!(back[1], feeds[1]);
        assert_eq!(
            decode("javascript:alert(1)\tx\nhttps://c.example/f\n\n"),
            [AddedFeed {
                url: "https://c.example/f".into(),
                title: "https://c.example/f".into()
            }]
        );
    }
}
