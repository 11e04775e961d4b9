//! Compressed answers: what a browser that sends `Accept-Encoding` gets,
//! and that it is the same document, revalidated per encoding.

use std::io::Read as _;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use newsdesk_proxy::edition::LAZY_ENTRIES;

use crate::support::{api_only, get, get_with, index_html, router, send, Build, Reply};

/// The three ways a client can ask: (Accept-Encoding, expected Content-Encoding).
const ENCODINGS: [(&str, &str); 3] = [("", ""), ("br", "br"), ("gzip", "gzip")];

fn decode(reply: &Reply) -> Vec<u8> {
    let mut out = Vec::new();
    match reply.header("content-encoding") {
        "" => out.extend_from_slice(&reply.body),
        "br" => {
            brotli::Decompressor::new(&reply.body[..], 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        "gzip" => {
            flate2::read::GzDecoder::new(&reply.body[..])
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        other => panic!("unexpected Content-Encoding {other:?}"),
    }
    out
}

async fn get_encoded(router: &axum::Router, uri: &str, accept: &str) -> Reply {
    if accept.is_empty() {
        get(router, uri).await
    } else {
        get_with(router, uri, &[("accept-encoding", accept)]).await
    }
}

/// Every kind of API answer: the prepared hot pages, later pages, filters,
/// items and the source list.
async fn api_uris(router: &axum::Router) -> Vec<String> {
    let first = get(router, "/api/feed").await.feed();
    let item = &first.items[0];
    let tag = item.tags.first().expect("demo items have tags");
    vec![
        "/api/feed".into(),
        "/api/feed?page=2".into(),
        "/api/feed?page=4".into(),
        "/api/feed?kind=video".into(),
        format!("/api/feed?tag={tag}"),
        "/api/feed?sources=news,analysis".into(),
        "/api/feed/news".into(),
        "/api/feed/news?page=3".into(),
        "/api/feed/video?kind=video".into(),
        format!("/api/item/{}", item.id),
        "/api/sources".into(),
    ]
}

#[tokio::test]
async fn brotli_and_gzip_bodies_decode_to_the_identity_body() {
    let router = api_only();
    for uri in api_uris(&router).await {
        let plain = get(&router, &uri).await;
        assert_eq!(plain.status, StatusCode::OK, "{uri}: {}", plain.text());
        let mut tags = Vec::new();
        for (accept, coding) in ENCODINGS {
            let reply = get_encoded(&router, &uri, accept).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri} {accept}");
            assert_eq!(reply.header("content-encoding"), coding, "{uri} {accept}");
            assert_eq!(
                reply.header("vary").to_ascii_lowercase(),
                "accept-encoding",
                "{uri} {accept}"
            );
            assert_eq!(
                reply.header("content-type"),
                plain.header("content-type"),
                "{uri} {accept}"
            );
            assert_eq!(
                reply.header("content-security-policy"),
                "default-src 'none'; frame-ancestors 'none'",
                "{uri} {accept}"
            );
            assert_eq!(decode(&reply), plain.body, "{uri} {accept}");
            if !coding.is_empty() {
                assert!(
                    reply.body.len() < plain.body.len(),
                    "{uri} {accept}: {} bytes compressed, {} plain",
                    reply.body.len(),
                    plain.body.len()
                );
            }
            tags.push(reply.header("etag").to_owned());
        }
        assert!(
            tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
            "{uri}: one ETag per encoding: {tags:?}"
        );
        assert!(tags.iter().all(|t| t.starts_with('"') && t.ends_with('"')));
    }
}

#[tokio::test]
async fn each_encoding_revalidates_with_its_own_etag() {
    let router = api_only();
    for uri in api_uris(&router).await {
        for (accept, _) in ENCODINGS {
            let first = get_encoded(&router, &uri, accept).await;
            let tag = first.header("etag").to_owned();
            let mut headers = vec![("if-none-match", tag.as_str())];
            if !accept.is_empty() {
                headers.push(("accept-encoding", accept));
            }
            let again = get_with(&router, &uri, &headers).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri} {accept}");
            assert!(again.body.is_empty());
            assert_eq!(again.header("etag"), tag, "{uri} {accept}");
            assert_eq!(again.header("vary"), "accept-encoding", "{uri} {accept}");
            assert_eq!(again.header("cache-control"), "public, max-age=60");
            assert_eq!(again.header("content-security-policy"), "");

            // Another encoding's tag names other bytes: the full answer.
            for (other, _) in ENCODINGS.iter().filter(|(a, _)| *a != accept) {
                let other_tag = get_encoded(&router, &uri, other).await;
                let mut headers = vec![("if-none-match", other_tag.header("etag"))];
                if !accept.is_empty() {
                    headers.push(("accept-encoding", accept));
                }
                let reply = get_with(&router, &uri, &headers).await;
                assert_eq!(reply.status, StatusCode::OK, "{uri} {accept} vs {other}");
                assert_eq!(reply.body, first.body, "{uri} {accept} vs {other}");
            }
        }
    }
}

#[tokio::test]
async fn accept_encoding_weights_are_respected() {
    let router = api_only();
    let cases = [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0, br;q=0", ""),
        ("gzip;q=1, br;q=0.4", "gzip"),
        ("identity", ""),
        ("*", "br"),
        ("*;q=0", ""),
        ("deflate", ""),
        ("BR", "br"),
    ];
    for (accept, coding) in cases {
        let reply = get_with(&router, "/api/feed", &[("accept-encoding", accept)]).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-encoding"), coding, "{accept}");
        let feed: serde_json::Value = serde_json::from_slice(&decode(&reply)).expect("JSON");
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    }
}

#[tokio::test]
async fn head_requests_name_the_encoding_without_a_body() {
    let router = api_only();
    let full = get_with(&router, "/api/feed/news", &[("accept-encoding", "br")]).await;
    let reply = send(
        &router,
        Request::head("/api/feed/news")
            .header("accept-encoding", "br")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header("content-encoding"), "br");
    assert_eq!(reply.header("etag"), full.header("etag"));
}

#[tokio::test]
async fn made_up_query_strings_do_not_grow_memory_without_bound() {
    let state = newsdesk_proxy::AppState::demo(Path::new("/nonexistent/newsdesk-dist"))
        .expect("the embedded demo loads")
        .with_rate_limit(1_000_000, false);
    let stand = state.newsstand.clone();
    let router = newsdesk_proxy::app(state);
    for n in 0..LAZY_ENTRIES + 40 {
        let reply = get(&router, &format!("/api/feed?tag=made-up-{n}")).await;
        assert_eq!(reply.status, StatusCode::OK);
    }
    let held = stand.edition().cached_on_demand();
    assert_eq!(held, LAZY_ENTRIES, "the cache stops at its bound");
    // Errors are never cached: unknown items, sources and pages.
    let before = stand.edition().cached_on_demand();
    for uri in [
        "/api/item/no-such-item",
        "/api/feed/no-such-source",
        "/api/feed?page=999",
        "/api/feed/news?page=999",
    ] {
        assert_eq!(
            get(&router, uri).await.status,
            StatusCode::NOT_FOUND,
            "{uri}"
        );
    }
    assert_eq!(stand.edition().cached_on_demand(), before);
}

#[tokio::test]
async fn index_html_is_served_compressed_and_revalidates_per_encoding() {
    let build = Build::new();
    let router = router(&build.dist());
    let mut tags = Vec::new();
    for (accept, coding) in ENCODINGS {
        let reply = get_encoded(&router, "/index.html", accept).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.header("content-encoding"), coding, "{accept}");
        assert_eq!(reply.header("vary"), "accept-encoding", "{accept}");
        assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
        assert!(
            reply
                .header("content-security-policy")
                .contains("'wasm-unsafe-eval'"),
            "{accept}: the app's own CSP"
        );
        assert_eq!(decode(&reply), index_html().as_bytes(), "{accept}");
        let tag = reply.header("etag").to_owned();
        let mut headers = vec![("if-none-match", tag.as_str())];
        if !accept.is_empty() {
            headers.push(("accept-encoding", accept));
        }
        let again = get_with(&router, "/article/x", &headers).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{accept}");
        assert_eq!(again.header("content-security-policy"), "", "{accept}");
        tags.push(tag);
    }
    assert!(tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2]);
}
