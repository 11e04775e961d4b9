//! The refresh loop: the operator's sources, fetched from their publishers
//! through an [`Upstream`], normalized, and published as [`Newsroom`]
//! snapshots.
//!
//! Each source keeps its last good feed. A refresh replaces it only with a
//! good one: a dead upstream or a broken document leaves readers the last
//! good copy, marked stale. After every refresh that fetched something the
//! [`Refresher`] hands a new snapshot to its publisher (the proxy builds
//! its prepared API bodies from it); that is all the API ever reads.
//!
//! Requests never wait on publishers: a background task ([`Refresher::run`])
//! refreshes each source on its own interval. Each source's state sits
//! behind an async mutex, so concurrent refreshes of one source coalesce
//! into one upstream fetch (the second finds it just refreshed).
//!
//! Sources whose items want their article pages ([`crate::fulltext`]) get
//! them in a page pass ([`Refresher::fill_pages`]) that runs beside the
//! refreshes, never inside one: a refresh publishes the feed with what
//! the pages already gave, and a slow or dead publisher's site delays
//! only the full text, which the next snapshot brings.

use std::sync::Arc;
use std::time::{Duration, Instant};

use newsdesk_feed::{Author, DeskInfo, Feed, FeedInfo, VERSION_1_1};
use url::Url;

use crate::clock;
use crate::fulltext::{self, FullText, Pages};
use crate::newsroom::{Newsroom, SourceFeed};
use crate::normalize::{normalize, NormalizeOptions};
use crate::sanitize::UrlPolicy;
use crate::signer::MediaSigner;
use crate::sources::{ConfigError, SourceConfig, SourcesFile};
use crate::upstream::{Fetched, Upstream, Validators};

/// How soon a failed source is tried again (or its interval, if shorter):
/// soon enough that a publisher's blip costs readers a minute, not 15;
/// late enough not to hammer a server that is down.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(60);

/// How often the background task looks for sources that are due. Sources
/// refresh on their own interval; this is only the granularity.
pub const TICK: Duration = Duration::from_secs(15);

/// Where each snapshot goes: called after every refresh that fetched
/// something, in the refreshing task, before the refresh returns.
pub type Publish = Box<dyn Fn(Newsroom) + Send + Sync>;

/// What a source's upstream is asked for: [`Refresher::new`]'s `connect`
/// gives one upstream for each, since a feed and an article page have
/// different limits and `Accept` headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetches {
    /// The source's feed.
    Feed,
    /// Its items' article pages ([`crate::fulltext`]).
    Pages,
}

/// One configured source and what we know of it.
#[derive(Debug)]
struct Source {
    config: SourceConfig,
    url: Url,
    interval: Duration,
    upstream: Arc<dyn Upstream>,
    /// Where its article pages come from.
    pages_upstream: Arc<dyn Upstream>,
    state: tokio::sync::Mutex<SourceState>,
    /// What its pages gave. Locked after `state` when both are held, and
    /// never across a fetch.
    pages: tokio::sync::Mutex<Pages>,
    /// A page pass is fetching for this source: another one skips it.
    pass_running: std::sync::atomic::AtomicBool,
}

#[derive(Debug, Default)]
struct SourceState {
    /// The last good feed as normalized, before any page filled it: what
    /// decides which items want their page.
    normalized: Option<Feed>,
    /// The last good feed, normalized, sanitized, and filled with what its
    /// pages gave: what readers get.
    feed: Option<Feed>,
    validators: Option<Validators>,
    /// When the last good fetch (200 or 304) ended.
    refreshed_at: Option<String>,
    last_attempt: Option<Instant>,
    /// The last attempt failed.
    failing: bool,
    /// Upstream fetches made, for logs and tests.
    fetches: u64,
}

impl SourceState {
    fn is_due(&self, interval: Duration, now: Instant) -> bool {
        let wait = if self.failing {
            interval.min(RETRY_AFTER_FAILURE)
        } else {
            interval
        };
        self.last_attempt
            .is_none_or(|last| now.duration_since(last) >= wait)
    }
}

/// The operator's sources and their last good feeds.
pub struct Refresher {
    name: String,
    /// Whether readers may add feeds (`open_feeds`): told in `/api/sources`.
    open_feeds: bool,
    sources: Vec<Source>,
    media: Option<MediaSigner>,
    publish: Publish,
}

