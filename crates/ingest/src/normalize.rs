//! Stage two of the feed pipeline: a publisher's feed, in any format and
//! character set, becomes one clean JSON Feed 1.1 page of Newsdesk's model.
//!
//! [`normalize`] parses ([`crate::parser`]), then for every entry: resolves
//! its URLs, cleans its markup ([`crate::sanitize`]), writes its dates as
//! RFC 3339 UTC, gives it a stable id, its desk, its source and its reading
//! time; then keeps the newest [`NormalizeOptions::max_items`], in the
//! publisher's order.
//!
//! Invariants of the result, whatever the input:
//! - it passes [`Feed::validate`];
//! - every item id is `<source>-[<slug>-]<10 hex>`, only `a-z`, `0-9`, `-`,
//!   at most [`crate::ids::MAX_ID_LEN`] long, unique in the feed, and
//!   the same on every fetch of the same entry;
//! - titles, summaries and names hold no markup; `content_html` holds only
//!   the article allowlist; every URL is absolute http(s) (mailto for
//!   links), or a signed `/api/media` URL when a [`MediaSigner`] is given.
//!
//! ```
//! use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
//! let rss = br#"<rss version="2.0"><channel><title>Riverbank Post</title>
//!   <link>https://riverbank.example/</link>
//!   <item><title>Ferry &amp;amp; tram back</title><link>/news/ferry-back</link>
//!   <pubDate>Tue, 03 Mar 2026 07:30:00 +0200</pubDate>
//!   <description>&lt;p&gt;Both lines run again.&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description></item>
//! </channel></rss>"#;
//! let feed = normalize(rss, None, &NormalizeOptions::new("riverbank")).unwrap();
//! let item = &feed.items[0];
//! assert_eq!(item.title.as_deref(), Some("Ferry & tram back"));
//! assert_eq!(item.url.as_deref(), Some("https://riverbank.example/news/ferry-back"));
//! assert_eq!(item.date_published.as_deref(), Some("2026-03-03T05:30:00Z"));
//! assert_eq!(item.content_html.as_deref(), Some("<p>Both lines run again.</p>"));
//! assert!(item.id.starts_with("riverbank-ferry-back-"));
//! feed.validate().unwrap();
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;

use newsdesk_feed::{
    Attachment, Author, DeskInfo, Feed, FeedInfo, Item, ItemInfo, YouTubeVideo, VERSION_1_1,
};
use sha2::{Digest, Sha256};
use url::Url;

use crate::clock::format_rfc3339;
use crate::ids::{is_valid_id, MAX_ID_LEN};
use crate::parser::{self, Body, ParseError, ParsedEntry, ParsedFeed};
use crate::sanitize::{self, UrlPolicy};
use crate::signer::MediaSigner;

/// Items kept per source by default. A busy newsroom publishes 50-100
/// items a day and feeds rarely carry more than a few days; 200 is twenty
/// "Show More" pages, far past what a reader scrolls, and keeps one
/// source's JSON well under a megabyte in memory and in the app's offline
/// store.
pub const MAX_ITEMS_PER_SOURCE: usize = 200;

/// Longest slug in an item id, in characters: enough to recognise the story
/// in a URL, short enough that ids stay readable and fit
/// [`MAX_ID_LEN`] with a source id of [`MAX_SOURCE_ID_LEN`].
pub const MAX_SLUG_CHARS: usize = 48;

/// Hex digits of the SHA-256 kept in an item id: 40 bits. A collision
/// between two of a source's items is about a 1-in-55-million event at
/// [`MAX_ITEMS_PER_SOURCE`] items, and is caught and resolved anyway.
pub const ID_HASH_HEX: usize = 10;

/// Longest source id accepted, so that `source-slug-hash` always fits in
/// [`MAX_ID_LEN`].
pub const MAX_SOURCE_ID_LEN: usize = MAX_ID_LEN - MAX_SLUG_CHARS - ID_HASH_HEX - 2;

/// Longest summary kept, in characters. A summary is the standfirst shown
/// under a headline in a list; a publisher's whole article in that field
/// is cut at a word boundary.
pub const MAX_SUMMARY_CHARS: usize = 500;

