//! The newsroom in memory: its sources, their items newest first, the
//! merged feed, the item index, and the JSON Feed pages built from them.
//!
//! Invariant: everything a [`Newsroom`] holds went through
//! [`crate::sanitize`] in [`Newsroom::new`], and every item carries its
//! source id, its reading time and (if it had no author) its desk. Handlers
//! can serve what it returns as is.

use std::cmp::Reverse;
use std::collections::HashMap;

use newsdesk_feed::{Author, Feed, FeedInfo, Item, ItemInfo, Source, SourceList, VERSION_1_1};

use crate::ids::{is_valid_id, MAX_ID_LEN};
use crate::sanitize;

/// The newsroom's name, shown as the title of the merged feed.
pub const NEWSROOM_NAME: &str = "The Lantern";

/// Items per feed page: the model page shows about ten short updates before
/// "Show More", and ten items with bodies stay well under 100 KB of JSON, a
/// quick first paint on a slow phone connection.
pub const PAGE_SIZE: usize = 10;

/// Why a lookup in a newsroom has nothing to answer with. Each stage owns
/// its errors: the proxy maps these onto its HTTP answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryError {
    /// No source has this id.
    NoSuchSource,
    /// The page is 0 or past the last page.
    NoSuchPage,
    /// No item has this id, or the id is not a valid id.
    NoSuchItem,
    /// `kind` is not one the newsroom knows.
    UnknownKind,
    /// A filter cannot be read (too many sources, a bad id, a long tag).
    BadQuery,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            QueryError::NoSuchSource => "no such source",
            QueryError::NoSuchPage => "no such page",
            QueryError::NoSuchItem => "no such item",
            QueryError::UnknownKind => "unknown kind",
            QueryError::BadQuery => "the filter cannot be read",
        })
    }
}

impl std::error::Error for QueryError {}

/// Which items a feed page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Every item.
    All,
    /// Only video items (the Video section): a `video/*` attachment or a
    /// YouTube video.
    Video,
}

impl Kind {
    /// Reads the `kind` query parameter: absent means every item.
    pub fn from_query(kind: Option<&str>) -> Result<Kind, QueryError> {
        match kind {
            None => Ok(Kind::All),
            Some("video") => Ok(Kind::Video),
            Some(_) => Err(QueryError::UnknownKind),
        }
    }

    fn matches(self, item: &Item) -> bool {
        match self {
            Kind::All => true,
            Kind::Video => item.is_video(),
        }
    }
}

/// Which items a feed page lists: a [`Kind`], optionally one tag, and (on
/// the merged feed) optionally only some sources — the ones a reader
/// follows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Every item, or only videos.
    pub kind: Kind,
    /// Only items with this tag (compared case-insensitively).
    pub tag: Option<String>,
    /// Only items of these sources (merged feed only).
    pub sources: Option<Vec<String>>,
}

/// Longest tag accepted in a query: tags are a word or two.
pub const MAX_TAG_LEN: usize = 64;

/// Most sources one merged-feed query may name.
pub const MAX_SOURCES_IN_QUERY: usize = 64;

impl From<Kind> for Filter {
    fn from(kind: Kind) -> Filter {
        Filter {
            kind,
            tag: None,
            sources: None,
        }
    }
}

impl Filter {
    /// Reads `kind`, `tag` and `sources` (comma-separated ids) query values.
    pub fn from_query(
        kind: Option<&str>,
        tag: Option<&str>,
        sources: Option<&str>,
    ) -> Result<Filter, QueryError> {
        let kind = Kind::from_query(kind)?;
        let tag = match tag.map(str::trim) {
            None | Some("") => None,
            Some(t) if t.chars().count() > MAX_TAG_LEN || t.chars().any(char::is_control) => {
                return Err(QueryError::BadQuery)
            }
            Some(t) => Some(t.to_lowercase()),
        };
        let sources = match sources {
            None => None,
            Some(list) => {
                let ids: Vec<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(str::to_owned)
                    .collect();
                if ids.len() > MAX_SOURCES_IN_QUERY || !ids.iter().all(|id| is_valid_id(id)) {
                    return Err(QueryError::BadQuery);
                }
                Some(ids)
            }
        };
        Ok(Filter { kind, tag, sources })
    }

