//! One article page → the article in it: Readability (the `dom_smoothie`
//! port) finds the story among the page's navigation, banners, share bars,
//! related links and comments; the same sanitizer as every feed body then
//! cleans it, resolves its links against the page and signs its images.

use std::fmt;

use dom_smoothie::{Config, Readability, ReadabilityError};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use serde::Serialize;
use url::Url;

use crate::parser::header_charset;
use crate::sanitize::{self, UrlPolicy};

/// The largest page read: real article pages run from 50 KiB to about
/// 2 MiB with their inline scripts and styles; beyond that a page is not
/// an article, and parsing it would cost the proxy tens of megabytes.
pub const MAX_PAGE_BYTES: usize = 3 * 1024 * 1024;

/// Elements Readability may score. A long article page has 2,000 to
/// 10,000; the limit keeps a hostile page (millions of empty `<div>`s in
/// 3 MiB) from costing seconds of scoring.
pub const MAX_PAGE_ELEMENTS: usize = 40_000;

/// How far into a page its `<meta charset>` may be, as in the HTML
/// standard's prescan.
const META_SCAN_BYTES: usize = 1024;

/// What a page becomes: what `newsdesk-proxy extract` prints and what an
/// item's body is replaced with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extracted {
    /// The article's headline, as plain text.
    pub title: String,
    /// Who wrote it, as plain text, when the page says.
    pub byline: Option<String>,
    /// The article's body, sanitized: allowlisted markup, absolute links,
    /// images through the media proxy when the policy signs.
    pub content_html: String,
    /// The page's lead image (`og:image` and the like), checked and signed
    /// like every image.
    pub lead_image: Option<String>,
    /// The lead image's caption, as plain text, when the page shows it
    /// above the story rather than in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead_caption: Option<String>,
    /// Characters of text in `content_html`, runs of white space counted
    /// as one.
    pub text_length: usize,
}

/// Why a page gave no article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExtractError {
    /// More than [`MAX_PAGE_BYTES`].
    TooLarge,
    /// More elements than [`MAX_PAGE_ELEMENTS`].
    TooManyElements,
    /// Not HTML (an image, a PDF, a feed…).
    NotHtml,
    /// Readability found no article in it.
    NoArticle,
}

impl fmt::Display for ExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExtractError::TooLarge => {
                write!(f, "the page is larger than {MAX_PAGE_BYTES} bytes")
            }
            ExtractError::TooManyElements => {
                write!(f, "the page has more than {MAX_PAGE_ELEMENTS} elements")
            }
            ExtractError::NotHtml => f.write_str("the page is not HTML"),
            ExtractError::NoArticle => f.write_str("no article was found in the page"),
        }
    }
}

impl std::error::Error for ExtractError {}

