//! The one feed model of Newsdesk: [JSON Feed 1.1](https://jsonfeed.org/version/1.1).
//!
//! The proxy turns every publisher format into these types; the app only ever
//! reads them. This crate does no I/O and knows nothing of Leptos, tokio or
//! HTTP, so both sides (native and wasm) share it unchanged.
//!
//! What JSON Feed lacks lives in `_newsdesk` extension objects (the spec asks
//! extension keys to start with an underscore): [`DeskInfo`] on an author,
//! [`ItemInfo`] on an item (with [`YouTubeVideo`] for a channel's video),
//! [`FeedInfo`] on a feed.
//!
//! ```
//! use newsdesk_feed::Feed;
//! let feed = Feed::from_json(r#"{
//!   "version": "https://jsonfeed.org/version/1.1",
//!   "title": "Demo",
//!   "items": [{ "id": "1", "content_text": "Hello readers." }]
//! }"#).unwrap();
//! assert_eq!(feed.items[0].reading_minutes(), 1);
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod encode;
mod error;
mod reading;
mod source;
mod time;

pub use encode::encode_segment;
pub use error::FeedError;
pub use reading::{
    html_word_count, reading_minutes_for_words, strip_tags, word_count, WORDS_PER_MINUTE,
};
pub use source::{Source, SourceList};
pub use time::{civil_date, parse_rfc3339, short_date};

use serde::{Deserialize, Serialize};

/// The `version` URL of JSON Feed 1.1; what Newsdesk writes.
pub const VERSION_1_1: &str = "https://jsonfeed.org/version/1.1";
/// The `version` URL of JSON Feed 1.0; accepted on input.
pub const VERSION_1_0: &str = "https://jsonfeed.org/version/1";
/// The media type the proxy serves feeds as.
pub const MEDIA_TYPE: &str = "application/feed+json";

/// A JSON Feed document: one page of a source's items.
///
/// `next_url` points at the next page (the app's "Show More").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "wire::FeedWire")]
pub struct Feed {
    /// The spec version URL as read, e.g. [`VERSION_1_0`] or [`VERSION_1_1`].
    /// Output is always labelled [`VERSION_1_1`]: it is written in the 1.1
    /// shape (`authors`, never `author`), whatever version was read.
    #[serde(serialize_with = "write_version_1_1")]
    pub version: String,
    /// Name of the feed, e.g. the newsroom or desk.
    pub title: String,
    /// The publisher's web page the feed describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    /// Where this feed document lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// What the feed is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A note for someone reading the raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_comment: Option<String>,
    /// The next page of items; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_url: Option<String>,
    /// A large square image for the feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// A small square image for the feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub favicon: Option<String>,
    /// The feed's authors: for Newsdesk, the news desk behind it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// Primary language, as an RFC 5646 tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// True when the feed will never update again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<bool>,
    /// Real-time notification endpoints (WebSub and the like).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hubs: Vec<Hub>,
    /// The items, newest first as the proxy serves them.
    pub items: Vec<Item>,
    /// Newsdesk's extension: where the feed came from and how fresh it is.
    #[serde(rename = "_newsdesk", default, skip_serializing_if = "Option::is_none")]
    pub newsdesk: Option<FeedInfo>,
}

/// Serializes `version`: Newsdesk writes only JSON Feed 1.1.
fn write_version_1_1<S: serde::Serializer>(_: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(VERSION_1_1)
}

/// Newsdesk's `_newsdesk` extension on a feed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FeedInfo {
    /// The source id this feed page belongs to (absent on merged feeds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When the proxy last fetched the upstream successfully (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshed_at: Option<String>,
    /// True when the upstream failed and this is the last good copy.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale: bool,
    /// 1-based page number of this document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// How many items the whole source holds, across pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u32>,
}

/// One story, update or video in a feed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(from = "wire::ItemWire")]
pub struct Item {
    /// Unique, stable id. The proxy makes it safe to put in a URL path.
    pub id: String,
    /// The item's page on the publisher's site.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A page the item is about (link posts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_url: Option<String>,
    /// The headline; plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The body as sanitized HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_html: Option<String>,
    /// The body as plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_text: Option<String>,
    /// A short plain-text summary (the standfirst).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The main image (also the poster of a video item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// A wide image shown above the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_image: Option<String>,
    /// First publication time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// Last modification time, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    /// Who wrote it: for Newsdesk, the news desk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// Free-form topics.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Language of this item, as an RFC 5646 tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Related resources: `video/*` attachments feed the Video section.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Newsdesk's extension: reading time and source.
    #[serde(rename = "_newsdesk", default, skip_serializing_if = "Option::is_none")]
    pub newsdesk: Option<ItemInfo>,
}

