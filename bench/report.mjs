// Writes bench/RESULTS.md from the JSON each benchmark left in
// bench/.work/results/ (see lib/common.mjs writeResult), with the date and
// the machine. A benchmark that failed or did not run gets a line saying so.
//   node bench/report.mjs [out.md]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH, RESULTS, ROOT, readJson } from './lib/common.mjs';

const out = process.argv[2] || join(BENCH, 'RESULTS.md');
const ORDER = [
  ['size', '1. Size of a first visit'],
  ['lighthouse', '2. Cold load (Lighthouse)'],
  ['offline', '3. Warm start offline'],
  ['render', '4. Rendering (fresh page)'],
  ['render-steady', '4a. Rendering, steady state'],
  ['render-leak', '4b. Rendering: what unmounted streams leave behind'],
  ['proxy', '5. Proxy throughput'],
  ['proxy-layers', '5a. Proxy service: tower-http layers vs the hand-written one'],
  ['normalize', '6. Normalizer'],
  ['memory-page', '7a. Memory: the page with 1,000 items'],
  ['memory-proxy', '7b. Memory: the proxy under load'],
];

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT }).trim();
  } catch {
    return 'unknown';
  }
};

/** When the run started (scripts/bench.sh writes results/run.json), and when its last result was written. */
function runTimes() {
  const file = join(RESULTS, 'run.json');
  const run = existsSync(file) ? readJson(file) : {};
  const files = existsSync(RESULTS) ? readdirSync(RESULTS).filter((f) => f.endsWith('.json') && f !== 'run.json') : [];
  const last = files.map((f) => statSync(join(RESULTS, f)).mtimeMs).reduce((a, b) => Math.max(a, b), 0);
  return {
    started: run.started || process.env.BENCH_STARTED || new Date().toISOString(),
    load: run.load || process.env.BENCH_LOAD,
    finished: last ? new Date(last).toISOString() : new Date().toISOString(),
  };
}

function machine() {
  const run = runTimes();
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = (cpuinfo.match(/^model name\s*:\s*(.+)$/m) || [])[1] || cpus()[0]?.model || 'unknown';
  const meminfo = existsSync('/proc/meminfo') ? readFileSync('/proc/meminfo', 'utf8') : '';
  const memKiB = Number((meminfo.match(/^MemTotal:\s+(\d+)/m) || [])[1] || totalmem() / 1024);
  const dirty = sh('git', ['status', '--porcelain']) ? ' + uncommitted changes' : '';
  return {
    date: run.started,
    finished: run.finished,
    nproc: sh('nproc', []),
    model,
    memory: `${(memKiB / 1048576).toFixed(1)} GiB`,
    load: run.load || readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    commit: `${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty}`,
    chromium: sh(process.env.CHROMIUM_PATH || '/usr/bin/chromium', ['--version']),
    node: process.version,
    rustc: sh('rustc', ['--version']),
    kernel: sh('uname', ['-r']),
  };
}

