// Benchmark 3: warm start offline. Time from navigation to the first rendered
// feed item (a MutationObserver installed before any page script notes when
// the first `.item-list > li` enters the DOM; performance.now() is measured
// from the navigation's start), with 4× CPU throttling (CDP
// Emulation.setCPUThrottlingRate), everything served by a service worker:
//
//   app       the release build from the proxy; visited twice (so its worker
//             holds the shell and the feed), then the proxy is stopped and the
//             browser context set offline.
//   baseline  the same first 30 items as static HTML with the same CSS file
//             (bench/lib/static-site.mjs) from a second server on 127.0.0.1
//             with its own minimal service worker that precaches the page;
//             then that server is stopped and the context set offline too.
//
// Warm-up runs, then BENCH_REPS (default 15) runs, alternating sides.
//   node bench/offline_start.mjs
import { join } from 'node:path';
import { WORK, launch, reps, row, startProxy, startStatic, stats, writeResult } from './lib/common.mjs';
import { buildStaticSite } from './lib/static-site.mjs';

const REPS = reps(15);
const WARMUP = Number(process.env.BENCH_WARMUP || 3);
const RATE = 4;

const proxy = await startProxy();
const site = await buildStaticSite(proxy.base, process.env.BENCH_DIST || join(WORK, 'dist'), join(WORK, 'static-site'));
const statics = await startStatic(site.dir);

const browser = await launch();
const sides = {};

async function prepare(name, base, stop) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    // First item: the first `.item-list > li` in the DOM (the app's first
    // paint, written by the proxy, or its own list). Ready: an item is
    // shown by the app itself, the first paint handed over (for the static
    // page, the same moment as its first item).
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.item-list > li')) return;
      window.__firstItem ??= performance.now();
      if (!document.getElementById('first-paint')) {
        window.__ready = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
  await page.goto(`${base}/`);
  await page.waitForSelector('.item-list > li');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await page.reload();
  await page.waitForSelector('.item-list > li');
  await page.waitForTimeout(1000); // let the worker finish writing its caches
  await stop();
  await context.setOffline(true);
  const cdp = await context.newCDPSession(page);
  sides[name] = { context, page, cdp, base, times: [], fcp: [], ready: [], controlled: true };
}

await prepare('app', proxy.base, () => proxy.stop());
await prepare('baseline', statics.base, () => statics.stop());

async function once(side) {
  const { page, cdp, base } = side;
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  await page.goto(`${base}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__ready !== undefined, null, { timeout: 30000 });
  const result = await page.evaluate(() => ({
    first: window.__firstItem,
    ready: window.__ready,
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    controlled: !!navigator.serviceWorker.controller,
  }));
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return result;
}

for (let i = 0; i < WARMUP + REPS; i += 1) {
  for (const name of i % 2 ? ['baseline', 'app'] : ['app', 'baseline']) {
    const side = sides[name];
    const r = await once(side);
    side.controlled &&= r.controlled;
    if (i >= WARMUP) {
      side.times.push(r.first);
      side.ready.push(r.ready);
      // FCP needs a paint; read it after the item is in (it may come a frame later).
      const fcp = await side.page.evaluate(
        () =>
          new Promise((resolve) =>
            requestAnimationFrame(() =>
              setTimeout(() => resolve(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN), 50),
            ),
          ),
      );
      side.fcp.push(fcp);
    }
  }
}
await browser.close();

const app = stats(sides.app.times);
const base = stats(sides.baseline.times);
console.error(`offline start: app ${app.median.toFixed(0)} ms, static ${base.median.toFixed(0)} ms, ratio ${(app.median / base.median).toFixed(2)}`);
writeResult({
  id: 'offline',
  sides: ['app', 'static HTML + its worker'],
  title: 'Warm start offline: navigation → first feed item, 4× CPU throttling',
  method: `Headless Chromium at 390×844, CPU throttled ${RATE}× (CDP Emulation.setCPUThrottlingRate) during each navigation, the servers stopped and the context offline: every byte comes from a service worker's cache. App: the release build (after two online visits). Baseline: the same first 30 items as static HTML with the same CSS file and its own precaching worker, served from a second origin on 127.0.0.1. Time = performance.now() (from navigation start) when the first \`.item-list > li\` enters the DOM; app ready = when the app's own list has replaced the first paint. ${WARMUP} warm-up + ${REPS} measured runs per side, alternating.`,
  rows: [
    row('navigation → first feed item', 'ms', app, base, { target: '≤ 1.5× static', check: (_, r) => r <= 1.5 }),
    row('first contentful paint', 'ms', stats(sides.app.fcp), stats(sides.baseline.fcp)),
    row('navigation → app ready (its own list on screen)', 'ms', stats(sides.app.ready), stats(sides.baseline.ready)),
  ],
  notes: [
    sides.app.controlled && sides.baseline.controlled
      ? 'Every measured load was controlled by its service worker (navigator.serviceWorker.controller), with the network off.'
      : 'WARNING: some loads were not controlled by a service worker.',
    'The app’s first screen is its first paint: the News Feed page the service worker kept from the last visit online, with the first feed page written in as plain HTML by the proxy (10 items, the lead with its image). The app then starts and replaces it with its own list in one frame: “app ready” is that moment (for the static page, its first item). The baseline’s HTML holds 30 items.',
  ],
});
