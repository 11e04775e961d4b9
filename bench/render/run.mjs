// Benchmarks 4 (rendering) and 7a (page memory with 1,000 items): the app's
// real FeedStream/ItemCard (wasm, with the bench hooks of src/bench_hooks.rs)
// against vanilla JS doing the same DOM work (vanilla.js), in headless
// Chromium, js-framework-benchmark style:
//   create 1,000 items; replace them (1,000 new); append 100 (Show More);
//   toggle the read mark of every 10th item.
// Each operation: warm-up runs, then BENCH_REPS measured runs (default 10),
// alternating app and vanilla, each preceded by an untimed setup and a GC.
//
//   node bench/render/run.mjs [render-app-dir]   (bench/render/build-app.sh builds it)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WORK, launch, reps, row, startStatic, stats, writeResult } from '../lib/common.mjs';

const dir = process.argv[2] || join(WORK, 'render-app');
const WARMUP = Number(process.env.BENCH_WARMUP || 3);
const REPS = reps(7);
// (fresh pages per measured run; see below for the steady state)
const MEMORY_REPS = reps(5);

/** Each operation: its untimed setup, then the timed call. */
const OPERATIONS = [
  { id: 'create', label: 'create 1,000 items', setup: [['clear']], run: ['create', 1000] },
  { id: 'replace', label: 'replace all 1,000 items', setup: [['clear'], ['create', 1000]], run: ['replace', 1000] },
  { id: 'append', label: 'append 100 items (Show More)', setup: [['clear'], ['create', 1000]], run: ['append', 100] },
  { id: 'mark', label: 'toggle read mark on every 10th item', setup: [['clear'], ['create', 1000]], run: ['markEveryTenth'] },
];

function unavailable(reason) {
  writeResult({
    id: 'render',
    title: 'Rendering: the app’s FeedStream and its rows vs vanilla JS',
    method: 'not run',
    rows: [],
    notes: [`Not run: ${reason}`],
  });
  writeResult({ id: 'memory-page', title: 'Page memory with 1,000 items', method: 'not run', rows: [], notes: [`Not run: ${reason}`] });
}

if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, 'vanilla.html'))) {
  unavailable(`no bench build in ${dir} (bench/render/build-app.sh failed or was skipped)`);
  process.exit(0);
}

const server = await startStatic(dir);
const browser = await launch(['--js-flags=--expose-gc']);
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });

const PAGES = { app: `${server.base}/index.html`, vanilla: `${server.base}/vanilla.html` };

