//! Newsdesk's proxy: serves a newsroom's feeds as JSON Feed 1.1 and the
//! built app, from one small binary.
//!
//! Today the newsroom is the embedded demo ([`demo`]); the routes are the
//! contract the app reads:
//!
//! | route | answer |
//! | --- | --- |
//! | `GET /api/sources` | [`newsdesk_feed::SourceList`] |
//! | `GET /api/feed?page=N&kind=video` | merged feed page, newest first |
//! | `GET /api/feed/{source}?page=N&kind=video` | one source's feed page |
//! | `GET /api/item/{id}` | a feed holding exactly that item |
//! | `GET /healthz` | `{"status":"ok","sources":…,"items":…}` |
//! | `GET /demo/assets/{file}` | embedded demo image or clip (ranges) |
//! | anything else | a file of `--dist`, or index.html for app pages |
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
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod headers;
pub mod media;
pub mod newsroom;
pub mod sanitize;

use std::path::Path;
use std::sync::Arc;

use axum::middleware;
use axum::routing::get;
use axum::Router;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

pub use assets::AppShell;
pub use config::Config;
pub use error::Error;
pub use newsroom::Newsroom;

/// What every handler shares: the newsroom and the built app, both read-only.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The sources and their items.
    pub newsroom: Arc<Newsroom>,
    /// The built app, or `None` when `--dist` has no index.html.
    pub shell: Option<Arc<AppShell>>,
}

impl AppState {
    /// A state serving `newsroom` and the app built in `dist` (if any).
    pub fn new(newsroom: Newsroom, dist: &Path) -> AppState {
        AppState {
            newsroom: Arc::new(newsroom),
            shell: AppShell::open(dist).map(Arc::new),
        }
    }

    /// A state serving the embedded demo newsroom, its dates brought to now.
    pub fn demo(dist: &Path) -> Result<AppState, demo::DemoError> {
        Ok(AppState::new(demo::newsroom(clock::now_unix())?, dist))
    }
}

/// The whole proxy as a router: API, demo media, the app, and the security
/// headers on every response.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .route("/demo/assets/{*file}", get(media::asset))
        .route("/demo/", get(not_found))
        .route("/demo/{*rest}", get(not_found))
        .fallback(assets::app_file)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone())
        .layer(middleware::map_response_with_state(state, headers::secure))
        // 5xx answers are logged as warnings, not errors: the common one is
        // 503 "app not built", an operator's to-do rather than a fault.
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::WARN)))
}

async fn not_found() -> Error {
    Error::FileNotFound
}

async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}
