//! The markup both sides draw: a story row, its byline and Save button,
//! and an article (header, lead image or video, body, topics), written as
//! HTML from an [`Item`] in one [`Language`].
//!
//! The proxy's first paint is this module's output, and the app draws the
//! same: its row `<template>` is [`story_row`] of a stand-in story, filled
//! in per story through the DOM, and its article is [`article_inner`]. So
//! when the app takes over from the first paint, nothing on screen changes;
//! the e2e test "the first paint and the app draw the same DOM" compares
//! the two for the News Feed and an article, in both languages.
//!
//! Invariants:
//! - every text and attribute taken from the item is escaped here
//!   ([`escape_into`]); an article's body is the newsroom's sanitized
//!   `content_html` (`newsdesk_ingest::sanitize`), written as it is;
//! - nothing in it runs: no script, no inline handler, no `style`;
//! - pure: no I/O, no clock (the caller passes `now`), no framework.

use std::fmt::Write as _;

use newsdesk_feed::{encode_segment, Author, Item, TextFrom, YouTubeVideo};

use crate::language::Language;

/// What every piece of markup is written for.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The interface language.
    pub language: Language,
    /// Now, in Unix seconds (for "3 h ago").
    pub now: i64,
    /// Where the proxy's own paths (`/api/media…`, `/demo/…`) are loaded
    /// from: `""` on the same origin, else the API's origin.
    pub base: &'a str,
}

impl Context<'_> {
    /// `url` as the browser must load it: a proxy path (`/…`, not `//…`)
    /// under [`Context::base`]; any other URL as it is.
    pub fn resolve(&self, url: &str) -> String {
        resolve(self.base, url)
    }
}

/// `url` under `base` when it is a path of the proxy (`/…`, not `//…`).
///
/// ```
/// assert_eq!(newsdesk_page::markup::resolve("https://api.example", "/api/x"), "https://api.example/api/x");
/// assert_eq!(newsdesk_page::markup::resolve("https://api.example", "//cdn/x"), "//cdn/x");
/// assert_eq!(newsdesk_page::markup::resolve("", "/api/x"), "/api/x");
/// ```
pub fn resolve(base: &str, url: &str) -> String {
    if !base.is_empty() && url.starts_with('/') && !url.starts_with("//") {
        format!("{base}{url}")
    } else {
        url.to_owned()
    }
}

/// How a story row is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowMarks {
    /// The lead story: large, with its image.
    pub lead: bool,
    /// The reader opened it.
    pub read: bool,
    /// It is saved on this device.
    pub saved: bool,
}

/// The app's address of `item`'s article: `/article/{id}`, the id
/// percent-encoded as one path segment.
pub fn article_href(item: &Item) -> String {
    format!("/article/{}", encode_segment(&item.id))
}

/// The address of a desk's page.
pub fn desk_href(id: &str) -> String {
    format!("/desk/{}", encode_segment(id))
}

/// The address of a topic's page.
pub fn topic_href(tag: &str) -> String {
    format!("/tag/{}", encode_segment(tag))
}

/// The headline a row shows: the title, else the summary, else
/// "Untitled update".
pub fn headline(item: &Item, language: Language) -> &str {
    item.title
        .as_deref()
        .or(item.summary.as_deref())
        .unwrap_or(language.words().untitled)
}

/// A story row: `<article class="item-card">` with the headline linking
/// to `href`, the byline, the summary and Save; the lead also has its
/// image. The list around it writes the `<li>`.
pub fn story_row(out: &mut String, item: &Item, href: &str, marks: RowMarks, cx: &Context) {
    story_row_marked(out, item, href, marks, cx, &escape_into);
}

