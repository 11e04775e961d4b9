//! The first paint: the News Feed's first page, or an article, written into
//! the app's index.html as plain HTML, so a reader sees the news as soon as
//! the page arrives instead of after the app (about 200 KB of wasm) has
//! downloaded, compiled and fetched its feed.
//!
//! The proxy puts it in a `<div id="first-paint">` right after `<body>`.
//! The app mounts next to it, hidden by `#first-paint ~ *` in main.css,
//! and removes it in one step once its own page has what it needs
//! (`src/first_paint.rs`): the swap paints in one frame, so nothing the
//! reader is looking at moves (no layout shift). Without JavaScript the
//! first paint is the page: its links are real links, and each article
//! link is answered with that article's first paint.
//!
//! Invariants:
//! - the markup mirrors the app's own components (`SiteHeader`,
//!   `ItemCard`, `Byline`, `DeskList`, `ArticleView`): same elements and
//!   classes, so main.css lays both out alike. The e2e test "the first
//!   paint shows the news before the app starts" compares them;
//! - every text is escaped here, and an article's HTML is the newsroom's
//!   already-sanitized `content_html`, the same the app sets as inner HTML;
//! - nothing in it runs: no script, no handler, so the page's CSP (hashes of
//!   index.html's own inline scripts) does not change.

use std::fmt::Write as _;

use newsdesk_feed::{Author, Item, Source};

use newsdesk_ingest::newsroom::{Kind, Newsroom};

/// The element the app looks for (`src/first_paint.rs`).
pub const ELEMENT_ID: &str = "first-paint";

/// `SaveButton`, holding its place: it works once the app is in.
const SAVE_BUTTON: &str = concat!(
    "<button class=\"save-button\" type=\"button\" disabled>",
    "<span aria-hidden=\"true\">☆</span><span> Save</span></button>",
);

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

/// `page`'s first paint as `(title, html)`: the document title and the
/// `<div id="first-paint">` element, or `None` when there is nothing to
/// show (an unknown article, an empty newsroom).
pub fn render(newsroom: &Newsroom, page: &Page) -> Option<(String, String)> {
    let mut html = String::with_capacity(8 * 1024);
    let title = match page {
        Page::Front => {
            let feed = newsroom.front_page(Kind::All, 1).ok()?;
            if feed.items.is_empty() {
                return None;
            }
            open(&mut html);
            front(&mut html, &feed.items, &newsroom.sources().sources);
            "News Feed — Newsdesk".to_owned()
        }
        Page::Article(id) => {
            let mut feed = newsroom.item(id).ok()?;
            let item = feed.items.pop()?;
            open(&mut html);
            article(&mut html, &item);
            format!("{} — Newsdesk", item.title.as_deref().unwrap_or("Article"))
        }
    };
    close(&mut html);
    Some((title, html))
}

