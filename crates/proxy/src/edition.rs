//! One newsroom snapshot with its API bodies ready to serve.
//!
//! An [`Edition`] is built whenever the newsroom changes (start-up, the
//! demo's load, each refresh that fetched something) and is then only read.
//! At build time it serializes, hashes and compresses (brotli and gzip, see
//! [`crate::rendered`]) the pages readers ask for most:
//!
//! - `/api/sources`;
//! - the first [`EAGER_PAGES`] pages of the merged feed, and of its video
//!   section (`?kind=video`);
//! - the first [`EAGER_PAGES`] pages of every source's feed.
//!
//! Everything else the API serves — later pages, `?tag=`, `?sources=`,
//! `?kind=video` on a source, single items — is built on first request and
//! kept in a cache of this edition, bounded by [`LAZY_ENTRIES`] and
//! [`LAZY_BYTES`] (oldest first out), so query strings a client makes up
//! cannot grow memory without bound. Only answers that exist are cached:
//! an unknown source, item or page is an error, built each time.
//!
//! A page whose JSON did not change since the previous edition keeps that
//! edition's bodies (same bytes, same ETags) instead of being compressed
//! again.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use newsdesk_feed::Feed;

use crate::api::{FEED_CONTENT_TYPE, JSON_CONTENT_TYPE};
use crate::cache;
use crate::error::Error;
use crate::first_paint::{self, Page};
use crate::rendered::Rendered;
use newsdesk_ingest::newsroom::{Filter, Kind, Newsroom, QueryError};
use newsdesk_page::Language;

/// Pages of each unfiltered feed built with every edition: the first page
/// and two "Show More"s are what nearly every reader sees.
pub const EAGER_PAGES: u32 = 3;

/// Most answers the on-demand cache of one edition keeps.
pub const LAZY_ENTRIES: usize = 1024;

/// Most bytes the on-demand cache of one edition accounts for (each entry
/// is charged three times its JSON — the body and room for its encodings —
/// plus its key twice: in the map and in the eviction queue).
pub const LAZY_BYTES: usize = 24 << 20;

/// What an on-demand answer is cached under: the parsed, normalized
/// request, so `?tag=Trams` and `?tag=trams` share one entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Front(Filter, u32),
    Source(String, Filter, u32),
    Item(String),
    /// The app's index.html with a page's first paint, in a language, as
    /// of a clock minute (its "3 h ago" words).
    Page(Page, Language, i64),
}

/// The on-demand answers of one edition, oldest first out.
#[derive(Debug, Default)]
struct Lazy {
    map: HashMap<Key, Arc<Rendered>>,
    order: VecDeque<Key>,
    bytes: usize,
}

impl Key {
    /// Roughly the bytes the key itself holds.
    fn weight(&self) -> usize {
        let filter = |f: &Filter| {
            f.tag.as_ref().map_or(0, String::len)
                + f.sources
                    .as_ref()
                    .map_or(0, |ids| ids.iter().map(|id| id.len() + 24).sum())
        };
        64 + match self {
            Key::Front(f, _) => filter(f),
            Key::Source(id, f, _) => id.len() + filter(f),
            Key::Item(id) => id.len(),
            Key::Page(Page::Front, ..) => 0,
            Key::Page(Page::Article(id), ..) => id.len(),
        }
    }
}

impl Lazy {
    fn charge(key: &Key, rendered: &Rendered) -> usize {
        rendered
            .body()
            .len()
            .saturating_mul(3)
            .saturating_add(key.weight().saturating_mul(2))
    }

    /// Keeps `rendered` under `key` (or returns the copy another request
    /// made meanwhile), evicting the oldest entries to stay in budget.
    fn insert(&mut self, key: Key, rendered: Arc<Rendered>) -> Arc<Rendered> {
        if let Some(existing) = self.map.get(&key) {
            return existing.clone();
        }
        // A first paint of an earlier minute is out of date: it goes.
        if let Key::Page(page, language, minute) = &key {
            let stale: Vec<Key> = self
                .map
                .keys()
                .filter(|k| matches!(k, Key::Page(p, l, m) if p == page && l == language && m != minute))
                .cloned()
                .collect();
            for old in stale {
                if let Some(evicted) = self.map.remove(&old) {
                    self.bytes = self.bytes.saturating_sub(Lazy::charge(&old, &evicted));
                }
                self.order.retain(|k| k != &old);
            }
        }
        let charge = Lazy::charge(&key, &rendered);
        if charge > LAZY_BYTES {
            return rendered;
        }
        while self.map.len() >= LAZY_ENTRIES || self.bytes + charge > LAZY_BYTES {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(evicted) = self.map.remove(&oldest) {
                self.bytes = self.bytes.saturating_sub(Lazy::charge(&oldest, &evicted));
            }
        }
        self.bytes += charge;
        self.order.push_back(key.clone());
        self.map.insert(key, rendered.clone());
        rendered
    }
}

