//! Documents that are not feeds get a clear error, never a panic.

use newsdesk_ingest::normalize::{normalize, NormalizeError, NormalizeOptions};
use newsdesk_ingest::parser::{ParseError, MAX_FEED_BYTES};

use crate::support::fixture;

#[test]
fn broken_documents_are_clear_errors() {
    let html_page =
        b"<!DOCTYPE html><html><head><title>Riverbank</title></head><body>Hi</body></html>"
            .to_vec();
    // (what, bytes, expected error, words the operator reads)
    let cases: Vec<(&str, Vec<u8>, NormalizeError, &str)> = vec![
        (
            "garbage.bin",
            fixture("garbage.bin"),
            NormalizeError::Parse(ParseError::NotAFeed),
            "not a feed: expected RSS, Atom or JSON Feed",
        ),
        (
            "empty.xml",
            fixture("empty.xml"),
            NormalizeError::Parse(ParseError::Empty),
            "the feed is empty",
        ),
        (
            "whitespace",
            b" \n\t \r\n".to_vec(),
            NormalizeError::Parse(ParseError::Empty),
            "the feed is empty",
        ),
        (
            "an HTML page",
            html_page,
            NormalizeError::Parse(ParseError::NotAFeed),
            "is this a web page?",
        ),
        (
            "plain text",
            b"Riverbank Post: coming soon".to_vec(),
            NormalizeError::Parse(ParseError::NotAFeed),
            "not a feed",
        ),
        (
            "XML that is no feed",
            b"<?xml version=\"1.0\"?><config><a/></config>".to_vec(),
            NormalizeError::Parse(ParseError::NotAFeed),
            "not a feed",
        ),
        (
            "JSON that is no feed",
            br#"{"name":"riverbank","items":3}"#.to_vec(),
            NormalizeError::Parse(ParseError::NotAFeed),
            "not a feed",
        ),
        (
            "JSON Feed 2",
            br#"{"version":"https://jsonfeed.org/version/2","title":"T","items":[]}"#.to_vec(),
            NormalizeError::Parse(ParseError::UnsupportedVersion(
                "https://jsonfeed.org/version/2".into(),
            )),
            "unsupported JSON Feed version",
        ),
        (
            "too large",
            vec![b' '; MAX_FEED_BYTES + 1],
            NormalizeError::Parse(ParseError::TooLarge {
                limit: MAX_FEED_BYTES,
            }),
            "larger than 16 MB",
        ),
    ];
    for (what, bytes, want, words) in cases {
        let error = normalize(&bytes, None, &NormalizeOptions::new("desk")).unwrap_err();
        assert_eq!(error, want, "{what}");
        assert!(error.to_string().contains(words), "{what}: {error}");
    }
}

#[test]
fn cut_off_and_broken_json_say_so() {
    // (A field of the wrong type, `"id": true`, loses that field alone:
    // tests/lenient.)
    let cases: [(&str, Vec<u8>); 2] = [
        (
            "JSON cut off",
            br#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"#
                .to_vec(),
        ),
        (
            "not JSON after the brace",
            br#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":true},]}"#
                .to_vec(),
        ),
    ];
    for (what, bytes) in cases {
        let error = normalize(&bytes, None, &NormalizeOptions::new("desk")).unwrap_err();
        assert!(
            matches!(error, NormalizeError::Parse(ParseError::Malformed(_))),
            "{what}: {error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("the feed is broken or cut off"),
            "{what}: {error}"
        );
    }
}

/// XML that a strict parser refuses is read as forgiving readers read it
/// (issue 13): a cut-off feed keeps what it holds, a stray end tag closes
/// what was open.
#[test]
fn cut_off_and_broken_xml_keep_what_they_hold() {
    let truncated = normalize(
        &fixture("truncated.xml"),
        None,
        &NormalizeOptions::new("desk"),
    )
    .unwrap();
    assert_eq!(truncated.title, "The Riverbank Post");
    assert!(
        truncated
            .items
            .iter()
            .any(|i| i.title.as_deref() == Some("Ferry service resumes after flood repairs")),
        "{:?}",
        truncated.items.iter().map(|i| &i.title).collect::<Vec<_>>()
    );
    truncated.validate().unwrap();
    let mismatched = b"<rss version=\"2.0\"><channel><title>T</channel></rss>";
    let feed = normalize(mismatched, None, &NormalizeOptions::new("desk")).unwrap();
    assert_eq!(feed.title, "T");
    // A web page, broken or not, is still no feed.
    let page = normalize(
        b"<html><body><p>a & b",
        None,
        &NormalizeOptions::new("desk"),
    );
    assert_eq!(page, Err(NormalizeError::Parse(ParseError::NotAFeed)));
}

#[test]
fn a_feed_with_no_items_is_an_empty_page_not_an_error() {
    let cases: [&[u8]; 3] = [
        b"<rss version=\"2.0\"><channel><title>Quiet day</title></channel></rss>",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Quiet day</title></feed>",
        br#"{"version":"https://jsonfeed.org/version/1.1","title":"Quiet day","items":[]}"#,
    ];
    for bytes in cases {
        let feed = normalize(bytes, None, &NormalizeOptions::new("desk")).unwrap();
        assert_eq!(feed.title, "Quiet day");
        assert!(feed.items.is_empty());
        feed.validate().unwrap();
    }
}

#[test]
fn a_feed_without_title_is_named_after_its_desk_or_source() {
    let cases: [(&[u8], &str); 2] = [
        (b"<rss version=\"2.0\"><channel><item><title>Only item</title></item></channel></rss>", "desk"),
        (
            b"<rss version=\"2.0\"><channel><managingEditor>ed@quiet.example (Quiet desk)</managingEditor></channel></rss>",
            "Quiet desk",
        ),
    ];
    for (bytes, title) in cases {
        let feed = normalize(bytes, None, &NormalizeOptions::new("desk")).unwrap();
        assert_eq!(feed.title, title);
        feed.validate().unwrap();
    }
}

#[test]
fn a_second_xml_declaration_does_not_crash_the_parser() {
    // Regression: a feed with another `<?xml … encoding=…?>` further down
    // (two feeds concatenated by a broken CMS) made quick-xml, inside
    // feed-rs, panic with "set_encoding() called after prefix buffer was
    // drained". The stray declaration is now cut out before parsing.
    let rss = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Twice</title>\
        <?xml version=\"1.0\" encoding=\"windows-1251\"?>\
        <item><title>Still here</title><guid>t-1</guid></item></channel></rss>";
    let feed = normalize(rss, None, &NormalizeOptions::new("twice")).unwrap();
    assert_eq!(feed.items[0].title.as_deref(), Some("Still here"));
}
