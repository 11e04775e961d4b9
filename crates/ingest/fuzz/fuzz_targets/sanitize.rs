//! Any text through the article HTML policy, with a base URL (so relative
//! URLs resolve): nothing that runs code may come out.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::sanitize::{article_html, text_field, UrlPolicy};

static POLICY: LazyLock<UrlPolicy> = LazyLock::new(|| UrlPolicy {
    base: url::Url::parse("https://riverbank.example/news/").ok(),
    media: None,
});

fuzz_target!(|fragment: &str| {
    let clean = article_html(fragment, &POLICY).to_ascii_lowercase();
    for needle in [
        "<script", "<iframe", "<svg", "<math", "<object", "<embed", "<style", "<form",
    ] {
        assert!(!clean.contains(needle), "{needle} survived: {clean}");
    }
    let text = text_field(fragment);
    assert!(
        !text
            .match_indices('<')
            .any(|(i, _)| text[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')),
        "markup in a text field: {text}"
    );
});
