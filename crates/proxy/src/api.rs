//! The JSON API the app reads: sources, feed pages, single items, health.
//!
//! Every handler returns `Result<Response, Error>`; [`Error`] decides what
//! a failure looks like on the wire. Bodies come prepared from the current
//! [`crate::edition::Edition`] (serialized, tagged and compressed once per
//! snapshot), so a handler only picks one and answers. Ids from the path are checked against
//! the id alphabet before any lookup and are never echoed back.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method};
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use serde::Deserialize;

use crate::cache;
use crate::error::Error;
use crate::AppState;
use newsdesk_ingest::newsroom::{Filter, Kind};

/// Feeds are served as JSON Feed's own media type, so a browser or a feed
/// reader pointed at the URL knows what it is.
pub const FEED_CONTENT_TYPE: &str = "application/feed+json; charset=utf-8";

/// Everything else the API answers is plain JSON.
pub const JSON_CONTENT_TYPE: &str = "application/json";

/// The API's routes; any other `/api/...` path answers a JSON 404.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/sources", get(sources))
        .route("/api/feed", get(front_page))
        .route("/api/feed/{source}", get(source_page))
        .route("/api/item/{id}", get(item))
        .route("/api", any(no_such_endpoint))
        .route("/api/", any(no_such_endpoint))
        .route("/api/{*rest}", any(no_such_endpoint))
        .route("/healthz", get(health))
}

/// The unfiltered feed (no `kind`, `tag` or `sources`).
const EVERY_ITEM: Filter = Filter {
    kind: Kind::All,
    tag: None,
    sources: None,
};

/// The answer to the API's most frequent requests without the router:
/// `GET /api/sources`, `GET /api/feed` and `GET /api/feed/{source}` (a
/// plain source id) with no query string, whose bodies the current edition
/// holds ready. It is what the routes' handlers answer (tests compare the
/// two), minus the router's work per request (matching, extracting the
/// path and query, boxing the handler's future).
///
/// `None` for anything else — other methods (`HEAD` included), query
/// strings, percent-encoded or unknown sources, any error — which the
/// router answers.
pub fn prepared(state: &AppState, request: &Request) -> Option<Response> {
    if request.method() != Method::GET || request.uri().query().is_some() {
        return None;
    }
    let path = request.uri().path();
    let edition = state.newsstand.edition();
    let rendered = match path {
        "/api/sources" => edition.sources().ok()?,
        "/api/feed" => edition.front_page(&EVERY_ITEM, 1).ok()?,
        _ => {
            let source = path.strip_prefix("/api/feed/")?;
            if source.is_empty() || source.contains(['/', '%']) {
                return None;
            }
            edition.source_page(source, &EVERY_ITEM, 1).ok()?
        }
    };
    Some(rendered.respond(request.headers()))
}

/// The query of a feed page. Strings, not numbers: a bad `page` is a 404
/// with our message, not the framework's rejection text.
#[derive(Debug, Default, Deserialize)]
struct PageQuery {
    page: Option<String>,
    kind: Option<String>,
    tag: Option<String>,
    sources: Option<String>,
}

impl PageQuery {
    fn read(query: Result<Query<PageQuery>, QueryRejection>) -> Result<(Filter, u32), Error> {
        let Query(query) = query.map_err(|_| Error::BadQuery)?;
        let kind = Filter::from_query(
            query.kind.as_deref(),
            query.tag.as_deref(),
            query.sources.as_deref(),
        )?;
        let page = match query.page.as_deref() {
            None => 1,
            Some(text) => text.parse::<u32>().map_err(|_| Error::NoSuchPage)?,
        };
        if page == 0 {
            return Err(Error::NoSuchPage);
        }
        Ok((kind, page))
    }
}

/// `GET /api/sources`: every source with its desk and item count.
async fn sources(State(state): State<AppState>, request: Request) -> Result<Response, Error> {
    Ok(state
        .newsstand
        .edition()
        .sources()?
        .respond(request.headers()))
}

/// `GET /api/feed?page=N&kind=video&tag=T&sources=a,b`: the merged feed of
/// every source (or of `sources`), optionally only videos or one tag.
async fn front_page(
    State(state): State<AppState>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: Request,
) -> Result<Response, Error> {
    let (kind, page) = PageQuery::read(query)?;
    let body = state.newsstand.edition().front_page(&kind, page)?;
    Ok(body.respond(request.headers()))
}

/// `GET /api/feed/{source}?page=N&kind=video`: one source's feed.
async fn source_page(
    State(state): State<AppState>,
    source: Result<Path<String>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
    request: Request,
) -> Result<Response, Error> {
    let Path(source) = source.map_err(|_| Error::NoSuchSource)?;
    let (kind, page) = PageQuery::read(query)?;
    let body = state
        .newsstand
        .edition()
        .source_page(&source, &kind, page)?;
    Ok(body.respond(request.headers()))
}

/// `GET /api/item/{id}`: a JSON Feed holding just that item.
async fn item(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    request: Request,
) -> Result<Response, Error> {
    let Path(id) = id.map_err(|_| Error::NoSuchItem)?;
    Ok(state
        .newsstand
        .edition()
        .item(&id)?
        .respond(request.headers()))
}

/// `GET /healthz`: alive, with what it serves. Never cached, no ETag: a
/// monitor must see this instance's answer every time.
async fn health(State(state): State<AppState>) -> Response {
    /// Field order as documented: `status` first for people reading it.
    #[derive(serde::Serialize)]
    struct Health {
        status: &'static str,
        sources: usize,
        items: usize,
    }
    let newsroom = state.newsstand.get();
    let health = Health {
        status: "ok",
        sources: newsroom.source_count(),
        items: newsroom.item_count(),
    };
    // A struct of a str and two numbers always serializes.
    let body = serde_json::to_string(&health).unwrap_or_default();
    let mut response = cache::respond(&HeaderMap::new(), body, JSON_CONTENT_TYPE, cache::HEALTH);
    response.headers_mut().remove(axum::http::header::ETAG);
    response
}

/// Any other `/api/...` path or method.
async fn no_such_endpoint() -> Error {
    Error::NoSuchEndpoint
}
