use leptos::prelude::*;

use super::{ErrorView, Loading};
use crate::api;

/// "Our desks": every desk the proxy offers, with avatar, a line of bio and
/// a link to its page. The News Feed's sidebar on wide screens.
#[component]
pub fn DeskList() -> impl IntoView {
    let sources = LocalResource::new(api::sources);
    view! {
        <section class="desk-list" aria-labelledby="desks-heading">
            <h2 id="desks-heading" class="section-label">"Our desks"</h2>
            <Transition fallback=|| view! { <Loading label="Loading desks…"/> }>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorView errors on_retry=Callback::new(move |_| sources.refetch())/>
                }>
                    {move || Suspend::new(async move {
                        sources.await.map(|list| view! {
                            <ul>
                                {list.sources.into_iter().map(|source| {
                                    let name = source.desk.name.clone().unwrap_or(source.title.clone());
                                    view! {
                                        <li class="desk-list-item">
                                            {source.desk.avatar.clone().map(|src| view! {
                                                <img class="avatar avatar-small" src=src alt="" width="40" height="40"/>
                                            })}
                                            <div>
                                                <a class="desk-list-name" href=format!("/desk/{}", source.id)>{name}</a>
                                                {source.description.clone().map(|d| view! { <p>{d}</p> })}
                                            </div>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
