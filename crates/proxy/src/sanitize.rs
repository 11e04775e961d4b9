//! The HTML policy: what markup of a feed may reach the reader's browser.
//!
//! The app renders `content_html` as HTML, so this is the line between a
//! publisher's (or an attacker's) markup and script running in the reader's
//! session. The allowlist is what an article needs (text structure, links,
//! images, quotes, tables) and nothing that can run code, load frames or
//! style the page.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use newsdesk_feed::{Author, Item};

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

/// The policy, built once: building it allocates a dozen sets.
static POLICY: LazyLock<Builder<'static>> = LazyLock::new(|| {
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
        ]))
        // The text of these is code or styling, not prose: drop it whole
        // instead of leaving it as visible text.
        .clean_content_tags(HashSet::from(["script", "style"]))
        .url_schemes(ALLOWED_SCHEMES.iter().copied().collect())
        .url_relative(UrlRelative::PassThrough)
        .link_rel(Some(LINK_REL))
        .strip_comments(true);
    builder
});

/// Cleans an HTML fragment down to the article allowlist.
///
/// ```
/// let clean = newsdesk_proxy::sanitize::html(r#"<p onclick="x()">Hi <a href="javascript:x()">there</a><script>x()</script></p>"#);
/// assert_eq!(clean, r#"<p>Hi <a rel="noopener noreferrer">there</a></p>"#);
/// ```
pub fn html(fragment: &str) -> String {
    POLICY.clean(fragment).to_string()
}

/// Turns a field that must be plain text (a title, a summary) into plain
/// text: markup is dropped, entities are decoded, whitespace is collapsed.
///
/// ```
/// let text = newsdesk_proxy::sanitize::plain_text("<b>Tram&nbsp;line 4</b> &amp; <i>more</i><script>x()</script>");
/// assert_eq!(text, "Tram\u{a0}line 4 & more");
/// ```
pub fn plain_text(fragment: &str) -> String {
    static TEXT_ONLY: LazyLock<Builder<'static>> = LazyLock::new(|| {
        let mut builder = Builder::empty();
        builder
            .generic_attributes(HashSet::new())
            .tag_attributes(HashMap::new())
            .clean_content_tags(HashSet::from(["script", "style"]))
            .link_rel(None);
        builder
    });
    // Parsing with a real HTML parser (not a regex) decodes every entity and
    // drops every tag the way a browser would; ammonia then serializes the
    // remaining text with only these escapes, which we undo. `&amp;` last, so
    // `&amp;lt;` becomes the literal text `&lt;`.
    let escaped = TEXT_ONLY.clean(fragment).to_string();
    let text = escaped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps a URL the app may put in an `href` or `src` (http, https, mailto
/// or relative), drops anything else (`javascript:`, `data:`, `vbscript:`…).
/// The app sets these attributes directly, so they need the same scheme
/// policy as the links inside `content_html`.
///
/// ```
/// use newsdesk_proxy::sanitize::url;
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
}