/// [`story_row`], with its headline and summary written by `text` (a
/// search result marks the words searched for); `text` must escape what
/// it writes, as [`escape_into`] does.
pub fn story_row_marked(
    out: &mut String,
    item: &Item,
    href: &str,
    marks: RowMarks,
    cx: &Context,
    text: &dyn Fn(&mut String, &str),
) {
    let words = cx.language.words();
    out.push_str("<article class=\"item-card");
    if marks.lead {
        out.push_str(" item-card-lead");
    }
    if marks.read {
        out.push_str(" is-read");
    }
    out.push_str("\" data-item-id=\"");
    escape_into(out, &item.id);
    out.push_str("\">");
    if let Some(src) = item.image.as_deref().filter(|_| marks.lead) {
        out.push_str("<a class=\"item-image\" href=\"");
        escape_into(out, href);
        out.push_str("\" tabindex=\"-1\" aria-hidden=\"true\">");
        image(out, "", &cx.resolve(src), 1200, 675);
        out.push_str("</a>");
    }
    out.push_str("<div class=\"item-text\">");
    if item.is_video() {
        out.push_str("<span class=\"badge\">");
        escape_into(out, words.video);
        out.push_str("</span>");
    }
    out.push_str("<span class=\"read-mark\">");
    escape_into(out, words.read_mark);
    out.push_str("</span><h2 class=\"item-title\"><a href=\"");
    escape_into(out, href);
    out.push_str("\">");
    let headline = headline(item, cx.language);
    text(out, headline);
    out.push_str("</a></h2>");
    byline(out, item, cx);
    if let Some(summary) = &item.summary {
        out.push_str("<p class=\"item-summary\">");
        text(out, summary);
        out.push_str("</p>");
    }
    out.push_str("<div class=\"item-actions\">");
    save_button(out, headline, marks.saved, cx.language);
    out.push_str("</div></div></article>");
}

/// A story's byline: `<div class="byline">` and [`byline_inner`].
pub fn byline(out: &mut String, item: &Item, cx: &Context) {
    out.push_str("<div class=\"byline\">");
    byline_inner(out, item, cx);
    out.push_str("</div>");
}

/// What a byline holds: the desk's avatar and name (a link to its page),
/// how long ago the story was published (the exact time on hover and for
/// screen readers) and "N min read".
pub fn byline_inner(out: &mut String, item: &Item, cx: &Context) {
    desk(out, item.desk(), cx);
    if let (Some(unix), Some(iso)) = (item.published_unix(), &item.date_published) {
        let exact = cx.language.full_date(unix);
        out.push_str(DOT);
        out.push_str("<time datetime=\"");
        escape_into(out, iso);
        out.push_str("\" title=\"");
        escape_into(out, &exact);
        out.push_str("\" aria-label=\"");
        escape_into(out, &exact);
        out.push_str("\">");
        escape_into(out, &cx.language.relative_time(unix, cx.now));
        out.push_str("</time>");
    }
    out.push_str(DOT);
    read_time(out, item, cx.language);
}

/// The separator between a byline's parts.
const DOT: &str = "<span class=\"dot\" aria-hidden=\"true\">·</span>";

fn read_time(out: &mut String, item: &Item, language: Language) {
    out.push_str("<span class=\"read-time\">");
    escape_into(out, &language.min_read(item.reading_minutes()));
    out.push_str("</span>");
}

/// The desk's avatar and name, linking to its page when it has one.
fn desk(out: &mut String, desk: Option<&Author>, cx: &Context) {
    if let Some(avatar) = desk.and_then(|d| d.avatar.as_deref()) {
        image(out, "avatar avatar-small", &cx.resolve(avatar), 28, 28);
    }
    let name = desk
        .and_then(|d| d.name.as_deref())
        .unwrap_or(cx.language.words().newsroom);
    match desk.and_then(Author::desk_id) {
        Some(id) => {
            out.push_str("<a class=\"byline-desk\" href=\"");
            escape_into(out, &desk_href(id));
            out.push_str("\">");
            escape_into(out, name);
            out.push_str("</a>");
        }
        None => {
            out.push_str("<span class=\"byline-desk\">");
            escape_into(out, name);
            out.push_str("</span>");
        }
    }
}

/// Save: "☆ Save" or "★ Saved", pressed when saved, with the story's
/// `headline` for screen readers ("Save: …").
pub fn save_button(out: &mut String, headline: &str, saved: bool, language: Language) {
    let (icon, label, title) = language.save_words(saved);
    out.push_str(if saved {
        "<button class=\"save-button is-saved\" aria-pressed=\"true\" title=\""
    } else {
        "<button class=\"save-button\" aria-pressed=\"false\" title=\""
    });
    escape_into(out, title);
    out.push_str("\"><span aria-hidden=\"true\">");
    out.push_str(icon);
    out.push_str("</span><span> ");
    escape_into(out, label);
    out.push_str("</span><span class=\"visually-hidden\">: ");
    escape_into(out, headline);
    out.push_str("</span></button>");
}