impl std::fmt::Debug for Refresher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Refresher")
            .field("name", &self.name)
            .field("open_feeds", &self.open_feeds)
            .field("sources", &self.sources)
            .field("media", &self.media)
            .finish_non_exhaustive()
    }
}

impl Refresher {
    /// Sets up the sources of `file`, each fetched through the upstreams
    /// `connect` gives it, one for its feed and one for its article pages
    /// (nothing is fetched yet: every source starts empty and stale until
    /// [`Refresher::refresh_all`] or the background task runs). `media`
    /// rewrites images to signed URLs. Snapshots are dropped until
    /// [`Refresher::publish_to`] names where they go.
    pub fn new(
        file: &SourcesFile,
        media: Option<MediaSigner>,
        mut connect: impl FnMut(&SourceConfig, Fetches) -> Result<Arc<dyn Upstream>, ConfigError>,
    ) -> Result<Refresher, ConfigError> {
        let mut sources = Vec::with_capacity(file.sources.len());
        for config in &file.sources {
            let url = Url::parse(&config.url)
                .map_err(|e| ConfigError(format!("source {:?}: {e}", config.id)))?;
            sources.push(Source {
                url,
                interval: Duration::from_secs_f64(config.refresh_minutes * 60.0),
                upstream: connect(config, Fetches::Feed)?,
                pages_upstream: connect(config, Fetches::Pages)?,
                config: config.clone(),
                state: tokio::sync::Mutex::new(SourceState::default()),
                pages: tokio::sync::Mutex::new(Pages::default()),
                pass_running: std::sync::atomic::AtomicBool::new(false),
            });
        }
        Ok(Refresher {
            name: file.name.clone(),
            open_feeds: file.open_feeds,
            sources,
            media,
            publish: Box::new(drop),
        })
    }

    /// The same refresher, handing every new snapshot to `publish`.
    pub fn publish_to(mut self, publish: impl Fn(Newsroom) + Send + Sync + 'static) -> Refresher {
        self.publish = Box::new(publish);
        self
    }

    /// The snapshot before any fetch: every source listed, empty and stale,
    /// so readers see them from the first request.
    pub fn first_snapshot(&self) -> Newsroom {
        self.snapshot(Vec::new())
    }

    /// Fetches every source now, whatever its interval (at start-up, and
    /// in tests), then puts out a new snapshot.
    pub async fn refresh_all(&self) {
        self.refresh(true).await;
    }

    /// Fetches the sources whose interval has passed; returns how many it
    /// fetched. Concurrent calls coalesce: a source is fetched once.
    pub async fn refresh_due(&self) -> usize {
        self.refresh(false).await
    }

    /// Upstream fetches made so far for `source` (0 for unknown ids).
    pub async fn fetch_count(&self, source: &str) -> u64 {
        match self.sources.iter().find(|s| s.config.id == source) {
            Some(source) => source.state.lock().await.fetches,
            None => 0,
        }
    }

    /// Refreshes due sources every [`TICK`] (or the shortest interval, if
    /// shorter), forever, and beside that fetches the article pages their
    /// items want after each refresh ([`Refresher::fill_pages`]). Spawn it.
    pub async fn run(self: Arc<Self>) {
        let shortest = self.sources.iter().map(|s| s.interval).min();
        let period = shortest
            .map_or(TICK, |s| s.min(TICK))
            .max(Duration::from_millis(100));
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let refreshed = tokio::sync::Notify::new();
        let refreshes = async {
            loop {
                tick.tick().await;
                if self.refresh_due().await > 0 {
                    refreshed.notify_one();
                }
            }
        };
        // Polled beside the refreshes, so pages never hold one up.
        let pages = async {
            loop {
                self.fill_pages().await;
                refreshed.notified().await;
            }
        };
        futures_util::future::join(refreshes, pages).await;
    }

    /// Fetches the article pages the sources' items want (at most
    /// [`fulltext::PAGES_AT_ONCE`] at a time per source, each once while
    /// its item is unchanged), puts their text in the items, and puts out
    /// a new snapshot if any item changed. Returns how many sources
    /// changed. A page that fails leaves its item its summary.
    pub async fn fill_pages(&self) -> usize {
        let results =
            futures_util::future::join_all(self.sources.iter().map(|s| self.page_pass(s))).await;
        let changed = results.into_iter().filter(|&c| c).count();
        if changed > 0 {
            self.publish_current().await;
        }
        changed
    }

