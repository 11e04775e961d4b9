//! What an operator sets: the desk, the item cap, signed media; and the
//! CLI entry point.

use newsdesk_feed::{Author, DeskInfo, Feed};
use newsdesk_ingest::normalize::{
    normalize, normalize_for_cli, NormalizeOptions, MAX_ITEMS_PER_SOURCE,
};
use newsdesk_ingest::signer::MediaSigner;
use url::Url;

use crate::support::{content_type, fixture, item, normalized, reader_problems, READABLE};

#[test]
fn the_operator_desk_wins_field_by_field() {
    let mut options = NormalizeOptions::new("riverbank");
    options.desk = Some(Author {
        name: Some("Riverbank <b>Night</b> desk".into()),
        avatar: Some("https://cdn.riverbank.example/desk.png".into()),
        newsdesk: Some(DeskInfo {
            bio: Some(
                "We are the night team of the Riverbank Post, here for quick, essential updates."
                    .into(),
            ),
            ..DeskInfo::default()
        }),
        ..Author::default()
    });
    let feed = normalize(&fixture("rss2.xml"), None, &options).unwrap();
    let desk = feed.desk().unwrap();
    // (field, value the reader sees on the desk card)
    let cases = [
        (
            "name from the operator, as text",
            desk.name.as_deref(),
            Some("Riverbank Night desk"),
        ),
        (
            "avatar from the operator",
            desk.avatar.as_deref(),
            Some("https://cdn.riverbank.example/desk.png"),
        ),
        (
            "bio from the operator",
            desk.bio(),
            Some("We are the night team of the Riverbank Post, here for quick, essential updates."),
        ),
        (
            "email from the feed's managingEditor",
            desk.email(),
            Some("desk@riverbank.example"),
        ),
        (
            "link to the publisher's site",
            desk.url.as_deref(),
            Some("https://riverbank.example/"),
        ),
        (
            "desk id is the source id",
            desk.desk_id(),
            Some("riverbank"),
        ),
    ];
    for (what, got, want) in cases {
        assert_eq!(got, want, "{what}");
    }
    for story in &feed.items {
        assert_eq!(
            story.desk(),
            Some(desk),
            "{}: credited to the desk",
            story.id
        );
    }
}

#[test]
fn max_items_keeps_the_newest() {
    let items: String = (0..30)
        .map(|n| {
            format!(
                "<item><title>Update {n}</title><guid>u-{n}</guid>\
                 <pubDate>Mon, 02 Mar 2026 {:02}:{:02}:00 GMT</pubDate><description>Text {n}.</description></item>",
                n / 60,
                n % 60
            )
        })
        .collect();
    let rss = format!("<rss version=\"2.0\"><channel><title>Busy</title>{items}</channel></rss>");
    // (max_items, items served); the publisher lists them oldest first,
    // and the newest are kept in that order.
    let cases = [(10, 10), (MAX_ITEMS_PER_SOURCE, 30), (0, 0)];
    for (max, count) in cases {
        let mut options = NormalizeOptions::new("busy");
        options.max_items = max;
        let feed = normalize(rss.as_bytes(), None, &options).unwrap();
        let titles: Vec<String> = feed.items.iter().filter_map(|i| i.title.clone()).collect();
        let want: Vec<String> = (30 - count..30).map(|n| format!("Update {n}")).collect();
        assert_eq!(titles, want, "max {max}");
    }
    // Undated items count as the oldest; of equal dates, the first listed
    // is kept.
    let rss = "<rss version=\"2.0\"><channel><title>T</title>\
               <item><title>Undated</title><guid>a</guid></item>\
               <item><title>Same one</title><guid>b</guid><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>\
               <item><title>Same two</title><guid>c</guid><pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>\
               <item><title>Older</title><guid>d</guid><pubDate>Sun, 01 Mar 2026 08:00:00 GMT</pubDate></item>\
               </channel></rss>";
    for (max, want) in [
        (1, vec!["Same one"]),
        (3, vec!["Same one", "Same two", "Older"]),
        (4, vec!["Undated", "Same one", "Same two", "Older"]),
    ] {
        let mut options = NormalizeOptions::new("busy");
        options.max_items = max;
        let feed = normalize(rss.as_bytes(), None, &options).unwrap();
        let titles: Vec<&str> = feed
            .items
            .iter()
            .filter_map(|i| i.title.as_deref())
            .collect();
        assert_eq!(titles, want, "max {max}");
    }
}

