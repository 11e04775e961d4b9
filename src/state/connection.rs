//! The app's link to the network and to its service worker, as signals:
//! online or not, a new version waiting, the News Feed changed upstream.
//! [`Connection`] is provided once by the app; get it with
//! [`use_connection`].

use leptos::prelude::*;

use crate::state::marks::Marks;
use crate::state::pwa;

/// Network and update state.
#[derive(Debug, Clone, Copy)]
pub struct Connection {
    /// The browser is online.
    pub online: RwSignal<bool>,
    /// A new version is installed and waiting for a reload.
    pub update_ready: RwSignal<bool>,
    /// Bumped each time the service worker reports a newer News Feed.
    pub feed_changed: RwSignal<u32>,
}

impl Connection {
    /// Listens to the browser and the service worker for the app's
    /// lifetime and provides the state as context.
    pub fn provide(marks: Marks) -> Connection {
        let connection = Connection::detached();
        connection.online.set(pwa::is_online());
        // pwa.js may have announced a waiting version before the app mounted.
        connection.update_ready.set(pwa::update_waiting());
        // The app lives as long as the page: the listeners never need removing.
        let listeners = [
            window_event_listener_untyped("online", move |_| connection.online.set(true)),
            window_event_listener_untyped("offline", move |_| connection.online.set(false)),
            window_event_listener_untyped(pwa::UPDATE_AVAILABLE, move |_| {
                connection.update_ready.set(true)
            }),
            window_event_listener_untyped(pwa::FEED_UPDATED, move |event| {
                let url = pwa::updated_url(&event).unwrap_or_default();
                // Only the News Feed's first page: what the reader sees on top.
                if url.ends_with(crate::api::NEWS_FEED) {
                    connection.feed_changed.update(|n| *n += 1);
                }
            }),
            window_event_listener_untyped(pwa::STORAGE_FULL, move |_| {
                marks
                    .notice
                    .set(Some(crate::state::marks::Notice::StorageCleared));
            }),
        ];
        std::mem::forget(listeners);
        provide_context(connection);
        connection
    }

    fn detached() -> Connection {
        Connection {
            online: RwSignal::new(true),
            update_ready: RwSignal::new(false),
            feed_changed: RwSignal::new(0),
        }
    }
}

/// The app's [`Connection`]; outside the app, an always-online one.
pub fn use_connection() -> Connection {
    use_context::<Connection>().unwrap_or_else(Connection::detached)
}