/// A whole article as `<article class="article">`: [`article_inner`] in
/// its element.
pub fn article(out: &mut String, item: &Item, marks: RowMarks, cx: &Context) {
    out.push_str("<article class=\"article\" data-item-id=\"");
    escape_into(out, &item.id);
    out.push_str("\">");
    article_inner(out, item, marks, cx);
    out.push_str("</article>");
}

/// What an article holds: its header (headline, standfirst, desk and
/// writers, reading time and dates, Save, Mark as read and Share), the
/// lead video or image, the body and the topics. The actions carry
/// `data-action` for the app's one click listener.
pub fn article_inner(out: &mut String, item: &Item, marks: RowMarks, cx: &Context) {
    let words = cx.language.words();
    out.push_str("<header class=\"article-header\"><h1 class=\"article-title\">");
    let title = item.title.as_deref().unwrap_or(words.untitled);
    escape_into(out, title);
    out.push_str("</h1>");
    if let Some(summary) = &item.summary {
        out.push_str("<p class=\"standfirst\">");
        escape_into(out, summary);
        out.push_str("</p>");
    }
    if let Some(desk_author) = item.desk() {
        out.push_str("<p class=\"byline article-byline\">");
        desk(out, Some(desk_author), cx);
        let writers: Vec<&str> = item
            .authors
            .iter()
            .skip(1)
            .filter_map(|a| a.name.as_deref())
            .collect();
        if !writers.is_empty() {
            out.push_str("<span class=\"byline-writers\">");
            escape_into(out, words.by);
            out.push(' ');
            escape_into(out, &writers.join(", "));
            out.push_str("</span>");
        }
        out.push_str("</p>");
    }
    out.push_str("<p class=\"article-meta\">");
    read_time(out, item, cx.language);
    let published = item.published_unix();
    if let (Some(unix), Some(iso)) = (published, &item.date_published) {
        out.push_str(DOT);
        out.push_str("<time datetime=\"");
        escape_into(out, iso);
        out.push_str("\">");
        escape_into(out, &cx.language.full_date(unix));
        out.push_str("</time>");
    }
    let modified = item
        .date_modified
        .as_deref()
        .and_then(newsdesk_feed::parse_rfc3339)
        .filter(|m| Some(*m) != published);
    if let Some(unix) = modified {
        out.push_str(DOT);
        out.push_str("<span class=\"updated\">");
        escape_into(out, words.updated);
        out.push(' ');
        escape_into(out, &cx.language.full_date(unix));
        out.push_str("</span>");
    }
    out.push_str("</p><div class=\"article-actions\">");
    save_button(out, title, marks.saved, cx.language);
    out.push_str("<button class=\"link-button\" data-action=\"read\">");
    escape_into(out, read_label(marks.read, cx.language));
    out.push_str("</button><button class=\"link-button\" data-action=\"share\">");
    escape_into(out, words.share);
    out.push_str("</button><span class=\"copied\" role=\"status\"></span></div></header>");

    match (item.youtube(), item.video(), item.image.as_deref()) {
        (Some(youtube), _, _) => youtube_facade(out, item, youtube, cx),
        (None, Some(_), _) => video_player(out, item, "article-video", "metadata", None, cx),
        // The body shows this picture itself (a feed's `media:content` that
        // is also the body's first figure): once is enough.
        (None, None, Some(src)) if shows_image(item.content_html.as_deref(), src) => {}
        (None, None, Some(src)) => {
            out.push_str("<figure class=\"article-figure\">");
            image(out, "article-image", &cx.resolve(src), 1200, 675);
            if let Some(caption) = item.image_caption() {
                out.push_str("<figcaption class=\"article-caption\">");
                escape_into(out, caption);
                out.push_str("</figcaption>");
            }
            out.push_str("</figure>");
        }
        (None, None, None) => {}
    }
    audio_players(out, item, title, cx);

    if let Some(body) = &item.content_html {
        // Sanitized by the newsroom; its media links are proxy paths.
        out.push_str("<div class=\"article-body\">");
        if cx.base.is_empty() {
            out.push_str(body);
        } else {
            out.push_str(&body.replace("src=\"/api/", &format!("src=\"{}/api/", cx.base)));
        }
        out.push_str("</div>");
    } else if let Some(text) = &item.content_text {
        out.push_str("<div class=\"article-body\"><p>");
        escape_into(out, text);
        out.push_str("</p></div>");
    }

    provenance(out, item, cx.language);

    if !item.tags.is_empty() {
        out.push_str("<ul class=\"tags\" aria-label=\"");
        escape_into(out, words.topics);
        out.push_str("\">");
        for tag in &item.tags {
            out.push_str("<li><a class=\"tag\" href=\"");
            escape_into(out, &topic_href(tag));
            out.push_str("\">");
            escape_into(out, tag);
            out.push_str("</a></li>");
        }
        out.push_str("</ul>");
    }
}

