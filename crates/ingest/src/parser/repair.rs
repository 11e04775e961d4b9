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

/// `text` as well-formed RSS or Atom that feed-rs reads (see the module
/// documentation).
pub(super) fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 64);
    let mut open: Vec<String> = Vec::new();
    let mut dialect = Dialect::Plain;
    let mut seen_root = false;
    let mut at = 0;
    while at < text.len() {
        let Some(lt) = text[at..].find('<').map(|i| at + i) else {
            push_text(&mut out, &text[at..]);
            break;
        };
        push_text(&mut out, &text[at..lt]);
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
            // A DOCTYPE (its internal subset may hold `>`): kept whole.
            match declaration_end(rest) {
                Some(end) => {
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
            let name = end_tag[..close].trim();
            let name = rename(dialect, name);
            if let Some(depth) = open.iter().rposition(|n| n == name) {
                while open.len() > depth {
                    if let Some(n) = open.pop() {
                        close_tag(&mut out, &n);
                    }
                }
            }
            at = lt + 2 + close + 1;
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
            let tag = &rest[1..end];
            let self_closing = tag.ends_with('/');
            let tag = tag.strip_suffix('/').unwrap_or(tag);
            let name = &tag[..name_len.min(tag.len())];
            let mut attrs = Attributes::read(&tag[name_len..]);
            if !seen_root {
                seen_root = true;
                dialect = root_dialect(name, &mut attrs);
            }
            let name = rename(dialect, name).to_owned();
            let content = text_construct(dialect, &name, &mut attrs);
            at = lt + end + 1;
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
            open_tag(&mut out, &name, &attrs, self_closing);
            if !self_closing {
                open.push(name);
            }
        }
    }
    while let Some(name) = open.pop() {
        close_tag(&mut out, &name);
    }
    out
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
struct Attributes(Vec<(String, String)>);

impl Attributes {
    /// Reads `name="value"`, `name='value'`, `name=value` and bare `name`.
    fn read(mut raw: &str) -> Attributes {
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
                attrs.push((name.to_owned(), unescape(value)));
            }
            if name_len == 0 {
                // Not a name: skip one character so the loop moves on.
                let skip = raw.chars().next().map_or(0, char::len_utf8);
                raw = &raw[skip..];
            }
        }
        Attributes(attrs)
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
/// escaped, an HTML named reference becomes its characters (escaped).
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((len, Reference::Keep)) => {
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            Some((len, Reference::Html(chars))) => {
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
enum Reference {
    /// XML's own (`&amp;`, `&#8212;`, `&#x2014;`): kept as written.
    Keep,
    /// An HTML named reference: the characters it names.
    Html(&'static str),
}

/// The reference at the start of `text` (which starts with `&`) and its
/// length, if it is one.
fn reference(text: &str) -> Option<(usize, Reference)> {
    // The longest HTML name is 31 characters (`&CounterClockwiseContourIntegral;`).
    let semi = text.get(1..text.len().min(34))?.find(';')? + 1;
    let body = &text[1..semi];
    if char_reference(body).is_some() || matches!(body, "amp" | "lt" | "gt" | "quot" | "apos") {
        return Some((semi + 1, Reference::Keep));
    }
    resolve_html5_entity(body).map(|chars| (semi + 1, Reference::Html(chars)))
}

/// Whether XML 1.0 allows `c` in a document (a reference to NUL or most
/// control characters is not well-formed).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
}

/// An attribute value as a lenient reader reads it: references resolved
/// (XML's and HTML's), a bare `&` literal.
fn unescape(value: &str) -> String {
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
                false => resolve_html5_entity(body).map(str::to_owned),
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
