use crate::shell::router::use_params_map;
use crate::shell::title::Title;
use leptos::prelude::*;

use crate::api;
use crate::components::{ErrorView, FeedStream, Loading};
use crate::text::i18n::use_i18n;

/// `/tag/{tag}`: every story with that topic, across desks, with Show More.
#[component]
pub fn TagPage() -> impl IntoView {
    let params = use_params_map();
    let tag = move || params.with(|p| p.get("tag").unwrap_or_default());
    let feed = LocalResource::new(move || api::feed(&api::tag_feed_url(&tag())));
    let retry = Callback::new(move |_| feed.refetch());
    let i18n = use_i18n();
    view! {
        <Title text=move || format!("{}: {}", i18n.t().topic, tag())/>
        <h1 class="section-label">{move || format!("{}: {}", i18n.t().topic, tag())}</h1>
        {move || {
                match feed.get() {
                    None => view! { <Loading label=|t| t.loading_topic/> }.into_any(),
                    Some(Ok(first)) => view! {
                        <FeedStream first load_more=api::next_page/>
                    }
                    .into_any(),
                    Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                }
            }}
    }
}
