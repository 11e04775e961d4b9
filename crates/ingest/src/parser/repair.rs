//! The forgiving reader's first step: a document that a strict XML parser
//! refuses, or an old dialect it misreads, rewritten as the well-formed
//! RSS or Atom that `feed-rs` reads, the way feedparser's loose mode and
//! browsers read such documents:
//!
//! - a bare `&` is a literal ampersand; `&nbsp;` and the other HTML named
//!   references become the characters they name;
//! - a `<` that starts no tag is a literal `<`;
//! - an end tag closes the elements opened inside it; one that closes
//!   nothing is dropped; whatever is still open at the end is closed, so a
//!   truncated document keeps everything it holds, a cut-off CDATA section
//!   included;
//! - RSS with a default namespace (`<rss xmlns="…">`) and RSS 0.90 (RDF in
//!   Netscape's namespace) are read as RSS 2.0 and 1.0;
//! - Atom 0.3 is read as Atom 1.0 (`modified` → `updated`, `issued` →
//!   `published`, `tagline` → `subtitle`, `mode="escaped"` and
//!   `mode="base64"` content decoded);
//! - Atom text whose `type` is a media type is read by its kind
//!   (`text/html` as `html`, `application/xhtml+xml` as `xhtml`, other
//!   `text/…` as `text`); content of any other type, which no reader can
//!   show, is dropped: that one field is lost, never the feed.
//!
//! It is the slow path: [`super::xml`] calls it only when the document
//! needs it (feed-rs refused it, or its root names one of these dialects),
//! so well-formed feeds cost nothing more. It is one pass, and what it
//! writes is bounded: at most a few bytes more per byte read.

use base64::Engine as _;
use quick_xml::escape::resolve_html5_entity;

/// Atom 1.0's namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";
/// Atom 0.3's namespace.
pub(super) const ATOM_03: &str = "http://purl.org/atom/ns#";
/// RSS 1.0's namespace.
const RSS_1: &str = "http://purl.org/rss/1.0/";
/// RSS 0.90's (Netscape's) namespace.
pub(super) const RSS_090: &str = "http://my.netscape.com/rdf/simple/0.9/";

/// How deep elements may nest before deeper start tags are read as text:
/// far beyond any feed, and it keeps the stack of open elements bounded.
const MAX_DEPTH: usize = 256;

/// What kind of document is being repaired, from its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// Nothing to rename.
    Plain,
    /// Atom 0.3: element names and content modes differ from 1.0.
    Atom03,
}

/// The family of the root element: which elements hold text, and how the
/// channel is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    /// `<rss>`: RSS 0.9x and 2.0.
    Rss,
    /// `<rdf:RDF>`: RSS 0.90 and 1.0.
    Rdf,
    /// `<feed>` or a lone `<entry>`: Atom.
    Atom,
    /// Anything else (left to feed-rs to refuse).
    Other,
}

/// Most entities a document's own DTD may declare, and the longest value
/// one may have: a DTD names a handful (a publisher's name, a symbol),
/// and the bounds keep a hostile subset from growing the document.
const MAX_ENTITIES: usize = 64;
/// See [`MAX_ENTITIES`].
const MAX_ENTITY_LEN: usize = 256;

/// The entities a document's internal DTD subset declares, by name.
type Entities = Vec<(String, String)>;

