//! The upstream fetcher against publishers' servers this binary runs on
//! 127.0.0.1: what a publisher (or a stranger adding a source) can make the
//! proxy do, and what it cannot.
//!
//! Needs the `test-upstreams` feature, the only way the fetcher reaches
//! loopback: `cargo test -p newsdesk-fetcher --features test-upstreams --test fetch`.
//!
//! No test sends a packet off this machine. Every refused address is refused
//! before connecting, and the tests that name a non-loopback address first
//! assert the pure `FetchPolicy::check_url` refuses it, so a broken guard
//! fails the test instead of reaching the address.

mod addresses;
mod conditional;
mod guard;
mod limits;
mod logs;
mod redirects;
mod requests;
mod stream;
mod support;