    async fn refresh(&self, force: bool) -> usize {
        let started = Instant::now();
        let results = futures_util::future::join_all(
            self.sources
                .iter()
                .map(|source| self.refresh_one(source, force, started)),
        )
        .await;
        let fetched = results.into_iter().filter(|&f| f).count();
        if fetched > 0 {
            self.publish_current().await;
        }
        fetched
    }

    /// Hands the publisher a snapshot of every source as it is now.
    async fn publish_current(&self) {
        let mut states = Vec::with_capacity(self.sources.len());
        for source in &self.sources {
            let state = source.state.lock().await;
            states.push((
                state.feed.clone(),
                state.refreshed_at.clone(),
                state.failing || state.feed.is_none(),
            ));
        }
        (self.publish)(self.snapshot(states));
    }

    /// One source's article pages: what its feed still wants, fetched and
    /// extracted, then its feed filled again. `true` if it fetched any.
    async fn page_pass(&self, source: &Source) -> bool {
        use std::sync::atomic::Ordering;
        let mode = source.config.full_text;
        if mode == FullText::Never || source.pass_running.swap(true, Ordering::AcqRel) {
            return false;
        }
        /// Lets the next pass run however this one ends.
        struct Running<'a>(&'a std::sync::atomic::AtomicBool);
        impl Drop for Running<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _running = Running(&source.pass_running);

        let Some(mut feed) = source.state.lock().await.normalized.clone() else {
            return false;
        };
        let wanted = source
            .pages
            .lock()
            .await
            .apply(&mut feed, mode, Instant::now());
        if wanted.is_empty() {
            return false;
        }
        let asked = wanted.len();
        let began = Instant::now();
        let answers = fulltext::fetch_pages(source.pages_upstream.as_ref(), wanted).await;
        let policy = UrlPolicy {
            base: None,
            media: self.media.clone(),
        };
        {
            let mut pages = source.pages.lock().await;
            for (fetch, answer) in answers {
                pages.record(fetch, answer, &policy, Instant::now());
            }
        }
        let mut state = source.state.lock().await;
        if let Some(normalized) = &state.normalized {
            let mut filled = normalized.clone();
            source
                .pages
                .lock()
                .await
                .apply(&mut filled, mode, Instant::now());
            state.feed = Some(filled);
        }
        tracing::info!(
            source = source.config.id.as_str(),
            pages = asked,
            elapsed_ms = began.elapsed().as_millis(),
            "article pages fetched"
        );
        true
    }

    /// One source: fetch if due (or forced), normalize, keep if good.
    async fn refresh_one(&self, source: &Source, force: bool, started: Instant) -> bool {
        let mut state = source.state.lock().await;
        // A refresh that waited on the lock while another fetched finds the
        // source fresh: that is the coalescing.
        let recently = state.last_attempt.is_some_and(|last| last >= started);
        if recently || (!force && !state.is_due(source.interval, Instant::now())) {
            return false;
        }
        state.last_attempt = Some(Instant::now());
        state.fetches += 1;
        let id = source.config.id.as_str();
        let began = Instant::now();
        let outcome = source
            .upstream
            .fetch(source.url.as_str(), state.validators.as_ref())
            .await;
        let elapsed_ms = began.elapsed().as_millis();
        match outcome {
            Ok(Fetched::NotModified) => {
                state.refreshed_at = Some(now());
                state.failing = false;
                tracing::info!(
                    source = id,
                    elapsed_ms,
                    cache = "not_modified",
                    "source refreshed"
                );
            }
            Ok(Fetched::Body {
                bytes,
                content_type,
                final_url,
                validators,
            }) => {
                let mut options = NormalizeOptions::new(id);
                options.feed_url = Some(final_url);
                options.desk = source.config.desk_override();
                options.media = self.media.clone();
                match normalize(&bytes, content_type.as_deref(), &options) {
                    Ok(feed) => {
                        // What the pages already gave, at once; what they
                        // still owe comes with the next page pass.
                        let mut filled = feed.clone();
                        source.pages.lock().await.apply(
                            &mut filled,
                            source.config.full_text,
                            Instant::now(),
                        );
                        tracing::info!(
                            source = id,
                            bytes = bytes.len(),
                            items = feed.items.len(),
                            elapsed_ms,
                            cache = "modified",
                            "source refreshed"
                        );
                        state.normalized = Some(feed);
                        state.feed = Some(filled);
                        state.validators = Some(validators);
                        state.refreshed_at = Some(now());
                        state.failing = false;
                    }
                    Err(error) => {
                        tracing::warn!(
                            source = id,
                            bytes = bytes.len(),
                            elapsed_ms,
                            %error,
                            "the publisher sent a feed that cannot be read; keeping the last good copy"
                        );
                        state.failing = true;
                    }
                }
            }
            Err(error) => {
                tracing::warn!(
                    source = id,
                    elapsed_ms,
                    %error,
                    "cannot fetch the source; keeping the last good copy"
                );
                state.failing = true;
            }
        }
        true
    }

    /// A newsroom from each source's (feed, refreshed_at, stale); sources
    /// with no good feed yet appear empty and stale, so readers see them.
    fn snapshot(&self, states: Vec<(Option<Feed>, Option<String>, bool)>) -> Newsroom {
        let mut states = states.into_iter();
        let mut oldest: Option<String> = None;
        let sources = self
            .sources
            .iter()
            .map(|source| {
                let (feed, refreshed_at, stale) = states.next().unwrap_or((None, None, true));
                if let Some(at) = &refreshed_at {
                    if oldest.as_ref().is_none_or(|o| at < o) {
                        oldest = Some(at.clone());
                    }
                }
                let feed = source_feed(&source.config, feed, refreshed_at, stale);
                SourceFeed {
                    id: source.config.id.clone(),
                    feed,
                }
            })
            .collect::<Vec<_>>();
        let refreshed_at = oldest.unwrap_or_else(now);
        // Every item comes from `normalize`, cleaned there.
        match Newsroom::from_normalized(sources, refreshed_at) {
            Ok(newsroom) => newsroom
                .with_name(&self.name)
                .with_open_feeds(self.open_feeds),
            Err(error) => {
                // Normalized feeds carry valid, source-prefixed, de-duplicated
                // ids; this is a bug, not bad input. Keep serving something.
                tracing::error!(%error, "cannot build the newsroom snapshot");
                empty_newsroom()
                    .with_name(&self.name)
                    .with_open_feeds(self.open_feeds)
            }
        }
    }
}

