use leptos::prelude::*;
use newsdesk_feed::Source;

use super::{ErrorView, Loading};
use crate::api;
use crate::text::i18n::use_i18n;

/// "Our desks": every desk the proxy offers, with avatar, a line about it
/// and a link to its page. The News Feed's sidebar on wide screens.
#[component]
pub fn DeskList() -> impl IntoView {
    let sources = LocalResource::new(api::sources);
    let retry = Callback::new(move |_| sources.refetch());
    let i18n = use_i18n();
    view! {
        <section class="desk-list" aria-labelledby="desks-heading">
            <h2 id="desks-heading" class="section-label">{move || i18n.w().our_desks}</h2>
            {move || {
                    match sources.get() {
                        None => view! { <Loading label=|t| t.loading_desks/> }.into_any(),
                        Some(Ok(list)) => view! {
                            <ul>{list.sources.into_iter().map(desk_entry).collect_view()}</ul>
                        }
                        .into_any(),
                        Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                    }
                }}
        </section>
    }
}

fn desk_entry(source: Source) -> impl IntoView {
    let name = source.desk.name.clone().unwrap_or(source.title.clone());
    view! {
        <li class="desk-list-item">
            {source.desk.avatar.clone().map(|src| view! {
                <img class="avatar avatar-small" src=api::resolve(&src) alt="" width="40" height="40"/>
            })}
            <div>
                <a class="desk-list-name" href=format!("/desk/{}", source.id)>{name}</a>
                {source.description.clone().map(|d| view! { <p>{d}</p> })}
            </div>
        </li>
    }
}
