use leptos::prelude::*;

use crate::text::i18n::{use_i18n, Text};

/// A loading state: a spinner and a line saying what is being fetched, in
/// the reader's language. Announced politely to screen readers.
///
/// ```ignore
/// view! { <Loading label=|t| t.loading_news/> }
/// ```
#[component]
pub fn Loading(
    /// Picks the line from the interface strings, e.g. `|t| t.loading_news`.
    label: fn(&'static Text) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            <span>{move || label(i18n.t())}</span>
        </div>
    }
}
