// End to end with a war-time newsroom (tests/fixtures/publisher, ours) as a
// publisher on 127.0.0.1 whose feed gives only summaries: the proxy (a
// test build, NEWSDESK_PROXY_BIN) fetches each story's page for its full
// text (`full_text` left at its default, auto), and a reader in Chromium
// gets the whole story online, keeps it offline, reads it in Ukrainian,
// and gets the summary with a link where the page cannot be had; the
// publisher counts what the proxy asked of it (each page once, then 304s
// for an updated item). The feed with whole bodies (feed-full.xml) is not served to the proxy: it is
// what the article must match, paragraph by paragraph. The newsroom's
// video briefing (a WebM enclosure) plays through /api/media, asked of the
// publisher by byte range; its YouTube channel (youtube.xml, a second
// source) shows in the Video section as click-to-play cards that ask
// nothing of YouTube until tapped (`page.route` answers the embed: YouTube
// itself is never reached).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, revisit, startProxy, visit } from './browser.mjs';

const fixtures = new URL('../fixtures/publisher/', import.meta.url);
const proxyBin = process.env.NEWSDESK_PROXY_BIN;

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
/** The story whose `video/webm` enclosure is the publisher's briefing.webm. */
const BRIEFING = 'evening-briefing-27-november';
/** A real VP8 clip (the demo's own): the publisher's briefing.webm (the README). */
const CLIP = readFileSync(new URL('../../crates/proxy/demo/assets/clip-harbour.webm', import.meta.url));
/** The channel's video the reader taps, and its title (youtube.xml). */
const VIDEO_ID = 'dDx7Kp2Lq9A';
const VIDEO_TITLE = 'Evening briefing, 27 November: power blocks, the ferry and eleven new shelters';

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
/** The titles of the channel's videos (youtube.xml), newest first. */
let videoTitles;
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
 * `hits` keeps every request per path: its status, whether it was
 * conditional and its Range header. Also the channel feed (youtube.xml)
 * and its thumbnails, and the briefing's video with byte ranges (the
 * demo's clip, as the README says). The podcast's MP3 is not served (404):
 * the feed's length for it is nominal, and its player loads nothing unless
 * pressed.
 */
async function startPublisher() {
  const hits = new Map();
  const files = new Map();
  let updatedFeed;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const seen = hits.get(path) || [];
    const file = path === '/feed-summary.xml' && seen.length > 0 ? updatedFeed : files.get(path);
    const hit = { status: file ? 200 : 404, conditional: 'if-none-match' in req.headers, range: req.headers.range };
    seen.push(hit);
    hits.set(path, seen);
    if (file?.ranged) {
      hit.status = ranged(req, res, file);
      return;
    }
    let status = hit.status;
    if (path === `/news/${BROKEN}`) status = 500;
    else if (file?.etag && req.headers['if-none-match'] === file.etag) status = 304;
    hit.status = status;
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
  for (const dir of ['images', 'thumbs']) {
    for (const name of readdirSync(new URL(`${dir}/`, fixtures))) {
      files.set(`/${dir}/${name}`, { type: 'image/jpeg', body: readFileSync(new URL(`${dir}/${name}`, fixtures)) });
    }
  }
  files.set('/youtube.xml', { type: 'application/atom+xml', body: text('youtube.xml') });
  files.set('/media/briefing.webm', { type: 'video/webm', body: CLIP, ranged: true });
  return { server, origin, hits, page: (slug) => files.get(`/news/${slug}`).body.toString('utf8') };
}

/**
 * Answers `file` whole (200) or the byte range asked for (206 with
 * Content-Range; 416 past the end), as a media server does. Returns the status.
 */
function ranged(req, res, file) {
  const { type, body } = file;
  const common = { 'Content-Type': type, 'Accept-Ranges': 'bytes', ETag: '"briefing-v1"' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
  if (!match || (match[1] === '' && match[2] === '')) {
    res.writeHead(200, { ...common, 'Content-Length': body.length }).end(body);
    return 200;
  }
  const start = match[1] === '' ? Math.max(0, body.length - Number(match[2])) : Number(match[1]);
  const end = match[1] !== '' && match[2] !== '' ? Math.min(Number(match[2]), body.length - 1) : body.length - 1;
  if (start >= body.length || start > end) {
    res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
    return 416;
  }
  res
    .writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 })
    .end(body.subarray(start, end + 1));
  return 206;
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
  videoTitles = [...readFileSync(new URL('youtube.xml', fixtures), 'utf8').matchAll(/<entry>[\s\S]*?<title>([^<]*)<\/title>/g)].map(([, t]) =>
    decode(t),
  );
  assert.equal(videoTitles[0], VIDEO_TITLE);
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

