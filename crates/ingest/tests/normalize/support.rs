//! Fixtures and the checks every normalized feed must pass.

use newsdesk_feed::{Feed, Item};
use newsdesk_ingest::ids::is_valid_id;
use newsdesk_ingest::normalize::{normalize, NormalizeOptions};

/// The folder of feed fixtures, shared by every crate's tests.
pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/feeds/");

/// Fixtures that are feeds a reader should be able to read.
pub const READABLE: &[&str] = &[
    "rss2.xml",
    "rss1-rdf.xml",
    "atom.xml",
    "jsonfeed-1.0.json",
    "windows-1251.xml",
    "koi8-u.xml",
    "iso-8859-2.xml",
    "utf16-bom.xml",
    "entities.xml",
    "no-guid.xml",
    "hostile.xml",
    "hostile-atom.xml",
];

/// The Content-Type a fixture is served with: koi8-u.xml declares its
/// charset only there, as some servers do.
pub fn content_type(fixture: &str) -> Option<&'static str> {
    (fixture == "koi8-u.xml").then_some("application/rss+xml; charset=koi8-u")
}

/// The bytes of a fixture.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}{name}"))
        .unwrap_or_else(|e| panic!("cannot read fixture {name}: {e}"))
}

/// A fixture normalized as source `source` with default options.
pub fn normalized(name: &str, source: &str) -> Feed {
    normalize(
        &fixture(name),
        content_type(name),
        &NormalizeOptions::new(source),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The item of `feed` with this exact title.
pub fn item<'f>(feed: &'f Feed, title: &str) -> &'f Item {
    feed.items
        .iter()
        .find(|i| i.title.as_deref() == Some(title))
        .unwrap_or_else(|| {
            let titles: Vec<_> = feed.items.iter().map(|i| i.title.clone()).collect();
            panic!("no item titled {title:?}; titles: {titles:?}")
        })
}

/// Tags the article allowlist lets through.
const ALLOWED_TAGS: &[&str] = &[
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "blockquote",
    "footer",
    "cite",
    "q",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
];

/// Attributes the article allowlist lets through (on some tag).
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "href", "title", "src", "alt", "width", "height", "rel", "colspan", "rowspan", "scope",
];

/// Everything in sanitized `html` that could run code or load a frame, in
/// words; empty when the fragment is safe to give `inner_html`.
///
/// Two layers: the literal needles a reviewer would grep for (element
/// names anywhere; schemes, `style=` and `on…=` inside tags, since text
/// like "vbscript:" in a sentence runs nothing), and a structural pass over
/// every tag (name, attribute names, URL schemes).
pub fn executable_constructs(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for needle in [
        "<script",
        "<iframe",
        "<svg",
        "<math",
        "<object",
        "<embed",
        "<form",
        "<meta",
        "<base",
        "<style",
        "<link",
        "<template",
    ] {
        if lower.contains(needle) {
            found.push(format!("contains {needle:?}"));
        }
    }
    for tag in raw_tags(&lower) {
        for needle in [
            "style=",
            "javascript:",
            "vbscript:",
            "data:",
            "srcdoc",
            "formaction",
            "xlink:href",
        ] {
            if tag.contains(needle) {
                found.push(format!("{needle:?} in <{tag}>"));
            }
        }
        let bytes = tag.as_bytes();
        for (i, _) in tag.match_indices(" on") {
            let name_len = bytes[i + 3..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if name_len > 0 && bytes.get(i + 3 + name_len) == Some(&b'=') {
                found.push(format!("event handler in <{tag}>"));
            }
        }
    }
    for (name, attributes) in tags(html) {
        if !ALLOWED_TAGS.contains(&name.as_str()) {
            found.push(format!("tag <{name}>"));
        }
        for (attribute, value) in attributes {
            if !ALLOWED_ATTRIBUTES.contains(&attribute.as_str()) {
                found.push(format!("attribute {attribute} on <{name}>"));
            }
            if matches!(attribute.as_str(), "href" | "src") && !is_safe_url(&value) {
                found.push(format!("{attribute}={value:?} on <{name}>"));
            }
        }
    }
    found
}

/// The text inside each `<…>` of serialized HTML, quotes respected.
fn raw_tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let mut in_quotes = false;
        let end = after
            .char_indices()
            .find_map(|(i, c)| match c {
                '"' => {
                    in_quotes = !in_quotes;
                    None
                }
                '>' if !in_quotes => Some(i),
                _ => None,
            })
            .unwrap_or(after.len());
        out.push(&after[..end]);
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out
}

/// A URL the app may put in `href`/`src`: web, mail, signed media, or a
/// plain relative path (only [`newsdesk_ingest::sanitize::html`] keeps those).
fn is_safe_url(value: &str) -> bool {
    let scheme_end = value.find([':', '/', '?', '#']);
    match scheme_end {
        Some(end) if value[end..].starts_with(':') => {
            matches!(&value[..end], "http" | "https" | "mailto")
        }
        _ => !value.chars().any(char::is_control),
    }
}