/// `text` as well-formed RSS or Atom that feed-rs reads (see the module
/// documentation).
pub(super) fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 64);
    let mut open: Vec<String> = Vec::new();
    let mut dialect = Dialect::Plain;
    let mut family = Family::Other;
    let mut entities: Entities = Vec::new();
    // The depth (length of `open`) of the element whose text is being
    // read, when it holds text: tags inside it are text (inline markup).
    let mut in_text: Option<usize> = None;
    let mut seen_root = false;
    let mut at = 0;
    while at < text.len() {
        let Some(lt) = text[at..].find('<').map(|i| at + i) else {
            push_text(&mut out, &text[at..], &entities);
            break;
        };
        push_text(&mut out, &text[at..lt], &entities);
        let rest = &text[lt..];
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            match body.find("]]>") {
                Some(end) => {
                    out.push_str(&rest[..9 + end + 3]);
                    at = lt + 9 + end + 3;
                }
                None => {
                    // Cut off: what it holds, then its end.
                    out.push_str(rest);
                    out.push_str("]]>");
                    at = text.len();
                }
            }
        } else if let Some(comment) = rest.strip_prefix("<!--") {
            match comment.find("-->") {
                Some(end) => at = lt + 4 + end + 3,
                None => at = text.len(),
            }
        } else if rest.starts_with("<?") {
            match rest.find("?>") {
                Some(end) => {
                    out.push_str(&rest[..end + 2]);
                    at = lt + end + 2;
                }
                None => at = text.len(),
            }
        } else if rest.starts_with("<!") {
            // A DOCTYPE (its internal subset may hold `>`): kept whole, its
            // entities read for the text that uses them.
            match declaration_end(rest) {
                Some(end) => {
                    if !seen_root {
                        entities = declared_entities(&rest[..end]);
                    }
                    out.push_str(&rest[..end]);
                    at = lt + end;
                }
                None => at = text.len(),
            }
        } else if let Some(end_tag) = rest.strip_prefix("</") {
            let Some(close) = end_tag.find('>') else {
                at = text.len();
                continue;
            };
            let name = rename(dialect, end_tag[..close].trim());
            at = lt + 2 + close + 1;
            let depth = open.iter().rposition(|n| n == name);
            if in_text.is_some_and(|d| depth.is_none_or(|depth| depth + 1 > d)) {
                // The end of an inline tag: text, as its start was.
                escape_text(&mut out, &rest[..2 + close + 1]);
                continue;
            }
            // RSS: the channel ends with the document, so that items
            // written after `</channel>` are still the channel's.
            if family == Family::Rss && name == "channel" && depth == Some(1) {
                continue;
            }
            if let Some(depth) = depth {
                while open.len() > depth {
                    if let Some(n) = open.pop() {
                        close_tag(&mut out, &n);
                    }
                }
                if in_text.is_some_and(|d| open.len() < d) {
                    in_text = None;
                }
            }
        } else {
            let name_len = rest[1..]
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .map_or(rest.len() - 1, |n| n);
            let end = match tag_end(rest) {
                Ok(end) if is_name(&rest[1..1 + name_len]) && open.len() < MAX_DEPTH => end,
                // A start tag cut off at the end of the document.
                Err(TagEnd::Eof) if is_name(&rest[1..1 + name_len]) => {
                    at = text.len();
                    continue;
                }
                // `a < b`, `<3`, `<b <i>`: text, not a tag.
                _ => {
                    out.push_str("&lt;");
                    at = lt + 1;
                    continue;
                }
            };
            if in_text.is_some() {
                // Markup inside text (`<title>Tug <b>race</b></title>`):
                // text, as feedparser and browsers read it, for the
                // sanitizer to clean; feed-rs would drop what it holds.
                escape_text(&mut out, &rest[..end + 1]);
                at = lt + end + 1;
                continue;
            }
            let tag = &rest[1..end];
            let self_closing = tag.ends_with('/');
            let tag = tag.strip_suffix('/').unwrap_or(tag);
            let name = &tag[..name_len.min(tag.len())];
            let mut attrs = Attributes::read(&tag[name_len..], &entities);
            if !seen_root {
                seen_root = true;
                dialect = root_dialect(name, &mut attrs);
                family = root_family(name);
            }
            let name = rename(dialect, name).to_owned();
            let content = text_construct(dialect, &name, &mut attrs);
            at = lt + end + 1;
            attrs.drop_bad_base();
            // Text elements with nothing in them: feed-rs refuses a whole
            // feed over an empty `<media:description>`; nothing is lost.
            if holds_text(family, &name, attrs.get("type"), attrs.get("src").is_some()) {
                let empty_end = if self_closing {
                    Some(at)
                } else {
                    empty_element_end(text, at, &name)
                };
                if let Some(after) = empty_end {
                    at = after;
                    continue;
                }
            }
            match content {
                TextKind::Keep => {}
                TextKind::Drop | TextKind::Base64 if self_closing => continue,
                TextKind::Drop => {
                    // The element and what it holds: skipped whole.
                    at = skip_element(text, at, &name);
                    continue;
                }
                TextKind::Base64 => {
                    let (inner, after) = element_text(text, at, &name);
                    let decoded = base64::engine::general_purpose::STANDARD
                        .decode(inner.split_whitespace().collect::<String>())
                        .ok()
                        .map(|b| String::from_utf8_lossy(&b).into_owned());
                    open_tag(&mut out, &name, &attrs, false);
                    if let Some(decoded) = decoded {
                        escape_text(&mut out, &decoded);
                    }
                    close_tag(&mut out, &name);
                    at = after;
                    continue;
                }
            }
            match (family, open.len(), name.as_str()) {
                // A channel inside the channel the repair opened (or a
                // second one): one channel.
                (Family::Rss, 2, "channel") if open[1] == "channel" => continue,
                // RSS with no `<channel>`: its children are the channel's.
                (Family::Rss, 1, child) if child != "channel" => {
                    out.push_str("<channel>");
                    open.push("channel".to_owned());
                }
                // RSS 1.0 items belong beside the channel, not in it.
                (Family::Rdf, 2, "item") if open[1] == "channel" => {
                    close_tag(&mut out, "channel");
                    open.pop();
                }
                _ => {}
            }
            open_tag(&mut out, &name, &attrs, self_closing);
            if !self_closing {
                let is_text =
                    holds_text(family, &name, attrs.get("type"), attrs.get("src").is_some());
                open.push(name);
                if is_text {
                    in_text = Some(open.len());
                }
            }
        }
    }
    while let Some(name) = open.pop() {
        close_tag(&mut out, &name);
    }
    out
}