/// `shell` (the built index.html) with `first_paint` after `<body>` and
/// `title` as its `<title>`; `None` if the shell has no `<body>` tag.
pub fn compose(shell: &str, title: &str, first_paint: &str) -> Option<String> {
    let body = shell.find("<body")?;
    let body_end = body + shell[body..].find('>')? + 1;
    let mut page = String::with_capacity(shell.len() + first_paint.len() + title.len());
    let head = &shell[..body];
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

fn open(html: &mut String) {
    let _ = write!(html, "<div id=\"{ELEMENT_ID}\">");
    html.push_str(concat!(
        "<header class=\"site-header\"><div class=\"site-header-inner\">",
        "<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\">N</span>",
        "<span class=\"brand-name\">Newsdesk</span></a>",
        "<nav aria-label=\"Main\"><a href=\"/\">News Feed</a><a href=\"/saved\">Saved</a>",
        "<a href=\"/search\">Search</a><a href=\"/sources\">Sources</a>",
        "<details class=\"display-menu\"><summary>Display</summary></details></nav>",
        "</div></header><main class=\"page\">",
    ));
}

fn close(html: &mut String) {
    html.push_str(concat!(
        "</main><footer class=\"site-footer\"><p>Newsdesk — an offline-first news reader. ",
        "Demo content is fictional.</p></footer></div>",
    ));
}

fn front(html: &mut String, items: &[Item], sources: &[Source]) {
    html.push_str(concat!(
        "<div class=\"feed-layout\"><div class=\"feed-main\"><div class=\"feed-heading\">",
        "<h1 class=\"section-label\">News Feed</h1><label class=\"hide-read\">",
        "<input type=\"checkbox\" disabled> Hide read</label></div>",
        "<div class=\"feed-stream\"><ol class=\"item-list\">",
    ));
    for (index, item) in items.iter().enumerate() {
        html.push_str("<li>");
        card(html, item, index == 0);
        html.push_str("</li>");
    }
    html.push_str("</ol></div></div><aside class=\"feed-aside\">");
    html.push_str(concat!(
        "<section class=\"desk-list\" aria-labelledby=\"desks-heading\">",
        "<h2 id=\"desks-heading\" class=\"section-label\">Our desks</h2><ul>",
    ));
    for source in sources {
        html.push_str("<li class=\"desk-list-item\">");
        if let Some(avatar) = &source.desk.avatar {
            image(html, "avatar avatar-small", avatar, 40, 40);
        }
        html.push_str("<div><a class=\"desk-list-name\" href=\"/desk/");
        escape_into(html, &newsdesk_feed::encode_segment(&source.id));
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

/// `ItemCard`: the lead story with its image, the others without.
fn card(html: &mut String, item: &Item, lead: bool) {
    let href = format!("/article/{}", newsdesk_feed::encode_segment(&item.id));
    html.push_str(if lead {
        "<article class=\"item-card item-card-lead\">"
    } else {
        "<article class=\"item-card\">"
    });
    if let Some(src) = item.image.as_deref().filter(|_| lead) {
        html.push_str("<a class=\"item-image\" tabindex=\"-1\" aria-hidden=\"true\" href=\"");
        escape_into(html, &href);
        html.push_str("\">");
        image(html, "", src, 1200, 675);
        html.push_str("</a>");
    }
    html.push_str("<div class=\"item-text\">");
    if item.video().is_some() {
        html.push_str("<span class=\"badge\">Video</span>");
    }
    html.push_str("<h2 class=\"item-title\"><a href=\"");
    escape_into(html, &href);
    html.push_str("\">");
    let title = item.title.as_deref().or(item.summary.as_deref());
    escape_into(html, title.unwrap_or("Untitled update"));
    html.push_str("</a></h2>");
    byline(html, item);
    if let Some(summary) = &item.summary {
        html.push_str("<p class=\"item-summary\">");
        escape_into(html, summary);
        html.push_str("</p>");
    }
    html.push_str("<div class=\"item-actions\">");
    html.push_str(SAVE_BUTTON);
    html.push_str("</div></div></article>");
}

/// `Byline`, with the date where the app says "3 h ago": only the reader's
/// clock knows that, and a first paint may be revalidated for days.
fn byline(html: &mut String, item: &Item) {
    html.push_str("<div class=\"byline\">");
    desk_link(html, item.desk());
    published(html, item, false);
    let _ = write!(
        html,
        "<span class=\"dot\" aria-hidden=\"true\">·</span><span class=\"read-time\">{} min read</span></div>",
        item.reading_minutes()
    );
}

fn desk_link(html: &mut String, desk: Option<&Author>) {
    if let Some(avatar) = desk.and_then(|d| d.avatar.as_deref()) {
        image(html, "avatar avatar-small", avatar, 28, 28);
    }
    let name = desk.and_then(|d| d.name.as_deref()).unwrap_or("Newsroom");
    match desk.and_then(Author::desk_id) {
        Some(id) => {
            html.push_str("<a class=\"byline-desk\" href=\"/desk/");
            escape_into(html, &newsdesk_feed::encode_segment(id));
            html.push_str("\">");
            escape_into(html, name);
            html.push_str("</a>");
        }
        None => {
            html.push_str("<span class=\"byline-desk\">");
            escape_into(html, name);
            html.push_str("</span>");
        }
    }
}

/// `ArticleView`'s header, lead image (a video's poster stands still) and
/// body.
fn article(html: &mut String, item: &Item) {
    html.push_str(
        "<article class=\"article\"><header class=\"article-header\"><h1 class=\"article-title\">",
    );
    escape_into(html, item.title.as_deref().unwrap_or("Untitled update"));
    html.push_str("</h1>");
    if let Some(summary) = &item.summary {
        html.push_str("<p class=\"standfirst\">");
        escape_into(html, summary);
        html.push_str("</p>");
    }
    if let Some(desk) = item.desk() {
        html.push_str("<p class=\"byline article-byline\">");
        desk_link(html, Some(desk));
        let writers: Vec<&str> = item
            .authors
            .iter()
            .skip(1)
            .filter_map(|a| a.name.as_deref())
            .collect();
        if !writers.is_empty() {
            html.push_str("<span class=\"byline-writers\">by ");
            escape_into(html, &writers.join(", "));
            html.push_str("</span>");
        }
        html.push_str("</p>");
    }
    let _ = write!(
        html,
        "<p class=\"article-meta\"><span class=\"read-time\">{} min read</span>",
        item.reading_minutes()
    );
    published(html, item, true);
    html.push_str("</p><div class=\"article-actions\">");
    html.push_str(SAVE_BUTTON);
    html.push_str("</div></header>");
    if let Some(src) = &item.image {
        html.push_str("<figure class=\"article-figure\">");
        image(html, "article-image", src, 1200, 675);
        if let Some(caption) = item.image_caption().filter(|_| item.video().is_none()) {
            html.push_str("<figcaption class=\"article-caption\">");
            escape_into(html, caption);
            html.push_str("</figcaption>");
        }
        html.push_str("</figure>");
    }
    if let Some(body) = &item.content_html {
        // Sanitized by the newsroom (newsdesk_ingest::sanitize), as the app shows it.
        html.push_str("<div class=\"article-body\">");
        html.push_str(body);
        html.push_str("</div>");
    } else if let Some(text) = &item.content_text {
        html.push_str("<div class=\"article-body\"><p>");
        escape_into(html, text);
        html.push_str("</p></div>");
    }
    html.push_str("</article>");
}

/// "· 27 Nov 2026" (with `exact`: "· 27 Nov 2026, 08:15 UTC", as the app
/// writes an article's date), the `<time>` of when `item` was published.
fn published(html: &mut String, item: &Item, exact: bool) {
    let (Some(unix), Some(iso)) = (item.published_unix(), &item.date_published) else {
        return;
    };
    html.push_str("<span class=\"dot\" aria-hidden=\"true\">·</span><time datetime=\"");
    escape_into(html, iso);
    html.push_str("\">");
    html.push_str(&newsdesk_feed::short_date(unix));
    if exact {
        let seconds = unix.rem_euclid(86_400);
        let _ = write!(
            html,
            ", {:02}:{:02} UTC",
            seconds / 3_600,
            seconds % 3_600 / 60
        );
    }
    html.push_str("</time>");
}

fn image(html: &mut String, class: &str, src: &str, width: u32, height: u32) {
    html.push_str("<img");
    if !class.is_empty() {
        let _ = write!(html, " class=\"{class}\"");
    }
    html.push_str(" src=\"");
    escape_into(html, src);
    let _ = write!(html, "\" alt=\"\" width=\"{width}\" height=\"{height}\">");
}

/// Appends `text` escaped for HTML text and double-quoted attributes.
fn escape_into(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Newsroom {
        newsdesk_ingest::demo::newsroom(1_795_000_000).expect("the demo newsroom builds")
    }

    #[test]
    fn the_front_page_lists_the_first_page_with_the_lead_image() {
        let newsroom = demo();
        let (title, html) = render(&newsroom, &Page::Front).expect("a front page");
        let first = newsroom.front_page(Kind::All, 1).unwrap();
        assert_eq!(title, "News Feed — Newsdesk");
        assert!(html.starts_with("<div id=\"first-paint\">"));
        assert_eq!(
            html.matches("<li><article class=\"item-card").count(),
            first.items.len()
        );
        assert_eq!(html.matches("item-card-lead").count(), 1);
        let lead = &first.items[0];
        assert!(html.contains(&format!("href=\"/article/{}\"", lead.id)));
        if let Some(image) = &lead.image {
            assert!(html.contains(&format!("src=\"{image}\"")));
        }
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(!html.contains("<script"));
        assert!(html.contains("<time datetime=") && !html.contains(" UTC</time>"));
    }

    #[test]
    fn an_article_has_its_title_body_and_escaped_text() {
        let newsroom = demo();
        let id = newsroom.front_page(Kind::All, 1).unwrap().items[0]
            .id
            .clone();
        let item = newsroom.item(&id).unwrap().items.remove(0);
        let (title, html) = render(&newsroom, &Page::Article(id)).expect("an article");
        assert!(title.ends_with(" — Newsdesk"));
        assert!(html.contains("<h1 class=\"article-title\">"));
        let date = newsdesk_feed::short_date(item.published_unix().unwrap());
        assert!(html.contains(&format!(">{date}, ")) && html.contains(" UTC</time>"));
        assert!(html.contains(item.content_html.as_deref().unwrap()));
        assert_eq!(render(&newsroom, &Page::Article("no-such".into())), None);

        let mut out = String::new();
        escape_into(&mut out, "<img src=x onerror=\"a('b')\">&");
        assert_eq!(
            out,
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn compose_puts_the_first_paint_after_body_and_sets_the_title() {
        let shell = "<html><head><title>Newsdesk</title><script>s()</script></head><body class=\"x\"><noscript>n</noscript></body></html>";
        let page = compose(shell, "A <b> — Newsdesk", "<div id=\"first-paint\">p</div>").unwrap();
        assert_eq!(
            page,
            "<html><head><title>A &lt;b&gt; — Newsdesk</title><script>s()</script></head><body class=\"x\"><div id=\"first-paint\">p</div><noscript>n</noscript></body></html>"
        );
        assert_eq!(compose("<html>no body</html>", "t", "p"), None);
    }
}
