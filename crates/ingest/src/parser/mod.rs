//! Stage one of the feed pipeline: a publisher's bytes become a
//! [`ParsedFeed`], one shape for every format, still unsanitized.
//!
//! [`parse`] detects the format and dispatches, one module per format, each
//! adapting into the one [`ParsedFeed`]: `json` (JSON Feed 1.0/1.1, by
//! Newsdesk's own model crate, which keeps what `feed-rs` drops: `image`,
//! `banner_image`, avatars, attachment durations, numeric ids), and for XML
//! (`xml`: an outline pass and `feed-rs`, shared) `rss` (RSS 2.0, 0.9x and
//! 1.0/RDF) and `atom` (Atom 1.0).
//!
//! **Character sets.** The encoding is decided once, here, in this order: a
//! byte-order mark, the `charset=` of the Content-Type header, the
//! `encoding="…"` of the XML declaration, else UTF-8. The document is
//! decoded to UTF-8 with `encoding_rs` and its XML declaration rewritten to
//! say UTF-8. `feed-rs` (through quick-xml) would otherwise decode by the
//! declaration a second time — wrongly for a feed whose charset is only in
//! the header, or doubly for one we already decoded.
//!
//! ```
//! use newsdesk_ingest::parser::{parse, FeedFormat};
//! // "Новини" (News) in windows-1251, declared only in the header.
//! let bytes = b"<rss version=\"2.0\"><channel><title>\xcd\xee\xe2\xe8\xed\xe8</title></channel></rss>";
//! let feed = parse(bytes, Some("application/rss+xml; charset=windows-1251"), None).unwrap();
//! assert_eq!(feed.format, FeedFormat::Rss2);
//! assert_eq!(feed.encoding, "windows-1251");
//! assert_eq!(feed.title.as_deref(), Some("Новини"));
//! ```

use std::borrow::Cow;
use std::fmt;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use newsdesk_feed::{Attachment, Author};
use url::Url;

mod atom;
mod json;
mod rss;
mod xml;

/// What differs between the XML formats at the channel level: what the
/// per-format adapters (`rss`, `atom`) give the shared XML reader (`xml`).
pub(crate) struct Channel {
    /// Which format (and version) it is.
    pub(crate) format: FeedFormat,
    /// [`ParsedFeed::icon`].
    pub(crate) icon: Option<String>,
    /// [`ParsedFeed::favicon`].
    pub(crate) favicon: Option<String>,
}

/// Largest feed document read, in bytes. Big newsroom feeds with full
/// article bodies reach 2-3 MB; 16 MB leaves room for those while keeping
/// one hostile or broken upstream from eating the proxy's memory.
pub const MAX_FEED_BYTES: usize = 16 * 1024 * 1024;

/// How far into a document the XML declaration is looked for. The XML
/// spec puts it at the very start; the slack covers a BOM and stray
/// whitespace, and the whole declaration fits easily.
const PROLOG_SCAN_BYTES: usize = 1024;

/// Why a document could not be read as a feed. The message says what is wrong
/// in words an operator can act on; it never includes the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// The document is larger than [`MAX_FEED_BYTES`].
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The document is empty or only whitespace.
    Empty,
    /// The document is something else: an HTML page, an image, random bytes.
    NotAFeed,
    /// A JSON Feed with a version this proxy does not read.
    UnsupportedVersion(String),
    /// It looks like a feed but cannot be read (broken XML or JSON, cut off).
    Malformed(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::TooLarge { limit } => write!(
                f,
                "the feed is larger than {} MB; is this URL really a feed?",
                limit / (1024 * 1024)
            ),
            ParseError::Empty => f.write_str("the feed is empty: the server sent no content"),
            ParseError::NotAFeed => {
                f.write_str("not a feed: expected RSS, Atom or JSON Feed (is this a web page?)")
            }
            ParseError::UnsupportedVersion(version) => write!(
                f,
                "unsupported JSON Feed version {version:?} (expected 1.0 or 1.1)"
            ),
            ParseError::Malformed(detail) => {
                write!(
                    f,
                    "the feed is broken or cut off and cannot be read: {detail}"
                )
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// The format a feed was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// RSS 2.0 (also an `<rss>` with a missing or unknown version).
    Rss2,
    /// RSS 1.0 / 0.90, the RDF family.
    Rss1,
    /// RSS 0.91 / 0.92.
    Rss0,
    /// Atom 1.0 (a feed, or a lone entry).
    Atom,
    /// JSON Feed 1.0 or 1.1.
    JsonFeed,
}

/// A body or summary as the publisher wrote it.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// HTML (RSS `description`, Atom `type="html"` or `"xhtml"`).
    Html(String),
    /// Plain text (Atom `type="text"`, JSON Feed `summary`).
    Text(String),
}

