//! The marks a story row shows (read, saved, language): for a story on its
//! own from the app-wide signals, for the rows of a long list written by
//! the list's [`RowRelay`].

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::components::story_list::row::{save_button, set_read, set_saved, RowStart, Words};
use crate::state::marks::{use_marks, Marks};
use crate::text::i18n::{use_i18n, I18n, Language};

/// What a story shown on its own can change after it is drawn: its read
/// and saved marks and the interface language.
///
/// Rows of a list never subscribe to these app-wide signals (their
/// [`RowRelay`] does, once): Leptos keeps a subscriber entry on a signal
/// after the subscriber is gone, and unsubscribing costs time proportional
/// to the number of subscribers, so thousands of rows subscribing to the
/// one read-marks signal made every list change slower.
#[derive(Debug, Clone, Copy)]
pub struct RowMarks {
    /// The reader opened the story.
    pub read: Signal<bool>,
    /// The story is saved for offline reading.
    pub saved: Signal<bool>,
    /// The interface language.
    pub language: Signal<Language>,
}

/// The marks for the story `id`, from the app-wide signals (a story shown
/// on its own: an article, a search result).
pub fn use_row_marks(id: &str) -> RowMarks {
    let marks = use_marks();
    let i18n = use_i18n();
    let read_id = id.to_string();
    let saved_id = id.to_string();
    RowMarks {
        read: Signal::derive(move || marks.is_read(&read_id)),
        saved: Signal::derive(move || marks.is_saved(&saved_id)),
        language: Signal::derive(move || i18n.language()),
    }
}

/// One drawn row of a list.
#[derive(Debug)]
struct Row {
    article: Element,
    item: Arc<Item>,
    read: bool,
    saved: bool,
    language: Language,
}

/// A list's rows, by a number of their own (the same story may be drawn
/// twice for a moment, as the old lead and its new row).
#[derive(Debug, Default)]
struct Rows {
    next: u64,
    rows: HashMap<u64, Row>,
}

/// Keeps the rows of one list current: their read and saved marks and the
/// interface language, written straight into each row's DOM (rows are
/// drawn from a template by `components/item_card.rs` and have no
/// reactive node of their own). The list subscribes once to each
/// app-wide signal, and only the rows whose value changed are written.
/// It also takes the list's Save clicks ([`RowRelay::on_click`]): one
/// delegated listener instead of one per row.
#[derive(Debug, Clone, Copy)]
pub struct RowRelay {
    rows: StoredValue<Rows, LocalStorage>,
    marks: Marks,
    i18n: I18n,
}

impl RowRelay {
    /// A relay for a list; its effects live as long as the calling owner.
    pub fn new() -> RowRelay {
        let relay = RowRelay {
            rows: StoredValue::new_local(Rows::default()),
            marks: use_marks(),
            i18n: use_i18n(),
        };
        let marks = relay.marks;
        let i18n = relay.i18n;
        Effect::new(move |_| {
            marks.read.with(|read| {
                relay.each(|row| {
                    let now = read.contains(&row.item.id);
                    if row.read != now {
                        row.read = now;
                        set_read(&row.article, now);
                    }
                });
            });
        });
        Effect::new(move |_| {
            marks.saved.with(|saved| {
                let ids: HashSet<&str> = saved.iter().map(|s| s.item.id.as_str()).collect();
                relay.each(|row| {
                    let now = ids.contains(row.item.id.as_str());
                    if row.saved != now {
                        row.saved = now;
                        if let Some(button) = save_button(&row.article) {
                            set_saved(&button, now, row.language);
                        }
                    }
                });
            });
        });
        Effect::new(move |_| {
            let language = i18n.language();
            relay.each(|row| {
                if row.language != language {
                    row.language = language;
                    if let Some(words) = Words::find(&row.article) {
                        words.write(&row.item, language, row.saved);
                    }
                }
            });
        });
        relay
    }

    fn each(&self, mut f: impl FnMut(&mut Row)) {
        self.rows
            .update_value(|rows| rows.rows.values_mut().for_each(&mut f));
    }

    /// What a row of `item` shows now (read without subscribing the list).
    pub(crate) fn start(&self, item: &Item) -> RowStart {
        let (marks, i18n) = (self.marks, self.i18n);
        untrack(|| RowStart {
            read: marks.is_read(&item.id),
            saved: marks.is_saved(&item.id),
            language: i18n.language(),
        })
    }

    /// Keeps a drawn row current from now on, until [`RowRelay::remove`];
    /// returns the number to remove it by.
    pub(crate) fn add(&self, article: &Element, item: Arc<Item>, start: RowStart) -> u64 {
        let mut serial = 0;
        self.rows.update_value(|rows| {
            serial = rows.next;
            rows.next += 1;
            rows.rows.insert(
                serial,
                Row {
                    article: article.clone(),
                    item,
                    read: start.read,
                    saved: start.saved,
                    language: start.language,
                },
            );
        });
        serial
    }

    /// Forgets a row that is gone.
    pub(crate) fn remove(&self, serial: u64) {
        self.rows.update_value(|rows| {
            rows.rows.remove(&serial);
        });
    }

    /// Forgets every row.
    pub(crate) fn clear(&self) {
        self.rows.update_value(|rows| rows.rows.clear());
    }

    /// A click in the list: Save (or unsave) the story whose Save button
    /// it was on.
    pub fn on_click(&self, event: &web_sys::MouseEvent) {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Some(id) = target
            .closest(".save-button")
            .ok()
            .flatten()
            .and_then(|button| button.closest("[data-item-id]").ok().flatten())
            .and_then(|article| article.get_attribute("data-item-id"))
        else {
            return;
        };
        let item = self.rows.with_value(|rows| {
            rows.rows
                .values()
                .find(|row| row.item.id == id)
                .map(|row| Item::clone(&row.item))
        });
        if let Some(item) = item {
            self.marks.toggle_saved(item);
        }
    }
}

impl Default for RowRelay {
    fn default() -> Self {
        RowRelay::new()
    }
}
