use leptos::prelude::*;
use leptos_meta::Title;

use crate::api;
use crate::components::{DeskList, ErrorView, FeedStream, FreshnessNotice, Loading, VideoSection};

/// `/`: the News Feed. The newest items of every desk, the lead story
/// first, the Video section, and "Show More"; the desks alongside.
#[component]
pub fn FeedPage() -> impl IntoView {
    let feed = LocalResource::new(|| api::feed(api::NEWS_FEED));
    let retry = Callback::new(move |_| feed.refetch());
    view! {
        <Title text="News Feed"/>
        <div class="feed-layout">
            <div class="feed-main">
                <h1 class="section-label">"News Feed"</h1>
                <Transition fallback=|| view! { <Loading label="Loading the latest news…"/> }>
                    {move || Suspend::new(async move {
                        match feed.await {
                            Ok(first) => view! {
                                <FreshnessNotice info=first.newsdesk.clone() who="Some desks"/>
                                <FeedStream
                                    first
                                    lead=true
                                    load_more=|url: String| async move { api::feed(&url).await }
                                >
                                    <VideoSection/>
                                </FeedStream>
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
            <aside class="feed-aside">
                <DeskList/>
            </aside>
        </div>
    }
}
