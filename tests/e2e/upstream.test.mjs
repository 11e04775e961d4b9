// End to end with real upstream sources: publishers served from this test on
// 127.0.0.1, a proxy (a test build: loopback upstreams allowed) configured to
// fetch them, and the app in Chromium. scripts/test.sh sets NEWSDESK_PROXY_BIN
// (built with the `test-upstreams` feature) and NEWSDESK_DIST.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, startProxy, visit } from './browser.mjs';

const fixtures = new URL('../fixtures/feeds/', import.meta.url);
const proxyBin = process.env.NEWSDESK_PROXY_BIN;

let browser;
let publisher;
let proxy;
let base;

/** A publisher serving the RSS and Atom fixtures. */
function startPublisher() {
  const feeds = {
    '/rss': ['application/rss+xml', readFileSync(new URL('rss2.xml', fixtures))],
    '/atom': ['application/atom+xml', readFileSync(new URL('atom.xml', fixtures))],
  };
  const server = createServer((req, res) => {
    const feed = feeds[req.url];
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': feed[0] }).end(feed[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}


before(async () => {
  assert.ok(proxyBin, 'NEWSDESK_PROXY_BIN names a proxy built with --features test-upstreams');
  publisher = await startPublisher();
  const { port } = publisher.address();
  const dir = mkdtempSync(join(tmpdir(), 'newsdesk-e2e-'));
  const config = join(dir, 'sources.toml');
  writeFileSync(
    config,
    `name = "River Towns"
allow_loopback_upstreams = true

[[sources]]
id = "riverbank"
title = "The Riverbank Post"
url = "http://127.0.0.1:${port}/rss"
refresh_minutes = 0.02
[sources.desk]
name = "Riverbank news desk"
bio = "We are the news team of the Riverbank Post."
email = "desk@riverbank.example"

[[sources]]
id = "weir"
title = "Weir Notes"
url = "http://127.0.0.1:${port}/atom"
refresh_minutes = 0.02
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

describe('a proxy fetching real publishers', () => {
  test('the app shows their items; a dead upstream leaves the last good copy, marked stale', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await visit(page, `${base}/`);
    await page.locator('.item-list > li').first().waitFor();
    const titles = await page.locator('.item-list .item-title').allInnerTexts();
    assert.ok(titles.includes('Ferry service resumes after flood repairs'), titles.join(' | '));
    assert.ok(titles.includes('Why the weir hums in March'), titles.join(' | '));
    assert.equal(await page.locator('.stale-notice').count(), 0, 'fresh feeds carry no notice');
    // The operator's desk where the config names one, else the feed's own author.
    // (The desk list loads on its own: wait for it.)
    await page.locator('.desk-list-name').nth(1).waitFor();
    assert.deepEqual(
      await page.locator('.desk-list-name').allInnerTexts(),
      ['Riverbank news desk', 'Riverbank Post science desk'],
    );

    // The publisher goes away; the proxy's next refresh fails.
    publisher.closeAllConnections();
    await new Promise((resolve) => publisher.close(resolve));
    publisher = null;
    await page.waitForTimeout(3000);

    await visit(page, `${base}/desk/riverbank`);
    await page.locator('.item-list > li').first().waitFor();
    const after = await page.locator('.item-list .item-title').allInnerTexts();
    assert.ok(after.includes('Ferry service resumes after flood repairs'), 'last good copy');
    const notice = page.locator('.stale-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /last saved copy/);
    assert.match(await notice.innerText(), /Riverbank news desk could not be reached/);

    // An article from it still opens, images through the signed media path.
    await page.locator('.item-list .item-title a', { hasText: 'Ferry service' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ferry service resumes after flood repairs' }).waitFor();
    const src = await page.locator('.article-body img').first().getAttribute('src');
    assert.match(src, /^\/api\/media\?url=/);
    await page.close();
  });
});

describe('a proxy that lets readers add feeds', () => {
  test('OPML import follows the desks offered here and adds the other feeds to the News Feed', async () => {
    const own = await startPublisher();
    const { port } = own.address();
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-e2e-open-'));
    const config = join(dir, 'sources.toml');
    writeFileSync(
      config,
      `name = "River Towns"
allow_loopback_upstreams = true
open_feeds = true

[[sources]]
id = "riverbank"
title = "The Riverbank Post"
url = "http://127.0.0.1:${port}/rss"
`,
    );
    const { child, url } = await startProxy(config);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await visit(page, `${url}/sources`);
      await page.locator('.source-row').first().waitFor();
      const opml = `<?xml version="1.0"?>
<opml version="2.0"><head><title>Elsewhere</title></head><body>
  <outline type="rss" text="The Riverbank Post" title="The Riverbank Post" xmlUrl="https://elsewhere.example/riverbank.xml"/>
  <outline type="rss" text="Weir Notes" title="Weir Notes" xmlUrl="http://127.0.0.1:${port}/atom"/>
</body></opml>`;
      await page.locator('input[type=file]').setInputFiles({
        name: 'elsewhere.opml',
        mimeType: 'text/x-opml',
        buffer: Buffer.from(opml),
      });
      const result = page.locator('.import-result');
      await result.waitFor();
      assert.match(await result.innerText(), /2 feeds: 1 matched a desk here/);
      assert.match(await result.innerText(), /1 other feed was added to your News Feed/);
      assert.doesNotMatch(await result.innerText(), /Not offered/);
      const row = page.locator('.added-list .source-row');
      assert.equal(await row.count(), 1);
      assert.equal(await row.locator('.source-name').innerText(), 'Weir Notes');
      // The proxy fetched and read it: the row counts its stories.
      await row.locator('.source-meta', { hasText: /\d+ stor/ }).waitFor();

      // The News Feed (a fresh load: the list was stored) merges its stories
      // in date order; they link to the publisher, having no article page here.
      await visit(page, `${url}/`);
      const weir = page.locator('.item-list .item-title a', { hasText: 'Why the weir hums in March' });
      await weir.waitFor();
      assert.match(await weir.getAttribute('href'), /^https?:\/\//);
      const titles = await page.locator('.item-list .item-title').allInnerTexts();
      assert.ok(titles.includes('Ferry service resumes after flood repairs'), titles.join(' | '));
      const dates = await page.locator('.item-list .byline time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime'))));
      assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first across both');

      // Removing it takes its stories out again.
      await visit(page, `${url}/sources`);
      await page.locator('.added-list .follow-button').click();
      assert.equal(await page.locator('.added-list').count(), 0);
      await visit(page, `${url}/`);
      await page.locator('.item-list > li').first().waitFor();
      const left = await page.locator('.item-list .item-title').allInnerTexts();
      assert.ok(!left.includes('Why the weir hums in March'), left.join(' | '));
    } finally {
      await page.close();
      child.kill();
      own.close();
    }
  });
});
