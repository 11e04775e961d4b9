//! Newsdesk's proxy: turns newsroom snapshots into HTTP — the feeds as
//! JSON Feed 1.1, and the built app — from one small binary.
//!
//! The snapshots come from `newsdesk_ingest`: the embedded demo, or the
//! operator's sources (a sources file), which its refresh loop fetches
//! through `newsdesk_fetcher` and publishes into the [`Newsstand`]. The
//! routes are the contract the app reads:
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /api/sources` | [`newsdesk_feed::SourceList`] |
//! | `GET /api/feed?page=N&kind=video` | merged feed page, newest first |
//! | `GET /api/feed/{source}?page=N&kind=video` | one source's feed page |
//! | `GET /api/item/{id}` | a feed holding exactly that item |
//! | `GET /healthz` | `{"status":"ok","sources":…,"items":…}` |
//! | `GET /api/media?url=…&sig=…` | an image the proxy linked to ([`media_proxy`]) |
//! | `GET /api/open-feed?url=…` | a reader-added feed, if allowed ([`open_feeds`]) |
//! | `GET /demo/assets/{file}` | embedded demo image or clip (ranges) |
//! | anything else | a file of `--dist`, or index.html for app pages |
//!
//! API answers are prepared once per newsroom snapshot ([`edition`]): their
//! JSON, strong ETags and brotli/gzip encodings ([`rendered`]), so a request
//! picks a body by `Accept-Encoding` and `If-None-Match` and clones bytes.
//!
//! [`app`] builds the router without a socket, so tests drive it directly.
//!
//! ```
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let state = newsdesk_proxy::AppState::demo(std::path::Path::new("dist"))?;
//! let router = newsdesk_proxy::app(state);
//! # drop(router); Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod api;
pub mod assets;
pub mod cache;
pub mod config;
pub mod demo_assets;
pub mod edition;
pub mod error;
pub mod first_paint;
pub mod headers;
pub mod layers;
pub mod media_proxy;
pub mod newsstand;
pub mod open_feeds;
pub mod ratelimit;
pub mod rendered;
pub mod service;

use std::path::Path;
use std::sync::Arc;

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use newsdesk_ingest::clock;
use newsdesk_ingest::demo::{self, DemoError};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use assets::AppShell;
pub use config::Config;
pub use edition::Edition;
pub use error::Error;
pub use media_proxy::MediaProxy;
pub use newsdesk_ingest::{Newsroom, Refresher};
pub use newsstand::{refresher, Newsstand};
pub use open_feeds::OpenFeeds;
pub use ratelimit::RateLimiter;
pub use service::{Logging, Proxy};

/// What every handler shares. Everything in it is read-only or swapped
/// whole, so handlers never wait on each other.
///
/// Cloning it (axum does, for every extractor and middleware of every
/// request) is one reference count; its parts are read through `Deref`
/// (`state.newsstand`, `state.shell`, …).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of an [`AppState`].
#[derive(Debug, Clone)]
pub struct Shared {
    /// The current newsroom snapshot (sources and their items) and its
    /// prepared bodies.
    pub newsstand: Arc<Newsstand>,
    /// The built app, or `None` when `--dist` has no index.html.
    pub shell: Option<Arc<AppShell>>,
    /// The per-client rate limit.
    pub limiter: Arc<RateLimiter>,
    /// Fetches images for `/api/media`; `None` for the demo, which
    /// fetches nothing.
    pub media: Option<Arc<MediaProxy>>,
    /// Fetches reader-added feeds for `/api/open-feed`; `None` unless the
    /// operator allows them.
    pub open_feeds: Option<Arc<OpenFeeds>>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// A state serving `newsroom` and the app built in `dist` (if any),
    /// with the default rate limit and no upstream fetching.
    pub fn new(newsroom: Newsroom, dist: &Path) -> AppState {
        AppState(Arc::new(Shared {
            newsstand: Arc::new(Newsstand::new(newsroom)),
            shell: AppShell::open(dist).map(Arc::new),
            limiter: Arc::new(RateLimiter::new(ratelimit::DEFAULT_PER_MINUTE, false)),
            media: None,
            open_feeds: None,
        }))
    }

    /// A state serving the embedded demo newsroom, its dates brought to now.
    pub fn demo(dist: &Path) -> Result<AppState, DemoError> {
        Ok(AppState::new(demo::newsroom(clock::now_unix())?, dist))
    }

    /// A state serving the operator's sources from `newsstand` (see
    /// [`Newsstand::follow`]), with images and, if allowed, reader-added
    /// feeds fetched on demand.
    pub fn sources(
        newsstand: Arc<Newsstand>,
        media: MediaProxy,
        open_feeds: Option<OpenFeeds>,
        dist: &Path,
    ) -> AppState {
        AppState(Arc::new(Shared {
            newsstand,
            shell: AppShell::open(dist).map(Arc::new),
            limiter: Arc::new(RateLimiter::new(ratelimit::DEFAULT_PER_MINUTE, false)),
            media: Some(Arc::new(media)),
            open_feeds: open_feeds.map(Arc::new),
        }))
    }

    /// The same state with another rate limit.
    pub fn with_rate_limit(mut self, per_minute: u32, trust_forwarded_for: bool) -> AppState {
        Arc::make_mut(&mut self.0).limiter =
            Arc::new(RateLimiter::new(per_minute, trust_forwarded_for));
        self
    }
}

/// The whole proxy as a router: API, media, the app, the rate limit and the
/// security headers on every response.
pub fn app(state: AppState) -> Router {
    app_with_cors(state, &[])
}

/// [`app`], answering CORS for `origins` (an app hosted elsewhere). Origins
/// that are not valid header values are skipped with a warning.
///
/// The [`Proxy`] service as a router's fallback, so tests can drive it with
/// `tower::ServiceExt::oneshot`; `main` serves [`proxy`] directly.
pub fn app_with_cors(state: AppState, origins: &[String]) -> Router {
    Router::new().fallback_service(proxy(state, origins))
}

/// The whole proxy as one service ([`service::Proxy`]): logging (as the log
/// filter in force now asks), security headers, CORS for `origins` (if
/// any), the rate limit, then the routes.
pub fn proxy(state: AppState, origins: &[String]) -> Proxy {
    let router = routes(state.clone());
    Proxy::new(state, router, cors(origins), Logging::from_filter())
}

/// The same proxy as tower-http layers around the router
/// ([`layers::layered`]), for benchmark 5's comparison.
pub fn layered_proxy(state: AppState, origins: &[String]) -> layers::Layered {
    let router = routes(state.clone());
    layers::layered(state, router, cors(origins))
}

/// Every route of the proxy.
fn routes(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .route("/api/media", get(media_proxy::media))
        .route("/api/open-feed", get(open_feeds::open_feed))
        .route("/demo/assets/{*file}", get(demo_assets::asset))
        .route("/demo/", get(not_found))
        .route("/demo/{*rest}", get(not_found))
        .fallback(assets::app_file)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .filter_map(|o| match HeaderValue::from_str(o) {
            Ok(value) => Some(value),
            Err(_) => {
                tracing::warn!(
                    origin = o,
                    "ignoring an allowed origin that is not a valid origin"
                );
                None
            }
        })
        .collect();
    if allowed.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(allowed))
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([header::ACCEPT, header::IF_NONE_MATCH])
            .expose_headers([header::ETAG])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

async fn not_found() -> Error {
    Error::FileNotFound
}

async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}
