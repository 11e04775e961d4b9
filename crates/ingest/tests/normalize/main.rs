//! The feed normalizer against real-looking feeds we wrote
//! (tests/fixtures/feeds/): what a reader would see from each one.
//!
//! `cargo test -p newsdesk-ingest --test normalize`

mod errors;
mod formats;
mod golden;
mod hostile;
mod ids;
mod links;
mod media;
mod mutations;
mod options;
mod support;
