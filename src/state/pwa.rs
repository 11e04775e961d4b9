//! The app's side of the small contract with `assets/pwa.js` (which
//! registers the service worker): functions it exposes on `window`, and
//! whether the browser is online. See the comment at the top of pwa.js.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Event fired on `window` when a new version is installed and waiting.
pub const UPDATE_AVAILABLE: &str = "newsdesk:update-available";
/// Event fired when the service worker revalidated an API response and it
/// changed; `detail.url` names it.
pub const FEED_UPDATED: &str = "newsdesk:feed-updated";
/// Event fired when the service worker could not store something.
pub const STORAGE_FULL: &str = "newsdesk:storage-full";

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Whether pwa.js already saw a new version waiting (it may announce one
/// before the app has mounted to hear the event).
pub fn update_waiting() -> bool {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"newsdeskUpdateAvailable".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Asks the service worker to keep `urls` (a saved story's JSON and
/// images) in its never-evicted cache. Does nothing without one.
pub fn save_urls(urls: &[String]) {
    call_with_urls("newsdeskSaveUrls", urls);
}

/// Lets the service worker drop a story's kept URLs.
pub fn unsave_urls(urls: &[String]) {
    call_with_urls("newsdeskUnsaveUrls", urls);
}

/// Activates the waiting version; pwa.js reloads the page once it rules.
pub fn apply_update() {
    if let Some(f) = window_function("newsdeskApplyUpdate") {
        let _ = f.call0(&JsValue::NULL);
    }
}

/// The `detail.url` of a [`FEED_UPDATED`] event, if any.
pub fn updated_url(event: &web_sys::Event) -> Option<String> {
    let detail = event.dyn_ref::<web_sys::CustomEvent>()?.detail();
    Reflect::get(&detail, &"url".into()).ok()?.as_string()
}

fn call_with_urls(name: &str, urls: &[String]) {
    if let Some(f) = window_function(name) {
        let list: Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
        let _ = f.call1(&JsValue::NULL, &list);
    }
}

fn window_function(name: &str) -> Option<Function> {
    let window = web_sys::window()?;
    Reflect::get(&window, &name.into()).ok()?.dyn_into().ok()
}
