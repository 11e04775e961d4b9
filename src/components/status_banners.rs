use leptos::prelude::*;

use crate::state::connection::use_connection;
use crate::state::marks::use_marks;
use crate::state::pwa;
use crate::text::i18n::{use_i18n, Interface};

/// The strip under the masthead for what concerns the whole app: offline,
/// a new version ready, and storage notices. Empty when all is well.
#[component]
pub fn StatusBanners() -> impl IntoView {
    let connection = use_connection();
    let marks = use_marks();
    let i18n = use_i18n();
    view! {
        <div class="status-banners" aria-live="polite">
            <Show when=move || !connection.online.get()>
                <p class="banner banner-offline" role="status">
                    <strong>{move || i18n.t().offline_title}</strong>
                    {move || i18n.t().offline_body}
                </p>
            </Show>
            <Show when=move || connection.update_ready.get()>
                <p class="banner banner-update" role="status">
                    {move || i18n.t().update_ready}
                    <button class="link-button" on:click=move |_| pwa::apply_update()>{move || i18n.t().reload}</button>
                </p>
            </Show>
            {move || marks.notice.get().map(|notice| view! {
                <p class="banner banner-notice" role="alert">
                    {move || i18n.language().notice(&notice)}" "
                    <button class="link-button" on:click=move |_| marks.notice.set(None)>{move || i18n.t().dismiss}</button>
                </p>
            })}
        </div>
    }
}
