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
//! byte-order mark, the `charset=` of the Content-Type header, how the
//! first characters are written (UTF-16 and UTF-32 without a mark, XML 1.0
//! appendix F), the `encoding="…"` of the XML declaration, else UTF-8;
//! "UTF-8" on bytes with no UTF-8 beyond ASCII that are not UTF-8 is read
//! as windows-1252, and "US-ASCII" on UTF-8 as UTF-8 (see [`decode`]).
//! Every WHATWG label is read (`cp1251`, `ibm866`, `koi8-u`, …), and UTF-32,
//! which XML allows and the WHATWG set lacks, is decoded here. The document is
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
mod repair;
mod rss;
mod xml;
#[cfg(test)]
pub(crate) use xml::MAX_ENCLOSURES;

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
    /// A YouTube channel entry's video (`yt:videoId`, else an Atom id
    /// `yt:video:ID`; views from `media:community`, duration from its
    /// `media:content`), as written: the normalizer checks the id.
    pub youtube: Option<newsdesk_feed::YouTubeVideo>,
    /// The `xml:base` in force on the entry or its content, if the feed
    /// declares one: relative URLs in the body resolve against it.
    pub base: Option<Url>,
}

/// A document decoded to UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, its XML declaration (if any) rewritten to say UTF-8.
    pub text: String,
    /// The character set it was decoded from.
    pub encoding: Charset,
}

/// A character set a feed can be written in: the WHATWG encodings (what a
/// browser reads) and UTF-32, which XML allows and the WHATWG set lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// One of the WHATWG Encoding Standard's, decoded by `encoding_rs`.
    Whatwg(&'static Encoding),
    /// UTF-32, little-endian.
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

impl Charset {
    /// Its name: the WHATWG name (`windows-1251`), or `UTF-32LE`/`UTF-32BE`.
    pub fn name(self) -> &'static str {
        match self {
            Charset::Whatwg(encoding) => encoding.name(),
            Charset::Utf32Le => "UTF-32LE",
            Charset::Utf32Be => "UTF-32BE",
        }
    }
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
/// browser: `latin1` and `iso-8859-1` mean windows-1252. Two labels are
/// checked against the bytes, where readers (feedparser among them) read
/// what the publisher meant: "UTF-8" (or none) on bytes that hold not one
/// UTF-8 sequence beyond ASCII and are not UTF-8 is windows-1252, and
/// "US-ASCII" on valid UTF-8 is UTF-8.
///
/// ```
/// use newsdesk_ingest::parser::decode;
/// let koi8 = decode(b"<a>\xf7\xb6\xf4\xe5\xf2</a>", Some("text/xml; charset=KOI8-U"));
/// assert_eq!(koi8.text, "<a>ВІТЕР</a>");
/// let declared = decode(b"<?xml version='1.0' encoding='ISO-8859-2'?><a>\xb3</a>", None);
/// assert_eq!(declared.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>ł</a>");
/// let cp1252 = decode(b"<?xml version='1.0' encoding='UTF-8'?><a>caf\xe9</a>", None);
/// assert_eq!((cp1252.text.as_str(), cp1252.encoding.name()), ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>café</a>", "windows-1252"));
/// let stray = decode(b"<a>caf\xc3\xa9 \xff</a>", None);
/// assert_eq!((stray.text.as_str(), stray.encoding.name()), ("<a>café \u{fffd}</a>", "UTF-8"));
/// let ascii = decode(b"<?xml version='1.0' encoding='us-ascii'?><a>caf\xc3\xa9</a>", None);
/// assert_eq!(ascii.encoding.name(), "UTF-8");
/// ```
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    let (text, encoding) = decode_cow(bytes, content_type);
    Decoded {
        text: text.into_owned(),
        encoding,
    }
}