/// Finds the article in a page fetched from `url`.
///
/// `content_type` is the HTTP header, when there is one: it must be HTML
/// (or absent), and its `charset` wins over the page's `<meta charset>`.
/// `policy` decides how images load (its base is replaced by `url`).
///
/// ```
/// use newsdesk_ingest::fulltext::extract;
/// use newsdesk_ingest::sanitize::UrlPolicy;
/// let page = format!(
///     "<html><head><title>Ferry back | Quay Post</title></head><body>\
///      <nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
///      <article><h1>Ferry back</h1>{}</article><footer>© Quay Post</footer></body></html>",
///     "<p>The harbour ferry runs again after three weeks of repairs to its engines, \
///      the city's transport office said on Tuesday, and the first crossing was full.</p>".repeat(4),
/// );
/// let url = url::Url::parse("https://quay.example/ferry").unwrap();
/// let article = extract(page.as_bytes(), Some("text/html"), &url, &UrlPolicy::default()).unwrap();
/// assert!(article.content_html.contains("The harbour ferry runs again"));
/// assert!(!article.content_html.contains("Home"));
/// ```
pub fn extract(
    page: &[u8],
    content_type: Option<&str>,
    url: &Url,
    policy: &UrlPolicy,
) -> Result<Extracted, ExtractError> {
    if page.len() > MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge);
    }
    if !is_html(content_type) {
        return Err(ExtractError::NotHtml);
    }
    let text = decode(page, content_type);
    let config = Config {
        max_elements_to_parse: MAX_PAGE_ELEMENTS,
        ..Config::default()
    };
    let document = dom_query::Document::from(text.as_str());
    super::chrome::strip(&document);
    let figures = super::chrome::figures(&document);
    let mut readability = Readability::with_document(document, Some(url.as_str()), Some(config))
        .map_err(|e| match e {
            ReadabilityError::TooManyElements(..) => ExtractError::TooManyElements,
            _ => ExtractError::NoArticle,
        })?;
    // The title as Readability reads it (JSON-LD, meta tags, `<title>`),
    // before its own pass reads it again.
    let title = readability
        .get_article_metadata(readability.parse_json_ld())
        .title;
    super::chrome::headline_out(&readability.doc, &title);
    let article = readability.parse().map_err(|e| match e {
        ReadabilityError::TooManyElements(..) => ExtractError::TooManyElements,
        _ => ExtractError::NoArticle,
    })?;
    let policy = UrlPolicy {
        base: Some(url.clone()),
        media: policy.media.clone(),
    };
    let content_html = sanitize::article_html(&article.content, &policy);
    // Counted as Readability counts its `length`: the text's characters,
    // runs of white space as one.
    let text = sanitize::plain_text(&content_html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text_length = text.chars().count();
    if text_length == 0 {
        return Err(ExtractError::NoArticle);
    }
    let plain = |value: &str| Some(sanitize::text_field(value)).filter(|v| !v.is_empty());
    // The lead picture's caption, when the page set it outside the story.
    let lead_caption = article.image.as_deref().and_then(|image| {
        let figure = figures.iter().find(|f| f.shows(image))?;
        let caption = plain(&figure.caption)?;
        (!text.contains(&caption)).then_some(caption)
    });
    Ok(Extracted {
        title: plain(&article.title).unwrap_or_default(),
        byline: article.byline.as_deref().and_then(plain),
        lead_image: article.image.as_deref().and_then(|src| policy.image(src)),
        lead_caption,
        content_html,
        text_length,
    })
}

/// HTML, or no type at all (many servers send none); never an image, a
/// PDF or a feed.
fn is_html(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return true;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "" | "text/html" | "application/xhtml+xml" | "text/plain" | "application/octet-stream"
    )
}

/// The page as text: its byte-order mark; else UTF-8 when the page is
/// valid UTF-8 with some non-ASCII in it, whatever it declares (text in a
/// legacy encoding is practically never valid UTF-8, and pages whose CMS
/// moved to UTF-8 while their templates kept `charset=gb2312` or
/// `iso-8859-1` are common); else the header's charset, else a `<meta
/// charset>` in its first 1,024 bytes, else windows-1252 (what browsers
/// assume of old Western pages). Invalid bytes become U+FFFD.
fn decode(page: &[u8], content_type: Option<&str>) -> String {
    let (encoding, body) = match Encoding::for_bom(page) {
        Some((encoding, bom)) => (encoding, &page[bom..]),
        None if !page.is_ascii() && std::str::from_utf8(page).is_ok() => (UTF_8, page),
        None => {
            let encoding = header_charset(content_type)
                .or_else(|| meta_charset(page))
                .unwrap_or(WINDOWS_1252);
            (encoding, page)
        }
    };
    encoding.decode_without_bom_handling(body).0.into_owned()
}

