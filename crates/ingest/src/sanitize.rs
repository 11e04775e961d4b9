//! The HTML policy: what markup of a feed may reach the reader's browser.
//!
//! The app renders `content_html` as HTML, so this is the line between a
//! publisher's (or an attacker's) markup and script running in the reader's
//! session. The allowlist is what an article needs (text structure, links,
//! images, quotes, tables) and nothing that can run code, load frames or
//! style the page.
//!
//! Two entry points clean markup: [`html`] for the proxy's own feeds (the
//! demo's relative asset URLs pass through), and [`article_html`] for a
//! publisher's feed, which also resolves relative URLs against the
//! publisher's base and sends images through the signed media endpoint
//! ([`UrlPolicy`]). Text fields go through [`text_field`] or [`text_block`].

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use newsdesk_feed::{Author, Item};
use url::Url;

use crate::signer::{MediaSigner, MEDIA_PATH};

/// Tags an article body may use.
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

/// URL schemes a link or image may use; relative URLs pass too (the demo's
/// own assets are relative). `javascript:` and `data:` are never allowed.
const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto"];

/// What every surviving link carries: the opened page gets no handle on the
/// reader's tab and learns nothing of where the reader came from.
pub const LINK_REL: &str = "noopener noreferrer";

/// Elements dropped together with everything inside them: their content is
/// code, styling, a foreign document or form widgets, never prose a reader
/// should see as stray text.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "noscript", "noembed", "noframes", "object", "embed", "applet",
    "template", "svg", "math", "select", "textarea",
];

/// How many times a text field is unescaped at most. Publishers escape
/// titles twice (`&amp;lt;b&amp;gt;`) often, three times rarely; after
/// that whatever still looks like a tag is defused instead.
const MAX_UNESCAPE_ROUNDS: usize = 3;

/// The article allowlist as an ammonia builder, without any URL rewriting.
fn article_policy() -> Builder<'static> {
    let mut builder = Builder::empty();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([
            ("a", HashSet::from(["href", "title"])),
            (
                "img",
                HashSet::from(["src", "alt", "title", "width", "height"]),
            ),
            ("td", HashSet::from(["colspan", "rowspan"])),
            ("th", HashSet::from(["colspan", "rowspan", "scope"])),
        ]))
        // The text of these is code, styling or another document, not
        // prose: drop it whole instead of leaving it as visible text.
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
}

/// The policy, built once: building it allocates a dozen sets.
static POLICY: LazyLock<Builder<'static>> = LazyLock::new(article_policy);

/// Cleans an HTML fragment down to the article allowlist.
///
/// ```
/// let clean = newsdesk_ingest::sanitize::html(r#"<p onclick="x()">Hi <a href="javascript:x()">there</a><script>x()</script></p>"#);
/// assert_eq!(clean, r#"<p>Hi <a rel="noopener noreferrer">there</a></p>"#);
/// ```
pub fn html(fragment: &str) -> String {
    serialized(&POLICY.clean(&prepared(fragment)))
}

/// A cleaned document as a string, serialized once (`Document::to_string`
/// serializes, then copies through the formatter).
fn serialized(document: &ammonia::Document) -> String {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail, and html5ever writes UTF-8; the
    // fallback keeps this total all the same.
    match document.write_to(&mut bytes) {
        Ok(()) => String::from_utf8(bytes).unwrap_or_else(|_| document.to_string()),
        Err(_) => document.to_string(),
    }
}

/// Where the URLs of a publisher's fragment point, and how its images load.
///
/// The default (no base, no signer) drops every relative URL and leaves
/// absolute http(s) images as they are.
#[derive(Debug, Clone, Default)]
pub struct UrlPolicy {
    /// What relative URLs resolve against: the in-scope `xml:base`, else the
    /// item's page, else the feed's. Without one, relative URLs are
    /// dropped: in the app they would point at the proxy itself.
    pub base: Option<Url>,
    /// When set, every http(s) image is rewritten to the signed media
    /// endpoint ([`MediaSigner::media_url`]).
    pub media: Option<MediaSigner>,
}

impl UrlPolicy {
    /// A link target: `value` resolved against the base, kept only when it
    /// is http, https or mailto.
    ///
    /// ```
    /// use newsdesk_ingest::sanitize::UrlPolicy;
    /// let policy = UrlPolicy { base: url::Url::parse("https://riverbank.example/news/").ok(), media: None };
    /// assert_eq!(policy.link("ferry.html").as_deref(), Some("https://riverbank.example/news/ferry.html"));
    /// assert_eq!(policy.link("JavaScript:alert(1)"), None);
    /// assert_eq!(policy.link("java\tscript:alert(1)"), None);
    /// ```
    pub fn link(&self, value: &str) -> Option<String> {
        let url = self.resolve(value)?;
        // `String::from` takes the URL's own string; `to_string` would
        // format and copy it.
        matches!(url.scheme(), "http" | "https" | "mailto").then(|| String::from(url))
    }

    /// An image source: `value` resolved against the base, kept only when
    /// it is http or https, and signed through the media endpoint when the
    /// policy has a signer.
    pub fn image(&self, value: &str) -> Option<String> {
        let url = self.resolve(value)?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        Some(match &self.media {
            Some(signer) => signer.media_url(&url),
            None => String::from(url),
        })
    }

