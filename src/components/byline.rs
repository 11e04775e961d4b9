use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::api;
use crate::components::story_list::relay::use_row_marks;
use crate::text::format::now_unix;
use crate::text::i18n::Language;

/// The desk byline of an item: small avatar, desk name, relative time (the
/// exact time on hover and for screen readers) and "N min read".
///
/// Its words are in the reader's language: the byline is built again when
/// the language changes (one reactive node, not one per word).
#[component]
pub fn Byline(
    /// The item whose desk and dates are shown.
    #[prop(into)]
    item: Arc<Item>,
) -> impl IntoView {
    let language = use_row_marks(&item.id).language;
    move || byline(&item, language.get())
}

/// The byline's markup in `language` (static: no reactive nodes).
pub(crate) fn byline(item: &Item, language: Language) -> impl IntoView {
    let desk = item.desk();
    let name = desk
        .and_then(|d| d.name.clone())
        .unwrap_or_else(|| "Newsroom".to_string());
    let avatar = desk.and_then(|d| d.avatar.as_deref()).map(api::resolve);
    let href = desk
        .and_then(|d| d.desk_id())
        .map(|id| format!("/desk/{id}"));
    let when = item.published_unix().map(|t| {
        let exact = language.full_date(t);
        let iso = item.date_published.clone().unwrap_or_default();
        view! {
            <span class="dot" aria-hidden="true">"·"</span>
            <time datetime=iso title=exact.clone() aria-label=exact>
                {language.relative_time(t, now_unix())}
            </time>
        }
    });
    view! {
        <div class="byline">
            {avatar.map(|src| view! {
                <img class="avatar avatar-small" src=src alt="" width="28" height="28"/>
            })}
            {match href {
                Some(href) => view! { <a class="byline-desk" href=href>{name}</a> }.into_any(),
                None => view! { <span class="byline-desk">{name}</span> }.into_any(),
            }}
            {when}
            <span class="dot" aria-hidden="true">"·"</span>
            <span class="read-time">{language.min_read(item.reading_minutes())}</span>
        </div>
    }
}
