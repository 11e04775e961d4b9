// Shared pieces of the node benchmarks: statistics, result files, the proxy
// and small static servers on 127.0.0.1, and Debian's Chromium.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';

export const BENCH = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(BENCH, '..');
export const WORK = process.env.BENCH_WORK || join(BENCH, '.work');
export const RESULTS = join(WORK, 'results');

/** Repetitions: BENCH_REPS (default per benchmark), at least 3. */
export function reps(fallback) {
  const n = Number(process.env.BENCH_REPS || fallback);
  return Math.max(3, Number.isFinite(n) ? Math.round(n) : fallback);
}

/** `{ median, min, max, n, values }` of a list of numbers. */
export function stats(values) {
  const sorted = [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0, values: [] };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length, values };
}

/**
 * Writes one benchmark's result for bench/report.mjs:
 * `{ id, title, method, rows: [{ metric, unit, app, baseline, ratio, better, target, pass }], notes }`.
 * `app`/`baseline` are stats() objects (baseline may be null); `better` is
 * 'lower' or 'higher'; ratio is app/baseline (lower is better) or
 * app/baseline as well for throughput (then higher is better).
 */
export function writeResult(result) {
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${result.id}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.error(`bench: wrote ${file}`);
}

/** A row: ratio computed from medians. */
export function row(metric, unit, app, baseline, { better = 'lower', target = null, check = null } = {}) {
  const ratio = baseline && baseline.median ? app.median / baseline.median : null;
  const pass = check ? check(app, ratio) : null;
  return { metric, unit, app, baseline, ratio, better, target, pass };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The release proxy binary (scripts/bench.sh builds it). */
export function proxyBinary() {
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  return process.env.NEWSDESK_PROXY_BIN || join(target, 'release', 'newsdesk-proxy');
}

/** The app build the benchmarks measure (scripts/bench.sh builds it). */
export function distDir() {
  return process.env.BENCH_DIST || join(WORK, 'dist');
}

/**
 * Starts newsdesk-proxy on 127.0.0.1 (free port) serving `dist`; resolves
 * `{ base, process, stop() }` once it prints its URL.
 */
export async function startProxy({ dist = distDir(), args = [], env = {} } = {}) {
  const child = spawn(
    proxyBinary(),
    ['--listen', '127.0.0.1:0', '--dist', dist, '--log', 'error', '--rate-limit', '100000000', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } },
  );
  const base = await new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`proxy did not start: ${out}`)), 15000);
    child.on('exit', (code) => reject(new Error(`proxy exited (${code}): ${out}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/running at (http:\/\/\S+?)\/?\s/);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1].replace(/\/$/, ''));
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    base,
    process: child,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A static file server on 127.0.0.1 (free port) for `dir`: `/` is
 * index.html (and so is any folder's), no caching headers but `no-cache` (every benchmark states
 * its own cache conditions). Resolves `{ base, stop() }`.
 */
export async function startStatic(dir, { headers = {} } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'content-length': statSync(file).size,
      'cache-control': 'no-cache',
      ...headers,
    });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    stop: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Chromium flags: the project's own (scripts/chromium-args.mjs). */
export { CHROMIUM_ARGS };

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Headless Debian Chromium through playwright-core (bench/node_modules). */
export async function launch(extraArgs = []) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** GET a URL on 127.0.0.1 and parse JSON. */
export async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** The first `count` items of the News Feed, following next_url. */
export async function feedItems(base, count) {
  const items = [];
  let url = `${base}/api/feed`;
  while (url && items.length < count) {
    const page = await getJson(url);
    items.push(...page.items);
    url = page.next_url ? new URL(page.next_url, base).href : null;
  }
  return items.slice(0, count);
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
