//! The offline store: saved items and read marks in IndexedDB, through a
//! thin web-sys layer (a few dozen lines cost less wasm than an IndexedDB
//! crate; see ARCHITECTURE.md).
//!
//! Database `newsdesk`, version 1, two object stores keyed by item id:
//! `saved` (each [`SavedItem`] as a structured value) and `read` (when it was read, ms since
//! the epoch). Every function returns `Result`; a browser without
//! IndexedDB (or a private window that refuses it) gets [`StoreError`] and
//! the app keeps working without offline copies.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::rc::Rc;

use futures::channel::oneshot;
use js_sys::{Array, Function};
use newsdesk_feed::Item;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::decode;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "newsdesk";
const DB_VERSION: u32 = 1;
const SAVED: &str = "saved";
const READ: &str = "read";

/// An item the reader saved for offline reading, with when they saved it.
/// Stored as this structured value (serde through `serde-wasm-bindgen`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub async fn save(saved: &SavedItem) -> Result<(), StoreError> {
    let value = decode::to_value(saved).map_err(StoreError::Failed)?;
    put(SAVED, &saved.item.id, &value).await
}

/// Removes a saved item (nothing happens if it was not saved).
pub async fn unsave(id: &str) -> Result<(), StoreError> {
    delete(SAVED, id).await
}

/// Every saved item, most recently saved first. Entries that no longer
/// read as a [`SavedItem`] are skipped, not fatal.
pub async fn saved_items() -> Result<Vec<SavedItem>, StoreError> {
    let values = get_all(SAVED).await?;
    let mut items: Vec<SavedItem> = values.iter().filter_map(saved_item).collect();
    items.sort_by(|a, b| b.saved_at.total_cmp(&a.saved_at));
    Ok(items)
}

/// One stored saved item: a structured value, or the JSON text that app
/// versions before structured values wrote (kept readable: a reader's saved
/// stories survive the update).
pub fn saved_item(value: JsValue) -> Option<SavedItem> {
    match value.as_string() {
        Some(text) => decode::from_json(&text).ok(),
        None => decode::from_value(value).ok(),
    }
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
        .map_err(error_of)?;
    committed.await
}

async fn delete(store: &str, key: &str) -> Result<(), StoreError> {
    let (tx, object_store) = open_store(store, IdbTransactionMode::Readwrite).await?;
    let committed = done(&tx);
    object_store
        .delete(&JsValue::from_str(key))
        .map_err(error_of)?;
    committed.await
}

async fn get_all(store: &str) -> Result<Array, StoreError> {
    let (_, object_store) = open_store(store, IdbTransactionMode::Readonly).await?;
    let request = object_store.get_all().map_err(error_of)?;
    Ok(wait(&request).await?.unchecked_into())
}

async fn get_all_keys(store: &str) -> Result<Array, StoreError> {
    let (_, object_store) = open_store(store, IdbTransactionMode::Readonly).await?;
    let request = object_store.get_all_keys().map_err(error_of)?;
    Ok(wait(&request).await?.unchecked_into())
}

async fn open_store(
    store: &str,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, web_sys::IdbObjectStore), StoreError> {
    let db = database().await?;
    let tx = db
        .transaction_with_str_and_mode(store, mode)
        .map_err(error_of)?;
    let object_store = tx.object_store(store).map_err(error_of)?;
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

/// The two callbacks an IndexedDB request or transaction settles through.
///
/// Exactly one of them ever runs, so neither may be leaked to JavaScript
/// (`Closure::once_into_js` frees a closure only when it runs: the other
/// one stayed behind on every request and every write). They are owned
/// here instead and dropped once the outcome is in, after being detached
/// from the target, so a late event never calls a freed closure either.
struct Settle {
    resolved: Closure<dyn FnMut(web_sys::Event)>,
    rejected: Closure<dyn FnMut(web_sys::Event)>,
}

impl Settle {
    fn new() -> (Settle, oneshot::Receiver<bool>) {
        let (sender, receiver) = oneshot::channel();
        let outcome = Rc::new(RefCell::new(Some(sender)));
        let report = |ok: bool| {
            let outcome = outcome.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                if let Some(sender) = outcome.borrow_mut().take() {
                    let _ = sender.send(ok);
                }
            })
        };
        let settle = Settle {
            resolved: report(true),
            rejected: report(false),
        };
        (settle, receiver)
    }

    fn resolved(&self) -> &Function {
        self.resolved.as_ref().unchecked_ref()
    }

    fn rejected(&self) -> &Function {
        self.rejected.as_ref().unchecked_ref()
    }
}