/// Most tags kept per item: a few are topics, dozens are SEO keywords that
/// would fill a phone screen.
pub const MAX_TAGS: usize = 12;

/// Most attachments kept per item: a story has a video or a podcast
/// episode, rarely more; a list of hundreds is a broken feed.
pub const MAX_ATTACHMENTS: usize = 8;

/// Longest language tag accepted (RFC 5646 allows 35 characters for any
/// tag a publisher would use).
const MAX_LANGUAGE_TAG: usize = 35;

/// How [`normalize`] treats one source.
///
/// ```
/// let options = newsdesk_ingest::normalize::NormalizeOptions::new("riverbank");
/// assert_eq!(options.max_items, newsdesk_ingest::normalize::MAX_ITEMS_PER_SOURCE);
/// assert!(options.feed_url.is_none() && options.desk.is_none() && options.media.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct NormalizeOptions {
    /// The source id: prefix of every item id, recorded on every item, and
    /// the desk's id. `[a-z0-9-]`, at most [`MAX_SOURCE_ID_LEN`] long.
    pub source_id: String,
    /// Where the feed was fetched from: the base for relative URLs.
    /// Default: none (the feed's own home page link is used).
    pub feed_url: Option<Url>,
    /// The operator's news desk. Each field it sets wins over the feed's
    /// author; what it leaves empty comes from the feed. Default: none.
    pub desk: Option<Author>,
    /// Items kept: the newest this many, in the publisher's order.
    /// Default: [`MAX_ITEMS_PER_SOURCE`].
    pub max_items: usize,
    /// When set, every image is rewritten to a signed `/api/media` URL.
    /// Default: none (images keep their upstream URLs).
    pub media: Option<MediaSigner>,
}

impl NormalizeOptions {
    /// Options for `source_id` with every default.
    pub fn new(source_id: impl Into<String>) -> NormalizeOptions {
        NormalizeOptions {
            source_id: source_id.into(),
            feed_url: None,
            desk: None,
            max_items: MAX_ITEMS_PER_SOURCE,
            media: None,
        }
    }
}

/// Why a document could not be normalized. The message says what is wrong
/// in words an operator can act on; it never includes the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NormalizeError {
    /// The document could not be read as a feed ([`crate::parser`]).
    Parse(ParseError),
    /// The source id cannot prefix item ids.
    BadSourceId(String),
}

impl From<ParseError> for NormalizeError {
    fn from(error: ParseError) -> Self {
        NormalizeError::Parse(error)
    }
}

impl fmt::Display for NormalizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NormalizeError::Parse(error) => error.fmt(f),
            NormalizeError::BadSourceId(id) => write!(
                f,
                "source id {id:?} must be 1 to {MAX_SOURCE_ID_LEN} characters of a-z, 0-9 and -"
            ),
        }
    }
}

impl std::error::Error for NormalizeError {}

/// Turns a publisher's feed (RSS, Atom or JSON Feed, any supported
/// character set) into a clean JSON Feed 1.1 page. See the module
/// documentation for what the result guarantees.
///
/// `content_type` is the HTTP Content-Type header, when there is one: its
/// `charset` decides the encoding unless the document starts with a BOM.
pub fn normalize(
    input: &[u8],
    content_type: Option<&str>,
    options: &NormalizeOptions,
) -> Result<Feed, NormalizeError> {
    let source = options.source_id.as_str();
    if !is_valid_id(source) || source.len() > MAX_SOURCE_ID_LEN {
        return Err(NormalizeError::BadSourceId(source.to_owned()));
    }
    let parsed = parser::parse(input, content_type, options.feed_url.as_ref())?;
    Ok(Normalizer::new(&parsed, options).feed(parsed))
}

