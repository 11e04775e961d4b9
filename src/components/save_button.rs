use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::i18n::use_i18n;
use crate::reading::use_reading;

/// "Save" / "Saved": keeps a story (text and images) on this device for
/// offline reading, or lets it go.
#[component]
pub fn SaveButton(
    /// The story to save.
    item: Item,
) -> impl IntoView {
    let reading = use_reading();
    let i18n = use_i18n();
    let id = item.id.clone();
    let saved = Memo::new(move |_| reading.is_saved(&id));
    let title = item.title.clone().unwrap_or_default();
    view! {
        <button
            class="save-button"
            class:is-saved=move || saved.get()
            aria-pressed=move || saved.get().to_string()
            title=move || if saved.get() { i18n.t().unsave_title } else { i18n.t().save_title }
            on:click=move |_| reading.toggle_saved(item.clone())
        >
            <span aria-hidden="true">{move || if saved.get() { "★" } else { "☆" }}</span>
            <span>" "{move || if saved.get() { i18n.t().saved_button } else { i18n.t().save }}</span>
            <span class="visually-hidden">{format!(": {title}")}</span>
        </button>
    }
}
