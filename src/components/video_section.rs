use leptos::prelude::*;

use super::{ErrorView, Loading, VideoCard};
use crate::api;
use crate::text::i18n::use_i18n;

/// How many episodes the home page's Video section shows: one row on desktop.
const VIDEOS_SHOWN: usize = 3;

/// The News Feed's Video section: the latest video episodes.
#[component]
pub fn VideoSection() -> impl IntoView {
    let videos = LocalResource::new(|| api::feed(api::VIDEO_FEED));
    let retry = Callback::new(move |_| videos.refetch());
    let i18n = use_i18n();
    view! {
        <section class="video-section" aria-labelledby="video-heading">
            <h2 id="video-heading" class="section-label">{move || i18n.w().video}</h2>
            {move || {
                    match videos.get() {
                        None => view! { <Loading label=|t| t.loading_videos/> }.into_any(),
                        Some(Ok(feed)) => view! {
                            <div class="video-grid">
                                {feed
                                    .items
                                    .into_iter()
                                    .take(VIDEOS_SHOWN)
                                    .map(|item| view! { <VideoCard item/> })
                                    .collect_view()}
                            </div>
                        }
                        .into_any(),
                        Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                    }
                }}
        </section>
    }
}
