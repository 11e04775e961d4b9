use crate::shell::router::use_query_map;
use crate::shell::title::Title;
use leptos::prelude::*;
use newsdesk_feed::Item;

use std::sync::Arc;

use crate::components::{ItemList, Loading};
use crate::state::marks::use_marks;
use crate::state::search;
use crate::text::i18n::{use_i18n, Interface};

/// `/search?q=…`: instant search over every story stored on this device
/// (read, loaded or saved), offline too, with the matching words
/// highlighted; filters for unread, saved, desk and tag.
#[component]
pub fn SearchPage() -> impl IntoView {
    let marks = use_marks();
    let i18n = use_i18n();
    let initial = use_query_map().with_untracked(|q| q.get("q").unwrap_or_default());
    let query = RwSignal::new(initial);
    let unread_only = RwSignal::new(false);
    let saved_only = RwSignal::new(false);
    let desk = RwSignal::new(String::new());
    let tag = RwSignal::new(String::new());
    let stored = LocalResource::new(move || {
        let saved: Vec<Item> = marks.saved.get().into_iter().map(|s| s.item).collect();
        search::stored_items(saved)
    });
    view! {
        <Title text=move || i18n.w().search/>
        <h1 class="section-label">{move || i18n.w().search}</h1>
        <form class="search-form" role="search" on:submit=|ev| ev.prevent_default()>
            <label for="search-input" class="visually-hidden">{move || i18n.t().search_placeholder}</label>
            <input
                id="search-input"
                type="search"
                autofocus=true
                autocomplete="off"
                placeholder=move || i18n.t().search_placeholder
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </form>
        {move || {
                let Some(all) = stored.get() else {
                    return view! { <Loading label=|t| t.loading_search/> }.into_any();
                };
                let items = StoredValue::new(all);
                let desks = items.with_value(|all| distinct(all.iter().filter_map(|i| i.desk()?.name.clone())));
                let tags = items.with_value(|all| distinct(all.iter().flat_map(|i| i.tags.clone())));
                let results = Memo::new(move |_| {
                    let terms = search::terms(&query.get());
                    let (desk, tag) = (desk.get(), tag.get());
                    let (unread, saved) = (unread_only.get(), saved_only.get());
                    items.with_value(|all| {
                        all.iter()
                            .filter(|i| search::matches(i, &terms))
                            .filter(|i| !unread || !marks.is_read(&i.id))
                            .filter(|i| !saved || marks.is_saved(&i.id))
                            .filter(|i| desk.is_empty() || i.desk().and_then(|d| d.name.as_deref()) == Some(desk.as_str()))
                            .filter(|i| tag.is_empty() || i.tags.contains(&tag))
                            .cloned()
                            .collect::<Vec<Item>>()
                    })
                });
                let total = items.with_value(Vec::len);
                view! {
                    <div class="search-filters">
                        <label><input type="checkbox" on:change=move |ev| unread_only.set(event_target_checked(&ev))/>" "{move || i18n.t().unread_only}</label>
                        <label><input type="checkbox" on:change=move |ev| saved_only.set(event_target_checked(&ev))/>" "{move || i18n.t().saved_only}</label>
                        <label>{move || i18n.t().desk}" "
                            <select on:change=move |ev| desk.set(event_target_value(&ev))>
                                <option value="">{move || i18n.t().any}</option>
                                {desks.into_iter().map(|d| view! { <option value=d.clone()>{d.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>{move || i18n.t().topic}" "
                            <select on:change=move |ev| tag.set(event_target_value(&ev))>
                                <option value="">{move || i18n.t().any}</option>
                                {tags.into_iter().map(|t| view! { <option value=t.clone()>{t.clone()}</option> }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <p class="search-count" role="status">
                        {move || {
                            let terms = search::terms(&query.get());
                            match (terms.is_empty(), results.with(Vec::len)) {
                                (true, _) => format!("{total} {}", i18n.t().type_to_search),
                                (false, 0) => i18n.t().no_match.to_string(),
                                (false, n) => i18n.language().stories(n),
                            }
                        }}
                    </p>
                    {move || {
                        // Drawn again for new terms: the rows mark them.
                        let terms = search::terms(&query.get());
                        let items = Signal::derive(move || results.get().into_iter().map(Arc::new).collect::<Vec<_>>());
                        view! { <ItemList items terms class="search-results"/> }
                    }}
                }
                .into_any()
            }}
    }
}

fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut list: Vec<String> = values.collect();
    list.sort();
    list.dedup();
    list
}
