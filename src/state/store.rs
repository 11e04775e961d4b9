//! The offline store: saved items and read marks in IndexedDB, through a
//! thin web-sys layer (a few dozen lines cost less wasm than an IndexedDB
//! crate; see ARCHITECTURE.md).
//!
//! Database `newsdesk`, version 1, two object stores keyed by item id:
//! `saved` (a [`SavedItem`] as JSON) and `read` (when it was read, ms since
//! the epoch). Every function returns `Result`; a browser without
//! IndexedDB (or a private window that refuses it) gets [`StoreError`] and
//! the app keeps working without offline copies.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use js_sys::{Array, Function, Promise};
use newsdesk_feed::Item;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "newsdesk";
const DB_VERSION: u32 = 1;
const SAVED: &str = "saved";
const READ: &str = "read";

/// An item the reader saved for offline reading, with when they saved it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedItem {
    /// The whole item, body and desk included.
    pub item: Item,
    /// When it was saved, ms since the epoch.
    pub saved_at: f64,
}

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser offers no IndexedDB (or refused it).
    Unavailable,
    /// The device's storage for this site is full.
    Full,
    /// Anything else the database reported.
    Failed(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable => {
                f.write_str("This browser does not let Newsdesk keep stories offline.")
            }
            StoreError::Full => f.write_str(
                "Your device's storage for Newsdesk is full, so this story could not be kept offline. Remove some saved stories and try again.",
            ),
            StoreError::Failed(why) => write!(f, "Could not store this story offline ({why})."),
        }
    }
}

impl std::error::Error for StoreError {}

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Saves (or re-saves) an item for offline reading.
pub async fn save(item: &Item, saved_at: f64) -> Result<(), StoreError> {
    let json = crate::json::saved_to_string(item, saved_at);
    put(SAVED, &item.id, &JsValue::from_str(&json)).await
}

/// Removes a saved item (nothing happens if it was not saved).
pub async fn unsave(id: &str) -> Result<(), StoreError> {
    delete(SAVED, id).await
}

/// Every saved item, most recently saved first. Entries that no longer
/// parse (an older app version) are skipped, not fatal.
pub async fn saved_items() -> Result<Vec<SavedItem>, StoreError> {
    let values = get_all(SAVED).await?;
    let mut items: Vec<SavedItem> = values
        .iter()
        .filter_map(|v| v.as_string())
        .filter_map(|json| crate::json::saved_from_str(&json).ok())
        .map(|(item, saved_at)| SavedItem { item, saved_at })
        .collect();
    items.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(items)
}

/// Marks an item read.
pub async fn mark_read(id: &str, at: f64) -> Result<(), StoreError> {
    put(READ, id, &JsValue::from_f64(at)).await
}

/// Marks an item unread again.
pub async fn mark_unread(id: &str) -> Result<(), StoreError> {
    delete(READ, id).await
}

/// The ids of every item marked read.
pub async fn read_ids() -> Result<HashSet<String>, StoreError> {
    let keys = get_all_keys(READ).await?;
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

async fn put(store: &str, key: &str, value: &JsValue) -> Result<(), StoreError> {
    let (tx, object_store) = open_store(store, IdbTransactionMode::Readwrite).await?;
    // Listen for the commit before the request: it may finish at any time.
    let committed = done(&tx);
    object_store
        .put_with_key(value, &JsValue::from_str(key))
        .map_err(error)?;
    committed.await
}

async fn delete(store: &str, key: &str) -> Result<(), StoreError> {
    let (tx, object_store) = open_store(store, IdbTransactionMode::Readwrite).await?;
    let committed = done(&tx);
    object_store
        .delete(&JsValue::from_str(key))
        .map_err(error)?;
    committed.await
}

async fn get_all(store: &str) -> Result<Array, StoreError> {
    let (_, object_store) = open_store(store, IdbTransactionMode::Readonly).await?;
    let request = object_store.get_all().map_err(error)?;
    Ok(wait(&request).await?.unchecked_into())
}

async fn get_all_keys(store: &str) -> Result<Array, StoreError> {
    let (_, object_store) = open_store(store, IdbTransactionMode::Readonly).await?;
    let request = object_store.get_all_keys().map_err(error)?;
    Ok(wait(&request).await?.unchecked_into())
}

async fn open_store(
    store: &str,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, web_sys::IdbObjectStore), StoreError> {
    let db = database().await?;
    let tx = db
        .transaction_with_str_and_mode(store, mode)
        .map_err(error)?;
    let object_store = tx.object_store(store).map_err(error)?;
    Ok((tx, object_store))
}

async fn database() -> Result<IdbDatabase, StoreError> {
    if let Some(db) = DB.with(|db| db.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(StoreError::Unavailable)?;
    let request = factory
        .open_with_u32(DB_NAME, DB_VERSION)
        .map_err(|_| StoreError::Unavailable)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new({
        let request = request.clone();
        move |_| {
            if let Ok(result) = request.result() {
                let db: IdbDatabase = result.unchecked_into();
                let names = db.object_store_names();
                for name in [SAVED, READ] {
                    if !names.contains(name) {
                        let _ = db.create_object_store(name);
                    }
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = wait(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    let db: IdbDatabase = result?.unchecked_into();
    DB.with(|slot| *slot.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Resolves with a request's result, or its error.
async fn wait(request: &IdbRequest) -> Result<JsValue, StoreError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok_request = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok_request.result().unwrap_or_default());
        });
        let err_request = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = err_request
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(error)
}

/// Resolves when a write transaction has committed; quota errors surface
/// here (as an abort), not on the request. Call it before issuing requests.
fn done(tx: &IdbTransaction) -> impl std::future::Future<Output = Result<(), StoreError>> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let abort_tx = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let error = abort_tx.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
        tx.set_onerror(None);
    });
    let future = JsFuture::from(promise);
    async move { future.await.map(|_| ()).map_err(error) }
}

/// A DOMException (or anything thrown) as a [`StoreError`].
fn error(value: JsValue) -> StoreError {
    let name = js_sys::Reflect::get(&value, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    if name == "QuotaExceededError" {
        return StoreError::Full;
    }
    let message = js_sys::Reflect::get(&value, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "unknown error".to_string());
    StoreError::Failed(if name.is_empty() {
        message
    } else {
        format!("{name}: {message}")
    })
}
