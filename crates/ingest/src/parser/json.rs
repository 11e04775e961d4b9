//! JSON Feed 1.0 and 1.1, read into our model crate's [`newsdesk_feed::Feed`]
//! and adapted into a [`ParsedFeed`].

use encoding_rs::UTF_8;
use serde_json::Value;
use url::Url;

use super::{absolute, Body, FeedFormat, ParseError, ParsedEntry, ParsedFeed};

/// Reads a JSON Feed 1.0/1.1 document with the model crate, which keeps
/// what `feed-rs` drops (`image`, `banner_image`, avatars, attachment
/// durations, numeric ids). A field of the wrong type (a number for a
/// title, a string for a list of tags) is dropped first, alone: the model's
/// strict reader would refuse the whole feed over it.
pub(super) fn parse(text: &str, base: Option<&Url>) -> Result<ParsedFeed, ParseError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| ParseError::Malformed(format!("not valid JSON: {e}")))?;
    // Any JSON object can start with `{`; only a `version` says "feed".
    let version = value
        .get("version")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    if !version.starts_with("https://jsonfeed.org/version/") {
        return Err(ParseError::NotAFeed);
    }
    if !version.starts_with("https://jsonfeed.org/version/1") {
        return Err(ParseError::UnsupportedVersion(version.to_owned()));
    }
    let mut value = value;
    keep_readable(&mut value, &Shape::Object(FEED));
    let feed: newsdesk_feed::Feed = serde_json::from_value(value)
        .map_err(|e| ParseError::Malformed(format!("not a JSON Feed: {e}")))?;
    let base = base
        .cloned()
        .or_else(|| absolute(feed.feed_url.as_deref()))
        .or_else(|| absolute(feed.home_page_url.as_deref()));
    let entries = feed
        .items
        .into_iter()
        .map(|item| ParsedEntry {
            guid: Some(item.id).filter(|id| !id.trim().is_empty()),
            url: item.url,
            external_url: item.external_url,
            title: item.title,
            content_html: item.content_html,
            content_text: item.content_text,
            summary: item.summary.map(Body::Text),
            image_caption: item
                .newsdesk
                .and_then(|info| info.image_caption)
                .filter(|_| item.image.is_some()),
            images: item.image.into_iter().collect(),
            banner_image: item.banner_image,
            published: item
                .date_published
                .as_deref()
                .and_then(newsdesk_feed::parse_rfc3339),
            modified: item
                .date_modified
                .as_deref()
                .and_then(newsdesk_feed::parse_rfc3339),
            authors: item.authors,
            tags: item.tags,
            language: item.language,
            attachments: item.attachments,
            youtube: None,
            base: None,
        })
        .collect();
    Ok(ParsedFeed {
        format: FeedFormat::JsonFeed,
        encoding: UTF_8.name(),
        title: Some(feed.title),
        home_page_url: feed.home_page_url,
        feed_url: feed.feed_url,
        description: feed.description,
        language: feed.language,
        icon: feed.icon,
        favicon: feed.favicon,
        authors: feed.authors,
        base,
        entries,
    })
}

/// What a JSON Feed field holds, as the model crate reads it.
enum Shape {
    /// A string.
    Text,
    /// `true` or `false`.
    Flag,
    /// A whole number from 0 to `u64::MAX` (sizes).
    Count,
    /// A whole number from 0 to `u32::MAX` (minutes, pages).
    SmallCount,
    /// Any number (durations).
    Number,
    /// An item id: a string or a number.
    Id,
    /// An object with these fields; the ones marked required must be
    /// there for the object to be kept in a list.
    Object(&'static [(&'static str, Shape, Required)]),
    /// A list of values of one shape; the others are dropped.
    List(&'static Shape),
}

/// Whether an object without the field is kept.
#[derive(PartialEq)]
enum Required {
    Yes,
    No,
}

use Required::{No, Yes};

