//! What the most forgiving readers read (issue 13, item 1): every format
//! and version, namespaces as publishers write them, fallbacks for titles,
//! dates and bodies, and ill-formed documents recovered the way
//! feedparser's loose mode recovers them. Each case is a feed we wrote,
//! shaped like the publishers' that break strict parsers.

use newsdesk_ingest::parser::parse;

/// One case: a name, the document, and what a reader must get from it.
struct Case {
    name: &'static str,
    doc: &'static str,
    title: &'static str,
    first_title: Option<&'static str>,
    first_link: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        name: "RSS 0.90 (RDF, Netscape namespace)",
        doc: r#"<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Quay Notes</title><link>https://quay.example/</link><description>d</description></channel><item><title>Ferry back</title><link>https://quay.example/ferry</link></item></rdf:RDF>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 0.91",
        doc: r#"<rss version="0.91"><channel><title>Quay Notes</title><link>https://quay.example/</link><description>d</description><language>en</language><item><title>Ferry back</title><link>https://quay.example/ferry</link><description>The ferry runs.</description></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 0.92 item without a title",
        doc: r#"<rss version="0.92"><channel><title>Quay Notes</title><link>https://quay.example/</link><item><description>The ferry runs again.</description><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: None,
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 0.93",
        doc: r#"<rss version="0.93"><channel><title>Quay Notes</title><item><title>Ferry back</title><link>https://quay.example/ferry</link><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 0.94",
        doc: r#"<rss version="0.94"><channel><title>Quay Notes</title><item><title>Ferry back</title><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 1.0 (RDF)",
        doc: r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://quay.example/"><title>Quay Notes</title><link>https://quay.example/</link></channel><item rdf:about="https://quay.example/ferry"><title>Ferry back</title><link>https://quay.example/ferry</link><dc:date>2026-12-01T08:00:00Z</dc:date></item></rdf:RDF>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "RSS 2.0 with a default namespace",
        doc: r#"<rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>Quay Notes</title><link>https://quay.example/</link><item><title>Ferry back</title><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "Atom 0.3",
        doc: r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Quay Notes</title><link rel="alternate" type="text/html" href="https://quay.example/"/><modified>2026-12-01T08:00:00Z</modified><entry><title>Ferry back</title><link rel="alternate" type="text/html" href="https://quay.example/ferry"/><id>tag:quay.example,2026:ferry</id><issued>2026-12-01T08:00:00Z</issued><modified>2026-12-01T08:00:00Z</modified><content type="text/html" mode="escaped">&lt;p&gt;The ferry runs.&lt;/p&gt;</content></entry></feed>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "Atom 1.0 with a prefixed root",
        doc: r#"<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:title>Quay Notes</atom:title><atom:link href="https://quay.example/"/><atom:id>q</atom:id><atom:updated>2026-12-01T08:00:00Z</atom:updated><atom:entry><atom:title>Ferry back</atom:title><atom:link href="https://quay.example/ferry"/><atom:id>f</atom:id><atom:updated>2026-12-01T08:00:00Z</atom:updated></atom:entry></atom:feed>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "Atom content of an unknown type loses that field, not the feed",
        doc: r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Notes</title><id>q</id><updated>2026-12-01T08:00:00Z</updated><entry><title>Ferry back</title><link href="https://quay.example/ferry"/><id>f</id><updated>2026-12-01T08:00:00Z</updated><content type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">x</div></content></entry></feed>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "dc:title as the only title",
        doc: r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><dc:title>Quay Notes</dc:title><item><dc:title>Ferry back</dc:title><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "media:title as the only item title",
        doc: r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Quay Notes</title><item><media:content url="https://quay.example/f.mp4" type="video/mp4"><media:title>Ferry back</media:title></media:content><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "upper-case iTunes elements",
        doc: r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd"><channel><title>Quay Talk</title><itunes:Author>Quay desk</itunes:Author><ITUNES:summary>s</ITUNES:summary><item><title>Episode 1</title><link>https://quay.example/e1</link><itunes:Duration>12:00</itunes:Duration></item></channel></rss>"#,
        title: "Quay Talk",
        first_title: Some("Episode 1"),
        first_link: Some("https://quay.example/e1"),
    },
    Case {
        name: "an unescaped ampersand",
        doc: r#"<rss version="2.0"><channel><title>Quay & Harbour</title><item><title>Ferry & tram back</title><link>https://quay.example/ferry?a=1&b=2</link></item></channel></rss>"#,
        title: "Quay & Harbour",
        first_title: Some("Ferry & tram back"),
        first_link: Some("https://quay.example/ferry?a=1&b=2"),
    },
    Case {
        name: "HTML named entities",
        doc: r#"<rss version="2.0"><channel><title>Quay&nbsp;Notes</title><item><title>Ferry back &mdash; at last</title><link>https://quay.example/ferry</link></item></channel></rss>"#,
        title: "Quay\u{a0}Notes",
        first_title: Some("Ferry back — at last"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "unclosed tags at the end",
        doc: r#"<rss version="2.0"><channel><title>Quay Notes</title><item><title>Ferry back</title><link>https://quay.example/ferry</link></item>"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "a truncated document keeps its complete items",
        doc: r#"<rss version="2.0"><channel><title>Quay Notes</title><item><title>Ferry back</title><link>https://quay.example/ferry</link></item><item><title>Tram 4</title><link>https://quay.ex"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
    Case {
        name: "a CDATA section cut off at the end",
        doc: r#"<rss version="2.0"><channel><title>Quay Notes</title><item><title>Ferry back</title><link>https://quay.example/ferry</link></item><item><title>Tram</title><description><![CDATA[<p>The tram"#,
        title: "Quay Notes",
        first_title: Some("Ferry back"),
        first_link: Some("https://quay.example/ferry"),
    },
];

#[test]
fn every_format_and_recovery_case_is_read() {
    let mut failed = Vec::new();
    for case in CASES {
        let got = match parse(case.doc.as_bytes(), None, None) {
            Ok(feed) => {
                let first = feed.entries.first();
                (
                    feed.title.clone(),
                    first.and_then(|e| e.title.clone()),
                    first.and_then(|e| e.url.clone()),
                )
            }
            Err(error) => {
                failed.push(format!("{}: refused ({error})", case.name));
                continue;
            }
        };
        let want = (
            Some(case.title.to_owned()),
            case.first_title.map(str::to_owned),
            case.first_link.map(str::to_owned),
        );
        if got != want {
            failed.push(format!("{}: got {got:?}, want {want:?}", case.name));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases:\n{}",
        failed.len(),
        CASES.len(),
        failed.join("\n")
    );
}

#[test]
fn json_feed_1_0_and_1_1_are_read() {
    for version in [
        "https://jsonfeed.org/version/1",
        "https://jsonfeed.org/version/1.1",
    ] {
        let doc = format!(
            r#"{{"version":"{version}","title":"Quay Notes","items":[{{"id":"1","title":"Ferry back","url":"https://quay.example/ferry","content_text":"x"}}]}}"#
        );
        let feed = parse(doc.as_bytes(), None, None).unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(feed.title.as_deref(), Some("Quay Notes"), "{version}");
        assert_eq!(
            feed.entries[0].title.as_deref(),
            Some("Ferry back"),
            "{version}"
        );
        assert_eq!(
            feed.entries[0].url.as_deref(),
            Some("https://quay.example/ferry")
        );
    }
}

/// 2026-12-01T08:00:00Z.
const DEC_1_0800: i64 = 1_796_112_000;

#[test]
fn dates_come_from_dublin_core_when_the_format_has_none() {
    let doc = r#"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><channel><title>Q</title>
        <item><title>A</title><link>https://q.example/a</link><dc:date>2026-12-01T08:00:00Z</dc:date></item>
        <item><title>B</title><link>https://q.example/b</link><pubDate>Tue, 01 Dec 2026 08:00:00 GMT</pubDate><dcterms:modified>2026-12-01T09:00:00Z</dcterms:modified></item>
        </channel></rss>"#;
    let feed = parse(doc.as_bytes(), None, None).unwrap();
    assert_eq!(feed.entries[0].published, Some(DEC_1_0800), "dc:date");
    assert_eq!(feed.entries[1].published, Some(DEC_1_0800), "pubDate");
    assert_eq!(
        feed.entries[1].modified,
        Some(DEC_1_0800 + 3_600),
        "dcterms:modified"
    );
}

#[test]
fn bodies_come_from_content_encoded_xhtml_and_base64() {
    let rss = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Q</title><item><title>A</title><description>short</description><content:encoded><![CDATA[<p>The whole story.</p>]]></content:encoded></item></channel></rss>"#;
    let feed = parse(rss.as_bytes(), None, None).unwrap();
    assert_eq!(
        feed.entries[0].content_html.as_deref(),
        Some("<p>The whole story.</p>")
    );

    let xhtml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Q</title><id>q</id><updated>2026-12-01T08:00:00Z</updated><entry><title>A</title><id>a</id><updated>2026-12-01T08:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The whole <b>story</b>.</p></div></content></entry></feed>"#;
    let feed = parse(xhtml.as_bytes(), None, None).unwrap();
    let body = feed.entries[0].content_html.as_deref().unwrap_or_default();
    assert!(body.contains("The whole <b>story</b>."), "{body}");

    // "<p>The whole story.</p>" in base64, as Atom 0.3 allows.
    let base64 = r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Q</title><modified>2026-12-01T08:00:00Z</modified><entry><title>A</title><id>a</id><modified>2026-12-01T08:00:00Z</modified><issued>2026-12-01T08:00:00Z</issued><content type="text/html" mode="base64">PHA+VGhlIHdob2xlIHN0b3J5LjwvcD4=</content></entry></feed>"#;
    let feed = parse(base64.as_bytes(), None, None).unwrap();
    assert_eq!(
        feed.entries[0].content_html.as_deref(),
        Some("<p>The whole story.</p>")
    );
    assert_eq!(feed.entries[0].published, Some(DEC_1_0800), "issued");
    assert_eq!(feed.entries[0].modified, Some(DEC_1_0800), "modified");
}
