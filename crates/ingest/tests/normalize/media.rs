//! Publishers' video and audio: a YouTube channel's entries become video
//! items with what the app's click-to-play facade needs, and podcast
//! enclosures become signed audio attachments that play through the
//! proxy.

use newsdesk_feed::{Feed, Item, YouTubeVideo};
use newsdesk_ingest::newsroom::{Kind, Newsroom, SourceFeed};
use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::signer::MediaSigner;
use url::Url;

use crate::support::fixture;

fn signer() -> MediaSigner {
    MediaSigner::new("media-test-key-0123456789abcdef").unwrap()
}

fn normalized(name: &str, source: &str, signed: bool) -> Feed {
    let mut options = NormalizeOptions::new(source);
    if signed {
        options.media = Some(signer());
    }
    normalize(&fixture(name), None, &options).unwrap()
}

fn titled<'f>(feed: &'f Feed, title: &str) -> &'f Item {
    feed.items
        .iter()
        .find(|i| i.title.as_deref() == Some(title))
        .unwrap_or_else(|| panic!("no item {title:?}"))
}

/// The upstream URL behind a signed `/api/media` link, if it verifies.
fn unsigned(link: &str) -> Option<String> {
    let query = link.strip_prefix("/api/media?url=")?;
    let (url, sig) = query.split_once("&sig=")?;
    let url = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .ok()?
        .into_owned();
    signer().verify(&url, sig).then_some(url)
}

#[test]
fn a_youtube_channel_feed_becomes_video_items_with_the_facade_data() {
    let feed = normalized("youtube-channel.xml", "tides", true);
    feed.validate().unwrap();
    assert_eq!(feed.title, "Riverbank Tides TV");
    assert_eq!(feed.items.len(), 3);

    // (title, video id, views, duration, thumbnail upstream, text)
    let cases = [
        (
            "Spring tide floods the ferry steps",
            "Rv7tIdE-01a",
            Some(48_213),
            Some(95),
            "https://i1.ytimg.example/vi/Rv7tIdE-01a/hqdefault.jpg",
            "Harbour master Ola Dovzhenko explains why the crossing stayed open & what changes next week.",
        ),
        (
            "Night shift on the tide gauge",
            "Mb_2ferryXq",
            Some(0),
            None,
            "https://i2.ytimg.example/vi/Mb_2ferryXq/hqdefault.jpg",
            "Reading the gauge every hour, by lamplight.",
        ),
    ];
    for (title, id, views, duration, thumbnail, text) in cases {
        let item = titled(&feed, title);
        let video = item
            .youtube()
            .unwrap_or_else(|| panic!("{title}: no video"));
        assert_eq!(
            video,
            &YouTubeVideo {
                id: id.into(),
                views,
                duration_seconds: duration,
            },
            "{title}"
        );
        assert!(item.is_video(), "{title} is in the Video section");
        assert_eq!(
            item.url.as_deref(),
            Some(format!("https://www.youtube.com/watch?v={id}").as_str())
        );
        // The thumbnail loads through the media proxy, never from YouTube.
        let image = item.image.as_deref().unwrap();
        assert_eq!(
            unsigned(image).as_deref(),
            Some(thumbnail),
            "{title}: {image}"
        );
        // The description is the item's text, as plain text.
        let body = item.content_text.as_deref().unwrap_or_default();
        assert!(body.contains(text), "{title}: {body:?}");
        assert!(!body.contains('<'), "{title}: {body:?}");
        // No dead Flash player left behind as an attachment.
        assert!(
            item.attachments.is_empty(),
            "{title}: {:?}",
            item.attachments
        );
        assert!(item.video().is_none());
    }

    // A hostile video id makes no player: the entry stays a story with
    // its picture.
    let odd = titled(&feed, "An entry whose video id is not one");
    assert!(odd.youtube().is_none(), "{:?}", odd.newsdesk);
    assert!(!odd.is_video());
    assert!(!serde_json::to_string(odd).unwrap().contains("script"));
    assert_eq!(
        unsigned(odd.image.as_deref().unwrap()).as_deref(),
        Some("https://i3.ytimg.example/vi/bad/hqdefault.jpg")
    );

    // The facade data survives the trip to the app (JSON Feed, `_newsdesk`).
    let json = feed.to_json();
    assert!(
        json.contains(
            "\"youtube\":{\"id\":\"Rv7tIdE-01a\",\"views\":48213,\"duration_seconds\":95}"
        ),
        "{json}"
    );
    let back = Feed::from_json(&json).unwrap();
    assert_eq!(back, feed);
}

