use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::api;
use crate::format::now_unix;
use crate::row_marks::use_row_marks;

/// The desk byline of an item: small avatar, desk name, relative time (the
/// exact time on hover and for screen readers) and "N min read".
#[component]
pub fn Byline(
    /// The item whose desk and dates are shown.
    item: Item,
) -> impl IntoView {
    let language = use_row_marks(&item.id).language;
    let desk = item.desk().cloned().unwrap_or_default();
    let name = desk.name.clone().unwrap_or_else(|| "Newsroom".to_string());
    let href = desk.desk_id().map(|id| format!("/desk/{id}"));
    let when = item.published_unix().map(|t| {
        let exact = move || language.get().full_date(t);
        let iso = item.date_published.clone().unwrap_or_default();
        view! {
            <time datetime=iso title=exact aria-label=exact>
                {move || language.get().relative_time(t, now_unix())}
            </time>
        }
    });
    let minutes = item.reading_minutes();
    view! {
        <div class="byline">
            {desk.avatar.clone().map(|src| view! {
                <img class="avatar avatar-small" src=api::resolve(&src) alt="" width="28" height="28"/>
            })}
            {match href {
                Some(href) => view! { <a class="byline-desk" href=href>{name}</a> }.into_any(),
                None => view! { <span class="byline-desk">{name}</span> }.into_any(),
            }}
            {when.map(|w| view! { <span class="dot" aria-hidden="true">"·"</span> {w} })}
            <span class="dot" aria-hidden="true">"·"</span>
            <span class="read-time">{move || language.get().min_read(minutes)}</span>
        </div>
    }
}