/// The family a root element names.
pub(super) fn root_family(name: &str) -> Family {
    match name.rsplit(':').next().unwrap_or(name) {
        "rss" => Family::Rss,
        "RDF" => Family::Rdf,
        "feed" | "entry" => Family::Atom,
        _ => Family::Other,
    }
}

/// Whether the element `name` holds text, not elements, in documents of
/// `family`: RSS's `title`, `description` and `content:encoded`, Atom's
/// text constructs unless XHTML (whose elements are the content) or out of
/// line (`src`), and Media RSS's `title` and `description`. `kind` is its
/// `type` attribute. Markup inside such an element is text to feed-rs and
/// feedparser alike, and only the repair reads it so.
pub(super) fn holds_text(family: Family, name: &str, kind: Option<&str>, has_src: bool) -> bool {
    let (prefix, local) = match name.rsplit_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, name),
    };
    match (family, prefix, local) {
        (_, Some("media"), "title" | "description") => true,
        (Family::Rss | Family::Rdf, None, "title" | "description") => true,
        (Family::Rss | Family::Rdf, Some(_), "encoded") => true,
        (
            Family::Atom,
            None | Some("atom"),
            "title" | "subtitle" | "summary" | "content" | "rights",
        ) => !has_src && !kind.is_some_and(|k| k.trim().eq_ignore_ascii_case("xhtml")),
        _ => false,
    }
}

/// Whether an element of local name `local` may hold text by
/// [`holds_text`], for a caller that would rather not read its attributes
/// otherwise.
pub(super) fn may_hold_text(local: &str) -> bool {
    matches!(
        local,
        "title" | "description" | "encoded" | "subtitle" | "summary" | "content" | "rights"
    )
}

/// Where an element whose start tag ended at `from` ends when it holds
/// nothing but whitespace before its end tag; `None` when it holds more.
fn empty_element_end(text: &str, from: usize, name: &str) -> Option<usize> {
    let rest = &text[from..];
    let inner = rest.len() - rest.trim_start().len();
    let after = rest[inner..].strip_prefix("</")?.strip_prefix(name)?;
    let close = after.len() - after.trim_start().len();
    after[close..]
        .starts_with('>')
        .then(|| text.len() - after.len() + close + 1)
}

