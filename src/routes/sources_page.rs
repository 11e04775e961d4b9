use crate::shell::title::Title;
use leptos::prelude::*;
use leptos::task::spawn_local;
use newsdesk_feed::{Source, SourceList};
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::{ErrorView, Loading};
use crate::state::added_feeds::{use_added_feeds, AddedFeed};
use crate::state::opml;
use crate::state::preferences::use_preferences;
use crate::text::i18n::{use_i18n, Interface};

/// `/sources`: the desks this Newsdesk offers. Each can be followed or
/// muted (muted ones leave the News Feed); the followed list can be
/// exported as OPML, and an OPML file from another reader imported.
#[component]
pub fn SourcesPage() -> impl IntoView {
    let sources = LocalResource::new(api::sources);
    let retry = Callback::new(move |_| sources.refetch());
    let i18n = use_i18n();
    view! {
        <Title text=move || i18n.w().sources/>
        <h1 class="section-label">{move || i18n.w().sources}</h1>
        <p class="page-intro">{move || i18n.t().sources_intro}</p>
        {move || {
                match sources.get() {
                    None => view! { <Loading label=|t| t.loading_sources/> }.into_any(),
                    Some(Ok(list)) => view! { <SourceManager list/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorView error on_retry=retry/> }.into_any(),
                }
            }}
    }
}

/// The list with its follow buttons, export and import.
#[component]
fn SourceManager(list: SourceList) -> impl IntoView {
    let preferences = use_preferences();
    let i18n = use_i18n();
    let sources = StoredValue::new(list.sources);
    let open_feeds = list.open_feeds;
    let added = use_added_feeds();
    let message = RwSignal::new(None::<String>);
    let export = move |_| {
        let followed: Vec<Source> = sources.with_value(|all| {
            all.iter()
                .filter(|s| preferences.follows(&s.id))
                .cloned()
                .collect()
        });
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let base = api::resolve("/");
        let origin = if base == "/" {
            origin
        } else {
            base.trim_end_matches('/').to_string()
        };
        let created = String::from(js_sys::Date::new_0().to_utc_string());
        let document = opml::export(&followed, &origin, &created);
        if download("newsdesk-sources.opml", &document).is_err() {
            message.set(Some(i18n.language().download_refused().to_string()));
        }
    };
    let import = move |ev: web_sys::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            return;
        };
        spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default();
            let outlines = opml::outlines(&text);
            if outlines.is_empty() {
                message.set(Some(i18n.language().import_empty().to_string()));
                return;
            }
            let mut matched = 0;
            let mut unmatched: Vec<&opml::Outline> = Vec::new();
            sources.with_value(|all| {
                for outline in &outlines {
                    match opml::matching(outline, all) {
                        Some(source) => {
                            matched += 1;
                            if !preferences.follows(&source.id) {
                                preferences.toggle_follow(&source.id);
                            }
                        }
                        None => unmatched.push(outline),
                    }
                }
            });
            let mut new = 0;
            // With the operator's permission, the others become the
            // reader's own feeds; without it, they are only listed.
            if open_feeds {
                let candidates: Vec<AddedFeed> = unmatched
                    .iter()
                    .filter(|o| {
                        o.xml_url.starts_with("https://") || o.xml_url.starts_with("http://")
                    })
                    .map(|o| AddedFeed {
                        url: o.xml_url.clone(),
                        title: if o.title.is_empty() {
                            o.xml_url.clone()
                        } else {
                            o.title.clone()
                        },
                    })
                    .collect();
                new = added.add(candidates);
                unmatched.retain(|o| {
                    !added
                        .0
                        .with_untracked(|list| list.iter().any(|f| f.url == o.xml_url))
                });
            }
            let missing: Vec<&str> = unmatched.iter().map(|o| o.title.as_str()).collect();
            let text = i18n
                .language()
                .import_result(outlines.len(), matched, new, &missing);
            message.set(Some(text));
        });
    };
    view! {
        <ul class="source-list">
            {sources.get_value().into_iter().map(|source| view! { <SourceRow source/> }).collect_view()}
        </ul>
        <AddedList/>
        <div class="opml-actions">
            <button class="button" on:click=export>{move || i18n.t().export_opml}</button>
            <label class="button file-button">
                {move || i18n.t().import_opml}
                <input type="file" accept=".opml,.xml,text/xml,text/x-opml" class="visually-hidden" on:change=import/>
            </label>
        </div>
        {move || message.get().map(|m| view! { <p class="import-result" role="status">{m}</p> })}
    }
}

