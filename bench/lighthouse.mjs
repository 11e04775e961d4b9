// Benchmark 2: cold load with Lighthouse 12.2.3 (bench/node_modules), mobile
// defaults (Moto G Power emulation, simulated slow 4G and 4× CPU), the
// performance category only, on:
//   the app      /  and  /article/<first id of /api/feed>  (release build,
//                served by the release proxy)
//   the baseline the same two pages as static HTML with the same CSS file
//                (bench/lib/static-site.mjs): the limit for this content
// BENCH_LH_RUNS (default 5) runs per URL, alternating app and baseline;
// medians. Each run is a fresh Chromium profile (Lighthouse launches it).
//   node bench/lighthouse.mjs
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BENCH, CHROMIUM, WORK, feedItems, row, startProxy, startStatic, stats, writeResult } from './lib/common.mjs';
import { buildStaticSite } from './lib/static-site.mjs';

const run = promisify(execFile);
const RUNS = Math.max(1, Number(process.env.BENCH_LH_RUNS || 5));
// Lighthouse itself sometimes fails a run (NO_NAVSTART: its trace lost the
// navigation's start). Such a run measured nothing: it is run again, at
// most this many times, and the retries are reported.
const RETRIES = 2;
const retried = [];
const CLI = join(BENCH, 'node_modules', 'lighthouse', 'cli', 'index.js');
const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
].join(' ');

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm ci --prefix bench`);

const proxy = await startProxy();
const [first] = await feedItems(proxy.base, 1);
const site = await buildStaticSite(proxy.base, process.env.BENCH_DIST || join(WORK, 'dist'), join(WORK, 'static-site'));
const statics = await startStatic(site.dir);
const version = (await run(process.execPath, [CLI, '--version'])).stdout.trim();

/** One Lighthouse run of `url`, run again if Lighthouse failed to measure. */
async function lighthouse(url) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await lighthouseOnce(url);
    } catch (e) {
      const reason = String(e.message).match(/NO_[A-Z_]+|PROTOCOL_TIMEOUT|[A-Z_]{8,}/)?.[0] || String(e.message).split('\n')[0].slice(0, 120);
      if (attempt >= RETRIES) throw e;
      console.error(`lighthouse ${url}: run failed (${reason}), running it again`);
      retried.push(`${new URL(url).pathname} (${reason})`);
    }
  }
}

async function lighthouseOnce(url) {
  const { stdout } = await run(
    process.execPath,
    [CLI, url, '--output=json', '--output-path=stdout', '--only-categories=performance', '--quiet', `--chrome-flags=${FLAGS}`],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 256 * 1024 * 1024, timeout: 180000 },
  );
  const lhr = JSON.parse(stdout);
  if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: (lhr.categories.performance.score ?? NaN) * 100,
    lcp: audit('largest-contentful-paint'),
    fcp: audit('first-contentful-paint'),
    tbt: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    bytes: audit('total-byte-weight') / 1024,
    warnings: lhr.runWarnings || [],
  };
}

const pages = [
  { id: 'feed', label: 'News Feed `/`', app: `${proxy.base}/`, baseline: `${statics.base}/` },
  {
    id: 'article',
    label: `article \`/article/${first.id}\``,
    app: `${proxy.base}/article/${first.id}`,
    baseline: `${statics.base}/article/${site.articleId}/`,
  },
];
const results = {};
const warnings = new Set();
try {
  for (const p of pages) {
    results[p.id] = { app: [], baseline: [] };
    for (let i = 0; i < RUNS; i += 1) {
      for (const side of i % 2 ? ['baseline', 'app'] : ['app', 'baseline']) {
        const r = await lighthouse(p[side]);
        r.warnings.forEach((w) => warnings.add(w));
        results[p.id][side].push(r);
        console.error(`lighthouse ${p.id} ${side}: score ${r.score}, LCP ${r.lcp.toFixed(0)} ms, TBT ${r.tbt.toFixed(0)} ms`);
      }
    }
  }
} finally {
  await proxy.stop();
  await statics.stop();
}

const s = (page, side, key) => stats(results[page][side].map((r) => r[key]));
const rows = [];
for (const p of pages) {
  rows.push(
    row(`${p.label}: performance score`, 'points', s(p.id, 'app', 'score'), s(p.id, 'baseline', 'score'), {
      better: 'higher',
      target: 'score ≥ 98',
      check: (app) => app.median >= 98,
    }),
    row(`${p.label}: LCP`, 'ms', s(p.id, 'app', 'lcp'), s(p.id, 'baseline', 'lcp'), {
      target: 'LCP ≤ 1.5 s',
      check: (app) => app.median <= 1500,
    }),
    row(`${p.label}: FCP`, 'ms', s(p.id, 'app', 'fcp'), s(p.id, 'baseline', 'fcp')),
    row(`${p.label}: TBT`, 'ms', s(p.id, 'app', 'tbt'), s(p.id, 'baseline', 'tbt')),
    row(`${p.label}: CLS`, '', s(p.id, 'app', 'cls'), s(p.id, 'baseline', 'cls')),
    row(`${p.label}: total bytes`, 'KB', s(p.id, 'app', 'bytes'), s(p.id, 'baseline', 'bytes')),
  );
}
writeResult({
  id: 'lighthouse',
  sides: ['app', 'static HTML'],
  title: 'Cold load: Lighthouse, mobile defaults',
  method: `Lighthouse ${version} (CLI, \`--only-categories=performance\`, default mobile config: simulated throttling), CHROME_PATH=${CHROMIUM} with \`${FLAGS}\`; a fresh profile per run, so nothing is cached and no service worker is installed. App: the release build from the release proxy, which serves it brotli-compressed (scripts/precompress.mjs) and writes each page's first paint into index.html (crates/proxy/src/first_paint.rs). Baseline: the same pages as static HTML with the same CSS file, from a node static server on 127.0.0.1 (uncompressed: that favours the app in the ratios; the targets are absolute). ${RUNS} runs per URL, alternating.`,
  rows,
  notes: [
    'Scores and LCP are Lighthouse’s simulated (Lantern) values, computed from the trace of an unthrottled load on this machine: CPU noise from other work on the machine still moves them.',
    ...(retried.length ? [`Lighthouse failed to measure ${retried.length} run(s), each run again: ${retried.join(', ')}.`] : []),
    ...[...warnings].map((w) => `Lighthouse warning: ${w}`),
  ],
});
