//! The only module that talks HTTP: fetches JSON Feed documents and the
//! source list from the Newsdesk proxy.
//!
//! The proxy is on the same origin by default. An operator hosting the app
//! on a static host apart from the proxy puts its address in `config.json`
//! next to `index.html`: `{"api_base": "https://proxy.example.org"}`.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use newsdesk_feed::{Feed, SourceList};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

use crate::api::ApiError;

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

thread_local! {
    /// The proxy's origin ("" = same origin), once `config.json` is read.
    static API_BASE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The proxy's origin, reading `config.json` the first time. A missing or
/// unreadable file means "same origin": the common case must not fail.
async fn api_base() -> String {
    if let Some(base) = API_BASE.with(|b| b.borrow().clone()) {
        return base;
    }
    let api_base = match fetch(RUNTIME_CONFIG, None).await {
        Ok(response) if response.ok() => text(&response).await.ok(),
        _ => None,
    }
    .and_then(|text| crate::json::string_field(&text, "api_base"))
    .unwrap_or_default();
    let base = api_base.trim_end_matches('/').to_string();
    API_BASE.with(|b| *b.borrow_mut() = Some(base.clone()));
    base
}

/// A proxy path (`/api/…`, `/demo/…`) as the browser must load it: under
/// the API base when the app is hosted apart. Other URLs are unchanged.
pub fn resolve(url: &str) -> String {
    let base = API_BASE.with(|b| b.borrow().clone()).unwrap_or_default();
    if !base.is_empty() && url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_string()
    }
}

/// What every feed request returns: one boxed future type, so that Leptos'
/// resource and async code, and `FeedStream`, are compiled once for all
/// the app's feed requests rather than once per page.
pub type FeedFuture = Pin<Box<dyn Future<Output = Result<Feed, ApiError>>>>;

/// Fetches and validates a JSON Feed page, e.g. [`NEWS_FEED`] or a `next_url`.
pub fn feed(url: &str) -> FeedFuture {
    let url = url.to_string();
    Box::pin(async move {
        let text = get_text(&url).await?;
        crate::json::feed_from_str(&text).map_err(|e| ApiError::BadFeed(e.to_string()))
    })
}

/// `FeedStream`'s `load_more` for every page: the feed at a `next_url`.
pub fn next_page(url: String) -> FeedFuture {
    feed(&url)
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
    let text = get_text("/api/sources").await?;
    crate::json::sources_from_str(&text).map_err(ApiError::BadFeed)
}

async fn get_text(url: &str) -> Result<String, ApiError> {
    let base = api_base().await;
    let url = if url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_string()
    };
    let response = fetch(&url, Some("application/feed+json, application/json"))
        .await
        .map_err(|e| {
            if crate::state::pwa::is_online() {
                ApiError::Network(crate::json::message(&e))
            } else {
                ApiError::Offline
            }
        })?;
    match response.status() {
        200..=299 => text(&response)
            .await
            .map_err(|e| ApiError::Network(crate::json::message(&e))),
        404 | 410 => Err(ApiError::NotFound),
        status => Err(ApiError::Server(status)),
    }
}

/// A GET through the browser's `fetch` (what gloo-net did, without its
/// request builder and error types in the wasm).
async fn fetch(url: &str, accept: Option<&str>) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let init = RequestInit::new();
    if let Some(accept) = accept {
        let headers = js_sys::Object::new();
        js_sys::Reflect::set(
            &headers,
            &JsValue::from_str("Accept"),
            &JsValue::from_str(accept),
        )?;
        init.set_headers(&headers);
    }
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await?;
    Ok(response.unchecked_into())
}

/// A response's body as text.
async fn text(response: &Response) -> Result<String, JsValue> {
    let body = JsFuture::from(response.text()?).await?;
    body.as_string()
        .ok_or_else(|| JsValue::from_str("the body is not text"))
}

/// Ids are `[a-z0-9-]` from the proxy, but a hand-typed URL can hold
/// anything: the app encodes path segments the way the proxy does.
pub use newsdesk_feed::encode_segment;