/// The entities an internal DTD subset declares (`<!ENTITY town "Kettlewick">`)
/// whose value is plain text or one character reference, as feedparser
/// accepts them; others (parameter entities, external ones, values with
/// markup or other references) are not read, so nothing expands into more
/// than its declared text. At most [`MAX_ENTITIES`], each at most
/// [`MAX_ENTITY_LEN`] bytes.
fn declared_entities(doctype: &str) -> Entities {
    let mut entities = Vec::new();
    for (at, _) in doctype.match_indices("<!ENTITY") {
        if entities.len() >= MAX_ENTITIES {
            break;
        }
        let rest = doctype[at + 8..].trim_start();
        let name_len = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let (name, rest) = rest.split_at(name_len);
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|q| matches!(q, '"' | '\'')) else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            continue;
        };
        let value = &rest[1..1 + end];
        let plain = !value.contains(['&', '<', '%']);
        let reference = value
            .strip_prefix('&')
            .and_then(|v| v.strip_suffix(';'))
            .and_then(char_reference);
        let value = match (plain, reference) {
            (true, _) => value.to_owned(),
            (false, Some(c)) => c.to_string(),
            (false, None) => continue,
        };
        if is_name(name)
            && value.len() <= MAX_ENTITY_LEN
            && !entities.iter().any(|(n, _)| n == name)
        {
            entities.push((name.to_owned(), value));
        }
    }
    entities
}

/// What a start tag's text construct (Atom `title`, `summary`, `content`)
/// becomes.
enum TextKind {
    /// Written as it is (its `type` possibly renamed).
    Keep,
    /// Its base64 text decoded (Atom 0.3 `mode="base64"`).
    Base64,
    /// Dropped, with what it holds: a media type no reader shows.
    Drop,
}

