//! The proxy's configuration: [`Config`] from flags or environment. The
//! operator's sources file is read by `newsdesk_ingest::sources`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Default address: loopback only, so a fresh `cargo run` never exposes the
/// proxy to the network by surprise. Operators opt in with `--listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Default folder of the built app: where `trunk build` writes it when run
/// from the repository root.
pub const DEFAULT_DIST: &str = "dist";

/// Everything an operator can set. Each flag can also come from the
/// environment, so container deployments need no command line.
///
/// ```
/// use clap::Parser;
/// let config = newsdesk_proxy::Config::parse_from(["newsdesk-proxy", "--listen", "127.0.0.1:9000"]);
/// assert_eq!(config.listen.port(), 9000);
/// ```
#[derive(Debug, Clone, Parser)]
#[command(
    name = "newsdesk-proxy",
    version,
    about = "Serves the Newsdesk app and its publishers' feeds as JSON Feed 1.1.",
    long_about = "Serves the Newsdesk app and its publishers' feeds as JSON Feed 1.1.\n\n\
        With no --config it serves an embedded demo newsroom and needs no network. \
        With --config it fetches the RSS, Atom or JSON feeds listed there, normalizes \
        and sanitizes them, and serves the last good copy when a publisher is down.\n\n\
        `newsdesk-proxy normalize FILE` prints what a feed file becomes, for debugging."
)]
pub struct Config {
    /// A TOML file listing the sources to fetch (see README, "Deploy").
    /// Default: none, which serves the embedded demo newsroom.
    #[arg(long, env = "NEWSDESK_CONFIG")]
    pub config: Option<PathBuf>,

    /// Origins allowed to call the API from a browser (CORS), for an app
    /// hosted on another origin, e.g. `https://news.example.org`. Repeat
    /// the flag or separate with commas. Default: none (same origin only).
    #[arg(
        long = "allow-origin",
        env = "NEWSDESK_ALLOW_ORIGINS",
        value_delimiter = ','
    )]
    pub allow_origins: Vec<String>,

    /// Requests a client may make per minute before getting 429.
    /// Default: 300 (a reader paging quickly makes a few dozen).
    #[arg(long, env = "NEWSDESK_RATE_LIMIT", default_value_t = crate::ratelimit::DEFAULT_PER_MINUTE)]
    pub rate_limit: u32,

    /// Take the client address for rate limiting from `X-Forwarded-For`.
    /// Only behind your own reverse proxy: anyone can forge that header.
    #[arg(long, env = "NEWSDESK_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// A debugging command instead of the server.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to listen on. Default: 127.0.0.1:8080.
    #[arg(long, env = "NEWSDESK_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// Folder of the built app (trunk's output). Default: `dist`. If it has
    /// no index.html the API still works and `/` explains how to build.
    #[arg(long, env = "NEWSDESK_DIST", default_value = DEFAULT_DIST)]
    pub dist: PathBuf,

    /// Log filter, in `tracing` env-filter syntax (e.g. `info`,
    /// `newsdesk_proxy=debug` logs every request; refreshes log under
    /// `newsdesk_ingest`, fetches under `newsdesk_fetcher`). Default: `info`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,
}

/// Commands besides serving.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Read one RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed document and print
    /// the normalized, sanitized JSON Feed 1.1 the server would serve.
    Normalize {
        /// The feed file, or `-` for standard input.
        file: PathBuf,
        /// The HTTP Content-Type it was served with, e.g.
        /// `application/rss+xml; charset=windows-1251` (decides the charset).
        #[arg(long)]
        content_type: Option<String>,
        /// The source id that prefixes item ids.
        #[arg(long, default_value = "feed")]
        source: String,
    },
    /// Read one article page and print, as JSON, the article the server
    /// would put in a summary-only item: `title`, `byline`,
    /// `content_html` (sanitized), `lead_image`, `text_length`.
    Extract {
        /// The page's HTML file, or `-` for standard input.
        file: PathBuf,
        /// The page's address: links and images resolve against it.
        #[arg(long)]
        url: url::Url,
        /// The HTTP Content-Type it was served with, e.g.
        /// `text/html; charset=windows-1251` (decides the charset).
        #[arg(long)]
        content_type: Option<String>,
    },
}
