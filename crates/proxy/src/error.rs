//! The one error type every handler returns.
//!
//! Each variant carries only what a reader or operator may see: no paths,
//! no upstream messages, no echo of the request (a reflected id in an error
//! body is a classic injection vector). Details worth logging are logged
//! where the error is made, not sent.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use newsdesk_ingest::newsroom::QueryError;

/// Why a request could not be answered.
///
/// API variants answer `application/json` with `{"error": "<message>"}`;
/// [`Error::FileNotFound`], [`Error::BadPath`] and [`Error::AppNotBuilt`]
/// answer `text/plain`, because a browser (not the app) reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `/api/feed/{source}` names no source.
    NoSuchSource,
    /// `page` is 0, not a number, or past the last page.
    NoSuchPage,
    /// `/api/item/{id}` names no item, or the id is not a valid id.
    NoSuchItem,
    /// `kind` is not one the proxy knows.
    UnknownKind,
    /// The query string could not be read at all.
    BadQuery,
    /// Any other `/api/...` path.
    NoSuchEndpoint,
    /// The method is not GET or HEAD.
    MethodNotAllowed,
    /// A `Range` header asks for bytes past the end of a file of this length.
    RangeNotSatisfiable {
        /// Length of the whole file, for `Content-Range: bytes */len`.
        len: u64,
    },
    /// A demo asset or a file of the built app does not exist.
    FileNotFound,
    /// The path tries to leave the served folder or is not valid UTF-8.
    BadPath,
    /// `--dist` has no `index.html`: the operator has not built the app.
    AppNotBuilt,
    /// A `/api/media` link whose signature does not match: not one the
    /// proxy made, so it will not fetch it (no open proxy).
    BadSignature,
    /// The publisher could not be reached or sent something unusable.
    Upstream,
    /// The upstream answered, but not with an image.
    NotAnImage,
    /// A media link's upstream sent neither a raster image nor video or
    /// audio a browser plays.
    NotMedia,
    /// Too many media fetches are running already; try again shortly.
    Busy,
    /// `/api/open-feed` on a proxy whose operator did not enable it.
    OpenFeedsDisabled,
    /// A reader-added URL the fetch rules refuse (scheme, port, private
    /// address…).
    Refused,
    /// Something failed on our side; the cause has been logged.
    Internal,
}

/// What a reader sees when the app is missing: it names the fix.
pub const APP_NOT_BUILT_MESSAGE: &str =
    "Newsdesk's app is not built yet, so there is nothing to show here.\n\
The API works: try /api/sources.\n\
To serve the app, build it (`trunk build --release` in the repository root writes dist/) \
and restart the proxy, or point it at a built app with --dist <folder> or NEWSDESK_DIST.\n";

impl Error {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::NoSuchSource
            | Error::NoSuchPage
            | Error::NoSuchItem
            | Error::NoSuchEndpoint
            | Error::FileNotFound => StatusCode::NOT_FOUND,
            Error::UnknownKind | Error::BadQuery | Error::BadPath => StatusCode::BAD_REQUEST,
            Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Error::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            Error::AppNotBuilt => StatusCode::SERVICE_UNAVAILABLE,
            Error::BadSignature | Error::Refused => StatusCode::FORBIDDEN,
            Error::Upstream | Error::NotAnImage | Error::NotMedia => StatusCode::BAD_GATEWAY,
            Error::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Error::OpenFeedsDisabled => StatusCode::NOT_FOUND,
            Error::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The human message sent in the body.
    pub fn message(&self) -> &'static str {
        match self {
            Error::NoSuchSource => "no such source; see /api/sources for the list",
            Error::NoSuchPage => "no such page",
            Error::NoSuchItem => "no such item",
            Error::UnknownKind => "unknown kind; the only kind is `video`",
            Error::BadQuery => "the query string could not be read",
            Error::NoSuchEndpoint => "no such endpoint; see /api/sources",
            Error::MethodNotAllowed => "only GET and HEAD are supported",
            Error::RangeNotSatisfiable { .. } => "the requested range is past the end of the file",
            Error::FileNotFound => "not found",
            Error::BadPath => "bad path",
            Error::AppNotBuilt => APP_NOT_BUILT_MESSAGE,
            Error::BadSignature => "this media link was not made by this proxy",
            Error::Upstream => "the publisher could not be reached or sent something unreadable; try again later",
            Error::NotAnImage => "the publisher did not send an image",
            Error::NotMedia => "the publisher did not send an image, a video or audio this page can play",
            Error::Busy => "too many pictures and videos are loading through this Newsdesk; try again in a moment",
            Error::OpenFeedsDisabled => "this proxy only serves its operator's sources",
            Error::Refused => "this address cannot be fetched: only public http and https feeds on ports 80 and 443",
            Error::Internal => "something went wrong on the server; please try again",
        }
    }

    /// Whether a browser rather than the app reads this error.
    fn is_plain_text(&self) -> bool {
        matches!(
            self,
            Error::FileNotFound | Error::BadPath | Error::AppNotBuilt
        )
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for Error {}

/// A newsroom lookup that found nothing is the matching 404 or 400.
impl From<QueryError> for Error {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::NoSuchSource => Error::NoSuchSource,
            QueryError::NoSuchPage => Error::NoSuchPage,
            QueryError::NoSuchItem => Error::NoSuchItem,
            QueryError::UnknownKind => Error::UnknownKind,
            QueryError::BadQuery => Error::BadQuery,
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (content_type, body) = if self.is_plain_text() {
            ("text/plain; charset=utf-8", self.message().to_owned())
        } else {
            let body = serde_json::json!({ "error": self.message() }).to_string();
            ("application/json", body)
        };
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        // An error is about this moment (a page that does not exist yet may
        // exist after a refresh): never let a cache keep it.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Error::RangeNotSatisfiable { len } = self {
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{len}")) {
                headers.insert(header::CONTENT_RANGE, value);
            }
        }
        if self == Error::Busy {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        if self == Error::MethodNotAllowed {
            headers.insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        }
        response
    }
}
