//! The first paint: the News Feed's first page, or an article, written into
//! the app's index.html as plain HTML, so a reader sees the news as soon as
//! the page arrives instead of after the app (about 200 KB of wasm) has
//! downloaded, compiled and fetched its feed.
//!
//! The proxy puts it in a `<div id="first-paint">` right after `<body>`.
//! The app mounts next to it, hidden by `#first-paint ~ *` in main.css,
//! and removes it in one step once its own page has what it needs
//! (`src/shell/hand_over.rs`): the swap paints in one frame, so nothing the
//! reader is looking at moves (no layout shift). Without JavaScript the
//! first paint is the page: its links are real links, and each article
//! link is answered with that article's first paint.
//!
//! Invariants:
//! - the story rows and the article are [`newsdesk_page::markup`]'s output,
//!   the functions the app draws its own with; the chrome around them
//!   (masthead, heading, desks, footer) mirrors the app's components with
//!   the same elements, classes and words. The e2e test "the first paint
//!   and the app draw the same DOM" compares the two;
//! - it is written in the reader's language: the one they picked in the app
//!   (its cookie), else the first of their browser's languages that we
//!   have, the rule the app follows with `navigator.languages`;
//! - every text is escaped, and an article's HTML is the newsroom's
//!   already-sanitized `content_html`, the same the app sets as inner HTML;
//! - nothing in it runs: no script, no handler, so the page's CSP (hashes of
//!   index.html's own inline scripts) does not change.

use newsdesk_feed::{Item, Source};
use newsdesk_page::markup::{self, escape_into, Context, RowMarks};
use newsdesk_page::Language;

use newsdesk_ingest::newsroom::{Kind, Newsroom};

/// The element the app looks for (`src/shell/hand_over.rs`).
pub const ELEMENT_ID: &str = "first-paint";

/// The reader's pages that have a first paint.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    /// `/`: the News Feed.
    Front,
    /// `/article/{id}`.
    Article(String),
}

impl Page {
    /// The page a request path asks for, if it has a first paint.
    ///
    /// ```
    /// use newsdesk_proxy::first_paint::Page;
    /// assert_eq!(Page::from_path("/"), Some(Page::Front));
    /// assert_eq!(Page::from_path("/article/a-1"), Some(Page::Article("a-1".into())));
    /// assert_eq!(Page::from_path("/saved"), None);
    /// assert_eq!(Page::from_path("/index.html"), None);
    /// ```
    ///
    /// Which pages have one is the shared route table's word
    /// ([`newsdesk_page::Page::has_first_paint`]), as it is the app's.
    pub fn from_path(path: &str) -> Option<Page> {
        let (page, params) = newsdesk_page::route(path)?;
        if !page.has_first_paint() {
            return None;
        }
        match page {
            newsdesk_page::Page::NewsFeed => Some(Page::Front),
            newsdesk_page::Page::Article => {
                let id = params.first()?.1;
                newsdesk_ingest::ids::is_valid_id(id).then(|| Page::Article(id.to_owned()))
            }
            // A page given a first paint in the table but not drawn here
            // yet: index.html, as for every other page.
            _ => None,
        }
    }
}

/// The language a first paint is written in for a request with these
/// `Cookie` and `Accept-Language` headers: the reader's pick in the app,
/// else their browser's languages.
///
/// ```
/// use newsdesk_page::Language;
/// use newsdesk_proxy::first_paint::language;
/// assert_eq!(language(Some("newsdesk-language=en"), Some("uk")), Language::En);
/// assert_eq!(language(None, Some("uk-UA,uk;q=0.9")), Language::Uk);
/// assert_eq!(language(None, None), Language::En);
/// ```
pub fn language(cookie: Option<&str>, accept_language: Option<&str>) -> Language {
    cookie
        .and_then(Language::from_cookie)
        .unwrap_or_else(|| Language::from_accept_language(accept_language.unwrap_or_default()))
}

/// `page`'s first paint as `(title, html)` in `language` at `now` (Unix
/// seconds, for "3 h ago"): the document title and the
/// `<div id="first-paint">` element, or `None` when there is nothing to
/// show (an unknown article, an empty newsroom).
pub fn render(
    newsroom: &Newsroom,
    page: &Page,
    language: Language,
    now: i64,
) -> Option<(String, String)> {
    let cx = Context {
        language,
        now,
        base: "",
    };
    let words = language.words();
    let mut html = String::with_capacity(16 * 1024);
    let title = match page {
        Page::Front => {
            let feed = newsroom.front_page(Kind::All, 1).ok()?;
            if feed.items.is_empty() {
                return None;
            }
            open(&mut html, language);
            front(&mut html, &feed.items, &newsroom.sources().sources, &cx);
            format!("{} — Newsdesk", words.news_feed)
        }
        Page::Article(id) => {
            let mut feed = newsroom.item(id).ok()?;
            let item = feed.items.pop()?;
            open(&mut html, language);
            // Opening an article is reading it: the app marks it read as it
            // starts, so its "Mark as unread" is already written here.
            let marks = RowMarks {
                read: true,
                ..RowMarks::default()
            };
            markup::article(&mut html, &item, marks, &cx);
            format!(
                "{} — Newsdesk",
                item.title.as_deref().unwrap_or(words.article)
            )
        }
    };
    close(&mut html, language);
    Some((title, html))
}