# The channel's entries link to youtube.com/watch pages, which the proxy
# never fetches for full text (fulltext::wants_page, unit-tested); "never"
# here as well, so that not even a regression can take this test off
# 127.0.0.1.
[[sources]]
id = "dispatch-youtube"
title = "The Dunmere Dispatch on YouTube"
url = "${publisher.origin}/youtube.xml"
full_text = "never"
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
    // Every story of the site's feed, and the channel's videos beside them.
    assert.deepEqual(
      (await page.locator('.item-list .item-title').allInnerTexts()).map(flat).sort(),
      [...stories.map((s) => s.title), ...videoTitles].sort(),
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

describe('the newsroom\'s video', () => {
  /** A context without the service worker, so every request the page makes shows. */
  const direct = () => browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });

  test('the briefing\'s WebM plays from /api/media, asked of the publisher by byte range', { timeout: 40000 }, async () => {
    const context = await direct();
    const page = await context.newPage();
    const answers = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname === '/api/media' && url.searchParams.get('url')?.endsWith('/media/briefing.webm')) answers.push(response);
    });
    const asked = publisher.hits.get('/media/briefing.webm')?.length ?? 0;
    await visit(page, `${base}/`);
    await openFromFeed(page, story(BRIEFING));
    const video = page.locator('article.article video.article-video');
    await video.waitFor();
    assert.equal(await page.locator('article.article video').count(), 1, 'one player: the enclosure\'s, not the page\'s again');
    const source = video.locator('source');
    assert.match(
      await source.getAttribute('src'),
      /^\/api\/media\?url=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fmedia%2Fbriefing\.webm&sig=/,
      'the enclosure plays through the proxy',
    );
    assert.equal(await source.getAttribute('type'), 'video/webm');
    assert.match(await video.getAttribute('poster'), /^\/api\/media\?url=.*evening-briefing\.jpg/);

    // Play (muted, as autoplay rules want) and watch the clock: it must pass
    // 0.3 s within 15 s. A source that fails (a 404 through the proxy)
    // leaves play() pending for ever, so its failure is watched for too.
    const played = await video.evaluate(
      (v) =>
        new Promise((resolve) => {
          const start = v.currentTime;
          const state = () => `at ${v.currentTime} s, readyState ${v.readyState}, networkState ${v.networkState}`;
          const done = (why) => {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(why);
          };
          const timer = setTimeout(() => done(`no progress in 15 s (${state()})`), 15000);
          const poll = setInterval(() => {
            if (v.currentTime > start + 0.3) done('');
            else if (v.error || v.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) {
              done(`the video cannot play (${state()}, error ${v.error?.code})`);
            }
          }, 50);
          v.muted = true;
          v.play().catch((error) => done(`play() was refused: ${error.name} (${state()})`));
        }),
    );
    assert.equal(played, '', 'the video plays');
    assert.ok(!(await video.evaluate((v) => v.paused)), 'still playing');

    const hits = (publisher.hits.get('/media/briefing.webm') ?? []).slice(asked);
    assert.ok(hits.length >= 1, 'the publisher was asked for the video');
    for (const hit of hits) {
      assert.match(hit.range ?? '', /^bytes=\d+-\d*$/, `every request for the video carried Range: ${JSON.stringify(hits)}`);
      assert.equal(hit.status, 206, JSON.stringify(hits));
    }
    // And the reader gets byte ranges from /api/media in turn.
    assert.ok(answers.length >= 1, 'the browser asked /api/media for the video');
    const partial = answers.filter((a) => a.status() === 206);
    assert.ok(partial.length >= 1, `a 206 through /api/media: ${answers.map((a) => a.status())}`);
    for (const answer of partial) {
      assert.match(answer.headers()['content-range'] ?? '', new RegExp(`^bytes \\d+-\\d+/${CLIP.length}$`));
    }
    await context.close();
  });

  test('the channel\'s video is a card that asks nothing of YouTube until tapped, then loads exactly its embed', { timeout: 40000 }, async () => {
    const context = await direct();
    const page = await context.newPage();
    const youtube = [];
    page.on('request', (request) => {
      if (/youtube|ytimg|googlevideo|google/.test(new URL(request.url()).hostname)) youtube.push(request.url());
    });
    const embeds = [];
    await page.route('**/*youtube-nocookie.com/**', (route) => {
      embeds.push(route.request().url());
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Stand-in player</title><p>playing</p>' });
    });
    const response = await visit(page, `${base}/`);
    const csp = response.headers()['content-security-policy'] ?? '';
    assert.match(csp, /(^|;)\s*frame-src https:\/\/www\.youtube-nocookie\.com(;|$)/, csp);

    const card = page.locator('.video-section .video-card', { hasText: VIDEO_TITLE });
    const button = card.getByRole('button', { name: `Play video: ${VIDEO_TITLE}`, exact: true });
    await button.waitFor();
    // The site's own briefing sits in the Video section beside it.
    await page.locator('.video-section .video-card', { hasText: story(BRIEFING).title }).waitFor();
    const thumb = button.locator('img');
    await thumb.scrollIntoViewIfNeeded();
    assert.match(
      await thumb.getAttribute('src'),
      new RegExp(`^/api/media\\?url=http%3A%2F%2F127\\.0\\.0\\.1%3A\\d+%2Fthumbs%2F${VIDEO_ID}\\.jpg&`),
      'the thumbnail comes through the proxy',
    );
    const shown = await thumb.evaluate((img) =>
      img.complete
        ? img.naturalWidth > 0
        : new Promise((resolve) => {
            img.addEventListener('load', () => resolve(img.naturalWidth > 0), { once: true });
            img.addEventListener('error', () => resolve(false), { once: true });
            setTimeout(() => resolve(false), 10000);
          }),
    );
    assert.ok(shown, 'the thumbnail shows');
    assert.ok(publisher.hits.get(`/thumbs/${VIDEO_ID}.jpg`)?.some((h) => h.status === 200), 'the thumbnail came from the publisher');
    assert.match(await card.locator('.video-meta').innerText(), /14,872 views/);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(youtube, [], 'nothing asked of YouTube before the tap');
    assert.deepEqual(embeds, []);
    assert.equal(await page.locator('iframe').count(), 0);

    await button.click();
    const frame = card.locator('iframe.video-frame');
    await frame.waitFor();
    await page.frameLocator('.video-section iframe.video-frame').getByText('playing').waitFor();
    assert.deepEqual(embeds, [`https://www.youtube-nocookie.com/embed/${VIDEO_ID}?autoplay=1`]);
    assert.deepEqual(youtube, embeds, 'the embed and nothing else');
    assert.equal(await frame.getAttribute('title'), VIDEO_TITLE);
    assert.equal(await page.locator('iframe').count(), 1, 'only the tapped card plays');
    await context.close();
  });
});