/// Renames a text construct's `type` to the kind Atom 1.0 names, and says
/// what becomes of it.
fn text_construct(dialect: Dialect, name: &str, attrs: &mut Attributes) -> TextKind {
    let local = name.rsplit(':').next().unwrap_or(name);
    if !matches!(
        local,
        "title" | "subtitle" | "summary" | "content" | "rights"
    ) {
        return TextKind::Keep;
    }
    let mode = if dialect == Dialect::Atom03 {
        attrs.take("mode")
    } else {
        None
    };
    let kind = attrs.get("type").map(|t| {
        t.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    let has_src = attrs.get("src").is_some();
    let renamed = match kind.as_deref() {
        None | Some("text" | "html" | "xhtml") => None,
        Some("text/html") => Some("html"),
        Some("application/xhtml+xml") => Some("xhtml"),
        Some(t) if t.starts_with("text/") => Some("text"),
        // Out-of-line content of any type: feed-rs reads its `src`.
        Some(_) if has_src => None,
        Some(_) if mode.as_deref() == Some("base64") => Some("html"),
        Some(_) if local == "content" => return TextKind::Drop,
        Some(_) => Some("text"),
    };
    // Atom 0.3: escaped content is HTML (or text) written as text.
    let renamed = match (mode.as_deref(), renamed) {
        (Some("escaped"), Some("xhtml")) => Some("html"),
        (Some("escaped"), None) if kind.is_none() => Some("html"),
        _ => renamed,
    };
    if let Some(kind) = renamed {
        attrs.set("type", kind);
    }
    if mode.as_deref() == Some("base64") {
        attrs.set("type", "html");
        return TextKind::Base64;
    }
    TextKind::Keep
}

/// The dialect a root element names, its namespace declarations rewritten
/// to the ones feed-rs reads.
fn root_dialect(name: &str, attrs: &mut Attributes) -> Dialect {
    let local = name.rsplit(':').next().unwrap_or(name);
    match local {
        // RSS has no namespace: a default one only hides its elements.
        "rss" => {
            attrs.take("xmlns");
            Dialect::Plain
        }
        "RDF" => {
            if attrs.get("xmlns") == Some(RSS_090) {
                attrs.set("xmlns", RSS_1);
            }
            Dialect::Plain
        }
        "feed" | "entry" => {
            let mut dialect = Dialect::Plain;
            for value in attrs.values_mut(|key| key == "xmlns" || key.starts_with("xmlns:")) {
                if value == ATOM_03 {
                    *value = ATOM.to_owned();
                    dialect = Dialect::Atom03;
                }
            }
            if dialect == Dialect::Atom03 {
                attrs.take("version");
            }
            dialect
        }
        _ => Dialect::Plain,
    }
}

/// Atom 0.3's element names as Atom 1.0 writes them (with any prefix).
fn rename(dialect: Dialect, name: &str) -> &str {
    if dialect != Dialect::Atom03 {
        return name;
    }
    let (prefix, local) = match name.rsplit_once(':') {
        Some((prefix, local)) => (Some(prefix), local),
        None => (None, name),
    };
    let renamed = match local {
        "modified" => "updated",
        "issued" => "published",
        "tagline" => "subtitle",
        "copyright" => "rights",
        "url" => "uri",
        _ => return name,
    };
    // Only unprefixed names are renamed: a prefixed one is Atom's only when
    // its prefix is bound to Atom, and 0.3 feeds write Atom unprefixed.
    match prefix {
        None => renamed,
        Some(_) => name,
    }
}

/// A start tag's attributes, as `(name, value)` with the value unescaped
/// as a lenient reader reads it.
pub(super) struct Attributes(Vec<(String, String)>);

impl Attributes {
    /// Reads `name="value"`, `name='value'`, `name=value` and bare `name`.
    fn read(mut raw: &str, entities: &Entities) -> Attributes {
        let mut attrs = Vec::new();
        loop {
            raw = raw.trim_start();
            if raw.is_empty() {
                break;
            }
            let name_len = raw
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(raw.len());
            let name = &raw[..name_len];
            raw = raw[name_len..].trim_start();
            let value = match raw.strip_prefix('=') {
                Some(after) => {
                    let after = after.trim_start();
                    match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let body = &after[1..];
                            let end = body.find(q).unwrap_or(body.len());
                            raw = body.get(end + 1..).unwrap_or_default();
                            &body[..end]
                        }
                        _ => {
                            let end = after
                                .find(|c: char| c.is_whitespace())
                                .unwrap_or(after.len());
                            raw = &after[end..];
                            &after[..end]
                        }
                    }
                }
                None => "",
            };
            if is_name(name) && !attrs.iter().any(|(n, _)| n == name) {
                attrs.push((name.to_owned(), unescape(value, entities)));
            }
            if name_len == 0 {
                // Not a name: skip one character so the loop moves on.
                let skip = raw.chars().next().map_or(0, char::len_utf8);
                raw = &raw[skip..];
            }
        }
        Attributes(attrs)
    }

    /// Drops an `xml:base` no URL parser reads (`http://exa mple.com/`):
    /// feed-rs refuses the whole feed over one; relative URLs under it
    /// resolve against the base around it instead.
    fn drop_bad_base(&mut self) {
        let Some(base) = self.get("xml:base") else {
            return;
        };
        let readable = match url::Url::parse(base) {
            Ok(_) => true,
            Err(url::ParseError::RelativeUrlWithoutBase) => url::Url::parse("http://base.invalid/")
                .and_then(|root| root.join(base))
                .is_ok(),
            Err(_) => false,
        };
        if !readable {
            self.take("xml:base");
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let at = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(at).1)
    }

    fn set(&mut self, name: &str, value: &str) {
        match self.0.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.0.push((name.to_owned(), value.to_owned())),
        }
    }

    fn values_mut(&mut self, wanted: impl Fn(&str) -> bool) -> impl Iterator<Item = &mut String> {
        self.0
            .iter_mut()
            .filter(move |(n, _)| wanted(n))
            .map(|(_, v)| v)
    }
}

