use std::sync::Arc;

use leptos::prelude::*;
use newsdesk_feed::Item;
use newsdesk_page::markup::{self, Context, RowMarks};
use web_sys::Element;

use super::share_button::share;
use super::DeskCard;
use crate::api;
use crate::components::story_list::row::set_saved;
use crate::state::marks::use_marks;
use crate::state::streams::use_current_stream;
use crate::text::format::now_unix;
use crate::text::i18n::use_i18n;

/// A whole article: headline, standfirst, desk and writers, "N min read",
/// dates, Save / Mark as read / Share, lead video or image, body and
/// topics; then the news-desk card and the previous and next stories.
///
/// The article itself is [`markup::article_inner`], the function the
/// proxy's first paint writes it with, so the two are one DOM. It is
/// written again only when the language changes; its Save and Mark as read
/// are kept current in place (a keyboard reader's focus stays on them),
/// and one click listener serves its buttons (`data-action`).
///
/// `content_html` comes from the Newsdesk proxy, which sanitizes every
/// item with an allowlist before serving it; that is what makes setting it
/// as HTML safe here.
#[component]
pub fn ArticleView(
    /// The item to show in full.
    item: Item,
) -> impl IntoView {
    // Opening an article is reading it.
    let marks = use_marks();
    marks.mark_read(&item.id);
    let i18n = use_i18n();
    let item = Arc::new(item);
    let desk = item.desk().cloned();
    let nav = neighbours(&item.id);
    let clicked_item = item.clone();
    let on_click = move |ev: web_sys::MouseEvent| {
        let item = &clicked_item;
        if super::video_facade::play(&ev) {
            return;
        }
        if clicked(&ev, ".save-button") {
            marks.toggle_saved(Item::clone(item));
        } else if clicked(&ev, "[data-action=read]") {
            marks.toggle_read(&item.id);
        } else if clicked(&ev, "[data-action=share]") {
            let url = web_sys::window()
                .and_then(|w| w.location().origin().ok())
                .map(|origin| format!("{origin}{}", markup::article_href(item)))
                .unwrap_or_default();
            let title = item.title.as_deref().unwrap_or_default();
            if share(title, &url) {
                let status = ev
                    .current_target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
                    .and_then(|article| article.query_selector(".copied").ok().flatten());
                if let Some(status) = status {
                    status.set_text_content(Some(i18n.t().link_copied));
                }
            }
        }
    };
    view! {
        <article class="article" data-item-id=item.id.clone() use:article=item.clone() on:click=on_click></article>
        {desk.map(|desk| view! { <DeskCard desk/> })}
        {nav}
    }
}

/// Whether `event` is a click on (or in) the element `selector` picks.
fn clicked(event: &web_sys::MouseEvent, selector: &str) -> bool {
    event
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok())
        .and_then(|t| t.closest(selector).ok().flatten())
        .is_some()
}

/// The directive behind `use:article`: writes the article into `el` in
/// the interface language (again when it changes), and keeps its Save and
/// Mark as read current, for as long as the calling owner lives.
fn article(el: Element, item: Arc<Item>) {
    let marks = use_marks();
    let i18n = use_i18n();
    let connection = crate::state::connection::use_connection();
    let (read_id, saved_id) = (item.id.clone(), item.id.clone());
    let read = Signal::derive(move || marks.is_read(&read_id));
    let saved = Signal::derive(move || marks.is_saved(&saved_id));
    let written = el.clone();
    let write = RenderEffect::new(move |_| {
        let language = i18n.language();
        let base = api::base();
        let cx = Context {
            language,
            now: now_unix(),
            base: &base,
        };
        let marks = RowMarks {
            lead: false,
            read: read.get_untracked(),
            saved: saved.get_untracked(),
        };
        let mut html = String::with_capacity(8 * 1024);
        markup::article_inner(&mut html, &item, marks, &cx);
        written.set_inner_html(&html);
        super::video_facade::upgrade(&written, connection.online.get_untracked(), language);
    });
    // A YouTube video's facade follows the connection (no player offline).
    let facades = el.clone();
    let connection_effect = RenderEffect::new(move |_| {
        let online = connection.online.get();
        super::video_facade::upgrade(&facades, online, i18n.0.get_untracked());
    });
    let marks_effect = RenderEffect::new(move |_| {
        let language = i18n.language();
        let find = |selector: &str| el.query_selector(selector).ok().flatten();
        if let Some(button) = find(".save-button") {
            set_saved(&button, saved.get(), language);
        }
        if let Some(button) = find("[data-action=read]") {
            button.set_text_content(Some(markup::read_label(read.get(), language)));
        }
    });
    // Kept (and dropped, which stops them) with the owner.
    StoredValue::new_local((write, marks_effect, connection_effect));
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
                    <a class="story-nav-prev" href=format!("/article/{}", newsdesk_feed::encode_segment(&id)) rel="prev">
                        <span class="story-nav-label">{move || i18n.t().previous}</span>
                        <span>{title}</span>
                    </a>
                })}
                {after.map(|(id, title)| view! {
                    <a class="story-nav-next" href=format!("/article/{}", newsdesk_feed::encode_segment(&id)) rel="next">
                        <span class="story-nav-label">{move || i18n.t().next}</span>
                        <span>{title}</span>
                    </a>
                })}
            </nav>
        }
    })
}
