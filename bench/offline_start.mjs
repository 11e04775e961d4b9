// Warm start offline: time from navigation to the first rendered feed item,
// the app served by its service worker with the network off.
//   node bench/offline_start.mjs [proxy-binary] [dist] [runs]
// A measurement, not a test: prints median, min and max (ms).
import { spawn } from 'node:child_process';
import { launch } from '../tests/e2e/browser.mjs';

const [bin = 'target/debug/newsdesk-proxy', dist = 'dist', runsArg = '15'] = process.argv.slice(2);
const runs = Number(runsArg);

const proxy = spawn(bin, ['--listen', '127.0.0.1:0', '--dist', dist, '--log', 'error'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const base = await new Promise((resolve) => {
  let out = '';
  proxy.stdout.on('data', (chunk) => {
    out += chunk;
    const match = out.match(/running at (http:\/\/\S+?)\/?\s/);
    if (match) resolve(match[1].replace(/\/$/, ''));
  });
});

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
// Records when the first feed item enters the DOM, in ms since navigation.
await context.addInitScript(() => {
  const observer = new MutationObserver(() => {
    if (document.querySelector('.item-list > li')) {
      window.__firstItem = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
});
const page = await context.newPage();
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
await context.setOffline(true);

const times = [];
for (let i = 0; i < runs + 2; i += 1) {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => window.__firstItem !== undefined);
  const t = await page.evaluate(() => window.__firstItem);
  if (i >= 2) times.push(t); // two warm-up runs
}
await browser.close();
proxy.kill();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `offline warm start, navigation → first feed item: median ${median.toFixed(0)} ms, ` +
    `min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms (${runs} runs)`,
);
