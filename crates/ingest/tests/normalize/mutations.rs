//! A cheap property test: thousands of deterministic corruptions of the
//! fixtures through `normalize`. No input may panic, and whatever comes out
//! must be a valid, script-free feed. (The fuzz target in
//! crates/ingest/fuzz/ does the same with coverage guidance, on nightly.)

use std::panic::{catch_unwind, AssertUnwindSafe};

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::signer::MediaSigner;

use crate::support::{fixture, reader_problems, READABLE};

/// Mutated documents tried: enough to hit every mutation on every fixture
/// many times, quick enough for every `cargo test` (about two seconds).
const RUNS: usize = 2_000;

/// Snippets that stress parsers and sanitizers when dropped anywhere.
const SNIPPETS: &[&[u8]] = &[
    b"<script>alert(1)</script>",
    b"]]>",
    b"<![CDATA[",
    b"&",
    b"&#0;",
    b"&#x110000;",
    b"<item>",
    b"</channel>",
    b"<entry>",
    b"xml:base=\"javascript:alert(1)\"",
    b"\"",
    b"<",
    b"\0",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"{\"version\":",
    b"<img src=x onerror=alert(1)>",
    b"<a href=\"jav&#x09;ascript:alert(1)\">",
];

/// Well-formed hostile XML, dropped right after some `>` so the document
/// often still parses and the attack reaches the normalizer.
const WELL_FORMED: &[&[u8]] = &[
    b"<script>alert(1)</script>",
    b"&lt;img src=x onerror=alert(1)&gt;",
    b"&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    b"<link>javascript:alert(1)</link>",
    b"<category>&lt;svg onload=alert(1)&gt;</category>",
    b"<enclosure url=\"data:text/html,x\" type=\"video/mp4\"/>",
    b"<media:thumbnail xmlns:media=\"http://search.yahoo.com/mrss/\" url=\"javascript:alert(1)\"/>",
    b"<description>&lt;a href=\"jav&amp;#x09;ascript:alert(1)\"&gt;x&lt;/a&gt;</description>",
    b"<title>&lt;iframe srcdoc=&quot;&amp;lt;script&amp;gt;&quot;&gt;</title>",
    b"\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2",
];

const CONTENT_TYPES: &[Option<&str>] = &[
    None,
    Some("application/rss+xml; charset=koi8-u"),
    Some("text/xml; charset=utf-16"),
    Some("application/json"),
    Some("text/html; charset=windows-1251"),
    Some("text/xml; charset="),
];

/// Marsaglia's xorshift64: deterministic, no dependency, good enough to
/// pick bytes and positions.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut XorShift, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..=rng.below(3) {
        match rng.below(6) {
            0 => {
                for _ in 0..=rng.below(8) {
                    let at = rng.below(bytes.len());
                    if let Some(b) = bytes.get_mut(at) {
                        *b = rng.next() as u8;
                    }
                }
            }
            1 => bytes.truncate(rng.below(bytes.len() + 1)),
            2 => {
                let snippet = SNIPPETS[rng.below(SNIPPETS.len())];
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, snippet.iter().copied());
            }
            3 => {
                let start = rng.below(bytes.len() + 1);
                let end = (start + rng.below(400)).min(bytes.len());
                let copy = bytes[start..end].to_vec();
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, copy);
            }
            4 => {
                let start = rng.below(bytes.len() + 1);
                let end = (start + rng.below(200)).min(bytes.len());
                bytes.drain(start..end);
            }
            _ => {
                let from = rng.below(bytes.len() + 1);
                if let Some(gt) = bytes[from..].iter().position(|&b| b == b'>') {
                    let snippet = WELL_FORMED[rng.below(WELL_FORMED.len())];
                    let at = from + gt + 1;
                    bytes.splice(at..at, snippet.iter().copied());
                }
            }
        }
    }
    bytes
}

#[test]
fn mutated_fixtures_never_panic_and_never_yield_script() {
    let fixtures: Vec<Vec<u8>> = READABLE.iter().map(|name| fixture(name)).collect();
    let mut options = NormalizeOptions::new("fuzz");
    let mut rng = XorShift(0x5EED_F00D_7EA5_u64);
    let (mut ok, mut refused) = (0, 0);
    for run in 0..RUNS {
        let which = rng.below(fixtures.len());
        let bytes = mutate(&mut rng, fixtures[which].clone());
        // Half the runs with the header the fixture was meant for (none,
        // or koi8-u's), half with a random, often wrong, one.
        let content_type = if rng.below(2) == 0 {
            crate::support::content_type(READABLE[which])
        } else {
            CONTENT_TYPES[rng.below(CONTENT_TYPES.len())]
        };
        options.media =
            (run % 2 == 1).then(|| MediaSigner::new("mutation-test-key-0123456789").unwrap());
        let result = catch_unwind(AssertUnwindSafe(|| {
            normalize(&bytes, content_type, &options)
        }));
        let what = format!("run {run}, mutated {}", READABLE[which]);
        match result {
            Err(_) => panic!(
                "{what}: normalize panicked on {:?}",
                String::from_utf8_lossy(&bytes)
            ),
            Ok(Err(_)) => refused += 1,
            Ok(Ok(feed)) => {
                ok += 1;
                let problems = reader_problems(&feed);
                assert!(problems.is_empty(), "{what}: {problems:#?}");
                assert!(
                    !feed.to_json().to_ascii_lowercase().contains("<script"),
                    "{what}"
                );
            }
        }
    }
    // Both paths must have been exercised for the test to mean anything
    // (most corruptions break XML well-formedness, so errors dominate).
    assert!(
        ok > RUNS / 20 && refused > RUNS / 20,
        "ok {ok}, refused {refused}"
    );
    println!("{RUNS} mutated feeds: {ok} normalized, {refused} refused with an error");
}
