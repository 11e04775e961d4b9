// End to end with a war-time newsroom (tests/fixtures/publisher, ours) as a
// publisher on 127.0.0.1 whose feed gives only summaries: the proxy (a
// test build, NEWSDESK_PROXY_BIN) fetches each story's page for its full
// text (`full_text` left at its default, auto), and a reader in Chromium
// gets the whole story online, keeps it offline, reads it in Ukrainian,
// and gets the summary with a link where the page cannot be had; the
// publisher counts what the proxy asked of it (each page once, then 304s
// for an updated item). The feed with whole bodies (feed-full.xml) is not served to the proxy: it is
// what the article must match, paragraph by paragraph.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, revisit, visit } from './browser.mjs';

const fixtures = new URL('../fixtures/publisher/', import.meta.url);
const proxyBin = process.env.NEWSDESK_PROXY_BIN;
const dist = process.env.NEWSDESK_DIST || 'dist';

/** The story whose page the publisher cannot serve (it answers 500). */
const BROKEN = 'school-in-the-metro-market-square';
/**
 * The live page, whose feed item the publisher updates (a later date) from
 * its second feed fetch on: the proxy asks for its page again, conditionally.
 */
const LIVE = 'live-east-bank-power-28-november';
const LIVE_DATE = 'Sat, 28 Nov 2026 07:05:00 +0200';
const LIVE_UPDATED = 'Sat, 28 Nov 2026 11:40:00 +0200';
/** The story the reader saves, and the one they only open, before going offline. */
const SAVED = 'weir-bridge-reopens-to-trains';
const OPENED = 'winter-generators-investigation';
/**
 * How long the proxy may take to fetch and extract the five pages after
 * start-up (two at a time; a debug build on a loaded 2-core machine).
 */
const PAGES_WITHIN_MS = 20000;
/** Minutes between refreshes (1.2 s): short, so two happen within the run. */
const REFRESH_MINUTES = 0.02;

/**
 * Strings that occur only in the pages' chrome (the fixtures' README):
 * none of them may reach a reader's article.
 */
const CHROME = [
  'We use a few cookies to remember your settings',
  'Accept cookies',
  'Only necessary ones',
  'Become a member',
  'Share this update',
  'Advertisement',
  'Filed under',
  'The Dispatch at seven',
  'Read next',
  'Comments are open to members',
  'Reporting from a city under fire',
  'The rest of this investigation is for members',
];

let browser;
let publisher;
let proxy;
let base;
/** Each story of the newsroom: slug, title, link, summary, feed body, page. */
let stories;

const flat = (text) => text.replace(/\s+/g, ' ').trim();
const decode = (text) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]);
const element = (xml, name) => xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))?.[1] ?? '';
const cdata = (text) => text.replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The lines of text a piece of HTML shows (each paragraph, heading, caption, list item). */
const lines = (html) => html.split(/<[^>]*>/).map((part) => flat(decode(part))).filter(Boolean);

/**
 * The publisher: the summary feed (with the live item updated from the
 * second fetch on), the article pages with ETags (a matching If-None-Match
 * gets 304; `BROKEN`'s page a 500) and their images, `{{BASE}}` replaced.
 * `hits` keeps every request per path: its status and whether it was
 * conditional. (No video or audio: playing them is issue 13's item 3.)
 */
