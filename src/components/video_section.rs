use leptos::prelude::*;

use super::{ErrorView, Loading, VideoCard};
use crate::api;

/// How many episodes the home page's Video section shows: one row on desktop.
const VIDEOS_SHOWN: usize = 3;

/// The News Feed's Video section: the latest video episodes.
#[component]
pub fn VideoSection() -> impl IntoView {
    let videos = LocalResource::new(|| api::feed(api::VIDEO_FEED));
    view! {
        <section class="video-section" aria-labelledby="video-heading">
            <h2 id="video-heading" class="section-label">"Video"</h2>
            <Transition fallback=|| view! { <Loading label="Loading videos…"/> }>
                <ErrorBoundary fallback=move |errors| view! {
                    <ErrorView errors on_retry=Callback::new(move |_| videos.refetch())/>
                }>
                    {move || Suspend::new(async move {
                        videos.await.map(|feed| {
                            let items: Vec<_> = feed.items.into_iter().take(VIDEOS_SHOWN).collect();
                            view! {
                                <div class="video-grid">
                                    {items.into_iter().map(|item| view! { <VideoCard item/> }).collect_view()}
                                </div>
                            }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