fn open_tag(out: &mut String, name: &str, attrs: &Attributes, self_closing: bool) {
    out.push('<');
    out.push_str(name);
    for (key, value) in &attrs.0 {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        escape(out, value, true);
        out.push('"');
    }
    out.push_str(if self_closing { "/>" } else { ">" });
}

fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Text between tags, its references made well-formed: a bare `&` is
/// escaped, an HTML named reference or an entity the document's DTD
/// declares becomes its characters (escaped).
fn push_text(out: &mut String, text: &str, entities: &Entities) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest, entities) {
            Some((len, Reference::Keep)) => {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            Some((len, Reference::Text(chars))) => {
                escape_text(out, chars);
                rest = &rest[len..];
            }
            None => {
                out.push_str("&amp;");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// What a `&…;` at the start of a text is.
enum Reference<'e> {
    /// XML's own (`&amp;`, `&#8212;`, `&#x2014;`): kept as written.
    Keep,
    /// An HTML named reference or a declared entity: the text it names.
    Text(&'e str),
}

/// The reference at the start of `text` (which starts with `&`) and its
/// length, if it is one.
fn reference<'e>(text: &str, entities: &'e Entities) -> Option<(usize, Reference<'e>)> {
    // The longest HTML name is 31 characters (`&CounterClockwiseContourIntegral;`);
    // a declared entity's name may be longer.
    // Bytes: the window may end inside a character.
    let semi = text.as_bytes()[1..text.len().min(2 + MAX_ENTITY_LEN)]
        .iter()
        .position(|&b| b == b';')?
        + 1;
    let body = &text[1..semi];
    if char_reference(body).is_some() || matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
        return Some((semi + 1, Reference::Keep));
    }
    if let Some((_, value)) = entities.iter().find(|(name, _)| name == body) {
        return Some((semi + 1, Reference::Text(value)));
    }
    resolve_html5_entity(body).map(|chars| (semi + 1, Reference::Text(chars)))
}

/// Whether XML 1.0 allows `c` in a document (a reference to NUL or most
/// control characters is not well-formed).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// An attribute value as a lenient reader reads it: references resolved
/// (XML's, HTML's and the DTD's), a bare `&` literal.
fn unescape(value: &str, entities: &Entities) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let resolved = rest.find(';').and_then(|semi| {
            let body = &rest[1..semi];
            let chars: Option<String> = match body.starts_with('#') {
                true => char_reference(body).map(String::from),
                false => entities
                    .iter()
                    .find(|(name, _)| name == body)
                    .map(|(_, value)| value.clone())
                    .or_else(|| resolve_html5_entity(body).map(str::to_owned)),
            };
            chars.map(|c| (semi + 1, c))
        });
        match resolved {
            Some((len, chars)) => {
                out.push_str(&chars);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text` escaped for XML text (`attribute`: for a double-quoted
/// attribute value), without the characters XML does not allow.
fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' if !attribute => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

fn escape_text(out: &mut String, text: &str) {
    escape(out, text, false);
}

/// The character a numeric reference's body (`#8212`, `#x2014`) names,
/// if XML allows it.
fn char_reference(body: &str) -> Option<char> {
    let number = body.strip_prefix('#')?;
    match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => number.parse::<u32>().ok(),
    }
    .and_then(char::from_u32)
    .filter(|c| is_xml_char(*c))
}

/// Whether `name` can be an XML element or attribute name.
fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

/// Why a start tag has no end.
enum TagEnd {
    /// The document ends first.
    Eof,
    /// Another `<` comes first: it was never a tag (`<b <i>`).
    Interrupted,
}

/// Where the start tag at the start of `text` ends (the index of its
/// `>`, outside quoted values).
fn tag_end(text: &str) -> Result<usize, TagEnd> {
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return Ok(i),
            (None, b'<') => return Err(TagEnd::Interrupted),
            _ => {}
        }
    }
    Err(TagEnd::Eof)
}