/// [`decode`], borrowing the text from `bytes` when nothing had to change.
fn decode_cow<'b>(bytes: &'b [u8], content_type: Option<&str>) -> (Cow<'b, str>, Charset) {
    if let Some((charset, mark)) = utf32(bytes) {
        let text = decode_utf32(&bytes[mark..], charset == Charset::Utf32Be);
        return (declare_utf8(Cow::Owned(text)), charset);
    }
    let (encoding, body) = match Encoding::for_bom(bytes) {
        // A byte-order mark is what the file is; nothing overrides it.
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => {
            let label = header_label(content_type)
                .or_else(|| utf16_without_bom(bytes).map(|e| (&b""[..], e)))
                .or_else(|| declared_label(bytes));
            let is_ascii = label.is_some_and(|(label, _)| is_ascii_label(label));
            let encoding = label.map_or(UTF_8, |(_, encoding)| encoding);
            if encoding != UTF_8 && !is_ascii {
                (encoding, bytes)
            } else {
                // Said to be UTF-8 (or nothing said), or US-ASCII, which
                // cannot describe a byte above 0x7F: the bytes decide.
                // Valid UTF-8 (nearly every feed) is borrowed as it is,
                // validated once; ASCII reads the same either way.
                match std::str::from_utf8(bytes) {
                    Ok(text) => {
                        return (declare_utf8(Cow::Borrowed(text)), Charset::Whatwg(UTF_8));
                    }
                    Err(_) if is_ascii => (encoding, bytes),
                    Err(_) => (mislabelled_utf8(bytes), bytes),
                }
            }
        }
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    (declare_utf8(text), Charset::Whatwg(encoding))
}

/// The encoding of bytes said to be UTF-8 that are not: windows-1252 when
/// they hold not one UTF-8 sequence beyond ASCII (a file saved by a Windows
/// editor under a UTF-8 declaration, whose every accented letter would
/// otherwise be lost), else UTF-8 (a UTF-8 file with a stray bad byte: its
/// other letters are UTF-8, the byte becomes U+FFFD).
fn mislabelled_utf8(bytes: &[u8]) -> &'static Encoding {
    let has_utf8_beyond_ascii = bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii());
    if has_utf8_beyond_ascii {
        UTF_8
    } else {
        encoding_rs::WINDOWS_1252
    }
}

/// Whether a charset label names US-ASCII (which WHATWG reads as
/// windows-1252, as browsers do).
fn is_ascii_label(label: &[u8]) -> bool {
    const ASCII: &[&[u8]] = &[
        b"us-ascii",
        b"ascii",
        b"ansi_x3.4-1968",
        b"iso646-us",
        b"us",
    ];
    let label = label.trim_ascii();
    ASCII.iter().any(|name| label.eq_ignore_ascii_case(name))
}

/// UTF-32 and the length of its byte-order mark: by the mark, else by how
/// `<` is written (XML 1.0, appendix F). Checked before UTF-16, whose
/// little-endian mark begins UTF-32LE's.
fn utf32(bytes: &[u8]) -> Option<(Charset, usize)> {
    match bytes.get(..4)? {
        [0, 0, 0xFE, 0xFF] => Some((Charset::Utf32Be, 4)),
        [0xFF, 0xFE, 0, 0] => Some((Charset::Utf32Le, 4)),
        [0, 0, 0, b'<'] => Some((Charset::Utf32Be, 0)),
        [b'<', 0, 0, 0] => Some((Charset::Utf32Le, 0)),
        _ => None,
    }
}

/// UTF-32 to UTF-8; what is not a character (a surrogate, past U+10FFFF, a
/// cut-off last unit) becomes U+FFFD, never an error.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut units = bytes.chunks_exact(4);
    for unit in &mut units {
        let unit = [unit[0], unit[1], unit[2], unit[3]];
        let value = if big_endian {
            u32::from_be_bytes(unit)
        } else {
            u32::from_le_bytes(unit)
        };
        text.push(char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    if !units.remainder().is_empty() {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

/// The label and encoding named by a Content-Type header's `charset`
/// parameter.
fn header_label(content_type: Option<&str>) -> Option<(&[u8], &'static Encoding)> {
    content_type?.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let label = value.trim().trim_matches(['"', '\'']).as_bytes();
        Some((label, usable(Encoding::for_label(label)?)?))
    })
}

/// The encoding named by a Content-Type header's `charset` parameter (an
/// article page's, for the full-text extractor).
pub(crate) fn header_charset(content_type: Option<&str>) -> Option<&'static Encoding> {
    header_label(content_type).map(|(_, encoding)| encoding)
}

/// UTF-16 without a byte-order mark, recognised by how `<` and the
/// character after it are written (XML 1.0, appendix F): `<?xml`, `<rss`,
/// `<feed`.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes.get(..4)? {
        [b'<', 0, c, 0] if c.is_ascii_graphic() => Some(UTF_16LE),
        [0, b'<', 0, c] if c.is_ascii_graphic() => Some(UTF_16BE),
        _ => None,
    }
}

