//! What can go wrong when the app asks the proxy for something, in words a
//! reader can act on.

use std::fmt;

/// A failed request to the Newsdesk proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an answer: proxy down, DNS, a dropped link.
    Network(String),
    /// The browser is offline and had no stored copy.
    Offline,
    /// A story that was never opened or saved, asked for while offline.
    NotAvailableOffline,
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
            ApiError::Offline => "You're offline",
            ApiError::NotAvailableOffline => "Not available offline",
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
            ApiError::Offline => write!(
                f,
                "This needs a connection, and there is no copy on this device yet. Stories you opened or saved are still readable."
            ),
            ApiError::NotAvailableOffline => write!(
                f,
                "This story was not opened or saved while you were online, so there is no copy on this device. Connect to read it."
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
