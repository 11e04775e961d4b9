//! Client-side routing, hand-written: the URL as a signal, same-origin link
//! clicks turned into history entries, back/forward followed, and a route
//! table matched on the path. leptos_router does much more (nested routes,
//! forms, actions, redirects, transitions) and cost the wasm about 30 KB
//! brotli'd; this app needs none of that.
//!
//! The hooks have the shapes of leptos_router's ([`use_location`],
//! [`use_params_map`], [`use_query_map`], [`use_navigate`] with
//! [`NavigateOptions`], and the [`A`] link), so a page only changes its `use`
//! line.
//!
//! What a click on a link does follows leptos_router's rules: the browser
//! keeps it when a modifier key or another button is pressed, when the link
//! has a `target`, `download` or `rel="external"`, or when it leaves the
//! origin (`mailto:` included). Otherwise the new URL is pushed onto the
//! history (unless it is the one shown), the page changes, and the window
//! scrolls to the URL's fragment or else to the top. Back and forward change
//! the page without scrolling (the browser restores the position).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

/// Names and values from a path (`:id`) or a query string (`?q=`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamsMap(Vec<(String, String)>);

impl ParamsMap {
    /// The (first) value of `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_str(key).map(str::to_string)
    }

    /// The (first) value of `key`, borrowed.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Parses a query string (with or without its `?`): `+` is a space,
    /// names and values are percent-decoded.
    pub fn from_query(search: &str) -> ParamsMap {
        let search = search.strip_prefix('?').unwrap_or(search);
        ParamsMap(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode_query(k), decode_query(v))
                })
                .collect(),
        )
    }
}

/// The URL being shown: what [`use_location`] returns.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// The path, e.g. `/article/city-1` (as the browser gives it: encoded).
    pub pathname: Memo<String>,
    /// The query string with its `?`, or "".
    pub search: Memo<String>,
    /// The fragment with its `#`, or "".
    pub hash: Memo<String>,
    /// The query string's names and values.
    pub query: Memo<ParamsMap>,
}

/// How [`use_navigate`]'s function moves to a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavigateOptions {
    /// Replace the current history entry instead of adding one.
    pub replace: bool,
    /// Scroll to the fragment, or the top, after moving (default `true`).
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// The current URL's parts, as a signal, and the [`Location`] memos over
/// it: built once per router and shared through the context, so that the
/// many links (every [`A`]) and pages that read the location add no
/// memos of their own.
#[derive(Debug, Clone, Copy)]
struct RouterState {
    url: RwSignal<Url>,
    location: Location,
}

impl RouterState {
    fn new(url: Url) -> RouterState {
        let url = RwSignal::new(url);
        RouterState {
            url,
            location: Location {
                pathname: Memo::new(move |_| url.with(|u| u.path.clone())),
                search: Memo::new(move |_| url.with(|u| u.search.clone())),
                hash: Memo::new(move |_| url.with(|u| u.hash.clone())),
                query: Memo::new(move |_| url.with(|u| ParamsMap::from_query(&u.search))),
            },
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Url {
    path: String,
    search: String,
    hash: String,
}

impl Url {
    /// The path, query and fragment of a parsed URL.
    fn of(url: &web_sys::Url) -> Url {
        Url {
            path: url.pathname(),
            search: url.search(),
            hash: url.hash(),
        }
    }

    fn current() -> Url {
        let location = window().location();
        Url {
            path: location.pathname().unwrap_or_default(),
            search: location.search().unwrap_or_default(),
            hash: location.hash().unwrap_or_default(),
        }
    }

    fn full(&self) -> String {
        format!("{}{}{}", self.path, self.search, self.hash)
    }
}

fn state() -> RouterState {
    match use_context::<RouterState>() {
        Some(state) => state,
        // Outside a <Router> (a component mounted alone in a test): the
        // URL as it is, not followed.
        None => RouterState::new(Url::current()),
    }
}

/// Follows the URL for everything inside it: provides the state the hooks
/// read and listens to link clicks and back/forward for the page's
/// lifetime (the listeners go when the router is dropped).
#[component]
pub fn Router(children: Children) -> impl IntoView {
    let state = RouterState::new(Url::current());
    provide_context(state);
    let popstate = window_event_listener_untyped("popstate", move |_| {
        let now = Url::current();
        if state.url.with_untracked(|u| *u != now) {
            state.url.set(now);
        }
    });
    let click = window_event_listener(leptos::ev::click, move |ev| follow_link(&ev, state));
    on_cleanup(move || {
        popstate.remove();
        click.remove();
    });
    children()
}

/// The URL being shown.
pub fn use_location() -> Location {
    state().location
}

/// The query string's names and values (`/search?q=…`).
pub fn use_query_map() -> Memo<ParamsMap> {
    use_location().query
}

/// The matched route's path parameters (`:id` of `/article/:id`). They keep
/// their last values while another page shows, so a page being left never
/// sees its parameters vanish (and never refetches for that).
pub fn use_params_map() -> Memo<ParamsMap> {
    use_context::<Params>()
        .map(|p| p.0)
        .unwrap_or_else(|| Memo::new(|_| ParamsMap::default()))
}

/// A function that moves to a URL (`/search`, `/article/x?y#z`), as a click
/// on a link to it would.
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let state = state();
    move |to: &str, options: NavigateOptions| {
        let Ok(url) =
            web_sys::Url::new_with_base(to, &window().location().href().unwrap_or_default())
        else {
            return;
        };
        go(state, Url::of(&url), options);
    }
}

/// Moves to `to`: a history entry (unless it is the URL shown), the new
/// URL in the state, then the scroll.
fn go(state: RouterState, to: Url, options: NavigateOptions) {
    let full = to.full();
    if let Ok(history) = window().history() {
        if options.replace {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&full));
        } else if Url::current().full() != full {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&full));
        }
    }
    let hash = to.hash.clone();
    if state.url.with_untracked(|u| *u != to) {
        state.url.set(to);
    }
    if options.scroll {
        // After the new page is in the document (effects run first).
        request_animation_frame(move || scroll_to(&hash));
    }
}

