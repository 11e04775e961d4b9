//! Everything the app asks its proxy, and what can go wrong: the only code
//! that talks HTTP (`client`, through gloo-net), the proxy's paths
//! (`paths`), decoding with serde into the feed model (`decode`), and the
//! errors a reader sees (`error`).

mod client;
pub mod decode;
mod error;
mod paths;

pub use client::{base, feed, feed_from_json, item, next_page, resolve, sources, FeedFuture};
pub use error::ApiError;
pub use paths::*;
