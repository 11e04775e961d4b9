use leptos::prelude::*;

use super::DisplayMenu;
use crate::text::i18n::use_i18n;

/// The masthead: the app's name and the main navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"N"</span>
                    <span class="brand-name">"Newsdesk"</span>
                </a>
                <nav aria-label=move || i18n.w().main_nav>
                    <a href="/">{move || i18n.w().news_feed}</a>
                    <a href="/saved">{move || i18n.w().saved}</a>
                    <a href="/search">{move || i18n.w().search}</a>
                    <a href="/sources">{move || i18n.w().sources}</a>
                    <DisplayMenu/>
                </nav>
            </div>
        </header>
    }
}