/// Scrolls to the element the fragment names, or to the top.
fn scroll_to(hash: &str) {
    let target = hash
        .strip_prefix('#')
        .filter(|id| !id.is_empty())
        .and_then(|id| document().get_element_by_id(&decode(id)));
    match target {
        Some(el) => el.scroll_into_view(),
        None => window().scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// Handles a click on a same-origin link (leptos_router's rules; see the
/// module's doc).
fn follow_link(ev: &MouseEvent, state: RouterState) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return;
    }
    let Some(a) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    let href = a.href();
    let external = a
        .get_attribute("rel")
        .is_some_and(|rel| rel.split([' ', '\t']).any(|r| r == "external"));
    if href.is_empty() || !a.target().is_empty() || a.has_attribute("download") || external {
        return;
    }
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    if window().location().origin().ok() != Some(url.origin()) {
        return;
    }
    ev.prevent_default();
    let scroll = !a.has_attribute("noscroll") && !a.has_attribute("data-noscroll");
    go(
        state,
        Url::of(&url),
        NavigateOptions {
            replace: false,
            scroll,
        },
    );
}

/// A link to a page of the app: `<a href>` with `aria-current="page"` when
/// it leads to the page shown (exactly, with `exact`; else that page or one
/// under it, as leptos_router's `A`). Clicks are handled by the [`Router`].
#[component]
pub fn A(
    /// Where the link leads (a path of the app, or any URL).
    #[prop(into)]
    href: Signal<String>,
    /// Active only on exactly this path.
    #[prop(optional)]
    exact: bool,
    /// The link's content.
    children: Children,
) -> impl IntoView {
    let path = use_location().pathname;
    let current = move || {
        let href = href.get();
        let target = href.split(['?', '#']).next().unwrap_or_default();
        let here = path.get();
        let active = if exact || target == "/" {
            here == target
        } else {
            here == target
                || here
                    .strip_prefix(target.trim_end_matches('/'))
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        active.then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

/// The matched route's parameters, provided to its page.
#[derive(Debug, Clone, Copy)]
struct Params(Memo<ParamsMap>);

/// The page of the first route of `table` whose pattern matches the path
/// (the app's table is `newsdesk_page::ROUTES`), drawn by `view`, or
/// `fallback` when none matches. A page is built when the matched route
/// changes; moving from one article to another only changes its parameters
/// ([`use_params_map`]), as with leptos_router.
pub fn routes<P>(
    table: &'static [(&'static str, P)],
    view: fn(P) -> AnyView,
    fallback: fn() -> AnyView,
) -> impl IntoView
where
    P: Copy + Send + Sync + 'static,
{
    let path = use_location().pathname;
    let matched = Memo::new(move |_| {
        path.with(|p| {
            table
                .iter()
                .position(|(pattern, _)| match_path(pattern, p).is_some())
        })
    });
    move || {
        let index = matched.get();
        let params = Memo::new(move |previous: Option<&ParamsMap>| {
            let now = index.and_then(|i| path.with(|p| match_path(table[i].0, p)));
            now.or_else(|| previous.cloned()).unwrap_or_default()
        });
        provide_context(Params(params));
        match index {
            Some(i) => view(table[i].1),
            None => fallback(),
        }
    }
}

/// The parameters of `path` if it matches `pattern`
/// ([`newsdesk_page::match_path`]), percent-decoded.
pub fn match_path(pattern: &'static str, path: &str) -> Option<ParamsMap> {
    let params = newsdesk_page::match_path(pattern, path)?;
    Some(ParamsMap(
        params
            .into_iter()
            .map(|(name, value)| (name.to_string(), decode(value)))
            .collect(),
    ))
}

fn decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_string();
    }
    js_sys::decode_uri_component(segment)
        .map(String::from)
        .unwrap_or_else(|_| segment.to_string())
}

fn decode_query(text: &str) -> String {
    decode(&text.replace('+', " "))
}

#[cfg(test)]
mod tests {
    use super::{match_path, ParamsMap};

    #[test]
    fn path_parameters_are_named_and_plain_ones_kept() {
        let id = |path: &str| match_path("/article/:id", path).and_then(|p| p.get("id"));
        assert_eq!(id("/article/city-1").as_deref(), Some("city-1"));
        assert_eq!(id("/article/"), None);
        assert!(match_path("/saved", "/saved/").is_some());
    }

    #[test]
    fn query_strings_parse() {
        let q = ParamsMap::from_query("?q=city+hall&x=&y");
        assert_eq!(q.get("q").as_deref(), Some("city hall"));
        assert_eq!(q.get("x").as_deref(), Some(""));
        assert_eq!(q.get("y").as_deref(), Some(""));
        assert_eq!(q.get("z"), None);
        assert_eq!(ParamsMap::from_query(""), ParamsMap::default());
    }
}
