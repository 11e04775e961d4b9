//! One story row of a list (an [`ItemList`](super::ItemList)):
//! headline linking to the article, desk byline, summary, Save, and, for
//! the lead story, its image. Stories the reader has opened are marked
//! "Read".
//!
//! A row is the most repeated view of the app (a list may hold a
//! thousand), so it is built the way the fastest hand-written pages build
//! theirs: its markup is one `<template>` per interface language, cloned
//! and filled in (text through `textContent`, attributes through
//! `setAttribute`: nothing of the item is ever parsed as HTML). It has no
//! reactive node of its own: what changes after it is drawn (its read and
//! saved marks, the language) is written by its list's
//! [`RowRelay`](crate::components::story_list::relay::RowRelay) through [`set_read`],
//! [`set_saved`] and [`Words`].

use std::cell::RefCell;

use newsdesk_feed::Item;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlTemplateElement, Node};

use crate::api;
use crate::text::format::now_unix;
use crate::text::i18n::save_words;
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

/// Builds the row of `item` (the lead story when `lead`), as it is now.
/// `None` only if the page has no document.
pub(crate) fn build(item: &Item, lead: bool, start: RowStart) -> Option<DrawnRow> {
    let li = PROTOTYPES.with(|p| {
        let mut prototypes = p.borrow_mut();
        if !prototypes.iter().any(|(l, _)| *l == start.language) {
            prototypes.push((start.language, prototype(start.language)?));
        }
        let (_, row) = prototypes.iter().find(|(l, _)| *l == start.language)?;
        row.clone_node_with_deep(true).ok()
    })?;
    let article = first(&li)?;
    fill(&article, item, lead, start)?;
    Some(DrawnRow {
        li: li.unchecked_into(),
        article,
    })
}

thread_local! {
    /// The row's `<li>` in each language drawn so far, from its template.
    static PROTOTYPES: RefCell<Vec<(Language, Node)>> = const { RefCell::new(Vec::new()) };
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// The row's `<li>` in `language`, unsaved, with every part most rows have
/// (the rare ones, a lead image and a Video badge, are added by [`fill`]),
/// parsed once from a `<template>`. No whitespace between tags: the fill
/// walks siblings.
fn prototype(language: Language) -> Option<Node> {
    let text = language.text();
    let (icon, label, title) = save_words(false, text);
    let markup = format!(
        concat!(
            r#"<li><article class="item-card"><div class="item-text">"#,
            r#"<span class="read-mark">{read}</span><h2 class="item-title"><a></a></h2>"#,
            r#"<div class="byline"><img class="avatar avatar-small" src="" alt="" width="28" height="28">"#,
            r#"<a class="byline-desk"></a><span class="dot" aria-hidden="true">·</span><time></time>"#,
            r#"<span class="dot" aria-hidden="true">·</span><span class="read-time"></span></div>"#,
            r#"<p class="item-summary"></p><div class="item-actions">"#,
            r#"<button class="save-button" aria-pressed="false" title="{title}">"#,
            r#"<span aria-hidden="true">{icon}</span><span> {label}</span>"#,
            r#"<span class="visually-hidden"></span></button></div></div></article></li>"#,
        ),
        read = escape(text.read_mark),
        title = escape(title),
        icon = escape(icon),
        label = escape(label),
    );
    let template: HtmlTemplateElement = document()?
        .create_element("template")
        .ok()?
        .dyn_into()
        .ok()?;
    // The interface's own strings: no item data is in this markup.
    template.set_inner_html(&markup);
    template.content().first_child()
}

/// Text for the template's markup (the interface's own strings, escaped all
/// the same).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
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
        None => format!("/article/{}", item.id),
    }
}

fn element(node: Option<Node>) -> Option<Element> {
    node.map(JsCast::unchecked_into)
}

fn next(el: &Element) -> Option<Element> {
    element(el.next_sibling())
}

fn first(node: &Node) -> Option<Element> {
    element(node.first_child())
}

