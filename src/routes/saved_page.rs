use crate::shell::title::Title;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::{ItemList, Loading};
use crate::state::marks::use_marks;
use crate::text::i18n::use_i18n;

/// `/saved`: the stories the reader saved, read from this device (works
/// with no connection at all).
#[component]
pub fn SavedPage() -> impl IntoView {
    let marks = use_marks();
    let i18n = use_i18n();
    let stories = Signal::derive(move || {
        marks
            .saved
            .with(|saved| saved.iter().map(|s| Arc::new(s.item.clone())).collect())
    });
    view! {
        <Title text=move || i18n.w().saved/>
        <h1 class="section-label">{move || i18n.t().saved_title}</h1>
        <Show
            when=move || marks.loaded.get()
            fallback=|| view! { <Loading label=|t| t.loading_saved/> }
        >
            <Show
                when=move || marks.saved.with(|s| !s.is_empty())
                fallback=move || view! {
                    <p class="empty">{move || i18n.t().nothing_saved}</p>
                }
            >
                <ItemList items=stories/>
            </Show>
        </Show>
    }
}
