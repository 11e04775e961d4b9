use leptos::prelude::*;

use crate::connection::use_connection;
use crate::pwa;
use crate::reading::use_reading;

/// The strip under the masthead for what concerns the whole app: offline,
/// a new version ready, and storage notices. Empty when all is well.
#[component]
pub fn StatusBanners() -> impl IntoView {
    let connection = use_connection();
    let reading = use_reading();
    view! {
        <div class="status-banners" aria-live="polite">
            <Show when=move || !connection.online.get()>
                <p class="banner banner-offline" role="status">
                    <strong>"You're offline. "</strong>
                    "Stories you opened or saved are still here; new ones will load when you're back online."
                </p>
            </Show>
            <Show when=move || connection.update_ready.get()>
                <p class="banner banner-update" role="status">
                    "A new version is available — "
                    <button class="link-button" on:click=move |_| pwa::apply_update()>"Reload"</button>
                </p>
            </Show>
            {move || reading.notice.get().map(|notice| view! {
                <p class="banner banner-notice" role="alert">
                    {notice}" "
                    <button class="link-button" on:click=move |_| reading.notice.set(None)>"Dismiss"</button>
                </p>
            })}
        </div>
    }
}