/// Newsdesk's `_newsdesk` extension on an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ItemInfo {
    /// Reading time in whole minutes, at least 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reading_minutes: Option<u32>,
    /// Id of the source (and desk) the item came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Caption of the item's lead `image`, as plain text (RSS
    /// `media:description`, or the publisher's own `_newsdesk` value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_caption: Option<String>,
    /// Where the body came from, for items of sources that may fetch
    /// their publisher's article page (`full_text` in the operator's
    /// sources file); absent for feeds that are shown as they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_from: Option<TextFrom>,
    /// The video this item is, when it plays on YouTube's player (an
    /// entry of a YouTube channel feed): what the app's click-to-play
    /// facade needs. The thumbnail is the item's `image`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youtube: Option<YouTubeVideo>,
}

/// Where an item's body came from: what the app tells the reader above
/// the text ("Full text from the publisher's page", or a summary with
/// "Read at the publisher").
///
/// ```
/// use newsdesk_feed::TextFrom;
/// assert_eq!(serde_json::to_string(&TextFrom::Page).unwrap(), "\"page\"");
/// // A value a newer proxy sends reads as `Unknown`, never as an error.
/// assert_eq!(serde_json::from_str::<TextFrom>("\"archive\"").unwrap(), TextFrom::Unknown);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextFrom {
    /// The feed carried the whole story.
    Feed,
    /// The feed had only a summary; the text was extracted from the
    /// publisher's article page.
    Page,
    /// Only the publisher's summary is here: the story is read at the
    /// publisher.
    Summary,
    /// A value this version does not know.
    #[serde(other)]
    Unknown,
}

/// The origin YouTube videos are embedded from: the privacy-enhanced
/// player, which sets no cookies until the reader plays. The app's CSP
/// allows it in `frame-src` only on documents that can show such a video.
pub const YOUTUBE_EMBED_ORIGIN: &str = "https://www.youtube-nocookie.com";

/// A video on YouTube, as a channel's Atom feed describes it (`yt:videoId`,
/// `media:community`, `media:content`). Newsdesk never loads YouTube's
/// player until a reader asks: the app shows the item's thumbnail and a
/// play button (a facade), and only a tap loads [`YouTubeVideo::embed_url`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YouTubeVideo {
    /// The video id (`yt:videoId`): 11 characters of `A-Z a-z 0-9 - _`
    /// ([`YouTubeVideo::is_valid_id`]), so it is safe in a URL path.
    pub id: String,
    /// How many times it was watched (`media:statistics views`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub views: Option<u64>,
    /// Its length in whole seconds, where the feed gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<u64>,
}

impl YouTubeVideo {
    /// Length of every YouTube video id.
    pub const ID_LEN: usize = 11;

    /// True when `id` has the shape of a YouTube video id: exactly
    /// [`YouTubeVideo::ID_LEN`] characters of `A-Z a-z 0-9 - _`. Anything
    /// else is refused, so an id can never change the URLs built from it.
    ///
    /// ```
    /// use newsdesk_feed::YouTubeVideo;
    /// assert!(YouTubeVideo::is_valid_id("Xq3Tn0-Ab_9"));
    /// assert!(!YouTubeVideo::is_valid_id("../../x?a=b"));
    /// assert!(!YouTubeVideo::is_valid_id("short"));
    /// ```
    pub fn is_valid_id(id: &str) -> bool {
        id.len() == Self::ID_LEN
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }

    /// The privacy-enhanced player's address for this video, under
    /// [`YOUTUBE_EMBED_ORIGIN`]; `None` for an id of the wrong shape.
    ///
    /// ```
    /// let video = newsdesk_feed::YouTubeVideo { id: "Xq3Tn0-Ab_9".into(), ..Default::default() };
    /// assert_eq!(video.embed_url().as_deref(), Some("https://www.youtube-nocookie.com/embed/Xq3Tn0-Ab_9"));
    /// ```
    pub fn embed_url(&self) -> Option<String> {
        Self::is_valid_id(&self.id).then(|| format!("{YOUTUBE_EMBED_ORIGIN}/embed/{}", self.id))
    }

    /// The video's page on YouTube (the no-JavaScript link); `None` for an
    /// id of the wrong shape.
    pub fn watch_url(&self) -> Option<String> {
        Self::is_valid_id(&self.id).then(|| format!("https://www.youtube.com/watch?v={}", self.id))
    }
}

/// A person or desk that wrote a feed or an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Author {
    /// Display name, e.g. "Harbour City news desk".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The author's page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A square avatar image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// Newsdesk's extension: the desk's id, bio and contact.
    #[serde(rename = "_newsdesk", default, skip_serializing_if = "Option::is_none")]
    pub newsdesk: Option<DeskInfo>,
}