const AUTHOR: &[(&str, Shape, Required)] = &[
    ("name", Shape::Text, No),
    ("url", Shape::Text, No),
    ("avatar", Shape::Text, No),
    ("_newsdesk", Shape::Object(DESK), No),
];
const DESK: &[(&str, Shape, Required)] = &[
    ("id", Shape::Text, No),
    ("bio", Shape::Text, No),
    ("email", Shape::Text, No),
];
const AUTHORS: Shape = Shape::List(&Shape::Object(AUTHOR));
const ATTACHMENT: &[(&str, Shape, Required)] = &[
    ("url", Shape::Text, Yes),
    ("mime_type", Shape::Text, Yes),
    ("title", Shape::Text, No),
    ("size_in_bytes", Shape::Count, No),
    ("duration_in_seconds", Shape::Number, No),
];
const ITEM_INFO: &[(&str, Shape, Required)] = &[
    ("reading_minutes", Shape::SmallCount, No),
    ("source", Shape::Text, No),
    ("image_caption", Shape::Text, No),
];
const ITEM: &[(&str, Shape, Required)] = &[
    ("id", Shape::Id, No),
    ("url", Shape::Text, No),
    ("external_url", Shape::Text, No),
    ("title", Shape::Text, No),
    ("content_html", Shape::Text, No),
    ("content_text", Shape::Text, No),
    ("summary", Shape::Text, No),
    ("image", Shape::Text, No),
    ("banner_image", Shape::Text, No),
    ("date_published", Shape::Text, No),
    ("date_modified", Shape::Text, No),
    ("authors", AUTHORS, No),
    ("author", Shape::Object(AUTHOR), No),
    ("tags", Shape::List(&Shape::Text), No),
    ("language", Shape::Text, No),
    ("attachments", Shape::List(&Shape::Object(ATTACHMENT)), No),
    ("_newsdesk", Shape::Object(ITEM_INFO), No),
];
const HUB: &[(&str, Shape, Required)] = &[("type", Shape::Text, Yes), ("url", Shape::Text, Yes)];
const FEED_INFO: &[(&str, Shape, Required)] = &[
    ("source", Shape::Text, No),
    ("refreshed_at", Shape::Text, No),
    ("stale", Shape::Flag, No),
    ("page", Shape::SmallCount, No),
    ("total_items", Shape::SmallCount, No),
];
const FEED: &[(&str, Shape, Required)] = &[
    ("version", Shape::Text, No),
    ("title", Shape::Text, No),
    ("home_page_url", Shape::Text, No),
    ("feed_url", Shape::Text, No),
    ("description", Shape::Text, No),
    ("user_comment", Shape::Text, No),
    ("next_url", Shape::Text, No),
    ("icon", Shape::Text, No),
    ("favicon", Shape::Text, No),
    ("authors", AUTHORS, No),
    ("author", Shape::Object(AUTHOR), No),
    ("language", Shape::Text, No),
    ("expired", Shape::Flag, No),
    ("hubs", Shape::List(&Shape::Object(HUB)), No),
    ("items", Shape::List(&Shape::Object(ITEM)), No),
    ("_newsdesk", Shape::Object(FEED_INFO), No),
];

/// Drops from `value` what does not fit `shape` (a field of the wrong
/// type, a list element of the wrong shape), so that the model crate reads
/// the rest. Returns whether `value` itself fits.
fn keep_readable(value: &mut Value, shape: &Shape) -> bool {
    match (shape, value) {
        (Shape::Text, Value::String(_)) | (Shape::Flag, Value::Bool(_)) => true,
        (Shape::Count, Value::Number(n)) => n.as_u64().is_some(),
        (Shape::SmallCount, Value::Number(n)) => {
            n.as_u64().is_some_and(|n| u32::try_from(n).is_ok())
        }
        (Shape::Number, Value::Number(n)) => n.as_f64().is_some(),
        (Shape::Id, Value::String(_) | Value::Number(_)) => true,
        (Shape::List(element), Value::Array(list)) => {
            list.retain_mut(|v| keep_readable(v, element));
            true
        }
        (Shape::Object(fields), Value::Object(object)) => {
            for (name, shape, required) in *fields {
                // `null` fits no shape: the field goes, and its default
                // (none, empty) is what the model reads.
                let fits = object.get_mut(*name).map(|v| keep_readable(v, shape));
                match (fits, required) {
                    (Some(true), _) => {}
                    (Some(false), Required::Yes) | (None, Required::Yes) => return false,
                    (Some(false), Required::No) => {
                        object.remove(*name);
                    }
                    (None, Required::No) => {}
                }
            }
            true
        }
        _ => false,
    }
}