    /// An absolute URL for `value`, or `None` when it is relative with no
    /// base, or not a URL at all. Parsing follows the WHATWG URL standard,
    /// as a browser does: tabs and newlines inside a scheme are ignored
    /// (`java\tscript:`), so the scheme checked is the scheme that would run.
    pub(crate) fn resolve(&self, value: &str) -> Option<Url> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        match Url::parse(value) {
            Ok(url) => Some(url),
            Err(url::ParseError::RelativeUrlWithoutBase) => self.base.as_ref()?.join(value).ok(),
            Err(_) => None,
        }
    }
}

/// Cleans a publisher's HTML fragment down to the article allowlist, like
/// [`html`], and fixes its URLs by `policy`: links and images resolve to
/// absolute URLs (or go), images load through the media endpoint when the
/// policy signs.
///
/// ```
/// use newsdesk_ingest::sanitize::{article_html, UrlPolicy};
/// let policy = UrlPolicy { base: url::Url::parse("https://riverbank.example/news/").ok(), media: None };
/// let clean = article_html(r#"<h1>Ferry</h1><p><a href="/map">map</a><img src="f.jpg" onerror="x()"></p>"#, &policy);
/// assert_eq!(clean, r#"<h2>Ferry</h2><p><a href="https://riverbank.example/map" rel="noopener noreferrer">map</a><img src="https://riverbank.example/news/f.jpg"></p>"#);
/// ```
pub fn article_html(fragment: &str, policy: &UrlPolicy) -> String {
    thread_local! {
        /// The policy of the fragment being cleaned on this thread, read by
        /// the builder's URL filter.
        static CURRENT: RefCell<UrlPolicy> = RefCell::new(UrlPolicy::default());
        /// The allowlist with that filter, built once per thread: building
        /// it allocates a dozen sets, and a feed has many items.
        static ARTICLE: Builder<'static> = {
            let mut builder = article_policy();
            // The filter runs after ammonia's own scheme check, so what
            // reaches it is already http(s), mailto or relative. Images
            // are resolved and re-checked here (and signed: relative
            // `/api/media` URLs). A relative link is left as it is for the
            // relative-URL step below, which resolves it: ammonia parses
            // every URL attribute again after the filter to tell relative
            // from absolute, and an absolute result would be parsed twice.
            // A relative link that looks like a signed media URL is
            // resolved here, so that only images' media URLs reach that
            // step looking like one.
            builder.attribute_filter(|element, attribute, value| match (element, attribute) {
                ("a", "href") if is_relative(value) && !value.starts_with(MEDIA_PATH) => {
                    Some(Cow::Borrowed(value))
                }
                ("a", "href") => CURRENT.with_borrow(|policy| policy.link(value)).map(Cow::Owned),
                ("img", "src") => CURRENT.with_borrow(|policy| policy.image(value)).map(Cow::Owned),
                _ => Some(Cow::Borrowed(value)),
            });
            builder.url_relative(UrlRelative::Custom(Box::new(resolve_relative)));
            builder
        };
    }
    /// The relative URLs left after the filter: signed media URLs as they
    /// are, links resolved by the fragment's policy (or dropped).
    fn resolve_relative(url: &str) -> Option<Cow<'_, str>> {
        if url.starts_with(MEDIA_PATH) {
            return Some(Cow::Borrowed(url));
        }
        CURRENT
            .with_borrow(|policy| policy.link(url))
            .map(Cow::Owned)
    }
    CURRENT.with_borrow_mut(|current| current.clone_from(policy));
    let fragment = windows_1252_controls(fragment);
    let clean = ARTICLE.with(|builder| serialized(&builder.clean(&prepared(&fragment))));
    // Forget the policy: no signer or base outlives its feed.
    CURRENT.with_borrow_mut(|current| *current = UrlPolicy::default());
    clean
}

/// Whether ammonia reads `url` as relative (it asks the URL parser).
fn is_relative(url: &str) -> bool {
    matches!(
        Url::parse(url),
        Err(url::ParseError::RelativeUrlWithoutBase)
    )
}

/// How deep elements may nest in a fragment given to the HTML parser.
/// Articles nest a dozen levels; past a few hundred it is a hostile
/// document, and html5ever's tree builder walks the stack of open elements
/// for each new block (100,000 nested `<div>`s took minutes). Start tags
/// deeper than this are replaced by a space, and as many end tags after
/// them: their text stays.
pub const MAX_HTML_DEPTH: usize = 256;

/// Elements that never hold others (HTML's void elements), and elements a
/// sibling closes (`<p>`, `<li>`, table cells): neither deepens the tree
/// the way [`MAX_HTML_DEPTH`] counts it.
fn nests(name: &[u8]) -> bool {
    // Matched on the lower-cased name (every flat name fits in 8 bytes):
    // this runs for every tag of every body.
    let mut lower = [0_u8; 8];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return true;
    };
    for (l, b) in lower.iter_mut().zip(name) {
        *l = b.to_ascii_lowercase();
    }
    !matches!(
        &*lower,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rtc"
            | b"rp"
    )
}

