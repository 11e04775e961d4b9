//! Script injection: the sanitizer's case table, then whole hostile feeds
//! through `normalize`. The app renders `content_html` as HTML, so any
//! case that slipped through would run in the reader's session.

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::sanitize::{article_html, html, UrlPolicy};
use newsdesk_ingest::signer::MediaSigner;
use url::Url;

use crate::support::{executable_constructs, fixture, has_markup, item, reader_problems};

/// (what the attack is, markup, text that must survive — "" for none).
const CASES: &[(&str, &str, &str)] = &[
    ("script tag", "<p>Hi</p><script>alert(1)</script>", "Hi"),
    ("uppercase script with src", "<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>ok</p>", "ok"),
    ("script in attribute-less p", "<p><script>document.cookie</script>text</p>", "text"),
    ("javascript: link", "<a href=\"javascript:alert(1)\">x</a>", "x"),
    ("mixed-case javascript:", "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "x"),
    ("tab entity inside scheme", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "x"),
    ("newline entity inside scheme", "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>", "x"),
    ("raw tab inside scheme", "<a href=\"java\tscript:alert(1)\">x</a>", "x"),
    ("decimal entity first letter", "<a href=\"&#106;avascript:alert(1)\">x</a>", "x"),
    ("hex entity first letter", "<a href=\"&#x6A;avascript:alert(1)\">x</a>", "x"),
    (
        "every letter as padded decimal, no semicolons",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "x",
    ),
    ("named entity colon", "<a href=\"javascript&colon;alert(1)\">x</a>", "x"),
    ("leading spaces and control char", "<a href=\" &#14; javascript:alert(1)\">x</a>", "x"),
    ("data:text/html link", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "x"),
    ("vbscript: link", "<a href=\"vbscript:msgbox(1)\">x</a>", "x"),
    ("onclick handler", "<p onclick=\"alert(1)\">para</p>", "para"),
    ("img onerror", "<img src=x onerror=alert(1)>", ""),
    ("img javascript: src", "<img src=\"javascript:alert(1)\" alt=\"a\">", ""),
    ("img data: svg src", "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">", ""),
    ("svg onload", "<svg onload=alert(1)><circle r=\"1\"/></svg><p>after</p>", "after"),
    ("script inside svg", "<svg><script>alert(1)</script></svg><p>after</p>", "after"),
    (
        "math with xlink:href",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:alert(1)\">click</maction></math><p>after</p>",
        "after",
    ),
    ("iframe javascript: src", "<iframe src=\"javascript:alert(1)\"></iframe><p>after</p>", "after"),
    ("iframe srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", ""),
    ("form action", "<form action=\"javascript:alert(1)\"><input type=\"submit\"></form>", ""),
    ("button formaction", "<button formaction=\"javascript:alert(1)\">Go</button>", "Go"),
    ("meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><p>x</p>", "x"),
    ("base href", "<base href=\"javascript:alert(1)//\"><a href=\"/a\">x</a>", "x"),
    ("style expression", "<p style=\"width:expression(alert(1))\">x</p>", "x"),
    ("CSS url(javascript:)", "<div style=\"background:url(javascript:alert(1))\">x</div>", "x"),
    ("style element import", "<style>@import 'javascript:alert(1)';</style><p>x</p>", "x"),
    ("object data", "<object data=\"javascript:alert(1)\"></object><p>x</p>", "x"),
    ("embed src", "<embed src=\"javascript:alert(1)\"><p>x</p>", "x"),
    ("unclosed script", "<p>before</p><script>alert(1)", "before"),
    ("unclosed tag with handler", "<p>before</p><img src=x onerror=alert(1)//", "before"),
    ("comment hiding script", "<!-- <script>alert(1)</script> --><p>x</p>", "x"),
    ("conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]--><p>x</p>", "x"),
    ("CDATA in HTML", "<![CDATA[<script>alert(1)</script>]]><p>x</p>", "x"),
    ("nested split script", "<scr<script>ipt>alert(1)</scr</script>ipt>", ""),
    ("entity in attribute name", "<img src=\"https://a.example/i.png\" o&#110;error=\"alert(1)\">", ""),
    ("handler on a safe link", "<a href=\"https://ok.example/\" onmouseover=\"alert(1)\">ok</a>", "ok"),
    ("details ontoggle", "<details open ontoggle=alert(1)><summary>s</summary></details>", "s"),
    ("video source onerror", "<video><source onerror=\"alert(1)\"></video><p>x</p>", "x"),
    ("body onload", "<body onload=alert(1)><p>x</p></body>", "x"),
    ("isindex action", "<isindex action=\"javascript:alert(1)\" type=\"image\"><p>x</p>", "x"),
    ("img style expression", "<img src=\"https://a.example/i.png\" style=\"x:expression(alert(1))\">", ""),
    ("noscript mutation", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", ""),
    (
        "svg/style namespace confusion",
        "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
        "",
    ),
    ("quote breaking title", "<a href=\"javascript:alert(1)\" title=\"&quot;onmouseover=alert(1)\">x</a>", "x"),
    ("table background", "<table background=\"javascript:alert(1)\"><tr><td>cell</td></tr></table>", "cell"),
    ("link stylesheet", "<link rel=\"stylesheet\" href=\"javascript:alert(1)\"><p>x</p>", "x"),
    ("template content", "<template><script>alert(1)</script></template><p>x</p>", "x"),
    ("textarea content", "<textarea><script>alert(1)</script></textarea><p>x</p>", "x"),
    ("h1 with handler", "<h1 onclick=\"alert(1)\" id=\"top\" class=\"big\">Headline</h1>", "Headline"),
    ("protocol-relative img with onload", "<img src=\"//evil.example/x.png\" onload=\"alert(1)\">", ""),
    ("target=_blank link", "<a href=\"https://ok.example/\" target=\"_blank\">ok</a>", "ok"),
];

/// A named way of cleaning a fragment.
type Cleaner = (&'static str, Box<dyn Fn(&str) -> String>);

/// Both sanitizers: the demo's (`html`) and the publishers' (`article_html`,
/// which also resolves and signs).
fn cleaners() -> Vec<Cleaner> {
    let policy = UrlPolicy {
        base: Url::parse("https://riverbank.example/news/").ok(),
        media: MediaSigner::new("hostile-test-key-0123456789").ok(),
    };
    let bare = UrlPolicy::default();
    vec![
        ("html", Box::new(html)),
        (
            "article_html",
            Box::new(move |s: &str| article_html(s, &policy)),
        ),
        (
            "article_html without base",
            Box::new(move |s: &str| article_html(s, &bare)),
        ),
    ]
}

#[test]
fn no_injection_case_leaves_anything_executable() {
    assert!(CASES.len() >= 30, "the table is the point: keep it long");
    for (name, clean) in cleaners() {
        for (what, input, keep) in CASES {
            let output = clean(input);
            let found = executable_constructs(&output);
            assert!(found.is_empty(), "{name} / {what}: {found:?} in {output:?}");
            assert!(
                newsdesk_ingest::sanitize::plain_text(&output).contains(keep),
                "{name} / {what}: lost the text {keep:?}: {output:?}"
            );
        }
    }
}

#[test]
fn safe_markup_survives_with_fixed_links() {
    let policy = UrlPolicy {
        base: Url::parse("https://riverbank.example/news/").ok(),
        media: None,
    };
    // (input, output)
    let cases = [
        (
            "<a href=\"https://ok.example/\" target=\"_blank\" onmouseover=\"x()\">ok</a>",
            "<a href=\"https://ok.example/\" rel=\"noopener noreferrer\">ok</a>",
        ),
        ("<h1 id=\"top\">Headline</h1>", "<h2>Headline</h2>"),
        ("<h6>Small</h6><h10>x</h10>", "<h4>Small</h4>x"),
        (
            "<img src=\"pic.jpg\" alt=\"A pier\">",
            "<img src=\"https://riverbank.example/news/pic.jpg\" alt=\"A pier\">",
        ),
        (
            "<a href=\"mailto:desk@riverbank.example\">mail us</a>",
            "<a href=\"mailto:desk@riverbank.example\" rel=\"noopener noreferrer\">mail us</a>",
        ),
        (
            "<table><tr><td colspan=\"2\" style=\"x\">cell</td></tr></table>",
            "<table><tbody><tr><td colspan=\"2\">cell</td></tr></tbody></table>",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(article_html(input, &policy), want, "{input}");
    }
}

#[test]
fn hostile_feeds_come_out_clean_through_normalize() {
    // (fixture, the item's title as a reader sees it)
    let cases = [
        ("hostile.xml", "Breaking: harbour closed"),
        ("hostile-atom.xml", "Tide high tonight"),
        ("hostile-atom.xml", "Flood gates"),
    ];
    for signed in [false, true] {
        let mut options = NormalizeOptions::new("hostile");
        if signed {
            options.media = MediaSigner::new("hostile-test-key-0123456789").ok();
        }
        for (name, title) in cases {
            let feed = normalize(&fixture(name), None, &options).unwrap();
            let problems = reader_problems(&feed);
            assert!(problems.is_empty(), "{name}: {problems:#?}");
            let story = item(&feed, title);
            for text in [
                Some(feed.title.as_str()),
                story.title.as_deref(),
                story.summary.as_deref(),
                story.content_text.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(!text.contains('<'), "{name}: text field {text:?} holds '<'");
                assert!(!has_markup(text));
            }
            let html = story.content_html.as_deref().unwrap_or_default();
            assert!(executable_constructs(html).is_empty(), "{name}: {html}");
            let json = feed.to_json().to_ascii_lowercase();
            for needle in ["<script", "javascript:", "vbscript:", "onerror=", "onload="] {
                assert!(
                    !json.contains(needle),
                    "{name}: {needle} in the served JSON"
                );
            }
        }
    }
    let feed = normalize(&fixture("hostile.xml"), None, &NormalizeOptions::new("h")).unwrap();
    assert_eq!(feed.title, "Hostile Herald");
    assert_eq!(
        feed.items[0].summary.as_deref(),
        Some("Summary with a link")
    );
    assert_eq!(
        feed.items[0].tags,
        Vec::<String>::new(),
        "the svg tag swallowed its text"
    );
    assert!(
        feed.items[0].attachments.is_empty(),
        "javascript: enclosure dropped"
    );
    assert_eq!(feed.items[0].image, None, "data: thumbnail dropped");
    let atom = normalize(
        &fixture("hostile-atom.xml"),
        None,
        &NormalizeOptions::new("h"),
    )
    .unwrap();
    assert_eq!(atom.title, "Hostile Atom");
    assert_eq!(atom.authors[0].name.as_deref(), Some("Night desk"));
    assert_eq!(
        atom.authors[0].url.as_deref(),
        Some("https://hostile.example/")
    );
}
