//! `newsdesk-proxy`: reads its [`Config`], loads the operator's sources (or
//! the demo newsroom), prints the URL to open, and serves until Ctrl-C or
//! SIGTERM. `newsdesk-proxy normalize FILE` prints what a feed becomes,
//! `newsdesk-proxy extract FILE --url URL` what an article page becomes.

use std::convert::Infallible;
use std::io::{IsTerminal as _, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;

use std::sync::Arc;

use axum::extract::Request;
use axum::serve::IncomingStream;
use clap::Parser as _;
use newsdesk_fetcher::FetchPolicy;
use newsdesk_ingest::signer::MediaSigner;
use newsdesk_ingest::sources::SourcesFile;
use newsdesk_proxy::config::Command;
use newsdesk_proxy::{AppState, Config, MediaProxy, Newsstand, OpenFeeds};
use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

/// mimalloc instead of the system allocator: parsing and sanitizing feeds
/// and pages allocates small objects by the million (ARCHITECTURE.md,
/// Choices: bench 6's time per pass 0.79 s → 0.51–0.61 s).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|error| {
        eprintln!(
            "newsdesk-proxy: ignoring log filter {:?} ({error}); using `info`",
            config.log
        );
        EnvFilter::new("info")
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes only help a person at a terminal; in a log file or
        // journal they are noise.
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    if let Some(Command::Normalize {
        file,
        content_type,
        source,
    }) = &config.command
    {
        return normalize_file(file, content_type.as_deref(), source);
    }
    if let Some(Command::Extract {
        file,
        url,
        content_type,
    }) = &config.command
    {
        return extract_file(file, url, content_type.as_deref());
    }

    let state = match config.config.as_deref() {
        None => match AppState::demo(&config.dist) {
            Ok(state) => state,
            Err(error) => {
                tracing::error!(%error, "cannot load the demo newsroom");
                return ExitCode::FAILURE;
            }
        },
        Some(path) => match start_library(path, &config.dist).await {
            Ok(state) => state,
            Err(error) => {
                tracing::error!(%error, "cannot start with this configuration");
                return ExitCode::FAILURE;
            }
        },
    };
    let state = state.with_rate_limit(config.rate_limit, config.trust_forwarded_for);
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::error!(
                address = %config.listen,
                %error,
                "cannot listen; is another program using this port? Choose another with --listen"
            );
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(config.listen);
    tracing::info!(
        %address,
        dist = %config.dist.display(),
        app_built = state.shell.is_some(),
        "listening"
    );
    // The one line a person clicks. Flushed now: stdout may be a pipe.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "Newsdesk is running at http://{}/",
        clickable(address)
    );
    let _ = stdout.flush();
    drop(stdout);

    // Benchmark 5 compares the hand-written service with tower-http's
    // layers (src/layers.rs); nothing else serves the layered one.
    if std::env::var_os("NEWSDESK_SERVICE").is_some_and(|v| v == "layers") {
        let layered = newsdesk_proxy::layered_proxy(state, &config.allow_origins);
        let connections = tower::service_fn(move |stream: IncomingStream<'_, TcpListener>| {
            let peer = axum::extract::ConnectInfo(*stream.remote_addr());
            let service = tower::ServiceExt::map_request(layered.clone(), move |mut r: Request| {
                r.extensions_mut().insert(peer);
                r
            });
            std::future::ready(Ok::<_, Infallible>(service))
        });
        let served = axum::serve(listener, connections)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        return if served.is_ok() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let proxy = newsdesk_proxy::proxy(state, &config.allow_origins);
    // Each connection gets the proxy for its peer (the rate limit's client).
    let connections = tower::service_fn(move |stream: IncomingStream<'_, TcpListener>| {
        std::future::ready(Ok::<_, Infallible>(
            proxy.for_peer(stream.remote_addr().ip()),
        ))
    });
    let served = axum::serve(listener, connections)
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(error) => {
            tracing::error!(%error, "the server stopped with an error");
            ExitCode::FAILURE
        }
    }
}

