// Benchmark 6: normalizer throughput. The proxy's parse + normalize +
// sanitize path (bench/normalize-bench, in-process, release build) vs
// Python feedparser (bench/.venv) parsing the same corpus in-process
// (feedparser also sanitizes HTML and resolves relative URIs by default).
// Corpus: bench/normalize-bench/gen_corpus.py, 200 feeds × 50 items grown
// from tests/fixtures/feeds/.
//   node bench/normalize.mjs   (scripts/bench.sh builds the Rust side first)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH, ROOT, WORK, row, stats, writeResult } from './lib/common.mjs';

const FEEDS = Number(process.env.BENCH_CORPUS_FEEDS || 200);
const ITEMS = Number(process.env.BENCH_CORPUS_ITEMS || 50);
const RUST_PASSES = Number(process.env.BENCH_NORMALIZE_PASSES || 10);
const PY_PASSES = Number(process.env.BENCH_FEEDPARSER_PASSES || 3);
const corpus = join(WORK, `corpus-${FEEDS}x${ITEMS}`);
const target = process.env.CARGO_TARGET_DIR || join(BENCH, 'normalize-bench', 'target');
const binary = join(target, 'release', 'newsdesk-normalize-bench');
const python = join(BENCH, '.venv', 'bin', 'python');

if (!existsSync(corpus)) {
  execFileSync('python3', [join(BENCH, 'normalize-bench', 'gen_corpus.py'), corpus, String(FEEDS), String(ITEMS)], { stdio: 'inherit' });
}
const rust = JSON.parse(execFileSync(binary, [corpus, String(RUST_PASSES), '2'], { encoding: 'utf8', cwd: ROOT }));
console.error(`normalize: newsdesk ${rust.seconds.map((s) => s.toFixed(2)).join(', ')} s per pass`);
const py = JSON.parse(execFileSync(python, [join(BENCH, 'normalize-bench', 'feedparser_bench.py'), corpus, String(PY_PASSES), '20'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
console.error(`normalize: feedparser ${py.seconds.map((s) => s.toFixed(2)).join(', ')} s per pass`);

const per = (r, key) => stats(r.seconds.map((s) => r[key] / s));
const perCpu = (r, key) => stats(r.cpu_seconds.map((s) => r[key] / s));
writeResult({
  id: 'normalize',
  sides: ['newsdesk', 'feedparser'],
  title: 'Normalizer throughput: newsdesk-ingest vs Python feedparser',
  method: `Corpus: ${rust.files} feeds × ${ITEMS} items (${(rust.bytes / 1048576).toFixed(1)} MiB; RSS 2.0, Atom, RSS 1.0, entities, hostile markup, windows-1251 and ISO-8859-2) generated from tests/fixtures/feeds/ by bench/normalize-bench/gen_corpus.py, read into memory first. Newsdesk: \`newsdesk_ingest::normalize::normalize\` (what the proxy runs on every fetched feed: charset detection, feed-rs parse, normalize, ammonia sanitize; no JSON output) in a release build, 2 warm-up + ${RUST_PASSES} passes. Baseline: ${py.parser} (\`feedparser.parse(bytes)\`, which also sanitizes HTML and resolves relative links), Python ${execFileSync(python, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' }).trim()}, warm-up on 20 files + ${PY_PASSES} passes. Both single-threaded, in-process. Throughput per CPU-second uses each side's own thread CPU time (/proc/thread-self/schedstat, Python's time.thread_time()), which other work on the machine disturbs far less than the wall clock; both are shown. Ratio = newsdesk / feedparser.`,
  rows: [
    row('feeds per CPU-second', 'feeds/s', perCpu(rust, 'files'), perCpu(py, 'files'), { better: 'higher', target: '≥ 30× feedparser', check: (_, r) => r >= 30 }),
    row('feeds/s, wall clock', 'feeds/s', per(rust, 'files'), per(py, 'files'), { better: 'higher', target: '≥ 30× feedparser', check: (_, r) => r >= 30 }),
    row('items per CPU-second (each side’s own item count)', 'items/s', perCpu(rust, 'items'), perCpu(py, 'items'), { better: 'higher' }),
    row('input MiB per CPU-second', 'MiB/s', stats(rust.cpu_seconds.map((s) => rust.bytes / 1048576 / s)), stats(py.cpu_seconds.map((s) => py.bytes / 1048576 / s)), { better: 'higher' }),
    row('newsdesk, parse only (charset + feed-rs, no normalize/sanitize): MiB/s', 'MiB/s', stats(rust.parse_seconds.map((s) => rust.bytes / 1048576 / s)), null, { better: 'higher' }),
  ],
  notes: [
    `Where newsdesk's time goes: parsing alone takes ${((100 * stats(rust.parse_seconds).median) / stats(rust.seconds).median).toFixed(0)}% of a full pass (median); normalizing and sanitizing (ammonia) the rest.`,
    `Items per pass: newsdesk ${rust.items} (${rust.failed} feeds refused), feedparser ${py.items} (${py.failed} feeds with no entries). The normalizer drops what it cannot use (duplicates, empty items), feedparser keeps every entry.`,
  ],
});
