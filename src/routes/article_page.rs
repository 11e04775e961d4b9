use crate::shell::router::use_params_map;
use crate::shell::title::Title;
use leptos::prelude::*;

use crate::api;
use crate::api::ApiError;
use crate::components::{ArticleView, ErrorView, Loading};
use crate::state::marks::use_marks;

/// `/article/{id}`: one article with its news-desk card. Fetches the single
/// item by id, so a deep link or a reload works without the feed. With no
/// connection it reads the saved copy, if the reader saved it; a story
/// never opened nor saved says it is not available offline.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let marks = use_marks();
    let article = LocalResource::new(move || {
        let id = id();
        // Wait for the saved list, so an offline reload finds the copy.
        let loaded = marks.loaded.get();
        async move {
            match api::item(&id).await {
                Ok(feed) => Ok(feed),
                Err(error @ (ApiError::Offline | ApiError::Network(_))) => {
                    match marks.saved_copy(&id) {
                        Some(item) => Ok(newsdesk_feed::Feed {
                            version: newsdesk_feed::VERSION_1_1.to_string(),
                            title: "Saved".to_string(),
                            items: vec![item],
                            ..Default::default()
                        }),
                        None if matches!(error, ApiError::Offline) && loaded => {
                            Err(ApiError::NotAvailableOffline)
                        }
                        None => Err(error),
                    }
                }
                Err(error) => Err(error),
            }
        }
    });
    let retry = Callback::new(move |_| article.refetch());
    // Offline before the saved list is read, the answer is not known yet:
    // the resource runs again once it is (the saved copy, or "Not available
    // offline"), so keep loading rather than flash "You're offline".
    let is_settled = move |result: &Result<newsdesk_feed::Feed, ApiError>| {
        !matches!(result, Err(ApiError::Offline)) || marks.loaded.get()
    };
    // The article (or the error) is on the page: the first paint can go.
    Effect::new(move |_| {
        if article.read().as_ref().is_some_and(is_settled) {
            crate::shell::hand_over::hand_over();
        }
    });
    view! {
        {move || {
                let settled = article.get().filter(is_settled);
                match settled {
                    None => view! { <Loading label=|t| t.loading_article/> }.into_any(),
                    Some(Ok(mut feed)) => {
                        let item = feed.items.remove(0);
                        let title = item.title.clone().unwrap_or_else(|| "Article".to_string());
                        view! {
                            <Title text=title/>
                            <ArticleView item/>
                        }
                        .into_any()
                    }
                    Some(Err(error)) => view! {
                        <Title text="Article unavailable"/>
                        <ErrorView error on_retry=retry/>
                    }
                    .into_any(),
                }
            }}
    }
}
