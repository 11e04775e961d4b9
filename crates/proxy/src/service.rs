//! The proxy as one tower [`Service`]: request logging, security headers,
//! CORS (when configured) and the rate limit around the [`Router`], in one
//! pass with concrete futures.
//!
//! Stacking them as axum layers (`Router::layer`) wraps *every route* in
//! each of them: per request that cloned and boxed each layer's service,
//! boxed each layer's future and the body, and read the clock. Here a
//! request costs one clone of [`Proxy`] (two reference counts), the rate
//! limiter's check, the router, and the header inserts of
//! [`headers::secure`].
//!
//! The order is the one the layers had, outermost first:
//!
//! 1. logging ([`Logging`]: 5xx answers as warnings, every request at
//!    debug, under this module's own target);
//! 2. security headers, on every response, whatever produced it;
//! 3. CORS, when the operator allowed origins (so a 429 carries CORS
//!    headers and a preflight never costs a token);
//! 4. the rate limit ([`crate::RateLimiter`]), for `/api/` only;
//! 5. the router, except for the API's hottest answers, which
//!    [`api::prepared`] takes straight from the current edition.
//!
//! The client of a connection is known when it is accepted
//! ([`Proxy::for_peer`]); without one (tests driving [`crate::app`]), the
//! rate limiter falls back to a `ConnectInfo` extension, then to one shared
//! client.

use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use axum::routing::future::RouteFuture;
use axum::Router;
use pin_project_lite::pin_project;
use tower::{Layer as _, Service};
use tower_http::cors::{Cors, CorsLayer};
use tracing::Level;

use crate::api;
use crate::assets::AppShell;
use crate::headers;
use crate::ratelimit;
use crate::AppState;

/// How much of each request is logged, decided once when the service is
/// built from the log filter then in force (the filter is set at start-up
/// and never changes). The events are this module's own
/// (`newsdesk_proxy::service`), not copies of tower-http's `TraceLayer`
/// targets: the served proxy has no `TraceLayer` (see Choices).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logging {
    /// Nothing is logged per request (e.g. `--log error`).
    Off,
    /// 5xx answers are logged as warnings ("response failed", with the
    /// status and the latency): the default `info` filter.
    Failures,
    /// Every request too, at debug ("request", with the method, path,
    /// status and latency): `--log debug` or `newsdesk_proxy=debug`.
    Full,
}

impl Logging {
    /// What the current log filter lets through for this module.
    pub fn from_filter() -> Logging {
        if tracing::enabled!(Level::DEBUG) {
            Logging::Full
        } else if tracing::enabled!(Level::WARN) {
            Logging::Failures
        } else {
            Logging::Off
        }
    }
}

/// The whole proxy: logging, security headers, CORS, rate limit, router.
///
/// Cloned for every request (hyper's service adapter does): a clone is
/// three reference counts (its parts, the router, the state).
#[derive(Clone)]
pub struct Proxy {
    parts: Arc<Parts>,
    inner: Inner,
}

/// What every connection's [`Proxy`] shares.
struct Parts {
    state: AppState,
    logging: Logging,
    /// Kept to build [`Inner`] again for each connection's peer.
    router: Router,
    cors: Option<CorsLayer>,
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Proxy")
            .field("logging", &self.parts.logging)
            .field("cors", &self.parts.cors.is_some())
            .finish_non_exhaustive()
    }
}

/// The stack inside the security headers, in the shape the configuration
/// asks for.
#[derive(Clone)]
enum Inner {
    Plain(Limited),
    /// Shared: `Cors` holds the allowed origins, too much to copy for each
    /// request; it is cloned only when called.
    Cors(Arc<Cors<Limited>>),
}

impl Proxy {
    /// The proxy for `router`, answering CORS with `cors` if given, logging
    /// as `logging` says.
    pub fn new(
        state: AppState,
        router: Router,
        cors: Option<CorsLayer>,
        logging: Logging,
    ) -> Proxy {
        let parts = Arc::new(Parts {
            state,
            logging,
            router,
            cors,
        });
        Proxy {
            inner: parts.inner(None),
            parts,
        }
    }

    /// How much of each request this proxy logs.
    pub fn logging(&self) -> Logging {
        self.parts.logging
    }

    /// This proxy for the requests of one connection from `peer` (the
    /// rate limit's client unless `X-Forwarded-For` is trusted).
    pub fn for_peer(&self, peer: IpAddr) -> Proxy {
        Proxy {
            inner: self.parts.inner(Some(peer)),
            parts: self.parts.clone(),
        }
    }
}