/// Where the `<!…>` declaration at the start of `text` ends (just past its
/// `>`), skipping a bracketed internal subset.
fn declaration_end(text: &str) -> Option<usize> {
    let mut depth = 0_i32;
    let mut quote: Option<u8> = None;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'[') => depth += 1,
            (None, b']') => depth -= 1,
            (None, b'>') if depth <= 0 => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Past the end of the element `name` whose start tag ended at `from`
/// (nested elements of the same name counted), or the document's end.
fn skip_element(text: &str, from: usize, name: &str) -> usize {
    element_text(text, from, name).1
}

/// The raw text of the element `name` whose start tag ended at `from`,
/// and where its end tag ends (the document's end if it has none).
fn element_text<'t>(text: &'t str, from: usize, name: &str) -> (&'t str, usize) {
    let rest = &text[from..];
    let open = format!("<{name}");
    let close = format!("</{name}");
    let mut depth = 1_usize;
    let mut at = 0;
    while let Some(lt) = rest[at..].find('<').map(|i| at + i) {
        let here = &rest[lt..];
        if here.starts_with(&close) {
            depth -= 1;
            let end = here.find('>').map_or(rest.len(), |e| lt + e + 1);
            if depth == 0 {
                return (&rest[..lt], from + end);
            }
            at = end;
        } else {
            if here.starts_with(&open)
                && here[open.len()..].starts_with(|c: char| c.is_whitespace() || c == '>')
            {
                depth += 1;
            }
            at = lt + 1;
        }
    }
    (rest, text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ill_formed_text_becomes_well_formed() {
        let cases = [
            ("<t>A & B</t>", "<t>A &amp; B</t>"),
            (
                "<t>A &amp; B &#8212; &#x2014;</t>",
                "<t>A &amp; B &#8212; &#x2014;</t>",
            ),
            ("<t>A&nbsp;B &mdash; &hellip;</t>", "<t>A\u{a0}B — …</t>"),
            ("<t>1 < 2</t>", "<t>1 &lt; 2</t>"),
            ("<t>&#0; &bogus; &</t>", "<t>&amp;#0; &amp;bogus; &amp;</t>"),
            ("<a><b>x</a>", "<a><b>x</b></a>"),
            ("<a>x</b></a>", "<a>x</a>"),
            ("<a><b>x", "<a><b>x</b></a>"),
            ("<a><b>x</b><c at", "<a><b>x</b></a>"),
            ("<a>x <b <i>y</i></a>", "<a>x &lt;b <i>y</i></a>"),
            ("<a><![CDATA[<p>x", "<a><![CDATA[<p>x]]></a>"),
            ("<a><!-- never closed", "<a></a>"),
            (
                "<a href=x&y b='1'>t</a>",
                "<a href=\"x&amp;y\" b=\"1\">t</a>",
            ),
            ("<a t=\"&quot;&eacute;\"/>", "<a t=\"&quot;é\"/>"),
        ];
        for (input, want) in cases {
            assert_eq!(repair(input), want, "{input}");
        }
        // A reference followed by long text whose look-ahead window ends
        // inside a character.
        let long = format!("<t>&nbsp;x{}</t>", "\u{e9}".repeat(300));
        assert_eq!(
            repair(&long),
            format!("<t>\u{a0}x{}</t>", "\u{e9}".repeat(300))
        );
    }

    #[test]
    fn old_dialects_become_the_ones_feed_rs_reads() {
        let rss = repair(
            r#"<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel/></rss>"#,
        );
        assert_eq!(rss, r#"<rss version="2.0"><channel/></rss>"#);
        let rdf = repair(
            r#"<rdf:RDF xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel/></rdf:RDF>"#,
        );
        assert!(rdf.contains(r#"xmlns="http://purl.org/rss/1.0/""#), "{rdf}");
        let atom = repair(concat!(
            r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><tagline>t</tagline>"#,
            r#"<entry><issued>2026-12-01T08:00:00Z</issued><modified>2026-12-01T09:00:00Z</modified>"#,
            r#"<content type="text/html" mode="escaped">&lt;p&gt;x&lt;/p&gt;</content>"#,
            r#"<summary type="text/plain" mode="base64">aGk8Yj4=</summary></entry></feed>"#,
        ));
        assert_eq!(
            atom,
            concat!(
                r#"<feed xmlns="http://www.w3.org/2005/Atom"><subtitle>t</subtitle>"#,
                r#"<entry><published>2026-12-01T08:00:00Z</published><updated>2026-12-01T09:00:00Z</updated>"#,
                r#"<content type="html">&lt;p&gt;x&lt;/p&gt;</content>"#,
                r#"<summary type="html">hi&lt;b&gt;</summary></entry></feed>"#,
            )
        );
    }

    #[test]
    fn content_no_reader_can_show_is_dropped_alone() {
        let atom = repair(concat!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text/plain">T</title>"#,
            r#"<content type="application/octet-stream"><content>nested</content>x</content>"#,
            r#"<summary type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">s</div></summary>"#,
            r#"<content type="video/mp4" src="https://v.example/a.mp4"/></entry></feed>"#,
        ));
        assert_eq!(
            atom,
            concat!(
                r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="text">T</title>"#,
                r#"<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">s</div></summary>"#,
                r#"<content type="video/mp4" src="https://v.example/a.mp4"/></entry></feed>"#,
            )
        );
    }

    #[test]
    fn shapes_feed_rs_misreads_are_rewritten() {
        let cases = [
            // Markup inside text is text; an end tag of an outer element
            // still closes.
            (
                "<rss><channel><title>A <b>b</b></title><item><description><p>x</item></channel></rss>",
                "<rss><channel><title>A &lt;b&gt;b&lt;/b&gt;</title><item><description>&lt;p&gt;x</description></item></channel></rss>",
            ),
            // Atom XHTML keeps its elements; html and text do not.
            (
                r#"<feed><title type="xhtml"><div>a</div></title><summary type="html"><p>s</p></summary></feed>"#,
                r#"<feed><title type="xhtml"><div>a</div></title><summary type="html">&lt;p&gt;s&lt;/p&gt;</summary></feed>"#,
            ),
            // RSS: no channel, items after it; RSS 1.0: items inside it.
            ("<rss><title>T</title><item/></rss>", "<rss><channel><title>T</title><item/></channel></rss>"),
            ("<rss><channel><title>T</title></channel><item/></rss>", "<rss><channel><title>T</title><item/></channel></rss>"),
            (
                "<rdf:RDF><channel><title>T</title><item/></channel></rdf:RDF>",
                "<rdf:RDF><channel><title>T</title></channel><item/></rdf:RDF>",
            ),
            // Empty text elements and unreadable bases go.
            (
                "<feed><entry><media:description></media:description><media:title/><summary> </summary></entry></feed>",
                "<feed><entry></entry></feed>",
            ),
            (r#"<rss><channel xml:base="http://a b/"/></rss>"#, "<rss><channel/></rss>"),
            // A DTD's plain entities; others stay unread.
            (
                r#"<!DOCTYPE rss [<!ENTITY t "Kettle"><!ENTITY x "&t;">]><rss><channel><title a="&t;">&t; &x;</title></channel></rss>"#,
                r#"<!DOCTYPE rss [<!ENTITY t "Kettle"><!ENTITY x "&t;">]><rss><channel><title a="Kettle">Kettle &amp;x;</title></channel></rss>"#,
            ),
        ];
        for (input, want) in cases {
            assert_eq!(repair(input), want, "{input}");
        }
    }

    #[test]
    fn nesting_and_output_stay_bounded() {
        let deep = "<a>".repeat(10_000);
        let out = repair(&deep);
        assert_eq!(out.matches("</a>").count(), MAX_DEPTH);
        assert!(out.len() < deep.len() * 3);
        let amps = "&".repeat(10_000);
        assert!(repair(&amps).len() <= amps.len() * 5);
        // Dropped elements that never end: the first takes the rest of the
        // document with it (one scan, not one per element).
        let unclosed = format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>{}",
            "<content type=\"application/x-y\">x".repeat(100_000)
        );
        assert_eq!(
            repair(&unclosed),
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title></feed>"
        );
    }
}