    fn matches(&self, item: &Item) -> bool {
        self.kind.matches(item)
            && self
                .tag
                .as_ref()
                .is_none_or(|tag| item.tags.iter().any(|t| t.to_lowercase() == *tag))
            && self
                .sources
                .as_ref()
                .is_none_or(|ids| item.source().is_some_and(|s| ids.iter().any(|id| id == s)))
    }

    /// The query string (ending in `&` or `?`) that keeps this filter on
    /// the next page.
    fn query_prefix(&self) -> String {
        let mut query = String::from("?");
        if self.kind == Kind::Video {
            query.push_str("kind=video&");
        }
        if let Some(tag) = &self.tag {
            query.push_str("tag=");
            query.push_str(&newsdesk_feed::encode_segment(tag));
            query.push('&');
        }
        if let Some(ids) = &self.sources {
            query.push_str("sources=");
            query.push_str(&ids.join(","));
            query.push('&');
        }
        query
    }
}

/// One source as read: its feed (title, desk, items), before cleaning.
#[derive(Debug, Clone)]
pub struct SourceFeed {
    /// The source id, also the desk id.
    pub id: String,
    /// The publisher's feed; `authors[0]` is the desk.
    pub feed: Feed,
}

/// Why a set of feeds cannot become a newsroom. Shown to the operator at
/// startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewsroomError {
    /// A source or item id is not `[a-z0-9-]{1,128}`.
    BadId {
        /// The source the id is in.
        source: String,
        /// The id itself.
        id: String,
    },
    /// Two items (in any sources) share an id, so `/api/item/{id}` would be
    /// ambiguous.
    DuplicateId(String),
    /// Two sources share an id.
    DuplicateSource(String),
    /// A source's feed names no desk (`authors` is empty).
    NoDesk(String),
}

impl std::fmt::Display for NewsroomError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewsroomError::BadId { source, id } => write!(
                f,
                "source {source:?}: id {id:?} is not 1 to {MAX_ID_LEN} characters of a-z, 0-9 and -"
            ),
            NewsroomError::DuplicateId(id) => write!(f, "two items share the id {id:?}"),
            NewsroomError::DuplicateSource(id) => write!(f, "two sources share the id {id:?}"),
            NewsroomError::NoDesk(id) => {
                write!(f, "source {id:?}: the feed has no authors, so no desk")
            }
        }
    }
}

impl std::error::Error for NewsroomError {}

/// A source ready to serve.
#[derive(Debug, Clone)]
struct Desk {
    source: Source,
    language: Option<String>,
    icon: Option<String>,
    favicon: Option<String>,
    /// Newest first.
    items: Vec<Item>,
    /// When this source was last fetched successfully, if it says.
    refreshed_at: Option<String>,
    /// Its upstream failed and these are the last good items.
    stale: bool,
}

/// Where an item lives: (source position, item position in that source).
type ItemRef = (usize, usize);

/// Whether a newsroom's items still need cleaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Items {
    /// From anywhere (the embedded demo, tests): cleaned when built.
    Unclean,
    /// From [`crate::normalize::normalize`]: cleaned already.
    Normalized,
}

/// The whole newsroom, built once and then only read.
#[derive(Debug, Clone)]
pub struct Newsroom {
    desks: Vec<Desk>,
    /// Every item of every source, newest first.
    merged: Vec<ItemRef>,
    index: HashMap<String, ItemRef>,
    refreshed_at: String,
    name: String,
    open_feeds: bool,
}

