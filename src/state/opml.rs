//! OPML 2.0, the format feed readers exchange subscription lists in:
//! writing the reader's followed sources, and reading a list from another
//! reader. Pure functions, no I/O.

use newsdesk_feed::Source;

/// One subscription read from an OPML file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// `title` or `text`.
    pub title: String,
    /// The feed's URL (`xmlUrl`).
    pub xml_url: String,
    /// The site's URL (`htmlUrl`), if given.
    pub html_url: Option<String>,
}

/// An OPML 2.0 document listing `sources`, whose feeds live under `origin`
/// (e.g. `https://news.example.org`): each outline's `xmlUrl` is the
/// source's JSON Feed on this proxy, which any reader can subscribe to.
pub fn export(sources: &[Source], origin: &str, created: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head>\n    <title>Newsdesk: followed sources</title>\n",
    );
    out.push_str(&format!(
        "    <dateCreated>{}</dateCreated>\n",
        escape(created)
    ));
    out.push_str("  </head>\n  <body>\n");
    for source in sources {
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{xml}\"",
            title = escape(&source.title),
            xml = escape(&format!("{origin}{}", source.feed_url)),
        ));
        if let Some(home) = &source.home_page_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape(home)));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

/// Every `<outline>` with an `xmlUrl` in an OPML document (nested folders
/// included). Anything else is skipped: an odd file gives fewer outlines,
/// never an error.
pub fn outlines(document: &str) -> Vec<Outline> {
    let mut found = Vec::new();
    let mut rest = document;
    while let Some(start) = rest.find("<outline") {
        rest = &rest[start + "<outline".len()..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        rest = &rest[end..];
        let Some(xml_url) = attribute(tag, "xmlUrl") else {
            continue;
        };
        let title = attribute(tag, "title")
            .or_else(|| attribute(tag, "text"))
            .unwrap_or_else(|| xml_url.clone());
        found.push(Outline {
            title,
            xml_url,
            html_url: attribute(tag, "htmlUrl"),
        });
    }
    found
}

/// Which of `sources` an outline names: its `xmlUrl` is the source's feed
/// on this proxy (any origin), or its site or title is the source's.
pub fn matching<'a>(outline: &Outline, sources: &'a [Source]) -> Option<&'a Source> {
    let same = |a: &str, b: &str| {
        a.trim_end_matches('/')
            .eq_ignore_ascii_case(b.trim_end_matches('/'))
    };
    sources.iter().find(|s| {
        outline.xml_url.trim_end_matches('/').ends_with(&s.feed_url)
            || outline
                .html_url
                .as_deref()
                .zip(s.home_page_url.as_deref())
                .is_some_and(|(a, b)| same(a, b))
            || outline.title.trim().eq_ignore_ascii_case(s.title.trim())
    })
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    loop {
        let at = search.find(name)?;
        let before = search[..at].chars().last();
        let after = &search[at + name.len()..];
        search = after;
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let after = after.trim_start();
        let Some(after) = after.strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &after[1..];
        let end = value.find(quote)?;
        return Some(unescape(&value[..end]));
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_feed::Author;

    fn source(id: &str, title: &str, home: &str) -> Source {
        Source {
            id: id.into(),
            title: title.into(),
            home_page_url: Some(home.into()),
            feed_url: format!("/api/feed/{id}"),
            desk: Author::default(),
            ..Source::default()
        }
    }

    #[test]
    fn export_then_import_finds_the_same_sources() {
        let sources = vec![
            source(
                "news",
                "The Lantern — news & updates",
                "https://lantern.example/news",
            ),
            source("video", "Video \"desk\"", "https://lantern.example/video"),
        ];
        let document = export(
            &sources,
            "https://news.example.org",
            "Thu, 26 Nov 2026 20:00:00 GMT",
        );
        assert!(document.starts_with("<?xml"));
        assert!(document.contains("<opml version=\"2.0\">"));
        assert!(document.contains("xmlUrl=\"https://news.example.org/api/feed/news\""));
        assert!(document.contains("news &amp; updates"), "{document}");
        let read = outlines(&document);
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].title, "The Lantern — news & updates");
        assert_eq!(read[1].title, "Video \"desk\"");
        let ids: Vec<_> = read
            .iter()
            .filter_map(|o| matching(o, &sources))
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(ids, ["news", "video"]);
    }

    #[test]
    fn another_readers_file_matches_by_site_or_title_and_keeps_the_rest() {
        let sources = vec![source(
            "news",
            "Lantern news",
            "https://lantern.example/news",
        )];
        let document = r#"<?xml version="1.0"?>
            <opml version="1.0"><body>
              <outline text="Folder">
                <outline text="Lantern" type="rss" xmlUrl="https://lantern.example/feed.xml" htmlUrl="https://lantern.example/news/"/>
                <outline title='LANTERN NEWS' xmlUrl='https://elsewhere.example/rss'/>
                <outline text="Riverbank" xmlUrl="https://riverbank.example/feed?a=1&amp;b=2"/>
              </outline>
              <outline text="no feed here"/>
            </body></opml>"#;
        let read = outlines(document);
        assert_eq!(read.len(), 3, "{read:?}");
        assert_eq!(read[2].xml_url, "https://riverbank.example/feed?a=1&b=2");
        assert!(matching(&read[0], &sources).is_some(), "by site");
        assert!(matching(&read[1], &sources).is_some(), "by title");
        assert!(matching(&read[2], &sources).is_none());
    }

    #[test]
    fn garbage_is_no_outlines_not_a_panic() {
        for document in [
            "",
            "<outline",
            "<outline xmlUrl=",
            "<outline xmlUrl=\"x",
            "\u{0}<<>>",
        ] {
            let _ = outlines(document);
        }
        assert!(outlines("not xml").is_empty());
    }
}
