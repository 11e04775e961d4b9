//! JSON in the app without serde: documents are parsed by the browser's
//! own `JSON.parse` and read field by field into the `newsdesk-feed` model;
//! saved items are written back with `JSON.stringify`.
//!
//! Why: serde's derived visitors plus serde_json were a fifth of the app's
//! wasm (about 75 KB before compression); these helpers are a few KB. The
//! model itself stays in `crates/feed` (the proxy keeps serde), so this
//! module must read what those serde derives read: unknown fields ignored,
//! the deprecated `author` mapped onto `authors`, numeric item ids read as
//! strings, a wrong type an error. `tests/browser.rs` checks it against
//! `Feed::from_json` on every fixture. Every struct below is built with all
//! of its fields named, so a field added to the model does not compile here
//! until it is read (and written) too.

use std::collections::BTreeSet;

use js_sys::{Array, Object, Reflect, JSON};
use newsdesk_feed::{
    Attachment, Author, DeskInfo, Feed, FeedError, FeedInfo, Hub, Item, ItemInfo, Source,
    SourceList,
};
use wasm_bindgen::{JsCast, JsValue};

type Read<T> = Result<T, String>;

/// Parses and validates a JSON Feed (1.0 or 1.1), like `Feed::from_json`.
pub fn feed_from_str(text: &str) -> Result<Feed, FeedError> {
    let feed = parse(text)
        .and_then(|v| Errors::run(&v, feed))
        .map_err(FeedError::Syntax)?;
    feed.validate()?;
    Ok(feed)
}

/// Parses the body of `/api/sources`.
pub fn sources_from_str(text: &str) -> Result<SourceList, String> {
    Errors::run(&parse(text)?, |e, v| {
        e.object(v, "the source list");
        let sources = e.required(v, "sources");
        SourceList {
            sources: if sources.is_undefined() {
                Vec::new()
            } else {
                e.list_of(&sources, "sources", source)
            },
            open_feeds: e.opt_bool(v, "open_feeds").unwrap_or_default(),
        }
    })
}

/// One string field of a JSON object, e.g. `api_base` of `config.json`;
/// `None` for anything else (not JSON, not an object, no such string).
pub fn string_field(text: &str, key: &str) -> Option<String> {
    field(&parse(text).ok()?, key)?.as_string()
}

/// Reads an item written by [`saved_to_string`] (or by serde_json, as
/// earlier versions of the app stored them) and its `saved_at` number.
pub fn saved_from_str(text: &str) -> Result<(Item, f64), String> {
    Errors::run(&parse(text)?, |e, v| {
        e.object(v, "a saved item");
        let saved = e.required(v, "item");
        let item = if saved.is_undefined() {
            Item::default()
        } else {
            item(e, &saved)
        };
        let saved_at = e.required(v, "saved_at").as_f64();
        if saved_at.is_none() {
            e.fail("`saved_at` must be a number".to_string());
        }
        (item, saved_at.unwrap_or_default())
    })
}