impl Newsroom {
    /// Cleans, stamps, sorts and indexes the sources' items.
    ///
    /// `refreshed_at` (RFC 3339) is when the items were read; every page
    /// reports it so the app can say how fresh the news is.
    pub fn new(sources: Vec<SourceFeed>, refreshed_at: String) -> Result<Newsroom, NewsroomError> {
        Newsroom::build(sources, refreshed_at, Items::Unclean)
    }

    /// Like [`Newsroom::new`] for sources whose items all come from
    /// [`crate::normalize::normalize`], which already cleaned them (more
    /// strictly than [`sanitize::item`]: text fields through
    /// [`sanitize::text_field`], bodies through [`sanitize::article_html`]):
    /// their items are not cleaned a second time. Cleaning twice costs an
    /// HTML parse per body on every refresh, and would decode entities in
    /// text a second time (a title that reads `&lt;b&gt;` would become
    /// `<b>`). Titles, desks and feed URLs, which the operator's
    /// configuration may set, are still cleaned.
    pub(crate) fn from_normalized(
        sources: Vec<SourceFeed>,
        refreshed_at: String,
    ) -> Result<Newsroom, NewsroomError> {
        Newsroom::build(sources, refreshed_at, Items::Normalized)
    }

    fn build(
        sources: Vec<SourceFeed>,
        refreshed_at: String,
        items: Items,
    ) -> Result<Newsroom, NewsroomError> {
        let mut desks: Vec<Desk> = Vec::with_capacity(sources.len());
        for SourceFeed { id, feed } in sources {
            if !is_valid_id(&id) {
                return Err(NewsroomError::BadId {
                    source: id.clone(),
                    id,
                });
            }
            if desks.iter().any(|d| d.source.id == id) {
                return Err(NewsroomError::DuplicateSource(id));
            }
            desks.push(Desk::new(id, feed, items)?);
        }

        let mut index = HashMap::new();
        let mut merged = Vec::new();
        for (s, desk) in desks.iter().enumerate() {
            for (i, item) in desk.items.iter().enumerate() {
                if index.insert(item.id.clone(), (s, i)).is_some() {
                    return Err(NewsroomError::DuplicateId(item.id.clone()));
                }
                merged.push((s, i));
            }
        }
        merged.sort_by_cached_key(|&(s, i)| newest_first(&desks[s].items[i]));

        Ok(Newsroom {
            desks,
            merged,
            index,
            refreshed_at,
            name: NEWSROOM_NAME.to_owned(),
            open_feeds: false,
        })
    }

    /// The newsroom's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many sources it has.
    pub fn source_count(&self) -> usize {
        self.desks.len()
    }

    /// How many items it holds across all sources.
    pub fn item_count(&self) -> usize {
        self.merged.len()
    }

    /// True when any item is a YouTube video: only then may the app's
    /// pages frame YouTube's player (the proxy's CSP reads this).
    pub fn has_youtube(&self) -> bool {
        self.desks
            .iter()
            .any(|desk| desk.items.iter().any(|item| item.youtube().is_some()))
    }

    /// The body of `GET /api/sources`.
    pub fn sources(&self) -> SourceList {
        SourceList {
            sources: self.desks.iter().map(|d| d.source.clone()).collect(),
            open_feeds: self.open_feeds,
        }
    }

    /// One page of one source's feed.
    pub fn source_page(&self, id: &str, kind: Kind, page: u32) -> Result<Feed, QueryError> {
        self.source_page_filtered(id, &Filter::from(kind), page)
    }

