//! Newsdesk: an offline-first news reader, as a Leptos (CSR) app.
//!
//! The app renders a newsroom's feed, its articles and its news desks from
//! JSON Feed 1.1 served by the Newsdesk proxy. `api.rs` is the only module
//! that talks HTTP; views build resources from its `Result`-returning
//! functions and show failures through an error boundary with a Retry.
//!
//! Code map: `routes/` (one routed page per file), `components/` (one
//! component per file), `format.rs` (dates and reading time as text).

#![warn(missing_docs)]

pub mod api;
pub mod components;
pub mod connection;
pub mod error;
pub mod format;
pub mod pwa;
pub mod reading;
pub mod routes;
pub mod store;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::{SiteHeader, StatusBanners};
use connection::Connection;
use reading::Reading;
use routes::{ArticlePage, DeskPage, FeedPage, NotFound, SavedPage};

/// The whole app: header, routed pages, footer.
///
/// Routes: `/` the News Feed, `/article/{id}` one article, `/desk/{id}` a
/// news desk and its stream, `/saved` the reader's saved stories; anything
/// else is the 404 page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let reading = Reading::provide();
    Connection::provide(reading);
    view! {
        <Title formatter=|text: String| {
            if text.is_empty() { "Newsdesk".to_string() } else { format!("{text} — Newsdesk") }
        }/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <SiteHeader/>
            <StatusBanners/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=FeedPage/>
                    <Route path=path!("/article/:id") view=ArticlePage/>
                    <Route path=path!("/desk/:id") view=DeskPage/>
                    <Route path=path!("/saved") view=SavedPage/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Newsdesk — an offline-first news reader. Demo content is fictional."</p>
            </footer>
        </Router>
    }
}