function fmt(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  if (unit === '') return value.toFixed(3);
  if (unit === 'points') return value.toFixed(0);
  if (unit === 'req/s' || unit === 'items/s' || unit === 'feeds/s' || unit === 'nodes') {
    return abs >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
  }
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

const ratioText = (r) => (r === null || r === undefined || !Number.isFinite(r) ? '–' : `${r.toFixed(2)}×`);
const verdict = (pass) => (pass === true ? '✅' : pass === false ? '❌' : '');

function rowsTable(result) {
  const lines = [
    `| metric | ${result.sides?.[0] || 'newsdesk'} median | min | max | ${result.sides?.[1] || 'baseline'} median | min | max | ratio of the medians | target | met |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | :---: |',
  ];
  for (const r of result.rows) {
    const b = r.baseline;
    const named = r.unit && new RegExp(`(^|[^a-z])${r.unit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([^a-z]|$)`, 'i').test(r.metric);
    const label = r.unit && !named ? `${r.metric} (${r.unit})` : r.metric;
    lines.push(
      `| ${label} | **${fmt(r.app.median, r.unit)}** | ${fmt(r.app.min, r.unit)} | ${fmt(r.app.max, r.unit)} | ${b ? fmt(b.median, r.unit) : '–'} | ${b ? fmt(b.min, r.unit) : '–'} | ${b ? fmt(b.max, r.unit) : '–'} | ${ratioText(r.ratio)}${r.ratio && r.better === 'higher' ? ' (higher is better)' : ''} | ${r.target || ''} | ${verdict(r.pass)} |`,
    );
  }
  const n = result.rows.map((r) => r.app.n).filter(Boolean);
  if (n.length) lines.push('', `Runs per value: ${[...new Set(n)].join(', ')} (${result.sides?.[0] || 'newsdesk'}); ${[...new Set(result.rows.map((r) => r.baseline?.n).filter(Boolean))].join(', ') || '–'} (${result.sides?.[1] || 'baseline'}). Ratio = ${result.sides?.[0] || 'newsdesk'} / ${result.sides?.[1] || 'baseline'}.`);
  return lines.join('\n');
}

/** The headline of a result for the summary: its rows with a target. */
function headlines(result) {
  if (result.summary) return [result.summary];
  const targeted = result.rows.filter((r) => r.target);
  return (targeted.length ? targeted : result.rows.slice(0, 1))
    .map((r) => ({
      headline: `${r.metric}: **${fmt(r.app.median, r.unit)}** ${r.unit}${r.baseline ? ` vs ${fmt(r.baseline.median, r.unit)}` : ''}`,
      ratio: ratioText(r.ratio),
      target: r.target || '(no target)',
      pass: r.pass,
    }));
}

const m = machine();
const parts = [
  '# Newsdesk benchmark results',
  '',
  'Written by `make bench` (scripts/bench.sh; see bench/README.md for what each benchmark does and how to read this).',
  'These machines are noisy (shared cores): read the **medians and ratios**, not single runs; min and max show the spread.',
  'Each baseline was measured in the same run, on the same machine, alternating with the app where it applies.',
  '',
  '| | |',
  '| --- | --- |',
  `| date | ${m.date} (finished ${m.finished}) |`,
  `| machine | ${m.nproc} CPUs (nproc), ${m.model}, ${m.memory} memory, Linux ${m.kernel} |`,
  `| load average at start | ${m.load} |`,
  `| software | ${m.chromium}; node ${m.node}; ${m.rustc} |`,
  `| commit | ${m.commit} |`,
  '',
  '## Summary',
  '',
  '| benchmark | newsdesk (median) vs baseline (median) | ratio | target | met |',
  '| --- | --- | ---: | --- | :---: |',
];
const sections = [];
for (const [id, title] of ORDER) {
  const file = join(RESULTS, `${id}.json`);
  if (!existsSync(file)) {
    parts.push(`| ${title} | not run (see below) | | | |`);
    sections.push(`## ${title}`, '', `**Not run**: no result file (\`${id}.json\`): the benchmark failed or was skipped; see the \`make bench\` output.`, '');
    continue;
  }
  const result = readJson(file);
  const heads = headlines(result);
  if (heads.length === 0) parts.push(`| ${title} | ${result.rows.length ? 'see below' : result.notes?.[0] || 'not run'} | | | |`);
  for (const h of heads) parts.push(`| ${title} | ${h.headline} | ${h.ratio || ''} | ${h.target || ''} | ${verdict(h.pass)} |`);
  sections.push(`## ${title}`, '', `*${result.title}.*`, '', result.method, '');
  if (result.table) sections.push(result.table, '');
  if (result.rows?.length) sections.push(rowsTable(result), '');
  for (const note of result.notes || []) sections.push(`- ${note}`);
  sections.push('');
}
// Before/after records of the work done on the numbers above, kept by hand
// in bench/HISTORY.md, close the file (a run rewrites everything else).
const history = join(BENCH, 'HISTORY.md');
if (existsSync(history)) sections.push(readFileSync(history, 'utf8'));
writeFileSync(out, `${[...parts, '', ...sections].join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`);
console.error(`bench: wrote ${out}`);