/// Newsdesk's `_newsdesk` extension on an author: what a news-desk card shows.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeskInfo {
    /// The desk's id (equal to its source id): the app links to `/desk/{id}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A short biography, plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Where readers can write to the desk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A related resource of an item: audio, video, a document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Attachment {
    /// Where the resource lives.
    pub url: String,
    /// Its media type, e.g. `video/webm`.
    pub mime_type: String,
    /// A name distinct from the item's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Size in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_in_bytes: Option<u64>,
    /// Duration in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_in_seconds: Option<f64>,
}

/// A real-time notification endpoint for a feed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Hub {
    /// The protocol, e.g. `WebSub`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The hub's endpoint.
    pub url: String,
}

impl Feed {
    /// Parses a JSON Feed (1.0 or 1.1) and checks what the spec requires.
    ///
    /// Unknown fields are ignored; the deprecated `author` becomes `authors`.
    pub fn from_json(text: &str) -> Result<Feed, FeedError> {
        let feed: Feed =
            serde_json::from_str(text).map_err(|e| FeedError::Syntax(e.to_string()))?;
        feed.validate()?;
        Ok(feed)
    }

    /// Serializes the feed as compact JSON Feed 1.1.
    pub fn to_json(&self) -> String {
        // A `Feed` holds only strings, numbers and vectors: serializing it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks the fields the spec requires: a known `version`, a `title`,
    /// and for every item an `id` and some content.
    pub fn validate(&self) -> Result<(), FeedError> {
        if self.version.trim().is_empty() {
            return Err(FeedError::MissingField("version"));
        }
        if self.version != VERSION_1_1 && self.version != VERSION_1_0 {
            return Err(FeedError::UnknownVersion(self.version.clone()));
        }
        if self.title.trim().is_empty() {
            return Err(FeedError::MissingField("title"));
        }
        for (index, item) in self.items.iter().enumerate() {
            item.validate().map_err(|reason| FeedError::InvalidItem {
                index,
                id: item.id.clone(),
                reason,
            })?;
        }
        Ok(())
    }

    /// The feed's first author: the news desk behind it.
    pub fn desk(&self) -> Option<&Author> {
        self.authors.first()
    }
}

impl Item {
    /// Checks what the spec requires of an item: a non-empty `id`, and
    /// `content_html` or `content_text`.
    pub fn validate(&self) -> Result<(), &'static str> {
        if self.id.trim().is_empty() {
            return Err("has no id");
        }
        if self.content_html.is_none() && self.content_text.is_none() {
            return Err("has neither content_html nor content_text");
        }
        Ok(())
    }

    /// Reading time in minutes: the `_newsdesk` value when present, else
    /// computed from the body. Never 0.
    pub fn reading_minutes(&self) -> u32 {
        if let Some(minutes) = self.newsdesk.as_ref().and_then(|n| n.reading_minutes) {
            return minutes.max(1);
        }
        reading_minutes_for_words(self.word_count())
    }

    /// Words in the body (text preferred, else HTML with tags stripped).
    pub fn word_count(&self) -> usize {
        match (&self.content_text, &self.content_html) {
            (Some(text), _) if !text.trim().is_empty() => word_count(text),
            (_, Some(html)) => html_word_count(html),
            _ => 0,
        }
    }

    /// The item's news desk: its first author.
    pub fn desk(&self) -> Option<&Author> {
        self.authors.first()
    }

    /// The source id the item came from, if the proxy recorded it.
    pub fn source(&self) -> Option<&str> {
        self.newsdesk.as_ref()?.source.as_deref()
    }

    /// The caption of the lead image, if the publisher gave one.
    pub fn image_caption(&self) -> Option<&str> {
        self.newsdesk.as_ref()?.image_caption.as_deref()
    }

    /// Where the body came from, when its source may fetch article pages.
    pub fn text_from(&self) -> Option<TextFrom> {
        self.newsdesk.as_ref()?.text_from
    }

    /// The first `video/*` attachment, if any. Media types are
    /// case-insensitive (RFC 2045), so `Video/MP4` counts too.
    pub fn video(&self) -> Option<&Attachment> {
        self.attachments.iter().find(|a| {
            a.mime_type
                .get(..6)
                .is_some_and(|t| t.eq_ignore_ascii_case("video/"))
        })
    }

    /// The YouTube video this item is, if it came from a channel feed
    /// and its id has the right shape.
    pub fn youtube(&self) -> Option<&YouTubeVideo> {
        self.newsdesk
            .as_ref()?
            .youtube
            .as_ref()
            .filter(|v| YouTubeVideo::is_valid_id(&v.id))
    }

    /// True for an item of the Video section: one with a `video/*`
    /// attachment or a YouTube video.
    pub fn is_video(&self) -> bool {
        self.video().is_some() || self.youtube().is_some()
    }

    /// Its `audio/*` attachments (a podcast's episode), in feed order.
    pub fn audio(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments.iter().filter(|a| {
            a.mime_type
                .get(..6)
                .is_some_and(|t| t.eq_ignore_ascii_case("audio/"))
        })
    }