/// A fragment as the HTML parser should see it, in one pass over its `<`s:
///
/// - heading levels the article may not use are rewritten: `h1` (the page
///   has one, the article's headline) becomes `h2`, and `h5`/`h6` become
///   `h4`, the smallest level the app styles;
/// - elements nested deeper than [`MAX_HTML_DEPTH`] lose their tags.
///
/// Done on the source text before parsing: changing one digit of a tag
/// name, or replacing a whole tag by a space, cannot create markup that the
/// allowlist would then let through (a space after a `<` starts no tag).
fn prepared(fragment: &str) -> Cow<'_, str> {
    let bytes = fragment.as_bytes();
    let mut edits: Vec<(usize, usize, &'static str)> = Vec::new();
    let (mut depth, mut excess) = (0_usize, 0_usize);
    for i in memchr::memchr_iter(b'<', bytes) {
        let end_tag = bytes.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(end_tag);
        let name_len = bytes[name_start.min(bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        if nests(name) {
            let deeper = if end_tag {
                excess > 0
            } else {
                depth >= MAX_HTML_DEPTH
            };
            if deeper {
                let end = tag_end(bytes, name_start + name_len);
                edits.push((i, end, " "));
            }
            match (end_tag, deeper) {
                (false, false) => depth += 1,
                (false, true) => excess += 1,
                (true, true) => excess -= 1,
                (true, false) => depth = depth.saturating_sub(1),
            }
        }
        if let [b'h' | b'H', level] = name {
            match level {
                b'1' => edits.push((name_start + 1, name_start + 2, "2")),
                b'5' | b'6' => edits.push((name_start + 1, name_start + 2, "4")),
                _ => {}
            }
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(fragment);
    }
    let mut out = String::with_capacity(fragment.len());
    let mut at = 0;
    for (start, end, replacement) in edits {
        // A heading digit inside a tag already replaced is gone with it.
        if start < at {
            continue;
        }
        out.push_str(&fragment[at..start]);
        out.push_str(replacement);
        at = end;
    }
    out.push_str(&fragment[at..]);
    Cow::Owned(out)
}

/// Just past the `>` that ends the tag whose name ends at `from` (outside
/// quoted attribute values), or the end of `bytes`.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The `src` of the first image in a fragment that [`html`] or
/// [`article_html`] produced, entities in the attribute decoded.
///
/// Relies on the shape of sanitized output: text never holds a raw `<`
/// (it is written `&lt;`), and attribute values are always double-quoted
/// and never hold a raw `"`.
///
/// ```
/// use newsdesk_ingest::sanitize::first_image_src;
/// let clean = r#"<p><a title="<img src=no>">x</a><img src="https://a.example/1.jpg?a=1&amp;b=2"></p>"#;
/// assert_eq!(first_image_src(clean).as_deref(), Some("https://a.example/1.jpg?a=1&b=2"));
/// ```
pub fn first_image_src(clean: &str) -> Option<String> {
    let bytes = clean.as_bytes();
    let mut at = 0;
    while let Some(open) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        // The end of this tag: its first `>` outside a quoted value.
        let mut end = open + 1;
        loop {
            let next = end + memchr::memchr2(b'"', b'>', &bytes[end..])?;
            if bytes[next] == b'>' {
                end = next;
                break;
            }
            end = next + 1 + memchr::memchr(b'"', &bytes[next + 1..])? + 1;
        }
        if let Some(attrs) = clean[open + 1..end].strip_prefix("img ") {
            if let Some(src) = attribute(attrs, "src") {
                return Some(src);
            }
        }
        at = end + 1;
    }
    None
}

/// The decoded value of `name` among a serialized tag's attributes.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start();
        let (key, after) = rest.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        if key == name {
            return Some(
                value
                    .replace("&quot;", "\"")
                    .replace("&nbsp;", "\u{a0}")
                    .replace("&amp;", "&"),
            );
        }
        rest = after;
    }
}

/// Turns a field that must be plain text (a title, a summary) into plain
/// text: markup is dropped, entities are decoded, whitespace is collapsed.
///
/// ```
/// let text = newsdesk_ingest::sanitize::plain_text("<b>Tram&nbsp;line 4</b> &amp; <i>more</i><script>x()</script>");
/// assert_eq!(text, "Tram\u{a0}line 4 & more");
/// ```
pub fn plain_text(fragment: &str) -> String {
    let text = unescaped_text(fragment);
    if is_collapsed(&text) {
        return text;
    }
    collapse_spaces(&text)
}

/// True when [`collapse_spaces`] would give `text` back unchanged: no
/// leading or trailing space, no two spaces in a row, no other ASCII
/// whitespace.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes
            .iter()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r'))
        && !text.contains("  ")
}

/// The text of a fragment: tags dropped, entities decoded, whitespace as is.
fn unescaped_text(fragment: &str) -> String {
    // Most titles and names are plain: with no tag, entity, NUL or carriage
    // return (which the HTML parser would rewrite), parsing gives the
    // text back unchanged, so skip it.
    if !fragment.contains(['<', '&', '\0', '\r']) {
        return fragment.to_owned();
    }
    simple_text(fragment).unwrap_or_else(|| parsed_text(fragment))
}

/// Tags whose text the HTML parser keeps where it stands: no raw text or
/// RCDATA content (`script`, `style`, `title`, `textarea`…), no content
/// dropped by [`DROPPED_WITH_CONTENT`], no foster parenting (tables), no
/// foreign content (`svg`, `math`), no newline swallowed after the start
/// tag (`pre`, `listing`), no form controls.
const TEXT_KEEPING_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "cite",
    "code",
    "dd",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "main",
    "mark",
    "nav",
    "ol",
    "p",
    "q",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "ul",
    "var",
    "wbr",
];