/// What `newsdesk-proxy normalize FILE` prints: the normalized feed as
/// pretty JSON, through exactly the path [`normalize`] takes.
///
/// `content_type_hint` stands in for the HTTP header (e.g.
/// `text/xml; charset=koi8-u` for a file whose encoding is not declared).
///
/// ```
/// let json = newsdesk_ingest::normalize::normalize_for_cli(
///     br#"{"version":"https://jsonfeed.org/version/1","title":"T","items":[{"id":"1","content_text":"Hi"}]}"#,
///     None,
///     "cli",
/// ).unwrap();
/// assert!(json.contains("\"version\": \"https://jsonfeed.org/version/1.1\""));
/// ```
pub fn normalize_for_cli(
    bytes: &[u8],
    content_type_hint: Option<&str>,
    source_id: &str,
) -> Result<String, NormalizeError> {
    let feed = normalize(bytes, content_type_hint, &NormalizeOptions::new(source_id))?;
    // A `Feed` holds only strings, numbers and vectors: serializing cannot
    // fail; the compact form is a fallback that keeps this total.
    Ok(serde_json::to_string_pretty(&feed).unwrap_or_else(|_| feed.to_json()))
}

/// The ids given so far in a feed, each with the link, title and date of
/// its entry (to tell a repeated entry from a reused id).
type Ids = HashMap<String, String>;

/// The per-feed context every item is normalized in.
struct Normalizer<'o> {
    options: &'o NormalizeOptions,
    /// Base for the feed's own URLs (and items without a better one).
    feed_base: Option<Url>,
    /// The feed's page on the publisher's site.
    home_page: Option<Url>,
    /// The desk every item is credited to.
    desk: Author,
}

