//! Keyboard shortcuts for readers who page through the news: j/k move
//! through the stream, o or Enter opens, s saves, m marks read or unread,
//! `/` searches, `g` then `h` goes home, `?` shows them all. None fires
//! while typing in a field or with a modifier held. The help dialog
//! lists them from `i18n::Text::shortcuts`.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use crate::shell::router::{use_navigate, NavigateOptions};
use crate::state::marks::Marks;

/// How long after `g` an `h` still counts, in ms.
const CHORD_MS: f64 = 1500.0;

/// Shortcut state other components read.
#[derive(Debug, Clone, Copy)]
pub struct Shortcuts {
    /// The help dialog is open.
    pub help_open: RwSignal<bool>,
}

/// The app's [`Shortcuts`]; outside the app, a closed one.
pub fn use_shortcuts() -> Shortcuts {
    use_context::<Shortcuts>().unwrap_or(Shortcuts {
        help_open: RwSignal::new(false),
    })
}

/// Installs the shortcuts for the page's lifetime. Must sit inside the
/// router (it navigates).
#[component]
pub fn KeyboardShortcuts(
    /// Saved items and read marks, for `s` and `m`.
    marks: Marks,
) -> impl IntoView {
    let shortcuts = Shortcuts {
        help_open: RwSignal::new(false),
    };
    provide_context(shortcuts);
    let navigate = use_navigate();
    let g_at = Rc::new(Cell::new(f64::NEG_INFINITY));
    let handle = window_event_listener_untyped("keydown", move |event| {
        let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
            return;
        };
        if event.ctrl_key() || event.meta_key() || event.alt_key() || typing(event) {
            return;
        }
        let key = event.key();
        let now = js_sys::Date::now();
        let after_g = now - g_at.get() < CHORD_MS;
        g_at.set(f64::NEG_INFINITY);
        let handled = match key.as_str() {
            "j" => move_current(1),
            "k" => move_current(-1),
            "o" => open_current(),
            "Enter" if focus_is_idle() => open_current(),
            "s" => click_in_current(".save-button"),
            "m" => toggle_read(marks),
            "/" => {
                navigate("/search", NavigateOptions::default());
                true
            }
            "g" => {
                g_at.set(now);
                true
            }
            "h" if after_g => {
                navigate("/", NavigateOptions::default());
                true
            }
            "?" => {
                shortcuts.help_open.update(|open| *open = !*open);
                true
            }
            "Escape" if shortcuts.help_open.get_untracked() => {
                shortcuts.help_open.set(false);
                true
            }
            _ => false,
        };
        if handled {
            event.prevent_default();
        }
    });
    // The listener lives as long as the page.
    std::mem::forget(handle);
}

/// Typing in a field, a select or editable text: keys are the reader's.
fn typing(event: &KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || target
            .dyn_ref::<HtmlElement>()
            .is_some_and(HtmlElement::is_content_editable)
}

fn focus_is_idle() -> bool {
    document()
        .active_element()
        .is_none_or(|e| matches!(e.tag_name().as_str(), "BODY" | "MAIN"))
}

/// The stories on the page, in order.
fn stories() -> Vec<Element> {
    let Ok(list) = document().query_selector_all("main article[data-item-id]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

fn current() -> Option<Element> {
    document()
        .query_selector("main article.is-current")
        .ok()
        .flatten()
}

/// Moves the "current story" mark by `step` and focuses its headline.
fn move_current(step: isize) -> bool {
    let stories = stories();
    if stories.is_empty() {
        return false;
    }
    let position = current().and_then(|c| stories.iter().position(|s| *s == c));
    let next = match position {
        None if step > 0 => 0,
        None => stories.len() - 1,
        Some(p) => p.saturating_add_signed(step).min(stories.len() - 1),
    };
    if let Some(old) = position.and_then(|p| stories.get(p)) {
        let _ = old.class_list().remove_1("is-current");
    }
    let story = &stories[next];
    let _ = story.class_list().add_1("is-current");
    if let Some(link) = story
        .query_selector(".item-title a")
        .ok()
        .flatten()
        .and_then(|l| l.dyn_into::<HtmlElement>().ok())
    {
        let _ = link.focus();
    }
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    story.scroll_into_view_with_scroll_into_view_options(&options);
    true
}

fn open_current() -> bool {
    click(current().and_then(|c| c.query_selector(".item-title a").ok().flatten()))
}

/// Clicks `selector` in the current story, or on an article page the
/// article's own.
fn click_in_current(selector: &str) -> bool {
    let scope = current().or_else(|| {
        document()
            .query_selector("main article.article")
            .ok()
            .flatten()
    });
    click(scope.and_then(|s| s.query_selector(selector).ok().flatten()))
}

fn toggle_read(marks: Marks) -> bool {
    let scope = current().or_else(|| {
        document()
            .query_selector("main article.article")
            .ok()
            .flatten()
    });
    match scope.and_then(|s| s.get_attribute("data-item-id")) {
        Some(id) => {
            marks.toggle_read(&id);
            true
        }
        None => false,
    }
}

fn click(element: Option<Element>) -> bool {
    match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        Some(element) => {
            element.click();
            true
        }
        None => false,
    }
}