/// Where the text came from, for stories whose source may fetch article
/// pages: the publisher's page, or only the feed's summary; either way
/// with a link to the story at the publisher.
fn provenance(out: &mut String, item: &Item, language: Language) {
    let words = language.words();
    let (kind, said) = match item.text_from() {
        Some(TextFrom::Page) => ("page", words.text_from_page),
        Some(TextFrom::Summary) => ("summary", words.text_from_summary),
        _ => return,
    };
    let _ = write!(out, "<p class=\"provenance\" data-text-from=\"{kind}\">");
    escape_into(out, said);
    if let Some(url) = item.url.as_deref() {
        out.push_str(" <a class=\"publisher-link\" href=\"");
        escape_into(out, url);
        out.push_str("\" rel=\"noopener noreferrer\">");
        escape_into(out, words.read_at_publisher);
        out.push_str("</a>");
    }
    out.push_str("</p>");
}

/// Whether sanitized `body` has an `<img>` of `src` (attribute values in
/// sanitized HTML are double-quoted and escaped as [`escape_into`] does).
fn shows_image(body: Option<&str>, src: &str) -> bool {
    let Some(body) = body else {
        return false;
    };
    let mut attribute = String::from("src=\"");
    escape_into(&mut attribute, src);
    attribute.push('"');
    body.contains(&attribute)
}

/// A publisher's video (the item's first `video/*` attachment, through
/// the media proxy) as `<video controls>` with the item's image as its
/// poster; `preload` is `metadata` in an article, `none` on a card, and
/// `label` names the player where no headline is beside it.
pub fn video_player(
    out: &mut String,
    item: &Item,
    class: &str,
    preload: &str,
    label: Option<&str>,
    cx: &Context,
) {
    let Some(video) = item.video() else {
        return;
    };
    out.push_str("<video class=\"");
    escape_into(out, class);
    out.push_str("\" controls=\"\" preload=\"");
    escape_into(out, preload);
    out.push_str("\" playsinline=\"\"");
    if let Some(label) = label {
        out.push_str(" aria-label=\"");
        escape_into(out, label);
        out.push('"');
    }
    if let Some(poster) = item.image.as_deref() {
        out.push_str(" poster=\"");
        escape_into(out, &cx.resolve(poster));
        out.push('"');
    }
    out.push_str("><source src=\"");
    escape_into(out, &cx.resolve(&video.url));
    out.push_str("\" type=\"");
    escape_into(out, &video.mime_type);
    out.push_str("\"></video>");
}

/// Width and height of a video facade's thumbnail: YouTube's `hqdefault`
/// (4:3), which every channel feed's `media:thumbnail` names.
const FACADE_SIZE: (u32, u32) = (480, 360);

/// A YouTube video's click-to-play facade: `<div class="video-embed">`
/// holding a plain link to the video's page, with its thumbnail (through
/// the media proxy) and one "Play video" label. Without JavaScript (the
/// first paint) it is that link; the app turns it into a button that
/// loads `https://www.youtube-nocookie.com/embed/ID` only when tapped
/// (`src/components/video_facade.rs`), so nothing is asked of YouTube
/// before. Writes nothing for an id of the wrong shape.
pub fn youtube_facade(out: &mut String, item: &Item, video: &YouTubeVideo, cx: &Context) {
    let Some(watch) = video.watch_url() else {
        return;
    };
    let words = cx.language.words();
    let title = item.title.as_deref().unwrap_or(words.untitled);
    out.push_str("<div class=\"video-embed\" data-youtube-id=\"");
    escape_into(out, &video.id);
    out.push_str("\" data-title=\"");
    escape_into(out, title);
    out.push_str("\"><a class=\"video-facade\" href=\"");
    escape_into(out, &watch);
    out.push_str("\" aria-label=\"");
    facade_name(out, title, words.play_video);
    out.push_str("\">");
    let thumbnail = item.image.as_deref().map(|src| cx.resolve(src));
    facade_inner(out, thumbnail.as_deref(), words.play_video);
    out.push_str("</a></div>");
}