    /// One page of one source's feed, filtered.
    pub fn source_page_filtered(
        &self,
        id: &str,
        filter: &Filter,
        page: u32,
    ) -> Result<Feed, QueryError> {
        if !is_valid_id(id) {
            return Err(QueryError::NoSuchSource);
        }
        let desk = self
            .desks
            .iter()
            .find(|d| d.source.id == id)
            .ok_or(QueryError::NoSuchSource)?;
        let matching: Vec<&Item> = desk.items.iter().filter(|i| filter.matches(i)).collect();
        let (items, total, has_more) = paginate(&matching, page)?;
        let feed_url = desk.source.feed_url.clone();
        Ok(Feed {
            version: VERSION_1_1.to_owned(),
            title: desk.source.title.clone(),
            home_page_url: desk.source.home_page_url.clone(),
            next_url: has_more.then(|| next_url(&feed_url, filter, page)),
            feed_url: Some(feed_url),
            description: desk.source.description.clone(),
            icon: desk.icon.clone(),
            favicon: desk.favicon.clone(),
            authors: vec![desk.source.desk.clone()],
            language: desk.language.clone(),
            items,
            newsdesk: Some(FeedInfo {
                source: Some(desk.source.id.clone()),
                refreshed_at: Some(self.refreshed_at_of(desk)),
                stale: desk.stale,
                page: Some(page),
                total_items: Some(total),
            }),
            ..Feed::default()
        })
    }

    /// One page of the merged feed of every source, newest first.
    pub fn front_page(&self, kind: Kind, page: u32) -> Result<Feed, QueryError> {
        self.front_page_filtered(&Filter::from(kind), page)
    }

    /// One page of the merged feed, filtered (by kind, tag, followed
    /// sources). The same story syndicated by two sources (same link) is
    /// listed once, from the source listed first.
    pub fn front_page_filtered(&self, filter: &Filter, page: u32) -> Result<Feed, QueryError> {
        let mut seen_links = std::collections::HashSet::new();
        let matching: Vec<&Item> = self
            .merged
            .iter()
            .map(|&(s, i)| &self.desks[s].items[i])
            .filter(|i| filter.matches(i))
            .filter(|i| match i.url.as_deref() {
                Some(link) => seen_links.insert(link.trim_end_matches('/').to_owned()),
                None => true,
            })
            .collect();
        let (items, total, has_more) = paginate(&matching, page)?;
        let feed_url = "/api/feed".to_owned();
        Ok(Feed {
            version: VERSION_1_1.to_owned(),
            title: format!("{} — News Feed", self.name),
            description: Some(format!(
                "Every desk of {}, newest first. Each item names its desk.",
                self.name
            )),
            next_url: has_more.then(|| next_url(&feed_url, filter, page)),
            feed_url: Some(feed_url),
            items,
            newsdesk: Some(FeedInfo {
                refreshed_at: Some(self.refreshed_at.clone()),
                stale: self.desks.iter().any(|d| d.stale),
                page: Some(page),
                total_items: Some(total),
                ..FeedInfo::default()
            }),
            ..Feed::default()
        })
    }

    /// A JSON Feed document holding exactly the item with this id, titled
    /// and authored by its source.
    pub fn item(&self, id: &str) -> Result<Feed, QueryError> {
        if !is_valid_id(id) {
            return Err(QueryError::NoSuchItem);
        }
        let &(s, i) = self.index.get(id).ok_or(QueryError::NoSuchItem)?;
        let desk = &self.desks[s];
        let item = desk.items[i].clone();
        Ok(Feed {
            version: VERSION_1_1.to_owned(),
            title: desk.source.title.clone(),
            home_page_url: desk.source.home_page_url.clone(),
            feed_url: Some(format!("/api/item/{}", item.id)),
            description: desk.source.description.clone(),
            icon: desk.icon.clone(),
            favicon: desk.favicon.clone(),
            authors: vec![desk.source.desk.clone()],
            language: desk.language.clone(),
            items: vec![item],
            newsdesk: Some(FeedInfo {
                source: Some(desk.source.id.clone()),
                refreshed_at: Some(self.refreshed_at_of(desk)),
                stale: desk.stale,
                ..FeedInfo::default()
            }),
            ..Feed::default()
        })
    }
}