/// A feed as read, before cleaning. URLs are resolved against `xml:base`
/// and the base given to [`parse`] where the format allows; anything still
/// relative is left for the normalizer to resolve or drop.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    /// The format it was written in.
    pub format: FeedFormat,
    /// The character set it was decoded from (WHATWG name, e.g. `KOI8-U`).
    pub encoding: &'static str,
    /// The feed's title, possibly with markup or entities.
    pub title: Option<String>,
    /// The publisher's site.
    pub home_page_url: Option<String>,
    /// Where the feed says it lives (`rel="self"`, JSON `feed_url`).
    pub feed_url: Option<String>,
    /// What the feed is about, possibly with markup.
    pub description: Option<String>,
    /// The feed's language tag as written.
    pub language: Option<String>,
    /// A large image: RSS `<image>`, Atom `<logo>`, JSON `icon`.
    pub icon: Option<String>,
    /// A small image: Atom `<icon>`, JSON `favicon`.
    pub favicon: Option<String>,
    /// The feed's authors (RSS `managingEditor` when nothing better).
    pub authors: Vec<Author>,
    /// What relative URLs of the whole feed resolve against.
    pub base: Option<Url>,
    /// The entries in document order.
    pub entries: Vec<ParsedEntry>,
}

/// One entry as read, before cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedEntry {
    /// The publisher's id (`guid`, Atom `id`, JSON `id`); `None` if absent.
    pub guid: Option<String>,
    /// The entry's page.
    pub url: Option<String>,
    /// A page the entry is about (Atom `rel="related"`, JSON).
    pub external_url: Option<String>,
    /// The headline, possibly with markup or entities.
    pub title: Option<String>,
    /// The body as HTML.
    pub content_html: Option<String>,
    /// The body as plain text.
    pub content_text: Option<String>,
    /// The summary (RSS `description` when there is `content:encoded`).
    pub summary: Option<Body>,
    /// Image candidates, best first: JSON `image`, image enclosures,
    /// `media:thumbnail`, image `media:content`.
    pub images: Vec<String>,
    /// Caption of the first image candidate: RSS `media:description` (or
    /// `media:title`) of an image `media:content`, JSON `_newsdesk.image_caption`.
    pub image_caption: Option<String>,
    /// A wide image (JSON Feed only).
    pub banner_image: Option<String>,
    /// First publication, seconds since the epoch.
    pub published: Option<i64>,
    /// Last modification, seconds since the epoch.
    pub modified: Option<i64>,
    /// The entry's own authors (`dc:creator`, `author`).
    pub authors: Vec<Author>,
    /// Categories and tags.
    pub tags: Vec<String>,
    /// The entry's language tag as written.
    pub language: Option<String>,
    /// Enclosures, `media:content` and attachments (images included).
    pub attachments: Vec<Attachment>,
    /// The `xml:base` in force on the entry or its content, if the feed
    /// declares one: relative URLs in the body resolve against it.
    pub base: Option<Url>,
}

