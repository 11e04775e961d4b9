use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;

use super::video_facade::{self, card_player};
use crate::text::format::now_unix;
use crate::text::i18n::{use_i18n, Interface as _};

/// A video episode: its player with its poster, title, duration and
/// description. The player loads nothing until the reader presses play:
/// a publisher's own video is a `<video preload="none">` playing through
/// the media proxy; a YouTube video is a click-to-play facade (see
/// [`video_facade`]) that loads YouTube's player only when tapped, and
/// says the video needs a connection while offline.
#[component]
pub fn VideoCard(
    /// An item with a `video/*` attachment or a YouTube video.
    item: Item,
) -> impl IntoView {
    let video = item.video();
    let youtube = item.youtube();
    let title = item.title.clone().unwrap_or_else(|| "Video".to_string());
    let seconds = youtube
        .as_ref()
        .and_then(|y| y.duration_seconds)
        .or_else(|| {
            video
                .and_then(|v| v.duration_in_seconds)
                .map(|s| s.round() as u64)
        });
    let duration = seconds.map(|s| format!("{}:{:02}", s / 60, s % 60));
    let views = youtube.as_ref().and_then(|y| y.views);
    let i18n = use_i18n();
    let when = item.published_unix();
    let href = format!("/article/{}", newsdesk_feed::encode_segment(&item.id));
    view! {
        <article
            class="video-card"
            data-item-id=item.id.clone()
            on:click=|ev| {
                video_facade::play(&ev);
            }
        >
            <div class="video-card-player" use:card_player=Arc::new(item.clone())></div>
            <h3 class="item-title"><a href=href>{title.clone()}</a></h3>
            <p class="video-meta">
                {duration.map(|d| view! { <span class="duration">{d}</span> })}
                {views.map(|n| view! { <span class="views">{move || i18n.language().views(n)}</span> })}
                {when.map(|t| view! { <span>{move || i18n.language().relative_time(t, now_unix())}</span> })}
            </p>
            {item.summary.clone().map(|s| view! { <p class="item-summary">{s}</p> })}
        </article>
    }
}
