//! The JSON Feed 1.1 model as the app and the proxy see it: parsing real-looking
//! documents from `tests/fixtures/jsonfeed/`, writing them back, rejecting
//! broken ones with a message an operator can act on, reading times, dates and
//! the `_newsdesk` extensions.

use std::collections::BTreeSet;
use std::path::PathBuf;

use newsdesk_feed::{
    html_word_count, parse_rfc3339, reading_minutes_for_words, strip_tags, word_count, Attachment,
    Author, DeskInfo, Feed, FeedError, FeedInfo, Item, ItemInfo, VERSION_1_0, VERSION_1_1,
};
use serde_json::Value;

// ---------------------------------------------------------------- helpers

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/jsonfeed")
}

fn fixture(name: &str) -> String {
    let path = fixture_dir().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn parse(name: &str) -> Feed {
    Feed::from_json(&fixture(name)).unwrap_or_else(|e| panic!("{name} should parse: {e}"))
}

/// The feed as written by `to_json`, as a JSON value to inspect keys.
fn written(feed: &Feed) -> Value {
    serde_json::from_str(&feed.to_json()).expect("to_json writes valid JSON")
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, got {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// Every `(path, key)` in a JSON value, and every `null`, for shape checks.
fn walk<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
    out.push((path.clone(), value));
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, format!("{path}.{k}"), out);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                walk(v, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// A one-item 1.1 feed around an item given as JSON.
fn feed_with_item(item_json: &str) -> Result<Feed, FeedError> {
    Feed::from_json(&format!(
        r#"{{"version": "{VERSION_1_1}", "title": "Test desk", "items": [{item_json}]}}"#
    ))
}

fn item(item_json: &str) -> Item {
    feed_with_item(item_json)
        .unwrap_or_else(|e| panic!("item {item_json} should parse: {e}"))
        .items
        .remove(0)
}

/// `n` plain words, e.g. "w0 w1 w2".
fn words(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------- fixtures

/// Valid fixtures: file, version as published, title, number of items.
const VALID: &[(&str, &str, &str, usize)] = &[
    (
        "simple-blog.json",
        VERSION_1_1,
        "Notes from the Allotment",
        2,
    ),
    ("microblog.json", VERSION_1_1, "Harbour master", 2),
    ("podcast.json", VERSION_1_1, "Council Chamber", 1),
    ("jsonfeed-1.0.json", VERSION_1_0, "Riverside Rowing Club", 2),
    (
        "author-and-authors.json",
        VERSION_1_1,
        "Moorland Weather Station",
        1,
    ),
    (
        "full-1.1.json",
        VERSION_1_1,
        "Harbour City Ledger: City desk",
        1,
    ),
    (
        "unknown-fields.json",
        VERSION_1_1,
        "Ferry timetable changes",
        1,
    ),
];

/// What an invalid fixture must be rejected with.
enum Want {
    /// Exactly this error.
    Exact(FeedError),
    /// Some `FeedError::Syntax`.
    Syntax,
}

/// Invalid fixtures: file, expected error, words the message must contain.
fn invalid_cases() -> Vec<(&'static str, Want, &'static [&'static str])> {
    vec![
        (
            "invalid-missing-version.json",
            Want::Exact(FeedError::MissingField("version")),
            &["`version`"],
        ),
        (
            "invalid-unknown-version.json",
            Want::Exact(FeedError::UnknownVersion(
                "https://jsonfeed.org/version/2".into(),
            )),
            &["https://jsonfeed.org/version/2", "1.0", "1.1"],
        ),
        (
            "invalid-missing-title.json",
            Want::Exact(FeedError::MissingField("title")),
            &["`title`"],
        ),
        (
            "invalid-item-without-id.json",
            // The second item; messages count from 1 as a person would.
            Want::Exact(FeedError::InvalidItem {
                index: 1,
                id: String::new(),
                reason: "has no id",
            }),
            &["item 2 ", "no id"],
        ),
        (
            "invalid-item-without-content.json",
            Want::Exact(FeedError::InvalidItem {
                index: 0,
                id: "bell-ringers".into(),
                reason: "has neither content_html nor content_text",
            }),
            &[
                "item 1 ",
                "\"bell-ringers\"",
                "content_html",
                "content_text",
            ],
        ),
        (
            "invalid-not-json.json",
            Want::Syntax,
            &["not a JSON Feed document"],
        ),
        (
            "invalid-items-not-array.json",
            Want::Syntax,
            &["not a JSON Feed document", "expected a sequence"],
        ),
    ]
}

#[test]
fn every_fixture_file_is_in_a_table() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture_dir())
        .expect("fixture folder exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .into_string()
                .unwrap()
        })
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = VALID
        .iter()
        .map(|v| v.0.to_string())
        .chain(invalid_cases().iter().map(|c| c.0.to_string()))
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "fixtures on disk vs. fixtures tested");
}

// ---------------------------------------------------------------- round trip

#[test]
fn valid_fixtures_parse_and_survive_a_round_trip() {
    for &(name, version, title, item_count) in VALID {
        let first = parse(name);
        assert_eq!(first.version, version, "{name}: version as read");
        assert_eq!(first.title, title, "{name}: title");
        assert_eq!(first.items.len(), item_count, "{name}: item count");

        let json = first.to_json();
        let second =
            Feed::from_json(&json).unwrap_or_else(|e| panic!("{name}: own output rejected: {e}"));
        // Output is always labelled 1.1; everything else is kept as read.
        let expected = Feed {
            version: VERSION_1_1.to_string(),
            ..first.clone()
        };
        assert_eq!(second, expected, "{name}: changed in a round trip");
        assert_eq!(second.to_json(), json, "{name}: output is not stable");
    }
}

#[test]
fn full_fixture_keeps_every_field_through_a_round_trip() {
    let feed = Feed::from_json(&parse("full-1.1.json").to_json()).unwrap();

    assert_eq!(feed.version, VERSION_1_1);
    assert_eq!(
        feed.home_page_url.as_deref(),
        Some("https://ledger.example/city/")
    );
    assert_eq!(
        feed.feed_url.as_deref(),
        Some("https://newsdesk.example/api/feed/city?page=1")
    );
    assert!(feed.description.as_deref().unwrap().starts_with("Council,"));
    assert!(feed.user_comment.as_deref().unwrap().contains("next_url"));
    assert_eq!(
        feed.next_url.as_deref(),
        Some("https://newsdesk.example/api/feed/city?page=2")
    );
    assert_eq!(
        feed.icon.as_deref(),
        Some("https://ledger.example/brand/icon-512.png")
    );
    assert_eq!(
        feed.favicon.as_deref(),
        Some("https://ledger.example/brand/favicon-64.png")
    );
    assert_eq!(feed.language.as_deref(), Some("en-GB"));
    // `false` is a value, not an absence: it must not be dropped.
    assert_eq!(feed.expired, Some(false));
    assert_eq!(feed.hubs.len(), 2);
    assert_eq!(feed.hubs[0].kind, "WebSub");
    assert_eq!(feed.hubs[0].url, "https://hub.ledger.example/websub");
    assert_eq!(feed.hubs[1].kind, "rssCloud");
    assert_eq!(
        feed.newsdesk,
        Some(FeedInfo {
            source: Some("city".into()),
            refreshed_at: Some("2026-11-20T08:30:12Z".into()),
            stale: true,
            page: Some(1),
            total_items: Some(57),
        })
    );

    let desk = feed.desk().expect("feed has a desk");
    assert_eq!(desk.name.as_deref(), Some("Harbour City news desk"));
    assert_eq!(
        desk.avatar.as_deref(),
        Some("https://ledger.example/desks/city/avatar-256.png")
    );
    assert_eq!(desk.desk_id(), Some("city"));
    assert_eq!(
        desk.bio(),
        Some("Six reporters covering the council, the port and the neighbourhoods around them since 1998.")
    );
    assert_eq!(desk.email(), Some("citydesk@ledger.example"));

    let item = &feed.items[0];
    assert_eq!(item.id, "city-2026-11-20-tram-depot");
    assert_eq!(
        item.url.as_deref(),
        Some("https://ledger.example/city/2026/11/20/tram-depot")
    );
    assert_eq!(
        item.external_url.as_deref(),
        Some("https://council.example/minutes/2026-11-19.pdf")
    );
    assert_eq!(
        item.title.as_deref(),
        Some("Old tram depot to become 140 homes")
    );
    assert!(item.content_html.as_deref().unwrap().starts_with("<p>"));
    assert!(item.content_text.as_deref().unwrap().contains("\n\n"));
    assert_eq!(
        item.summary.as_deref(),
        Some("A third of the flats will be for social rent.")
    );
    assert_eq!(
        item.image.as_deref(),
        Some("https://ledger.example/media/tram-depot-1200.jpg")
    );
    assert_eq!(
        item.banner_image.as_deref(),
        Some("https://ledger.example/media/tram-depot-wide-2400.jpg")
    );
    assert_eq!(
        item.date_published.as_deref(),
        Some("2026-11-20T07:45:00+00:00")
    );
    assert_eq!(
        item.date_modified.as_deref(),
        Some("2026-11-20T09:05:30+00:00")
    );
    assert_eq!(item.authors.len(), 2);
    assert_eq!(item.authors[1].name.as_deref(), Some("Tomasz Reyes"));
    assert_eq!(item.tags, ["housing", "council", "Quay Street"]);
    assert_eq!(item.language.as_deref(), Some("en-GB"));
    assert_eq!(
        item.attachments[0],
        Attachment {
            url: "https://cdn.ledger.example/audio/tram-depot-read.mp3".into(),
            mime_type: "audio/mpeg".into(),
            title: Some("Listen to this story".into()),
            size_in_bytes: Some(2_457_600),
            duration_in_seconds: Some(153.5),
        }
    );
    assert_eq!(item.attachments[1].duration_in_seconds, Some(212.0));
    assert_eq!(item.attachments[2].size_in_bytes, Some(61_865_984));
    assert_eq!(
        item.newsdesk,
        Some(ItemInfo {
            reading_minutes: Some(4),
            source: Some("city".into()),
            image_caption: None,
            ..ItemInfo::default()
        })
    );
    assert_eq!(item.source(), Some("city"));
    assert_eq!(item.reading_minutes(), 4);
    // 2026-11-20T07:45:00+00:00, from python3 datetime.fromisoformat(...).timestamp()
    assert_eq!(item.published_unix(), Some(1_795_160_700));
}

// ---------------------------------------------------------------- output shape

#[test]
fn output_uses_json_feed_key_names() {
    let out = written(&parse("full-1.1.json"));

    assert_eq!(out["version"], VERSION_1_1);
    // Extensions must start with an underscore, as the spec asks.
    for (path, obj) in [
        ("feed", &out),
        ("feed author", &out["authors"][0]),
        ("item", &out["items"][0]),
    ] {
        let k = keys(obj);
        assert!(k.contains("_newsdesk"), "{path}: no `_newsdesk` in {k:?}");
        assert!(!k.contains("newsdesk"), "{path}: Rust name leaked: {k:?}");
    }
    assert_eq!(out["_newsdesk"]["stale"], true);
    assert_eq!(out["_newsdesk"]["total_items"], 57);
    assert_eq!(
        out["authors"][0]["_newsdesk"]["email"],
        "citydesk@ledger.example"
    );
    assert_eq!(out["items"][0]["_newsdesk"]["reading_minutes"], 4);

    // Hubs are `{type, url}` in JSON Feed, not the Rust field name `kind`.
    assert_eq!(keys(&out["hubs"][0]), BTreeSet::from(["type", "url"]));
    assert_eq!(out["hubs"][0]["type"], "WebSub");

    assert_eq!(
        keys(&out["items"][0]["attachments"][0]),
        BTreeSet::from([
            "url",
            "mime_type",
            "title",
            "size_in_bytes",
            "duration_in_seconds"
        ])
    );
}

#[test]
fn output_has_no_nulls_and_no_deprecated_author() {
    for &(name, ..) in VALID {
        let out = written(&parse(name));
        let mut nodes = Vec::new();
        walk(&out, "$".into(), &mut nodes);
        for (path, value) in nodes {
            assert!(!value.is_null(), "{name}: null written at {path}");
            if let Some(map) = value.as_object() {
                assert!(
                    !map.contains_key("author"),
                    "{name}: deprecated `author` written at {path}"
                );
            }
        }
    }
}

#[test]
fn absent_optional_fields_are_omitted() {
    let out = written(&parse("microblog.json"));
    assert_eq!(
        keys(&out),
        BTreeSet::from([
            "version",
            "title",
            "user_comment",
            "home_page_url",
            "feed_url",
            "authors",
            "items"
        ])
    );
    assert_eq!(
        keys(&out["items"][0]),
        BTreeSet::from(["id", "url", "content_text", "date_published"])
    );
    assert_eq!(
        keys(&out["authors"][0]),
        BTreeSet::from(["name", "url", "avatar"])
    );

    // A bare feed writes only what the spec requires, `items` even when empty.
    let bare = Feed {
        version: VERSION_1_1.into(),
        title: "Empty desk".into(),
        ..Feed::default()
    };
    assert_eq!(
        written(&bare),
        serde_json::json!({"version": VERSION_1_1, "title": "Empty desk", "items": []})
    );

    // `stale: false` is the normal case and is not written; neither are
    // absent `_newsdesk` members.
    let fresh = Feed {
        newsdesk: Some(FeedInfo {
            source: Some("city".into()),
            ..FeedInfo::default()
        }),
        ..bare
    };
    assert_eq!(
        written(&fresh)["_newsdesk"],
        serde_json::json!({"source": "city"})
    );
}

#[test]
fn a_json_feed_1_0_document_is_written_as_1_1() {
    let feed = parse("jsonfeed-1.0.json");
    assert_eq!(
        feed.version, VERSION_1_0,
        "the version read is kept in memory"
    );
    let out = written(&feed);
    assert_eq!(out["version"], VERSION_1_1);
    assert_eq!(out["authors"][0]["name"], "Club secretary");
    assert_eq!(out["items"][0]["authors"][0]["name"], "Race committee");
}

// ---------------------------------------------------------------- deprecated `author`, ids

#[test]
fn deprecated_author_becomes_authors() {
    let feed = parse("jsonfeed-1.0.json");
    assert_eq!(
        feed.authors,
        [Author {
            name: Some("Club secretary".into()),
            url: Some("https://rowing.example/contact".into()),
            avatar: Some("https://rowing.example/oars.png".into()),
            newsdesk: None,
        }]
    );
    assert_eq!(
        feed.items[0].desk().and_then(|a| a.name.as_deref()),
        Some("Race committee")
    );
    // An item with no author of its own has none; the feed's is not copied.
    assert!(feed.items[1].authors.is_empty());
}

#[test]
fn authors_wins_over_author_when_both_are_given() {
    let feed = parse("author-and-authors.json");
    let names: Vec<_> = feed.authors.iter().map(|a| a.name.as_deref()).collect();
    assert_eq!(
        names,
        [
            Some("Moorland Weather Station team"),
            Some("Volunteer observers")
        ]
    );
    let item_names: Vec<_> = feed.items[0]
        .authors
        .iter()
        .map(|a| a.name.as_deref())
        .collect();
    assert_eq!(item_names, [Some("Sam Whitlow")]);
}

#[test]
fn author_and_authors_combinations_on_an_item() {
    // (authors/author members of the item JSON, expected author names)
    let cases: &[(&str, &[&str])] = &[
        (r#""author": {"name": "A"}"#, &["A"]),
        (r#""authors": [{"name": "B"}, {"name": "C"}]"#, &["B", "C"]),
        (
            r#""author": {"name": "A"}, "authors": [{"name": "B"}]"#,
            &["B"],
        ),
        // An empty list says nothing; the old field still names someone.
        (r#""author": {"name": "A"}, "authors": []"#, &["A"]),
        (r#""authors": null"#, &[]),
        (r#""author": null"#, &[]),
        ("", &[]),
    ];
    for &(members, want) in cases {
        let sep = if members.is_empty() { "" } else { ", " };
        let it = item(&format!(
            r#"{{"id": "x", "content_text": "hi"{sep}{members}}}"#
        ));
        let got: Vec<_> = it
            .authors
            .iter()
            .filter_map(|a| a.name.as_deref())
            .collect();
        assert_eq!(got, want, "authors from {{{members}}}");
    }
}

#[test]
fn numeric_ids_become_strings() {
    assert_eq!(parse("jsonfeed-1.0.json").items[0].id, "1042");
    // (id as JSON, id as read)
    for (json, want) in [
        ("1042", "1042"),
        ("0", "0"),
        ("-7", "-7"),
        ("18446744073709551615", "18446744073709551615"),
        (r#""1042""#, "1042"),
        (
            r#""tag:rowing.example,2026:1042""#,
            "tag:rowing.example,2026:1042",
        ),
    ] {
        let it = item(&format!(r#"{{"id": {json}, "content_text": "hi"}}"#));
        assert_eq!(it.id, want, "id {json}");
    }
}

// ---------------------------------------------------------------- unknown fields

#[test]
fn unknown_fields_are_ignored() {
    let feed = parse("unknown-fields.json");
    assert_eq!(feed.hubs[0].url, "https://ferries.example/hub");
    assert_eq!(
        feed.desk().and_then(|a| a.name.as_deref()),
        Some("Ferry operations")
    );
    assert_eq!(feed.desk().and_then(Author::desk_id), None);
    assert_eq!(
        feed.newsdesk.as_ref().and_then(|n| n.source.as_deref()),
        Some("ferries")
    );
    let item = &feed.items[0];
    assert_eq!(
        item.title.as_deref(),
        Some("Winter timetable from 1 December")
    );
    assert_eq!(item.source(), Some("ferries"));
    assert_eq!(item.attachments[0].mime_type, "application/pdf");

    // None of them is written back.
    let json = feed.to_json();
    for unknown in [
        "_other_ext",
        "generator",
        "ttl",
        "twitter",
        "lease_seconds",
        "future_field",
        "comments_url",
        "sentiment",
        "checksum",
    ] {
        assert!(!json.contains(unknown), "`{unknown}` written back: {json}");
    }
}

// ---------------------------------------------------------------- invalid documents

#[test]
fn invalid_fixtures_are_rejected_with_a_useful_message() {
    for (name, want, words) in invalid_cases() {
        let err = match Feed::from_json(&fixture(name)) {
            Ok(feed) => panic!("{name} should be rejected, parsed as {feed:?}"),
            Err(e) => e,
        };
        match want {
            Want::Exact(expected) => assert_eq!(err, expected, "{name}"),
            Want::Syntax => assert!(
                matches!(err, FeedError::Syntax(_)),
                "{name}: expected a syntax error, got {err:?}"
            ),
        }
        let message = err.to_string();
        for word in words {
            assert!(
                message.contains(word),
                "{name}: message {message:?} does not mention {word:?}"
            );
        }
    }
}

#[test]
fn blank_and_odd_required_fields_are_rejected() {
    // (document, expected error)
    let v11 = VERSION_1_1;
    let cases: Vec<(String, FeedError)> = vec![
        (
            r#"{"version": "  ", "title": "T", "items": []}"#.into(),
            FeedError::MissingField("version"),
        ),
        (
            format!(r#"{{"version": "{v11}", "title": " ", "items": []}}"#),
            FeedError::MissingField("title"),
        ),
        (
            // The 1.1 URL with a trailing slash is not the 1.1 URL.
            r#"{"version": "https://jsonfeed.org/version/1.1/", "title": "T", "items": []}"#.into(),
            FeedError::UnknownVersion("https://jsonfeed.org/version/1.1/".into()),
        ),
        (
            format!(
                r#"{{"version": "{v11}", "title": "T", "items": [{{"id": null, "content_text": "x"}}]}}"#
            ),
            FeedError::InvalidItem {
                index: 0,
                id: String::new(),
                reason: "has no id",
            },
        ),
        (
            format!(
                r#"{{"version": "{v11}", "title": "T", "items": [{{"id": "   ", "content_text": "x"}}]}}"#
            ),
            FeedError::InvalidItem {
                index: 0,
                id: "   ".into(),
                reason: "has no id",
            },
        ),
    ];
    for (doc, expected) in cases {
        assert_eq!(Feed::from_json(&doc), Err(expected), "{doc}");
    }

    // An id that is neither string nor number is a shape error naming the id.
    let err = feed_with_item(r#"{"id": true, "content_text": "x"}"#).unwrap_err();
    assert!(matches!(err, FeedError::Syntax(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("expected an item id (a string or a number)"),
        "{err}"
    );

    // Empty or non-object documents are rejected, not a panic.
    for doc in ["", "null", "42", r#""feed""#, "{"] {
        let err = Feed::from_json(doc).unwrap_err();
        assert!(matches!(err, FeedError::Syntax(_)), "{doc:?}: {err:?}");
    }
    assert!(Feed::from_json("[]").is_err());
}

#[test]
fn a_bad_date_does_not_stop_the_feed() {
    let it = item(r#"{"id": "1", "content_text": "hi", "date_published": "last Tuesday"}"#);
    assert_eq!(it.date_published.as_deref(), Some("last Tuesday"));
    assert_eq!(it.published_unix(), None);
}

// ---------------------------------------------------------------- reading time

#[test]
fn reading_minutes_for_word_counts() {
    // (words, minutes) at 200 words a minute, rounded up, at least 1.
    for (words, minutes) in [
        (0, 1),
        (1, 1),
        (199, 1),
        (200, 1),
        (201, 2),
        (400, 2),
        (401, 3),
        (1000, 5),
        (1001, 6),
    ] {
        assert_eq!(reading_minutes_for_words(words), minutes, "{words} words");
    }
    assert_eq!(reading_minutes_for_words(usize::MAX), u32::MAX);
}

#[test]
fn html_word_count_counts_what_strip_tags_leaves() {
    let cases = [
        "",
        "   ",
        "<p>One two</p><p>three</p>",
        "a<b>c</b>d",
        "one<br>two",
        "<p title=\"x y z\">words</p>",
        "lone - dash \u{2014} here",
        "a > b < c",
        "unclosed <tag and more",
        "<<p>>x</p>",
        "caf\u{e9}\u{a0}n\u{2003}word \u{41f}\u{440}\u{438}\u{432}\u{456}\u{442}",
        "tab\tnew\nline\r\nend",
        "&amp; &nbsp; entities&#8217;s",
        "<!-- a comment -->text<script>x = 1</script>",
        "trailing word",
        "trailing -",
    ];
    for html in cases {
        assert_eq!(
            html_word_count(html),
            word_count(&strip_tags(html)),
            "{html:?}"
        );
    }
    // Every string of up to five of these pieces.
    let pieces = ["a", "<", ">", " ", "-", "\u{e9}", "\u{a0}", "\t", "1"];
    let mut strings = vec![String::new()];
    for _ in 0..5 {
        strings = strings
            .iter()
            .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
            .collect();
        for html in &strings {
            assert_eq!(
                html_word_count(html),
                word_count(&strip_tags(html)),
                "{html:?}"
            );
        }
    }
}

#[test]
fn item_reading_minutes() {
    // (item JSON, words counted, minutes shown)
    let cases: Vec<(String, usize, u32)> = vec![
        (r#"{"id": "1", "content_text": ""}"#.into(), 0, 1),
        (r#"{"id": "1", "content_html": ""}"#.into(), 0, 1),
        (
            format!(r#"{{"id": "1", "content_text": "{}"}}"#, words(1)),
            1,
            1,
        ),
        (
            format!(r#"{{"id": "1", "content_text": "{}"}}"#, words(200)),
            200,
            1,
        ),
        (
            format!(r#"{{"id": "1", "content_text": "{}"}}"#, words(201)),
            201,
            2,
        ),
        (
            format!(r#"{{"id": "1", "content_text": "{}"}}"#, words(1000)),
            1000,
            5,
        ),
        // The proxy's figure wins, but "0 min read" is never shown.
        (
            r#"{"id": "1", "content_text": "hi", "_newsdesk": {"reading_minutes": 0}}"#.into(),
            1,
            1,
        ),
        (
            r#"{"id": "1", "content_text": "hi", "_newsdesk": {"reading_minutes": 7}}"#.into(),
            1,
            7,
        ),
        // Tags are not words, and block tags keep words apart.
        (
            r#"{"id": "1", "content_html": "<p>one two</p><blockquote>three</blockquote>"}"#.into(),
            3,
            1,
        ),
        (
            r#"{"id": "1", "content_html": "<p>one</p><p>two</p>"}"#.into(),
            2,
            1,
        ),
        (
            format!(
                r#"{{"id": "1", "content_html": "<p class=\"lede\">{}</p><img src=\"a.jpg\" alt=\"\">"}}"#,
                words(201)
            ),
            201,
            2,
        ),
        // Text is preferred over HTML, whichever is longer.
        (
            format!(
                r#"{{"id": "1", "content_text": "{}", "content_html": "<p>short</p>"}}"#,
                words(201)
            ),
            201,
            2,
        ),
        (
            format!(
                r#"{{"id": "1", "content_text": "one", "content_html": "<p>{}</p>"}}"#,
                words(1000)
            ),
            1,
            1,
        ),
        // Blank text falls back to the HTML.
        (
            format!(
                r#"{{"id": "1", "content_text": "  ", "content_html": "<p>{}</p>"}}"#,
                words(401)
            ),
            401,
            3,
        ),
    ];
    for (json, want_words, want_minutes) in cases {
        let it = item(&json);
        let short = &json[..json.len().min(90)];
        assert_eq!(it.word_count(), want_words, "words in {short}");
        assert_eq!(it.reading_minutes(), want_minutes, "minutes for {short}");
    }
}

#[test]
fn word_count_and_strip_tags() {
    // (text, words): a lone dash or bullet is not a word.
    for (text, want) in [
        ("", 0),
        ("   \n\t ", 0),
        ("Tide tables", 2),
        ("Weather — sunny", 2),
        ("• – -", 0),
        ("Café crème, 3 €", 3),
        ("line\nbreak\ttab", 3),
    ] {
        assert_eq!(word_count(text), want, "{text:?}");
    }
    assert_eq!(
        strip_tags(r#"<p>Read <a href="/x">the minutes</a>.</p>"#)
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["Read", "the", "minutes", "."]
    );
}

#[test]
fn fixture_reading_times() {
    // (fixture, minutes per item)
    for (name, want) in [
        ("microblog.json", &[1, 1][..]),
        ("simple-blog.json", &[1, 1]),
        ("full-1.1.json", &[4]),
    ] {
        let got: Vec<u32> = parse(name)
            .items
            .iter()
            .map(Item::reading_minutes)
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

// ---------------------------------------------------------------- dates

#[test]
fn parse_rfc3339_table() {
    // Expected values computed independently with python3:
    //   int(datetime.fromisoformat(s).timestamp())   (a "Z" written as "+00:00")
    // Year 0 (unsupported by python): 0001-01-01 minus 366 days (year 0 is a leap year).
    // Leap second: 2016-12-31T23:59:59Z + 1.
    let cases: &[(&str, Option<i64>)] = &[
        // The same instant in four spellings: 2026-11-20T08:15:00+00:00
        ("2026-11-20T08:15:00Z", Some(1_795_162_500)),
        ("2026-11-20T10:15:00+02:00", Some(1_795_162_500)),
        ("2026-11-20T02:45:00-05:30", Some(1_795_162_500)),
        ("2026-11-20T08:15:00.123456Z", Some(1_795_162_500)),
        ("2026-11-20T08:15:00.5+00:00", Some(1_795_162_500)),
        ("2026-11-20t08:15:00z", Some(1_795_162_500)),
        ("2026-11-20 08:15:00Z", Some(1_795_162_500)),
        ("  2026-11-20T08:15:00Z\n", Some(1_795_162_500)),
        ("2026-11-20T08:15:00-00:00", Some(1_795_162_500)),
        // Epoch edges.
        ("1970-01-01T00:00:00Z", Some(0)),
        ("1969-12-31T23:59:59Z", Some(-1)),
        ("2038-01-19T03:14:08Z", Some(2_147_483_648)),
        ("0001-01-01T00:00:00Z", Some(-62_135_596_800)),
        ("0000-01-01T00:00:00Z", Some(-62_167_219_200)),
        ("9999-12-31T23:59:59Z", Some(253_402_300_799)),
        // An offset moves the date back across midnight and the year.
        ("2026-01-01T00:30:00+01:00", Some(1_767_223_800)),
        // Leap days.
        ("2024-02-29T12:00:00Z", Some(1_709_208_000)),
        ("2000-02-29T00:00:00Z", Some(951_782_400)),
        ("2023-02-29T12:00:00Z", None),
        ("1900-02-29T00:00:00Z", None),
        ("2026-03-01T00:00:00Z", Some(1_772_323_200)),
        // A leap second is allowed by RFC 3339.
        ("2016-12-31T23:59:60Z", Some(1_483_228_800)),
        // Out of range fields.
        ("2026-13-01T00:00:00Z", None),
        ("2026-00-10T00:00:00Z", None),
        ("2026-04-31T00:00:00Z", None),
        ("2026-04-00T00:00:00Z", None),
        ("2026-11-20T24:00:00Z", None),
        ("2026-11-20T08:60:00Z", None),
        ("2026-11-20T08:15:61Z", None),
        ("2026-11-20T08:15:00+24:00", None),
        ("2026-11-20T08:15:00+05:60", None),
        // Not RFC 3339.
        ("", None),
        ("garbage", None),
        ("yesterday at noon, roughly", None),
        ("2026-11-20", None),
        ("2026-11-20T08:15Z", None),
        ("2026-11-20T08:15:00", None),
        ("2026-11-20T08:15:00.Z", None),
        ("2026-11-20T08:15:00+0200", None),
        ("2026-11-20T08:15:00+02", None),
        ("2026-11-20T08:15:00 Z", None),
        ("2026-11-20T08:15:00ZZ", None),
        ("2026/11/20T08:15:00Z", None),
        ("20261120T081500Z", None),
        ("Fri, 20 Nov 2026 08:15:00 GMT", None),
        ("+2026-11-20T08:15:00Z", None),
        ("２０２６-11-20T08:15:00Z", None),
        ("2026-11-20T08:15:00Zé", None),
    ];
    for &(input, want) in cases {
        assert_eq!(parse_rfc3339(input), want, "parse_rfc3339({input:?})");
    }
}

#[test]
fn published_unix_reads_fixture_dates() {
    let blog = parse("simple-blog.json");
    // python3: datetime.fromisoformat("2026-10-30T16:05:00+01:00").timestamp()
    assert_eq!(blog.items[1].published_unix(), Some(1_793_372_700));
    let rowing = parse("jsonfeed-1.0.json");
    // python3: datetime.fromisoformat("2026-11-15T12:00:00+00:00").timestamp()
    assert_eq!(rowing.items[0].published_unix(), Some(1_794_744_000));
    assert_eq!(parse("unknown-fields.json").items[0].published_unix(), None);
}

// ---------------------------------------------------------------- video and desks

fn attachment(mime_type: &str, url: &str) -> Attachment {
    Attachment {
        url: url.into(),
        mime_type: mime_type.into(),
        ..Attachment::default()
    }
}

#[test]
fn video_is_the_first_video_attachment() {
    /// Attachments as `(mime_type, url)`.
    type Attachments = &'static [(&'static str, &'static str)];
    // (attachments, url of the expected video)
    let cases: &[(Attachments, Option<&str>)] = &[
        (&[], None),
        (&[("audio/mpeg", "a.mp3")], None),
        (
            &[("audio/mpeg", "a.mp3"), ("application/pdf", "b.pdf")],
            None,
        ),
        (
            &[
                ("audio/mpeg", "a.mp3"),
                ("video/mp4", "v.mp4"),
                ("video/webm", "v.webm"),
            ],
            Some("v.mp4"),
        ),
        (
            &[("video/webm", "v.webm"), ("video/mp4", "v.mp4")],
            Some("v.webm"),
        ),
        // Media types are case-insensitive.
        (&[("Video/MP4", "v.mp4")], Some("v.mp4")),
        // Not a video type, despite the word.
        (&[("application/x-video-playlist", "p.m3u")], None),
        (&[("video", "v")], None),
    ];
    for &(list, want) in cases {
        let it = Item {
            id: "v".into(),
            content_text: Some("clip".into()),
            attachments: list.iter().map(|&(m, u)| attachment(m, u)).collect(),
            ..Item::default()
        };
        assert_eq!(
            it.video().map(|a| a.url.as_str()),
            want,
            "attachments {list:?}"
        );
    }

    let full = parse("full-1.1.json");
    let video = full.items[0].video().expect("the full fixture has a video");
    assert_eq!(video.mime_type, "video/webm");
    assert_eq!(video.title.as_deref(), Some("Walking through the depot"));
    assert_eq!(video.duration_in_seconds, Some(212.0));
    assert_eq!(parse("podcast.json").items[0].video(), None);
}

#[test]
fn desk_accessors() {
    let full = parse("full-1.1.json");
    let desk = full.desk().unwrap();
    assert_eq!(
        (desk.desk_id(), desk.email()),
        (Some("city"), Some("citydesk@ledger.example"))
    );
    assert!(desk.bio().unwrap().starts_with("Six reporters"));

    // An item's desk may carry only its id.
    let item_desk = full.items[0].desk().unwrap();
    assert_eq!(item_desk.desk_id(), Some("city"));
    assert_eq!((item_desk.bio(), item_desk.email()), (None, None));

    // A plain JSON Feed author has no desk details.
    let reporter = &full.items[0].authors[1];
    assert_eq!(
        (reporter.desk_id(), reporter.bio(), reporter.email()),
        (None, None, None)
    );
    let plain = Author {
        newsdesk: Some(DeskInfo::default()),
        ..Author::default()
    };
    assert_eq!(
        (plain.desk_id(), plain.bio(), plain.email()),
        (None, None, None)
    );

    // Feeds and items without authors have no desk.
    assert!(parse("simple-blog.json").desk().is_none());
    assert!(parse("simple-blog.json").items[0].desk().is_none());
    assert_eq!(
        parse("podcast.json").desk().and_then(|a| a.name.as_deref()),
        Some("Priya Okafor")
    );
}
