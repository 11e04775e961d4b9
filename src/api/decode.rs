//! Decoding what the proxy and the browser's stores hand the app, with serde
//! into the `newsdesk-feed` model through its derives (one schema, two sides).
//!
//! Text is parsed by the browser's own `JSON.parse`, then read by
//! `serde-wasm-bindgen` (measured smaller than `serde_json` in the wasm; see
//! ARCHITECTURE.md, Choices). The same adapter writes saved items into
//! IndexedDB as structured values and reads them back.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// JSON text as `T`. Unknown fields are ignored, as the model's derives say.
///
/// ```ignore
/// let sources: SourceList = decode::from_json(&text)?;
/// ```
pub fn from_json<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|e| message(&e))?;
    from_value(value)
}

/// A JavaScript value (a parsed document, a stored structured value) as `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// `value` as a plain JavaScript object (maps as objects, not `Map`s), fit
/// for IndexedDB's structured clone and for `JSON.stringify`.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}

/// What a thrown JS value says (an `Error`'s message, or the value as text).
pub fn message(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
