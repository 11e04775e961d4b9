//! Normalizer throughput: every file of a corpus through
//! `newsdesk_ingest::normalize::normalize` (parse, normalize, sanitize), the
//! function the proxy runs on each fetched feed, timed per pass.
//!
//! ```text
//! newsdesk-normalize-bench CORPUS_DIR [PASSES] [WARMUP_PASSES]
//! ```
//!
//! Prints one JSON line: the seconds of each pass (wall clock, and this
//! thread's CPU time from /proc/thread-self/schedstat: steadier on a busy
//! machine), and the files, items and bytes of a pass (same shape as
//! feedparser_bench.py); `parse_seconds`:
//! the same passes through `parser::parse` alone (charset + feed-rs + the
//! quick-xml pre-pass, no normalizing or sanitizing), to tell where the time goes.

use std::hint::black_box;
use std::time::Instant;

use newsdesk_ingest::normalize::{normalize, NormalizeOptions};
use newsdesk_ingest::parser::parse;

/// CPU time this thread has run, in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(0.0, |ns| ns as f64 / 1e9)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = args
        .next()
        .expect("usage: newsdesk-normalize-bench CORPUS_DIR [PASSES] [WARMUP]");
    let passes: usize = args.next().map_or(10, |a| a.parse().expect("PASSES"));
    let warmup: usize = args.next().map_or(2, |a| a.parse().expect("WARMUP"));

    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .expect("corpus dir")
        .map(|e| e.expect("dir entry").path())
        .collect();
    names.sort();
    let files: Vec<Vec<u8>> = names
        .iter()
        .map(|p| std::fs::read(p).expect("read"))
        .collect();
    let bytes: usize = files.iter().map(Vec::len).sum();
    let options: Vec<NormalizeOptions> = (0..files.len())
        .map(|i| NormalizeOptions::new(format!("feed-{i}")))
        .collect();

    let mut seconds = Vec::new();
    let mut cpu = Vec::new();
    let (mut items, mut failed) = (0usize, 0usize);
    for pass in 0..warmup + passes {
        items = 0;
        failed = 0;
        let start = Instant::now();
        let cpu_start = cpu_seconds();
        for (data, options) in files.iter().zip(&options) {
            match normalize(black_box(data), None, options) {
                Ok(feed) => items += black_box(feed).items.len(),
                Err(_) => failed += 1,
            }
        }
        let elapsed = start.elapsed().as_secs_f64();
        let cpu_elapsed = cpu_seconds() - cpu_start;
        if pass >= warmup {
            seconds.push(elapsed);
            cpu.push(cpu_elapsed);
        }
    }
    let mut parse_seconds = Vec::new();
    for pass in 0..warmup + passes {
        let start = Instant::now();
        for data in &files {
            let _ = black_box(parse(black_box(data), None, None::<&url::Url>));
        }
        if pass >= warmup {
            parse_seconds.push(start.elapsed().as_secs_f64());
        }
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|s| format!("{s:.6}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "{{\"parser\": \"newsdesk-proxy normalize\", \"files\": {}, \"bytes\": {bytes}, \"items\": {items}, \"failed\": {failed}, \"seconds\": [{}], \"cpu_seconds\": [{}], \"parse_seconds\": [{}]}}",
        files.len(),
        list(&seconds),
        list(&cpu),
        list(&parse_seconds)
    );
}

/// The proxy's allocator (crates/proxy/src/main.rs): the bench measures
/// the normalizer as the proxy runs it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