/// [`unescaped_text`] without the HTML parser, for the simple fragments
/// most feeds put in titles and summaries: tags only from
/// [`TEXT_KEEPING_TAGS`], written plainly (`<em>`, `<a href="…">`, `</em>`,
/// `<br/>`), and only the entities `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`
/// `&nbsp;` and numeric references to ordinary characters. For those the
/// parser's text is exactly the text between the tags with the entities
/// decoded. Anything else (comments, other tags or entities, odd syntax,
/// control characters) gives `None`: the caller parses.
fn simple_text(fragment: &str) -> Option<String> {
    let bytes = fragment.as_bytes();
    let mut text = String::with_capacity(fragment.len());
    let mut at = 0;
    while at < bytes.len() {
        // Copy up to the next `<` or `&`.
        let run = bytes[at..]
            .iter()
            .position(|b| matches!(b, b'<' | b'&'))
            .map_or(bytes.len(), |n| at + n);
        let plain = &fragment[at..run];
        if plain.chars().any(unusual_char) {
            return None;
        }
        text.push_str(plain);
        at = run;
        match bytes.get(at) {
            None => break,
            Some(b'<') => match skip_simple_tag(bytes, at)? {
                Tag::Skipped(next) => at = next,
                Tag::None => {
                    text.push('<');
                    at += 1;
                }
            },
            Some(_) => {
                let (decoded, len) = simple_entity(&fragment[at..])?;
                text.push_str(&decoded);
                at += len;
            }
        }
    }
    Some(text)
}

/// A character the HTML parser rewrites, drops or reports, or that this
/// fast path does not vouch for: controls other than tab, line feed and
/// form feed (so also NUL and carriage return), C1 controls, and a byte
/// order mark.
fn unusual_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\u{c}')) || c == '\u{feff}'
}

/// What a `<` in a simple fragment starts.
enum Tag {
    /// A simple tag, which ends where the text goes on.
    Skipped(usize),
    /// No tag: the `<` is text (`a < b`, `<3`).
    None,
}

/// What the `<` at `at` starts; `None` for anything but a simple tag or
/// plain text.
fn skip_simple_tag(bytes: &[u8], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    let end_tag = bytes.get(i) == Some(&b'/');
    if end_tag {
        i += 1;
    }
    match bytes.get(i) {
        Some(b) if b.is_ascii_alphabetic() => {}
        // `<` before a space, a digit, `=`…, or at the end, is text.
        Some(b) if !end_tag && !matches!(b, b'!' | b'?') => return Some(Tag::None),
        None if !end_tag => return Some(Tag::None),
        // Comments, declarations, processing instructions, `</>`, `</ `.
        _ => return None,
    }
    let name_start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = std::str::from_utf8(&bytes[name_start..i]).ok()?;
    let known = TEXT_KEEPING_TAGS
        .iter()
        .any(|tag| tag.eq_ignore_ascii_case(name));
    if !known {
        return None;
    }
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c');
    if end_tag {
        while bytes.get(i).is_some_and(is_space) {
            i += 1;
        }
        return (bytes.get(i) == Some(&b'>')).then_some(Tag::Skipped(i + 1));
    }
    loop {
        // Between attributes: at least one space, or the end of the tag.
        let spaced = bytes.get(i).is_some_and(is_space);
        while bytes.get(i).is_some_and(is_space) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some(Tag::Skipped(i + 1)),
            b'/' => return (bytes.get(i + 1) == Some(&b'>')).then_some(Tag::Skipped(i + 2)),
            _ if !spaced => return None,
            _ => {}
        }
        // An attribute: a plain name, then maybe `=` and a value.
        let name_start = i;
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        {
            i += 1;
        }
        if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
            return None;
        }
        let before_equals = i;
        while bytes.get(i).is_some_and(is_space) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            i = before_equals;
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(is_space) {
            i += 1;
        }
        match bytes.get(i)? {
            &quote @ (b'"' | b'\'') => {
                let close = bytes[i + 1..].iter().position(|&b| b == quote)?;
                i += close + 2;
            }
            _ => {
                let value_start = i;
                while bytes.get(i).is_some_and(|b| {
                    !is_space(b) && !matches!(b, b'>' | b'"' | b'\'' | b'<' | b'=' | b'`')
                }) {
                    i += 1;
                }
                if i == value_start {
                    return None;
                }
            }
        }
    }
}

/// The characters a simple entity at the start of `text` stands for, and
/// its length; a `&` before a space, `<`, `&` or the end is itself.
fn simple_entity(text: &str) -> Option<(Cow<'static, str>, usize)> {
    const NAMED: &[(&str, char)] = &[
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&nbsp;", '\u{a0}'),
    ];
    match text.as_bytes().get(1) {
        None | Some(b' ' | b'\t' | b'\n' | b'\x0c' | b'<' | b'&') => {
            return Some((Cow::Borrowed("&"), 1))
        }
        _ => {}
    }
    if let Some(&(name, c)) = NAMED.iter().find(|(name, _)| text.starts_with(name)) {
        return Some((c.to_string().into(), name.len()));
    }
    if text.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) {
        // Any other HTML named reference written with its `;`: the parser
        // reads exactly the characters it names (a name without its `;`
        // follows other rules, and goes to the parser).
        let len = text.as_bytes()[1..text.len().min(MAX_ENTITY_NAME + 2)]
            .iter()
            .position(|&b| b == b';')?;
        let name = &text[1..1 + len];
        if !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        // The parser's own table (a name and its `;`), so the answer is
        // the parser's.
        let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(&text[1..len + 2])?;
        let chars: String = [first, second]
            .into_iter()
            .filter(|&c| c != 0)
            .map(char::from_u32)
            .collect::<Option<_>>()?;
        let ordinary = !chars.is_empty()
            && chars
                .chars()
                .all(|c| !unusual_char(c) && !matches!(c, '\t' | '\n' | '\u{c}'));
        return ordinary.then_some((Cow::Owned(chars), len + 2));
    }
    let rest = text.strip_prefix("&#")?;
    let (digits, radix, prefix) = match rest.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (rest, 10, 2),
    };
    let len = digits.find(';')?;
    let number = &digits[..len];
    if number.is_empty() || number.len() > 7 || !number.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(number, radix).ok()?)?;
    // Ordinary characters only: the parser replaces or reports the rest
    // (NUL, controls, C1 codes it maps to windows-1252, noncharacters).
    let ordinary = !unusual_char(c)
        && !matches!(c, '\t' | '\n' | '\u{c}' | '\u{fdd0}'..='\u{fdef}')
        && (u32::from(c) & 0xfffe) != 0xfffe;
    ordinary.then_some((c.to_string().into(), prefix + len + 1))
}

