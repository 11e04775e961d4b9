//! The proxy's paths the app asks for: one function per kind of document.

pub use newsdesk_feed::encode_segment;

/// Path of the merged News Feed (all sources, newest first).
pub const NEWS_FEED: &str = "/api/feed";
/// Path of the merged feed restricted to items with a video attachment.
pub const VIDEO_FEED: &str = "/api/feed?kind=video";

/// Path of one source's (desk's) feed.
pub fn desk_feed_url(desk_id: &str) -> String {
    format!("/api/feed/{}", encode_segment(desk_id))
}

/// Path of the merged feed of one topic.
pub fn tag_feed_url(tag: &str) -> String {
    format!("{NEWS_FEED}?tag={}", encode_segment(tag))
}

/// Path of the News Feed limited to `followed` sources (all when `None`).
pub fn followed_feed_url(followed: Option<&[String]>) -> String {
    match followed {
        None => NEWS_FEED.to_string(),
        Some(ids) => format!("{NEWS_FEED}?sources={}", ids.join(",")),
    }
}

/// Path of a feed the reader added, fetched and cleaned by the proxy
/// (only when the operator enabled open feeds).
pub fn open_feed_url(feed_url: &str) -> String {
    format!("/api/open-feed?url={}", encode_segment(feed_url))
}

/// Path of one item, as a single-item JSON Feed.
pub fn item_url(item_id: &str) -> String {
    format!("/api/item/{}", encode_segment(item_id))
}

/// Where the runtime config lives, next to `index.html`.
pub const RUNTIME_CONFIG: &str = "/config.json";

/// The source list (`/api/sources`).
pub const SOURCES: &str = "/api/sources";
