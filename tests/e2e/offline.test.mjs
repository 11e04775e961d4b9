// End to end, offline: what a reader keeps when the connection (or the
// proxy) goes away. Runs its own proxy (NEWSDESK_PROXY_BIN, serving
// NEWSDESK_DIST, the release build) so it can stop it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { launch, visit, revisit } from './browser.mjs';

const proxyBin = process.env.NEWSDESK_PROXY_BIN;
const dist = process.env.NEWSDESK_DIST || 'dist';

let browser;
let proxy;
let base;

function startProxy(listen = '127.0.0.1:0') {
  const child = spawn(proxyBin, ['--listen', listen, '--dist', dist, '--log', 'error', '--rate-limit', '1000000'], {
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

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}

/** Opens `/` and waits until the service worker controls the page. */
async function openControlled(context) {
  const page = await context.newPage();
  await visit(page, `${base}/`);
  await page.locator('.item-list > li').first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });
  return page;
}

before(async () => {
  assert.ok(proxyBin, 'NEWSDESK_PROXY_BIN names the proxy binary');
  ({ child: proxy, url: base } = await startProxy());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (proxy) await stop(proxy);
});

describe('reading offline', () => {
  test('opened and saved stories, and the saved page, render offline; unopened ones say so', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await openControlled(context);

    // Pick, from the API, a story with an image to save, another to open,
    // and one from far down the feed that is never opened.
    const all = [];
    for (let n = 1; ; n += 1) {
      const feed = await (await page.request.get(`${base}/api/feed?page=${n}`)).json();
      all.push(...feed.items);
      if (!feed.next_url) break;
    }
    const saved = all.find((i) => i.image && !i.attachments);
    const opened = all.find((i) => i.id !== saved.id && !i.attachments);
    const unopened = all[all.length - 1];
    assert.ok(saved && opened && unopened && unopened.id !== saved.id && unopened.id !== opened.id);

    await visit(page, `${base}/article/${saved.id}`);
    await page.getByRole('heading', { level: 1, name: saved.title }).waitFor();
    const save = page.locator('.article-actions .save-button');
    await save.click();
    await page.waitForFunction(() =>
      document.querySelector('.article-actions .save-button')?.getAttribute('aria-pressed') === 'true');
    // The service worker keeps the story's image for offline reading.
    await page.waitForFunction(async (image) => {
      const cache = await caches.open('newsdesk-saved');
      return (await cache.keys()).some((r) => r.url.endsWith(image));
    }, saved.image);

    await visit(page, `${base}/article/${opened.id}`);
    await page.getByRole('heading', { level: 1, name: opened.title }).waitFor();

    await context.setOffline(true);

    await visit(page, `${base}/`);
    await page.locator('.item-list > li').first().waitFor();
    await page.locator('.banner-offline').waitFor();
    assert.ok((await page.locator('.item-list > li').count()) >= 10, 'the feed renders offline');
    // The opened story is marked read, and still there after a reload.
    const openedCard = page.locator(`.item-list article[data-item-id="${opened.id}"]`);
    if (await openedCard.count()) {
      assert.match(await openedCard.getAttribute('class'), /is-read/);
    }

    await visit(page, `${base}/article/${opened.id}`);
    await page.getByRole('heading', { level: 1, name: opened.title }).waitFor();
    assert.ok((await page.locator('.article-body').innerText()).length > 40, 'its text is there');

    await visit(page, `${base}/saved`);
    const savedCard = page.locator(`.item-list article[data-item-id="${saved.id}"]`);
    await savedCard.waitFor();
    await savedCard.locator('.item-title a').click();
    await page.getByRole('heading', { level: 1, name: saved.title }).waitFor();
    const image = page.locator('.article-image');
    await image.waitFor();
    await page.waitForFunction(() => document.querySelector('.article-image')?.naturalWidth > 0);

    await visit(page, `${base}/article/${unopened.id}`);
    const error = page.locator('.error-state');
    await error.waitFor();
    assert.equal(await error.locator('h2').innerText(), 'Not available offline');
    assert.match(await error.innerText(), /Connect to read it/);

    await context.setOffline(false);
    await context.close();
  });

  test('with the proxy gone the app still starts from cache; saved items and read marks persist', async () => {
    const context = await browser.newContext();
    const page = await openControlled(context);
    const first = page.locator('.item-list article').first();
    const id = await first.getAttribute('data-item-id');
    const headline = await first.locator('.item-title').innerText();
    await first.locator('.save-button').click();
    await visit(page, `${base}/article/${id}`);
    await page.getByRole('heading', { level: 1, name: headline }).waitFor();
    await visit(page, `${base}/`);
    await page.locator(`.item-list article[data-item-id="${id}"].is-read`).waitFor();

    // The proxy stops: nothing answers on its port any more.
    const port = new URL(base).port;
    await stop(proxy);
    proxy = null;

    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();
    await page.locator(`.item-list article[data-item-id="${id}"].is-read`).waitFor();
    await visit(page, `${base}/saved`);
    await page.locator(`.item-list article[data-item-id="${id}"]`).waitFor();
    await visit(page, `${base}/article/${id}`);
    await page.getByRole('heading', { level: 1, name: headline }).waitFor();

    // Back on the same address: everything still there.
    ({ child: proxy } = await startProxy(`127.0.0.1:${port}`));
    await visit(page, `${base}/saved`);
    await page.locator(`.item-list article[data-item-id="${id}"]`).waitFor();
    await context.close();
  });
});