/// A newsroom snapshot and its prepared API bodies.
#[derive(Debug)]
pub struct Edition {
    newsroom: Arc<Newsroom>,
    /// `None` only if the source list could not be serialized.
    sources: Option<Arc<Rendered>>,
    /// Merged feed, pages 1..=[`EAGER_PAGES`] (as many as exist).
    front: Vec<Arc<Rendered>>,
    /// Merged feed's `?kind=video`, the same pages.
    video: Vec<Arc<Rendered>>,
    /// Each source's feed by source id, the same pages.
    desks: HashMap<String, Vec<Arc<Rendered>>>,
    /// Some item is a YouTube video ([`Newsroom::has_youtube`]): the app's
    /// pages may frame YouTube's player (see `assets.rs`).
    has_youtube: bool,
    lazy: Mutex<Lazy>,
}

impl Edition {
    /// Prepares `newsroom`'s hot pages. Pages whose JSON is byte for byte
    /// the same in `previous` reuse its bodies and encodings.
    pub fn new(newsroom: Newsroom, previous: Option<&Edition>) -> Edition {
        let newsroom = Arc::new(newsroom);
        let reuse = |old: Option<&Arc<Rendered>>, json: String| -> Arc<Rendered> {
            match old {
                Some(old) if old.body().as_ref() == json.as_bytes() => old.clone(),
                _ => Arc::new(Rendered::precompressed(
                    json,
                    FEED_CONTENT_TYPE,
                    cache::FEED,
                )),
            }
        };
        let pages = |build: &dyn Fn(u32) -> Result<Feed, QueryError>,
                     old: Option<&Vec<Arc<Rendered>>>|
         -> Vec<Arc<Rendered>> {
            (1..=EAGER_PAGES)
                .map_while(|page| build(page).ok())
                .enumerate()
                .map(|(i, feed)| reuse(old.and_then(|o| o.get(i)), feed.to_json()))
                .collect()
        };

        let sources = match serde_json::to_string(&newsroom.sources()) {
            Ok(json) => Some(match previous.and_then(|p| p.sources.as_ref()) {
                Some(old) if old.body().as_ref() == json.as_bytes() => old.clone(),
                _ => Arc::new(Rendered::precompressed(
                    json,
                    JSON_CONTENT_TYPE,
                    cache::FEED,
                )),
            }),
            Err(error) => {
                tracing::error!(%error, "could not serialize the source list");
                None
            }
        };
        let front = pages(
            &|page| newsroom.front_page(Kind::All, page),
            previous.map(|p| &p.front),
        );
        let video = pages(
            &|page| newsroom.front_page(Kind::Video, page),
            previous.map(|p| &p.video),
        );
        let desks = newsroom
            .sources()
            .sources
            .into_iter()
            .map(|source| {
                let built = pages(
                    &|page| newsroom.source_page(&source.id, Kind::All, page),
                    previous.and_then(|p| p.desks.get(&source.id)),
                );
                (source.id, built)
            })
            .collect();
        Edition {
            has_youtube: newsroom.has_youtube(),
            newsroom,
            sources,
            front,
            video,
            desks,
            lazy: Mutex::new(Lazy::default()),
        }
    }

    /// The snapshot itself.
    pub fn newsroom(&self) -> &Arc<Newsroom> {
        &self.newsroom
    }

    /// True when some item of this edition is a YouTube video: the app's
    /// documents served now get the CSP and shell that allow its player.
    pub fn has_youtube(&self) -> bool {
        self.has_youtube
    }

    /// The body of `GET /api/sources`.
    pub fn sources(&self) -> Result<Arc<Rendered>, Error> {
        self.sources.clone().ok_or(Error::Internal)
    }

    /// A page of the merged feed (see [`Newsroom::front_page_filtered`]).
    pub fn front_page(&self, filter: &Filter, page: u32) -> Result<Arc<Rendered>, Error> {
        if filter.tag.is_none() && filter.sources.is_none() {
            let eager = match filter.kind {
                Kind::All => &self.front,
                Kind::Video => &self.video,
            };
            if let Some(hit) = eager_page(eager, page) {
                return Ok(hit);
            }
        }
        self.on_demand(
            Key::Front(filter.clone(), page),
            FEED_CONTENT_TYPE,
            cache::FEED,
            || {
                self.newsroom
                    .front_page_filtered(filter, page)
                    .map(|feed| feed.to_json())
                    .map_err(Error::from)
            },
        )
    }