/// The start tags of serialized HTML: (name, [(attribute, decoded value)]).
/// Relies on the serializer's shape: text never holds a raw `<`, values are
/// double-quoted and never hold a raw `"`.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let mut in_quotes = false;
        let Some(end) = after.char_indices().find_map(|(i, c)| match c {
            '"' => {
                in_quotes = !in_quotes;
                None
            }
            '>' if !in_quotes => Some(i),
            _ => None,
        }) else {
            out.push(("<unterminated tag>".to_owned(), Vec::new()));
            break;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with('/') {
            continue;
        }
        let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
        let mut attributes = Vec::new();
        loop {
            attrs = attrs.trim_start();
            if attrs.is_empty() {
                break;
            }
            match attrs.split_once("=\"") {
                Some((key, after)) if !key.contains(' ') => {
                    let (value, after) = after.split_once('"').unwrap_or((after, ""));
                    attributes.push((
                        key.to_owned(),
                        value.replace("&quot;", "\"").replace("&amp;", "&"),
                    ));
                    attrs = after;
                }
                _ => {
                    let (key, after) = attrs.split_once(' ').unwrap_or((attrs, ""));
                    attributes.push((key.to_owned(), String::new()));
                    attrs = after;
                }
            }
        }
        out.push((name.to_owned(), attributes));
    }
    out
}

/// True when plain text still holds something a browser would read as a
/// tag.
pub fn has_markup(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

/// What every normalized feed guarantees a reader, checked field by field.
/// Returns the problems found (empty when the feed is fine).
/// Video and audio, which the normalizer signs like images.
fn is_playable(attachment: &newsdesk_feed::Attachment) -> bool {
    ["video/", "audio/"]
        .iter()
        .any(|kind| attachment.mime_type.starts_with(kind))
}

pub fn reader_problems(feed: &Feed) -> Vec<String> {
    let mut problems = Vec::new();
    if let Err(e) = feed.validate() {
        problems.push(format!("does not validate: {e}"));
    }
    let mut text_fields = vec![("feed title", Some(feed.title.as_str()))];
    text_fields.push(("feed description", feed.description.as_deref()));
    for author in &feed.authors {
        text_fields.push(("desk name", author.name.as_deref()));
    }
    let mut ids = std::collections::HashSet::new();
    for item in &feed.items {
        if !is_valid_id(&item.id) {
            problems.push(format!("id {:?} is not a URL-safe id", item.id));
        }
        if !ids.insert(item.id.as_str()) {
            problems.push(format!("id {:?} appears twice", item.id));
        }
        let info = item.newsdesk.as_ref();
        if info.and_then(|i| i.reading_minutes).is_none_or(|m| m < 1) {
            problems.push(format!("{}: no reading time", item.id));
        }
        if info.and_then(|i| i.source.as_deref()).is_none() {
            problems.push(format!("{}: no source", item.id));
        }
        if item.authors.is_empty() {
            problems.push(format!("{}: no desk", item.id));
        }
        if let Some(html) = &item.content_html {
            for construct in executable_constructs(html) {
                problems.push(format!("{}: content_html {construct}", item.id));
            }
        }
        text_fields.push(("title", item.title.as_deref()));
        text_fields.push(("summary", item.summary.as_deref()));
        text_fields.push(("content_text", item.content_text.as_deref()));
        for tag in &item.tags {
            text_fields.push(("tag", Some(tag.as_str())));
        }
        for author in &item.authors {
            text_fields.push(("author name", author.name.as_deref()));
        }
        let urls = [item.url.as_deref(), item.external_url.as_deref()]
            .into_iter()
            .chain(
                item.attachments
                    .iter()
                    .filter(|a| !is_playable(a))
                    .map(|a| Some(a.url.as_str())),
            );
        for url in urls.flatten() {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                problems.push(format!("{}: link {url:?} is not a web URL", item.id));
            }
        }
        // Video and audio play through the media proxy when it signs.
        for attachment in item.attachments.iter().filter(|a| is_playable(a)) {
            let url = attachment.url.as_str();
            if !(url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("/api/media?url="))
            {
                problems.push(format!("{}: media {url:?} is not a web URL", item.id));
            }
        }
        for image in [item.image.as_deref(), item.banner_image.as_deref()]
            .into_iter()
            .flatten()
        {
            if !(image.starts_with("https://")
                || image.starts_with("http://")
                || image.starts_with("/api/media?url="))
            {
                problems.push(format!("{}: image {image:?} is not a web URL", item.id));
            }
        }
    }
    for (what, text) in text_fields {
        if let Some(text) = text.filter(|t| has_markup(t)) {
            problems.push(format!("{what} {text:?} holds markup"));
        }
    }
    problems
}