impl Newsroom {
    /// A newsroom with no sources (before the first fetch).
    pub fn empty(refreshed_at: String) -> Newsroom {
        Newsroom {
            desks: Vec::new(),
            merged: Vec::new(),
            index: HashMap::new(),
            refreshed_at,
            name: NEWSROOM_NAME.to_owned(),
            open_feeds: false,
        }
    }

    /// The same newsroom under another name (the merged feed's title).
    pub fn with_name(mut self, name: &str) -> Newsroom {
        name.clone_into(&mut self.name);
        self
    }

    /// The same newsroom, telling readers (in [`Newsroom::sources`]) whether
    /// the operator lets them add feeds of their own.
    pub fn with_open_feeds(mut self, open_feeds: bool) -> Newsroom {
        self.open_feeds = open_feeds;
        self
    }

    fn refreshed_at_of(&self, desk: &Desk) -> String {
        desk.refreshed_at
            .clone()
            .unwrap_or_else(|| self.refreshed_at.clone())
    }
}

impl Desk {
    /// `feed.newsdesk` may carry the source's freshness (`refreshed_at`,
    /// `stale`), as the refresh loop records it.
    fn new(id: String, feed: Feed, clean: Items) -> Result<Desk, NewsroomError> {
        let freshness = feed.newsdesk.clone().unwrap_or_default();
        let mut desk = sanitize::author(
            feed.authors
                .first()
                .cloned()
                .ok_or_else(|| NewsroomError::NoDesk(id.clone()))?,
        );
        // The desk's id is its source's id, whatever the file says: the app
        // links "Read more" to /desk/{id}, which must be this source.
        desk.newsdesk.get_or_insert_with(Default::default).id = Some(id.clone());

        let mut items = Vec::with_capacity(feed.items.len());
        for item in feed.items {
            if !is_valid_id(&item.id) {
                return Err(NewsroomError::BadId {
                    source: id.clone(),
                    id: item.id,
                });
            }
            let item = match clean {
                Items::Unclean => sanitize::item(item),
                Items::Normalized => item,
            };
            items.push(stamp(item, &id, &desk));
        }
        items.sort_by_cached_key(newest_first);

        let source = Source {
            feed_url: format!("/api/feed/{id}"),
            title: sanitize::plain_text(&feed.title),
            home_page_url: feed.home_page_url.as_deref().and_then(sanitize::url),
            description: feed.description.as_deref().map(sanitize::plain_text),
            desk,
            item_count: u32::try_from(items.len()).unwrap_or(u32::MAX),
            refreshed_at: freshness.refreshed_at.clone(),
            stale: freshness.stale,
            id,
        };
        Ok(Desk {
            source,
            language: feed.language,
            icon: feed.icon.as_deref().and_then(sanitize::url),
            favicon: feed.favicon.as_deref().and_then(sanitize::url),
            items,
            refreshed_at: freshness.refreshed_at,
            stale: freshness.stale,
        })
    }
}

/// Records where a (cleaned) item came from and how long it reads, and
/// gives it its desk as author when it has none: the app's desk card reads
/// `authors[0]`.
fn stamp(mut item: Item, source: &str, desk: &Author) -> Item {
    let minutes = item.reading_minutes();
    let info = item.newsdesk.get_or_insert_with(ItemInfo::default);
    info.source = Some(source.to_owned());
    info.reading_minutes = Some(minutes);
    if item.authors.is_empty() {
        item.authors.push(desk.clone());
    }
    item
}

/// Sort key: newest `date_published` first, undated items last, ties by id
/// so the order is the same on every start and every instance.
fn newest_first(item: &Item) -> (Reverse<Option<i64>>, String) {
    (Reverse(item.published_unix()), item.id.clone())
}