impl<'o> Normalizer<'o> {
    fn new(parsed: &ParsedFeed, options: &'o NormalizeOptions) -> Normalizer<'o> {
        let feed_base = options.feed_url.clone().or_else(|| parsed.base.clone());
        let policy = UrlPolicy {
            base: feed_base.clone(),
            media: options.media.clone(),
        };
        let home_page = parsed
            .home_page_url
            .as_deref()
            .and_then(|u| web_url(&policy, u))
            .and_then(|u| Url::parse(&u).ok());
        let desk = desk(parsed, options, &policy, home_page.as_ref());
        Normalizer {
            options,
            feed_base,
            home_page,
            desk,
        }
    }

    fn feed(&self, parsed: ParsedFeed) -> Feed {
        let source = self.options.source_id.as_str();
        let policy = self.policy(None);
        let mut ids = HashMap::new();
        let mut items: Vec<Item> = parsed
            .entries
            .into_iter()
            .filter_map(|entry| self.item(entry, &mut ids))
            .collect();
        keep_newest(&mut items, self.options.max_items);

        let title = parsed
            .title
            .as_deref()
            .map(sanitize::text_field)
            .filter(|t| !t.is_empty())
            .or_else(|| self.desk.name.clone())
            .unwrap_or_else(|| source.to_owned());
        Feed {
            version: VERSION_1_1.to_owned(),
            title,
            home_page_url: self.home_page.as_ref().map(|u| u.as_str().to_owned()),
            feed_url: self
                .options
                .feed_url
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .or_else(|| parsed.feed_url.as_deref().and_then(|u| web_url(&policy, u))),
            description: parsed
                .description
                .as_deref()
                .map(sanitize::text_field)
                .filter(|d| !d.is_empty()),
            icon: parsed.icon.as_deref().and_then(|u| policy.image(u)),
            favicon: parsed.favicon.as_deref().and_then(|u| policy.image(u)),
            authors: vec![self.desk.clone()],
            language: parsed.language.as_deref().and_then(language_tag),
            items,
            newsdesk: Some(FeedInfo {
                source: Some(source.to_owned()),
                ..FeedInfo::default()
            }),
            ..Feed::default()
        }
    }

    /// The URL policy for an entry: its own base when it has one.
    fn policy(&self, base: Option<Url>) -> UrlPolicy {
        UrlPolicy {
            base: base.or_else(|| self.feed_base.clone()),
            media: self.options.media.clone(),
        }
    }

    /// One entry as an item, or `None` when it has nothing to show (no
    /// title and no content) or repeats an entry already seen.
    fn item(&self, entry: ParsedEntry, ids: &mut Ids) -> Option<Item> {
        // Links and enclosures resolve against the entry's xml:base, else
        // the feed's base; the body against the xml:base, else the entry's
        // own page (the HTML was written for that page), else the feed's.
        let links = self.policy(entry.base.clone());
        let page = entry.url.as_deref().and_then(|u| web_page(&links, u));
        let url = page.as_ref().map(|u| u.as_str().to_owned());
        let body_base = entry
            .base
            .clone()
            .or(page)
            .or_else(|| self.feed_base.clone())
            .or_else(|| self.home_page.clone());
        let body = self.policy(body_base);

        let title = entry
            .title
            .as_deref()
            .map(sanitize::text_field)
            .filter(|t| !t.is_empty());
        let mut content_html = entry
            .content_html
            .as_deref()
            .map(|html| trimmed(sanitize::article_html(html, &body)))
            .filter(|html| has_substance(html));
        let mut content_text = entry
            .content_text
            .as_deref()
            .map(sanitize::text_block)
            .filter(|t| !t.is_empty());
        let summary_text = |s: &str| Some(sanitize::text_field(s)).filter(|s| !s.is_empty());
        let mut summary = None;
        if content_html.is_none() && content_text.is_none() {
            // No body: RSS puts the whole story in `description` when it
            // has no `content:encoded`, so an HTML summary becomes the body
            // (and is then no separate summary); a plain one becomes text.
            // Its plain text is made only when it is that text: a summary
            // that became the body is not cleaned a second time.
            match &entry.summary {
                Some(Body::Html(html)) => {
                    let clean = trimmed(sanitize::article_html(html, &body));
                    if clean.contains('<') && has_substance(&clean) {
                        content_html = Some(clean);
                    } else {
                        content_text = summary_text(html);
                    }
                }
                Some(Body::Text(text)) => content_text = summary_text(text),
                None => {}
            }
            if content_html.is_none() && content_text.is_none() {
                // Only a headline: the headline is the body.
                content_text = title.clone();
            }
        } else if let Some(Body::Html(s) | Body::Text(s)) = &entry.summary {
            summary = summary_text(s);
        }
        if content_html.is_none() && content_text.is_none() {
            return None;
        }
        let summary = summary.map(|s| truncate_words(&s, MAX_SUMMARY_CHARS));

        let mut attachments = Vec::new();
        let mut enclosed_images = Vec::new();
        for attachment in entry.attachments {
            let Some(upstream) = web_url(&links, &attachment.url) else {
                continue;
            };
            let mime_type = mime_type(&attachment.mime_type, &upstream);
            if mime_type.starts_with("image/") {
                enclosed_images.push(upstream.clone());
            }
            attachments.push(Attachment {
                mime_type,
                title: attachment
                    .title
                    .as_deref()
                    .map(sanitize::text_field)
                    .filter(|t| !t.is_empty()),
                size_in_bytes: attachment.size_in_bytes,
                duration_in_seconds: attachment
                    .duration_in_seconds
                    .filter(|d| d.is_finite() && *d >= 0.0),
                url: upstream,
            });
        }
        let mut candidates = entry.images.iter().chain(&enclosed_images);
        let first = candidates.next().and_then(|c| web_url(&links, c));
        // A caption belongs to the publisher's first image only.
        let caption_fits = first.is_some() && !entry.images.is_empty();
        let chosen = first.or_else(|| candidates.find_map(|candidate| web_url(&links, candidate)));
        // The image shown as the item's image is not listed again.
        attachments.retain(|a| Some(&a.url) != chosen.as_ref());
        dedupe_by(&mut attachments, |a| a.url.clone());
        // A YouTube entry's `media:content` is the old Flash player: the
        // facade plays it instead (its length is kept below).
        let youtube = entry.youtube.filter(|v| YouTubeVideo::is_valid_id(&v.id));
        if youtube.is_some() {
            attachments.retain(|a| a.mime_type != "application/x-shockwave-flash");
        }
        attachments.truncate(MAX_ATTACHMENTS);
        // Video and audio play through the media proxy, like images: the
        // page's CSP allows media from this origin only, and the reader's
        // browser never meets the publisher.
        for attachment in &mut attachments {
            if is_playable(&attachment.mime_type) {
                if let Some(signed) = links.image(&attachment.url) {
                    attachment.url = signed;
                }
            }
        }
        let image = match chosen {
            Some(upstream) => links.image(&upstream),
            None => content_html.as_deref().and_then(sanitize::first_image_src),
        };

        let published = entry.published.or(entry.modified);
        let modified = entry.modified.filter(|m| Some(*m) != published);
        // Formatted once: the id and the item both use it.
        let date_published = published.map(format_rfc3339);

        let id = self.unique_id(
            &entry.guid,
            url.as_deref(),
            title.as_deref(),
            date_published.as_deref(),
            ids,
        )?;

        let mut authors = vec![self.desk.clone()];
        for author in entry.authors {
            if let Some(author) = clean_author(author, &links) {
                if author.name != self.desk.name && !authors.contains(&author) {
                    authors.push(author);
                }
            }
        }

        let mut tags: Vec<String> = entry
            .tags
            .iter()
            .map(|t| sanitize::text_field(t))
            .filter(|t| !t.is_empty())
            .collect();
        dedupe_by(&mut tags, |t| t.to_lowercase());
        tags.truncate(MAX_TAGS);

        // A channel entry with no page of its own still has the video's.
        let url = url.or_else(|| youtube.as_ref().and_then(YouTubeVideo::watch_url));
        let mut item = Item {
            id,
            url,
            external_url: entry
                .external_url
                .as_deref()
                .and_then(|u| web_url(&links, u)),
            title,
            content_html,
            content_text,
            summary,
            image,
            banner_image: entry.banner_image.as_deref().and_then(|u| links.image(u)),
            date_published,
            date_modified: modified.map(format_rfc3339),
            authors,
            tags,
            language: entry.language.as_deref().and_then(language_tag),
            attachments,
            newsdesk: None,
        };
        item.newsdesk = Some(ItemInfo {
            reading_minutes: Some(item.reading_minutes()),
            source: Some(self.options.source_id.clone()),
            image_caption: entry
                .image_caption
                .filter(|_| caption_fits)
                .map(|c| truncate_words(&sanitize::text_field(&c), MAX_SUMMARY_CHARS))
                .filter(|c| !c.is_empty()),
            text_from: None,
            youtube,
        });
        Some(item)
    }

    /// A stable id no other item of this feed has; `None` for an entry
    /// that repeats one already seen (same id, link, title and date).
    /// `date` is the publication date as the item carries it (RFC 3339).
    fn unique_id(
        &self,
        guid: &Option<String>,
        url: Option<&str>,
        title: Option<&str>,
        date: Option<&str>,
        ids: &mut Ids,
    ) -> Option<String> {
        let date = date.unwrap_or_default();
        // What identifies the entry, most stable first. The title is a last
        // resort: headlines get corrected, which would make a new item.
        let key = match (guid, url) {
            (Some(guid), _) => format!("guid\n{guid}"),
            (None, Some(url)) => format!("link\n{url}"),
            (None, None) => format!("title\n{}\n{date}", title.unwrap_or_default()),
        };
        let slug = match (guid, url) {
            (None, None) => slugify(title.unwrap_or_default(), MAX_SLUG_CHARS),
            _ => url
                .or(guid.as_deref().filter(|g| Url::parse(g).is_ok()))
                .map(url_slug)
                .unwrap_or_default(),
        };
        // What tells two entries with the same key apart.
        let details = format!(
            "{}\n{}\n{date}",
            url.unwrap_or_default(),
            title.unwrap_or_default()
        );
        let first = item_id(&self.options.source_id, &slug, &key);
        match ids.get(&first) {
            None => {
                ids.insert(first.clone(), details);
                return Some(first);
            }
            // The same entry twice in one document: keep the first.
            Some(seen) if *seen == details => return None,
            Some(_) => {}
        }
        // The publisher reused an id (or a link) for a different entry:
        // tell them apart by everything else we know.
        let second = item_id(&self.options.source_id, &slug, &format!("{key}\n{details}"));
        if ids.contains_key(&second) {
            return None;
        }
        ids.insert(second.clone(), details);
        Some(second)
    }
}

/// The desk every item is credited to: the operator's desk field by field,
/// else the feed's author, else one named after the feed.
fn desk(
    parsed: &ParsedFeed,
    options: &NormalizeOptions,
    policy: &UrlPolicy,
    home_page: Option<&Url>,
) -> Author {
    let from_feed = parsed
        .authors
        .first()
        .cloned()
        .and_then(|a| clean_author(a, policy));
    let operator = options.desk.clone().and_then(|a| clean_author(a, policy));
    let pick = |field: fn(&Author) -> Option<String>| {
        operator
            .as_ref()
            .and_then(field)
            .or_else(|| from_feed.as_ref().and_then(field))
    };
    let feed_title = parsed
        .title
        .as_deref()
        .map(sanitize::text_field)
        .filter(|t| !t.is_empty());
    Author {
        name: pick(|a| a.name.clone())
            .or(feed_title)
            .or_else(|| Some(options.source_id.clone())),
        url: pick(|a| a.url.clone()).or_else(|| home_page.map(|u| u.as_str().to_owned())),
        avatar: pick(|a| a.avatar.clone()),
        newsdesk: Some(DeskInfo {
            id: Some(options.source_id.clone()),
            bio: pick(|a| a.bio().map(str::to_owned)),
            email: pick(|a| a.email().map(str::to_owned)),
        }),
    }
}

/// An author with plain-text name and bio, web URLs and a (signed) avatar;
/// `None` when nothing is left to show.
fn clean_author(author: Author, policy: &UrlPolicy) -> Option<Author> {
    let text = |v: Option<&str>| v.map(sanitize::text_field).filter(|t| !t.is_empty());
    let info = author.newsdesk.as_ref();
    let bio = text(info.and_then(|i| i.bio.as_deref()));
    let email = text(info.and_then(|i| i.email.as_deref()))
        .filter(|e| e.contains('@') && !e.contains(char::is_whitespace));
    let cleaned = Author {
        name: text(author.name.as_deref()),
        url: author.url.as_deref().and_then(|u| web_url(policy, u)),
        avatar: author.avatar.as_deref().and_then(|u| policy.image(u)),
        newsdesk: (bio.is_some() || email.is_some()).then_some(DeskInfo {
            id: None,
            bio,
            email,
        }),
    };
    (cleaned.name.is_some() || cleaned.newsdesk.is_some()).then_some(cleaned)
}

/// [`web_url`], parsed.
fn web_page(policy: &UrlPolicy, value: &str) -> Option<Url> {
    policy
        .resolve(value)
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// `value` as an absolute http(s) URL by `policy`'s base; `mailto:` and
/// everything else are not pages.
fn web_url(policy: &UrlPolicy, value: &str) -> Option<String> {
    policy
        .link(value)
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
}

/// `text` without leading and trailing whitespace, in place.
fn trimmed(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let lead = text.len() - text.trim_start().len();
    text.drain(..lead);
    text
}

/// True when cleaned HTML shows something: text or an image.
fn has_substance(html: &str) -> bool {
    html.contains("<img") || has_text(html)
}

/// True when an HTML fragment has a character outside its tags that is not
/// whitespace: `!strip_tags(html).trim().is_empty()`, stopping at the first.
fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| match c {
        '<' => {
            in_tag = true;
            false
        }
        '>' if in_tag => {
            in_tag = false;
            false
        }
        c => !in_tag && !c.is_whitespace(),
    })
}