async function startPublisher() {
  const hits = new Map();
  const files = new Map();
  let updatedFeed;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const seen = hits.get(path) || [];
    const file = path === '/feed-summary.xml' && seen.length > 0 ? updatedFeed : files.get(path);
    let status = file ? 200 : 404;
    if (path === `/news/${BROKEN}`) status = 500;
    else if (file?.etag && req.headers['if-none-match'] === file.etag) status = 304;
    seen.push({ status, conditional: 'if-none-match' in req.headers });
    hits.set(path, seen);
    if (status !== 200) {
      res.writeHead(status, file?.etag && status === 304 ? { ETag: file.etag } : {}).end();
      return;
    }
    const headers = { 'Content-Type': file.type, 'Content-Length': file.body.length };
    if (file.etag) headers.ETag = file.etag;
    res.writeHead(200, headers).end(file.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const text = (name) => Buffer.from(readFileSync(new URL(name, fixtures), 'utf8').replaceAll('{{BASE}}', origin));
  const feed = text('feed-summary.xml');
  files.set('/feed-summary.xml', { type: 'application/rss+xml', body: feed });
  assert.ok(feed.includes(LIVE_DATE), 'the live item has the date the test moves');
  updatedFeed = { type: 'application/rss+xml', body: Buffer.from(feed.toString('utf8').replace(LIVE_DATE, LIVE_UPDATED)) };
  for (const name of readdirSync(new URL('articles/', fixtures))) {
    const body = text(`articles/${name}`);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    files.set(`/news/${name.replace(/\.html$/, '')}`, { type: 'text/html; charset=utf-8', body, etag });
  }
  for (const name of readdirSync(new URL('images/', fixtures))) {
    files.set(`/images/${name}`, { type: 'image/jpeg', body: readFileSync(new URL(`images/${name}`, fixtures)) });
  }
  return { server, origin, hits, page: (slug) => files.get(`/news/${slug}`).body.toString('utf8') };
}

/** Every story of the summary feed, with its whole body from feed-full.xml and its page. */
function readStories(origin, page) {
  const items = (name) =>
    [...readFileSync(new URL(name, fixtures), 'utf8').replaceAll('{{BASE}}', origin).matchAll(/<item>([\s\S]*?)<\/item>/g)].map(
      ([, xml]) => xml,
    );
  const full = new Map(items('feed-full.xml').map((xml) => [element(xml, 'link'), cdata(element(xml, 'content:encoded'))]));
  return items('feed-summary.xml').map((xml) => {
    const link = element(xml, 'link');
    const slug = link.slice(link.lastIndexOf('/') + 1);
    return {
      slug,
      link,
      title: decode(element(xml, 'title')),
      summary: flat(decode(cdata(element(xml, 'description')))),
      body: full.get(link),
      page: page(slug),
    };
  });
}

/** Starts the proxy with `config`; resolves with its URL once it prints it. */
function startProxy(config) {
  const child = spawn(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--config', config, '--log', 'error', '--rate-limit', '1000000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/Newsdesk is running at (http:\/\/\S+?)\/?\s/);
      if (match) resolve({ child, url: match[1].replace(/\/$/, '') });
    });
    child.on('exit', (code) => reject(new Error(`proxy exited with ${code}`)));
  });
}

/**
 * Waits (at most PAGES_WITHIN_MS) until the proxy's News Feed carries the
 * text of every page the publisher serves: the proxy reads the feed before
 * it listens and the pages just after. On time-out it returns anyway, and
 * the tests say what the reader misses.
 */
async function pagesFilled() {
  const want = stories.filter((s) => s.slug !== BROKEN).length;
  const deadline = Date.now() + PAGES_WITHIN_MS;
  while (Date.now() < deadline) {
    const feed = await (await fetch(`${base}/api/feed`)).json();
    if (feed.items.filter((i) => i._newsdesk?.text_from === 'page').length >= want) return;
    await sleep(200);
  }
}

/** Opens the News Feed in `context` and waits until the service worker controls it. */
async function openControlled(context) {
  const page = await context.newPage();
  await visit(page, `${base}/`);
  await page.locator('.item-list > li').first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
  return page;
}

/** From the News Feed, clicks `story`'s headline and waits for its article. */
async function openFromFeed(page, story) {
  if (new URL(page.url()).pathname !== '/') await visit(page, `${base}/`);
  await page.locator('.item-list .item-title a', { hasText: story.title }).click();
  await page.getByRole('heading', { level: 1, name: story.title }).waitFor();
}

/** The first picture in the article's body, once it has loaded (scrolled to, as a reader would). */
async function bodyImage(page) {
  const image = page.locator('article .article-body img').first();
  await image.scrollIntoViewIfNeeded();
  // Loaded or failed (at most 5 s): the width below says which.
  await image.evaluate(
    (img) =>
      img.complete ||
      new Promise((resolve) => {
        img.addEventListener('load', resolve, { once: true });
        img.addEventListener('error', resolve, { once: true });
        setTimeout(resolve, 5000);
      }),
  );
  return {
    src: await image.getAttribute('src'),
    width: await image.evaluate((img) => img.naturalWidth),
  };
}

