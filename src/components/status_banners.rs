use leptos::prelude::*;

use crate::connection::use_connection;
use crate::i18n::use_i18n;
use crate::pwa;
use crate::reading::use_reading;

/// The strip under the masthead for what concerns the whole app: offline,
/// a new version ready, and storage notices. Empty when all is well.
#[component]
pub fn StatusBanners() -> impl IntoView {
    let connection = use_connection();
    let reading = use_reading();
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
            {move || reading.notice.get().map(|notice| view! {
                <p class="banner banner-notice" role="alert">
                    {notice}" "
                    <button class="link-button" on:click=move |_| reading.notice.set(None)>{move || i18n.t().dismiss}</button>
                </p>
            })}
        </div>
    }
}
