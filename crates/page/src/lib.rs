//! The reader's pages, as both sides of Newsdesk know them.
//!
//! - [`ROUTES`]: the one route table. The app's router, its first-paint
//!   hand-over, the proxy's first paint and the proxy's "is this a page?"
//!   (404) decision all read it.
//! - [`Language`] and its [`Words`]: the interface languages, how a
//!   reader's languages pick one, and the words, dates and reading times
//!   both sides write.
//! - [`markup`]: a story row, its byline and Save button, and an article,
//!   as HTML from an item. The proxy's first paint is its output, and the
//!   app draws the same.
//!
//! This crate does no I/O, reads no clock and knows no Leptos, axum or
//! HTTP.
//!
//! ```
//! use newsdesk_page::{route, Page};
//! let (page, params) = route("/article/city-1").unwrap();
//! assert_eq!(page, Page::Article);
//! assert_eq!(params, [("id", "city-1")]);
//! assert!(route("/nope").is_none());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod language;
pub mod markup;

pub use language::{Language, Words, LANGUAGE_COOKIE};

/// A page of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`: the newest stories of every followed desk.
    NewsFeed,
    /// `/article/:id`: one story.
    Article,
    /// `/desk/:id`: a news desk and everything it wrote.
    Desk,
    /// `/saved`: the stories the reader saved on this device.
    Saved,
    /// `/search`: search over every story on this device.
    Search,
    /// `/sources`: follow or mute desks, OPML.
    Sources,
    /// `/tag/:tag`: every story on one topic.
    Topic,
}

/// The route table: the first pattern that matches a path picks the page;
/// a path that matches none is not a page (the 404 page, status 404).
/// `:name` matches one non-empty path segment.
pub const ROUTES: [(&str, Page); 7] = [
    ("/", Page::NewsFeed),
    ("/article/:id", Page::Article),
    ("/desk/:id", Page::Desk),
    ("/saved", Page::Saved),
    ("/search", Page::Search),
    ("/sources", Page::Sources),
    ("/tag/:tag", Page::Topic),
];

impl Page {
    /// Whether the proxy writes this page's content into its first paint,
    /// so that the paint stays until the app's own content has arrived:
    /// the News Feed and articles. Other pages hand over at once.
    pub fn has_first_paint(self) -> bool {
        matches!(self, Page::NewsFeed | Page::Article)
    }
}

/// The page at `path` and its parameters (still percent-encoded, as in the
/// path), or `None` when no route matches.
pub fn route(path: &str) -> Option<(Page, Vec<(&'static str, &str)>)> {
    ROUTES
        .iter()
        .find_map(|(pattern, page)| Some((*page, match_path(pattern, path)?)))
}

/// The parameters of `path` if it matches `pattern` (a trailing slash is
/// ignored; `:name` segments match one non-empty segment, returned as they
/// are in the path).
pub fn match_path<'p>(
    pattern: &'static str,
    path: &'p str,
) -> Option<Vec<(&'static str, &'p str)>> {
    let (pattern, path) = (pattern.trim_matches('/'), path.trim_matches('/'));
    let mut params = Vec::new();
    let mut want = pattern.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Some(params),
            (Some(w), Some(h)) => {
                if let Some(name) = w.strip_prefix(':') {
                    if h.is_empty() {
                        return None;
                    }
                    params.push((name, h));
                } else if w != h {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_patterns() {
        let id = |path| match_path("/article/:id", path).map(|p| p[0].1);
        assert_eq!(id("/article/city-1"), Some("city-1"));
        assert_eq!(id("/article/city-1/"), Some("city-1"));
        assert_eq!(id("/article/a%2Fb"), Some("a%2Fb"));
        assert_eq!(id("/article/"), None);
        assert_eq!(id("/article/a/b"), None);
        assert!(match_path("/", "/").is_some());
        assert!(match_path("/", "").is_some());
        assert!(match_path("/", "/saved").is_none());
        assert!(match_path("/saved", "/saved/").is_some());
        assert!(match_path("/saved", "/nope").is_none());
    }

    #[test]
    fn every_page_is_routed_once_and_unknown_paths_are_not_pages() {
        let cases: &[(&str, Option<Page>)] = &[
            ("/", Some(Page::NewsFeed)),
            ("/article/x", Some(Page::Article)),
            ("/desk/news", Some(Page::Desk)),
            ("/saved", Some(Page::Saved)),
            ("/search", Some(Page::Search)),
            ("/sources", Some(Page::Sources)),
            ("/tag/water", Some(Page::Topic)),
            ("/nope", None),
            ("/article", None),
            ("/desk/news/more", None),
        ];
        for (path, page) in cases {
            assert_eq!(route(path).map(|(p, _)| p), *page, "{path}");
        }
        for (i, (_, page)) in ROUTES.iter().enumerate() {
            assert!(ROUTES[i + 1..].iter().all(|(_, other)| other != page));
        }
        assert!(Page::NewsFeed.has_first_paint() && Page::Article.has_first_paint());
        assert!(!Page::Saved.has_first_paint() && !Page::Search.has_first_paint());
    }
}
