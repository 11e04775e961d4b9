use leptos::prelude::*;
use newsdesk_feed::Item;

use crate::api;
use crate::text::format::now_unix;
use crate::text::i18n::use_i18n;

/// A video episode: an inline player with its poster, title, duration and
/// description. The player loads nothing until the reader presses play.
#[component]
pub fn VideoCard(
    /// An item with a `video/*` attachment.
    item: Item,
) -> impl IntoView {
    let video = item.video().cloned().unwrap_or_default();
    let title = item.title.clone().unwrap_or_else(|| "Video".to_string());
    let duration = video.duration_in_seconds.map(|s| {
        let s = s.round() as u64;
        format!("{}:{:02}", s / 60, s % 60)
    });
    let i18n = use_i18n();
    let when = item.published_unix();
    view! {
        <article class="video-card" data-item-id=item.id.clone()>
            <video
                controls=true
                preload="none"
                playsinline=true
                poster=item.image.as_deref().map(api::resolve).unwrap_or_default()
                aria-label=format!("Video: {title}")
            >
                <source src=api::resolve(&video.url) type=video.mime_type.clone()/>
            </video>
            <h3 class="item-title"><a href=format!("/article/{}", item.id)>{title.clone()}</a></h3>
            <p class="video-meta">
                {duration.map(|d| view! { <span class="duration">{d}</span> })}
                {when.map(|t| view! { <span>{move || i18n.language().relative_time(t, now_unix())}</span> })}
            </p>
            {item.summary.clone().map(|s| view! { <p class="item-summary">{s}</p> })}
        </article>
    }
}