/// Resolves with a request's result, or its error. The request keeps no
/// handler once this returns (or is dropped).
pub(crate) async fn wait(request: &IdbRequest) -> Result<JsValue, StoreError> {
    let (settle, outcome) = Settle::new();
    request.set_onsuccess(Some(settle.resolved()));
    request.set_onerror(Some(settle.rejected()));
    let _detach = Detach(|| {
        request.set_onsuccess(None);
        request.set_onerror(None);
    });
    let ok = outcome.await.unwrap_or(false);
    if ok {
        Ok(request.result().unwrap_or_default())
    } else {
        let error = request
            .error()
            .ok()
            .flatten()
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL);
        Err(error_of(error))
    }
}

/// Resolves when a write transaction has committed; quota errors surface
/// here (as an abort), not on the request. Call it before issuing requests.
/// The transaction keeps no handler once the returned future is done.
fn done(tx: &IdbTransaction) -> impl std::future::Future<Output = Result<(), StoreError>> {
    let (settle, outcome) = Settle::new();
    tx.set_oncomplete(Some(settle.resolved()));
    tx.set_onabort(Some(settle.rejected()));
    tx.set_onerror(None);
    let tx = tx.clone();
    async move {
        // Declared first, dropped last: the handlers are detached before
        // the closures they point at are freed.
        let _settle = settle;
        let _detach = Detach(|| {
            tx.set_oncomplete(None);
            tx.set_onabort(None);
        });
        let ok = outcome.await.unwrap_or(false);
        if ok {
            Ok(())
        } else {
            Err(error_of(
                tx.error().map(JsValue::from).unwrap_or(JsValue::NULL),
            ))
        }
    }
}

/// Runs its function when dropped: detaches handlers however a wait ends
/// (settled, or its future dropped by a reader who left the page).
struct Detach<F: FnMut()>(F);

impl<F: FnMut()> Drop for Detach<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// A DOMException (or anything thrown) as a [`StoreError`].
fn error_of(value: JsValue) -> StoreError {
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! Regression: every request left its unfired `onerror` (and every write
    //! its unfired `onabort`) behind as a leaked closure. Now a settled or
    //! abandoned wait leaves no handler on its request or transaction.

    use futures::FutureExt;
    use wasm_bindgen_test::*;

    use super::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn open(name: &str) -> web_sys::IdbOpenDbRequest {
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        let request = factory.open_with_u32(name, 1).unwrap();
        let upgrade = Closure::once_into_js({
            let request = request.clone();
            move |_: web_sys::Event| {
                let db: IdbDatabase = request.result().unwrap().unchecked_into();
                let _ = db.create_object_store("things");
            }
        });
        request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        request
    }

    #[wasm_bindgen_test]
    async fn settled_requests_and_writes_keep_no_handlers() {
        let request = open("newsdesk-test-settle");
        let db: IdbDatabase = wait(&request).await.unwrap().unchecked_into();
        assert!(request.onsuccess().is_none() && request.onerror().is_none());

        let tx = db
            .transaction_with_str_and_mode("things", IdbTransactionMode::Readwrite)
            .unwrap();
        let committed = done(&tx);
        let put = tx
            .object_store("things")
            .unwrap()
            .put_with_key(&JsValue::from_f64(1.0), &JsValue::from_str("a"))
            .unwrap();
        committed.await.unwrap();
        assert!(tx.oncomplete().is_none() && tx.onabort().is_none());
        assert!(put.onsuccess().is_none());
        db.close();
    }

    #[wasm_bindgen_test]
    async fn an_abandoned_wait_detaches_its_handlers() {
        let request = open("newsdesk-test-abandon");
        {
            let mut waiting = Box::pin(wait(&request));
            assert!((&mut waiting).now_or_never().is_none(), "still opening");
            assert!(request.onsuccess().is_some());
        }
        // The reader left: the future is gone, and so are its handlers, so
        // the success that comes later calls nothing that was freed.
        assert!(request.onsuccess().is_none() && request.onerror().is_none());
    }
}