/// Cuts one page (1-based) out of the matching items. Returns the page's
/// items, how many match in all, and whether a next page exists.
///
/// Page 1 always exists (an empty source has an empty first page); any
/// other page must hold at least one item.
fn paginate(matching: &[&Item], page: u32) -> Result<(Vec<Item>, u32, bool), QueryError> {
    let page_index = usize::try_from(page)
        .ok()
        .and_then(|p| p.checked_sub(1))
        .ok_or(QueryError::NoSuchPage)?;
    let start = page_index
        .checked_mul(PAGE_SIZE)
        .ok_or(QueryError::NoSuchPage)?;
    if start >= matching.len() && page != 1 {
        return Err(QueryError::NoSuchPage);
    }
    let end = start.saturating_add(PAGE_SIZE).min(matching.len());
    let items = matching
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|&i| i.clone())
        .collect();
    let total = u32::try_from(matching.len()).unwrap_or(u32::MAX);
    Ok((items, total, end < matching.len()))
}

fn next_url(feed_url: &str, filter: &Filter, page: u32) -> String {
    format!(
        "{feed_url}{}page={}",
        filter.query_prefix(),
        page.saturating_add(1)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, date: &str) -> Item {
        Item {
            id: id.to_owned(),
            date_published: Some(date.to_owned()),
            content_text: Some("words".to_owned()),
            ..Item::default()
        }
    }

    fn source(id: &str, items: Vec<Item>) -> SourceFeed {
        SourceFeed {
            id: id.to_owned(),
            feed: Feed {
                version: VERSION_1_1.to_owned(),
                title: format!("{id} title"),
                authors: vec![Author {
                    name: Some(format!("{id} desk")),
                    ..Author::default()
                }],
                items,
                ..Feed::default()
            },
        }
    }

    #[test]
    fn pages_hold_page_size_items_and_link_the_next_page() {
        let items = (0..25)
            .map(|n| item(&format!("i-{n:02}"), &format!("2026-01-01T00:{n:02}:00Z")))
            .collect();
        let room = Newsroom::new(vec![source("a", items)], "2026-01-02T00:00:00Z".into()).unwrap();
        let cases = [
            (1, 10, Some("/api/feed/a?page=2")),
            (2, 10, Some("/api/feed/a?page=3")),
            (3, 5, None),
        ];
        for (page, len, next) in cases {
            let feed = room.source_page("a", Kind::All, page).unwrap();
            assert_eq!(feed.items.len(), len, "page {page}");
            assert_eq!(feed.next_url.as_deref(), next, "page {page}");
        }
        let first = room.source_page("a", Kind::All, 1).unwrap();
        assert_eq!(first.items[0].id, "i-24", "newest first");
        for page in [0, 4, u32::MAX] {
            assert_eq!(
                room.source_page("a", Kind::All, page),
                Err(QueryError::NoSuchPage)
            );
        }
    }

    #[test]
    fn an_empty_source_has_an_empty_first_page_only() {
        let room = Newsroom::new(vec![source("a", vec![])], String::new()).unwrap();
        assert!(room
            .source_page("a", Kind::All, 1)
            .unwrap()
            .items
            .is_empty());
        assert_eq!(
            room.source_page("a", Kind::All, 2),
            Err(QueryError::NoSuchPage)
        );
        assert_eq!(
            room.source_page("a", Kind::Video, 1).unwrap().next_url,
            None
        );
    }

    #[test]
    fn ties_and_undated_items_sort_stably() {
        let mut undated = item("z-undated", "");
        undated.date_published = None;
        let items = vec![
            undated,
            item("b-same", "2026-01-01T00:00:00Z"),
            item("a-same", "2026-01-01T00:00:00Z"),
            item("c-new", "2026-01-02T00:00:00Z"),
        ];
        let room = Newsroom::new(vec![source("a", items)], String::new()).unwrap();
        let ids: Vec<String> = room
            .front_page(Kind::All, 1)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(ids, ["c-new", "a-same", "b-same", "z-undated"]);
    }

    #[test]
    fn bad_and_duplicate_ids_are_startup_errors() {
        let bad = Newsroom::new(vec![source("a", vec![item("Bad Id", "")])], String::new());
        assert!(matches!(bad, Err(NewsroomError::BadId { .. })));
        let dup = Newsroom::new(
            vec![
                source("a", vec![item("same", "")]),
                source("b", vec![item("same", "")]),
            ],
            String::new(),
        );
        assert_eq!(dup.unwrap_err(), NewsroomError::DuplicateId("same".into()));
        let mut no_desk = source("a", vec![]);
        no_desk.feed.authors.clear();
        assert_eq!(
            Newsroom::new(vec![no_desk], String::new()).unwrap_err(),
            NewsroomError::NoDesk("a".into())
        );
    }

    #[test]
    fn items_are_stamped_with_source_desk_and_reading_time() {
        let room = Newsroom::new(vec![source("a", vec![item("x", "")])], String::new()).unwrap();
        let feed = room.item("x").unwrap();
        let x = &feed.items[0];
        assert_eq!(x.source(), Some("a"));
        assert_eq!(x.newsdesk.as_ref().unwrap().reading_minutes, Some(1));
        assert_eq!(x.desk().unwrap().desk_id(), Some("a"));
        assert_eq!(room.item("y"), Err(QueryError::NoSuchItem));
        assert_eq!(room.item("../x"), Err(QueryError::NoSuchItem));
    }

    #[test]
    fn normalized_items_are_kept_as_normalize_cleaned_them() {
        let hostile = include_bytes!("../../../tests/fixtures/feeds/hostile.xml");
        let entities =
            "<rss version=\"2.0\"><channel><title>T</title><link>https://a.example/</link>\
            <item><title>&amp;amp;lt;b&amp;amp;gt; is bold</title><link>/x</link>\
            <description>Rates &amp;amp;lt; 2%</description></item></channel></rss>";
        for (name, bytes) in [("a", &hostile[..]), ("b", entities.as_bytes())] {
            let feed = crate::normalize::normalize(
                bytes,
                None,
                &crate::normalize::NormalizeOptions::new(name),
            )
            .unwrap();
            let normalized = feed.items.clone();
            let sources = vec![SourceFeed {
                id: name.to_owned(),
                feed,
            }];
            let room = Newsroom::from_normalized(sources.clone(), String::new()).unwrap();
            let again = Newsroom::new(sources, String::new()).unwrap();
            for item in &normalized {
                let kept = &room.item(&item.id).unwrap().items[0];
                assert_eq!(kept.content_html, item.content_html, "{name}");
                assert_eq!(kept.title, item.title, "{name}");
                assert_eq!(kept.summary, item.summary, "{name}");
                assert_eq!(kept.url, item.url, "{name}");
                // Nothing that runs, on this path or the other.
                for room in [&room, &again] {
                    let body = room.item(&item.id).unwrap().items[0]
                        .content_html
                        .clone()
                        .unwrap_or_default()
                        .to_ascii_lowercase();
                    for bad in ["<script", "<style", "<iframe", "javascript:"] {
                        assert!(!body.contains(bad), "{name}: {bad} in {body}");
                    }
                    // No handler or style attribute in any tag.
                    for tag in body.split('<').skip(1) {
                        let tag = tag.split('>').next().unwrap_or_default();
                        assert!(
                            !tag.contains(" on") && !tag.contains("style"),
                            "{name}: <{tag}>"
                        );
                    }
                }
            }
        }
        // Text that reads like markup stays text, not decoded twice.
        let room_b = Newsroom::from_normalized(
            vec![SourceFeed {
                id: "b".into(),
                feed: crate::normalize::normalize(
                    entities.as_bytes(),
                    None,
                    &crate::normalize::NormalizeOptions::new("b"),
                )
                .unwrap(),
            }],
            String::new(),
        )
        .unwrap();
        let page = room_b.source_page("b", Kind::All, 1).unwrap();
        assert_eq!(page.items[0].title.as_deref(), Some("&lt;b&gt; is bold"));
    }
}
