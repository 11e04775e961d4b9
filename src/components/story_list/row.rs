//! One story row of a list (an [`ItemList`](super::ItemList)):
//! headline linking to the article, desk byline, summary, Save, and, for
//! the lead story, its image. Stories the reader has opened are marked
//! "Read".
//!
//! A row is the most repeated view of the app (a list may hold a
//! thousand), so it is built the way the fastest hand-written pages build
//! theirs: as HTML, parsed by the browser in one step. The HTML is
//! `newsdesk_page::markup::story_row`, the function the proxy's first
//! paint writes its rows with, so both draw one DOM; it escapes every text
//! of the item. It has no
//! reactive node of its own: what changes after it is drawn (its read and
//! saved marks, the language) is written by its list's
//! [`RowRelay`](crate::components::story_list::relay::RowRelay) through [`set_read`],
//! [`set_saved`] and [`Words`].

use std::cell::RefCell;

use newsdesk_feed::Item;
use newsdesk_page::markup::{self, Context, RowMarks};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTemplateElement};

use crate::api;
use crate::state::search;
use crate::text::format::now_unix;
use crate::text::i18n::Language;

/// What a row shows when it is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RowStart {
    /// The reader opened the story.
    pub read: bool,
    /// The story is saved for offline reading.
    pub saved: bool,
    /// The interface language.
    pub language: Language,
}

/// A drawn row: its `<li>` and the `<article>` in it.
#[derive(Debug, Clone)]
pub(crate) struct DrawnRow {
    /// What the list holds.
    pub li: Element,
    /// What the relay writes to.
    pub article: Element,
}

/// One story to draw: the story, whether it is the lead, and its marks.
pub(crate) type Story<'a> = (&'a Item, bool, RowStart);

/// How many rows are parsed in one step: few crossings between wasm and
/// the browser, and a string of at most about 100 KB (wasm memory, once
/// grown, never shrinks: one string for 1,000 rows grew the page by 1.4
/// MiB in `make bench`, 7a).
const ROWS_PER_PARSE: usize = 64;