impl Parts {
    fn inner(&self, peer: Option<IpAddr>) -> Inner {
        let limited = Limited {
            router: self.router.clone(),
            state: self.state.clone(),
            peer,
        };
        match &self.cors {
            Some(cors) => Inner::Cors(Arc::new(cors.layer(limited))),
            None => Inner::Plain(limited),
        }
    }
}

impl Service<Request> for Proxy {
    type Response = Response;
    type Error = Infallible;
    type Future = ProxyFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // Every part is always ready: the router, the limiter (it answers
        // 429 rather than waiting) and CORS.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> ProxyFuture {
        let logged = match self.parts.logging {
            Logging::Off => None,
            Logging::Failures => Some(Logged {
                start: Instant::now(),
                request: None,
            }),
            Logging::Full => Some(Logged {
                start: Instant::now(),
                request: Some((request.method().clone(), request.uri().path().to_owned())),
            }),
        };
        let inner = match &mut self.inner {
            Inner::Plain(limited) => InnerFuture::Plain {
                future: limited.call(request),
            },
            Inner::Cors(cors) => InnerFuture::Cors {
                future: Cors::clone(cors).call(request),
            },
        };
        ProxyFuture {
            inner,
            parts: self.parts.clone(),
            logged,
        }
    }
}

pin_project! {
    /// The response future of [`Proxy`].
    pub struct ProxyFuture {
        #[pin]
        inner: InnerFuture,
        parts: Arc<Parts>,
        logged: Option<Logged>,
    }
}

/// What a logged request's answer is logged with.
struct Logged {
    start: Instant,
    /// Method and path, for [`Logging::Full`].
    request: Option<(Method, String)>,
}

pin_project! {
    #[project = InnerProj]
    enum InnerFuture {
        Plain { #[pin] future: LimitedFuture },
        Cors { #[pin] future: <Cors<Limited> as Service<Request>>::Future },
    }
}

impl Future for ProxyFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = match this.inner.project() {
            InnerProj::Plain { future } => std::task::ready!(future.poll(cx)),
            InnerProj::Cors { future } => std::task::ready!(future.poll(cx)),
        };
        let Ok(mut response) = result;
        headers::secure(
            &mut response,
            this.parts.state.shell.as_deref().map(AppShell::csp),
        );
        if let Some(logged) = this.logged.take() {
            log(&response, logged);
        }
        Poll::Ready(Ok(response))
    }
}

/// Logs an answer: a 5xx as a warning (the common one is 503 "app not
/// built", an operator's to-do rather than a fault), and with
/// [`Logging::Full`] every answer at debug.
fn log(response: &Response, logged: Logged) {
    let status = response.status();
    let latency = logged.start.elapsed();
    if status.is_server_error() {
        tracing::warn!(
            status = status.as_u16(),
            latency = %format_args!("{} ms", latency.as_millis()),
            "response failed"
        );
    }
    if let Some((method, path)) = logged.request {
        tracing::debug!(
            %method,
            path,
            status = status.as_u16(),
            latency = %format_args!("{} µs", latency.as_micros()),
            "request"
        );
    }
}

/// The rate limit in front of the router, and the API's prepared answers
/// ([`api::prepared`]) beside it.
#[derive(Clone)]
struct Limited {
    router: Router,
    state: AppState,
    peer: Option<IpAddr>,
}

impl Service<Request> for Limited {
    type Response = Response;
    type Error = Infallible;
    type Future = LimitedFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> LimitedFuture {
        if let Err(wait) = self.state.limiter.admit(&request, self.peer) {
            return LimitedFuture::Ready {
                response: Some(ratelimit::too_many_requests(wait)),
            };
        }
        match api::prepared(&self.state, &request) {
            Some(response) => LimitedFuture::Ready {
                response: Some(response),
            },
            None => LimitedFuture::Routed {
                future: self.router.call(request),
            },
        }
    }
}

pin_project! {
    /// The response future of [`Limited`]: the router's, or an answer
    /// made at once (a 429, or a prepared API body).
    #[project = LimitedProj]
    enum LimitedFuture {
        /// Admitted: the router answers.
        Routed { #[pin] future: RouteFuture<Infallible> },
        /// Answered without the router (taken when polled).
        Ready { response: Option<Response> },
    }
}

impl Future for LimitedFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            LimitedProj::Routed { future } => future.poll(cx),
            LimitedProj::Ready { response } => match response.take() {
                Some(response) => Poll::Ready(Ok(response)),
                None => Poll::Pending,
            },
        }
    }
}
