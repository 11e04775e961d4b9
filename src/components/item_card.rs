use leptos::prelude::*;
use newsdesk_feed::Item;

use super::{Byline, SaveButton};
use crate::api;
use crate::row_marks::use_row_marks;

/// One item in a stream: headline linking to the article, desk byline,
/// summary, Save, and, for the lead story, its image. Items the reader has
/// opened are marked "Read".
#[component]
pub fn ItemCard(
    /// The item to show.
    item: Item,
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
    let image = item.image.clone().filter(|_| lead);
    let has_video = item.video().is_some();
    let class = if lead {
        "item-card item-card-lead"
    } else {
        "item-card"
    };
    let is_read = marks.read;
    let text = move || marks.language.get().text();
    view! {
        <article class=class class:is-read=is_read data-item-id=item.id.clone()>
            {image.map(|src| view! {
                <a class="item-image" href=href.clone() tabindex="-1" aria-hidden="true">
                    <img src=api::resolve(&src) alt="" width="1200" height="675"/>
                </a>
            })}
            <div class="item-text">
                {has_video.then(|| view! { <span class="badge">{move || text().video}</span> })}
                <Show when=move || is_read.get()>
                    <span class="read-mark">{move || text().read_mark}</span>
                </Show>
                <h2 class="item-title"><a href=href.clone()>{title}</a></h2>
                <Byline item=item.clone()/>
                {item.summary.clone().map(|s| view! { <p class="item-summary">{s}</p> })}
                <div class="item-actions">
                    <SaveButton item=item.clone()/>
                </div>
            </div>
        </article>
    }
}
