use crate::shell::router::use_params_map;
use crate::shell::title::Title;
use leptos::prelude::*;

use crate::api;
use crate::components::{DeskCard, ErrorView, FeedStream, FreshnessNotice, Loading};
use crate::text::i18n::use_i18n;

/// `/desk/{id}`: a news desk's card and everything it wrote, with Show More.
#[component]
pub fn DeskPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let feed = LocalResource::new(move || api::feed(&api::desk_feed_url(&id())));
    let retry = Callback::new(move |_| feed.refetch());
    let i18n = use_i18n();
    view! {
        {move || {
                match feed.get() {
                    None => view! { <Loading label=|t| t.loading_desk/> }.into_any(),
                    Some(Ok(first)) => {
                        let desk = first.desk().cloned().unwrap_or_default();
                        let title = desk.name.clone().unwrap_or_else(|| first.title.clone());
                        view! {
                            <Title text=title.clone()/>
                            <h1 class="section-label">{let title = title.clone(); move || format!("{} {title}", i18n.t().latest_from)}</h1>
                            <DeskCard desk read_more=false/>
                            <FreshnessNotice info=first.newsdesk.clone() who=title.clone()/>
                            <FeedStream
                                first
                                load_more=api::next_page
                            />
                        }
                        .into_any()
                    }
                    Some(Err(error)) => view! {
                        <Title text="Desk unavailable"/>
                        <ErrorView error on_retry=retry/>
                    }
                    .into_any(),
                }
            }}
    }
}
