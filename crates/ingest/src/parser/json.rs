//! JSON Feed 1.0 and 1.1, read into our model crate's [`newsdesk_feed::Feed`]
//! and adapted into a [`ParsedFeed`].

use encoding_rs::UTF_8;
use url::Url;

use super::{absolute, Body, FeedFormat, ParseError, ParsedEntry, ParsedFeed};

/// Reads a JSON Feed 1.0/1.1 document with the model crate, which keeps
/// what `feed-rs` drops (`image`, `banner_image`, avatars, attachment
/// durations, numeric ids).
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
