//! Newsdesk: an offline-first news reader, as a Leptos (CSR) app.
//!
//! The app renders a newsroom's feed, its articles and its news desks from
//! JSON Feed 1.1 served by the Newsdesk proxy. The folders follow the data:
//!
//! - `api/`: the only code that talks HTTP (gloo-net), decoding with serde
//!   into the `newsdesk-feed` model, and the errors a reader sees;
//! - `state/`: what the app keeps and knows (offline store, saved and read
//!   marks, preferences, added feeds, connection, streams, search, pwa);
//! - `shell/`: router, title, first-paint hand-over, keyboard;
//! - `text/`: the interface's languages and formats;
//! - `components/` (one component per file; `story_list/` is the list,
//!   its rows and their relay) and `routes/` (one routed page per file).
//!
//! Pages build resources from `api` functions that return `Result`; a
//! failure shows as an [`ErrorView`](components::ErrorView) that says what
//! happened, with Retry, never a blank area.

#![warn(missing_docs)]

pub mod api;
#[cfg(feature = "bench")]
pub mod bench_hooks;
pub mod components;
pub mod routes;
pub mod shell;
pub mod state;
pub mod text;

use leptos::prelude::*;
use newsdesk_page::Page;

use components::{ShortcutsHelp, SiteHeader, StatusBanners};
use routes::{
    ArticlePage, DeskPage, FeedPage, NotFound, SavedPage, SearchPage, SourcesPage, TagPage,
};
use shell::hand_over as first_paint;
use shell::keyboard::KeyboardShortcuts;
use shell::router::{self, use_location, Router};
use state::connection::Connection;
use state::marks::Marks;
use state::preferences::Preferences;
use state::streams::CurrentStream;
use text::i18n;

/// The view of each page of the route table (`newsdesk_page::ROUTES`,
/// which the proxy's first paint and 404 decision read too).
fn page_view(page: Page) -> AnyView {
    match page {
        Page::NewsFeed => view! { <FeedPage/> }.into_any(),
        Page::Article => view! { <ArticlePage/> }.into_any(),
        Page::Desk => view! { <DeskPage/> }.into_any(),
        Page::Saved => view! { <SavedPage/> }.into_any(),
        Page::Search => view! { <SearchPage/> }.into_any(),
        Page::Sources => view! { <SourcesPage/> }.into_any(),
        Page::Topic => view! { <TagPage/> }.into_any(),
    }
}

/// The whole app: header, routed pages, footer.
///
/// Routes: `/` the News Feed, `/article/{id}` one article, `/desk/{id}` a
/// news desk and its stream, `/saved` the reader's saved stories; anything
/// else is the 404 page.
#[component]
pub fn App() -> impl IntoView {
    let marks = Marks::provide();
    Connection::provide(marks);
    Preferences::provide();
    state::added_feeds::AddedFeeds::provide();
    CurrentStream::provide();
    let i18n = i18n::I18n::provide();
    view! {
        <Router>
            <a class="skip-link" href="#main">{move || i18n.t().skip}</a>
            <KeyboardShortcuts marks/>
            <RouteFocus/>
            <SiteHeader/>
            <StatusBanners/>
            <ShortcutsHelp/>
            <main id="main" class="page" tabindex="-1">
                {router::routes(&newsdesk_page::ROUTES, page_view, || view! { <NotFound/> }.into_any())}
            </main>
            <footer class="site-footer">
                <p>{move || i18n.w().footer}</p>
            </footer>
        </Router>
    }
}

/// Moves focus to the page's content after each navigation (not the first
/// load), so keyboard and screen-reader users start at the new page rather
/// than at the link they left.
#[component]
fn RouteFocus() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        // Pages with nothing to wait for, and any navigation, end the
        // first paint (the News Feed and articles end it themselves).
        if previous.is_some() || !first_paint::waits_for(&path) {
            first_paint::hand_over();
        }
        if previous.is_some_and(|p| p != path) {
            if let Some(main) = document()
                .get_element_by_id("main")
                .and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
            {
                let _ = main.focus();
            }
        }
        path
    });
}
