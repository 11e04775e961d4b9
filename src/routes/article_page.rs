use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::{ArticleView, ErrorView, Loading};

/// `/article/{id}`: one article with its news-desk card. Fetches the single
/// item by id, so a deep link or a reload works without the feed.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let article = LocalResource::new(move || {
        let id = id();
        async move { api::item(&id).await }
    });
    let retry = Callback::new(move |_| article.refetch());
    view! {
        <Transition fallback=|| view! { <Loading label="Loading the article…"/> }>
            {move || Suspend::new(async move {
                match article.await {
                    Ok(mut feed) => {
                        let item = feed.items.remove(0);
                        let title = item.title.clone().unwrap_or_else(|| "Article".to_string());
                        view! {
                            <Title text=title/>
                            <ArticleView item/>
                        }
                        .into_any()
                    }
                    Err(error) => view! {
                        <Title text="Article unavailable"/>
                        <ErrorView error on_retry=retry/>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}
