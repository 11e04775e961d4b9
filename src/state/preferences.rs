//! The reader's display and source choices, kept in `localStorage` (small,
//! synchronous, read before the first paint): theme, article text size,
//! muted sources. [`Preferences`] is provided once by the app; components
//! get it with [`use_preferences`].

use std::collections::BTreeSet;

use leptos::prelude::*;

const THEME_KEY: &str = "newsdesk.theme";
const TEXT_SIZE_KEY: &str = "newsdesk.text-size";
const MUTED_KEY: &str = "newsdesk.muted";
const SCROLL_KEY: &str = "newsdesk.load-on-scroll";

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    /// Every theme, in menu order.
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored and `data-theme` value.
    pub fn key(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_key(key: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.key() == key)
            .unwrap_or(Theme::System)
    }
}

/// Article text sizes, as steps.
pub const TEXT_SIZES: [&str; 4] = ["small", "medium", "large", "x-large"];

/// The reader's choices, as signals; each change is stored at once.
#[derive(Debug, Clone, Copy)]
pub struct Preferences {
    /// The colour theme.
    pub theme: RwSignal<Theme>,
    /// Index into [`TEXT_SIZES`].
    pub text_size: RwSignal<usize>,
    /// Sources the reader muted: left out of the News Feed.
    pub muted: RwSignal<BTreeSet<String>>,
    /// Load the next page when the reader scrolls near the end of a stream
    /// (on unless turned off; "Show More" stays either way).
    pub load_on_scroll: RwSignal<bool>,
}

impl Preferences {
    /// Reads the stored choices, applies them to the document, keeps them
    /// in sync, and provides them as context.
    pub fn provide() -> Preferences {
        let stored = |key| local(key).unwrap_or_default();
        let preferences = Preferences {
            theme: RwSignal::new(Theme::from_key(&stored(THEME_KEY))),
            text_size: RwSignal::new(
                TEXT_SIZES
                    .iter()
                    .position(|s| *s == stored(TEXT_SIZE_KEY))
                    .unwrap_or(1),
            ),
            muted: RwSignal::new(
                crate::api::decode::from_json(&stored(MUTED_KEY)).unwrap_or_default(),
            ),
            load_on_scroll: RwSignal::new(stored(SCROLL_KEY) != "off"),
        };
        Effect::new(move |_| {
            let on = preferences.load_on_scroll.get();
            set_local(SCROLL_KEY, if on { "on" } else { "off" });
        });
        Effect::new(move |_| {
            let theme = preferences.theme.get();
            set_local(THEME_KEY, theme.key());
            set_root_attribute("data-theme", theme.key());
        });
        Effect::new(move |_| {
            let size = TEXT_SIZES[preferences.text_size.get().min(TEXT_SIZES.len() - 1)];
            set_local(TEXT_SIZE_KEY, size);
            set_root_attribute("data-text-size", size);
        });
        Effect::new(move |_| {
            let muted = preferences.muted.get();
            let text = crate::api::decode::to_value(&muted)
                .ok()
                .and_then(|v| js_sys::JSON::stringify(&v).ok())
                .and_then(|s| s.as_string());
            if let Some(text) = text {
                set_local(MUTED_KEY, &text);
            }
        });
        provide_context(preferences);
        preferences
    }

    /// Whether the reader follows `source` (every source is followed until muted).
    pub fn follows(&self, source: &str) -> bool {
        !self.muted.with(|m| m.contains(source))
    }

    /// Mutes a followed source, or follows a muted one.
    pub fn toggle_follow(&self, source: &str) {
        self.muted.update(|m| {
            if !m.remove(source) {
                m.insert(source.to_string());
            }
        });
    }
}

/// The app's [`Preferences`]; outside the app, defaults that store nothing.
pub fn use_preferences() -> Preferences {
    use_context::<Preferences>().unwrap_or_else(|| Preferences {
        theme: RwSignal::new(Theme::System),
        text_size: RwSignal::new(1),
        muted: RwSignal::new(BTreeSet::new()),
        load_on_scroll: RwSignal::new(false),
    })
}

/// The stored value of `key`, if storage is available and holds one.
pub(crate) fn local(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Stores `value` under `key`; a full or disabled storage only loses it.
pub(crate) fn set_local(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        // A full or disabled storage only loses the preference.
        let _ = storage.set_item(key, value);
    }
}

fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(name, value);
    }
}
