//! Any bytes, with any of a few Content-Types, through `normalize`: it
//! must return (never panic, never hang), and whatever it accepts must be a
//! valid JSON Feed with no script in it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::normalize::{normalize, NormalizeOptions};

/// Headers the fetcher passes on; the first input byte picks one, so the
/// fuzzer explores every decoding path.
const CONTENT_TYPES: [Option<&str>; 6] = [
    None,
    Some("application/rss+xml; charset=utf-8"),
    Some("text/xml; charset=windows-1251"),
    Some("application/atom+xml; charset=koi8-u"),
    Some("text/xml; charset=utf-16"),
    Some("application/feed+json"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, document)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(pick) % CONTENT_TYPES.len()];
    let options = NormalizeOptions::new("fuzz");
    if let Ok(feed) = normalize(document, content_type, &options) {
        if let Err(error) = feed.validate() {
            panic!("normalize returned an invalid feed: {error}");
        }
        let json = feed.to_json().to_ascii_lowercase();
        assert!(!json.contains("<script"), "script in the output: {json}");
        for item in &feed.items {
            assert!(
                newsdesk_ingest::ids::is_valid_id(&item.id),
                "bad id {:?}",
                item.id
            );
        }
    }
});
