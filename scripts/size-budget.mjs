#!/usr/bin/env node
// What a reader's first visit downloads, and the budget it must fit in.
//
//   node scripts/size-budget.mjs [DIST]        # table; exit 1 over budget
//   node scripts/size-budget.mjs [DIST] --json # the same as JSON (make bench)
//
// DIST defaults to dist/ (a release build: `make build`). The first-visit
// files are found in the build itself, never listed by hand:
//   - index.html and every same-origin file it references (src=, href=,
//     trunk's `module_or_path:`, `import … from`), e.g. the JS loader, the
//     wasm, the stylesheet, the manifest, the favicon, the touch icon;
//   - the web app manifest's `icons` (browsers fetch them to install);
//   - the service worker pwa.js registers (it is fetched at the first visit);
//   - config.json (the app reads its API base at start) and the favicon.
// Each is measured raw, gzip (level 9) and brotli (quality 11). The budget
// is on the brotli total. No dependencies: node's zlib only.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The most a first visit may download, brotli-compressed. */
export const BUDGET_BYTES = 150 * 1024;

const ORIGIN = 'https://newsdesk.invalid';

/** Same-origin paths referenced by an HTML (or JS) text. */
function referencesIn(text, base) {
  // Attribute values may be unquoted: trunk's HTML minifier drops quotes.
  const pattern =
    /(?:\b(?:href|src)\s*=\s*(?:["']([^"'#]+)["']|([^\s"'#>=`<]+))|(?:\bmodule_or_path\s*:\s*|\bfrom\s+|\bimport\s*\(\s*)["']([^"'#]+)["'])/g;
  const found = [];
  for (const match of text.matchAll(pattern)) {
    let url;
    try {
      url = new URL(match[1] ?? match[2] ?? match[3], base);
    } catch {
      continue;
    }
    if (url.origin === ORIGIN && url.pathname !== '/') found.push(decodeURIComponent(url.pathname.slice(1)));
  }
  return found;
}

function kindOf(path) {
  if (/\.html?$/.test(path)) return 'html';
  if (/\.m?js$/.test(path)) return 'js';
  if (/\.wasm$/.test(path)) return 'wasm';
  if (/\.css$/.test(path)) return 'css';
  if (/\.webmanifest$|manifest\.json$/.test(path)) return 'manifest';
  if (/\.(png|svg|ico|webp|jpe?g)$/.test(path)) return 'icon';
  if (/\.json$/.test(path)) return 'json';
  return 'other';
}

/** `[{ path, why }]`: the first-visit files of a built app in `dist`, in load order. */
export function firstVisitFiles(dist) {
  const files = new Map();
  const add = (path, why) => {
    if (!files.has(path) && existsSync(join(dist, path)) && statSync(join(dist, path)).isFile()) files.set(path, why);
  };
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: build first (make build)`);
  add('index.html', 'the page');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  for (const path of referencesIn(html, `${ORIGIN}/`)) add(path, 'referenced by index.html');
  for (const manifest of [...files.keys()].filter((p) => kindOf(p) === 'manifest')) {
    let icons = [];
    try {
      icons = JSON.parse(readFileSync(join(dist, manifest), 'utf8')).icons || [];
    } catch (error) {
      throw new Error(`${manifest} is not valid JSON: ${error.message}`);
    }
    for (const icon of icons) {
      for (const path of referencesIn(`src="${icon.src}"`, `${ORIGIN}/${manifest}`)) add(path, `icon in ${manifest}`);
    }
  }
  add('pwa.js', 'registers the service worker');
  if (existsSync(join(dist, 'pwa.js'))) {
    const pwa = readFileSync(join(dist, 'pwa.js'), 'utf8');
    for (const match of pwa.matchAll(/\bregister\(\s*["']([^"']+)["']/g)) {
      add(new URL(match[1], `${ORIGIN}/`).pathname.slice(1), 'service worker (registered by pwa.js)');
    }
  }
  add('config.json', 'read by the app at start');
  add('favicon.svg', 'favicon');
  add('favicon.ico', 'favicon');
  return [...files].map(([path, why]) => ({ path, why }));
}

/** Sizes of one file: raw, gzip -9, brotli q11. */
export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/** Every first-visit file with its sizes, totals per kind and overall, and the verdict. */
export function sizeReport(dist) {
  const files = firstVisitFiles(dist).map((f) => ({ ...f, kind: kindOf(f.path), ...measure(readFileSync(join(dist, f.path))) }));
  const sum = (list) => list.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const kinds = {};
  for (const kind of [...new Set(files.map((f) => f.kind))]) kinds[kind] = sum(files.filter((f) => f.kind === kind));
  const total = sum(files);
  return { dist: resolve(dist), files, kinds, total, budget: BUDGET_BYTES, withinBudget: total.brotli <= BUDGET_BYTES };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

export function formatTable(report) {
  const rows = report.files.map((f) => [f.path, f.kind, kb(f.raw), kb(f.gzip), kb(f.brotli), f.why]);
  rows.push(['total', '', kb(report.total.raw), kb(report.total.gzip), kb(report.total.brotli), `${report.files.length} files`]);
  const head = ['file', 'kind', 'raw', 'gzip -9', 'brotli 11', 'why'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  const verdict = report.withinBudget
    ? `within budget: ${kb(report.total.brotli)} of ${kb(report.budget)} brotli`
    : `OVER BUDGET: ${kb(report.total.brotli)} brotli, budget ${kb(report.budget)} (${kb(report.total.brotli - report.budget)} over)`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line), '', verdict].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const dist = args.find((a) => !a.startsWith('--')) || 'dist';
  let report;
  try {
    report = sizeReport(dist);
  } catch (error) {
    console.error(`size-budget: ${error.message}`);
    process.exit(2);
  }
  console.log(json ? JSON.stringify(report, null, 2) : formatTable(report));
  process.exit(report.withinBudget ? 0 : 1);
}