/// A facade's accessible name, escaped: "Play video: <title>" (it starts
/// with the visible label, so speech users can say what they see).
pub fn facade_name(out: &mut String, title: &str, label: &str) {
    escape_into(out, label);
    out.push_str(": ");
    escape_into(out, title);
}

/// What a facade shows, link or button: the thumbnail (if any) and
/// `label` (the element's accessible name, with the title, is
/// [`facade_name`]'s). The play symbol is the label's CSS `::before`, so
/// it is drawn once and never read.
pub fn facade_inner(out: &mut String, thumbnail: Option<&str>, label: &str) {
    if let Some(src) = thumbnail {
        let (width, height) = FACADE_SIZE;
        image(out, "video-facade-image", src, width, height);
    }
    out.push_str("<span class=\"video-facade-play\">");
    escape_into(out, label);
    out.push_str("</span>");
}

/// A player for each `audio/*` attachment (a podcast's episode), loading
/// nothing until the reader presses play (`preload="none"`).
fn audio_players(out: &mut String, item: &Item, title: &str, cx: &Context) {
    for audio in item.audio() {
        out.push_str("<audio class=\"article-audio\" controls=\"\" preload=\"none\" aria-label=\"");
        escape_into(out, cx.language.words().listen);
        out.push_str(": ");
        escape_into(out, audio.title.as_deref().unwrap_or(title));
        out.push_str("\"><source src=\"");
        escape_into(out, &cx.resolve(&audio.url));
        out.push_str("\" type=\"");
        escape_into(out, &audio.mime_type);
        out.push_str("\"></audio>");
    }
}

/// "Mark as read", or "Mark as unread" for a story already read.
pub fn read_label(read: bool, language: Language) -> &'static str {
    let words = language.words();
    if read {
        words.mark_unread
    } else {
        words.mark_read
    }
}

/// An `<img>` with no text alternative (each is beside its headline or
/// name) and its intrinsic size, so the layout does not move as it loads.
fn image(out: &mut String, class: &str, src: &str, width: u32, height: u32) {
    out.push_str("<img");
    if !class.is_empty() {
        let _ = write!(out, " class=\"{class}\"");
    }
    out.push_str(" src=\"");
    escape_into(out, src);
    let _ = write!(out, "\" alt=\"\" width=\"{width}\" height=\"{height}\">");
}

