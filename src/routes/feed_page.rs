use crate::shell::title::Title;
use leptos::prelude::*;

use futures::future::join_all;
use newsdesk_feed::Item;

use crate::api;
use crate::components::{DeskList, ErrorView, FeedStream, FreshnessNotice, Loading, VideoSection};
use crate::state::added_feeds::{merge_page, use_added_feeds};
use crate::state::connection::use_connection;
use crate::state::marks::use_marks;
use crate::text::i18n::use_i18n;

/// `/`: the News Feed. The newest items of every desk, the lead story
/// first, the Video section, and "Show More"; the desks alongside.
#[component]
pub fn FeedPage() -> impl IntoView {
    let preferences = crate::state::preferences::use_preferences();
    let added = use_added_feeds();
    // Stories of the reader's added feeds not shown yet, newest first.
    let pool = StoredValue::new(Vec::<Item>::new());
    // Muted desks stay out: ask the proxy for the followed ones only.
    let feed = LocalResource::new(move || {
        let muted = preferences.muted.get();
        let extra = added.0.get();
        async move {
            let first = async {
                if muted.is_empty() {
                    return api::feed(api::NEWS_FEED).await;
                }
                let all = api::sources().await?;
                let followed: Vec<String> = all
                    .sources
                    .into_iter()
                    .map(|s| s.id)
                    .filter(|id| !muted.contains(id))
                    .collect();
                api::feed(&api::followed_feed_url(Some(&followed))).await
            };
            // Added feeds load alongside; one that fails is left out here
            // (the Sources page says which).
            let urls: Vec<String> = extra.iter().map(|f| api::open_feed_url(&f.url)).collect();
            let others = join_all(urls.iter().map(|u| api::feed(u)));
            let (first, others) = futures::join!(first, others);
            let mut first = first?;
            let mut stories: Vec<Item> =
                others.into_iter().flatten().flat_map(|f| f.items).collect();
            let last = first.next_url.is_none();
            first.items = merge_page(std::mem::take(&mut first.items), &mut stories, last);
            pool.set_value(stories);
            Ok(first)
        }
    });
    let load_more = move |url: String| -> api::FeedFuture {
        Box::pin(async move {
            let mut page = api::feed(&url).await?;
            let last = page.next_url.is_none();
            let items = std::mem::take(&mut page.items);
            page.items = pool
                .try_update_value(|stories| merge_page(items, stories, last))
                .unwrap_or_default();
            Ok(page)
        })
    };
    let load_more = Callback::new(load_more);
    let retry = Callback::new(move |_| feed.refetch());
    // The stories (or the error) are on the page: the first paint can go.
    Effect::new(move |_| {
        if feed.read().is_some() {
            crate::shell::hand_over::hand_over();
        }
    });
    let marks = use_marks();
    let i18n = use_i18n();
    // When the service worker reports a newer News Feed, fetch its first
    // page (now fresh in the cache) and let the stream offer what is new.
    let incoming = RwSignal::new(None);
    let connection = use_connection();
    Effect::new(move |previous: Option<u32>| {
        let changed = connection.feed_changed.get();
        if previous.is_some_and(|p| p != changed) {
            leptos::task::spawn_local(async move {
                if let Ok(page) = api::feed(api::NEWS_FEED).await {
                    incoming.set(Some(page));
                }
            });
        }
        changed
    });
    view! {
        <Title text=move || i18n.w().news_feed/>
        <div class="feed-layout">
            <div class="feed-main">
                <div class="feed-heading">
                    <h1 class="section-label">{move || i18n.w().news_feed}</h1>
                    <label class="hide-read">
                        <input
                            type="checkbox"
                            prop:checked=move || marks.hide_read.get()
                            on:change=move |ev| marks.hide_read.set(event_target_checked(&ev))
                        />
                        " "{move || i18n.w().hide_read}
                    </label>
                </div>
                {move || {
                        match feed.get() {
                            None => view! { <Loading label=|t| t.loading_news/> }.into_any(),
                            Some(Ok(first)) => view! {
                                <FreshnessNotice info=first.newsdesk.clone() who=i18n.t().some_desks/>
                                <FeedStream
                                    first
                                    lead=true
                                    incoming
                                    load_more
                                >
                                    <VideoSection/>
                                </FeedStream>
                            }
                            .into_any(),
                            Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                        }
                    }}
            </div>
            <aside class="feed-aside">
                <DeskList/>
            </aside>
        </div>
    }
}
