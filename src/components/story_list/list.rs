use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;
use web_sys::Element;

use super::relay::{Row, RowRelay};

/// A list of stories: one row each (`row.rs`), in order, drawn again
/// only where the stories changed.
///
/// Rows are keyed by story (and whether it is the lead): "Show More" only
/// appends the new page's rows, a list with nothing in common with the
/// last one is cleared in one step, and any other change (new stories on
/// top, "hide read") moves the rows that stay, draws the new ones and
/// forgets the rest. New rows are put in the page together, in one
/// insertion. The list's [`RowRelay`] keeps every row's read and saved
/// marks and language current, and takes its Save clicks.
#[component]
pub fn ItemList(
    /// The stories to show, in order.
    #[prop(into)]
    items: Signal<Vec<Arc<Item>>>,
    /// Show the first story as the lead (large, with its image).
    #[prop(default = false)]
    lead: bool,
    /// Search terms whose words the rows mark (search results).
    #[prop(optional)]
    terms: Vec<String>,
    /// Classes besides `item-list`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let relay = RowRelay::new(terms);
    let class = if class.is_empty() {
        "item-list".to_string()
    } else {
        format!("item-list {class}")
    };
    view! {
        <ol class=class use:rows=(items, lead, relay) on:click=move |ev| relay.on_click(&ev)></ol>
    }
}

/// The directive behind `use:rows`: draws the rows into the `<ol>` as it is
/// built, and again whenever the stories change, for as long as the
/// calling owner lives.
fn rows(ol: Element, (items, lead, relay): (Signal<Vec<Arc<Item>>>, bool, RowRelay)) {
    let effect = RenderEffect::new(move |_| {
        let rows = items.with(|items| draw(&ol, relay.take(), items, lead, relay));
        relay.put(rows);
    });
    // Kept (and dropped, which stops it) with the owner.
    StoredValue::new_local(effect);
}

/// Brings `ol` from the rows `drawn` (none yet: `None`) to `items`.
fn draw(
    ol: &Element,
    drawn: Option<Vec<Row>>,
    items: &[Arc<Item>],
    lead: bool,
    relay: RowRelay,
) -> Vec<Row> {
    let is_lead = |index: usize| lead && index == 0;
    let Some(drawn) = drawn else {
        // The first draw. Leptos reuses elements when one list replaces
        // another of the same shape, so the `<ol>` may hold its rows.
        if ol.first_child().is_some() {
            ol.set_text_content(None);
        }
        return append(ol, Vec::new(), items, lead, relay);
    };
    // "Show More": the same rows, then more.
    if drawn.len() <= items.len()
        && drawn
            .iter()
            .zip(items)
            .enumerate()
            .all(|(index, (row, item))| row.is(&item.id, is_lead(index)))
    {
        return append(ol, drawn, items, lead, relay);
    }
    let wanted: HashSet<(&str, bool)> = items
        .iter()
        .enumerate()
        .map(|(index, item)| (item.id.as_str(), is_lead(index)))
        .collect();
    if !drawn
        .iter()
        .any(|row| wanted.contains(&(row.item.id.as_str(), row.lead)))
    {
        // Nothing stays: clear in one step.
        ol.set_text_content(None);
        return append(ol, Vec::new(), items, lead, relay);
    }
    // Keep what stays, draw what is new, and put them in order at once;
    // rows no longer wanted are dropped with `old`.
    let mut old: HashMap<(String, bool), Row> = drawn
        .into_iter()
        .map(|row| ((row.item.id.clone(), row.lead), row))
        .collect();
    // The new rows, drawn together in one parse.
    let new: Vec<(&Arc<Item>, bool)> = items
        .iter()
        .enumerate()
        .filter(|(index, item)| !old.contains_key(&(item.id.clone(), is_lead(*index))))
        .map(|(index, item)| (item, is_lead(index)))
        .collect();
    let mut new = relay.rows(&new).into_iter();
    let order = js_sys::Array::new();
    let mut rows = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let row = match old.remove(&(item.id.clone(), is_lead(index))) {
            Some(row) => Some(row),
            None => new.next(),
        };
        if let Some(row) = row {
            order.push(&row.drawn.li);
            rows.push(row);
        }
    }
    ol.replace_children_with_node(&order);
    rows
}

/// Draws the rows of `items` after those in `rows`, putting them in the
/// page in one insertion.
fn append(
    ol: &Element,
    mut rows: Vec<Row>,
    items: &[Arc<Item>],
    lead: bool,
    relay: RowRelay,
) -> Vec<Row> {
    let Some(document) = ol.owner_document() else {
        return rows;
    };
    let fragment = document.create_document_fragment();
    let new: Vec<(&Arc<Item>, bool)> = items
        .iter()
        .enumerate()
        .skip(rows.len())
        .map(|(index, item)| (item, lead && index == 0))
        .collect();
    for row in relay.rows(&new) {
        let _ = fragment.append_child(&row.drawn.li);
        rows.push(row);
    }
    let _ = ol.append_child(&fragment);
    rows
}