/// The upstream URL and signature inside a `/api/media` URL.
fn media_parts(media: &str) -> (String, String) {
    let query = media
        .strip_prefix("/api/media?url=")
        .unwrap_or_else(|| panic!("not a media URL: {media}"));
    let (url, sig) = query.split_once("&sig=").unwrap();
    let url = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .unwrap()
        .into_owned();
    (url, sig.to_owned())
}

#[test]
fn with_a_signer_every_image_goes_through_the_media_endpoint() {
    let signer = MediaSigner::new("riverbank-test-key-0123456789abcdef").unwrap();
    let mut options = NormalizeOptions::new("riverbank");
    options.media = Some(signer.clone());
    // (fixture, item title, upstream image, upstream first body image)
    let cases = [
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            "https://riverbank.example/media/2026/ferry-wide.jpg",
            Some("https://riverbank.example/images/2026/ferry-landing.jpg"),
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            "https://riverbank.example/images/otter-tracks.jpg",
            Some("https://riverbank.example/images/otter-tracks.jpg"),
        ),
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            "https://harbourlights.example/images/fog-harbour.jpg",
            None,
        ),
    ];
    for (name, title, image, body_image) in cases {
        let feed = normalize(&fixture(name), None, &options).unwrap();
        assert!(
            reader_problems(&feed).is_empty(),
            "{name}: {:?}",
            reader_problems(&feed)
        );
        let story = item(&feed, title);
        let (upstream, sig) = media_parts(story.image.as_deref().unwrap());
        assert_eq!(upstream, image, "{title}");
        assert!(
            signer.verify(&upstream, &sig),
            "{title}: signature verifies"
        );
        // Tampering with either half fails.
        assert!(!signer.verify("https://intranet.example/admin.png", &sig));
        assert!(!signer.verify(
            &upstream,
            &sig.replace(|c: char| c.is_ascii_alphabetic(), "A")
        ));

        let html = story.content_html.as_deref().unwrap();
        let sources: Vec<&str> = html
            .match_indices(" src=\"")
            .map(|(i, _)| {
                let rest = &html[i + 6..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect();
        assert!(
            sources.iter().all(|s| s.starts_with("/api/media?url=")),
            "{title}: {sources:?}"
        );
        if let Some(body_image) = body_image {
            let (upstream, sig) = media_parts(&sources[0].replace("&amp;", "&"));
            assert_eq!(upstream, body_image);
            assert!(signer.verify(&upstream, &sig));
        }
    }
    // Feed icons and the desk's avatar too: the app only talks to its proxy.
    let json = normalize(&fixture("jsonfeed-1.0.json"), None, &options).unwrap();
    for image in [
        json.icon.as_deref(),
        json.favicon.as_deref(),
        json.authors[0].avatar.as_deref(),
    ] {
        assert!(image.unwrap().starts_with("/api/media?url="), "{image:?}");
    }
    // Links keep pointing at the publisher; audio plays through the proxy.
    assert!(json.items[0]
        .url
        .as_deref()
        .unwrap()
        .starts_with("https://"));
    let audio = &json.items[0].attachments[0];
    assert!(audio.mime_type.starts_with("audio/"), "{audio:?}");
    let (upstream, sig) = media_parts(&audio.url);
    assert!(
        upstream.starts_with("https://") && signer.verify(&upstream, &sig),
        "{audio:?}"
    );
}

#[test]
fn the_cli_prints_the_same_feed_as_pretty_json() {
    for name in READABLE {
        let json = normalize_for_cli(&fixture(name), content_type(name), "cli").unwrap();
        assert!(
            json.starts_with("{\n  \"version\": \"https://jsonfeed.org/version/1.1\""),
            "{name}"
        );
        let printed = Feed::from_json(&json).unwrap();
        assert_eq!(printed, normalized(name, "cli"), "{name}");
    }
    let error = normalize_for_cli(&fixture("garbage.bin"), None, "cli").unwrap_err();
    assert_eq!(
        error.to_string(),
        "not a feed: expected RSS, Atom or JSON Feed (is this a web page?)"
    );
}

#[test]
fn the_feed_url_option_is_reported_as_the_feed_url() {
    let mut options = NormalizeOptions::new("millbrook");
    options.feed_url = Some(Url::parse("https://millbrook.example/rdf").unwrap());
    let feed = normalize(&fixture("rss1-rdf.xml"), None, &options).unwrap();
    assert_eq!(
        feed.feed_url.as_deref(),
        Some("https://millbrook.example/rdf")
    );
    assert_eq!(feed.newsdesk.unwrap().source.as_deref(), Some("millbrook"));
}
