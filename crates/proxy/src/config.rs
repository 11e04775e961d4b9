//! The proxy's configuration: one struct, read from flags or environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

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
    about = "Serves the Newsdesk app and its news feeds (an embedded demo newsroom)."
)]
pub struct Config {
    /// Address and port to listen on. Default: 127.0.0.1:8080.
    #[arg(long, env = "NEWSDESK_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,

    /// Folder of the built app (trunk's output). Default: `dist`. If it has
    /// no index.html the API still works and `/` explains how to build.
    #[arg(long, env = "NEWSDESK_DIST", default_value = DEFAULT_DIST)]
    pub dist: PathBuf,

    /// Log filter, in `tracing` env-filter syntax (e.g. `info`,
    /// `newsdesk_proxy=debug,tower_http=debug`). Default: `info`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,
}
