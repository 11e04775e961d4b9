use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::components::story_list::relay::use_row_marks;
use crate::state::marks::use_marks;
use crate::text::i18n::save_words;

/// "Save" / "Saved": keeps a story (text and images) on this device for
/// offline reading, or lets it go.
#[component]
pub fn SaveButton(
    /// The story to save.
    #[prop(into)]
    item: Arc<Item>,
) -> impl IntoView {
    let marks = use_marks();
    let row = use_row_marks(&item.id);
    let saved = row.saved;
    let text = move || row.language.get().text();
    let title = item.title.clone().unwrap_or_default();
    view! {
        <button
            class="save-button"
            class:is-saved=move || saved.get()
            aria-pressed=move || saved.get().to_string()
            title=move || save_words(saved.get(), text()).2
            on:click=move |_| marks.toggle_saved((*item).clone())
        >
            {move || {
                let (icon, label, _) = save_words(saved.get(), text());
                view! { <span aria-hidden="true">{icon}</span><span>" "{label}</span> }
            }}
            <span class="visually-hidden">{format!(": {title}")}</span>
        </button>
    }
}
