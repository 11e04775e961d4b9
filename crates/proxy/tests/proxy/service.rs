//! The proxy service itself (what `main` serves): security headers on every
//! kind of answer, the rate limit per connection peer.

use std::net::IpAddr;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;

use crate::support::{assert_secured, call, get, get_with, send, state, Build, Reply, STRICT_CSP};

#[tokio::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let build = Build::new();
    let proxy = newsdesk_proxy::proxy(state(&build, 6), &[]).for_peer(IpAddr::from([192, 0, 2, 1]));
    for accept in ["identity", "gzip", "br"] {
        let ok = call(&proxy, "/api/feed/news", &[("accept-encoding", accept)]).await;
        assert_eq!(ok.status, StatusCode::OK, "{accept}");
        assert_secured(&format!("200 {accept}"), &ok, Some(STRICT_CSP));
        let etag = ok.header("etag").to_owned();
        let not_modified = call(
            &proxy,
            "/api/feed/news",
            &[("accept-encoding", accept), ("if-none-match", &etag)],
        )
        .await;
        assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED, "{accept}");
        assert_secured(&format!("304 {accept}"), &not_modified, None);
        assert_eq!(not_modified.header("etag"), etag);
    }
    // Six tokens a minute, all used: the seventh request is refused.
    let refused = call(&proxy, "/api/feed", &[]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_secured("429", &refused, Some(STRICT_CSP));
    assert_eq!(refused.header("content-type"), "application/json");
    let wait: u64 = refused.header("retry-after").parse().expect("seconds");
    assert!((1..=10).contains(&wait), "{wait}");
    assert!(refused.text().contains("too many requests"));

    // The app's files are never rate limited, and get the same headers.
    let missing = call(&proxy, "/missing.css", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_secured("404 file", &missing, Some(STRICT_CSP));
    let page = call(&proxy, "/article/x", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_secured(
        "index.html",
        &page,
        Some(page.header("content-security-policy")),
    );
    assert!(page.header("content-security-policy").contains("sha256-"));
}

#[tokio::test]
async fn api_errors_and_refusals_through_the_router_carry_the_security_headers() {
    let build = Build::new();
    let router = newsdesk_proxy::app(state(&build, 2));
    let missing = get(&router, "/api/item/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_secured("404", &missing, Some(STRICT_CSP));
    let post = send(
        &router,
        Request::post("/api/feed").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_secured("405", &post, Some(STRICT_CSP));
    let refused = get_with(&router, "/api/sources", &[("accept-encoding", "br")]).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_secured("429", &refused, Some(STRICT_CSP));
}

#[tokio::test]
async fn each_client_address_has_its_own_budget_across_connections() {
    let build = Build::new();
    let proxy = newsdesk_proxy::proxy(state(&build, 2), &[]);
    let first = proxy.for_peer(IpAddr::from([192, 0, 2, 1]));
    let other = proxy.for_peer(IpAddr::from([192, 0, 2, 2]));
    for _ in 0..2 {
        assert_eq!(
            call(&first, "/api/sources", &[]).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        call(&first, "/api/sources", &[]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // A new connection from the same address shares its budget…
    let again = proxy.for_peer(IpAddr::from([192, 0, 2, 1]));
    assert_eq!(
        call(&again, "/api/sources", &[]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // …another address has its own.
    assert_eq!(
        call(&other, "/api/sources", &[]).await.status,
        StatusCode::OK
    );
}

/// A request as the proxy gets it.
fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::empty()).expect("request")
}

async fn reply(mut response: axum::response::Response) -> Reply {
    // What the proxy does to every answer, whoever made it.
    newsdesk_proxy::headers::secure(&mut response, None);
    let (mut parts, body) = response.into_parts();
    let body = body.collect().await.expect("body").to_bytes();
    // The router states the length; hyper does the same for the prepared
    // answers when it writes them.
    if let Some(length) = parts.headers.remove("content-length") {
        assert_eq!(length.to_str().unwrap(), body.len().to_string());
    }
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

#[tokio::test]
async fn prepared_answers_are_the_routes_answers() {
    let build = Build::new();
    let state = state(&build, 1_000_000);
    let routes = newsdesk_proxy::api::routes().with_state(state.clone());
    let mut checked = 0;
    for uri in [
        "/api/sources",
        "/api/feed",
        "/api/feed/news",
        "/api/feed/analysis",
        "/api/feed/video",
    ] {
        for accept in [
            "",
            "identity",
            "gzip",
            "br",
            "gzip, deflate, br",
            "br;q=0, gzip",
        ] {
            let mut headers = vec![];
            if !accept.is_empty() {
                headers.push(("accept-encoding", accept));
            }
            let routed = reply(
                routes
                    .clone()
                    .oneshot(request("GET", uri, &headers))
                    .await
                    .expect("infallible"),
            )
            .await;
            let prepared = newsdesk_proxy::api::prepared(&state, &request("GET", uri, &headers))
                .unwrap_or_else(|| panic!("{uri} is prepared"));
            let prepared = reply(prepared).await;
            assert_eq!(routed.status, StatusCode::OK, "{uri} {accept}");
            assert_eq!(prepared.status, routed.status, "{uri} {accept}");
            assert_eq!(prepared.headers, routed.headers, "{uri} {accept}");
            assert_eq!(prepared.body, routed.body, "{uri} {accept}");

            let etag = routed.header("etag").to_owned();
            headers.push(("if-none-match", &etag));
            let routed = reply(
                routes
                    .clone()
                    .oneshot(request("GET", uri, &headers))
                    .await
                    .expect("infallible"),
            )
            .await;
            let prepared = reply(
                newsdesk_proxy::api::prepared(&state, &request("GET", uri, &headers))
                    .expect("prepared"),
            )
            .await;
            assert_eq!(routed.status, StatusCode::NOT_MODIFIED, "{uri} {accept}");
            assert_eq!(prepared.status, routed.status, "{uri} {accept}");
            assert_eq!(prepared.headers, routed.headers, "{uri} {accept}");
            assert!(prepared.body.is_empty());
            checked += 1;
        }
    }
    assert_eq!(checked, 30);
}

#[tokio::test]
async fn everything_else_is_left_to_the_router() {
    let build = Build::new();
    let state = state(&build, 1_000_000);
    for (method, uri) in [
        ("HEAD", "/api/feed/news"),
        ("POST", "/api/feed"),
        ("GET", "/api/feed?page=2"),
        ("GET", "/api/feed?"),
        ("GET", "/api/feed/news?kind=video"),
        ("GET", "/api/feed/n%65ws"),
        ("GET", "/api/feed/"),
        ("GET", "/api/feed/news/"),
        ("GET", "/api/feed/news/more"),
        ("GET", "/api/feed/nobody"),
        ("GET", "/api/item/x"),
        ("GET", "/api/sources/"),
        ("GET", "/"),
    ] {
        assert!(
            newsdesk_proxy::api::prepared(&state, &request(method, uri, &[])).is_none(),
            "{method} {uri}"
        );
    }
    // And the router still answers them as before.
    let proxy = newsdesk_proxy::proxy(state, &[]);
    let encoded = call(&proxy, "/api/feed/n%65ws", &[]).await;
    assert_eq!(encoded.status, StatusCode::OK);
    assert_eq!(encoded.body, call(&proxy, "/api/feed/news", &[]).await.body);
    let nobody = call(&proxy, "/api/feed/nobody", &[]).await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    assert_secured("404 source", &nobody, Some(STRICT_CSP));
}

/// Benchmark 5 compares the hand-written service with the same proxy as
/// tower-http layers (`layers.rs`): the comparison only means something if
/// both give every answer the same status, headers and body.
#[tokio::test]
async fn the_layered_proxy_answers_as_the_service_does() {
    let build = Build::new();
    let peer = axum::extract::ConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 7], 1)));
    // One snapshot for both: two demo loads a second apart date their
    // stories a second apart, and their bodies differ.
    let state = state(&build, 1000);
    let service = newsdesk_proxy::proxy(state.clone(), &[]).for_peer(peer.0.ip());
    let layered = newsdesk_proxy::layered_proxy(state, &[]);
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("/api/feed/news", &[("accept-encoding", "br")]),
        ("/api/feed?page=2", &[]),
        ("/api/sources", &[]),
        ("/api/item/no-such-item", &[]),
        ("/healthz", &[]),
        ("/", &[]),
        ("/saved", &[]),
        ("/no/such/page", &[]),
        ("/missing.css", &[]),
    ];
    for (uri, headers) in cases {
        let ours = as_sent(
            service
                .clone()
                .oneshot(request("GET", uri, headers))
                .await
                .unwrap(),
        )
        .await;
        let mut layered_request = request("GET", uri, headers);
        layered_request.extensions_mut().insert(peer);
        let theirs = as_sent(layered.clone().oneshot(layered_request).await.unwrap()).await;
        assert_eq!(ours.status, theirs.status, "{uri}");
        assert_eq!(ours.body, theirs.body, "{uri}");
        for name in [
            "content-type",
            "content-encoding",
            "etag",
            "cache-control",
            "content-security-policy",
            "x-content-type-options",
            "referrer-policy",
            "cross-origin-opener-policy",
            "permissions-policy",
        ] {
            assert_eq!(ours.header(name), theirs.header(name), "{uri}: {name}");
        }
    }
}

/// A response as it leaves the service (nothing added, unlike [`reply`]).
async fn as_sent(response: axum::response::Response) -> Reply {
    let (parts, body) = response.into_parts();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body: body.collect().await.expect("body").to_bytes(),
    }
}
