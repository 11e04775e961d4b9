// Publishers' video, audio and YouTube videos in the app, end to end: a
// publisher on 127.0.0.1 serving a feed with a WebM clip and an MP3, and
// a YouTube-style channel feed (our own invented channel); a test build of
// the proxy fetching them; the app in Chromium. YouTube itself is never
// reached: `page.route` answers its player with a stand-in page.
// scripts/test.sh sets NEWSDESK_PROXY_BIN (built with `test-upstreams`)
// and NEWSDESK_DIST.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, startProxy, visit } from './browser.mjs';

const proxyBin = process.env.NEWSDESK_PROXY_BIN;
/** A real VP8 clip (the demo's own), as the publisher's file. */
const CLIP = readFileSync(new URL('../../crates/proxy/demo/assets/clip-harbour.webm', import.meta.url));
/** A 1×1 PNG: the videos' thumbnails. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);
const VIDEO_ID = 'Rv7tIdE-01a';

let browser;
let publisher;
let proxy;
let base;
/** Every request the publisher got: [path, headers]. */
const seen = [];

function feeds(port) {
  const at = `http://127.0.0.1:${port}`;
  return {
    '/clips': [
      'application/rss+xml',
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Clips</title><link>${at}/</link>
      <item><title>The harbour at first light</title><guid>clip-1</guid><pubDate>Mon, 02 Mar 2026 07:00:00 +0000</pubDate>
        <description>&lt;p&gt;Boats leave before dawn.&lt;/p&gt;</description>
        <enclosure url="${at}/media/harbour.webm" type="video/webm" length="${CLIP.length}"/></item>
      <item><title>Low Water, episode 14</title><guid>ep-14</guid><pubDate>Mon, 02 Mar 2026 06:00:00 +0000</pubDate>
        <description>&lt;p&gt;The lock keeper's last winter.&lt;/p&gt;</description>
        <enclosure url="${at}/media/episode-14.mp3" type="audio/mpeg" length="4096"/></item>
      </channel></rss>`,
    ],
    '/tides': [
      'application/atom+xml',
      `<?xml version="1.0" encoding="UTF-8"?>
      <feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
       <title>Riverbank Tides TV</title><link rel="alternate" href="https://www.youtube.com/channel/UCriverbankTidesTV00000"/>
       <entry><id>yt:video:${VIDEO_ID}</id><yt:videoId>${VIDEO_ID}</yt:videoId>
        <title>Spring tide floods the ferry steps</title>
        <link rel="alternate" href="https://www.youtube.com/watch?v=${VIDEO_ID}"/>
        <published>2026-03-02T08:30:00+00:00</published>
        <media:group><media:title>Spring tide floods the ferry steps</media:title>
         <media:content url="https://www.youtube.com/v/${VIDEO_ID}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
         <media:thumbnail url="${at}/thumbs/${VIDEO_ID}.png" width="480" height="360"/>
         <media:description>The highest tide of the year reached the third ferry step.</media:description>
         <media:community><media:statistics views="48213"/></media:community>
        </media:group></entry>
      </feed>`,
    ],
  };
}

/** Answers a byte range of `bytes` as a media server does. */
function ranged(req, res, type, bytes) {
  const match = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
  const common = { 'Content-Type': type, 'Accept-Ranges': 'bytes', ETag: '"v1"' };
  if (!match) {
    res.writeHead(200, { ...common, 'Content-Length': bytes.length }).end(bytes);
    return;
  }
  let start = match[1] === '' ? bytes.length - Number(match[2]) : Number(match[1]);
  let end = match[1] !== '' && match[2] !== '' ? Math.min(Number(match[2]), bytes.length - 1) : bytes.length - 1;
  if (start >= bytes.length) {
    res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
    return;
  }
  start = Math.max(0, start);
  res
    .writeHead(206, { ...common, 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': end - start + 1 })
    .end(bytes.subarray(start, end + 1));
}

function startPublisher() {
  const server = createServer((req, res) => {
    seen.push([req.url, req.headers]);
    const feed = feeds(server.address().port)[req.url];
    if (feed) return res.writeHead(200, { 'Content-Type': feed[0] }).end(feed[1]);
    if (req.url === '/media/harbour.webm') return ranged(req, res, 'video/webm', CLIP);
    if (req.url === '/media/episode-14.mp3') return ranged(req, res, 'audio/mpeg', Buffer.alloc(4096));
    if (req.url.startsWith('/thumbs/')) return res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}


/** A fresh context without the service worker, so every request shows. */
function context(options = {}) {
  return browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 }, ...options });
}

async function itemId(source, title) {
  const feed = await (await fetch(`${base}/api/feed/${source}`)).json();
  const item = feed.items.find((i) => i.title === title);
  assert.ok(item, `${title} in ${feed.items.map((i) => i.title).join(' | ')}`);
  return item.id;
}

before(async () => {
  assert.ok(proxyBin, 'NEWSDESK_PROXY_BIN names a proxy built with --features test-upstreams');
  publisher = await startPublisher();
  const { port } = publisher.address();
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-media-'));
  const config = join(dir, 'sources.toml');
  writeFileSync(
    config,
    `name = "River Towns"
allow_loopback_upstreams = true

[[sources]]
id = "clips"
title = "Harbour Clips"
url = "http://127.0.0.1:${port}/clips"

[[sources]]
id = "tides"
title = "Riverbank Tides TV"
url = "http://127.0.0.1:${port}/tides"
`,
  );
  ({ child: proxy, url: base } = await startProxy(config));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  proxy?.kill();
  publisher?.close();
});

describe('publishers’ video and audio through the proxy', () => {
  test('a publisher’s WebM plays from /api/media, asked for by byte range; a podcast gets a player', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const id = await itemId('clips', 'The harbour at first light');
    const asked = seen.length;
    await visit(page, `${base}/article/${id}`);
    const video = page.locator('article.article video.article-video');
    await video.waitFor();
    const src = await video.locator('source').getAttribute('src');
    assert.match(src, /^\/api\/media\?url=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fmedia%2Fharbour\.webm&sig=/);
    assert.equal(await video.locator('source').getAttribute('type'), 'video/webm');

    await page.evaluate(() => {
      const v = document.querySelector('video.article-video');
      v.muted = true;
      return v.play();
    });
    await page.waitForFunction(() => document.querySelector('video.article-video').currentTime > 0.3, null, {
      timeout: 15000,
    });
    const clipRequests = seen.slice(asked).filter(([path]) => path === '/media/harbour.webm');
    assert.ok(clipRequests.length >= 1, 'the publisher was asked for the clip');
    for (const [, headers] of clipRequests) {
      assert.match(headers.range || '', /^bytes=\d+-\d*$/, JSON.stringify(headers));
      assert.equal(headers.cookie, undefined);
      assert.equal(headers.referer, undefined);
      assert.equal(headers['x-forwarded-for'], undefined);
      assert.match(headers['user-agent'], /^Newsdesk\//);
    }

    // A podcast's episode: an audio player that loads nothing until pressed.
    const before = seen.length;
    await visit(page, `${base}/article/${await itemId('clips', 'Low Water, episode 14')}`);
    const audio = page.locator('article.article audio.article-audio');
    await audio.waitFor();
    assert.equal(await audio.getAttribute('preload'), 'none');
    assert.ok(await audio.getAttribute('controls') !== null);
    assert.match(await audio.locator('source').getAttribute('src'), /^\/api\/media\?url=.*episode-14\.mp3&sig=/);
    assert.equal(seen.slice(before).filter(([path]) => path.startsWith('/media/')).length, 0, 'preload="none"');
    await ctx.close();
  });
});

describe('a YouTube channel’s videos', () => {
  test('the facade asks nothing of YouTube until tapped, then loads exactly the embed; the CSP frames it', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const youtube = [];
    page.on('request', (request) => {
      if (/youtube|ytimg|googlevideo/.test(new URL(request.url()).hostname)) youtube.push(request.url());
    });
    const embeds = [];
    await page.route('**/*youtube-nocookie.com/**', (route) => {
      embeds.push(route.request().url());
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Stand-in player</title><p>playing</p>' });
    });
    const response = await visit(page, `${base}/`);
    const csp = response.headers()['content-security-policy'];
    assert.match(csp, /frame-src https:\/\/www\.youtube-nocookie\.com;/, csp);
    assert.match(csp, /media-src 'self';/, csp);

    const card = page.locator('.video-card', { hasText: 'Spring tide floods the ferry steps' });
    const button = card.getByRole('button', { name: 'Play video: Spring tide floods the ferry steps', exact: true });
    await button.waitFor();
    // One play label, its symbol drawn by CSS only; the thumbnail is ours.
    assert.equal((await button.innerText()).trim(), 'Play video');
    assert.match(await button.locator('img').getAttribute('src'), /^\/api\/media\?url=.*thumbs/);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(youtube, [], 'nothing asked of YouTube before the tap');
    assert.deepEqual(embeds, []);
    assert.match(await card.locator('.video-meta').innerText(), /48,213 views/);

    await button.click();
    const frame = card.locator('iframe.video-frame');
    await frame.waitFor();
    await page.frameLocator('iframe.video-frame').getByText('playing').waitFor();
    assert.deepEqual(embeds, [`https://www.youtube-nocookie.com/embed/${VIDEO_ID}?autoplay=1`]);
    assert.deepEqual(youtube, embeds, 'the embed and nothing else');
    assert.equal(await frame.getAttribute('title'), 'Spring tide floods the ferry steps');
    await ctx.close();
  });

  test('without JavaScript the facade is a plain link to the video’s page', async () => {
    const ctx = await context({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${base}/article/${await itemId('tides', 'Spring tide floods the ferry steps')}`);
    const link = page.locator('#first-paint .video-embed').getByRole('link', {
      name: 'Play video: Spring tide floods the ferry steps',
      exact: true,
    });
    assert.equal(await link.getAttribute('href'), `https://www.youtube.com/watch?v=${VIDEO_ID}`);
    assert.equal((await link.innerText()).trim(), 'Play video');
    assert.equal(await page.locator('iframe').count(), 0);
    await ctx.close();
  });

  test('offline, the card says the video needs a connection instead of offering a player', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await visit(page, `${base}/`);
    const card = page.locator('.video-card', { hasText: 'Spring tide floods the ferry steps' });
    await card.getByRole('button', { name: /^Play video/ }).waitFor();

    await ctx.setOffline(true);
    const note = card.locator('.video-offline[role=note]');
    await note.waitFor();
    assert.match(await note.innerText(), /^This video needs a connection\. Connect to play it\./);
    assert.equal(await card.getByRole('button', { name: /^Play video/ }).count(), 0, 'no dead player');
    assert.equal(await card.locator('iframe').count(), 0);

    await ctx.setOffline(false);
    await card.getByRole('button', { name: /^Play video/ }).waitFor();
    await ctx.close();
  });
});
