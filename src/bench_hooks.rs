//! Benchmark hooks: the real [`FeedStream`] and its rows driven from
//! JavaScript, for `make bench` (bench/render/). Compiled only with the
//! cargo feature `bench`, which no shipped build enables.
//!
//! The bench page calls `wasmBindings.newsdeskBenchInstall(element)` once;
//! that mounts a [`FeedStream`] (with its own [`Marks`] context) into
//! `element` and defines, on `window`:
//!
//! ```text
//! newsdeskBench = {
//!   create(n)         // show a first page of n new items (mounts the stream)
//!   replace(n)        // a new first page of n new items, replacing all
//!   append(n)         // "Show More": the next page holds n new items
//!   markEveryTenth()  // toggle the read mark of items 0, 10, 20, ...
//!   clear()           // unmount the stream
//!   remount(n)        // drop everything mounted (root owner too), mount anew
//! }
//! ```
//!
//! Each call only changes signals (or clicks Show More) and returns at once:
//! Leptos applies the change to the DOM in microtasks right after, so the
//! page awaits until the DOM shows it (bench/render/harness.js). The items
//! are generated here, inside the measured call, exactly as the vanilla
//! baseline generates them (bench/render/vanilla.js): same ids, titles,
//! summaries, desk and dates.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use newsdesk_feed::{Author, DeskInfo, Feed, Item, ItemInfo};
use wasm_bindgen::prelude::*;

use crate::components::FeedStream;
use crate::state::marks::Marks;

const ADJECTIVES: [&str; 12] = [
    "Late", "Quiet", "Busy", "Early", "Windy", "Long", "Bright", "Rainy", "Short", "Crowded",
    "Cold", "Open",
];
const SUBJECTS: [&str; 10] = [
    "council vote on the ferry timetable",
    "harbour crane repairs",
    "night market on Quay Street",
    "school roof fund",
    "tram line extension",
    "library hours",
    "storm drain survey",
    "fishing fleet return",
    "bridge lighting plan",
    "river clean-up",
];
/// 2025-01-15T08:00:00Z: old enough that the byline shows a date.
const BASE_UNIX: i64 = 1_736_928_000;

/// The `i`th generated item with id prefix `prefix` (see the module docs).
fn item(prefix: &str, i: u32) -> Item {
    let adjective = ADJECTIVES[i as usize % ADJECTIVES.len()];
    let subject = SUBJECTS[(i as usize * 7) % SUBJECTS.len()];
    let minute = i64::from(i);
    let unix = BASE_UNIX + minute * 60;
    let (h, m) = ((unix % 86_400) / 3_600, (unix % 3_600) / 60);
    Item {
        id: format!("{prefix}-{i}"),
        title: Some(format!("{adjective} {subject}, story {i}")),
        summary: Some(format!(
            "What happened with the {subject} today, and what the desk heard from readers (item {i})."
        )),
        date_published: Some(format!("2025-01-15T{h:02}:{m:02}:00Z")),
        authors: vec![Author {
            name: Some("City desk".to_string()),
            avatar: Some("/avatar.svg".to_string()),
            newsdesk: Some(DeskInfo {
                id: Some("city".to_string()),
                ..DeskInfo::default()
            }),
            ..Author::default()
        }],
        newsdesk: Some(ItemInfo {
            reading_minutes: Some(1 + i % 9),
            source: Some("city".to_string()),
            image_caption: None,
            ..ItemInfo::default()
        }),
        ..Item::default()
    }
}

struct Bench {
    /// Bumped to (re)mount the stream with the page in `first`.
    generation: RwSignal<u32>,
    /// The first page the next mount shows (taken, not cloned).
    first: StoredValue<Option<Feed>>,
    /// What the next "Show More" returns.
    next_page: StoredValue<Vec<Item>>,
    marks: Marks,
    root: web_sys::HtmlElement,
    /// Ids shown, in order.
    shown: RefCell<Vec<String>>,
    /// Prefix counter: every create/replace/append makes new ids.
    batch: Cell<u32>,
}

thread_local! {
    static BENCH: RefCell<Option<Bench>> = const { RefCell::new(None) };
    /// The stream `remount` mounted, with its root owner.
    static SEPARATE: RefCell<Option<Box<dyn std::any::Any>>> = const { RefCell::new(None) };
}

/// `remount(n)`: drops every stream mounted so far together with its root
/// owner (what leaving a page does), then mounts a new stream of `n` new
/// items under a new root owner. Used to check that nothing of the old
/// streams stays alive.
fn remount(bench: &Bench, n: u32) {
    bench.clear();
    SEPARATE.with(|f| f.borrow_mut().take());
    let items = bench.items(n);
    *bench.shown.borrow_mut() = items.iter().map(|i| i.id.clone()).collect();
    let marks = bench.marks;
    let next_page = bench.next_page;
    let first = Feed {
        title: "Bench".to_string(),
        items,
        next_url: Some("/bench/next".to_string()),
        ..Feed::default()
    };
    let handle = leptos::mount::mount_to(bench.root.clone(), move || {
        provide_context(marks);
        view! { <FeedStream first load_more=load_more(next_page)/> }
    });
    SEPARATE.with(|f| *f.borrow_mut() = Some(Box::new(handle)));
}

