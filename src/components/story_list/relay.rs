//! The marks a story row shows (read, saved, language): for a story on its
//! own from the app-wide signals, for the rows of a long list written by
//! the list's [`RowRelay`].

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::components::story_list::row::{
    build, save_button, set_read, set_saved, DrawnRow, RowStart, Story, Words,
};
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

/// One story drawn in a list: the one record the list and its relay keep
/// for it (what the list orders, and what the relay writes marks into).
#[derive(Debug)]
pub(crate) struct Row {
    /// The story.
    pub(crate) item: Arc<Item>,
    /// Drawn as the lead (the same story may be drawn twice for a moment,
    /// as the old lead and its new plain row).
    pub(crate) lead: bool,
    /// Its elements.
    pub(crate) drawn: DrawnRow,
    read: bool,
    saved: bool,
    language: Language,
}

impl Row {
    /// Whether this is the row of story `id` drawn as lead or not.
    pub(crate) fn is(&self, id: &str, lead: bool) -> bool {
        self.item.id == id && self.lead == lead
    }
}

/// Keeps the rows of one list current: their read and saved marks and the
/// interface language, written straight into each row's DOM (rows are
/// drawn from a template by `row.rs` and have no
/// reactive node of their own). The list subscribes once to each
/// app-wide signal, and only the rows whose value changed are written.
/// It also takes the list's Save clicks ([`RowRelay::on_click`]): one
/// delegated listener instead of one per row.
#[derive(Debug, Clone, Copy)]
pub struct RowRelay {
    /// The rows on the page, in order; `None` before the first draw.
    rows: StoredValue<Option<Vec<Row>>, LocalStorage>,
    /// Search terms the rows mark (none in most lists).
    terms: StoredValue<Vec<String>, LocalStorage>,
    marks: Marks,
    i18n: I18n,
}

impl RowRelay {
    /// A relay for a list whose rows mark the search `terms` (usually
    /// none); its effects live as long as the calling owner.
    pub fn new(terms: Vec<String>) -> RowRelay {
        let relay = RowRelay {
            rows: StoredValue::new_local(None),
            terms: StoredValue::new_local(terms),
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
                        set_read(&row.drawn.article, now);
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
                        if let Some(button) = save_button(&row.drawn.article) {
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
                    if let Some(words) = Words::find(&row.drawn.article) {
                        words.write(&row.item, language, row.saved);
                    }
                }
            });
        });
        relay
    }

    fn each(&self, mut f: impl FnMut(&mut Row)) {
        self.rows
            .update_value(|rows| rows.iter_mut().flatten().for_each(&mut f));
    }

    /// Draws the rows of `stories` (each a story and whether it is the
    /// lead) as they are now, read without subscribing the list, in one
    /// parse; empty only if the page has no document.
    pub(crate) fn rows(&self, stories: &[(&Arc<Item>, bool)]) -> Vec<Row> {
        let (marks, i18n) = (self.marks, self.i18n);
        let language = untrack(|| i18n.language());
        let starts: Vec<RowStart> = untrack(|| {
            stories
                .iter()
                .map(|(item, _)| RowStart {
                    read: marks.is_read(&item.id),
                    saved: marks.is_saved(&item.id),
                    language,
                })
                .collect()
        });
        let wanted: Vec<Story<'_>> = stories
            .iter()
            .zip(&starts)
            .map(|((item, lead), start)| (item.as_ref(), *lead, *start))
            .collect();
        let drawn = self.terms.with_value(|terms| build(&wanted, terms));
        stories
            .iter()
            .zip(starts)
            .zip(drawn)
            .map(|(((item, lead), start), drawn)| Row {
                item: Arc::clone(item),
                lead: *lead,
                drawn,
                read: start.read,
                saved: start.saved,
                language: start.language,
            })
            .collect()
    }

    /// Takes the rows on the page (`None` before the first draw) for the
    /// list to redraw; it hands them back with [`RowRelay::put`].
    pub(crate) fn take(&self) -> Option<Vec<Row>> {
        self.rows.try_update_value(Option::take).flatten()
    }

    /// The rows now on the page, in order: the relay keeps these current.
    pub(crate) fn put(&self, rows: Vec<Row>) {
        self.rows.set_value(Some(rows));
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
            rows.iter()
                .flatten()
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
        RowRelay::new(Vec::new())
    }
}
