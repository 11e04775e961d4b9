use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;

use super::byline::byline;
use super::SaveButton;
use crate::api;
use crate::row_marks::use_row_marks;

/// One item in a stream: headline linking to the article, desk byline,
/// summary, Save, and, for the lead story, its image. Items the reader has
/// opened are marked "Read".
///
/// A row is the most repeated view of the app (a stream may hold a
/// thousand), so it keeps its reactive nodes few: its words are built in
/// the reader's language and built again, whole, when that changes; only
/// the read and saved marks update in place.
#[component]
pub fn ItemCard(
    /// The item to show (shared with the stream, never copied).
    #[prop(into)]
    item: Arc<Item>,
    /// The lead story: larger headline and its image.
    #[prop(default = false)]
    lead: bool,
) -> impl IntoView {
    let marks = use_row_marks(&item.id);
    // Stories from feeds the reader added have no article page here.
    let href = match item
        .url
        .clone()
        .filter(|_| crate::added::is_added_item(&item))
    {
        Some(publisher) => publisher,
        None => format!("/article/{}", item.id),
    };
    let title = item
        .title
        .clone()
        .or_else(|| item.summary.clone())
        .unwrap_or_else(|| "Untitled update".to_string());
    let image = item
        .image
        .as_deref()
        .filter(|_| lead)
        .map(|src| (api::resolve(src), href.clone()));
    let has_video = item.video().is_some();
    let class = if lead {
        "item-card item-card-lead"
    } else {
        "item-card"
    };
    let is_read = marks.read;
    let id = item.id.clone();
    let words = move || {
        let language = marks.language.get();
        let text = language.text();
        view! {
            {has_video.then(|| view! { <span class="badge">{text.video}</span> })}
            // Shown by the card's `is-read` class (main.css): one reactive
            // node for the mark, not a `<Show>` per row.
            <span class="read-mark">{text.read_mark}</span>
            <h2 class="item-title"><a href=href.clone()>{title.clone()}</a></h2>
            {byline(&item, language)}
            {item.summary.clone().map(|s| view! { <p class="item-summary">{s}</p> })}
            <div class="item-actions">
                <SaveButton item=item.clone()/>
            </div>
        }
    };
    view! {
        <article class=class class:is-read=is_read data-item-id=id>
            {image.map(|(src, href)| view! {
                <a class="item-image" href=href tabindex="-1" aria-hidden="true">
                    <img src=src alt="" width="1200" height="675"/>
                </a>
            })}
            <div class="item-text">{words}</div>
        </article>
    }
}