/// True for the media types a browser plays in `<video>` or `<audio>`:
/// those attachments are rewritten to signed media links.
fn is_playable(mime_type: &str) -> bool {
    mime_type.starts_with("video/") || mime_type.starts_with("audio/")
}

/// The attachment's media type: as given when it is one (lowercased), else
/// guessed from the URL's extension, else `application/octet-stream`.
fn mime_type(given: &str, url: &str) -> String {
    let given = given
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let looks_valid = given.split_once('/').is_some_and(|(t, s)| {
        !t.is_empty()
            && !s.is_empty()
            && given
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/+-.".contains(&b))
    });
    if looks_valid {
        return given;
    }
    let path = Url::parse(url)
        .map(|u| u.path().to_ascii_lowercase())
        .unwrap_or_default();
    let extension = path.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    match extension {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "ogv" => "video/ogg",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" | "oga" | "opus" => "audio/ogg",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
    .to_owned()
}

/// An RFC 5646-shaped language tag (`uk`, `en-GB`), or `None`.
fn language_tag(value: &str) -> Option<String> {
    let tag = value.trim().replace('_', "-");
    let ok = (1..=MAX_LANGUAGE_TAG).contains(&tag.len())
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(tag)
}

/// Keeps the `max` newest items (undated ones count as the oldest; of two
/// with the same date, the one the publisher lists first), in the order the
/// publisher lists them. That order is the publisher's choice (a pinned
/// story, a serial in reading order) and what every feed reader shows
/// first; the newsroom and the app sort by date for the reader anyway. A
/// sort here would also put undated items in the order of their ids'
/// hashes.
fn keep_newest(items: &mut Vec<Item>, max: usize) {
    if items.len() <= max {
        return;
    }
    let mut by_date: Vec<(std::cmp::Reverse<Option<i64>>, usize)> = items
        .iter()
        .enumerate()
        .map(|(at, item)| (std::cmp::Reverse(item.published_unix()), at))
        .collect();
    by_date.sort_unstable();
    let mut kept = vec![false; items.len()];
    for &(_, at) in by_date.iter().take(max) {
        kept[at] = true;
    }
    let mut at = 0;
    items.retain(|_| {
        at += 1;
        kept[at - 1]
    });
}

/// Keeps the first of each group of elements with the same key.
fn dedupe_by<T, K: std::hash::Hash + Eq>(list: &mut Vec<T>, key: impl Fn(&T) -> K) {
    let mut seen = HashSet::new();
    list.retain(|x| seen.insert(key(x)));
}

/// `text` cut to at most `max` characters at a word boundary, with `…`.
fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches([' ', ',', ';', ':', '-', '.'])
    )
}

