use crate::text::i18n::use_i18n;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// "Share": the system share sheet where the browser has one (phones),
/// else copies the link and says so.
#[component]
pub fn ShareButton(
    /// The story's headline.
    title: String,
    /// The story's address in this app.
    url: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let i18n = use_i18n();
    let share = move |_| {
        if !system_share(&title, &url) {
            copied.set(copy_link(&url));
        }
    };
    view! {
        <button class="link-button" on:click=share>{move || i18n.t().share}</button>
        <Show when=move || copied.get()>
            <span class="copied" role="status">{move || i18n.t().link_copied}</span>
        </Show>
    }
}

/// `navigator.share({title, url})` if the browser has it.
fn system_share(title: &str, url: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let Ok(share) = js_sys::Reflect::get(&navigator, &"share".into()) else {
        return false;
    };
    let Some(share) = share.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(title));
    let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(url));
    // The promise rejects when the reader closes the sheet: nothing to do.
    share.call1(&navigator, &data).is_ok()
}

/// `navigator.clipboard.writeText(url)`; false where there is no clipboard.
fn copy_link(url: &str) -> bool {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).unwrap_or_default();
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).unwrap_or_default();
    match write.dyn_ref::<js_sys::Function>() {
        Some(write) => write.call1(&clipboard, &JsValue::from_str(url)).is_ok(),
        None => false,
    }
}