async function open(side) {
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${side}] page error: ${e.message}`));
  await page.goto(PAGES[side]);
  await page.waitForFunction(() => window.benchReady && window.benchReady(), null, { timeout: 30000 });
  await page.evaluate(() => window.benchReady());
  await page.waitForTimeout(500); // let start-up work settle
  return page;
}

async function call(page, op, n) {
  return page.evaluate(([o, x]) => window.benchRun(o, x), [op, n]);
}

const pages = { app: await open('app'), vanilla: await open('vanilla') };

// Same markup on both sides? (Compared on row 3 of a fresh list.)
for (const side of ['app', 'vanilla']) {
  await call(pages[side], 'clear');
  await call(pages[side], 'create', 12);
}
const markup = {};
for (const side of ['app', 'vanilla']) markup[side] = await pages[side].evaluate(() => window.benchRowMarkup(3));
const sameMarkup = markup.app === markup.vanilla;
if (!sameMarkup) console.error(`render: markup differs\n  app:     ${markup.app}\n  vanilla: ${markup.vanilla}`);

// js-framework-benchmark's procedure: each measured run on a freshly loaded
// page, first WARMUP untimed rounds of the same operation (JIT and wasm
// tier-up), then the setup, a GC, the timed call. A fresh page per run because the app side keeps something of every
// stream it unmounts (see the leak check below): runs on one long-lived page
// would get slower and slower.
async function reload(side) {
  const page = pages[side];
  await page.reload();
  await page.waitForFunction(() => window.benchReady && window.benchReady(), null, { timeout: 30000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
}
const problems = [];
async function timedRound(page, side, op) {
  for (const [name, n] of op.setup) await call(page, name, n);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 30)));
  await page.evaluate(() => window.gc && window.gc());
  const { ms } = await call(page, ...op.run);
  const wrong = await page.evaluate(() => window.benchVerify());
  if (wrong.length) problems.push(`${side} ${op.id}: ${wrong.join('; ')}`);
  return ms;
}
const untimedRound = async (page, op) => {
  for (const [name, n] of [...op.setup, op.run, ['clear']]) await call(page, name, n);
};

// Fresh pages (the headline numbers).
const times = {};
for (const op of OPERATIONS) {
  times[op.id] = { app: [], vanilla: [] };
  for (let i = 0; i < REPS; i += 1) {
    for (const side of i % 2 ? ['vanilla', 'app'] : ['app', 'vanilla']) {
      const page = pages[side];
      await reload(side);
      for (let w = 0; w < WARMUP; w += 1) await untimedRound(page, op);
      times[op.id][side].push(await timedRound(page, side, op));
    }
  }
  const a = stats(times[op.id].app);
  const v = stats(times[op.id].vanilla);
  console.error(`render ${op.id}: app ${a.median.toFixed(1)} ms, vanilla ${v.median.toFixed(1)} ms, ratio ${(a.median / v.median).toFixed(2)}`);
}

// Steady state: one page per operation and side, STEADY_WARMUP untimed
// rounds (time for the JIT and wasm tier-up to finish, even on busy
// cores), then REPS timed rounds on the same page. Closer to what a reader
// sees after using the app a while; but the app side also carries what
// the earlier rounds left behind (see the leak check).
const STEADY_WARMUP = Number(process.env.BENCH_STEADY_WARMUP || 10);
const steady = {};
for (const op of OPERATIONS) {
  steady[op.id] = { app: [], vanilla: [] };
  for (const side of ['app', 'vanilla']) {
    const page = pages[side];
    await reload(side);
    for (let w = 0; w < STEADY_WARMUP; w += 1) await untimedRound(page, op);
    await page.waitForTimeout(500);
  }
  for (let i = 0; i < REPS; i += 1) {
    for (const side of i % 2 ? ['vanilla', 'app'] : ['app', 'vanilla']) {
      steady[op.id][side].push(await timedRound(pages[side], side, op));
      await call(pages[side], 'clear');
    }
  }
  const a = stats(steady[op.id].app);
  const v = stats(steady[op.id].vanilla);
  console.error(`render (steady) ${op.id}: app ${a.median.toFixed(1)} ms, vanilla ${v.median.toFixed(1)} ms, ratio ${(a.median / v.median).toFixed(2)}`);
}

// Leak check: the same page after LEAK_MOUNTS streams of 1,000 items were
// mounted and dropped (each with its own root owner: \`remount\`), against a
// fresh page: the time to toggle the read marks, and the wasm memory.
const LEAK_MOUNTS = Number(process.env.BENCH_LEAK_MOUNTS || 20);
const leak = { freshMark: [], leakedMark: [], freshWasm: [], leakedWasm: [], freshHeap: [], leakedHeap: [] };
async function heapMiB(page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize').value / 1048576;
}
for (let i = 0; i < Math.max(3, Math.round(REPS / 3)); i += 1) {
  const page = pages.app;
  await reload('app');
  await call(page, 'remount', 1000);
  leak.freshWasm.push((await page.evaluate(() => window.benchWasmBytes())) / 1048576);
  leak.freshHeap.push(await heapMiB(page));
  leak.freshMark.push((await call(page, 'markEveryTenth')).ms);
  for (let j = 1; j < LEAK_MOUNTS; j += 1) await call(page, 'remount', 1000);
  leak.leakedWasm.push((await page.evaluate(() => window.benchWasmBytes())) / 1048576);
  leak.leakedHeap.push(await heapMiB(page));
  leak.leakedMark.push((await call(page, 'markEveryTenth')).ms);
}
console.error(`render leak check: mark ${stats(leak.freshMark).median.toFixed(0)} ms fresh, ${stats(leak.leakedMark).median.toFixed(0)} ms after ${LEAK_MOUNTS} mounts`);

const rows = OPERATIONS.map((op) =>
  row(op.label, 'ms', stats(times[op.id].app), stats(times[op.id].vanilla), {
    better: 'lower',
    target: '≤ 1.2× vanilla',
    check: (_, ratio) => ratio <= 1.2,
  }),
);
writeResult({
  id: 'render',
  sides: ['app (wasm)', 'vanilla JS'],
  title: 'Rendering: the app’s FeedStream and its rows vs vanilla JS',
  method:
    `Headless Chromium, 1280×900, no throttling. The app side is the release wasm (wasm-release profile, index.html's wasm-opt flags) built with the cargo feature \`bench\`: src/bench_hooks.rs mounts the real FeedStream (its ItemList of story_list/row.rs rows, which the app draws from Rust through web-sys by cloning a <template>; Marks context) and drives it through its own signals and its Show More button. The baseline (bench/render/vanilla.js) builds the same markup from a cloned <template>. Time = from the call until the DOM shows the change and a forced style+layout is done (paint not included). js-framework-benchmark’s procedure: each of the ${REPS} measured runs per operation and side (alternating sides) on a freshly loaded page, after ${WARMUP} untimed rounds of the same operation (JIT and wasm tier-up), with a GC before the timed call.`,
  rows,
  notes: [
    sameMarkup
      ? 'Row markup is identical on both sides (compared after removing Leptos’ comment markers).'
      : `Row markup differs between the sides (the app changed since vanilla.js was written): app \`${markup.app}\` vs vanilla \`${markup.vanilla}\`.`,
    ...(problems.length ? [`Verification problems: ${problems.slice(0, 5).join(' | ')}`] : ['Every run was verified afterwards: all rows, ids in order, read marks.']),
  ],
});