/// `source-slug-hash` (or `source-hash` without a slug), where hash is the
/// first [`ID_HASH_HEX`] hex digits of the SHA-256 of `key`.
fn item_id(source: &str, slug: &str, key: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(key.as_bytes());
    let mut hash = String::with_capacity(ID_HASH_HEX.div_ceil(2) * 2);
    for b in digest.iter().take(ID_HASH_HEX.div_ceil(2)) {
        hash.push(char::from(HEX[usize::from(b >> 4)]));
        hash.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    hash.truncate(ID_HASH_HEX);
    if slug.is_empty() {
        format!("{source}-{hash}")
    } else {
        format!("{source}-{slug}-{hash}")
    }
}

/// A slug from the last meaningful segment of a URL's path
/// (`/2026/03/ferry-back.html` → `ferry-back`). Publishers keep article
/// URLs stable, unlike headlines. Numbers-only segments are no slug.
fn url_slug(url: &str) -> String {
    let Ok(url) = Url::parse(url) else {
        return String::new();
    };
    let segment = url
        .path_segments()
        .and_then(|mut segments| segments.rfind(|s| !s.is_empty()))
        .unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    let stem = match decoded.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 5 && !stem.is_empty() => stem,
        _ => &decoded,
    };
    let slug = slugify(stem, MAX_SLUG_CHARS);
    if slug.bytes().all(|b| b.is_ascii_digit() || b == b'-') || is_generic_page(&slug) {
        String::new()
    } else {
        slug
    }
}

