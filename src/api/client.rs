//! The only code in the app that talks HTTP: JSON Feed pages, one item,
//! the source list and `config.json`, from the Newsdesk proxy, through
//! gloo-net.
//!
//! The proxy is on the same origin by default. An operator hosting the app
//! on a static host apart from the proxy puts its address in `config.json`
//! next to `index.html`: `{"api_base": "https://proxy.example.org"}`.
//!
//! A request started while a view is being built belongs to that view's
//! reactive owner: when the owner is cleaned up (the reader left the page,
//! or the resource asked again), the request is aborted, as leptos's
//! hackernews example does, so a page the reader left stops downloading.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use gloo_net::http::{Request, Response};
use leptos::prelude::{on_cleanup, Owner};
use newsdesk_feed::{Feed, SourceList};
use send_wrapper::SendWrapper;
use serde::Deserialize;

use super::decode;
use super::error::ApiError;
use super::paths::{item_url, RUNTIME_CONFIG, SOURCES};

/// What `config.json` holds. Every field is optional: a missing file or
/// field means "same origin".
#[derive(Debug, Default, Deserialize)]
struct RuntimeConfig {
    #[serde(default)]
    api_base: Option<String>,
}

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
    // Shared by every request that follows: no view's to abort.
    let config = match get(RUNTIME_CONFIG, None, None).await {
        Ok(response) if response.ok() => response.text().await.ok(),
        _ => None,
    }
    .and_then(|text| decode::from_json::<RuntimeConfig>(&text).ok())
    .unwrap_or_default();
    let base = config
        .api_base
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    API_BASE.with(|b| *b.borrow_mut() = Some(base.clone()));
    base
}

/// Where the proxy's own paths are loaded from: `""` on the same origin
/// (or before `config.json` is read), else the API's origin.
pub fn base() -> String {
    API_BASE.with(|b| b.borrow().clone()).unwrap_or_default()
}

/// A proxy path (`/api/…`, `/demo/…`) as the browser must load it: under
/// the API base when the app is hosted apart. Other URLs are unchanged.
pub fn resolve(url: &str) -> String {
    newsdesk_page::markup::resolve(&base(), url)
}

/// What every feed request returns: one boxed future type, so that Leptos'
/// resource and async code, and `FeedStream`, are compiled once for all
/// the app's feed requests rather than once per page.
pub type FeedFuture = Pin<Box<dyn Future<Output = Result<Feed, ApiError>>>>;

/// Fetches and validates a JSON Feed page, e.g. [`NEWS_FEED`](super::NEWS_FEED)
/// or a `next_url`.
///
/// The request belongs to the reactive owner this is called under (see the
/// module's doc): it is aborted when that owner is cleaned up.
pub fn feed(url: &str) -> FeedFuture {
    let url = url.to_string();
    let owner = Owner::current();
    Box::pin(async move {
        let text = get_text(&url, owner).await?;
        feed_from_json(&text)
    })
}

/// A JSON Feed document's text as a validated [`Feed`] (also used for the
/// copies the service worker keeps).
pub fn feed_from_json(text: &str) -> Result<Feed, ApiError> {
    let feed: Feed = decode::from_json(text).map_err(ApiError::BadFeed)?;
    feed.validate()
        .map_err(|e| ApiError::BadFeed(e.to_string()))?;
    Ok(feed)
}

/// `FeedStream`'s `load_more` for every page: the feed at a `next_url`.
pub fn next_page(url: String) -> FeedFuture {
    feed(&url)
}

/// Fetches one item (with its desk) by id. Not an `async fn`: the request
/// is made (and its owner taken) when this is called, as [`feed`]'s is.
pub fn item(item_id: &str) -> impl Future<Output = Result<Feed, ApiError>> {
    let page = feed(&item_url(item_id));
    async move {
        let feed = page.await?;
        if feed.items.is_empty() {
            return Err(ApiError::NotFound);
        }
        Ok(feed)
    }
}

/// Fetches the sources (desks) the proxy offers (the owner taken now, as
/// for [`feed`]).
pub fn sources() -> impl Future<Output = Result<SourceList, ApiError>> {
    let owner = Owner::current();
    async move {
        let text = get_text(SOURCES, owner).await?;
        decode::from_json(&text).map_err(ApiError::BadFeed)
    }
}

async fn get_text(url: &str, owner: Option<Owner>) -> Result<String, ApiError> {
    let base = api_base().await;
    let url = if url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_string()
    };
    let response = get(&url, Some("application/feed+json, application/json"), owner)
        .await
        .map_err(|e| network_error(&e))?;
    match response.status() {
        200..=299 => response.text().await.map_err(|e| network_error(&e)),
        404 | 410 => Err(ApiError::NotFound),
        status => Err(ApiError::Server(status)),
    }
}

/// A failed request: offline when the browser says so, else a network error.
fn network_error(error: &gloo_net::Error) -> ApiError {
    if web_sys::window().is_none_or(|w| w.navigator().on_line()) {
        ApiError::Network(error.to_string())
    } else {
        ApiError::Offline
    }
}

/// A GET through gloo-net, aborted when `owner` (the reactive owner of
/// the view that asked) is cleaned up. The owner is taken when a request
/// is made, not when its future is first polled: by then, in a task, the
/// thread's current owner is whichever ran last.
async fn get(
    url: &str,
    accept: Option<&str>,
    owner: Option<Owner>,
) -> Result<Response, gloo_net::Error> {
    let controller = SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(|c| c.signal());
    if let Some(owner) = owner {
        owner.with(|| {
            on_cleanup(move || {
                if let Some(controller) = controller.take() {
                    controller.abort();
                }
            })
        });
    }
    let mut request = Request::get(url).abort_signal(signal.as_ref());
    if let Some(accept) = accept {
        request = request.header("Accept", accept);
    }
    request.send().await
}