/// One source: avatar, name, what it covers, freshness, Follow/Mute.
#[component]
fn SourceRow(source: Source) -> impl IntoView {
    let preferences = use_preferences();
    let i18n = use_i18n();
    let id = source.id.clone();
    let following = Memo::new(move |_| preferences.follows(&id));
    let toggle_id = source.id.clone();
    let name = source.desk.name.clone().unwrap_or(source.title.clone());
    view! {
        <li class="source-row" class:is-muted=move || !following.get()>
            {source.desk.avatar.clone().map(|src| view! {
                <img class="avatar" src=api::resolve(&src) alt="" width="48" height="48"/>
            })}
            <div class="source-text">
                <h2 class="source-name"><a href=format!("/desk/{}", source.id)>{name.clone()}</a></h2>
                {source.description.clone().map(|d| view! { <p>{d}</p> })}
                <p class="source-meta">
                    {move || i18n.language().stories(source.item_count as usize)}
                    {source.stale.then(|| view! { <span class="stale-tag">" · "{move || i18n.t().unreachable}</span> })}
                </p>
            </div>
            <button
                class="button follow-button"
                aria-pressed=move || following.get().to_string()
                on:click=move |_| preferences.toggle_follow(&toggle_id)
            >
                {move || if following.get() { i18n.t().following } else { i18n.t().muted }}
                <span class="visually-hidden">{format!(": {name}")}</span>
            </button>
        </li>
    }
}

/// The feeds the reader added from OPML, each with a Remove button, and
/// whether the proxy could read it.
#[component]
fn AddedList() -> impl IntoView {
    let added = use_added_feeds();
    let i18n = use_i18n();
    view! {
        <Show when=move || added.0.with(|list| !list.is_empty())>
            <h2 class="section-label added-heading">{move || i18n.t().your_feeds}</h2>
            <ul class="source-list added-list">
                <For
                    each=move || added.0.get()
                    key=|feed| feed.url.clone()
                    children=move |feed| view! { <AddedRow feed/> }
                />
            </ul>
        </Show>
    }
}

/// One added feed: title, address, how many stories it has (or that it
/// could not be read), and Remove.
#[component]
fn AddedRow(feed: AddedFeed) -> impl IntoView {
    let added = use_added_feeds();
    let i18n = use_i18n();
    let url = feed.url.clone();
    let status = LocalResource::new(move || {
        let path = api::open_feed_url(&url);
        async move { api::feed(&path).await }
    });
    let remove_url = feed.url.clone();
    let title = feed.title.clone();
    view! {
        <li class="source-row">
            <div class="source-text">
                <h3 class="source-name">{feed.title.clone()}</h3>
                <p class="added-url">{feed.url.clone()}</p>
                <p class="source-meta">
                    {move || match status.get() {
                        None => i18n.t().loading.to_string(),
                        Some(Ok(f)) => i18n.language().stories(f.items.len()),
                        Some(Err(e)) => i18n.language().error_message(&e),
                    }}
                </p>
            </div>
            <button class="button follow-button" on:click=move |_| added.remove(&remove_url)>
                {move || i18n.t().remove}
                <span class="visually-hidden">{format!(": {title}")}</span>
            </button>
        </li>
    }
}

/// Offers `text` as a file download.
fn download(name: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/x-opml;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(wasm_bindgen::JsValue::NULL)?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
