// End to end: the real proxy serving the release build, in Debian's Chromium.
// scripts/test.sh starts the proxy and sets NEWSDESK_URL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, visit, revisit } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A fresh page that fails the test on any console error (CSP violations included). */
async function openPage(viewport = { width: 1280, height: 900 }, options = {}) {
  const page = await browser.newPage({ viewport, ...options });
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return { page, problems };
}

describe('the demo newsroom', () => {
  test('News Feed → article → Read more → desk, and deep links survive a reload', async () => {
    const { page, problems } = await openPage();
    await visit(page, `${BASE}/`);
    await page.getByRole('heading', { name: 'News Feed' }).waitFor();
    const items = page.locator('.item-list > li');
    await items.first().waitFor();
    assert.equal(await items.count(), 10, 'first page shows ten stories');
    assert.match(await page.title(), /News Feed — Newsdesk/);

    // Pick a story from the news desk and open it.
    const story = page.locator('.item-list > li', { has: page.locator('.byline-desk', { hasText: 'Lantern news desk' }) }).first();
    const headline = (await story.locator('.item-title').innerText()).trim();
    await story.locator('.item-title a').click();
    await page.waitForURL(/\/article\//);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: headline }).waitFor());
    assert.match(await page.locator('.article-meta .read-time').innerText(), /^\d+ min read$/);
    const card = page.locator('.desk-card');
    assert.equal(await card.locator('.desk-name').innerText(), 'Lantern news desk');
    assert.match(await card.locator('.desk-bio').innerText(), /news team/);
    assert.equal(await page.title(), `${headline} — Newsdesk`);
    const articleUrl = page.url();

    await card.getByRole('link', { name: /Read more/ }).click();
    await page.waitForURL(`${BASE}/desk/news`);
    await page.getByRole('heading', { name: 'Latest from Lantern news desk' }).waitFor();
    const deskItems = page.locator('.item-list > li');
    await deskItems.first().waitFor();
    const bylines = await page.locator('.item-list .byline-desk').allInnerTexts();
    assert.ok(bylines.length >= 10 && bylines.every((b) => b === 'Lantern news desk'), 'desk page lists only that desk');

    // Deep links: a reload of the desk page and of the article lands on the same content.
    await revisit(page);
    await page.locator('.desk-card .desk-name').waitFor();
    await visit(page, articleUrl);
    await page.getByRole('heading', { level: 1, name: headline }).waitFor();
    await revisit(page);
    await page.getByRole('heading', { level: 1, name: headline }).waitFor();
    assert.deepEqual(problems, [], 'no console errors (CSP included)');
    await page.close();
  });

  test('Show More appends the next page until the feed ends', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    // Pressing the button only: loading on scroll is tested below.
    await page.addInitScript(() => localStorage.setItem('newsdesk.load-on-scroll', 'off'));
    await visit(page, `${BASE}/`);
    const items = page.locator('.item-list > li');
    await items.first().waitFor();
    const total = (await (await page.request.get(`${BASE}/api/feed`)).json())._newsdesk.total_items;
    assert.ok(total >= 36, `demo has at least 36 items, got ${total}`);
    const firstHeadline = await items.first().locator('.item-title').innerText();
    let shown = await items.count();
    while (await page.locator('button.show-more').count()) {
      await page.locator('button.show-more').click();
      await page.waitForFunction((n) => document.querySelectorAll('.item-list > li').length > n, shown);
      shown = await items.count();
    }
    assert.equal(shown, total, 'every item shown once at the end');
    assert.equal(await items.first().locator('.item-title').innerText(), firstHeadline, 'appended, not replaced');
    const ids = await page.locator('.item-list article').evaluateAll((els) => els.map((e) => e.dataset.itemId));
    assert.equal(new Set(ids).size, ids.length, 'no story repeated');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('scrolling near the end loads the next page, until the reader turns it off', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    await visit(page, `${BASE}/`);
    const items = page.locator('.item-list > li');
    await items.first().waitFor();
    assert.equal(await items.count(), 10);
    // Nothing loads until the reader scrolls.
    await page.waitForTimeout(500);
    assert.equal(await items.count(), 10);
    await page.mouse.wheel(0, 100000);
    await page.waitForFunction(() => document.querySelectorAll('.item-list > li').length > 10);
    const loaded = await items.count();
    assert.equal(await page.locator('button.show-more').count() > 0 || loaded >= 36, true);

    // Display → uncheck "Load more stories as I scroll": kept across reloads.
    await page.locator('.display-menu summary').click();
    const toggle = page.getByLabel('Load more stories as I scroll');
    assert.equal(await toggle.isChecked(), true, 'on unless turned off');
    await toggle.uncheck();
    await revisit(page);
    await items.first().waitFor();
    await page.locator('.display-menu summary').click();
    assert.equal(await page.getByLabel('Load more stories as I scroll').isChecked(), false);
    await page.mouse.wheel(0, 100000);
    await page.waitForTimeout(1500);
    assert.equal(await items.count(), 10, 'no loading on scroll when off');
    await page.locator('button.show-more').click();
    await page.waitForFunction(() => document.querySelectorAll('.item-list > li').length > 10);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an article leads with its desk byline and captions its image', async () => {
    const { page, problems } = await openPage({ width: 390, height: 844 });
    await visit(page, `${BASE}/article/news-harbour-berth-6-reopens`);
    await page.getByRole('heading', { level: 1, name: 'Berth 6 reopens for relief cargo' }).waitFor();
    const byline = page.locator('.article-header .article-byline a.byline-desk');
    assert.equal(await byline.innerText(), 'Lantern news desk');
    assert.equal(await byline.getAttribute('href'), '/desk/news');
    const caption = page.locator('figure.article-figure figcaption');
    assert.match(await caption.innerText(), /^Berth 6, cleared of storm debris/);
    // The caption sits under the image it describes.
    const [img, cap] = await Promise.all([
      page.locator('figure.article-figure img').boundingBox(),
      caption.boundingBox(),
    ]);
    assert.ok(cap.y >= img.y + img.height - 1, 'caption below the image');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the first paint shows the news before the app starts, and the app takes over without moving it', async () => {
    const feed = await (await fetch(`${BASE}/api/feed`)).json();
    const titles = feed.items.map((item) => item.title);

    // Without JavaScript the first paint is the page: the first page of
    // stories, the lead with its image, and links that open articles.
    const still = await browser.newPage({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    await still.goto(`${BASE}/`);
    const painted = still.locator('#first-paint .item-list > li');
    assert.deepEqual(await painted.locator('.item-title').allInnerTexts(), titles);
    assert.equal(await still.locator('#first-paint .item-card-lead .item-image img').count(), feed.items[0].image ? 1 : 0);
    await painted.first().locator('.item-title a').click();
    await still.waitForURL(`${BASE}/article/${feed.items[0].id}`);
    assert.equal(await still.locator('#first-paint h1.article-title').innerText(), titles[0]);
    assert.equal(await still.title(), `${titles[0]} — Newsdesk`);
    await still.close();

    // With JavaScript, the app replaces it with the same stories, and the
    // swap moves nothing on screen (no layout shift).
    for (const path of ['/', `/article/${feed.items[0].id}`]) {
      const { page, problems } = await openPage({ width: 390, height: 844 });
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const response = await page.goto(`${BASE}${path}`);
      assert.match(await response.text(), /<body><div id="first-paint">/, `${path} arrives painted`);
      await visit(page, `${BASE}${path}`);
      if (path === '/') {
        const shown = await page.locator('.item-list > li .item-title').allInnerTexts();
        assert.deepEqual(shown.slice(0, titles.length), titles, 'the app shows the stories the first paint showed');
      } else {
        await page.getByRole('heading', { level: 1, name: titles[0] }).waitFor();
      }
      await page.waitForTimeout(500);
      const shift = await page.evaluate(() => window.__shift);
      assert.ok(shift < 0.05, `${path}: layout shift ${shift.toFixed(3)} when the app took over`);
      assert.equal(await page.locator('h1').count(), 1, `${path}: one h1 once the app has taken over`);
      // Nothing of the app competes with the first paint: the wasm is
      // requested only once a frame has been drawn, which needs the
      // stylesheet (a preload would ask for both at once). Not compared
      // with the paint's own time: that is when the frame reaches the
      // screen, a few ms after the page has drawn it.
      const order = await page.evaluate(() => {
        const resources = performance.getEntriesByType('resource');
        return {
          paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
          css: resources.find((r) => /\/main-[0-9a-f]+\.css$/.test(r.name))?.responseEnd,
          wasm: resources.find((r) => r.name.endsWith('_bg.wasm'))?.startTime,
        };
      });
      assert.ok(order.paint > 0 && order.css > 0, JSON.stringify(order));
      assert.ok(order.wasm > order.css, `${path}: wasm requested at ${order.wasm} ms, stylesheet in at ${order.css} ms`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  });

  test('the app ships compressed: the wasm, js and css come as brotli to a browser that takes it', async () => {
    const { page } = await openPage();
    const html = await (await page.request.get(`${BASE}/`)).text();
    // Attribute quotes are optional: the release build's HTML is minified.
    // The wasm is named in the loader's module_or_path (scripts/app-after-paint.mjs).
    const files = [...new Set([...html.matchAll(/(?:href=|src=|module_or_path: )["']?(\/[^"'\s>]+\.(?:wasm|js|css))/g)].map((m) => m[1]))];
    assert.ok(files.some((f) => f.endsWith('.wasm')), files.join(' '));
    for (const file of files) {
      const response = await page.request.get(`${BASE}${file}`, { headers: { 'accept-encoding': 'br' } });
      assert.equal(response.status(), 200, file);
      assert.equal(response.headers()['content-encoding'], 'br', file);
      const plain = await page.request.get(`${BASE}${file}`, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(plain.headers()['content-encoding'], undefined, file);
      assert.deepEqual(await response.body(), await plain.body(), `${file}: same bytes once decoded`);
    }
    await page.close();
  });

  test('the Video section plays the demo clip inline', async () => {
    const { page } = await openPage();
    await visit(page, `${BASE}/`);
    const video = page.locator('.video-section video').first();
    await video.waitFor();
    const src = await video.locator('source').getAttribute('src');
    const response = await page.request.get(`${BASE}${src}`);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^video\//);
    // The browser can decode it: metadata gives a real duration.
    const duration = await video.evaluate(async (v) => {
      v.preload = 'metadata';
      v.load();
      await new Promise((resolve, reject) => {
        v.addEventListener('loadedmetadata', resolve, { once: true });
        v.addEventListener('error', () => reject(new Error('video failed to load')), { once: true });
      });
      return v.duration;
    });
    assert.ok(duration > 1, `clip has a duration, got ${duration}`);
    await page.close();
  });

  test('a failed fetch says what happened and Retry recovers', async () => {
    // Requests a service worker makes are invisible to page.route: block it
    // here, this test is about the app's own error state.
    const { page } = await openPage(undefined, { serviceWorkers: 'block' });
    // The proxy "goes away" for the feed request.
    await page.route('**/api/feed', (route) => route.abort('connectionrefused'));
    await visit(page, `${BASE}/`);
    const error = page.locator('.error-state');
    await error.waitFor();
    assert.equal(await error.locator('h2').innerText(), "Can't reach Newsdesk");
    assert.match(await error.innerText(), /Check your connection/);
    await page.unroute('**/api/feed');
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.locator('.item-list > li').first().waitFor();
    assert.equal(await page.locator('.error-state').count(), 0);
    await page.close();
  });

  test('unknown routes show the 404 page; a missing article says so', async () => {
    const { page } = await openPage();
    const response = await visit(page, `${BASE}/no/such/page`);
    assert.equal(response.status(), 404, 'no page of the route table: the app, with a 404');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await visit(page, `${BASE}/article/news-this-story-does-not-exist`);
    await page.locator('.error-state h2', { hasText: 'Not found' }).waitFor();
    // A missing hashed asset is a real 404, never index.html.
    const asset = await page.request.get(`${BASE}/newsdesk-0000000000000000.js`);
    assert.equal(asset.status(), 404);
    await page.close();
  });
});
