//! `newsdesk-proxy`: reads its [`Config`], loads the demo newsroom, prints
//! the URL to open, and serves until Ctrl-C or SIGTERM.

use std::io::{IsTerminal as _, Write as _};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;

use clap::Parser as _;
use newsdesk_proxy::{app, AppState, Config};
use tracing_subscriber::EnvFilter;

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

    let state = match AppState::demo(&config.dist) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot load the demo newsroom");
            return ExitCode::FAILURE;
        }
    };
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

    let served = axum::serve(listener, app(state))
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
