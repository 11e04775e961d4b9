//! "Share" on an article: the system share sheet where the browser has one
//! (phones), else the link copied to the clipboard, said in the article's
//! `.copied` status.

use wasm_bindgen::{JsCast, JsValue};

/// Shares `title` at `url`; `true` if the link was copied instead (so the
/// caller says "Link copied"), `false` if the share sheet opened or there
/// is neither.
pub(crate) fn share(title: &str, url: &str) -> bool {
    !system_share(title, url) && copy_link(url)
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
