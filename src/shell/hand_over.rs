//! The hand-over from the first paint to the app.
//!
//! The proxy writes the News Feed's first page, or an article, into the
//! page as plain HTML (`<div id="first-paint">`, see
//! `crates/proxy/src/first_paint.rs`), so the news shows before the wasm
//! has loaded. The app mounts beside it, hidden by `#first-paint ~ *` in
//! main.css, and [`hand_over`] removes the first paint once the app's own
//! page is ready: its feed or article has arrived (or failed, so the error
//! shows), or the page never waits for one. Removal happens in an animation
//! frame, after the app's DOM is in place, so the reader sees one frame
//! with the first paint and the next with the app: nothing moves.
//!
//! The app itself starts only after the first paint is on screen: the
//! built index.html fetches the wasm after the next frame
//! (`scripts/app-after-paint.mjs`).

use leptos::prelude::request_animation_frame;

/// The element the proxy writes (`newsdesk_proxy::first_paint::ELEMENT_ID`).
pub const ELEMENT_ID: &str = "first-paint";

/// Whether the page at `path` has a first paint that should stay until its
/// content has arrived: the News Feed and articles.
pub fn waits_for(path: &str) -> bool {
    newsdesk_page::route(path).is_some_and(|(page, _)| page.has_first_paint())
}

fn element() -> Option<web_sys::Element> {
    leptos::prelude::document().get_element_by_id(ELEMENT_ID)
}

/// Removes the first paint (in the next animation frame), revealing the
/// app. Does nothing when there is none or it is already gone.
pub fn hand_over() {
    if element().is_some() {
        request_animation_frame(move || {
            if let Some(element) = element() {
                element.remove();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_feed_and_articles_wait_for_their_content() {
        assert!(waits_for("/"));
        assert!(waits_for("/article/news-1"));
        assert!(!waits_for("/saved"));
        assert!(!waits_for("/desk/news"));
    }
}
