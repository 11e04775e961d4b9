use leptos::prelude::*;
use leptos_meta::Title;

/// Any route the app does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <Title text="Page not found"/>
        <div class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p><a class="button" href="/">"Back to the News Feed"</a></p>
        </div>
    }
}
