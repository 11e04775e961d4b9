//! The built app: pages, hashed files, the CSP, and what happens without a build.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::support::{
    api_only, get, get_with, index_html, router, send, Build, Reply, INLINE_SCRIPT, SECRET,
};

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    ),
];

fn inline_script_source() -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(Sha256::digest(INLINE_SCRIPT.as_bytes()))
    )
}

fn assert_is_index(uri: &str, reply: &Reply) {
    assert_eq!(reply.text(), index_html(), "{uri}");
    assert_is_app_page(uri, reply);
}

/// index.html, or index.html with a first paint: either way the app's page
/// under its CSP.
fn assert_is_app_page(uri: &str, reply: &Reply) {
    assert_eq!(reply.status, StatusCode::OK, "{uri}");
    assert_eq!(
        reply.header("content-type"),
        "text/html; charset=utf-8",
        "{uri}"
    );
    assert_eq!(reply.header("cache-control"), "no-cache", "{uri}");
    let csp = reply.header("content-security-policy");
    assert!(
        csp.contains(&inline_script_source()),
        "{uri}: CSP lacks the inline script hash: {csp}"
    );
    for directive in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' ",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(
            csp.contains(directive),
            "{uri}: CSP lacks {directive}: {csp}"
        );
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
}

#[tokio::test]
async fn app_pages_get_index_html_with_a_csp_for_its_inline_script() {
    let build = Build::new();
    let router = router(&build.dist());
    for uri in [
        "/index.html",
        "/article/no-such-article",
        "/desk/news",
        "/saved",
        "/search?q=tram",
    ] {
        assert_is_index(uri, &get(&router, uri).await);
    }
    for uri in ["/", "/article/news-tram-line-4-back"] {
        assert_is_app_page(uri, &get(&router, uri).await);
    }
    let first = get(&router, "/").await;
    let revalidated = get_with(&router, "/", &[("if-none-match", first.header("etag"))]).await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
}

/// The News Feed and each article arrive with their first paint: the same
/// index.html (its scripts, so its CSP, unchanged) with the news written
/// in after `<body>`, so readers see it before the app has loaded.
#[tokio::test]
async fn the_news_feed_and_articles_arrive_with_their_first_paint() {
    let build = Build::new();
    let router = router(&build.dist());
    let shell = index_html();
    let (head, body) = shell.split_once("<body>").unwrap();
    let (_, after_title) = head.split_once("</title>").unwrap();

    let feed: serde_json::Value =
        serde_json::from_str(&get(&router, "/api/feed").await.text()).unwrap();
    let items = feed["items"].as_array().unwrap();
    let front = get(&router, "/").await.text();
    assert!(
        front.contains("<title>News Feed — Newsdesk</title>"),
        "{front}"
    );
    assert!(
        front.contains(after_title),
        "the head's scripts are unchanged"
    );
    let painted = front
        .split_once("<body><div id=\"first-paint\">")
        .expect("the first paint follows <body>")
        .1;
    assert!(
        painted.ends_with(body),
        "the shell's body follows the first paint"
    );
    assert_eq!(
        painted.matches("<article class=\"item-card").count(),
        items.len()
    );
    for item in items {
        let href = format!("href=\"/article/{}\"", item["id"].as_str().unwrap());
        assert!(painted.contains(&href), "{href}");
    }

    let article = get(&router, "/article/news-tram-line-4-back").await.text();
    let item: serde_json::Value =
        serde_json::from_str(&get(&router, "/api/item/news-tram-line-4-back").await.text())
            .unwrap();
    let title = item["items"][0]["title"].as_str().unwrap();
    assert!(article.contains(&format!("<h1 class=\"article-title\">{title}</h1>")));
    assert!(article.contains("<div class=\"article-body\">"));
    assert!(!article.contains("onerror") && !article.contains("javascript:"));
}

/// Regression: a 304 for index.html carried the strict API policy
/// (`default-src 'none'`). Browsers merge a 304's headers into the cached
/// page, so every revalidated reload blocked the app: a blank page.
#[tokio::test]
async fn revalidated_index_keeps_the_pages_own_csp() {
    let build = Build::new();
    let router = router(&build.dist());
    for uri in ["/", "/desk/news"] {
        let first = get(&router, uri).await;
        let revalidated = get_with(&router, uri, &[("if-none-match", first.header("etag"))]).await;
        assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(
            !revalidated.headers.contains_key("content-security-policy"),
            "{uri}: a 304 must not replace the page's CSP"
        );
        assert_eq!(revalidated.header("x-content-type-options"), "nosniff");
    }
}

#[tokio::test]
async fn built_files_are_cached_by_whether_their_name_is_hashed() {
    let build = Build::new();
    let router = router(&build.dist());
    let cases = [
        (
            "/newsdesk-0123456789abcdef.js",
            "javascript",
            "public, max-age=31536000, immutable",
        ),
        (
            "/newsdesk-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            "/main-0123456789abcdef.css",
            "text/css",
            "public, max-age=31536000, immutable",
        ),
        ("/sw.js", "javascript", "no-cache"),
    ];
    let strict = "default-src 'none'; frame-ancestors 'none'";
    for (uri, kind, cache) in cases {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(
            reply.header("content-type").contains(kind),
            "{uri}: {}",
            reply.header("content-type")
        );
        assert_eq!(reply.header("cache-control"), cache, "{uri}");
        // The service worker's policy is the one it runs under: it must
        // be allowed to fetch from its own origin, and nothing else.
        let csp = if uri == "/sw.js" {
            "default-src 'none'; connect-src 'self'; frame-ancestors 'none'"
        } else {
            strict
        };
        assert_eq!(reply.header("content-security-policy"), csp, "{uri}");
    }
}