/// `{"item": …, "saved_at": …}` as JSON text, the saved-item format.
pub fn saved_to_string(item: &Item, saved_at: f64) -> String {
    let out = Object::new();
    set(&out, "item", &item_to_value(item));
    set(&out, "saved_at", &JsValue::from_f64(saved_at));
    JSON::stringify(&out)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A JSON array of strings (e.g. the muted sources in localStorage) as a
/// set; anything else (not JSON, not an array of strings) is `None`.
pub fn string_set(text: &str) -> Option<BTreeSet<String>> {
    let value = parse(text).ok()?;
    if !Array::is_array(&value) {
        return None;
    }
    value
        .unchecked_ref::<Array>()
        .iter()
        .map(|v| v.as_string())
        .collect()
}

/// A set of strings as a JSON array, sorted (what serde_json wrote).
pub fn string_set_to_string(set: &BTreeSet<String>) -> String {
    let list: Array = set.iter().map(|s| JsValue::from_str(s)).collect();
    JSON::stringify(&list)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// What a thrown JS value says (an `Error`'s message, or the value as text).
pub fn message(error: &JsValue) -> String {
    Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

// ---- reading ---------------------------------------------------------------
//
// Readers record the first wrong field in `Errors` and go on with a default,
// rather than returning early with `?`: early returns from the middle of a
// struct literal make the compiler drop every field read so far at each
// return, which was most of this module's wasm.

fn parse(text: &str) -> Read<JsValue> {
    JSON::parse(text).map_err(|e| message(&e))
}

/// The first problem found while reading a document.
#[derive(Default)]
struct Errors(Option<String>);

impl Errors {
    fn fail(&mut self, problem: String) {
        self.0.get_or_insert(problem);
    }

    fn finish<T>(self, value: T) -> Read<T> {
        match self.0 {
            Some(problem) => Err(problem),
            None => Ok(value),
        }
    }

    /// Reads one document (or part of one) with `read`.
    fn run<T>(v: &JsValue, read: fn(&mut Errors, &JsValue) -> T) -> Read<T> {
        let mut errors = Errors::default();
        let value = read(&mut errors, v);
        errors.finish(value)
    }

    fn object(&mut self, value: &JsValue, what: &str) -> bool {
        let ok = value.is_object() && !Array::is_array(value);
        if !ok {
            self.fail(format!("{what} must be a JSON object"));
        }
        ok
    }

    fn required(&mut self, obj: &JsValue, key: &str) -> JsValue {
        field(obj, key).unwrap_or_else(|| {
            self.fail(format!("missing field `{key}`"));
            JsValue::UNDEFINED
        })
    }

    fn string(&mut self, value: &JsValue, key: &str) -> String {
        value.as_string().unwrap_or_else(|| {
            self.fail(format!("`{key}` must be a string"));
            String::new()
        })
    }

    fn opt_string(&mut self, obj: &JsValue, key: &str) -> Option<String> {
        let value = field(obj, key)?;
        Some(self.string(&value, key))
    }

    fn req_string(&mut self, obj: &JsValue, key: &str) -> String {
        let value = self.required(obj, key);
        if value.is_undefined() {
            return String::new();
        }
        self.string(&value, key)
    }

    fn opt_bool(&mut self, obj: &JsValue, key: &str) -> Option<bool> {
        let value = field(obj, key)?.as_bool();
        if value.is_none() {
            self.fail(format!("`{key}` must be true or false"));
        }
        value
    }

    fn opt_f64(&mut self, obj: &JsValue, key: &str) -> Option<f64> {
        let value = field(obj, key)?.as_f64();
        if value.is_none() {
            self.fail(format!("`{key}` must be a number"));
        }
        value
    }

    /// A whole number from 0 to `max` (JSON numbers are doubles here:
    /// exact up to 2^53, which every count and size in a feed is below).
    /// The message names no number: formatting an `f64` would add ~10 KB.
    fn opt_whole(&mut self, obj: &JsValue, key: &str, max: f64) -> Option<f64> {
        let n = self.opt_f64(obj, key)?;
        if n.fract() != 0.0 || !(0.0..=max).contains(&n) {
            self.fail(format!("`{key}` must be a whole number in range"));
            return None;
        }
        Some(n)
    }

    fn opt_u32(&mut self, obj: &JsValue, key: &str) -> Option<u32> {
        self.opt_whole(obj, key, u32::MAX as f64).map(|n| n as u32)
    }

    fn list_of<T>(
        &mut self,
        value: &JsValue,
        key: &str,
        read: fn(&mut Errors, &JsValue) -> T,
    ) -> Vec<T> {
        if !Array::is_array(value) {
            self.fail(format!("`{key}` must be an array"));
            return Vec::new();
        }
        value
            .unchecked_ref::<Array>()
            .iter()
            .map(|v| read(self, &v))
            .collect()
    }

    fn opt_list<T>(
        &mut self,
        obj: &JsValue,
        key: &str,
        read: fn(&mut Errors, &JsValue) -> T,
    ) -> Option<Vec<T>> {
        let value = field(obj, key)?;
        Some(self.list_of(&value, key, read))
    }

    fn list<T>(
        &mut self,
        obj: &JsValue,
        key: &str,
        read: fn(&mut Errors, &JsValue) -> T,
    ) -> Vec<T> {
        self.opt_list(obj, key, read).unwrap_or_default()
    }

    fn opt_object<T>(
        &mut self,
        obj: &JsValue,
        key: &str,
        read: fn(&mut Errors, &JsValue) -> T,
    ) -> Option<T> {
        let value = field(obj, key)?;
        Some(read(self, &value))
    }
}

/// `key` of `obj`; `None` when absent or `null` (as serde's `default`).
fn field(obj: &JsValue, key: &str) -> Option<JsValue> {
    let value = Reflect::get(obj, &JsValue::from_str(key)).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

fn feed(e: &mut Errors, v: &JsValue) -> Feed {
    if !e.object(v, "a JSON Feed") {
        return Feed::default();
    }
    Feed {
        version: e.opt_string(v, "version").unwrap_or_default(),
        title: e.opt_string(v, "title").unwrap_or_default(),
        home_page_url: e.opt_string(v, "home_page_url"),
        feed_url: e.opt_string(v, "feed_url"),
        description: e.opt_string(v, "description"),
        user_comment: e.opt_string(v, "user_comment"),
        next_url: e.opt_string(v, "next_url"),
        icon: e.opt_string(v, "icon"),
        favicon: e.opt_string(v, "favicon"),
        authors: authors(e, v),
        language: e.opt_string(v, "language"),
        expired: e.opt_bool(v, "expired"),
        hubs: e.list(v, "hubs", hub),
        items: e.list(v, "items", item),
        newsdesk: e.opt_object(v, "_newsdesk", feed_info),
    }
}

fn feed_info(e: &mut Errors, v: &JsValue) -> FeedInfo {
    e.object(v, "`_newsdesk`");
    FeedInfo {
        source: e.opt_string(v, "source"),
        refreshed_at: e.opt_string(v, "refreshed_at"),
        stale: e.opt_bool(v, "stale").unwrap_or_default(),
        page: e.opt_u32(v, "page"),
        total_items: e.opt_u32(v, "total_items"),
    }
}

fn hub(e: &mut Errors, v: &JsValue) -> Hub {
    e.object(v, "a hub");
    Hub {
        kind: e.req_string(v, "type"),
        url: e.req_string(v, "url"),
    }
}

/// `authors`, or the deprecated singular `author` when `authors` is absent
/// or empty (JSON Feed 1.0).
fn authors(e: &mut Errors, v: &JsValue) -> Vec<Author> {
    let list = e.opt_list(v, "authors", author);
    let one = e.opt_object(v, "author", author);
    match (list, one) {
        (Some(list), _) if !list.is_empty() => list,
        (_, Some(one)) => vec![one],
        (list, None) => list.unwrap_or_default(),
    }
}

fn author(e: &mut Errors, v: &JsValue) -> Author {
    e.object(v, "an author");
    Author {
        name: e.opt_string(v, "name"),
        url: e.opt_string(v, "url"),
        avatar: e.opt_string(v, "avatar"),
        newsdesk: e.opt_object(v, "_newsdesk", desk_info),
    }
}

fn desk_info(e: &mut Errors, v: &JsValue) -> DeskInfo {
    e.object(v, "`_newsdesk`");
    DeskInfo {
        id: e.opt_string(v, "id"),
        bio: e.opt_string(v, "bio"),
        email: e.opt_string(v, "email"),
    }
}

/// An item's id: JSON Feed 1.0 publishers sometimes write numbers, which
/// the spec says to read as strings; absent or `null` is "" (`validate`
/// then reports it).
fn item_id(e: &mut Errors, v: &JsValue) -> String {
    let Some(id) = field(v, "id") else {
        return String::new();
    };
    if id.as_f64().is_some() {
        return id
            .unchecked_ref::<js_sys::Number>()
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default();
    }
    id.as_string().unwrap_or_else(|| {
        let found = JSON::stringify(&id)
            .ok()
            .map(String::from)
            .unwrap_or_default();
        e.fail(format!("item id must be a string, found {found}"));
        String::new()
    })
}

fn item(e: &mut Errors, v: &JsValue) -> Item {
    e.object(v, "an item");
    Item {
        id: item_id(e, v),
        url: e.opt_string(v, "url"),
        external_url: e.opt_string(v, "external_url"),
        title: e.opt_string(v, "title"),
        content_html: e.opt_string(v, "content_html"),
        content_text: e.opt_string(v, "content_text"),
        summary: e.opt_string(v, "summary"),
        image: e.opt_string(v, "image"),
        banner_image: e.opt_string(v, "banner_image"),
        date_published: e.opt_string(v, "date_published"),
        date_modified: e.opt_string(v, "date_modified"),
        authors: authors(e, v),
        tags: e.list(v, "tags", |e, t| e.string(t, "tags")),
        language: e.opt_string(v, "language"),
        attachments: e.list(v, "attachments", attachment),
        newsdesk: e.opt_object(v, "_newsdesk", item_info),
    }
}

fn item_info(e: &mut Errors, v: &JsValue) -> ItemInfo {
    e.object(v, "`_newsdesk`");
    ItemInfo {
        reading_minutes: e.opt_u32(v, "reading_minutes"),
        source: e.opt_string(v, "source"),
        image_caption: e.opt_string(v, "image_caption"),
    }
}

fn attachment(e: &mut Errors, v: &JsValue) -> Attachment {
    e.object(v, "an attachment");
    Attachment {
        url: e.req_string(v, "url"),
        mime_type: e.req_string(v, "mime_type"),
        title: e.opt_string(v, "title"),
        size_in_bytes: e
            .opt_whole(v, "size_in_bytes", 9_007_199_254_740_992.0)
            .map(|n| n as u64),
        duration_in_seconds: e.opt_f64(v, "duration_in_seconds"),
    }
}

fn source(e: &mut Errors, v: &JsValue) -> Source {
    e.object(v, "a source");
    let desk = e.required(v, "desk");
    Source {
        id: e.req_string(v, "id"),
        title: e.req_string(v, "title"),
        home_page_url: e.opt_string(v, "home_page_url"),
        description: e.opt_string(v, "description"),
        feed_url: e.req_string(v, "feed_url"),
        desk: if desk.is_undefined() {
            Author::default()
        } else {
            author(e, &desk)
        },
        item_count: e.opt_u32(v, "item_count").unwrap_or_default(),
        refreshed_at: e.opt_string(v, "refreshed_at"),
        stale: e.opt_bool(v, "stale").unwrap_or_default(),
    }
}

// ---- writing (the shape serde_json wrote: absent fields left out) ----------

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn set_str(obj: &Object, key: &str, value: &Option<String>) {
    if let Some(s) = value {
        set(obj, key, &JsValue::from_str(s));
    }
}

fn set_list<T>(obj: &Object, key: &str, list: &[T], write: fn(&T) -> JsValue) {
    if !list.is_empty() {
        set(obj, key, &list.iter().map(write).collect::<Array>());
    }
}

/// An item as a plain JS object (serde's field names and order). The
/// item is taken apart whole, so a field added to the model does not
/// compile here until it is written too.
pub fn item_to_value(item: &Item) -> JsValue {
    let Item {
        id,
        url,
        external_url,
        title,
        content_html,
        content_text,
        summary,
        image,
        banner_image,
        date_published,
        date_modified,
        authors,
        tags,
        language,
        attachments,
        newsdesk,
    } = item;
    let out = Object::new();
    set(&out, "id", &JsValue::from_str(id));
    set_str(&out, "url", url);
    set_str(&out, "external_url", external_url);
    set_str(&out, "title", title);
    set_str(&out, "content_html", content_html);
    set_str(&out, "content_text", content_text);
    set_str(&out, "summary", summary);
    set_str(&out, "image", image);
    set_str(&out, "banner_image", banner_image);
    set_str(&out, "date_published", date_published);
    set_str(&out, "date_modified", date_modified);
    set_list(&out, "authors", authors, author_to_value);
    set_list(&out, "tags", tags, |t| JsValue::from_str(t));
    set_str(&out, "language", language);
    set_list(&out, "attachments", attachments, attachment_to_value);
    if let Some(ItemInfo {
        reading_minutes,
        source,
        image_caption,
    }) = newsdesk
    {
        let n = Object::new();
        if let Some(minutes) = reading_minutes {
            set(&n, "reading_minutes", &JsValue::from(*minutes));
        }
        set_str(&n, "source", source);
        set_str(&n, "image_caption", image_caption);
        set(&out, "_newsdesk", &n);
    }
    out.into()
}

fn author_to_value(author: &Author) -> JsValue {
    let Author {
        name,
        url,
        avatar,
        newsdesk,
    } = author;
    let out = Object::new();
    set_str(&out, "name", name);
    set_str(&out, "url", url);
    set_str(&out, "avatar", avatar);
    if let Some(DeskInfo { id, bio, email }) = newsdesk {
        let n = Object::new();
        set_str(&n, "id", id);
        set_str(&n, "bio", bio);
        set_str(&n, "email", email);
        set(&out, "_newsdesk", &n);
    }
    out.into()
}

fn attachment_to_value(attachment: &Attachment) -> JsValue {
    let Attachment {
        url,
        mime_type,
        title,
        size_in_bytes,
        duration_in_seconds,
    } = attachment;
    let out = Object::new();
    set(&out, "url", &JsValue::from_str(url));
    set(&out, "mime_type", &JsValue::from_str(mime_type));
    set_str(&out, "title", title);
    if let Some(size) = size_in_bytes {
        set(&out, "size_in_bytes", &JsValue::from_f64(*size as f64));
    }
    if let Some(seconds) = duration_in_seconds {
        set(&out, "duration_in_seconds", &JsValue::from_f64(*seconds));
    }
    out.into()
}
