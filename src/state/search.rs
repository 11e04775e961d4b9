//! Search over every item stored on this device: the feed pages and
//! articles the service worker cached (`newsdesk-api`) and the saved
//! items. Works offline. Matching and highlighting are pure functions.

use std::collections::HashSet;

use js_sys::{Array, Promise};
use newsdesk_feed::{strip_tags, Feed, Item};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The service worker's cache of API answers.
const API_CACHE: &str = "newsdesk-api";

/// Every distinct item stored on this device, newest first: `saved` first
/// wins over a cached copy of the same id.
pub async fn stored_items(saved: Vec<Item>) -> Vec<Item> {
    let mut seen: HashSet<String> = saved.iter().map(|i| i.id.clone()).collect();
    let mut items = saved;
    for feed in cached_feeds().await {
        for item in feed.items {
            if seen.insert(item.id.clone()) {
                items.push(item);
            }
        }
    }
    items.sort_by_key(|i| std::cmp::Reverse(i.published_unix()));
    items
}

/// Every JSON Feed in the service worker's API cache (none without one).
async fn cached_feeds() -> Vec<Feed> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let Ok(caches) = window.caches() else {
        return Vec::new();
    };
    let Some(cache) = resolve(caches.open(API_CACHE))
        .await
        .and_then(|c| c.dyn_into::<web_sys::Cache>().ok())
    else {
        return Vec::new();
    };
    let keys: Array = match resolve(cache.keys()).await {
        Some(keys) => keys.unchecked_into(),
        None => return Vec::new(),
    };
    let mut feeds = Vec::new();
    for request in keys.iter() {
        let Ok(request) = request.dyn_into::<web_sys::Request>() else {
            continue;
        };
        if !request.url().contains("/api/feed") && !request.url().contains("/api/item/") {
            continue;
        }
        let Some(response) = resolve(cache.match_with_request(&request))
            .await
            .and_then(|r| r.dyn_into::<web_sys::Response>().ok())
        else {
            continue;
        };
        let Ok(text) = response.text() else { continue };
        if let Some(text) = resolve(text).await.and_then(|t| t.as_string()) {
            if let Ok(feed) = crate::api::feed_from_json(&text) {
                feeds.push(feed);
            }
        }
    }
    feeds
}

async fn resolve(promise: Promise) -> Option<JsValue> {
    JsFuture::from(promise)
        .await
        .ok()
        .filter(|v| !v.is_undefined())
}

/// The words of a query, lower-cased; short noise is kept (a search for
/// "4" should find "tram line 4").
pub fn terms(query: &str) -> Vec<String> {
    query
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Whether every term occurs in the item's title, summary, text, desk or
/// tags (case-insensitive).
pub fn matches(item: &Item, terms: &[String]) -> bool {
    if terms.is_empty() {
        return false;
    }
    let haystack = searchable_text(item);
    terms.iter().all(|t| haystack.contains(t.as_str()))
}

fn searchable_text(item: &Item) -> String {
    let mut text = String::new();
    for part in [
        item.title.as_deref(),
        item.summary.as_deref(),
        item.content_text.as_deref(),
        item.desk().and_then(|d| d.name.as_deref()),
    ]
    .into_iter()
    .flatten()
    {
        text.push_str(part);
        text.push('\n');
    }
    if let Some(html) = &item.content_html {
        text.push_str(&strip_tags(html));
    }
    for tag in &item.tags {
        text.push('\n');
        text.push_str(tag);
    }
    text.to_lowercase()
}

/// Splits `text` into (segment, is_match) pieces for highlighting every
/// occurrence of any term, case-insensitively. Works on character
/// boundaries (Cyrillic included).
pub fn highlight(text: &str, terms: &[String]) -> Vec<(String, bool)> {
    let lower: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    let chars: Vec<char> = text.chars().collect();
    // Lower-casing can change the length (rare letters): then skip
    // highlighting rather than misplace it.
    if lower.len() != chars.len() {
        return vec![(text.to_string(), false)];
    }
    let mut marked = vec![false; chars.len()];
    for term in terms {
        let term: Vec<char> = term.chars().collect();
        if term.is_empty() || term.len() > lower.len() {
            continue;
        }
        for start in 0..=lower.len() - term.len() {
            if lower[start..start + term.len()] == term[..] {
                marked[start..start + term.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
            }
        }
    }
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match pieces.last_mut() {
            Some((segment, mark)) if *mark == m => segment.push(c),
            _ => pieces.push((c.to_string(), m)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_feed::Author;

    fn item(title: &str, body: &str, tags: &[&str]) -> Item {
        Item {
            id: title.to_lowercase().replace(' ', "-"),
            title: Some(title.into()),
            content_html: Some(format!("<p>{body}</p>")),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            authors: vec![Author {
                name: Some("Lantern news desk".into()),
                ..Author::default()
            }],
            ..Item::default()
        }
    }

    #[test]
    fn every_word_must_match_somewhere() {
        let tram = item(
            "Tram line 4 is back",
            "Cars run every <b>ten</b> minutes.",
            &["transport"],
        );
        let cases = [
            ("tram", true),
            ("TRAM 4", true),
            ("tram minutes", true),
            ("ten", true),
            ("transport", true),
            ("news desk", true),
            ("tram water", false),
            ("", false),
            ("<b>", false),
        ];
        for (query, want) in cases {
            assert_eq!(matches(&tram, &terms(query)), want, "{query:?}");
        }
    }

    #[test]
    fn highlights_every_occurrence_in_any_case_and_script() {
        let pieces = highlight("Tram line 4: the tram is back", &terms("TRAM"));
        let marked: Vec<_> = pieces
            .iter()
            .filter(|(_, m)| *m)
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(marked, ["Tram", "tram"]);
        let joined: String = pieces.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(joined, "Tram line 4: the tram is back");
        let cyrillic = highlight("Ґанок бібліотеки відремонтують", &terms("бібліотеки"));
        assert_eq!(cyrillic[1], ("бібліотеки".to_string(), true));
        assert_eq!(
            highlight("nothing", &terms("x")),
            vec![("nothing".to_string(), false)]
        );
    }
}
