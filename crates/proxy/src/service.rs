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
//! 1. logging (the events of tower-http's `TraceLayer`, see [`Logging`]);
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
use axum::response::Response;
use axum::routing::future::RouteFuture;
use axum::Router;
use pin_project_lite::pin_project;
use tower::util::BoxCloneSyncService;
use tower::{Layer as _, Service};
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::cors::{Cors, CorsLayer};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

use crate::api;
use crate::assets::AppShell;
use crate::headers;
use crate::ratelimit;
use crate::AppState;

/// Where request logs go: the targets of tower-http's `TraceLayer`, which
/// this service replaces, so filters such as `tower_http=debug` keep
/// working.
const ON_FAILURE_TARGET: &str = "tower_http::trace::on_failure";

/// How much of each request is logged, decided once when the service is
/// built from the log filter then in force (the filter is set at start-up
/// and never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Logging {
    /// Nothing is logged per request (e.g. `--log error`).
    Off,
    /// 5xx answers are logged as warnings ("response failed", with the
    /// status and the latency), exactly as `TraceLayer` with
    /// `DefaultOnFailure` at WARN does: the default `info` filter.
    Failures,
    /// tower-http's `TraceLayer` itself (a `request` span, "started
    /// processing request", "finished processing request", "end of
    /// stream", failures as warnings), when a filter enables its debug
    /// events (`tower_http=debug`).
    Full,
}

impl Logging {
    /// What the current log filter lets through.
    pub fn from_filter() -> Logging {
        if tracing::enabled!(target: "tower_http::trace::on_response", Level::DEBUG)
            || tracing::enabled!(target: "tower_http::trace::make_span", Level::DEBUG)
            || tracing::enabled!(target: "tower_http::trace::on_request", Level::DEBUG)
            || tracing::enabled!(target: "tower_http::trace::on_eos", Level::DEBUG)
        {
            Logging::Full
        } else if tracing::enabled!(target: ON_FAILURE_TARGET, Level::WARN) {
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
    /// `TraceLayer` around the rest ([`Logging::Full`] only), boxed: a
    /// debugging setting, not the hot path.
    Traced(BoxCloneSyncService<Request, Response, Infallible>),
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
        match (&self.cors, self.logging) {
            (Some(cors), Logging::Full) => Inner::Traced(traced(cors.layer(limited))),
            (None, Logging::Full) => Inner::Traced(traced(limited)),
            (Some(cors), _) => Inner::Cors(Arc::new(cors.layer(limited))),
            (None, _) => Inner::Plain(limited),
        }
    }
}

/// `TraceLayer` as the proxy had it: 5xx answers logged as warnings, not
/// errors (the common one is 503 "app not built", an operator's to-do
/// rather than a fault).
fn traced<S>(service: S) -> BoxCloneSyncService<Request, Response, Infallible>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
    let layer = TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::WARN));
    BoxCloneSyncService::new(tower::util::MapResponse::new(
        layer.layer(service),
        |response: axum::http::Response<_>| response.map(axum::body::Body::new),
    ))
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
        let start = (self.parts.logging == Logging::Failures).then(Instant::now);
        let inner = match &mut self.inner {
            Inner::Plain(limited) => InnerFuture::Plain {
                future: limited.call(request),
            },
            Inner::Cors(cors) => InnerFuture::Cors {
                future: Cors::clone(cors).call(request),
            },
            Inner::Traced(traced) => InnerFuture::Traced {
                future: traced.call(request),
            },
        };
        ProxyFuture {
            inner,
            parts: self.parts.clone(),
            start,
        }
    }
}

pin_project! {
    /// The response future of [`Proxy`].
    pub struct ProxyFuture {
        #[pin]
        inner: InnerFuture,
        parts: Arc<Parts>,
        start: Option<Instant>,
    }
}

pin_project! {
    #[project = InnerProj]
    enum InnerFuture {
        Plain { #[pin] future: LimitedFuture },
        Cors { #[pin] future: <Cors<Limited> as Service<Request>>::Future },
        Traced { #[pin] future: <BoxCloneSyncService<Request, Response, Infallible> as Service<Request>>::Future },
    }
}

impl Future for ProxyFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = match this.inner.project() {
            InnerProj::Plain { future } => std::task::ready!(future.poll(cx)),
            InnerProj::Cors { future } => std::task::ready!(future.poll(cx)),
            InnerProj::Traced { future } => std::task::ready!(future.poll(cx)),
        };
        let Ok(mut response) = result;
        headers::secure(
            &mut response,
            this.parts.state.shell.as_deref().map(AppShell::csp),
        );
        if let Some(start) = this.start {
            log_failure(&response, *start);
        }
        Poll::Ready(Ok(response))
    }
}

/// What `TraceLayer` with `DefaultOnFailure` at WARN logs for a 5xx
/// answer, with the same target, fields and words.
fn log_failure(response: &Response, start: Instant) {
    let status = response.status();
    if status.is_server_error() {
        let latency = start.elapsed();
        tracing::warn!(
            target: ON_FAILURE_TARGET,
            classification = %ServerErrorsFailureClass::StatusCode(status),
            latency = %format_args!("{} ms", latency.as_millis()),
            "response failed"
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
