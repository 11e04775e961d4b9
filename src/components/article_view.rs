use leptos::prelude::*;
use newsdesk_feed::Item;

use super::{DeskCard, SaveButton, ShareButton};
use crate::api;
use crate::state::marks::use_marks;
use crate::state::streams::use_current_stream;
use crate::text::i18n::use_i18n;

/// A whole article: headline, standfirst, "N min read", dates, lead image,
/// body and the news-desk card.
///
/// `content_html` comes from the Newsdesk proxy, which sanitizes every
/// item with an allowlist before serving it; that is what makes
/// `inner_html` safe here.
#[component]
pub fn ArticleView(
    /// The item to show in full.
    item: Item,
) -> impl IntoView {
    let title = item
        .title
        .clone()
        .unwrap_or_else(|| "Untitled update".to_string());
    let i18n = use_i18n();
    let published = item.published_unix();
    let modified = item
        .date_modified
        .as_deref()
        .and_then(newsdesk_feed::parse_rfc3339)
        .filter(|m| Some(*m) != item.published_unix());
    let minutes = item.reading_minutes();
    // Images in the body point at the proxy's media endpoint: under the API
    // base when the app is hosted apart from the proxy.
    let body = item
        .content_html
        .clone()
        .map(|html| html.replace("src=\"/api/", &format!("src=\"{}", api::resolve("/api/"))));
    let text = item.content_text.clone().filter(|_| body.is_none());
    let desk = item.desk().cloned();
    let byline = desk.clone().map(|desk| desk_byline(desk, &item));
    let caption = item.image_caption().map(str::to_owned);
    let video = item.video().cloned();
    // Opening an article is reading it.
    let marks = use_marks();
    marks.mark_read(&item.id);
    let id = item.id.clone();
    let is_read = move || marks.is_read(&id);
    let toggle_id = item.id.clone();
    let share_title = item.title.clone().unwrap_or_default();
    let share_url = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|origin| format!("{origin}/article/{}", item.id))
        .unwrap_or_default();
    view! {
        <article class="article" data-item-id=item.id.clone()>
            <header class="article-header">
                <h1 class="article-title">{title}</h1>
                {item.summary.clone().map(|s| view! { <p class="standfirst">{s}</p> })}
                {byline}
                <p class="article-meta">
                    <span class="read-time">{move || i18n.language().min_read(minutes)}</span>
                    {published.map(|d| view! {
                        <span class="dot" aria-hidden="true">"·"</span>
                        <time datetime=item.date_published.clone().unwrap_or_default()>{move || i18n.language().full_date(d)}</time>
                    })}
                    {modified.map(|d| view! {
                        <span class="dot" aria-hidden="true">"·"</span>
                        <span class="updated">{move || format!("{} {}", i18n.t().updated, i18n.language().full_date(d))}</span>
                    })}
                </p>
                <div class="article-actions">
                    <SaveButton item=item.clone()/>
                    <button class="link-button" on:click=move |_| marks.toggle_read(&toggle_id)>
                        {move || if is_read() { i18n.t().mark_unread } else { i18n.t().mark_read }}
                    </button>
                    <ShareButton title=share_title url=share_url/>
                </div>
            </header>
            {match (video, item.image.clone()) {
                (Some(video), poster) => view! {
                    <video class="article-video" controls=true preload="metadata" playsinline=true
                        poster=poster.map(|p| api::resolve(&p)).unwrap_or_default()>
                        <source src=api::resolve(&video.url) type=video.mime_type/>
                    </video>
                }.into_any(),
                (None, Some(src)) => view! {
                    <figure class="article-figure">
                        <img class="article-image" src=api::resolve(&src) alt="" width="1200" height="675"/>
                        {caption.map(|c| view! { <figcaption class="article-caption">{c}</figcaption> })}
                    </figure>
                }.into_any(),
                (None, None) => ().into_any(),
            }}
            {body.map(|html| view! { <div class="article-body" inner_html=html></div> })}
            {text.map(|t| view! { <div class="article-body"><p>{t}</p></div> })}
            {(!item.tags.is_empty()).then(|| view! {
                <ul class="tags" aria-label=move || i18n.t().topics>
                    {item.tags.iter().map(|t| view! {
                        <li><a class="tag" href=format!("/tag/{}", api::encode_segment(t))>{t.clone()}</a></li>
                    }).collect_view()}
                </ul>
            })}
            {desk.map(|desk| view! { <DeskCard desk/> })}
            {neighbours(&item.id)}
        </article>
    }
}

/// The desk at the top of the article: its avatar and name, linking to
/// the desk page, and any named writers besides the desk.
fn desk_byline(desk: newsdesk_feed::Author, item: &Item) -> impl IntoView {
    let name = desk.name.clone().unwrap_or_else(|| "Newsroom".to_string());
    let writers: Vec<String> = item
        .authors
        .iter()
        .skip(1)
        .filter_map(|a| a.name.clone())
        .collect();
    let i18n = use_i18n();
    view! {
        <p class="byline article-byline">
            {desk.avatar.clone().map(|src| view! {
                <img class="avatar avatar-small" src=api::resolve(&src) alt="" width="28" height="28"/>
            })}
            {match desk.desk_id() {
                Some(id) => view! { <a class="byline-desk" href=format!("/desk/{id}")>{name}</a> }.into_any(),
                None => view! { <span class="byline-desk">{name}</span> }.into_any(),
            }}
            {(!writers.is_empty()).then(|| {
                let writers = writers.join(", ");
                view! { <span class="byline-writers">{move || format!("{} {writers}", i18n.t().by)}</span> }
            })}
        </p>
    }
}

/// "Previous" and "Next" story in the stream the article was opened from.
fn neighbours(id: &str) -> impl IntoView {
    let i18n = use_i18n();
    let (before, after) = use_current_stream()
        .map(|stream| stream.neighbours(id))
        .unwrap_or_default();
    (before.is_some() || after.is_some()).then(|| {
        view! {
            <nav class="story-nav" aria-label=move || i18n.t().more_stories>
                {before.map(|(id, title)| view! {
                    <a class="story-nav-prev" href=format!("/article/{id}") rel="prev">
                        <span class="story-nav-label">{move || i18n.t().previous}</span>
                        <span>{title}</span>
                    </a>
                })}
                {after.map(|(id, title)| view! {
                    <a class="story-nav-next" href=format!("/article/{id}") rel="next">
                        <span class="story-nav-label">{move || i18n.t().next}</span>
                        <span>{title}</span>
                    </a>
                })}
            </nav>
        }
    })
}