/// Page names that say nothing about the story.
fn is_generic_page(slug: &str) -> bool {
    matches!(
        slug,
        "index" | "article" | "story" | "post" | "view" | "news" | "item"
    )
}

/// Lowercase ASCII `a-z0-9` words joined by `-`, at most `max` characters,
/// cut at a word boundary when one is near. Latin letters lose their
/// accents and Cyrillic is transliterated (Ukrainian national system), so
/// a Kyiv or Lviv headline still gives a readable slug.
fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut buffer = [0_u8; 4];
        let ascii = if c.is_ascii_alphanumeric() {
            Some(&*c.encode_utf8(&mut buffer))
        } else {
            fold(c)
        };
        match ascii {
            None => pending_dash = !slug.is_empty(),
            Some("") => {}
            Some(ascii) => {
                if pending_dash {
                    slug.push('-');
                    pending_dash = false;
                }
                slug.push_str(ascii);
            }
        }
        if slug.len() > max {
            break;
        }
    }
    if slug.len() > max {
        let cut = &slug[..max];
        let cut = match cut.rfind('-') {
            Some(dash) if dash >= max / 2 => &cut[..dash],
            _ => cut,
        };
        slug = cut.trim_end_matches('-').to_owned();
    }
    slug
}

/// The ASCII spelling of a lowercase non-ASCII letter in a slug: `None`
/// for a separator, `""` for a letter that is dropped (apostrophes and
/// soft signs: `п'ять` → `piat`, `don't` → `dont`).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '\'' | '’' | 'ʼ' | 'ь' | 'ъ' => "",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' | 'ű' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' => "ie",
        'ж' => "zh",
        'з' => "z",
        'и' | 'ы' => "y",
        'і' | 'ї' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_parser_reads_as_many_enclosures_as_an_item_keeps() {
        assert_eq!(crate::parser::MAX_ENCLOSURES, MAX_ATTACHMENTS);
    }

    use super::*;

    #[test]
    fn slugs_are_ascii_words_cut_at_a_boundary() {
        let cases = [
            ("Ferry & tram back!", 48, "ferry-tram-back"),
            ("  Київ: вода повертається ", 48, "kyiv-voda-povertaietsia"),
            ("П'ять шкіл", 48, "piat-shkil"),
            ("Łódź café déjà vu", 48, "lodz-cafe-deja-vu"),
            ("Don't panic", 48, "dont-panic"),
            ("one two three four", 12, "one-two"),
            ("abcdefghijklmnop", 8, "abcdefgh"),
            ("!!!", 48, ""),
            ("日本語", 48, ""),
        ];
        for (text, max, want) in cases {
            assert_eq!(slugify(text, max), want, "{text:?}");
        }
    }

    #[test]
    fn url_slugs_come_from_the_last_meaningful_segment() {
        let cases = [
            (
                "https://riverbank.example/2026/03/ferry-back.html",
                "ferry-back",
            ),
            ("https://riverbank.example/news/ferry-back/", "ferry-back"),
            ("https://riverbank.example/news/12345", ""),
            ("https://riverbank.example/article.php?id=7", ""),
            ("https://riverbank.example/", ""),
            (
                "https://riverbank.example/%D0%BF%D0%BE%D1%80%D0%BE%D0%BC",
                "porom",
            ),
        ];
        for (url, want) in cases {
            assert_eq!(url_slug(url), want, "{url}");
        }
    }

    #[test]
    fn ids_are_url_safe_and_fit_the_limit() {
        let long_source = "s".repeat(MAX_SOURCE_ID_LEN);
        let slug = slugify(&"word ".repeat(40), MAX_SLUG_CHARS);
        let id = item_id(&long_source, &slug, "guid\nx");
        assert!(is_valid_id(&id), "{id}");
        assert!(id.len() <= MAX_ID_LEN);
        assert_eq!(item_id("a", "", "k").len(), 2 + ID_HASH_HEX);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        let cases = [
            ("short", 10, "short"),
            ("one two three four five", 12, "one two…"),
            ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…"),
        ];
        for (text, max, want) in cases {
            assert_eq!(truncate_words(text, max), want);
        }
    }

    #[test]
    fn attachment_types_are_kept_or_guessed() {
        let cases = [
            ("Video/MP4", "https://a.example/v", "video/mp4"),
            ("", "https://a.example/clip.webm?x=1", "video/webm"),
            ("nonsense", "https://a.example/photo.JPG", "image/jpeg"),
            ("", "https://a.example/file", "application/octet-stream"),
            (
                "audio/mpeg; codecs=mp3",
                "https://a.example/a",
                "audio/mpeg",
            ),
        ];
        for (given, url, want) in cases {
            assert_eq!(mime_type(given, url), want, "{given:?} {url}");
        }
    }

    #[test]
    fn has_text_is_what_strip_tags_leaves() {
        for html in [
            "",
            " \n ",
            "<p></p>",
            "<p> \u{a0} </p><br>",
            "<p>x</p>",
            "a",
            "<img src=\"x\">",
            "> <p>",
            "<p title=\"a > b\"></p>",
            "<unclosed",
            "&nbsp;",
        ] {
            let want = !newsdesk_feed::strip_tags(html).trim().is_empty();
            assert_eq!(has_text(html), want, "{html:?}");
        }
    }

    #[test]
    fn language_tags_are_checked() {
        let cases = [
            ("uk", Some("uk")),
            ("en_GB", Some("en-GB")),
            (" pl ", Some("pl")),
            ("", None),
            ("<script>", None),
            ("1en", None),
        ];
        for (input, want) in cases {
            assert_eq!(language_tag(input).as_deref(), want, "{input:?}");
        }
    }
}
