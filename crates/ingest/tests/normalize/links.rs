//! Relative URLs resolve against the right base; images and attachments
//! come out where the app looks for them.

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use url::Url;

use crate::support::{fixture, item, normalized};

/// Which URL of an item a case looks at.
#[derive(Debug, Clone, Copy)]
enum Field {
    Url,
    Image,
    /// The `n`th link (`href`) in `content_html`.
    BodyLink(usize),
    /// The `n`th image (`src`) in `content_html`.
    BodyImage(usize),
    /// The `n`th attachment's URL.
    Attachment(usize),
}

fn urls_in(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

fn field(story: &newsdesk_feed::Item, field: Field) -> Option<String> {
    let html = story.content_html.as_deref().unwrap_or_default();
    match field {
        Field::Url => story.url.clone(),
        Field::Image => story.image.clone(),
        Field::BodyLink(n) => urls_in(html, "href").get(n).cloned(),
        Field::BodyImage(n) => urls_in(html, "src").get(n).cloned(),
        Field::Attachment(n) => story.attachments.get(n).map(|a| a.url.clone()),
    }
}

#[test]
fn relative_urls_resolve_against_the_right_base() {
    use Field::*;
    // (fixture, item title, field, absolute URL the reader's browser gets)
    let cases = [
        // RSS: xml:base on <channel>.
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            Url,
            "https://riverbank.example/news/2026/03/ferry-service-resumes",
        ),
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            BodyLink(0),
            "https://riverbank.example/places/willow-quay",
        ),
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            BodyImage(0),
            "https://riverbank.example/images/2026/ferry-landing.jpg",
        ),
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            Image,
            "https://riverbank.example/media/2026/ferry-wide.jpg",
        ),
        // RSS: xml:base on the <item> itself.
        (
            "rss2.xml",
            "Night market returns to the old tram depot",
            Url,
            "https://riverbank.example/archive/2026/night-market-returns.html",
        ),
        (
            "rss2.xml",
            "Night market returns to the old tram depot",
            BodyLink(0),
            "https://riverbank.example/archive/2026/map.html",
        ),
        (
            "rss2.xml",
            "Night market returns to the old tram depot",
            BodyImage(0),
            "https://riverbank.example/archive/2026/photos/stalls.jpg",
        ),
        // Atom: xml:base on <feed>, xhtml content.
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            Url,
            "https://riverbank.example/science/otter-census",
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            BodyLink(0),
            "https://riverbank.example/science/otter-map",
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            BodyImage(0),
            "https://riverbank.example/images/otter-tracks.jpg",
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            Attachment(0),
            "https://riverbank.example/video/otters-at-dusk.mp4",
        ),
        // Atom: xml:base on <entry>, escaped html content.
        (
            "atom.xml",
            "Why the weir hums in March",
            Url,
            "https://riverbank.example/science/2026/weir-hum",
        ),
        (
            "atom.xml",
            "Why the weir hums in March",
            BodyLink(0),
            "https://riverbank.example/science/2026/sound/weir.ogg",
        ),
        (
            "atom.xml",
            "Why the weir hums in March",
            BodyImage(0),
            "https://riverbank.example/science/2026/diagrams/weir-gate.png",
        ),
        // JSON Feed: relative to its feed_url.
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            Image,
            "https://harbourlights.example/images/fog-harbour.jpg",
        ),
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            BodyLink(0),
            "https://harbourlights.example/timetable",
        ),
    ];
    for (name, title, which, want) in cases {
        let feed = normalized(name, "desk");
        let got = field(item(&feed, title), which);
        assert_eq!(got.as_deref(), Some(want), "{name} / {title} / {which:?}");
    }
}

#[test]
fn feed_level_urls_resolve_too() {
    // (fixture, icon, favicon, feed_url)
    let cases = [
        (
            "rss2.xml",
            Some("https://riverbank.example/static/riverbank-logo.png"),
            None,
            Some("https://riverbank.example/feed/rss.xml"),
        ),
        (
            "atom.xml",
            Some("https://riverbank.example/static/science-logo.png"),
            Some("https://riverbank.example/static/favicon-64.png"),
            Some("https://riverbank.example/science/atom.xml"),
        ),
        (
            "jsonfeed-1.0.json",
            Some("https://harbourlights.example/icon-512.png"),
            Some("https://harbourlights.example/favicon-64.png"),
            Some("https://harbourlights.example/feed.json"),
        ),
    ];
    for (name, icon, favicon, feed_url) in cases {
        let feed = normalized(name, "desk");
        assert_eq!(feed.icon.as_deref(), icon, "{name}");
        assert_eq!(feed.favicon.as_deref(), favicon, "{name}");
        assert_eq!(feed.feed_url.as_deref(), feed_url, "{name}");
    }
}

#[test]
fn the_fetch_url_is_the_base_when_the_feed_has_none() {
    let rss = br#"<rss version="2.0"><channel><title>Bare</title>
        <item><title>Relative</title><link>stories/one</link>
        <description>&lt;img src="../img/a.png"&gt;&lt;a href="?page=2"&gt;next&lt;/a&gt;</description>
        <enclosure url="clips/one.webm" type="video/webm" length="10"/></item></channel></rss>"#;
    let mut options = NormalizeOptions::new("bare");
    options.feed_url = Some(Url::parse("https://bare.example/feeds/main.xml").unwrap());
    let feed = normalize(rss, None, &options).unwrap();
    let story = &feed.items[0];
    assert_eq!(
        story.url.as_deref(),
        Some("https://bare.example/feeds/stories/one")
    );
    assert_eq!(
        story.attachments[0].url,
        "https://bare.example/feeds/clips/one.webm"
    );
    let html = story.content_html.as_deref().unwrap();
    // The body was written for the item's page, so it resolves against it.
    assert!(
        html.contains("src=\"https://bare.example/feeds/img/a.png\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://bare.example/feeds/stories/one?page=2\""),
        "{html}"
    );
    assert_eq!(
        feed.feed_url.as_deref(),
        Some("https://bare.example/feeds/main.xml")
    );

    // With no base at all, relative URLs cannot be resolved and are
    // dropped rather than pointing at the proxy.
    let feed = normalize(rss, None, &NormalizeOptions::new("bare")).unwrap();
    let story = &feed.items[0];
    assert_eq!(story.url, None);
    assert!(story.attachments.is_empty());
    assert_eq!(
        story.content_html.as_deref(),
        Some("<img><a rel=\"noopener noreferrer\">next</a>")
    );
}