/// The charset a page's first `<meta>` tags declare: `<meta charset=…>`
/// or `<meta http-equiv="Content-Type" content="…; charset=…">`. UTF-16
/// labels mean UTF-8 here, as the HTML standard says of a declaration in
/// an ASCII-compatible prescan.
fn meta_charset(page: &[u8]) -> Option<&'static Encoding> {
    let head = &page[..page.len().min(META_SCAN_BYTES)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let Some(at) = tag.find("charset") else {
            continue;
        };
        let value = tag[at + 7..].trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace())
            .unwrap_or(value.len());
        let encoding = Encoding::for_label(&value.as_bytes()[..end])?;
        return Some(match encoding.name() {
            "UTF-16LE" | "UTF-16BE" | "replacement" => UTF_8,
            _ => encoding,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charset_comes_from_the_mark_the_header_then_the_meta() {
        let cases: [(&[u8], Option<&str>, &str); 8] = [
            // Valid UTF-8 under a legacy declaration is UTF-8.
            (b"<meta charset=\"gb2312\"><p>\xe4\xb8\xad\xe6\x96\x87</p>", None, "中文"),
            (b"<p>caf\xc3\xa9</p>", Some("text/html; charset=iso-8859-1"), "café"),
            (b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xb3\xf2</p>", None, "Привіт"),
            (b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-u'><p>\xf0\xd2\xc9\xd7\xa6\xd4</p>", None, "Привіт"),
            (b"<meta charset=\"windows-1251\"><p>\xd0\x9f\xd1\x80</p>", Some("text/html; charset=utf-8"), "Пр"),
            (b"\xef\xbb\xbf<meta charset=\"windows-1251\"><p>\xd0\x9f</p>", None, "П"),
            (b"<p>caf\xe9</p>", None, "café"),
            (b"<p>\xd0\x9f\xff</p>", Some("text/html; charset=utf-8"), "П\u{fffd}"),
        ];
        for (page, header, expected) in cases {
            let text = decode(page, header);
            assert!(text.contains(expected), "{page:?} {header:?}: {text}");
        }
    }

    #[test]
    fn only_html_is_read_as_a_page() {
        let url = Url::parse("https://quay.example/a").unwrap();
        for kind in ["image/jpeg", "application/pdf", "application/rss+xml"] {
            let got = extract(b"<p>x</p>", Some(kind), &url, &UrlPolicy::default());
            assert_eq!(got, Err(ExtractError::NotHtml), "{kind}");
        }
        let huge = vec![b' '; MAX_PAGE_BYTES + 1];
        assert_eq!(
            extract(&huge, None, &url, &UrlPolicy::default()),
            Err(ExtractError::TooLarge)
        );
    }

    #[test]
    fn a_page_of_empty_elements_is_refused_not_scored() {
        let url = Url::parse("https://quay.example/a").unwrap();
        let page = "<div></div>".repeat(MAX_PAGE_ELEMENTS + 10);
        assert_eq!(
            extract(page.as_bytes(), None, &url, &UrlPolicy::default()),
            Err(ExtractError::TooManyElements)
        );
    }

    #[test]
    fn subheads_stay_and_the_headline_goes_wherever_it_sits() {
        // A subhead whose words are all in the title ("Power") is not the
        // headline, whether the headline sits in a dropped `<header>`, in
        // the story's container, or is an old blog's `h2`.
        let url = Url::parse("https://quay.example/briefing").unwrap();
        let title = "Evening briefing: tomorrow's power blocks and the ferry";
        let para = "<p>Dunmere Energy keeps four-hour blocks on Saturday, the same groups in the same order, and the water works stay on protected lines.</p>";
        let story = format!("{para}<h2>Power</h2>{para}{para}<h2>The ferry</h2>{para}{para}");
        let head = format!("<head><title>{title} | Quay Post</title></head>");
        let pages = [
            format!("<html>{head}<body><article><header class=\"post-header\"><h1>{title}</h1></header><div class=\"post-content\">{story}</div></article></body></html>"),
            format!("<html>{head}<body><article><h1>{title}</h1>{story}</article></body></html>"),
            format!("<html>{head}<body><div class=\"post\"><h2>{title}</h2>{story}</div></body></html>"),
        ];
        for page in pages {
            let article = extract(page.as_bytes(), None, &url, &UrlPolicy::default()).unwrap();
            let html = &article.content_html;
            assert_eq!(article.title, title, "{page}");
            for subhead in ["<h2>Power</h2>", "<h2>The ferry</h2>"] {
                assert!(
                    html.contains(subhead),
                    "{subhead} lost from {page}\n→ {html}"
                );
            }
            assert!(
                !html.contains("Evening briefing"),
                "the headline twice: {page}\n→ {html}"
            );
        }
    }

    #[test]
    fn script_in_the_article_never_comes_through() {
        let url = Url::parse("https://quay.example/a").unwrap();
        let body = "<p>The harbour ferry runs again after three weeks of repairs to its engines, and the first crossing was full of commuters.</p>".repeat(5);
        let page = format!(
            "<article>{body}<p><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">map</a><script>alert(3)</script></p></article>"
        );
        let article = extract(page.as_bytes(), None, &url, &UrlPolicy::default()).unwrap();
        for bad in ["onerror", "javascript:", "<script", "alert(3)"] {
            assert!(
                !article.content_html.contains(bad),
                "{bad}: {}",
                article.content_html
            );
        }
        assert!(article.content_html.contains("https://quay.example/x"));
    }
}