/// Fills a clone of the template's `<article>` with `item`.
fn fill(article: &Element, item: &Item, lead: bool, start: RowStart) -> Option<()> {
    let href = row_href(item);
    article.set_attribute("data-item-id", &item.id).ok()?;
    if lead {
        article.class_list().add_1("item-card-lead").ok()?;
    }
    if start.read {
        set_read(article, true);
    }
    let text = first(article)?;
    let read_mark = first(&text)?;
    let heading = next(&read_mark)?;
    let byline = next(&heading)?;
    let summary = next(&byline)?;
    let actions = next(&summary)?;

    if lead {
        if let Some(src) = item.image.as_deref() {
            let document = document()?;
            let link = document.create_element("a").ok()?;
            link.set_class_name("item-image");
            link.set_attribute("href", &href).ok()?;
            link.set_attribute("tabindex", "-1").ok()?;
            link.set_attribute("aria-hidden", "true").ok()?;
            let image = document.create_element("img").ok()?;
            for (name, value) in [
                ("src", api::resolve(src).as_str()),
                ("alt", ""),
                ("width", "1200"),
                ("height", "675"),
            ] {
                image.set_attribute(name, value).ok()?;
            }
            link.append_child(&image).ok()?;
            article.insert_before(&link, Some(&text)).ok()?;
        }
    }
    if item.video().is_some() {
        let badge = document()?.create_element("span").ok()?;
        badge.set_class_name("badge");
        badge.set_text_content(Some(start.language.text().video));
        text.insert_before(&badge, Some(&read_mark)).ok()?;
    }

    let headline = first(&heading)?;
    headline.set_attribute("href", &href).ok()?;
    let title = item
        .title
        .as_deref()
        .or(item.summary.as_deref())
        .unwrap_or("Untitled update");
    headline.set_text_content(Some(title));

    let published = item.published_unix();
    let time = fill_byline(&byline, item, published.is_some())?;

    match item.summary.as_deref() {
        Some(s) => summary.set_text_content(Some(s)),
        None => summary.remove(),
    }

    let button = first(&actions)?;
    button.last_element_child()?.set_text_content(Some(&format!(
        ": {}",
        item.title.as_deref().unwrap_or_default()
    )));
    if start.saved {
        set_saved(&button, true, start.language);
    }

    // The template already says "Read", "Save" in this language.
    write_dates(
        time.as_ref(),
        &byline.last_element_child()?,
        item,
        published,
        start.language,
    );
    Some(())
}

/// The byline's desk and date (its words are [`Words`]'); returns its
/// `<time>`, if the item has a readable date (`dated`).
fn fill_byline(byline: &Element, item: &Item, dated: bool) -> Option<Option<Element>> {
    let desk = item.desk();
    let avatar = first(byline)?;
    let name_link = next(&avatar)?;
    let dot = next(&name_link)?;
    let time = next(&dot)?;
    match desk.and_then(|d| d.avatar.as_deref()) {
        Some(src) => avatar.set_attribute("src", &api::resolve(src)).ok()?,
        None => avatar.remove(),
    }
    let name = desk.and_then(|d| d.name.as_deref()).unwrap_or("Newsroom");
    match desk.and_then(|d| d.desk_id()) {
        Some(id) => {
            name_link
                .set_attribute("href", &format!("/desk/{id}"))
                .ok()?;
            name_link.set_text_content(Some(name));
        }
        None => {
            // A desk without a page: its name, not a link.
            let span = document()?.create_element("span").ok()?;
            span.set_class_name("byline-desk");
            span.set_text_content(Some(name));
            name_link.replace_with_with_node_1(&span).ok()?;
        }
    }
    match item.date_published.as_deref().filter(|_| dated) {
        Some(iso) => {
            time.set_attribute("datetime", iso).ok()?;
            Some(Some(time))
        }
        None => {
            dot.remove();
            time.remove();
            Some(None)
        }
    }
}

/// The parts of a row written in the interface language.
pub(crate) struct Words {
    badge: Option<Element>,
    read_mark: Element,
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
            time: find("time"),
            read_time: find(".read-time")?,
            button: find(".save-button")?,
        })
    }

    /// Writes them all in `language`, Save as `saved`.
    pub(crate) fn write(&self, item: &Item, language: Language, saved: bool) {
        let text = language.text();
        if let Some(badge) = &self.badge {
            badge.set_text_content(Some(text.video));
        }
        self.read_mark.set_text_content(Some(text.read_mark));
        write_dates(
            self.time.as_ref(),
            &self.read_time,
            item,
            item.published_unix(),
            language,
        );
        set_saved(&self.button, saved, language);
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
    let (icon, label, title) = save_words(saved, language.text());
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