#[test]
fn video_attachments_are_kept_with_type_size_and_duration() {
    // (fixture, item title, url, mime type, bytes, seconds)
    let cases = [
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            "https://video.riverbank.example/2026/ferry-first-crossing.mp4",
            "video/mp4",
            Some(7_340_032),
            None,
        ),
        (
            "rss2.xml",
            "Video: inside the tram depot at night",
            "https://video.riverbank.example/clips/tram-depot-night.webm",
            "video/webm",
            Some(5_242_880),
            Some(94.0),
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            "https://riverbank.example/video/otters-at-dusk.mp4",
            "video/mp4",
            Some(10_485_760),
            None,
        ),
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            "https://harbourlights.example/audio/bulletin-7731.mp3",
            "audio/mpeg",
            Some(2_400_000),
            Some(312.0),
        ),
    ];
    for (name, title, url, mime, size, seconds) in cases {
        let feed = normalized(name, "desk");
        let story = item(&feed, title);
        let attachment = story
            .attachments
            .iter()
            .find(|a| a.url == url)
            .unwrap_or_else(|| panic!("{title}: no attachment {url}: {:?}", story.attachments));
        assert_eq!(attachment.mime_type, mime, "{title}");
        assert_eq!(attachment.size_in_bytes, size, "{title}");
        assert_eq!(attachment.duration_in_seconds, seconds, "{title}");
        if mime.starts_with("video/") {
            assert_eq!(story.video().map(|v| v.url.as_str()), Some(url), "{title}");
        }
    }
    let rss = normalized("rss2.xml", "desk");
    let depot = item(&rss, "Video: inside the tram depot at night");
    assert_eq!(
        depot.attachments[0].title.as_deref(),
        Some("Inside the tram depot at night")
    );
}

#[test]
fn the_item_image_is_picked_from_enclosure_thumbnail_or_body() {
    // (fixture, item title, where the image comes from, image)
    let cases = [
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            "image enclosure",
            Some("https://riverbank.example/media/2026/ferry-wide.jpg"),
        ),
        (
            "rss2.xml",
            "Video: inside the tram depot at night",
            "media:thumbnail",
            Some("https://riverbank.example/posters/tram-depot-night.jpg"),
        ),
        (
            "rss2.xml",
            "Night market returns to the old tram depot",
            "media:thumbnail, relative to the item's xml:base",
            Some("https://riverbank.example/archive/2026/thumbs/night-market.jpg"),
        ),
        (
            "atom.xml",
            "Otters counted along the whole river for the first time",
            "first <img> of the body",
            Some("https://riverbank.example/images/otter-tracks.jpg"),
        ),
        (
            "jsonfeed-1.0.json",
            "Evening bulletin: fog delays the last crossing",
            "JSON image",
            Some("https://harbourlights.example/images/fog-harbour.jpg"),
        ),
        (
            "rss2.xml",
            "Water pressure low in Upper Meadow until 14:00",
            "nothing",
            None,
        ),
    ];
    for (name, title, source, want) in cases {
        let feed = normalized(name, "desk");
        let story = item(&feed, title);
        assert_eq!(story.image.as_deref(), want, "{title}: {source}");
        // The picked image is not listed again as an attachment.
        if let Some(image) = want {
            assert!(story.attachments.iter().all(|a| a.url != image), "{title}");
        }
    }
}

#[test]
fn links_get_noopener_and_only_web_schemes() {
    let feed = normalize(&fixture("hostile.xml"), None, &NormalizeOptions::new("h")).unwrap();
    let html = feed.items[0].content_html.as_deref().unwrap();
    assert!(
        html.contains(
            "<a href=\"https://riverbank.example/storm\" rel=\"noopener noreferrer\">read the report</a>"
        ),
        "{html}"
    );
    assert!(!html.contains("target="), "{html}");
    assert_eq!(feed.items[0].url, None, "a javascript: link is no page");
    assert_eq!(feed.home_page_url, None);
    assert_eq!(feed.icon, None);
}

#[test]
fn a_relative_xml_base_builds_on_the_fetch_url() {
    let rss = br#"<rss version="2.0"><channel xml:base="/river/"><title>Nested</title>
        <item><title>One</title><link>one.html</link>
        <description>&lt;p&gt;&lt;img src="pics/one.jpg"&gt;&lt;/p&gt;</description></item></channel></rss>"#;
    let mut options = NormalizeOptions::new("nested");
    options.feed_url = Some(Url::parse("https://towns.example/feeds/all.xml").unwrap());
    let feed = normalize(rss, None, &options).unwrap();
    let story = &feed.items[0];
    assert_eq!(
        story.url.as_deref(),
        Some("https://towns.example/river/one.html")
    );
    assert_eq!(
        story.image.as_deref(),
        Some("https://towns.example/river/pics/one.jpg")
    );
}