/// A source's feed as the newsroom wants it: the operator's title, a desk
/// (the operator's, the feed's, or one named after the source), its
/// freshness, and no repeated ids.
fn source_feed(
    config: &SourceConfig,
    feed: Option<Feed>,
    refreshed_at: Option<String>,
    stale: bool,
) -> Feed {
    let mut feed = feed.unwrap_or_else(|| Feed {
        version: VERSION_1_1.to_owned(),
        title: config.title.clone(),
        ..Feed::default()
    });
    feed.title = config.title.clone();
    if feed.authors.is_empty() {
        feed.authors
            .push(config.desk_override().unwrap_or_else(|| Author {
                name: Some(config.title.clone()),
                newsdesk: Some(DeskInfo {
                    id: Some(config.id.clone()),
                    ..DeskInfo::default()
                }),
                ..Author::default()
            }));
    }
    let mut seen = std::collections::HashSet::new();
    feed.items.retain(|item| seen.insert(item.id.clone()));
    feed.newsdesk = Some(FeedInfo {
        source: Some(config.id.clone()),
        refreshed_at,
        stale,
        ..FeedInfo::default()
    });
    feed
}

fn empty_newsroom() -> Newsroom {
    Newsroom::empty(now())
}

fn now() -> String {
    clock::format_rfc3339(clock::now_unix())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upstream::{FetchError, FetchFuture};

    /// An upstream that is never asked.
    #[derive(Debug)]
    struct Unreachable;

    impl Upstream for Unreachable {
        fn fetch<'a>(&'a self, _: &'a str, _: Option<&'a Validators>) -> FetchFuture<'a> {
            Box::pin(async { Err(FetchError::Timeout) })
        }
    }

    #[test]
    fn sources_start_empty_and_stale_until_fetched() {
        let file = SourcesFile::parse(
            "[[sources]]\nid = \"a\"\ntitle = \"Source A\"\nurl = \"https://a.example/feed\"\n",
        )
        .unwrap();
        let refresher = Refresher::new(&file, None, |_, _| Ok(Arc::new(Unreachable))).unwrap();
        let list = refresher.first_snapshot().sources();
        assert_eq!(list.sources.len(), 1);
        assert_eq!(list.sources[0].title, "Source A");
        assert!(list.sources[0].stale && list.sources[0].item_count == 0);
    }
}