writeResult({
  id: 'render-steady',
  sides: ['app (wasm)', 'vanilla JS'],
  title: 'Rendering, steady state: the same operations on a long-lived page',
  method: `As above, but each side keeps one page per operation: ${STEADY_WARMUP} untimed rounds first (so the JIT and the wasm tier-up have finished even on busy cores), then ${REPS} timed rounds on that page, alternating sides, GC before each. The app side also carries what the earlier rounds left behind (see 4b).`,
  rows: OPERATIONS.map((op) =>
    row(op.label, 'ms', stats(steady[op.id].app), stats(steady[op.id].vanilla), {
      better: 'lower',
      target: '≤ 1.2× vanilla',
      check: (_, ratio) => ratio <= 1.2,
    }),
  ),
  notes: [],
});

writeResult({
  id: 'render-leak',
  sides: ['after the mounts', 'fresh page'],
  title: `Leak check: the app after ${LEAK_MOUNTS} streams were mounted and dropped`,
  method: `The app’s render page, freshly loaded: \`remount(1000)\` (a FeedStream of 1,000 items under its own root owner), then the time to toggle every 10th read mark and the memory; then ${LEAK_MOUNTS - 1} more \`remount(1000)\` (each drops the previous stream and its root owner, as leaving a page does) and the same measurements. Baseline = the fresh page. A ratio well above 1 means the dropped streams are still subscribed to the reader’s state or still hold memory.`,
  rows: [
    row('toggle read mark on every 10th item', 'ms', stats(leak.leakedMark), stats(leak.freshMark)),
    row('wasm linear memory', 'MiB', stats(leak.leakedWasm), stats(leak.freshWasm)),
    row('JS heap (V8, used, after GC)', 'MiB', stats(leak.leakedHeap), stats(leak.freshHeap)),
  ],
  notes: [],
});

// 7a: memory with 1,000 items, each side in a fresh page.
const memory = { app: { heap: [], wasm: [], total: [], nodes: [] }, vanilla: { heap: [], wasm: [], total: [], nodes: [] } };
for (let i = 0; i < MEMORY_REPS; i += 1) {
  for (const side of ['app', 'vanilla']) {
    const page = await open(side);
    await call(page, 'create', 1000);
    await page.waitForTimeout(300);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
    const heap = metric('JSHeapUsedSize');
    const wasm = await page.evaluate(() => window.benchWasmBytes());
    memory[side].heap.push(heap / 1048576);
    memory[side].wasm.push(wasm / 1048576);
    memory[side].total.push((heap + wasm) / 1048576);
    memory[side].nodes.push(metric('Nodes'));
    await cdp.detach();
    await page.close();
  }
}
writeResult({
  id: 'memory-page',
  sides: ['app (wasm)', 'vanilla JS'],
  title: 'Page memory with 1,000 items: the app vs vanilla JS',
  method: `The render pages above, fresh, after create(1000) and two forced GCs (CDP HeapProfiler.collectGarbage): V8 heap in use (Performance.getMetrics JSHeapUsedSize) plus the wasm linear memory (its ArrayBuffer is outside the V8 heap count; wasm memory never shrinks, so this is its high-water mark). The app side also carries the whole app that main.rs mounts (hidden). ${MEMORY_REPS} fresh pages per side.`,
  rows: [
    row('JS heap + wasm memory', 'MiB', stats(memory.app.total), stats(memory.vanilla.total)),
    row('JS heap (V8, used)', 'MiB', stats(memory.app.heap), stats(memory.vanilla.heap)),
    row('wasm linear memory', 'MiB', stats(memory.app.wasm), null),
    row('DOM nodes', 'nodes', stats(memory.app.nodes), stats(memory.vanilla.nodes)),
  ],
  notes: [],
});

await browser.close();
await server.stop();
