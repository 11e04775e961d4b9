use serde::{Deserialize, Serialize};

use crate::Author;

/// A feed the proxy serves: one publisher feed and the news desk behind it.
/// A desk's id is its source's id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// Stable id, safe in a URL: `/api/feed/{id}`, `/desk/{id}`.
    pub id: String,
    /// Display title of the source.
    pub title: String,
    /// The publisher's web page, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    /// What the source covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The proxy path of its JSON Feed, e.g. `/api/feed/news`.
    pub feed_url: String,
    /// The desk: name, avatar, bio, email.
    pub desk: Author,
    /// How many items the proxy holds for it.
    #[serde(default)]
    pub item_count: u32,
    /// When the proxy last fetched it successfully (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshed_at: Option<String>,
    /// True when its upstream is failing and the proxy serves the last good copy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
}

/// The body of `GET /api/sources`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SourceList {
    /// Every source the proxy offers, in the operator's order.
    pub sources: Vec<Source>,
    /// True when the operator lets readers add other public feeds
    /// (`/api/open-feed`), e.g. from an imported OPML file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open_feeds: bool,
}
