//! The proxy driven through its router, no socket: what the app and a
//! browser see over HTTP.

mod api;
mod compression;
mod content;
mod media;
mod service;
mod shell;
mod support;