/// Regression: any path answered 200 with the app. A path that is no page
/// of the route table (`newsdesk_page::ROUTES`, which the app's router
/// reads too) gets the app, which shows its 404 page, with status 404.
#[tokio::test]
async fn paths_of_no_page_answer_404_with_the_apps_404_page() {
    let build = Build::new();
    let router = router(&build.dist());
    for uri in ["/no/such/page", "/articles", "/desk/news/more", "/saved/x"] {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(
            reply.text(),
            index_html(),
            "{uri}: the app draws the 404 page"
        );
        assert!(reply
            .header("content-security-policy")
            .contains(&inline_script_source()));
        // Never revalidated into a 200 from a cache.
        assert_eq!(reply.header("etag"), "", "{uri}");
    }
    for uri in ["/desk/news/", "/tag/water", "/sources"] {
        assert_eq!(get(&router, uri).await.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn missing_files_are_plain_404_never_index_html() {
    let build = Build::new();
    let router = router(&build.dist());
    for uri in [
        "/newsdesk-ffffffffffffffff.js",
        "/newsdesk-ffffffffffffffff_bg.wasm",
        "/missing.css",
        "/favicon.ico",
        "/article/x/image.png",
    ] {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!reply.header("content-type").contains("html"), "{uri}");
        assert!(!reply.text().contains("<html"), "{uri}");
        assert_eq!(reply.header("cache-control"), "no-store", "{uri}");
    }
}

#[tokio::test]
async fn paths_never_escape_the_dist_folder() {
    let build = Build::new();
    let router = router(&build.dist());
    for uri in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2fsecret.txt",
        "/article/../../secret.txt",
        "/article/%2e%2e/%2e%2e/secret.txt",
        "/..%5csecret.txt",
        "/%2e%2e",
        "/..",
    ] {
        let reply = get(&router, uri).await;
        assert!(
            reply.status == StatusCode::NOT_FOUND || reply.status == StatusCode::BAD_REQUEST,
            "{uri}: {}",
            reply.status
        );
        assert!(
            !reply.text().contains(SECRET),
            "{uri} leaked a file outside dist"
        );
        assert!(!reply.text().contains("<html"), "{uri} answered the app");
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let build = Build::new();
    let router = router(&build.dist());
    let strict = "default-src 'none'; frame-ancestors 'none'";
    let cases = [
        ("/api/feed", StatusCode::OK, Some(strict)),
        ("/api/sources", StatusCode::OK, Some(strict)),
        ("/healthz", StatusCode::OK, Some(strict)),
        ("/demo/assets/desk-news.svg", StatusCode::OK, Some(strict)),
        (
            "/newsdesk-0123456789abcdef.js",
            StatusCode::OK,
            Some(strict),
        ),
        ("/", StatusCode::OK, None),
        ("/article/x", StatusCode::OK, None),
        ("/missing.css", StatusCode::NOT_FOUND, Some(strict)),
        ("/api/nothing", StatusCode::NOT_FOUND, Some(strict)),
        ("/api/item/nothing", StatusCode::NOT_FOUND, Some(strict)),
        (
            "/demo/assets/nothing.svg",
            StatusCode::NOT_FOUND,
            Some(strict),
        ),
        ("/%2e%2e/secret.txt", StatusCode::BAD_REQUEST, Some(strict)),
    ];
    for (uri, status, csp) in cases {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert_headers(uri, &reply);
        match csp {
            Some(csp) => assert_eq!(reply.header("content-security-policy"), csp, "{uri}"),
            None => assert!(
                reply
                    .header("content-security-policy")
                    .contains(&inline_script_source()),
                "{uri}"
            ),
        }
    }
    let post = send(
        &router,
        Request::post("/api/feed").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_headers("POST /api/feed", &post);
    let post_page = send(
        &router,
        Request::post("/article/x").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(post_page.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_headers("POST /article/x", &post_page);

    let no_app = get(&api_only(), "/").await;
    assert_headers("/ without a build", &no_app);
    assert_eq!(no_app.header("content-security-policy"), strict);
}

fn assert_headers(uri: &str, reply: &Reply) {
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(reply.header(name), value, "{uri}: {name}");
    }
    assert!(
        !reply.header("content-security-policy").is_empty(),
        "{uri}: CSP"
    );
}

#[tokio::test]
async fn without_a_build_the_api_works_and_pages_explain_how_to_build() {
    let router = api_only();
    assert_eq!(get(&router, "/api/sources").await.status, StatusCode::OK);
    assert_eq!(get(&router, "/healthz").await.status, StatusCode::OK);
    for uri in ["/", "/article/x", "/newsdesk-0123456789abcdef.js"] {
        let reply = get(&router, uri).await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}");
        assert_eq!(reply.header("content-type"), "text/plain; charset=utf-8");
        let text = reply.text();
        assert!(
            text.contains("not built") && text.contains("trunk build"),
            "{text}"
        );
        assert!(text.contains("--dist"), "{text}");
        assert!(
            !text.contains("/nonexistent"),
            "the message does not reveal server paths"
        );
    }
}
