use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::{ItemCard, Loading};
use crate::reading::use_reading;

/// `/saved`: the stories the reader saved, read from this device (works
/// with no connection at all).
#[component]
pub fn SavedPage() -> impl IntoView {
    let reading = use_reading();
    view! {
        <Title text="Saved"/>
        <h1 class="section-label">"Saved stories"</h1>
        <Show
            when=move || reading.loaded.get()
            fallback=|| view! { <Loading label="Opening your saved stories…"/> }
        >
            <Show
                when=move || reading.saved.with(|s| !s.is_empty())
                fallback=|| view! {
                    <p class="empty">
                        "Nothing saved yet. Press Save on a story to keep it on this device, for reading without a connection."
                    </p>
                }
            >
                <ol class="item-list">
                    <For
                        each=move || reading.saved.get()
                        key=|saved| saved.item.id.clone()
                        children=move |saved| view! { <li><ItemCard item=saved.item/></li> }
                    />
                </ol>
            </Show>
        </Show>
    }
}