#[test]
fn youtube_videos_fill_the_video_section() {
    let feed = normalized("youtube-channel.xml", "tides", true);
    let other = normalized("rss2.xml", "riverbank", true);
    let newsroom = Newsroom::new(
        vec![
            SourceFeed {
                id: "tides".into(),
                feed,
            },
            SourceFeed {
                id: "riverbank".into(),
                feed: other,
            },
        ],
        "2026-03-03T00:00:00Z".into(),
    )
    .unwrap();
    assert!(newsroom.has_youtube());
    let videos = newsroom.front_page(Kind::Video, 1).unwrap();
    let titles: Vec<&str> = videos
        .items
        .iter()
        .filter_map(|i| i.title.as_deref())
        .collect();
    assert!(
        titles.contains(&"Spring tide floods the ferry steps"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Night shift on the tide gauge"),
        "{titles:?}"
    );
    assert!(
        !titles.contains(&"An entry whose video id is not one"),
        "{titles:?}"
    );

    let plain = Newsroom::new(
        vec![SourceFeed {
            id: "riverbank".into(),
            feed: normalized("rss2.xml", "riverbank", true),
        }],
        "2026-03-03T00:00:00Z".into(),
    )
    .unwrap();
    assert!(!plain.has_youtube(), "no YouTube item, no YouTube frames");
}

#[test]
fn podcast_enclosures_become_signed_audio_attachments() {
    let feed = normalized("podcast.xml", "lowwater", true);
    let episode = titled(&feed, "Episode 14: The lock keeper's last winter");
    let audio: Vec<_> = episode.audio().collect();
    assert_eq!(audio.len(), 1, "{:?}", episode.attachments);
    assert_eq!(audio[0].mime_type, "audio/mpeg");
    assert_eq!(audio[0].size_in_bytes, Some(28_311_552));
    assert_eq!(
        unsigned(&audio[0].url).as_deref(),
        Some("https://media.harbourlights.example/low-water/014.mp3"),
        "{}",
        audio[0].url
    );
    assert!(!episode.is_video());

    // No type and a relative URL: typed from the extension, resolved
    // against the feed, signed all the same.
    let older = titled(&feed, "Episode 13: Eels, mostly");
    let audio: Vec<_> = older.audio().collect();
    assert_eq!(audio.len(), 1, "{:?}", older.attachments);
    assert_eq!(audio[0].mime_type, "audio/mp4");
    assert_eq!(
        unsigned(&audio[0].url).as_deref(),
        Some("https://harbourlights.example/low-water/013.m4a")
    );

    // Without a signer (the CLI, tests) the upstream URL stays.
    let plain = normalized("podcast.xml", "lowwater", false);
    let episode = titled(&plain, "Episode 14: The lock keeper's last winter");
    assert_eq!(
        episode.audio().next().map(|a| a.url.as_str()),
        Some("https://media.harbourlights.example/low-water/014.mp3")
    );
}

#[test]
fn video_attachments_are_signed_like_images() {
    let feed = normalized("rss2.xml", "riverbank", true);
    let videos: Vec<_> = feed.items.iter().filter_map(Item::video).collect();
    assert!(!videos.is_empty(), "rss2.xml has a video enclosure");
    for video in videos {
        let upstream = unsigned(&video.url).unwrap_or_else(|| panic!("unsigned: {}", video.url));
        assert!(
            Url::parse(&upstream).is_ok_and(|u| u.scheme() == "https"),
            "{upstream}"
        );
    }
}
