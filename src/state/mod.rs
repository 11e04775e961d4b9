//! What the app knows and keeps: the offline store (`store`), saved and
//! read marks (`marks`), preferences, the feeds a reader added, the
//! connection, the streams on screen, the search index, OPML, and the
//! bridge to the service worker (`pwa`).

pub mod added_feeds;
pub mod connection;
pub mod marks;
pub mod opml;
pub mod preferences;
pub mod pwa;
pub mod search;
pub mod store;
pub mod streams;
