use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;
use web_sys::Element;

use super::row::{self as item_card, DrawnRow};
use crate::components::story_list::relay::RowRelay;

/// A list of stories: one [`item_card`] row each, in order, drawn again
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
) -> impl IntoView {
    let relay = RowRelay::new();
    view! {
        <ol class="item-list" use:rows=(items, lead, relay) on:click=move |ev| relay.on_click(&ev)></ol>
    }
}

/// The directive behind `use:rows`: draws the rows into the `<ol>` as it is
/// built, and again whenever the stories change, for as long as the
/// calling owner lives.
fn rows(ol: Element, (items, lead, relay): (Signal<Vec<Arc<Item>>>, bool, RowRelay)) {
    let effect = RenderEffect::new(move |drawn: Option<Vec<Shown>>| {
        items.with(|items| draw(&ol, drawn, items, lead, relay))
    });
    // Kept (and dropped, which stops it) with the owner.
    StoredValue::new_local(effect);
}

/// A row on the page.
struct Shown {
    id: String,
    lead: bool,
    serial: u64,
    row: DrawnRow,
}

impl Shown {
    fn is(&self, id: &str, lead: bool) -> bool {
        self.id == id && self.lead == lead
    }
}

/// Brings `ol` from the rows `drawn` (none yet: `None`) to `items`.
fn draw(
    ol: &Element,
    drawn: Option<Vec<Shown>>,
    items: &[Arc<Item>],
    lead: bool,
    relay: RowRelay,
) -> Vec<Shown> {
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
            .all(|(index, (shown, item))| shown.is(&item.id, is_lead(index)))
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
        .any(|shown| wanted.contains(&(shown.id.as_str(), shown.lead)))
    {
        // Nothing stays: clear in one step.
        ol.set_text_content(None);
        relay.clear();
        return append(ol, Vec::new(), items, lead, relay);
    }
    // Keep what stays, draw what is new, and put them in order at once.
    let mut old: HashMap<(String, bool), Shown> = drawn
        .into_iter()
        .map(|shown| ((shown.id.clone(), shown.lead), shown))
        .collect();
    let order = js_sys::Array::new();
    let mut shown = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let row = old
            .remove(&(item.id.clone(), is_lead(index)))
            .or_else(|| new_row(item, is_lead(index), relay));
        if let Some(row) = row {
            order.push(&row.row.li);
            shown.push(row);
        }
    }
    for gone in old.into_values() {
        relay.remove(gone.serial);
    }
    ol.replace_children_with_node(&order);
    shown
}

/// Draws the rows of `items` after those in `shown`, putting them in the
/// page in one insertion.
fn append(
    ol: &Element,
    mut shown: Vec<Shown>,
    items: &[Arc<Item>],
    lead: bool,
    relay: RowRelay,
) -> Vec<Shown> {
    let Some(document) = ol.owner_document() else {
        return shown;
    };
    let fragment = document.create_document_fragment();
    for (index, item) in items.iter().enumerate().skip(shown.len()) {
        if let Some(row) = new_row(item, lead && index == 0, relay) {
            let _ = fragment.append_child(&row.row.li);
            shown.push(row);
        }
    }
    let _ = ol.append_child(&fragment);
    shown
}

fn new_row(item: &Arc<Item>, lead: bool, relay: RowRelay) -> Option<Shown> {
    let start = relay.start(item);
    let row = item_card::build(item, lead, start)?;
    let serial = relay.add(&row.article, Arc::clone(item), start);
    Some(Shown {
        id: item.id.clone(),
        lead,
        serial,
        row,
    })
}
