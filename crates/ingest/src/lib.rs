//! Newsdesk's feed pipeline, from a publisher's bytes to the [`Newsroom`]
//! snapshot the proxy serves. No HTTP server or client lives here: the
//! refresh loop fetches through the [`upstream::Upstream`] port, which the
//! `newsdesk-fetcher` crate implements.
//!
//! The stages, in the data's order:
//!
//! | module | does |
//! | --- | --- |
//! | [`upstream`] | the fetch port: [`upstream::Fetched`], validators, [`upstream::FetchError`] |
//! | [`netguard`] | which IP addresses are public (the fetcher's address rules) |
//! | [`parser`] | bytes → [`parser::ParsedFeed`], one module per format |
//! | [`normalize`] | parsed → a clean JSON Feed 1.1 page of our model |
//! | [`fulltext`] | summary-only items → the article from their page (Readability) |
//! | [`sanitize`] | the HTML allowlist and URL checks normalize applies |
//! | [`signer`] | signed `/api/media` links for images |
//! | [`ids`] | the one rule for item and source ids |
//! | [`newsroom`] | [`Newsroom`]: one immutable snapshot, paged and indexed |
//! | [`refresh`] | [`Refresher`]: the operator's sources, refreshed on their intervals |
//! | [`sources`] | the operator's sources file (TOML) |
//! | [`demo`] | the embedded demo newsroom and its assets |
//! | [`clock`] | RFC 3339 timestamps without a date crate |

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod clock;
pub mod demo;
pub mod fulltext;
pub mod ids;
pub mod netguard;
pub mod newsroom;
pub mod normalize;
pub mod parser;
pub mod refresh;
pub mod sanitize;
pub mod signer;
pub mod sources;
pub mod upstream;

pub use newsroom::Newsroom;
pub use refresh::Refresher;