    /// A page of one source's feed (see [`Newsroom::source_page_filtered`]).
    pub fn source_page(
        &self,
        source: &str,
        filter: &Filter,
        page: u32,
    ) -> Result<Arc<Rendered>, Error> {
        if filter.kind == Kind::All && filter.tag.is_none() && filter.sources.is_none() {
            if let Some(hit) = self.desks.get(source).and_then(|p| eager_page(p, page)) {
                return Ok(hit);
            }
        }
        // Unknown sources are refused before they become a cache key.
        if !self.desks.contains_key(source) {
            return Err(Error::NoSuchSource);
        }
        self.on_demand(
            Key::Source(source.to_owned(), filter.clone(), page),
            FEED_CONTENT_TYPE,
            cache::FEED,
            || {
                self.newsroom
                    .source_page_filtered(source, filter, page)
                    .map(|feed| feed.to_json())
                    .map_err(Error::from)
            },
        )
    }

    /// The single-item feed of `GET /api/item/{id}` (see [`Newsroom::item`]).
    pub fn item(&self, id: &str) -> Result<Arc<Rendered>, Error> {
        self.on_demand(
            Key::Item(id.to_owned()),
            FEED_CONTENT_TYPE,
            cache::FEED,
            || {
                self.newsroom
                    .item(id)
                    .map(|feed| feed.to_json())
                    .map_err(Error::from)
            },
        )
    }

    /// `shell` (the app's index.html) with `page`'s first paint from this
    /// edition in `language` at `now` (see [`crate::first_paint`]), built
    /// on the first request of each clock minute, so that its "3 h ago"
    /// stays true, and kept like the other on-demand answers; `None` when
    /// the page has nothing to show (an unknown article), so the plain
    /// shell answers.
    pub fn first_paint(
        &self,
        page: &Page,
        language: Language,
        now: i64,
        shell: &str,
    ) -> Option<Arc<Rendered>> {
        let html = "text/html; charset=utf-8";
        let minute = now.div_euclid(60);
        let key = Key::Page(page.clone(), language, minute);
        self.on_demand(key, html, cache::REVALIDATE, || {
            let (title, element) =
                first_paint::render(&self.newsroom, page, language, minute * 60).ok_or(())?;
            first_paint::compose(shell, &title, language, &element).ok_or(())
        })
        .ok()
    }

    /// How many on-demand answers this edition holds now (for tests).
    pub fn cached_on_demand(&self) -> usize {
        self.lock().map.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Lazy> {
        // A poisoned lock means a request panicked mid-insert; the map is
        // still a valid map.
        self.lazy.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A cached answer, or `build` it (outside the lock) and keep it; what
    /// fails to build is not kept.
    fn on_demand<E>(
        &self,
        key: Key,
        content_type: &'static str,
        cache_control: &'static str,
        build: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<Rendered>, E> {
        if let Some(hit) = self.lock().map.get(&key) {
            return Ok(hit.clone());
        }
        let rendered = Arc::new(Rendered::new(build()?, content_type, cache_control));
        Ok(self.lock().insert(key, rendered))
    }
}

fn eager_page(pages: &[Arc<Rendered>], page: u32) -> Option<Arc<Rendered>> {
    let index = usize::try_from(page).ok()?.checked_sub(1)?;
    pages.get(index).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(len: usize) -> Arc<Rendered> {
        Arc::new(Rendered::new("x".repeat(len), "text/plain", cache::FEED))
    }

    #[test]
    fn the_on_demand_cache_stays_within_its_budgets() {
        let mut lazy = Lazy::default();
        for n in 0..(LAZY_ENTRIES as u32 + 50) {
            lazy.insert(Key::Front(Filter::from(Kind::All), n), rendered(10));
        }
        assert_eq!(lazy.map.len(), LAZY_ENTRIES);
        assert_eq!(lazy.order.len(), LAZY_ENTRIES);
        // The oldest went first.
        assert!(!lazy
            .map
            .contains_key(&Key::Front(Filter::from(Kind::All), 0)));

        let mut lazy = Lazy::default();
        let big = LAZY_BYTES / 3 / 4 - 1000;
        for n in 0..10 {
            lazy.insert(Key::Item(format!("i-{n}")), rendered(big));
            assert!(lazy.bytes <= LAZY_BYTES);
        }
        assert_eq!(lazy.map.len(), 4);
        // Too big for the whole budget: served, not kept.
        let huge = lazy.insert(Key::Item("huge".into()), rendered(LAZY_BYTES / 2));
        assert_eq!(huge.body().len(), LAZY_BYTES / 2);
        assert!(!lazy.map.contains_key(&Key::Item("huge".into())));
    }

    #[test]
    fn a_second_insert_of_one_key_returns_the_first() {
        let mut lazy = Lazy::default();
        let first = lazy.insert(Key::Item("a".into()), rendered(300));
        let second = lazy.insert(Key::Item("a".into()), rendered(300));
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(lazy.order.len(), 1);
    }
}
