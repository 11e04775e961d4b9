//! The only module that talks HTTP: fetches JSON Feed documents and the
//! source list from the Newsdesk proxy (same origin).

use gloo_net::http::Request;
use newsdesk_feed::{Feed, SourceList};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Path of the merged News Feed (all sources, newest first).
pub const NEWS_FEED: &str = "/api/feed";
/// Path of the merged feed restricted to items with a video attachment.
pub const VIDEO_FEED: &str = "/api/feed?kind=video";

/// Path of one source's (desk's) feed.
pub fn desk_feed_url(desk_id: &str) -> String {
    format!("/api/feed/{}", encode_segment(desk_id))
}

/// Path of one item, as a single-item JSON Feed.
pub fn item_url(item_id: &str) -> String {
    format!("/api/item/{}", encode_segment(item_id))
}

/// Fetches and validates a JSON Feed page, e.g. [`NEWS_FEED`] or a `next_url`.
pub async fn feed(url: &str) -> Result<Feed, ApiError> {
    let text = get_text(url).await?;
    Feed::from_json(&text).map_err(|e| ApiError::BadFeed(e.to_string()))
}

/// Fetches one item (with its desk) by id.
pub async fn item(item_id: &str) -> Result<Feed, ApiError> {
    let feed = feed(&item_url(item_id)).await?;
    if feed.items.is_empty() {
        return Err(ApiError::NotFound);
    }
    Ok(feed)
}

/// Fetches the sources (desks) the proxy offers.
pub async fn sources() -> Result<SourceList, ApiError> {
    get_json("/api/sources").await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let text = get_text(url).await?;
    serde_json::from_str(&text).map_err(|e| ApiError::BadFeed(e.to_string()))
}

async fn get_text(url: &str) -> Result<String, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/feed+json, application/json")
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    match response.status() {
        200..=299 => response
            .text()
            .await
            .map_err(|e| ApiError::Network(e.to_string())),
        404 | 410 => Err(ApiError::NotFound),
        status => Err(ApiError::Server(status)),
    }
}

/// Ids are `[a-z0-9-]` from the proxy, but a hand-typed URL can hold
/// anything: percent-encode whatever is not unreserved.
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