/// Builds the rows of `stories` as they are now: [`markup::story_row`]
/// for each, parsed by the browser [`ROWS_PER_PARSE`] at a time. With
/// search `terms`, their words in each headline and summary are marked.
/// Empty only if the page has no document.
pub(crate) fn build(stories: &[Story<'_>], terms: &[String]) -> Vec<DrawnRow> {
    let base = api::base();
    let now = now_unix();
    let mut rows = Vec::with_capacity(stories.len());
    for chunk in stories.chunks(ROWS_PER_PARSE) {
        let drawn = build_chunk(chunk, terms, &base, now);
        // Row k must be story k's: a chunk that came out short ends the
        // drawing rather than shifting every row after it.
        if drawn.len() != chunk.len() {
            break;
        }
        rows.extend(drawn);
    }
    rows
}

fn build_chunk(stories: &[Story<'_>], terms: &[String], base: &str, now: i64) -> Vec<DrawnRow> {
    let mut html = String::with_capacity(1536 * stories.len());
    for &(item, lead, start) in stories {
        let cx = Context {
            language: start.language,
            now,
            base,
        };
        let marks = RowMarks {
            lead,
            read: start.read,
            saved: start.saved,
        };
        html.push_str("<li>");
        let href = row_href(item);
        if terms.is_empty() {
            markup::story_row(&mut html, item, &href, marks, &cx);
        } else {
            let marked = |out: &mut String, text: &str| {
                for (segment, hit) in search::highlight(text, terms) {
                    if hit {
                        out.push_str("<mark>");
                    }
                    markup::escape_into(out, &segment);
                    if hit {
                        out.push_str("</mark>");
                    }
                }
            };
            markup::story_row_marked(&mut html, item, &href, marks, &cx, &marked);
        }
        html.push_str("</li>");
    }
    let parsed = TEMPLATE.with(|t| {
        let mut template = t.borrow_mut();
        if template.is_none() {
            *template = document()?.create_element("template").ok()?.dyn_into().ok();
        }
        let template = template.as_ref()?;
        // Every text of the items is escaped by the markup.
        template.set_inner_html(&html);
        let content = template.content();
        let mut rows = Vec::with_capacity(stories.len());
        let mut next = content.first_element_child();
        while let Some(li) = next {
            next = li.next_element_sibling();
            let article = li.first_element_child()?;
            rows.push(DrawnRow { li, article });
        }
        Some(rows)
    });
    // Each story is one `<li>`: a mismatch would mean markup the parser
    // moved, so nothing is drawn rather than rows out of step.
    parsed
        .filter(|rows| rows.len() == stories.len())
        .unwrap_or_default()
}

thread_local! {
    /// Where rows are parsed: a `<template>`'s content is inert (its
    /// images load only once the row is in the page).
    static TEMPLATE: RefCell<Option<HtmlTemplateElement>> = const { RefCell::new(None) };
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// Where the row links: the article page here, or the publisher's page for
/// stories of feeds the reader added (they have no article page here).
fn row_href(item: &Item) -> String {
    match item
        .url
        .as_deref()
        .filter(|_| crate::state::added_feeds::is_added_item(item))
    {
        Some(publisher) => publisher.to_string(),
        None => markup::article_href(item),
    }
}

/// The desk's name, or "Newsroom" in `language`.
fn desk_name(item: &Item, language: Language) -> &str {
    item.desk()
        .and_then(|d| d.name.as_deref())
        .unwrap_or(language.words().newsroom)
}

/// The parts of a row written in the interface language.
pub(crate) struct Words {
    badge: Option<Element>,
    read_mark: Element,
    headline: Element,
    desk: Element,
    time: Option<Element>,
    read_time: Element,
    button: Element,
}

impl Words {
    /// A drawn row's words, found again (when the language changes).
    pub(crate) fn find(article: &Element) -> Option<Words> {
        let find = |selector: &str| article.query_selector(selector).ok().flatten();
        Some(Words {
            badge: find(".badge"),
            read_mark: find(".read-mark")?,
            headline: find(".item-title a")?,
            desk: find(".byline-desk")?,
            time: find("time"),
            read_time: find(".read-time")?,
            button: find(".save-button")?,
        })
    }

    /// Writes them all in `language`, Save as `saved`.
    pub(crate) fn write(&self, item: &Item, language: Language, saved: bool) {
        let words = language.words();
        if let Some(badge) = &self.badge {
            badge.set_text_content(Some(words.video));
        }
        self.read_mark.set_text_content(Some(words.read_mark));
        // "Untitled update" and "Newsroom" stand in for what the feed lacks
        // (a headline of the feed's own keeps its search marks).
        let headline = markup::headline(item, language);
        if item.title.is_none() && item.summary.is_none() {
            self.headline.set_text_content(Some(headline));
        }
        if item.desk().and_then(|d| d.name.as_deref()).is_none() {
            self.desk.set_text_content(Some(desk_name(item, language)));
        }
        write_dates(
            self.time.as_ref(),
            &self.read_time,
            item,
            item.published_unix(),
            language,
        );
        set_saved(&self.button, saved, language);
        if let Some(hidden) = self.button.last_element_child() {
            hidden.set_text_content(Some(&format!(": {headline}")));
        }
    }
}

/// The words a row makes from its item in `language`: the date it was
/// `published` (exact on hover) and the reading time.
fn write_dates(
    time: Option<&Element>,
    read_time: &Element,
    item: &Item,
    published: Option<i64>,
    language: Language,
) {
    if let (Some(time), Some(unix)) = (time, published) {
        let exact = language.full_date(unix);
        let _ = time.set_attribute("title", &exact);
        let _ = time.set_attribute("aria-label", &exact);
        time.set_text_content(Some(&language.relative_time(unix, now_unix())));
    }
    read_time.set_text_content(Some(&language.min_read(item.reading_minutes())));
}

/// Shows the row's "Read" mark (main.css shows it by the class).
pub(crate) fn set_read(article: &Element, read: bool) {
    let _ = article.class_list().toggle_with_force("is-read", read);
}

/// Writes a row's Save button as `saved`, in `language`.
pub(crate) fn set_saved(button: &Element, saved: bool, language: Language) {
    let (icon, label, title) = language.save_words(saved);
    button.set_class_name(if saved {
        "save-button is-saved"
    } else {
        "save-button"
    });
    let _ = button.set_attribute("aria-pressed", if saved { "true" } else { "false" });
    let _ = button.set_attribute("title", title);
    if let Some(icon_span) = button.first_element_child() {
        icon_span.set_text_content(Some(icon));
        if let Some(label_span) = icon_span.next_element_sibling() {
            label_span.set_text_content(Some(&format!(" {label}")));
        }
    }
}

/// A drawn row's Save button.
pub(crate) fn save_button(article: &Element) -> Option<Element> {
    article.query_selector(".save-button").ok().flatten()
}
