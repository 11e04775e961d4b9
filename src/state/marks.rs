//! What the reader keeps across visits: saved items and read marks (in the
//! offline store), the "hide read" preference, and what the app must tell
//! them about storage. [`Marks`] is provided once by the app; components
//! get it with [`use_marks`].

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use newsdesk_feed::Item;

use crate::api;
use crate::state::preferences::{local, set_local};
use crate::state::pwa;
use crate::state::store::{self, SavedItem};

/// Something about the device's storage the reader should know. A value,
/// not a sentence: the banner writes it in the interface's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The offline store refused a save, an unsave or the first load.
    Store(store::StoreError),
    /// The service worker ran out of room and removed older copies.
    StorageCleared,
}

const HIDE_READ_KEY: &str = "newsdesk.hide-read";

/// The reader's saved items, read marks and preferences, as signals.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    /// Saved items, most recently saved first.
    pub saved: RwSignal<Vec<SavedItem>>,
    /// Ids of items the reader opened (or marked read).
    pub read: RwSignal<HashSet<String>>,
    /// Hide read items in streams.
    pub hide_read: RwSignal<bool>,
    /// Something the reader should know (storage full, offline store
    /// unavailable); shown until dismissed.
    pub notice: RwSignal<Option<Notice>>,
    /// The saved items have been read from the store.
    pub loaded: RwSignal<bool>,
}

impl Marks {
    /// Creates the state, loads it from the offline store in the background
    /// and provides it as context.
    pub fn provide() -> Marks {
        let marks = Marks::empty();
        marks
            .hide_read
            .set(local(HIDE_READ_KEY).is_some_and(|v| v == "1"));
        spawn_local(async move {
            match store::saved_items().await {
                Ok(items) => marks.saved.set(items),
                Err(store::StoreError::Unavailable) => {}
                Err(e) => marks.notice.set(Some(Notice::Store(e))),
            }
            if let Ok(ids) = store::read_ids().await {
                marks.read.set(ids);
            }
            marks.loaded.set(true);
        });
        Effect::new(move |_| {
            set_local(HIDE_READ_KEY, if marks.hide_read.get() { "1" } else { "0" })
        });
        provide_context(marks);
        marks
    }

    fn empty() -> Marks {
        Marks {
            saved: RwSignal::new(Vec::new()),
            read: RwSignal::new(HashSet::new()),
            hide_read: RwSignal::new(false),
            notice: RwSignal::new(None),
            loaded: RwSignal::new(false),
        }
    }

    /// Whether `id` is saved (reactive).
    pub fn is_saved(&self, id: &str) -> bool {
        self.saved
            .with(|s| s.iter().any(|saved| saved.item.id == id))
    }

    /// Whether `id` was read (reactive).
    pub fn is_read(&self, id: &str) -> bool {
        self.read.with(|r| r.contains(id))
    }

    /// Saves `item` for offline reading, or un-saves it. The list updates at
    /// once; if the store refuses, the change is undone and the reader told.
    pub fn toggle_saved(&self, item: Item) {
        let marks = *self;
        let id = item.id.clone();
        let urls = offline_urls(&item);
        if self.is_saved(&id) {
            self.saved.update(|s| s.retain(|saved| saved.item.id != id));
            pwa::unsave_urls(&urls);
            spawn_local(async move {
                if let Err(e) = store::unsave(&id).await {
                    marks.notice.set(Some(Notice::Store(e)));
                }
            });
        } else {
            let entry = SavedItem {
                item,
                saved_at: js_sys::Date::now(),
            };
            self.saved.update(|s| s.insert(0, entry.clone()));
            pwa::save_urls(&urls);
            spawn_local(async move {
                if let Err(e) = store::save(&entry).await {
                    marks
                        .saved
                        .update(|s| s.retain(|saved| saved.item.id != id));
                    marks.notice.set(Some(Notice::Store(e)));
                }
            });
        }
    }

    /// Marks `id` read (kept across visits).
    pub fn mark_read(&self, id: &str) {
        if self.read.with_untracked(|r| r.contains(id)) {
            return;
        }
        self.read.update(|r| {
            r.insert(id.to_string());
        });
        let id = id.to_string();
        spawn_local(async move {
            let _ = store::mark_read(&id, js_sys::Date::now()).await;
        });
    }

    /// Marks `id` read or unread, whichever it is not.
    pub fn toggle_read(&self, id: &str) {
        if self.read.with_untracked(|r| r.contains(id)) {
            self.read.update(|r| {
                r.remove(id);
            });
            let id = id.to_string();
            spawn_local(async move {
                let _ = store::mark_unread(&id).await;
            });
        } else {
            self.mark_read(id);
        }
    }

    /// A saved copy of `id`, if the reader saved it.
    pub fn saved_copy(&self, id: &str) -> Option<Item> {
        self.saved.with_untracked(|s| {
            s.iter()
                .find(|saved| saved.item.id == id)
                .map(|saved| saved.item.clone())
        })
    }
}

/// The app's [`Marks`]; outside the app (a component mounted alone, as in
/// tests) a fresh, empty one that stores nothing until used.
pub fn use_marks() -> Marks {
    use_context::<Marks>().unwrap_or_else(Marks::empty)
}

/// What a saved story needs offline: its JSON and its images.
fn offline_urls(item: &Item) -> Vec<String> {
    let mut urls = vec![api::resolve(&api::item_url(&item.id))];
    urls.extend(item.image.iter().map(|u| api::resolve(u)));
    urls.extend(item.banner_image.iter().map(|u| api::resolve(u)));
    urls.extend(
        item.desk()
            .and_then(|d| d.avatar.as_deref())
            .map(api::resolve),
    );
    if let Some(html) = &item.content_html {
        let mut rest = html.as_str();
        while let Some(start) = rest.find("src=\"") {
            rest = &rest[start + 5..];
            if let Some(end) = rest.find('"') {
                urls.push(api::resolve(&rest[..end].replace("&amp;", "&")));
                rest = &rest[end..];
            }
        }
    }
    urls
}
