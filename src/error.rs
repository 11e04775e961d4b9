//! What can go wrong when the app asks the proxy for something, in words a
//! reader can act on.

use std::fmt;

/// A failed request to the Newsdesk proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: offline, proxy down, DNS.
    Network(String),
    /// The proxy has no such feed, page or article.
    NotFound,
    /// The proxy answered with an error status.
    Server(u16),
    /// The answer was not a valid JSON Feed.
    BadFeed(String),
}

impl ApiError {
    /// A short title for the error state.
    pub fn headline(&self) -> &'static str {
        match self {
            ApiError::Network(_) => "Can't reach Newsdesk",
            ApiError::NotFound => "Not found",
            ApiError::Server(_) => "The server had a problem",
            ApiError::BadFeed(_) => "This feed could not be read",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(_) => write!(
                f,
                "Newsdesk could not reach its server. Check your connection, then try again."
            ),
            ApiError::NotFound => write!(f, "This page or story does not exist (any more)."),
            ApiError::Server(status) => write!(
                f,
                "The server answered with an error ({status}). Try again in a moment."
            ),
            ApiError::BadFeed(why) => write!(f, "The server sent a feed we could not read: {why}"),
        }
    }
}

impl std::error::Error for ApiError {}