/// A document decoded to UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, its XML declaration (if any) rewritten to say UTF-8.
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: &'static Encoding,
}

/// Reads a feed of any supported format and character set.
///
/// `content_type` is the HTTP Content-Type header, if any; `base` is where
/// the document was fetched from (relative URLs resolve against it; when
/// absent the feed's own home page link is used).
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base: Option<&Url>,
) -> Result<ParsedFeed, ParseError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(ParseError::TooLarge {
            limit: MAX_FEED_BYTES,
        });
    }
    // Borrowed from `bytes` when they are UTF-8 that needs no rewriting:
    // no copy of the whole document.
    let (decoded, encoding) = decode_cow(bytes, content_type);
    let encoding = encoding.name();
    let text = decoded.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.trim_end().is_empty() {
        return Err(ParseError::Empty);
    }
    let mut feed = match text.as_bytes().first() {
        Some(b'{') => json::parse(text, base)?,
        Some(b'<') => xml::parse(text, base)?,
        _ => return Err(ParseError::NotAFeed),
    };
    feed.encoding = encoding;
    Ok(feed)
}

/// Decides the character set of a document and decodes it to UTF-8.
///
/// The order: byte-order mark, then the `charset=` parameter of
/// `content_type`, then the XML declaration's `encoding`, else UTF-8.
/// Bytes that are invalid in that encoding become U+FFFD rather than
/// failing the feed. Labels follow the WHATWG Encoding Standard, as in a
/// browser: `latin1` and `iso-8859-1` mean windows-1252.
///
/// ```
/// use newsdesk_ingest::parser::decode;
/// let koi8 = decode(b"<a>\xf7\xb6\xf4\xe5\xf2</a>", Some("text/xml; charset=KOI8-U"));
/// assert_eq!(koi8.text, "<a>ВІТЕР</a>");
/// let declared = decode(b"<?xml version='1.0' encoding='ISO-8859-2'?><a>\xb3</a>", None);
/// assert_eq!(declared.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>ł</a>");
/// ```
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (text, encoding) = decode_cow(bytes, content_type);
    Decoded {
        text: text.into_owned(),
        encoding,
    }
}

/// [`decode`], borrowing the text from `bytes` when nothing had to change.
fn decode_cow<'b>(
    bytes: &'b [u8],
    content_type: Option<&str>,
) -> (Cow<'b, str>, &'static Encoding) {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => (
            header_charset(content_type)
                .or_else(|| utf16_without_bom(bytes))
                .or_else(|| declared_charset(bytes))
                .unwrap_or(UTF_8),
            bytes,
        ),
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    (declare_utf8(text), encoding)
}

/// The encoding named by a Content-Type header's `charset` parameter.
fn header_charset(content_type: Option<&str>) -> Option<&'static Encoding> {
    content_type?.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        usable(Encoding::for_label(
            value.trim().trim_matches(['"', '\'']).as_bytes(),
        )?)
    })
}

/// UTF-16 without a byte-order mark, recognised by how `<?` is written
/// (XML 1.0, appendix F).
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes.get(..4)? {
        [b'<', 0, b'?', 0] => Some(UTF_16LE),
        [0, b'<', 0, b'?'] => Some(UTF_16BE),
        _ => None,
    }
}

/// The encoding named in the XML declaration, read as ASCII.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PROLOG_SCAN_BYTES)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let decl = head[start..].strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let label = pseudo_attribute(&decl[..end], b"encoding")?;
    let encoding = usable(Encoding::for_label(label)?)?;
    // A declaration readable as ASCII rules out UTF-16, whatever it says:
    // the publisher re-encoded the file and forgot the declaration.
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return None;
    }
    Some(encoding)
}