    /// Publication time in seconds since the Unix epoch, if parseable.
    pub fn published_unix(&self) -> Option<i64> {
        self.date_published.as_deref().and_then(parse_rfc3339)
    }
}

impl Author {
    /// The desk id the app links "Read more" to.
    pub fn desk_id(&self) -> Option<&str> {
        self.newsdesk.as_ref()?.id.as_deref()
    }

    /// The desk's biography.
    pub fn bio(&self) -> Option<&str> {
        self.newsdesk.as_ref()?.bio.as_deref()
    }

    /// The desk's contact address.
    pub fn email(&self) -> Option<&str> {
        self.newsdesk.as_ref()?.email.as_deref()
    }
}

/// What is accepted on input: the same fields plus the deprecated singular
/// `author`, mapped onto `authors` when `authors` is absent.
mod wire {
    use super::*;

    #[derive(Deserialize)]
    pub(super) struct FeedWire {
        #[serde(default)]
        version: String,
        #[serde(default)]
        title: String,
        #[serde(default)]
        home_page_url: Option<String>,
        #[serde(default)]
        feed_url: Option<String>,
        #[serde(default)]
        description: Option<String>,
        #[serde(default)]
        user_comment: Option<String>,
        #[serde(default)]
        next_url: Option<String>,
        #[serde(default)]
        icon: Option<String>,
        #[serde(default)]
        favicon: Option<String>,
        #[serde(default)]
        authors: Option<Vec<Author>>,
        #[serde(default)]
        author: Option<Author>,
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        expired: Option<bool>,
        #[serde(default)]
        hubs: Vec<Hub>,
        #[serde(default)]
        items: Vec<Item>,
        #[serde(rename = "_newsdesk", default)]
        newsdesk: Option<FeedInfo>,
    }

    impl From<FeedWire> for Feed {
        fn from(w: FeedWire) -> Feed {
            Feed {
                version: w.version,
                title: w.title,
                home_page_url: w.home_page_url,
                feed_url: w.feed_url,
                description: w.description,
                user_comment: w.user_comment,
                next_url: w.next_url,
                icon: w.icon,
                favicon: w.favicon,
                authors: merge_authors(w.authors, w.author),
                language: w.language,
                expired: w.expired,
                hubs: w.hubs,
                items: w.items,
                newsdesk: w.newsdesk,
            }
        }
    }

    #[derive(Deserialize)]
    pub(super) struct ItemWire {
        #[serde(default, deserialize_with = "id_string")]
        id: String,
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        external_url: Option<String>,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        content_html: Option<String>,
        #[serde(default)]
        content_text: Option<String>,
        #[serde(default)]
        summary: Option<String>,
        #[serde(default)]
        image: Option<String>,
        #[serde(default)]
        banner_image: Option<String>,
        #[serde(default)]
        date_published: Option<String>,
        #[serde(default)]
        date_modified: Option<String>,
        #[serde(default)]
        authors: Option<Vec<Author>>,
        #[serde(default)]
        author: Option<Author>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        attachments: Vec<Attachment>,
        #[serde(rename = "_newsdesk", default)]
        newsdesk: Option<ItemInfo>,
    }

    impl From<ItemWire> for Item {
        fn from(w: ItemWire) -> Item {
            Item {
                id: w.id,
                url: w.url,
                external_url: w.external_url,
                title: w.title,
                content_html: w.content_html,
                content_text: w.content_text,
                summary: w.summary,
                image: w.image,
                banner_image: w.banner_image,
                date_published: w.date_published,
                date_modified: w.date_modified,
                authors: merge_authors(w.authors, w.author),
                tags: w.tags,
                language: w.language,
                attachments: w.attachments,
                newsdesk: w.newsdesk,
            }
        }
    }

    fn merge_authors(authors: Option<Vec<Author>>, author: Option<Author>) -> Vec<Author> {
        match (authors, author) {
            (Some(list), _) if !list.is_empty() => list,
            (_, Some(one)) => vec![one],
            (list, None) => list.unwrap_or_default(),
        }
    }

    /// JSON Feed 1.0 publishers sometimes write numeric ids; the spec says
    /// to treat them as strings. A visitor rather than `serde_json::Value`,
    /// so that any deserializer (the app's `serde-wasm-bindgen` too) reads
    /// it without pulling in serde_json.
    fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        struct Id;
        impl serde::de::Visitor<'_> for Id {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an item id (a string or a number)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
                Ok(v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
                // A JavaScript number that is a whole number reads as one.
                if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
                    Ok((v as i64).to_string())
                } else {
                    Ok(v.to_string())
                }
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<String, E> {
                Ok(String::new())
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<String, E> {
                Ok(String::new())
            }
        }
        d.deserialize_any(Id)
    }
}
