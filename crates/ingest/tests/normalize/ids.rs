//! Item ids: stable across fetches, unique, URL-safe, prefixed with the
//! source. The app keeps saved and read state by id, so an id that changed
//! between fetches would lose a reader's place.

use std::collections::HashSet;

use newsdesk_ingest::ids::is_valid_id;
use newsdesk_ingest::normalize::{normalize, NormalizeOptions, ID_HASH_HEX};

use crate::support::{fixture, item, normalized, READABLE};

fn ids(feed: &newsdesk_feed::Feed) -> Vec<String> {
    feed.items.iter().map(|i| i.id.clone()).collect()
}

#[test]
fn ids_are_the_same_on_every_fetch_and_unique() {
    let mut everywhere = HashSet::new();
    for name in READABLE {
        let first = ids(&normalized(name, "desk"));
        let second = ids(&normalized(name, "desk"));
        assert_eq!(first, second, "{name}: ids changed between two runs");
        for id in &first {
            assert!(is_valid_id(id), "{name}: {id:?}");
            assert!(id.starts_with("desk-"), "{name}: {id:?}");
            let hash = id.rsplit('-').next().unwrap();
            assert_eq!(hash.len(), ID_HASH_HEX, "{name}: {id:?}");
            // Different entries, even across feeds, never share an id.
            assert!(everywhere.insert(id.clone()), "{name}: {id:?} seen before");
        }
    }
}

#[test]
fn ids_come_from_guid_then_link_then_title_and_date() {
    // (fixture, item title, expected id shape: prefix before the hash)
    let cases = [
        // A guid with a link: slug from the article URL.
        (
            "rss2.xml",
            "Ferry service resumes after flood repairs",
            "desk-ferry-service-resumes-",
        ),
        // A guid and no link: no slug (the guid is opaque), just the hash.
        (
            "rss2.xml",
            "Water pressure low in Upper Meadow until 14:00",
            "desk-",
        ),
        // Atom id with a link.
        ("atom.xml", "Why the weir hums in March", "desk-weir-hum-"),
        // Cyrillic URL slugs are transliterated.
        (
            "windows-1251.xml",
            "У Прибережному відновили рух поромів",
            "desk-porom-",
        ),
        // No guid: from the link.
        (
            "no-guid.xml",
            "Boat ramp closed on Sunday",
            "desk-boat-ramp-closed-",
        ),
        // No guid, no link: from title and date.
        (
            "no-guid.xml",
            "Quay office hours",
            "desk-quay-office-hours-",
        ),
    ];
    for (name, title, prefix) in cases {
        let feed = normalized(name, "desk");
        let id = &item(&feed, title).id;
        assert!(id.starts_with(prefix), "{title}: {id}");
        assert_eq!(id.len(), prefix.len() + ID_HASH_HEX, "{title}: {id}");
    }
}

#[test]
fn entries_without_guid_are_told_apart_and_repeats_dropped() {
    let feed = normalized("no-guid.xml", "quay");
    let titles: Vec<_> = feed
        .items
        .iter()
        .map(|i| i.title.as_deref().unwrap_or(""))
        .collect();
    // The boat ramp notice appears twice, word for word: kept once. The
    // two paddle notices share a title but not a date: both kept. The
    // entry with nothing in it is dropped.
    assert_eq!(
        titles,
        [
            "Boat ramp closed on Sunday",
            "Lost and found: a blue kayak paddle",
            "Lost and found: a blue kayak paddle",
            "Quay office hours",
        ]
    );
    assert_ne!(feed.items[1].id, feed.items[2].id);
}

#[test]
fn a_corrected_headline_keeps_its_id() {
    // Newsrooms fix headlines after publishing; the story is the same one,
    // so its id (and the reader's saved/read state) must not change.
    let original = fixture("rss2.xml");
    let corrected = String::from_utf8(original.clone())
        .unwrap()
        .replace(
            "Ferry service resumes after flood repairs",
            "Ferry back after flood repairs",
        )
        .into_bytes();
    let before = normalize(&original, None, &NormalizeOptions::new("r")).unwrap();
    let after = normalize(&corrected, None, &NormalizeOptions::new("r")).unwrap();
    assert_eq!(
        item(&before, "Ferry service resumes after flood repairs").id,
        item(&after, "Ferry back after flood repairs").id
    );
    assert_eq!(ids(&before), ids(&after));
}

#[test]
fn a_reused_guid_does_not_merge_different_stories() {
    let rss = br#"<rss version="2.0"><channel><title>Lazy CMS</title><link>https://lazy.example/</link>
        <item><title>First story</title><guid>https://lazy.example/</guid><link>https://lazy.example/a</link><description>A</description></item>
        <item><title>Second story</title><guid>https://lazy.example/</guid><link>https://lazy.example/b</link><description>B</description></item>
        </channel></rss>"#;
    let feed = normalize(rss, None, &NormalizeOptions::new("lazy")).unwrap();
    assert_eq!(feed.items.len(), 2);
    assert_ne!(feed.items[0].id, feed.items[1].id);
    let again = normalize(rss, None, &NormalizeOptions::new("lazy")).unwrap();
    assert_eq!(ids(&feed), ids(&again));
}

#[test]
fn bad_source_ids_are_refused() {
    for source in ["", "Has Caps", "a/b", "ünï", &"s".repeat(100)] {
        let error =
            normalize(&fixture("rss2.xml"), None, &NormalizeOptions::new(source)).unwrap_err();
        assert!(
            error.to_string().contains("source id"),
            "{source:?}: {error}"
        );
    }
}