/// The label and encoding named in the XML declaration, read as ASCII.
fn declared_label(bytes: &[u8]) -> Option<(&[u8], &'static Encoding)> {
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
    Some((label, encoding))
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

    /// `text` in UTF-16 or UTF-32, either byte order, with or without a mark.
    fn encoded(text: &str, width: usize, big_endian: bool, mark: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut push = |unit: u32| match (width, big_endian) {
            (2, true) => bytes.extend_from_slice(&(unit as u16).to_be_bytes()),
            (2, false) => bytes.extend_from_slice(&(unit as u16).to_le_bytes()),
            (_, true) => bytes.extend_from_slice(&unit.to_be_bytes()),
            (_, false) => bytes.extend_from_slice(&unit.to_le_bytes()),
        };
        if mark {
            push(0xFEFF);
        }
        if width == 2 {
            text.encode_utf16().for_each(|u| push(u32::from(u)));
        } else {
            text.chars().for_each(|c| push(u32::from(c)));
        }
        bytes
    }

    #[test]
    fn utf16_and_utf32_are_read_in_either_order_with_or_without_a_mark() {
        let feeds = [
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Вісті</title></channel></rss>",
            "<rss version=\"2.0\"><channel><title>Вісті</title></channel></rss>",
        ];
        for feed in feeds {
            for (width, big_endian, mark, name) in [
                (2, false, true, "UTF-16LE"),
                (2, true, true, "UTF-16BE"),
                (2, false, false, "UTF-16LE"),
                (2, true, false, "UTF-16BE"),
                (4, false, true, "UTF-32LE"),
                (4, true, true, "UTF-32BE"),
                (4, false, false, "UTF-32LE"),
                (4, true, false, "UTF-32BE"),
            ] {
                let bytes = encoded(feed, width, big_endian, mark);
                let what = format!("{name}, mark {mark}: {feed}");
                assert_eq!(decode(&bytes, None).encoding.name(), name, "{what}");
                let parsed = parse(&bytes, None, None).unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(parsed.title.as_deref(), Some("Вісті"), "{what}");
                assert_eq!(parsed.encoding, name);
            }
        }
    }

    #[test]
    fn what_is_not_a_character_becomes_a_replacement_never_an_error() {
        // A surrogate and a value past U+10FFFF in UTF-32, and a cut-off unit.
        let mut bytes = encoded("<a>x", 4, false, false);
        bytes.extend_from_slice(&0xD800u32.to_le_bytes());
        bytes.extend_from_slice(&0x11_0000u32.to_le_bytes());
        bytes.extend_from_slice(&encoded("</a>", 4, false, false));
        bytes.extend_from_slice(&[0x41, 0]);
        assert_eq!(
            decode(&bytes, None).text,
            "<a>x\u{fffd}\u{fffd}</a>\u{fffd}"
        );
        // Bytes invalid in the declared single-byte or multi-byte encoding.
        let shift_jis = decode(
            b"<a>\x82\xa0\xff\x81</a>",
            Some("text/xml; charset=Shift_JIS"),
        );
        assert_eq!(shift_jis.text, "<a>あ\u{fffd}\u{fffd}</a>");
        // A cut-off sequence in UTF-8; "UTF-8" with no UTF-8 in it, only
        // windows-1252 letters, is windows-1252.
        let utf8 = decode(b"<a>\xc3\xa9 \xe2\x82</a>", None);
        assert_eq!(utf8.text, "<a>\u{e9} \u{fffd}</a>");
        let cp1252 = decode(
            b"<a>\xe9t\xe9 \x93x\x94</a>",
            Some("text/xml; charset=utf-8"),
        );
        assert_eq!(cp1252.text, "<a>\u{e9}t\u{e9} \u{201c}x\u{201d}</a>");
    }

    #[test]
    fn legacy_labels_name_their_encodings() {
        for (label, byte, want) in [
            ("cp1251", 0xcf, "П"),
            ("windows-1251", 0xcf, "П"),
            ("ibm866", 0x8f, "П"),
            ("cp866", 0x8f, "П"),
            ("koi8-u", 0xa4, "є"),
            ("koi8-r", 0xf0, "П"),
            ("iso-8859-5", 0xbf, "П"),
            ("x-mac-cyrillic", 0x8f, "П"),
        ] {
            let bytes = [b'<', b'a', b'>', byte, b'<', b'/', b'a', b'>'];
            let header = format!("text/xml; charset={label}");
            assert_eq!(
                decode(&bytes, Some(&header)).text,
                format!("<a>{want}</a>"),
                "{label}"
            );
            let declared = format!("<?xml version=\"1.0\" encoding=\"{label}\"?><a>");
            let mut bytes = declared.into_bytes();
            bytes.extend_from_slice(&[byte, b'<', b'/', b'a', b'>']);
            assert!(
                decode(&bytes, None)
                    .text
                    .ends_with(&format!("<a>{want}</a>")),
                "{label}"
            );
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