/// Encodings worth decoding with. WHATWG's "replacement" encoding (for
/// labels like ISO-2022-KR) turns the whole document into one U+FFFD, so it
/// is treated as no information at all.
fn usable(encoding: &'static Encoding) -> Option<&'static Encoding> {
    (encoding != encoding_rs::REPLACEMENT).then_some(encoding)
}

/// The value of `name="…"` (or `'…'`) inside an XML declaration.
fn pseudo_attribute<'a>(decl: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let at = decl.windows(name.len()).position(|w| w == name)?;
    let rest = decl[at + name.len()..].trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let (&quote, rest) = rest.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let end = rest.iter().position(|&b| b == quote)?;
    Some(&rest[..end])
}

/// Rewrites the XML declaration of decoded text to say UTF-8, so the XML
/// parser does not decode the (already decoded) text again.
fn declare_utf8(text: Cow<'_, str>) -> Cow<'_, str> {
    const UTF8_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    let lead = text.len()
        - text
            .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            .len();
    let rest = &text[lead..];
    let is_decl = rest.starts_with("<?xml")
        && rest[5..].starts_with(|c: char| c.is_ascii_whitespace() || c == '?');
    let Some(end) = is_decl.then(|| rest.find("?>")).flatten() else {
        return text;
    };
    // Already exactly the declaration written below: the rewrite would
    // give the same text back, copied.
    if lead == 0 && rest[..end + 2] == *UTF8_DECL {
        return text;
    }
    Cow::Owned(format!("{UTF8_DECL}{}", &rest[end + 2..]))
}

/// `value` parsed as an absolute http(s) URL.
fn absolute(value: Option<&str>) -> Option<Url> {
    Url::parse(value?.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encoding_comes_from_bom_then_header_then_declaration() {
        let decl_1251 = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><a>\xcf</a>".to_vec();
        let mut bom_utf8 = b"\xef\xbb\xbf".to_vec();
        bom_utf8.extend_from_slice(&decl_1251[..decl_1251.len() - 5]);
        bom_utf8.extend_from_slice("П</a>".as_bytes());
        let cases: [(&str, Vec<u8>, Option<&str>, &str); 7] = [
            ("declaration only", decl_1251.clone(), None, "windows-1251"),
            (
                "header beats declaration",
                decl_1251.clone(),
                Some("text/xml; charset=\"KOI8-R\""),
                "KOI8-R",
            ),
            ("BOM beats declaration", bom_utf8, None, "UTF-8"),
            ("nothing said", b"<a>x</a>".to_vec(), None, "UTF-8"),
            (
                "unknown header label",
                decl_1251.clone(),
                Some("text/xml; charset=bogus"),
                "windows-1251",
            ),
            (
                "latin1 is windows-1252",
                b"<a/>".to_vec(),
                Some("text/xml;charset=latin1"),
                "windows-1252",
            ),
            (
                "UTF-16 label in ASCII declaration",
                b"<?xml version='1.0' encoding='UTF-16'?><a/>".to_vec(),
                None,
                "UTF-8",
            ),
        ];
        for (name, bytes, header, want) in cases {
            assert_eq!(decode(&bytes, header).encoding.name(), want, "{name}");
        }
    }

    #[test]
    fn the_declaration_is_rewritten_to_utf8_once() {
        let cases = [
            (
                "<?xml version=\"1.0\" encoding=\"KOI8-U\"?><a/>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
            ),
            (
                "\n  <?xml version='1.0'?><a/>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
            ),
            ("<a/>", "<a/>"),
            (
                "<?xml-stylesheet href='s.xsl'?><a/>",
                "<?xml-stylesheet href='s.xsl'?><a/>",
            ),
            ("<?xml", "<?xml"),
            (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
            ),
            (
                " <?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(declare_utf8(Cow::Borrowed(input)), want, "{input:?}");
        }
        // A declaration that already says UTF-8 as written is not copied.
        let utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>";
        assert!(matches!(
            declare_utf8(Cow::Borrowed(utf8)),
            Cow::Borrowed(_)
        ));
    }
}
