//! Full text for summary-only feeds: which items want their publisher's
//! article page ([`FullText`], [`wants_page`]), what a page becomes
//! ([`extract`]), and each source's memory of the pages it has read
//! ([`Pages`]), which the refresh loop fills two pages at a time.
//!
//! The stage after `normalize`: it takes normalized items and gives them
//! a body extracted from the page their `url` names, cleaned by the same
//! sanitizer, with its reading time recomputed and its provenance
//! ([`newsdesk_feed::TextFrom`]) recorded for the app to show.

mod chrome;
mod extract;
mod pages;

pub use extract::{extract, ExtractError, Extracted, MAX_PAGE_BYTES, MAX_PAGE_ELEMENTS};
pub use pages::{
    fetch_pages, PageFetch, Pages, MAX_PAGES_PER_PASS, PAGES_AT_ONCE, PAGE_RETRY_AFTER,
};

use newsdesk_feed::Item;
use serde::Deserialize;

/// Words below which a body counts as "short" for [`FullText::Auto`]: a
/// standfirst and a teaser paragraph run to 60–120 words; an article,
/// even a brief one, past 150.
pub const SHORT_BODY_WORDS: usize = 150;

/// When a source's items get the text of their article page
/// (`full_text` in the sources file).
///
/// ```
/// use newsdesk_ingest::fulltext::FullText;
/// assert_eq!(FullText::default(), FullText::Auto);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FullText {
    /// Items whose body is missing, short ([`SHORT_BODY_WORDS`]) or only
    /// the summary again. The default.
    #[default]
    Auto,
    /// Every item with a page.
    Always,
    /// None: the feed is shown as it is.
    Never,
}

/// Whether `item` should get the text of its page under `mode`: it has a
/// web page that is not a YouTube video's, and (for [`FullText::Auto`]) its body is missing, short, or
/// a prefix of its summary (a teaser cut off with "…" or "[…]").
pub fn wants_page(item: &Item, mode: FullText) -> bool {
    // A YouTube entry's page is YouTube's player, not an article: asking
    // for it would only tell YouTube who reads.
    if item.url.is_none() || mode == FullText::Never || item.youtube().is_some() {
        return false;
    }
    if mode == FullText::Always {
        return true;
    }
    let words = item.word_count();
    if words < SHORT_BODY_WORDS {
        return true;
    }
    let (Some(summary), Some(body)) = (item.summary.as_deref(), body_text(item)) else {
        return false;
    };
    let teaser = trim_ellipsis(&body);
    !teaser.is_empty() && squash(summary).starts_with(&squash(teaser))
}

/// The body as plain words (tags stripped), if there is one.
fn body_text(item: &Item) -> Option<String> {
    match (&item.content_text, &item.content_html) {
        (Some(text), _) => Some(text.clone()),
        (None, Some(html)) => Some(newsdesk_feed::strip_tags(html)),
        (None, None) => None,
    }
}

/// `text` without a trailing "…", "...", "[…]" or "[...]".
fn trim_ellipsis(text: &str) -> &str {
    let mut text = text.trim_end();
    for tail in ["[…]", "[...]", "[&#8230;]", "…", "...", "&hellip;"] {
        if let Some(rest) = text.strip_suffix(tail) {
            text = rest.trim_end();
        }
    }
    text
}

/// Words joined by single spaces, for comparing texts laid out differently.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(summary: Option<&str>, html: Option<&str>, text: Option<&str>) -> Item {
        Item {
            id: "a".into(),
            url: Some("https://quay.example/a".into()),
            summary: summary.map(Into::into),
            content_html: html.map(Into::into),
            content_text: text.map(Into::into),
            ..Item::default()
        }
    }

    #[test]
    fn auto_wants_missing_short_and_teaser_bodies_only() {
        let long = "<p>".to_owned() + &"word ".repeat(400) + "</p>";
        let summary = "word ".repeat(300);
        let teaser = format!("<p>{} […]</p>", "word ".repeat(200));
        let cases = [
            ("no body", item(Some("A standfirst."), None, None), true),
            ("short text", item(None, None, Some("Ferry back.")), true),
            (
                "short html",
                item(None, Some("<p>The ferry runs.</p>"), None),
                true,
            ),
            (
                "a whole story",
                item(Some("A standfirst."), Some(&long), None),
                false,
            ),
            (
                "the summary cut short",
                item(Some(&summary), Some(&teaser), None),
                true,
            ),
        ];
        for (name, story, expected) in cases {
            assert_eq!(wants_page(&story, FullText::Auto), expected, "{name}");
        }
    }

    #[test]
    fn always_and_never_mean_what_they_say_and_a_page_is_needed() {
        let long = "<p>".to_owned() + &"word ".repeat(400) + "</p>";
        let whole = item(None, Some(&long), None);
        assert!(wants_page(&whole, FullText::Always));
        let bare = item(Some("A standfirst."), None, None);
        assert!(!wants_page(&bare, FullText::Never));
        let pageless = Item { url: None, ..bare };
        assert!(!wants_page(&pageless, FullText::Always));
        let mut video = item(Some("A short description."), None, None);
        video.newsdesk = Some(newsdesk_feed::ItemInfo {
            youtube: Some(newsdesk_feed::YouTubeVideo {
                id: "Xq3Tn0-Ab_9".into(),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert!(!wants_page(&video, FullText::Always));
    }
}
