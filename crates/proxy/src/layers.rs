//! The proxy as tower-http layers: one `ServiceBuilder` around the whole
//! router, as axum's documentation builds middleware (`TraceLayer`,
//! `SetResponseHeaderLayer`, `CorsLayer`, the rate limit as
//! `middleware::from_fn`), in the order of [`crate::service::Proxy`].
//!
//! It is what `make bench` (benchmark 5) measures against the hand-written
//! [`crate::service::Proxy`], which the proxy serves: a build runs this one
//! only with `NEWSDESK_SERVICE=layers` in its environment. ARCHITECTURE.md,
//! Choices, has the figures and the decision.

use std::convert::Infallible;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Response, StatusCode};
use axum::middleware::{self, Next};
use axum::Router;
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt as _};
use tower_http::cors::CorsLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

use crate::api;
use crate::headers::{self, STRICT_CSP};
use crate::ratelimit;
use crate::AppState;

/// The layered proxy, boxed (its type is the whole stack's).
pub type Layered = BoxCloneSyncService<Request, Response<Body>, Infallible>;

/// `router` inside logging, security headers, CORS (when `cors` is given)
/// and the rate limit with the API's prepared answers.
pub fn layered(state: AppState, router: Router, cors: Option<CorsLayer>) -> Layered {
    let app_csp = state.shell.as_deref().map(|shell| shell.csp().clone());
    // The four constant headers of every answer (`headers::ALWAYS`).
    let [h1, h2, h3, h4] = headers::ALWAYS
        .map(|(name, value)| SetResponseHeaderLayer::<HeaderValue>::overriding(name, value));
    let service = ServiceBuilder::new()
        .layer(TraceLayer::new_for_http().on_failure(DefaultOnFailure::new().level(Level::WARN)))
        .layer(h1)
        .layer(h2)
        .layer(h3)
        .layer(h4)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            move |response: &Response<Body>| csp_for(response, app_csp.as_ref()),
        ))
        .option_layer(cors)
        .layer(middleware::from_fn_with_state(state, limit))
        .service(router)
        .map_response(|response| response.map(Body::new));
    BoxCloneSyncService::new(service)
}

/// The CSP `headers::secure` would give this response: none on a 304, the
/// app's on its HTML, the strict one on the rest.
fn csp_for(response: &Response<Body>, app_csp: Option<&HeaderValue>) -> Option<HeaderValue> {
    if response.status() == StatusCode::NOT_MODIFIED {
        return None;
    }
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(headers::is_html);
    Some(match (app_csp, html) {
        (Some(csp), true) => csp.clone(),
        _ => HeaderValue::from_static(STRICT_CSP),
    })
}

/// The rate limit (`/api/` only; the client from the `ConnectInfo` the
/// server adds), then the API's prepared answers, then the router.
async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response<Body> {
    if let Err(wait) = state.limiter.admit(&request, None) {
        return ratelimit::too_many_requests(wait);
    }
    if let Some(response) = api::prepared(&state, &request) {
        return response;
    }
    next.run(request).await
}
