use leptos::prelude::*;
use newsdesk_feed::Item;

use super::{Byline, SaveButton};
use crate::api;
use crate::i18n::use_i18n;
use crate::reading::use_reading;

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
    let reading = use_reading();
    let i18n = use_i18n();
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
    let id = item.id.clone();
    // One memo a row: a read mark elsewhere re-checks this row, and only
    // the row whose mark changed touches the DOM.
    let is_read = Memo::new(move |_| reading.is_read(&id));
    view! {
        <article class=class class:is-read=is_read data-item-id=item.id.clone()>
            {image.map(|src| view! {
                <a class="item-image" href=href.clone() tabindex="-1" aria-hidden="true">
                    <img src=api::resolve(&src) alt="" width="1200" height="675"/>
                </a>
            })}
            <div class="item-text">
                {has_video.then(|| view! { <span class="badge">{move || i18n.t().video}</span> })}
                <Show when=move || is_read.get()>
                    <span class="read-mark">{move || i18n.t().read_mark}</span>
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