/// The longest HTML named reference, without `&` and `;`
/// (`CounterClockwiseContourIntegral`).
const MAX_ENTITY_NAME: usize = 31;

/// [`unescaped_text`] the long way: through the HTML parser.
fn parsed_text(fragment: &str) -> String {
    static TEXT_ONLY: LazyLock<Builder<'static>> = LazyLock::new(|| {
        let mut builder = Builder::empty();
        builder
            .generic_attributes(HashSet::new())
            .tag_attributes(HashMap::new())
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
            .link_rel(None);
        builder
    });
    // Parsing with a real HTML parser (not a regex) decodes every entity and
    // drops every tag the way a browser would; ammonia then serializes the
    // remaining text with only these escapes, which we undo. `&amp;` last, so
    // `&amp;lt;` becomes the literal text `&lt;`.
    TEXT_ONLY
        .clean(&prepared(fragment))
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn collapse_spaces(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when `text` still holds something a browser would read as the
/// start of a tag, a comment or a declaration.
fn looks_like_markup(text: &str) -> bool {
    text.match_indices('<').any(|(i, _)| {
        text[i + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

/// Repeats `clean` while its output still looks like markup (feeds escape
/// titles twice), then defuses whatever is left by turning `<` into the
/// look-alike `‹`, so a text field can never carry a tag.
fn until_no_markup(fragment: &str, clean: impl Fn(&str) -> String) -> String {
    let mut text = clean(fragment);
    for _ in 1..MAX_UNESCAPE_ROUNDS {
        if !looks_like_markup(&text) {
            return text;
        }
        text = clean(&text);
    }
    if looks_like_markup(&text) {
        text = text.replace('<', "\u{2039}");
    }
    text
}

/// A one-line text field of a publisher's feed (a title, a summary, a
/// name): like [`plain_text`], and markup that was escaped twice is
/// removed too, so the result never holds a tag.
///
/// ```
/// use newsdesk_ingest::sanitize::text_field;
/// assert_eq!(text_field("&lt;b&gt;Ferry&lt;/b&gt; &laquo;back&raquo; &#8217;"), "Ferry «back» ’");
/// assert_eq!(text_field("Rates &lt; 2% &amp; falling"), "Rates < 2% & falling");
/// ```
pub fn text_field(fragment: &str) -> String {
    until_no_markup(&windows_1252_controls(fragment), plain_text)
}

/// `text` with the C1 control characters (U+0080 to U+009F) read as the
/// windows-1252 characters of those byte values, as browsers read `&#146;`
/// in HTML and feedparser in feeds: publishers' old editors wrote `’` as
/// `&#146;`, which XML reads as an invisible control character. The five
/// byte values windows-1252 leaves undefined stay as they are.
///
/// ```
/// use newsdesk_ingest::sanitize::text_field;
/// assert_eq!(text_field("It\u{92}s \u{93}back\u{94} \u{96} \u{85}"), "It\u{2019}s \u{201c}back\u{201d} \u{2013} \u{2026}");
/// ```
fn windows_1252_controls(text: &str) -> Cow<'_, str> {
    // In UTF-8 they are C2 80 to C2 9F; most text has no C2 at all.
    let bytes = text.as_bytes();
    let is_c1 = |w: &[u8]| w[0] == 0xc2 && (0x80..=0x9f).contains(&w[1]);
    if memchr::memchr(0xc2, bytes).is_none() || !bytes.windows(2).any(is_c1) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match u8::try_from(u32::from(c)) {
                Ok(byte @ 0x80..=0x9f) => {
                    let byte = [byte];
                    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                    decoded.chars().next().unwrap_or(c)
                }
                _ => c,
            })
            .collect(),
    )
}

/// A multi-paragraph text field (an item's `content_text`): like
/// [`text_field`], but paragraph breaks (blank lines) survive; other runs
/// of whitespace become one space.
///
/// ```
/// use newsdesk_ingest::sanitize::text_block;
/// assert_eq!(text_block("First  line\n\n\n<b>Second</b>\n line"), "First line\n\nSecond line");
/// ```
pub fn text_block(fragment: &str) -> String {
    until_no_markup(&windows_1252_controls(fragment), |fragment| {
        let text = unescaped_text(fragment)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let mut paragraphs = Vec::new();
        let mut current = String::new();
        for line in text.split('\n') {
            if line.trim().is_empty() {
                if !current.is_empty() {
                    paragraphs.push(std::mem::take(&mut current));
                }
                continue;
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&collapse_spaces(line));
        }
        if !current.is_empty() {
            paragraphs.push(current);
        }
        paragraphs.join("\n\n")
    })
}

/// Keeps a URL the app may put in an `href` or `src` (http, https, mailto
/// or relative), drops anything else (`javascript:`, `data:`, `vbscript:`…).
/// The app sets these attributes directly, so they need the same scheme
/// policy as the links inside `content_html`.
///
/// ```
/// use newsdesk_ingest::sanitize::url;
/// assert_eq!(url("/demo/assets/a.svg").as_deref(), Some("/demo/assets/a.svg"));
/// assert_eq!(url(" JavaScript:alert(1)"), None);
/// ```
pub fn url(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_control) {
        return None;
    }
    // A scheme is whatever comes before the first `:` when no `/`, `?` or
    // `#` comes earlier; without one the URL is relative.
    let scheme_end = value.find([':', '/', '?', '#']);
    match scheme_end {
        Some(end) if value[end..].starts_with(':') => {
            let scheme = value[..end].to_ascii_lowercase();
            ALLOWED_SCHEMES
                .contains(&scheme.as_str())
                .then(|| value.to_owned())
        }
        _ => Some(value.to_owned()),
    }
}

/// Cleans every field of an item the app shows: the body down to the
/// article allowlist, the title and summary to plain text, and every URL to
/// an allowed scheme. `content_text` is plain text by definition and the app
/// renders it as text, so it passes unchanged.
pub fn item(mut item: Item) -> Item {
    item.content_html = item.content_html.as_deref().map(html);
    item.title = item.title.as_deref().map(plain_text);
    item.summary = item.summary.as_deref().map(plain_text);
    item.url = item.url.as_deref().and_then(url);
    item.external_url = item.external_url.as_deref().and_then(url);
    item.image = item.image.as_deref().and_then(url);
    item.banner_image = item.banner_image.as_deref().and_then(url);
    if let Some(info) = item.newsdesk.as_mut() {
        info.image_caption = info
            .image_caption
            .as_deref()
            .map(plain_text)
            .filter(|caption| !caption.is_empty() && item.image.is_some());
    }
    item.authors = item.authors.into_iter().map(author).collect();
    item.attachments = item
        .attachments
        .into_iter()
        .filter_map(|mut attachment| {
            attachment.url = url(&attachment.url)?;
            attachment.title = attachment.title.as_deref().map(plain_text);
            Some(attachment)
        })
        .collect();
    item
}

/// Cleans an author (a desk): plain-text name and bio, allowed URLs only.
pub fn author(mut author: Author) -> Author {
    author.name = author.name.as_deref().map(plain_text);
    author.url = author.url.as_deref().and_then(url);
    author.avatar = author.avatar.as_deref().and_then(url);
    if let Some(info) = author.newsdesk.as_mut() {
        info.bio = info.bio.as_deref().map(plain_text);
        info.email = info.email.as_deref().map(plain_text);
    }
    author
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_skips_the_parser_only_when_the_parser_would_change_nothing() {
        for plain in [
            "Tram line 4 is running again",
            "Rates > 2% \"soon\"",
            "Tabs\tand\nnew lines  and\u{a0}no-break spaces",
            "Київ: ціни на хліб",
            "",
        ] {
            assert_eq!(unescaped_text(plain), parsed_text(plain), "{plain:?}");
        }
        // Anything the parser would rewrite still goes through it.
        assert_eq!(unescaped_text("a\r\nb"), parsed_text("a\r\nb"));
        assert_eq!(unescaped_text("x &amp; <b>y</b>"), "x & y");
    }

    #[test]
    fn plain_text_keeps_collapsed_text_as_it_is() {
        for text in [
            "",
            "One two",
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "line\nbreak",
            "form\u{c}feed",
            "a\u{b}vertical tab",
            "no-break\u{a0} space",
            " ",
        ] {
            assert_eq!(
                is_collapsed(text),
                collapse_spaces(text) == text,
                "{text:?}"
            );
            assert_eq!(
                plain_text(text),
                collapse_spaces(&unescaped_text(text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn simple_text_is_what_the_parser_gives_or_nothing() {
        // Hostile or unusual markup always goes to the parser.
        for fragment in [
            "<script>alert(1)</script>Safe",
            "<SCRIPT>x</SCRIPT>",
            "<style>p{}</style>x",
            "<svg onload=alert(1)>Gone</svg>Kept",
            "<img src=x onerror=alert(1)",
            "<!-- <b> -->x",
            "<table><td>x</td></table>y",
            "<pre>\nx</pre>",
            "<textarea><b>x</b></textarea>",
            "<title>x</title>",
            "<a x=\"1\"y=\"2\">x</a>",
            "AT&T",
            "&copy 2026",
            "&#128;",
            "a\r\nb",
            "\u{feff}<b>x</b>",
            "x</",
        ] {
            assert_eq!(simple_text(fragment), None, "{fragment:?}");
        }
        assert_eq!(
            simple_text("&copy; 2026 &laquo;Quay&raquo; &NotEqualTilde;").as_deref(),
            Some("\u{a9} 2026 \u{ab}Quay\u{bb} \u{2242}\u{338}")
        );
        assert_eq!(
            simple_text("1. Otters along the <em>whole</em> river &amp; &#8217;s <a href=\"/x?a=1&amp;b\" title='a > b'>map</a><br/>"),
            Some("1. Otters along the whole river & \u{2019}s map".to_owned())
        );
        // Random fragments of simple and not-so-simple pieces: whenever
        // the fast path answers, the parser agrees.
        let pieces = [
            "Ferry",
            " ",
            "tram",
            "\n",
            "\t",
            "\u{c}",
            "é",
            "Київ",
            "a < b",
            "x > y",
            "<",
            "<3",
            "< ",
            "=",
            "\"",
            "'",
            "&",
            "& ",
            "&amp;",
            "&lt;b&gt;",
            "&quot;",
            "&apos;",
            "&nbsp;",
            "&#8217;",
            "&#x41;",
            "&#X2019;",
            "&#0;",
            "&#128;",
            "&#x9;",
            "&#xFFFE;",
            "&#55296;",
            "&copy;",
            "&copy",
            "&laquo;",
            "&mdash;",
            "&NotEqualTilde;",
            "&Tab;",
            "&NewLine;",
            "&notin;",
            "&noti;",
            "&amp;amp;",
            "&lt",
            "&CounterClockwiseContourIntegral;",
            "&bogus;",
            "&#",
            "&#;",
            "&amp",
            "\r",
            "\0",
            "\u{feff}",
            "\u{85}",
            "</",
            "</>",
            "<!-- c -->",
            "<?x?>",
            "<!DOCTYPE html>",
            "/>",
            ">",
        ];
        let tags = [
            "a",
            "b",
            "i",
            "em",
            "strong",
            "p",
            "div",
            "span",
            "br",
            "img",
            "h1",
            "h6",
            "li",
            "ul",
            "blockquote",
            "q",
            "code",
            "hr",
            "A",
            "Em",
            "script",
            "style",
            "table",
            "td",
            "tr",
            "pre",
            "textarea",
            "title",
            "svg",
            "math",
            "select",
            "option",
            "noscript",
            "template",
            "iframe",
            "xmp",
            "plaintext",
            "listing",
            "image",
            "html",
            "body",
            "head",
            "form",
            "button",
            "h7",
            "frameset",
        ];
        let attributes = [
            "",
            " href=\"/x\"",
            " title='a > b'",
            " alt=x",
            " data-x",
            " onclick=\"x()\"",
            "  class = \"c\" ",
            " a=\"1\"b=\"2\"",
            " x=",
            " =x",
            "/",
            " /",
            " src=\"&amp;<\"",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).unwrap_or_default()
        };
        let mut answered = 0;
        for _ in 0..40_000 {
            let mut fragment = String::new();
            for _ in 0..1 + next(8) {
                match next(4) {
                    0 => fragment.push_str(&format!(
                        "<{}{}>",
                        tags[next(tags.len())],
                        attributes[next(attributes.len())]
                    )),
                    1 => fragment.push_str(&format!("</{}>", tags[next(tags.len())])),
                    _ => fragment.push_str(pieces[next(pieces.len())]),
                }
            }
            if let Some(fast) = simple_text(&fragment) {
                answered += 1;
                assert_eq!(fast, parsed_text(&fragment), "{fragment:?}");
            }
        }
        assert!(
            answered > 4000,
            "only {answered} fragments took the fast path"
        );
    }

    #[test]
    fn html_keeps_article_markup_and_drops_the_rest() {
        let cases = [
            ("<p>plain</p>", "<p>plain</p>"),
            ("<script>alert(1)</script><p>x</p>", "<p>x</p>"),
            ("<style>p{}</style><p>x</p>", "<p>x</p>"),
            ("<p onmouseover=\"x()\">x</p>", "<p>x</p>"),
            (
                "<p style=\"color:red\" class=\"c\" id=\"i\">x</p>",
                "<p>x</p>",
            ),
            (
                "<a href=\"https://example.org/\" target=\"_blank\">x</a>",
                "<a href=\"https://example.org/\" rel=\"noopener noreferrer\">x</a>",
            ),
            (
                "<a href=\"javascript:alert(1)\">x</a>",
                "<a rel=\"noopener noreferrer\">x</a>",
            ),
            (
                "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
                "<a rel=\"noopener noreferrer\">x</a>",
            ),
            (
                "<img src=\"data:image/png;base64,AA\" alt=\"a\">",
                "<img alt=\"a\">",
            ),
            (
                "<img src=\"/demo/assets/a.svg\" onerror=\"x()\" alt=\"a\">",
                "<img src=\"/demo/assets/a.svg\" alt=\"a\">",
            ),
            ("<iframe src=\"https://evil.example/\"></iframe>", ""),
            ("<form><input name=\"q\"></form>", ""),
            ("<svg><circle onload=\"x()\"/></svg>", ""),
            ("<!-- note --><p>x</p>", "<p>x</p>"),
            (
                "<blockquote><p>quote</p><footer><cite>Ana</cite></footer></blockquote>",
                "<blockquote><p>quote</p><footer><cite>Ana</cite></footer></blockquote>",
            ),
            (
                "<a href=\"mailto:desk@example.org\">mail</a>",
                "<a href=\"mailto:desk@example.org\" rel=\"noopener noreferrer\">mail</a>",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(html(input), want, "input: {input}");
        }
    }

    #[test]
    fn url_allows_web_mail_and_relative_only() {
        let cases = [
            ("https://example.org/a", true),
            ("HTTP://example.org/a", true),
            ("mailto:desk@example.org", true),
            ("/demo/assets/a.svg", true),
            ("demo/assets/a.svg", true),
            ("//cdn.example.org/a.png", true),
            ("/path?next=javascript:x", true),
            ("javascript:alert(1)", false),
            ("  javascript:alert(1)", false),
            ("JAVASCRIPT:alert(1)", false),
            ("java\tscript:alert(1)", false),
            ("java\u{9}script:alert(1)", false),
            ("data:text/html,<script>", false),
            ("vbscript:x", false),
            ("", false),
        ];
        for (input, allowed) in cases {
            assert_eq!(url(input).is_some(), allowed, "input: {input:?}");
        }
    }

    #[test]
    fn plain_text_drops_markup_and_decodes_entities() {
        let cases = [
            ("Plain title", "Plain title"),
            ("<b>Bold</b> title", "Bold title"),
            ("Fish &amp; chips", "Fish & chips"),
            ("a < b and c > d", "a < b and c > d"),
            ("<script>alert(1)</script>Safe", "Safe"),
            ("  spaced\n\tout  ", "spaced out"),
            ("&amp;lt;", "&lt;"),
            ("\"quoted\" & 'single'", "\"quoted\" & 'single'"),
            ("<img src=x onerror=alert(1)>", ""),
        ];
        for (input, want) in cases {
            assert_eq!(plain_text(input), want, "input: {input}");
        }
    }

    #[test]
    fn text_fields_never_keep_markup_even_escaped_twice() {
        let cases = [
            ("Plain", "Plain"),
            ("&lt;b&gt;Bold&lt;/b&gt; move", "Bold move"),
            ("&lt;script&gt;x()&lt;/script&gt;Title", "Title"),
            // Escaped once more than HTML: still entities, harmless text.
            ("&amp;lt;i&amp;gt;x", "&lt;i&gt;x"),
            // Markup nested in ever deeper escapes: unwrapped three
            // times, then what is left is defused.
            (
                "&lt;b&gt;&amp;lt;i&amp;gt;&amp;amp;lt;u&amp;amp;gt;x",
                "\u{2039}u>x",
            ),
            ("Rates &lt; 2%", "Rates < 2%"),
            (
                "Mayor&#8217;s &laquo;plan&raquo;",
                "Mayor\u{2019}s \u{ab}plan\u{bb}",
            ),
            ("<svg onload=x()>Gone</svg>Kept", "Kept"),
        ];
        for (input, want) in cases {
            assert_eq!(text_field(input), want, "input: {input}");
        }
    }

    #[test]
    fn relative_links_resolve_and_only_images_are_signed() {
        let policy = UrlPolicy {
            base: Url::parse("https://pub.example/news/").ok(),
            media: MediaSigner::new("sanitize-test-key-0123456789abcdef").ok(),
        };
        let clean = article_html(
            r#"<a href="a.html">a</a><a href="/api/media?url=x&amp;sig=y">m</a><a href="//cdn.example/c">c</a><img src="i.jpg">"#,
            &policy,
        );
        let signed = policy
            .image("https://pub.example/news/i.jpg")
            .unwrap_or_default();
        let want = format!(
            "<a href=\"https://pub.example/news/a.html\" rel=\"{LINK_REL}\">a</a>\
             <a href=\"https://pub.example/api/media?url=x&amp;sig=y\" rel=\"{LINK_REL}\">m</a>\
             <a href=\"https://cdn.example/c\" rel=\"{LINK_REL}\">c</a><img src=\"{}\">",
            signed.replace('&', "&amp;")
        );
        assert!(signed.starts_with(MEDIA_PATH), "{signed}");
        assert_eq!(clean, want);
        // Without a base, relative links go.
        let none = article_html(r#"<a href="a.html">a</a>"#, &UrlPolicy::default());
        assert_eq!(none, format!("<a rel=\"{LINK_REL}\">a</a>"));
    }

    #[test]
    fn nesting_past_the_bound_loses_its_tags_not_its_text() {
        let nested = |n: usize| format!("{}x{}", "<ul>".repeat(n), "</ul>".repeat(n));
        // Up to the bound (and flat elements at any count) nothing changes.
        let fine = nested(MAX_HTML_DEPTH);
        assert!(matches!(prepared(&fine), Cow::Borrowed(_)));
        let flat = "<p>a".repeat(10 * MAX_HTML_DEPTH) + &"<br>".repeat(1000);
        assert!(matches!(prepared(&flat), Cow::Borrowed(_)));
        // Past it, the deeper tags become spaces.
        let deep = prepared(&nested(MAX_HTML_DEPTH + 10)).into_owned();
        assert_eq!(deep.matches("<ul>").count(), MAX_HTML_DEPTH);
        assert_eq!(deep.matches("</ul>").count(), MAX_HTML_DEPTH);
        assert!(deep.contains(" x "), "{deep}");
        // A replaced tag never joins a `<` to a name.
        let sneaky = format!(
            "{}<<ul>script>alert(1)<</ul>/script>",
            "<ul>".repeat(MAX_HTML_DEPTH)
        );
        assert!(!html(&sneaky).contains("<script"));
    }

    #[test]
    fn headings_are_demoted_to_the_levels_the_app_styles() {
        let cases = [
            ("<h1>A</h1>", "<h2>A</h2>"),
            ("<H1 class=x>A</H1>", "<h2>A</h2>"),
            ("<h5>A</h5><h6>B</h6>", "<h4>A</h4><h4>B</h4>"),
            ("<h2>A</h2><h3>B</h3>", "<h2>A</h2><h3>B</h3>"),
            ("<h1x>A</h1x>", "A"),
        ];
        for (input, want) in cases {
            assert_eq!(html(input), want, "input: {input}");
        }
    }
}