/**
 * Asserts the article on `page` shows every line of `story`'s body that its
 * page shows (the feed's blocks are in the page byte for byte; the paywall
 * page shows only its first ones), in order, and none of the page's chrome.
 */
async function assertWholeStory(page, story) {
  const text = flat(await page.locator('article .article-body').innerText());
  const shown = story.body.split('\n').filter((block) => story.page.includes(block));
  assert.ok(shown.length >= 3, `${story.slug}: the fixture's page shows the feed's blocks`);
  let at = 0;
  for (const line of shown.flatMap(lines)) {
    const found = text.indexOf(line, at);
    assert.ok(found >= 0, `${story.slug}: the article lacks (or misorders) "${line}"\n--- it reads:\n${text}`);
    at = found + line.length;
  }
  const all = flat(await page.locator('article.article').innerText());
  const comments = [...story.page.matchAll(/<p class="comment-text">([^<]*)<\/p>/g)].map(([, c]) => flat(decode(c)));
  const related = [...(story.page.match(/<section class="related-posts">[\s\S]*?<\/section>/)?.[0] ?? '').matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map(
    ([, t]) => flat(decode(t)),
  );
  assert.ok(comments.length > 0 && related.length > 0, `${story.slug}: the fixture's page has comments and links to read next`);
  for (const chrome of [...CHROME, ...comments]) {
    assert.ok(!all.includes(chrome), `${story.slug}: the article shows the page's "${chrome}"`);
  }
  for (const title of related) {
    assert.ok(!text.includes(title), `${story.slug}: the body lists "${title}" from the page's Read next box`);
  }
}

before(async () => {
  assert.ok(proxyBin, 'NEWSDESK_PROXY_BIN names a proxy built with --features test-upstreams');
  publisher = await startPublisher();
  stories = readStories(publisher.origin, publisher.page);
  assert.equal(stories.length, 6);
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-e2e-publisher-'));
  const config = join(dir, 'sources.toml');
  writeFileSync(
    config,
    `name = "Dunmere"
allow_loopback_upstreams = true

[[sources]]
id = "dispatch"
title = "The Dunmere Dispatch"
url = "${publisher.origin}/feed-summary.xml"
refresh_minutes = ${REFRESH_MINUTES}
`,
  );
  ({ child: proxy, url: base } = await startProxy(config));
  browser = await launch();
  await pagesFilled();
});

after(async () => {
  await browser?.close();
  proxy?.kill();
  publisher?.server.close();
});

const story = (slug) => stories.find((s) => s.slug === slug);

describe('a publisher whose feed gives only summaries', () => {
  test('each story reads in full from its page, without the page\'s chrome, and says so', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await visit(page, `${base}/`);
    for (const each of stories.filter((s) => s.slug !== BROKEN)) {
      await openFromFeed(page, each);
      await assertWholeStory(page, each);
      const provenance = page.locator('article .provenance');
      assert.match(await provenance.innerText(), /^Full text from the publisher's page\. Read at the publisher$/, each.slug);
      const link = provenance.locator('a.publisher-link');
      assert.equal(await link.getAttribute('href'), each.link);
      assert.equal(await link.innerText(), 'Read at the publisher');
      const image = await bodyImage(page);
      assert.match(image.src, /^\/api\/media\?/, `${each.slug}: the body's picture comes through the proxy`);
      assert.ok(image.width > 0, `${each.slug}: the body's picture shows`);
    }
    await context.close();
  });

  test('a saved story and an opened one keep their full text and pictures offline', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await openControlled(context);

    await openFromFeed(page, story(SAVED));
    const savedUrl = page.url();
    await page.locator('.article-actions .save-button').click();
    await page.waitForFunction(() => document.querySelector('.article-actions .save-button')?.getAttribute('aria-pressed') === 'true');
    const savedImage = await bodyImage(page);
    // Saving keeps the body's pictures too, where quota eviction never goes.
    await page.waitForFunction(async (src) => {
      const cache = await caches.open('newsdesk-saved');
      return (await cache.keys()).some((r) => r.url === new URL(src, location.href).href);
    }, savedImage.src);

    // Only opened (and its picture scrolled to): the worker keeps what was viewed.
    await openFromFeed(page, story(OPENED));
    assert.ok((await bodyImage(page)).width > 0);

    // Offline, the opened story reloads; then the saved one opens.
    await context.setOffline(true);
    for (const slug of [OPENED, SAVED]) {
      if (slug === OPENED) await revisit(page);
      else await visit(page, savedUrl);
      await page.getByRole('heading', { level: 1, name: story(slug).title }).waitFor();
      await assertWholeStory(page, story(slug));
      assert.match(await page.locator('article .provenance').innerText(), /^Full text from the publisher's page\./);
      assert.ok((await bodyImage(page)).width > 0, `${slug}: its picture shows offline`);
    }
    await context.setOffline(false);
    await context.close();
  });

  test('a page the publisher cannot serve leaves the summary and a link; the feed still lists every story', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await visit(page, `${base}/`);
    await page.locator('.item-list > li').first().waitFor();
    assert.deepEqual(
      (await page.locator('.item-list .item-title').allInnerTexts()).map(flat).sort(),
      stories.map((s) => s.title).sort(),
    );
    assert.equal(await page.locator('.stale-notice').count(), 0, 'a page that fails is not a feed that fails');
    const broken = story(BROKEN);
    assert.ok(publisher.hits.get(`/news/${BROKEN}`)?.length > 0, 'the proxy asked for the page');
    await openFromFeed(page, broken);
    assert.equal(flat(await page.locator('article .article-body').innerText()), broken.summary);
    const provenance = page.locator('article .provenance');
    assert.match(await provenance.innerText(), /^The publisher's feed gives only this summary\. Read at the publisher$/);
    assert.equal(await provenance.locator('a.publisher-link').getAttribute('href'), broken.link);
    await context.close();
  });

  test('two refreshes later, each page was fetched whole at most once', async () => {
    // The first fetch, then two refreshes (and the page pass after the
    // first of them, which asks for the updated item's page).
    const deadline = Date.now() + 15000;
    while (
      ((publisher.hits.get('/feed-summary.xml')?.length ?? 0) < 3 || (publisher.hits.get(`/news/${LIVE}`)?.length ?? 0) < 2) &&
      Date.now() < deadline
    ) {
      await sleep(200);
    }
    assert.ok(publisher.hits.get('/feed-summary.xml').length >= 3, 'the proxy refreshed the feed twice');
    for (const { slug } of stories) {
      const hits = publisher.hits.get(`/news/${slug}`) ?? [];
      assert.ok(hits.length > 0, `${slug}: its page was asked for`);
      if (slug === BROKEN) {
        // A failed page waits before it is asked again, not every refresh.
        assert.equal(hits.length, 1, `${slug}: ${JSON.stringify(hits)}`);
        continue;
      }
      assert.equal(hits.filter((h) => h.status === 200).length, 1, `${slug}: ${JSON.stringify(hits)}`);
      for (const later of hits.slice(1)) assert.ok(later.conditional && later.status === 304, `${slug}: ${JSON.stringify(hits)}`);
    }
    // The updated item's page was asked for again, and cost a 304.
    assert.ok(publisher.hits.get(`/news/${LIVE}`).length >= 2, 'the updated story\'s page was asked for again');
  });

  test('in Ukrainian the article says where its text came from in Ukrainian', async () => {
    const context = await browser.newContext({ locale: 'uk-UA' });
    const page = await context.newPage();
    await visit(page, `${base}/`);
    for (const [slug, said] of [
      [SAVED, 'Повний текст зі сторінки видавця.'],
      [BROKEN, 'Стрічка видавця дає лише цей короткий виклад.'],
    ]) {
      await openFromFeed(page, story(slug));
      const provenance = page.locator('article .provenance');
      assert.equal(flat(await provenance.innerText()), `${said} Читати на сайті видавця`);
      // The first paint, before the app, says the same.
      const html = await (await page.request.get(page.url(), { headers: { 'Accept-Language': 'uk' } })).text();
      assert.ok(html.includes(`${said} <a class="publisher-link" href="${story(slug).link}"`), `${slug}: the first paint`);
      assert.ok(html.includes('Читати на сайті видавця</a>'), `${slug}: the first paint's link`);
    }
    await context.close();
  });
});