/// The stream's `load_more`: the page `append` prepared.
fn load_more(next_page: StoredValue<Vec<Item>>) -> Callback<String, crate::api::FeedFuture> {
    Callback::new(move |_url: String| -> crate::api::FeedFuture {
        let items = next_page
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        Box::pin(std::future::ready(Ok(Feed {
            title: "Bench".to_string(),
            items,
            next_url: Some("/bench/next".to_string()),
            ..Feed::default()
        })))
    })
}

impl Bench {
    fn items(&self, n: u32) -> Vec<Item> {
        let batch = self.batch.get() + 1;
        self.batch.set(batch);
        let prefix = format!("b{batch}");
        (0..n).map(|i| item(&prefix, i)).collect()
    }

    fn mount_page(&self, n: u32) {
        let items = self.items(n);
        *self.shown.borrow_mut() = items.iter().map(|i| i.id.clone()).collect();
        self.first.set_value(Some(Feed {
            title: "Bench".to_string(),
            items,
            next_url: Some("/bench/next".to_string()),
            ..Feed::default()
        }));
        self.generation.update(|g| *g += 1);
    }

    fn append(&self, n: u32) {
        let items = self.items(n);
        self.shown
            .borrow_mut()
            .extend(items.iter().map(|i| i.id.clone()));
        self.next_page.set_value(items);
        let button = self
            .root
            .query_selector(".show-more")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        match button {
            Some(button) => button.click(),
            None => leptos::logging::error!("newsdeskBench.append: no Show More button"),
        }
    }

    fn mark_every_tenth(&self) {
        let shown = self.shown.borrow();
        self.marks.read.update(|read| {
            for id in shown.iter().step_by(10) {
                if !read.remove(id) {
                    read.insert(id.clone());
                }
            }
        });
    }

    fn clear(&self) {
        SEPARATE.with(|f| f.borrow_mut().take());
        self.shown.borrow_mut().clear();
        self.first.set_value(None);
        self.generation.update(|g| *g += 1);
    }
}

/// Mounts the bench stream into `root` and defines `window.newsdeskBench`
/// (see the module docs).
#[wasm_bindgen(js_name = newsdeskBenchInstall)]
pub fn install(root: web_sys::HtmlElement) -> Result<(), JsValue> {
    let generation = RwSignal::new(0u32);
    let first = StoredValue::new(None::<Feed>);
    let next_page = StoredValue::new(Vec::<Item>::new());
    let marks = Marks {
        saved: RwSignal::new(Vec::new()),
        read: RwSignal::new(Default::default()),
        hide_read: RwSignal::new(false),
        notice: RwSignal::new(None),
        loaded: RwSignal::new(true),
    };
    let load_more = load_more(next_page);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(marks);
        move || {
            generation.track();
            first
                .try_update_value(Option::take)
                .flatten()
                .map(|first| view! { <FeedStream first load_more=load_more/> })
        }
    });
    handle.forget();
    BENCH.with(|b| {
        *b.borrow_mut() = Some(Bench {
            generation,
            first,
            next_page,
            marks,
            root,
            shown: RefCell::new(Vec::new()),
            batch: Cell::new(0),
        })
    });

    let api = js_sys::Object::new();
    let with_n = |f: fn(&Bench, u32)| {
        Closure::<dyn Fn(u32)>::new(move |n: u32| {
            BENCH.with(|b| {
                if let Some(bench) = b.borrow().as_ref() {
                    f(bench, n)
                }
            })
        })
        .into_js_value()
    };
    let plain = |f: fn(&Bench)| {
        Closure::<dyn Fn()>::new(move || {
            BENCH.with(|b| {
                if let Some(bench) = b.borrow().as_ref() {
                    f(bench)
                }
            })
        })
        .into_js_value()
    };
    js_sys::Reflect::set(&api, &"create".into(), &with_n(Bench::mount_page))?;
    js_sys::Reflect::set(&api, &"replace".into(), &with_n(Bench::mount_page))?;
    js_sys::Reflect::set(&api, &"append".into(), &with_n(Bench::append))?;
    js_sys::Reflect::set(
        &api,
        &"markEveryTenth".into(),
        &plain(Bench::mark_every_tenth),
    )?;
    js_sys::Reflect::set(&api, &"clear".into(), &plain(Bench::clear))?;
    js_sys::Reflect::set(&api, &"remount".into(), &with_n(remount))?;
    let window = web_sys::window().ok_or("no window")?;
    js_sys::Reflect::set(&window, &"newsdeskBench".into(), &api)?;
    Ok(())
}
