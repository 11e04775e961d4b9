use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use newsdesk_feed::{Feed, Item};

use super::ItemList;
use crate::api::{ApiError, FeedFuture};
use crate::state::marks::use_marks;
use crate::state::preferences::use_preferences;
use crate::state::streams::use_current_stream;
use crate::text::i18n::{use_i18n, Interface};

/// A stream of items that grows with "Show More".
///
/// Starts from the first page; "Show More" calls `load_more` with the
/// page's `next_url` and appends what comes back (skipping any item already
/// shown, in case the feed moved between pages). The button is disabled
/// with a spinner while loading and disappears on the last page. A failed
/// page keeps everything already shown and offers to try again.
///
/// When `incoming` receives a newer first page, the stream does not jump:
/// it offers "N new stories" and adds them on top when pressed. With the
/// reader's "hide read" on, stories they opened are left out.
///
/// ```ignore
/// view! { <FeedStream first=feed load_more=api::next_page/> }
/// ```
///
/// `load_more` is a [`Callback`], not a type parameter: every page's
/// stream is then one compiled component (the feed page passes a closure,
/// the others a function, and a generic `FeedStream` was built once each).
#[component]
pub fn FeedStream(
    /// The first page, already loaded.
    first: Feed,
    /// Loads the page at a `next_url`.
    #[prop(into)]
    load_more: Callback<String, FeedFuture>,
    /// Show the first item as the lead story (large, with its image).
    #[prop(default = false)]
    lead: bool,
    /// Shown between the items and the "Show More" button (the Video
    /// section on the News Feed, as on the model page).
    #[prop(optional)]
    children: Option<ChildrenFn>,
    /// A newer first page, when one arrives (see above).
    #[prop(optional)]
    incoming: Option<RwSignal<Option<Feed>>>,
) -> impl IntoView {
    // Shared, not copied: every change hands the list to `ItemList`, which
    // needs its own copy of each row's data, and an `Arc` is one counter.
    let items = RwSignal::new(first.items.into_iter().map(Arc::new).collect::<Vec<_>>());
    let next_url = RwSignal::new(first.next_url);
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    // Copy, so that the handlers built from `show_more` stay Copy.
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let show_more = move |()| {
        let Some(url) = next_url.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failure.set(None);
        // Under the stream's owner: leaving the page aborts the request.
        let page = owner.with_value(|owner| owner.with(|| load_more.run(url)));
        spawn_local(async move {
            match page.await {
                Ok(page) => {
                    items.update(|shown| append_new(shown, page.items.into_iter().map(Arc::new)));
                    next_url.set(page.next_url);
                }
                Err(e) => failure.set(Some(e)),
            }
            loading.set(false);
        });
    };

    // Load-on-scroll: when the reader scrolls and "Show More" comes within
    // a screen of view, press it for them. Only real scrolling triggers it,
    // never a page that happens to be short.
    let button = NodeRef::<leptos::html::Button>::new();
    let preferences = use_preferences();
    let near_end = {
        move |_: web_sys::Event| {
            if !preferences.load_on_scroll.get_untracked()
                || failure.with_untracked(Option::is_some)
            {
                return;
            }
            let Some(button) = button.get_untracked() else {
                return;
            };
            let viewport = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64())
                .unwrap_or(0.0);
            let top = button.get_bounding_client_rect().top();
            if top < viewport * 2.0 {
                show_more(());
            }
        }
    };
    let show_more_click = move |_: web_sys::MouseEvent| show_more(());
    let scrolling = window_event_listener(leptos::ev::scroll, near_end);
    on_cleanup(move || scrolling.remove());

    let marks = use_marks();
    let i18n = use_i18n();
    // Articles opened from here offer the previous and next story.
    if let Some(stream) = use_current_stream() {
        Effect::new(move |_| {
            let order = items.with(|shown| {
                shown
                    .iter()
                    .map(|i| (i.id.clone(), i.title.clone().unwrap_or_default()))
                    .collect()
            });
            stream.0.set(order);
        });
    }
    // Stories in the newer first page that are not shown yet.
    let fresh = Memo::new(move |_| {
        let Some(incoming) = incoming else {
            return Vec::new();
        };
        incoming.with(|page| {
            let Some(page) = page else {
                return Vec::new();
            };
            items.with(|shown| {
                let seen: HashSet<&str> = shown.iter().map(|i| i.id.as_str()).collect();
                page.items
                    .iter()
                    .filter(|i| !seen.contains(i.id.as_str()))
                    .cloned()
                    .map(Arc::new)
                    .collect::<Vec<Arc<Item>>>()
            })
        })
    });
    let show_fresh = move |_| {
        let new = fresh.get_untracked();
        items.update(|shown| {
            let mut merged = new;
            merged.append(shown);
            *shown = merged;
        });
        if let Some(incoming) = incoming {
            incoming.set(None);
        }
    };
    // The rows to show. Read marks matter here only while "hide read" is
    // on: otherwise marking a story read must not rebuild the list (each
    // row follows its own mark).
    let visible = move || {
        let hide = marks.hide_read.get();
        items.with(|all| {
            if hide {
                marks.read.with(|read| {
                    all.iter()
                        .filter(|item| !read.contains(&item.id))
                        .cloned()
                        .collect::<Vec<_>>()
                })
            } else {
                all.clone()
            }
        })
    };
    let empty = move || items.with(Vec::is_empty);
    let all_read = move || {
        marks.hide_read.get()
            && !items.with(Vec::is_empty)
            && items.with(|shown| marks.read.with(|r| shown.iter().all(|i| r.contains(&i.id))))
    };
    view! {
        <div class="feed-stream">
            <Show when=move || fresh.with(|f| !f.is_empty())>
                <button class="button new-stories" on:click=show_fresh>
                    {move || i18n.language().new_stories(fresh.with(Vec::len))}
                </button>
            </Show>
            <Show when=empty>
                <p class="empty">{move || i18n.t().no_stories}</p>
            </Show>
            <Show when=all_read>
                <p class="empty">{move || i18n.t().all_read}</p>
            </Show>
            <ItemList items=Signal::derive(visible) lead/>
            {children.map(|c| c())}
            {move || failure.get().map(|e| view! {
                <p class="inline-error" role="alert">{i18n.language().error_message(&e)}</p>
            })}
            <Show when=move || next_url.with(Option::is_some)>
                <button
                    class="button show-more"
                    node_ref=button
                    on:click=show_more_click
                    disabled=move || loading.get()
                    aria-busy=move || loading.get().to_string()
                >
                    {move || if loading.get() {
                        view! { <span class="spinner" aria-hidden="true"></span> {i18n.t().loading} }.into_any()
                    } else if failure.with(Option::is_some) {
                        i18n.t().try_again.into_any()
                    } else {
                        i18n.t().show_more.into_any()
                    }}
                </button>
            </Show>
        </div>
    }
}

/// Appends the items of a new page that are not shown yet.
fn append_new(shown: &mut Vec<Arc<Item>>, page: impl Iterator<Item = Arc<Item>>) {
    let seen: HashSet<&str> = shown.iter().map(|i| i.id.as_str()).collect();
    let new: Vec<Arc<Item>> = page.filter(|i| !seen.contains(i.id.as_str())).collect();
    shown.extend(new);
}