/// Loads the sources file, fetches every source once (so the first reader
/// sees news), and keeps refreshing them in the background.
async fn start_library(
    path: &std::path::Path,
    dist: &std::path::Path,
) -> Result<AppState, Box<dyn std::error::Error>> {
    let file = SourcesFile::load(path)?;
    let signer = match &file.media_key {
        Some(key) => MediaSigner::new(key.as_bytes())?,
        None => MediaSigner::random()?,
    };
    let (refresher, newsstand) =
        Newsstand::follow(newsdesk_proxy::refresher(&file, Some(signer.clone()))?);
    let refresher = Arc::new(refresher);
    let mut images = FetchPolicy::images();
    for port in file.named_ports() {
        images = images.with_port(port);
    }
    // Reader-added feeds: 80 and 443 only, whatever the operator's sources use.
    let mut feeds = FetchPolicy::feeds();
    if file.allow_loopback_upstreams {
        images = loopback(images)?;
        feeds = loopback(feeds)?;
        // Test publishers listen on random ports: let reader-added feeds
        // reach the ports the test's own sources use.
        for port in file.named_ports() {
            feeds = feeds.with_port(port);
        }
    }
    let open_feeds = match file.open_feeds {
        true => Some(OpenFeeds::new(signer.clone(), feeds)?),
        false => None,
    };
    let media = MediaProxy::new(signer, images)?;
    tracing::info!(
        sources = file.sources.len(),
        "fetching every source once before serving"
    );
    refresher.refresh_all().await;
    let state = AppState::sources(newsstand, media, open_feeds, dist);
    tokio::spawn(refresher.run());
    Ok(state)
}

#[cfg(feature = "test-upstreams")]
fn loopback(policy: FetchPolicy) -> Result<FetchPolicy, Box<dyn std::error::Error>> {
    Ok(policy.allow_loopback_for_tests())
}

#[cfg(not(feature = "test-upstreams"))]
fn loopback(_: FetchPolicy) -> Result<FetchPolicy, Box<dyn std::error::Error>> {
    Err("allow_loopback_upstreams needs a test build (the `test-upstreams` feature)".into())
}

/// The bytes of `file`, or of standard input for `-`; says why not.
fn read_input(file: &std::path::Path) -> Option<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    let read = if file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    match read {
        Ok(_) => Some(bytes),
        Err(error) => {
            eprintln!("newsdesk-proxy: cannot read {}: {error}", file.display());
            None
        }
    }
}

/// `newsdesk-proxy extract FILE|- --url URL`: the article the server
/// would take from this page, as JSON (images keep their own URLs: there
/// is no media key here).
fn extract_file(file: &std::path::Path, url: &url::Url, content_type: Option<&str>) -> ExitCode {
    let Some(bytes) = read_input(file) else {
        return ExitCode::FAILURE;
    };
    let policy = newsdesk_ingest::sanitize::UrlPolicy::default();
    match newsdesk_ingest::fulltext::extract(&bytes, content_type, url, &policy) {
        Ok(article) => match serde_json::to_string_pretty(&article) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("newsdesk-proxy: {error}");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            eprintln!("newsdesk-proxy: {}: {error}", file.display());
            ExitCode::FAILURE
        }
    }
}

/// `newsdesk-proxy normalize FILE|-`: the server's normalization, printed.
fn normalize_file(file: &std::path::Path, content_type: Option<&str>, source: &str) -> ExitCode {
    let Some(bytes) = read_input(file) else {
        return ExitCode::FAILURE;
    };
    match newsdesk_ingest::normalize::normalize_for_cli(&bytes, content_type, source) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("newsdesk-proxy: {}: {error}", file.display());
            ExitCode::FAILURE
        }
    }
}

/// A URL host a browser can open: `0.0.0.0` / `[::]` mean "every
/// interface", which is not an address to visit, so show loopback.
fn clickable(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    }
}

/// Resolves on Ctrl-C or (on Unix) SIGTERM, so requests in flight finish
/// before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
