//! The marks a story row shows (read, saved, language), relayed to each
//! row of a long list through signals of the row's own.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::i18n::{use_i18n, Language};
use crate::reading::use_reading;

/// What a story row shows that can change after it is drawn: its read and
/// saved marks and the interface language.
///
/// In a long list these come from signals of the row's own
/// ([`RowRelay`]): a row then never subscribes to the app-wide signals,
/// which matters because Leptos keeps a subscriber entry on a signal after
/// the subscriber is gone, and unsubscribing costs time proportional to
/// the number of subscribers. Thousands of rows subscribing to the one
/// read-marks signal made every list change slower, and each list left
/// behind entries that slowed the next. Outside a list (an article, a
/// search result) the marks follow the app-wide signals directly.
#[derive(Debug, Clone, Copy)]
pub struct RowMarks {
    /// The reader opened the story.
    pub read: Signal<bool>,
    /// The story is saved for offline reading.
    pub saved: Signal<bool>,
    /// The interface language.
    pub language: Signal<Language>,
}

/// The marks for the story `id`: its row's own when inside a [`RowRelay`]
/// row, else straight from the app-wide signals.
pub fn use_row_marks(id: &str) -> RowMarks {
    if let Some(marks) = use_context::<RowMarks>() {
        return marks;
    }
    let reading = use_reading();
    let i18n = use_i18n();
    let read_id = id.to_string();
    let saved_id = id.to_string();
    RowMarks {
        read: Signal::derive(move || reading.is_read(&read_id)),
        saved: Signal::derive(move || reading.is_saved(&saved_id)),
        language: Signal::derive(move || i18n.language()),
    }
}

/// One row's own signals.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowSignals {
    read: RwSignal<bool>,
    saved: RwSignal<bool>,
    language: RwSignal<Language>,
}

/// Relays the app-wide read marks, saved items and language to the rows of
/// one list: one subscription each for the whole list, and only the rows
/// whose value changed are told.
#[derive(Debug, Clone, Copy)]
pub struct RowRelay {
    rows: StoredValue<HashMap<String, RowSignals>>,
}

impl RowRelay {
    /// A relay for a list; its effects live as long as the calling owner.
    pub fn new() -> RowRelay {
        let relay = RowRelay {
            rows: StoredValue::new(HashMap::new()),
        };
        let reading = use_reading();
        let i18n = use_i18n();
        Effect::new(move |_| {
            reading.read.with(|read| {
                relay.each(|id, row| set_if_changed(row.read, read.contains(id)));
            });
        });
        Effect::new(move |_| {
            reading.saved.with(|saved| {
                let ids: std::collections::HashSet<&str> =
                    saved.iter().map(|s| s.item.id.as_str()).collect();
                relay.each(|id, row| set_if_changed(row.saved, ids.contains(id)));
            });
        });
        Effect::new(move |_| {
            let language = i18n.language();
            relay.each(|_, row| set_if_changed(row.language, language));
        });
        relay
    }

    fn each(&self, mut f: impl FnMut(&str, &RowSignals)) {
        self.rows.with_value(|rows| {
            for (id, row) in rows {
                f(id, row);
            }
        });
    }

    /// Gives the row being built (call it inside the row's own owner, e.g.
    /// a `For` child) its signals, provided as [`RowMarks`] context, and
    /// forgets them when the row goes.
    pub fn enter_row(&self, id: &str) {
        let reading = use_reading();
        let i18n = use_i18n();
        // The row's starting values, read without subscribing the list to them.
        let row = untrack(|| RowSignals {
            read: RwSignal::new(reading.is_read(id)),
            saved: RwSignal::new(reading.is_saved(id)),
            language: RwSignal::new(i18n.language()),
        });
        self.rows.update_value(|rows| {
            rows.insert(id.to_string(), row);
        });
        provide_context(RowMarks {
            read: row.read.into(),
            saved: row.saved.into(),
            language: row.language.into(),
        });
        let rows = self.rows;
        let id = id.to_string();
        on_cleanup(move || {
            // The same story may have been drawn again (as the lead, say)
            // before this row went: forget only this row's signals.
            rows.try_update_value(|rows| {
                if rows.get(&id) == Some(&row) {
                    rows.remove(&id);
                }
            });
        });
    }
}

impl Default for RowRelay {
    fn default() -> Self {
        RowRelay::new()
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.try_with_untracked(|v| *v != value).unwrap_or(false) {
        signal.set(value);
    }
}
