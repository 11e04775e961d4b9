//! Every readable fixture normalized exactly as recorded in
//! `tests/fixtures/normalized/` (at the top of the repository): speed work on the parser and the normalizer
//! must not change a byte of what readers get.
//!
//! After an intended change of output, re-record with
//! `NEWSDESK_BLESS=1 cargo test -p newsdesk-ingest --test normalize golden`
//! and review the diff.

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::signer::MediaSigner;

use crate::support::{content_type, fixture, READABLE};

/// Where the recorded outputs live.
const GOLDEN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/normalized/"
);

/// The option sets each fixture is recorded with: defaults (the feed's own
/// home page is the base), a fetch URL as the base, and a media signer.
fn variants() -> Vec<(&'static str, NormalizeOptions)> {
    let mut based = NormalizeOptions::new("golden");
    based.feed_url = url::Url::parse("https://feeds.example/path/feed.xml").ok();
    let mut signed = NormalizeOptions::new("golden");
    signed.media = Some(MediaSigner::new("golden-test-key-0123456789abcdef").unwrap());
    vec![
        ("default", NormalizeOptions::new("golden")),
        ("based", based),
        ("signed", signed),
    ]
}

#[test]
fn every_fixture_normalizes_as_recorded() {
    let bless = std::env::var_os("NEWSDESK_BLESS").is_some();
    let mut changed = Vec::new();
    for name in READABLE {
        for (variant, options) in variants() {
            let feed = normalize(&fixture(name), content_type(name), &options)
                .unwrap_or_else(|e| panic!("{name} ({variant}): {e}"));
            let json = serde_json::to_string_pretty(&feed).unwrap() + "\n";
            let path = format!("{GOLDEN}{name}.{variant}.json");
            if bless {
                std::fs::create_dir_all(GOLDEN).unwrap();
                std::fs::write(&path, &json).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
                changed.push(format!("{name} ({variant})"));
            }
        }
    }
    assert!(changed.is_empty(), "output changed for: {changed:?}");
}
