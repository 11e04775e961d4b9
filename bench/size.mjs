// Benchmark 1: what a first visit downloads (scripts/size-budget.mjs on the
// release build), raw, gzip -9 and brotli 11, against the 150 KB brotli
// budget; the baseline is the same News Feed as static HTML (its page and
// the same CSS file: bench/lib/static-site.mjs), the floor for this content.
//   node bench/size.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGET_BYTES, formatTable, measure, sizeReport } from '../scripts/size-budget.mjs';
import { WORK, distDir, startProxy, writeResult } from './lib/common.mjs';
import { buildStaticSite } from './lib/static-site.mjs';

const dist = distDir();
const report = sizeReport(dist);
console.error(formatTable(report));

const proxy = await startProxy();
let site;
try {
  site = await buildStaticSite(proxy.base, dist, join(WORK, 'static-site'));
} finally {
  await proxy.stop();
}
const css = site.files.find((f) => f.endsWith('.css'));
const baseline = ['/index.html', css].map((f) => measure(readFileSync(join(site.dir, f))));
const baseTotal = baseline.reduce((t, m) => ({ raw: t.raw + m.raw, gzip: t.gzip + m.gzip, brotli: t.brotli + m.brotli }), { raw: 0, gzip: 0, brotli: 0 });

const kb = (n) => (n / 1024).toFixed(1);
const lines = [
  '| file | kind | raw KB | gzip KB | brotli KB | why |',
  '| --- | --- | ---: | ---: | ---: | --- |',
  ...report.files.map((f) => `| \`${f.path}\` | ${f.kind} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} | ${f.why} |`),
  `| **total** (${report.files.length} files) | | **${kb(report.total.raw)}** | **${kb(report.total.gzip)}** | **${kb(report.total.brotli)}** | budget ${kb(BUDGET_BYTES)} KB brotli: ${report.withinBudget ? '✅ within' : `❌ ${kb(report.total.brotli - BUDGET_BYTES)} KB over`} |`,
  '',
  '| by kind | raw KB | gzip KB | brotli KB | share of brotli total |',
  '| --- | ---: | ---: | ---: | ---: |',
  ...Object.entries(report.kinds)
    .sort((a, b) => b[1].brotli - a[1].brotli)
    .map(([k, v]) => `| ${k} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.brotli)} | ${((100 * v.brotli) / report.total.brotli).toFixed(0)}% |`),
  '',
  '| first visit | raw KB | gzip KB | brotli KB |',
  '| --- | ---: | ---: | ---: |',
  `| the app (all files above) | ${kb(report.total.raw)} | ${kb(report.total.gzip)} | ${kb(report.total.brotli)} |`,
  `| baseline: static HTML of the News Feed (30 items) + the same CSS | ${kb(baseTotal.raw)} | ${kb(baseTotal.gzip)} | ${kb(baseTotal.brotli)} |`,
  `| ratio app / baseline | ${(report.total.raw / baseTotal.raw).toFixed(1)}× | ${(report.total.gzip / baseTotal.gzip).toFixed(1)}× | ${(report.total.brotli / baseTotal.brotli).toFixed(1)}× |`,
];
writeResult({
  id: 'size',
  title: 'Size of a first visit',
  method: `\`node scripts/size-budget.mjs\` on the release build (\`trunk build --release\`, wasm-opt -Os, terser, trunk minify): index.html and every same-origin file it references, the manifest's icons, the service worker pwa.js registers, config.json and the favicon; each compressed in-process with gzip level 9 and brotli quality 11 (node zlib). Deterministic: one measurement, no repetitions needed. Images the feed itself shows (avatars, the lead image) are content, not counted here.`,
  table: lines.join('\n'),
  summary: {
    headline: `${kb(report.total.brotli)} KB brotli (${kb(report.total.gzip)} KB gzip, ${kb(report.total.raw)} KB raw)`,
    ratio: `${(report.total.brotli / baseTotal.brotli).toFixed(1)}× the static page`,
    target: `≤ ${kb(BUDGET_BYTES)} KB brotli`,
    pass: report.withinBudget,
  },
  rows: [],
  notes: [
    `The wasm is ${((100 * (report.kinds.wasm?.brotli || 0)) / report.total.brotli).toFixed(0)}% of the brotli total.`,
    'The proxy does not compress responses itself (ARCHITECTURE.md: precompressed .br/.gz files in dist/ are served when present); without them a reader downloads the raw column.',
  ],
});