/// `shell` (the built index.html) with `first_paint` after `<body>`,
/// `title` as its `<title>` and `language` as `<html lang>`; `None` if the
/// shell has no `<body>` tag.
pub fn compose(shell: &str, title: &str, language: Language, first_paint: &str) -> Option<String> {
    let body = shell.find("<body")?;
    let body_end = body + shell[body..].find('>')? + 1;
    let mut page = String::with_capacity(shell.len() + first_paint.len() + title.len());
    let mut head = &shell[..body];
    // `<html lang=…>`, quoted or not (the built page is minified).
    if let Some(tag) = head.find("<html") {
        let tag_end = tag + head[tag..].find('>').unwrap_or(head.len() - tag);
        let value = head[tag..tag_end]
            .find("lang=")
            .map(|at| tag + at + "lang=".len());
        let (start, end) = match value {
            Some(value) => {
                let quote = head[value..]
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\''));
                let start = value + quote.map_or(0, char::len_utf8);
                let end = match quote {
                    Some(q) => head[start..tag_end].find(q).map_or(tag_end, |e| start + e),
                    None => head[start..tag_end]
                        .find(|c: char| c.is_ascii_whitespace() || c == '/')
                        .map_or(tag_end, |e| start + e),
                };
                (start, end)
            }
            None => (tag + "<html".len(), tag + "<html".len()),
        };
        page.push_str(&head[..start]);
        if value.is_none() {
            page.push_str(" lang=");
        }
        page.push_str(language.tag());
        head = &head[end..];
    }
    match (head.find("<title>"), head.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            page.push_str(&head[..start]);
            page.push_str("<title>");
            escape_into(&mut page, title);
            page.push_str(&head[end..]);
        }
        _ => page.push_str(head),
    }
    page.push_str(&shell[body..body_end]);
    page.push_str(first_paint);
    page.push_str(&shell[body_end..]);
    Some(page)
}

/// `SiteHeader`, with the Display menu closed and empty until the app.
fn open(html: &mut String, language: Language) {
    let w = language.words();
    html.push_str("<div id=\"");
    html.push_str(ELEMENT_ID);
    html.push_str(concat!(
        "\"><header class=\"site-header\"><div class=\"site-header-inner\">",
        "<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\">N</span>",
        "<span class=\"brand-name\">Newsdesk</span></a><nav aria-label=\"",
    ));
    escape_into(html, w.main_nav);
    html.push_str("\">");
    for (href, label) in [
        ("/", w.news_feed),
        ("/saved", w.saved),
        ("/search", w.search),
        ("/sources", w.sources),
    ] {
        html.push_str("<a href=\"");
        html.push_str(href);
        html.push_str("\">");
        escape_into(html, label);
        html.push_str("</a>");
    }
    html.push_str("<details class=\"display-menu\"><summary>");
    escape_into(html, w.display);
    html.push_str("</summary></details></nav></div></header><main class=\"page\">");
}

fn close(html: &mut String, language: Language) {
    html.push_str("</main><footer class=\"site-footer\"><p>");
    escape_into(html, language.words().footer);
    html.push_str("</p></footer></div>");
}

