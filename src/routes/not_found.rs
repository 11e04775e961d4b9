use crate::shell::title::Title;
use crate::text::i18n::use_i18n;
use leptos::prelude::*;

/// Any route the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.t().not_found_title/>
        <div class="not-found">
            <h1>{move || i18n.t().not_found_title}</h1>
            <p>{move || i18n.t().not_found_body}</p>
            <p><a class="button" href="/">{move || i18n.t().back_home}</a></p>
        </div>
    }
}