/// Appends `text` escaped for HTML text and double-quoted attributes.
///
/// ```
/// let mut out = String::new();
/// newsdesk_page::markup::escape_into(&mut out, "<img src=x onerror=\"a('b')\">&");
/// assert_eq!(out, "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;");
/// ```
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_feed::{Attachment, Author};

    fn story() -> Item {
        Item {
            id: "city-1".into(),
            title: Some("Bridge <reopens> & \"more\"".into()),
            summary: Some("The river crossing is open again.".into()),
            content_html: Some("<p>Cars are back.</p><img src=\"/api/media?u=1\">".into()),
            image: Some("/api/media?url=a".into()),
            date_published: Some("2026-11-20T08:15:00Z".into()),
            authors: vec![
                Author {
                    name: Some("City Desk".into()),
                    avatar: Some("/demo/city.svg".into()),
                    newsdesk: Some(newsdesk_feed::DeskInfo {
                        id: Some("city".into()),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                Author {
                    name: Some("Ola Writer".into()),
                    ..Default::default()
                },
            ],
            tags: vec!["Roads & rail".into()],
            ..Default::default()
        }
    }

    fn cx(language: Language) -> Context<'static> {
        Context {
            language,
            now: 1_795_162_500 + 3 * 3_600,
            base: "",
        }
    }

    fn row(item: &Item, marks: RowMarks, language: Language) -> String {
        let mut out = String::new();
        story_row(&mut out, item, &article_href(item), marks, &cx(language));
        out
    }

    #[test]
    fn a_row_has_its_headline_byline_summary_and_save_escaped() {
        let html = row(&story(), RowMarks::default(), Language::En);
        assert!(html.starts_with("<article class=\"item-card\" data-item-id=\"city-1\">"));
        assert!(html.contains(
            "<a href=\"/article/city-1\">Bridge &lt;reopens&gt; &amp; &quot;more&quot;</a>"
        ));
        assert!(html.contains("<a class=\"byline-desk\" href=\"/desk/city\">City Desk</a>"));
        assert!(html.contains(">3 h ago</time>"));
        assert!(html.contains("title=\"20 Nov 2026, 08:15 UTC\""));
        assert!(html.contains("<span class=\"read-time\">1 min read</span>"));
        assert!(html.contains("<span class=\"read-mark\">Read</span>"));
        assert!(html.contains(
            "<span class=\"visually-hidden\">: Bridge &lt;reopens&gt; &amp; &quot;more&quot;</span>"
        ));
        assert!(!html.contains("item-image"), "only the lead has its image");
        assert!(!html.contains("<script") && !html.contains(" on"));
    }

    #[test]
    fn the_lead_is_large_with_its_image_and_marks_show() {
        let marks = RowMarks {
            lead: true,
            read: true,
            saved: true,
        };
        let html = row(&story(), marks, Language::Uk);
        assert!(html.starts_with("<article class=\"item-card item-card-lead is-read\""));
        assert!(
            html.contains("<img src=\"/api/media?url=a\" alt=\"\" width=\"1200\" height=\"675\">")
        );
        assert!(html.contains("class=\"save-button is-saved\" aria-pressed=\"true\""));
        assert!(html.contains("<span> Збережено</span>"));
        assert!(html.contains(">3 год тому</time>"));
        assert!(html.contains("1 хв читання"));
    }

    #[test]
    fn a_marked_row_marks_only_its_headline_and_summary() {
        let mark = |out: &mut String, text: &str| {
            out.push_str("<mark>");
            escape_into(out, text);
            out.push_str("</mark>");
        };
        let mut html = String::new();
        let item = story();
        let cx = cx(Language::En);
        story_row_marked(&mut html, &item, "/a", RowMarks::default(), &cx, &mark);
        assert!(html.contains("<a href=\"/a\"><mark>Bridge &lt;reopens&gt;"));
        assert!(html.contains("<p class=\"item-summary\"><mark>The river"));
        assert_eq!(html.matches("<mark>").count(), 2, "not the byline or Save");
    }

    #[test]
    fn a_row_without_desk_date_or_summary_says_so_plainly() {
        let item = Item {
            id: "x".into(),
            ..Default::default()
        };
        let html = row(&item, RowMarks::default(), Language::En);
        assert!(html.contains("<span class=\"byline-desk\">Newsroom</span>"));
        assert!(html.contains(">Untitled update</a>"));
        assert!(!html.contains("<time") && !html.contains("item-summary"));
        assert_eq!(html.matches("class=\"dot\"").count(), 1);
    }

    #[test]
    fn ids_and_tags_are_one_encoded_path_segment() {
        let mut item = story();
        item.id = "a/b?c".into();
        let html = row(&item, RowMarks::default(), Language::En);
        assert!(html.contains("href=\"/article/a%2Fb%3Fc\""));
        let mut out = String::new();
        article(&mut out, &item, RowMarks::default(), &cx(Language::En));
        assert!(
            out.contains("<a class=\"tag\" href=\"/tag/Roads%20%26%20rail\">Roads &amp; rail</a>")
        );
    }

    #[test]
    fn a_picture_the_body_shows_is_not_shown_again_above_it() {
        let mut item = story();
        let src = "/api/media?url=https%3A%2F%2Fquay.example%2Fa.jpg&sig=abc";
        item.image = Some(src.into());
        item.content_html = Some(format!(
            "<figure><img src=\"{}\"><figcaption>The quay.</figcaption></figure><p>Text.</p>",
            src.replace('&', "&amp;")
        ));
        let mut out = String::new();
        article(&mut out, &item, RowMarks::default(), &cx(Language::En));
        assert_eq!(out.matches("<img src=\"/api/media").count(), 1, "{out}");
        assert!(!out.contains("article-figure"));
        item.content_html = Some("<p>Text.</p>".into());
        let mut out = String::new();
        article(&mut out, &item, RowMarks::default(), &cx(Language::En));
        assert!(out.contains("article-figure"));
    }

    #[test]
    fn an_article_says_where_its_text_came_from_with_a_link_out() {
        let mut item = story();
        item.url = Some("https://quay.example/news/ferry?a=1&b=2".into());
        let cases = [
            (
                Some(TextFrom::Page),
                Language::En,
                Some("Full text from the publisher's page."),
            ),
            (
                Some(TextFrom::Summary),
                Language::En,
                Some("The publisher's feed gives only this summary."),
            ),
            (
                Some(TextFrom::Summary),
                Language::Uk,
                Some("Стрічка видавця дає лише цей короткий виклад."),
            ),
            (Some(TextFrom::Feed), Language::En, None),
            (None, Language::En, None),
        ];
        for (from, language, said) in cases {
            item.newsdesk.get_or_insert_with(Default::default).text_from = from;
            let mut out = String::new();
            article(&mut out, &item, RowMarks::default(), &cx(language));
            match said {
                Some(said) => {
                    let line = out
                        .split("<p class=\"provenance\"")
                        .nth(1)
                        .expect("a provenance line");
                    let line = &line[..line.find("</p>").unwrap()];
                    assert!(line.contains(&escape(said)), "{from:?}: {line}");
                    assert!(line.contains("href=\"https://quay.example/news/ferry?a=1&amp;b=2\" rel=\"noopener noreferrer\">"), "{line}");
                    assert!(line.contains(&escape(language.words().read_at_publisher)));
                }
                None => assert!(!out.contains("provenance"), "{from:?}"),
            }
        }
    }

    fn escape(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[test]
    fn an_article_has_its_header_lead_body_and_topics() {
        let mut out = String::new();
        let marks = RowMarks {
            read: true,
            ..Default::default()
        };
        article(&mut out, &story(), marks, &cx(Language::En));
        assert!(out.starts_with("<article class=\"article\" data-item-id=\"city-1\"><header class=\"article-header\"><h1 class=\"article-title\">Bridge &lt;reopens&gt;"));
        assert!(out.contains("<p class=\"standfirst\">The river crossing is open again.</p>"));
        assert!(out.contains("<span class=\"byline-writers\">by Ola Writer</span>"));
        assert!(
            out.contains("<time datetime=\"2026-11-20T08:15:00Z\">20 Nov 2026, 08:15 UTC</time>")
        );
        assert!(out.contains("data-action=\"read\">Mark as unread</button>"));
        assert!(out.contains("<figure class=\"article-figure\"><img class=\"article-image\""));
        assert!(out.contains(
            "<div class=\"article-body\"><p>Cars are back.</p><img src=\"/api/media?u=1\"></div>"
        ));
        assert!(out.contains("aria-label=\"Topics\""));
        assert!(out.ends_with("</ul></article>"));

        let hosted = Context {
            base: "https://news.example",
            ..cx(Language::Uk)
        };
        let mut out = String::new();
        article_inner(&mut out, &story(), RowMarks::default(), &hosted);
        assert!(out.contains("<img src=\"https://news.example/api/media?u=1\">"));
        assert!(out.contains("src=\"https://news.example/demo/city.svg\""));
        assert!(out.contains("автор: Ola Writer") && out.contains("Позначити прочитаним"));
    }

    #[test]
    fn a_video_story_leads_with_its_player() {
        let mut item = story();
        item.attachments = vec![Attachment {
            url: "/api/media?v=1".into(),
            mime_type: "video/mp4".into(),
            ..Default::default()
        }];
        let mut out = String::new();
        article_inner(&mut out, &item, RowMarks::default(), &cx(Language::En));
        assert!(out.contains("<video class=\"article-video\" controls=\"\" preload=\"metadata\" playsinline=\"\" poster=\"/api/media?url=a\"><source src=\"/api/media?v=1\" type=\"video/mp4\"></video>"));
        assert!(!out.contains("article-figure"));
        assert!(row(&item, RowMarks::default(), Language::En)
            .contains("<span class=\"badge\">Video</span>"));
    }

    fn youtube_story(id: &str) -> Item {
        let mut item = story();
        item.title = Some("Tide <gauge> tour".into());
        item.image = Some("/api/media?url=thumb&sig=s".into());
        item.newsdesk = Some(newsdesk_feed::ItemInfo {
            youtube: Some(YouTubeVideo {
                id: id.into(),
                views: Some(1_234),
                duration_seconds: Some(95),
            }),
            ..Default::default()
        });
        item
    }

    #[test]
    fn a_youtube_story_leads_with_a_facade_that_links_to_the_video() {
        let item = youtube_story("Qw3rTy-12_z");
        for (language, label) in [
            (Language::En, "Play video"),
            (Language::Uk, "Відтворити відео"),
        ] {
            let mut out = String::new();
            article_inner(&mut out, &item, RowMarks::default(), &cx(language));
            let facade = format!(
                "<div class=\"video-embed\" data-youtube-id=\"Qw3rTy-12_z\" data-title=\"Tide &lt;gauge&gt; tour\">\
                 <a class=\"video-facade\" href=\"https://www.youtube.com/watch?v=Qw3rTy-12_z\" aria-label=\"{label}: Tide &lt;gauge&gt; tour\">\
                 <img class=\"video-facade-image\" src=\"/api/media?url=thumb&amp;sig=s\" alt=\"\" width=\"480\" height=\"360\">\
                 <span class=\"video-facade-play\">{label}</span></a></div>"
            );
            assert!(out.contains(&facade), "{out}");
            // Nothing of YouTube's is loaded by the markup itself: the only
            // YouTube address is the link's, and there is no frame.
            assert_eq!(
                out.matches("youtube").count(),
                1 + 1,
                "the id attribute and the link"
            );
            assert!(!out.contains("<iframe") && !out.contains("youtube-nocookie"));
            assert!(!out.contains("article-figure") && !out.contains("<video"));
            assert_eq!(
                out.matches(&format!(">{label}<")).count(),
                1,
                "one play label shown"
            );
            assert!(!out.contains('▶'), "the play symbol is CSS's alone");
        }
        assert!(row(&item, RowMarks::default(), Language::En)
            .contains("<span class=\"badge\">Video</span>"));
    }

    #[test]
    fn a_youtube_id_of_the_wrong_shape_writes_no_facade() {
        for id in ["\"><script>x</script>", "short", "Qw3rTy-12_z/../x"] {
            let item = youtube_story(id);
            assert!(item.youtube().is_none(), "{id}");
            let mut out = String::new();
            article_inner(&mut out, &item, RowMarks::default(), &cx(Language::En));
            assert!(
                !out.contains("video-embed") && !out.contains("<script>"),
                "{id}: {out}"
            );
            assert!(
                out.contains("article-figure"),
                "the thumbnail is the lead image"
            );
        }
    }

    #[test]
    fn a_podcast_episode_gets_an_audio_player_that_loads_nothing_first() {
        let mut item = story();
        item.attachments = vec![
            Attachment {
                url: "/api/media?url=ep1.mp3&sig=a".into(),
                mime_type: "audio/mpeg".into(),
                title: Some("Episode <1>".into()),
                ..Default::default()
            },
            Attachment {
                url: "/api/media?url=notes.pdf&sig=b".into(),
                mime_type: "application/pdf".into(),
                ..Default::default()
            },
        ];
        let mut out = String::new();
        article_inner(&mut out, &item, RowMarks::default(), &cx(Language::Uk));
        assert!(out.contains(
            "<audio class=\"article-audio\" controls=\"\" preload=\"none\" aria-label=\"Слухати: Episode &lt;1&gt;\">\
             <source src=\"/api/media?url=ep1.mp3&amp;sig=a\" type=\"audio/mpeg\"></audio>"
        ), "{out}");
        assert_eq!(out.matches("<audio").count(), 1, "not for the PDF");
        // Between the lead and the body.
        let (player, body) = (
            out.find("<audio").unwrap(),
            out.find("article-body").unwrap(),
        );
        assert!(out.find("article-figure").unwrap() < player && player < body);

        let hosted = Context {
            base: "https://news.example",
            ..cx(Language::En)
        };
        let mut out = String::new();
        article_inner(&mut out, &item, RowMarks::default(), &hosted);
        assert!(out.contains("aria-label=\"Listen: Episode &lt;1&gt;\"><source src=\"https://news.example/api/media?url=ep1.mp3"));
        assert!(
            !row(&item, RowMarks::default(), Language::En).contains("badge"),
            "audio is no video"
        );
    }
}
