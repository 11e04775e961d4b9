//! The document's title, without leptos_meta (which cost the wasm about
//! 4 KB brotli'd for this one use): "{text} — Newsdesk".

use leptos::prelude::*;

/// Sets the document's title to "{text} — Newsdesk", or "Newsdesk" alone
/// for an empty `text`.
pub fn set_title(text: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if text.is_empty() {
            document.set_title("Newsdesk");
        } else {
            document.set_title(&format!("{text} — Newsdesk"));
        }
    }
}

/// The page's title while this is mounted (it follows `text` when that is
/// reactive); "Newsdesk" again once it is gone. A drop-in for
/// leptos_meta's `<Title text=…/>`.
#[component]
pub fn Title(
    /// The page's own part of the title, e.g. the headline.
    #[prop(into)]
    text: TextProp,
) -> impl IntoView {
    Effect::new(move |_| set_title(&text.get()));
    on_cleanup(|| set_title(""));
}
