use leptos::prelude::*;

use super::DisplayMenu;

/// The masthead: the app's name and the main navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"N"</span>
                    <span class="brand-name">"Newsdesk"</span>
                </a>
                <nav aria-label="Main">
                    <a href="/">"News Feed"</a>
                    <a href="/saved">"Saved"</a>
                    <a href="/search">"Search"</a>
                    <a href="/sources">"Sources"</a>
                    <DisplayMenu/>
                </nav>
            </div>
        </header>
    }
}
