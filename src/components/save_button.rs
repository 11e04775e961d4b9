use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::components::story_list::relay::use_row_marks;
use crate::state::marks::use_marks;
use crate::text::i18n::Text;

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

/// Save's icon, label and tooltip, saved or not (here and in story rows).
pub(crate) fn save_words(saved: bool, text: &Text) -> (&'static str, &'static str, &'static str) {
    if saved {
        ("★", text.saved_button, text.unsave_title)
    } else {
        ("☆", text.save, text.save_title)
    }
}