/// The News Feed's first page (`FeedPage`): its heading, the stories as the
/// app's rows, and the desks beside them (`DeskList`).
fn front(html: &mut String, items: &[Item], sources: &[Source], cx: &Context) {
    let w = cx.language.words();
    html.push_str(concat!(
        "<div class=\"feed-layout\"><div class=\"feed-main\"><div class=\"feed-heading\">",
        "<h1 class=\"section-label\">",
    ));
    escape_into(html, w.news_feed);
    html.push_str("</h1><label class=\"hide-read\"><input type=\"checkbox\" disabled> ");
    escape_into(html, w.hide_read);
    html.push_str("</label></div><div class=\"feed-stream\"><ol class=\"item-list\">");
    for (index, item) in items.iter().enumerate() {
        html.push_str("<li>");
        let marks = RowMarks {
            lead: index == 0,
            ..RowMarks::default()
        };
        markup::story_row(html, item, &markup::article_href(item), marks, cx);
        html.push_str("</li>");
    }
    html.push_str("</ol></div></div><aside class=\"feed-aside\">");
    html.push_str("<section class=\"desk-list\" aria-labelledby=\"desks-heading\"><h2 id=\"desks-heading\" class=\"section-label\">");
    escape_into(html, w.our_desks);
    html.push_str("</h2><ul>");
    for source in sources {
        html.push_str("<li class=\"desk-list-item\">");
        if let Some(avatar) = &source.desk.avatar {
            html.push_str("<img class=\"avatar avatar-small\" src=\"");
            escape_into(html, avatar);
            html.push_str("\" alt=\"\" width=\"40\" height=\"40\">");
        }
        html.push_str("<div><a class=\"desk-list-name\" href=\"");
        escape_into(html, &markup::desk_href(&source.id));
        html.push_str("\">");
        escape_into(html, source.desk.name.as_deref().unwrap_or(&source.title));
        html.push_str("</a>");
        if let Some(description) = &source.description {
            html.push_str("<p>");
            escape_into(html, description);
            html.push_str("</p>");
        }
        html.push_str("</div></li>");
    }
    html.push_str("</ul></section></aside></div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;

    fn demo() -> Newsroom {
        newsdesk_ingest::demo::newsroom(NOW).expect("the demo newsroom builds")
    }

    #[test]
    fn the_front_page_lists_the_first_page_as_the_apps_rows() {
        let newsroom = demo();
        let (title, html) = render(&newsroom, &Page::Front, Language::En, NOW + 60).unwrap();
        let first = newsroom.front_page(Kind::All, 1).unwrap();
        assert_eq!(title, "News Feed — Newsdesk");
        assert!(html.starts_with("<div id=\"first-paint\">"));
        assert_eq!(
            html.matches("<li><article class=\"item-card").count(),
            first.items.len()
        );
        assert_eq!(html.matches("item-card-lead").count(), 1);
        let lead = &first.items[0];
        let cx = Context {
            language: Language::En,
            now: NOW + 60,
            base: "",
        };
        let mut row = String::new();
        let marks = RowMarks {
            lead: true,
            ..RowMarks::default()
        };
        markup::story_row(&mut row, lead, &markup::article_href(lead), marks, &cx);
        assert!(
            html.contains(&format!("<li>{row}</li>")),
            "the lead is the app's row"
        );
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(!html.contains("<script"));
        assert!(html.contains(" ago</time>") || html.contains(">just now</time>"));
    }

    #[test]
    fn the_first_paint_is_written_in_the_readers_language() {
        let newsroom = demo();
        let (title, html) = render(&newsroom, &Page::Front, Language::Uk, NOW).unwrap();
        assert_eq!(title, "Стрічка новин — Newsdesk");
        for words in [
            "Головне меню",
            "Збережене",
            "Наші редакції",
            "Сховати прочитане",
            "Прочитано",
            "Зберегти",
            "хв читання",
        ] {
            assert!(html.contains(words), "{words}");
        }
        for english in [
            ">News Feed<",
            ">Saved<",
            " Save<",
            "min read",
            ">Our desks<",
        ] {
            assert!(!html.contains(english), "{english}");
        }
        let shell = "<!DOCTYPE html><html lang=\"en\"><head><title>Newsdesk</title></head><body></body></html>";
        let page = compose(shell, &title, Language::Uk, &html).unwrap();
        assert!(page.starts_with(
            "<!DOCTYPE html><html lang=\"uk\"><head><title>Стрічка новин — Newsdesk</title>"
        ));
    }

    #[test]
    fn an_article_is_the_apps_article_with_its_body() {
        let newsroom = demo();
        let id = newsroom.front_page(Kind::All, 1).unwrap().items[0]
            .id
            .clone();
        let item = newsroom.item(&id).unwrap().items.remove(0);
        let (title, html) = render(&newsroom, &Page::Article(id), Language::En, NOW).unwrap();
        assert!(title.ends_with(" — Newsdesk"));
        assert!(html.contains("<h1 class=\"article-title\">"));
        let date = newsdesk_feed::short_date(item.published_unix().unwrap());
        assert!(html.contains(&format!(">{date}, ")) && html.contains(" UTC</time>"));
        assert!(html.contains(item.content_html.as_deref().unwrap()));
        assert!(
            html.contains(">Mark as unread</button>"),
            "opening it is reading it"
        );
        assert_eq!(
            render(
                &newsroom,
                &Page::Article("no-such".into()),
                Language::En,
                NOW
            ),
            None
        );
    }

    #[test]
    fn compose_puts_the_first_paint_after_body_and_sets_the_title() {
        let shell = "<html><head><title>Newsdesk</title><script>s()</script></head><body class=\"x\"><noscript>n</noscript></body></html>";
        let page = compose(
            shell,
            "A <b> — Newsdesk",
            Language::En,
            "<div id=\"first-paint\">p</div>",
        )
        .unwrap();
        assert_eq!(
            page,
            "<html lang=en><head><title>A &lt;b&gt; — Newsdesk</title><script>s()</script></head><body class=\"x\"><div id=\"first-paint\">p</div><noscript>n</noscript></body></html>"
        );
        assert_eq!(
            compose("<html>no body</html>", "t", Language::En, "p"),
            None
        );
        // The language, whichever way the shell writes (or lacks) it.
        for (shell, want) in [
            (
                "<!doctype html><html lang=en><body></body>",
                "<!doctype html><html lang=uk><body>",
            ),
            (
                "<html lang=\"en\" dir=ltr><body>",
                "<html lang=\"uk\" dir=ltr><body>",
            ),
            ("<html lang='en'><body>", "<html lang='uk'><body>"),
            ("<html><body>", "<html lang=uk><body>"),
        ] {
            let page = compose(shell, "t", Language::Uk, "").unwrap();
            assert!(page.starts_with(want), "{shell} → {page}");
        }
    }
}
