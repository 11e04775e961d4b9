//! The extractor on article pages we wrote in the shapes real news sites
//! serve (tests/fixtures/pages/, described in its README): the story
//! comes out whole, with its captions and quotes, and none of the page's
//! navigation, banners, share bars, ads, related links or comments.

use newsdesk_ingest::fulltext::extract;
use newsdesk_ingest::sanitize::{self, UrlPolicy};
use serde::Deserialize;
use url::Url;

#[derive(Debug, Deserialize)]
struct Expected {
    file: String,
    url: String,
    title: String,
    byline: Option<String>,
    lead_image: Option<String>,
    must_contain: Vec<String>,
    must_not_contain: Vec<String>,
    min_text_length: usize,
}

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pages");

/// Words joined by single spaces: the sanitizer lays text out in its own
/// lines.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_page_gives_its_story_and_none_of_its_chrome() {
    let expected: Vec<Expected> =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap())
            .unwrap();
    assert!(expected.len() >= 10, "at least ten pages");
    let mut failures = Vec::new();
    for page in &expected {
        let bytes = std::fs::read(format!("{DIR}/{}", page.file)).unwrap();
        let url = Url::parse(&page.url).unwrap();
        let article = match extract(&bytes, Some("text/html"), &url, &UrlPolicy::default()) {
            Ok(article) => article,
            Err(error) => {
                failures.push(format!("{}: {error}", page.file));
                continue;
            }
        };
        // What a reader sees: the lead picture's caption, then the story.
        let text = squash(&format!(
            "{} {}",
            article.lead_caption.as_deref().unwrap_or_default(),
            sanitize::plain_text(&article.content_html)
        ));
        let mut problems = Vec::new();
        for want in &page.must_contain {
            if !text.contains(&squash(want)) {
                problems.push(format!("missing {want:?}"));
            }
        }
        for unwanted in &page.must_not_contain {
            if text.contains(&squash(unwanted)) {
                problems.push(format!("chrome {unwanted:?}"));
            }
        }
        if squash(&article.title) != squash(&page.title) {
            problems.push(format!("title {:?}", article.title));
        }
        let byline_ok = match (&page.byline, &article.byline) {
            (Some(want), Some(got)) => got.contains(want.as_str()),
            (None, _) => true,
            (Some(_), None) => false,
        };
        if !byline_ok {
            problems.push(format!("byline {:?}", article.byline));
        }
        if page.lead_image.is_some() && article.lead_image != page.lead_image {
            problems.push(format!("lead image {:?}", article.lead_image));
        }
        if article.text_length < page.min_text_length {
            problems.push(format!(
                "{} characters, under {}",
                article.text_length, page.min_text_length
            ));
        }
        for bad in [
            "<script", "<style", "<iframe", "onclick", "<form", "<button",
        ] {
            if article.content_html.contains(bad) {
                problems.push(format!("{bad} passed through"));
            }
        }
        println!(
            "{:<36} {:>6} chars  {}",
            page.file,
            article.text_length,
            if problems.is_empty() {
                "ok".to_owned()
            } else {
                problems.join("; ")
            }
        );
        if !problems.is_empty() {
            failures.push(format!("{}: {}", page.file, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
