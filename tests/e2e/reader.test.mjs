// End to end: the reader's comforts — keyboard, themes, sources to follow
// or mute with OPML, offline search, topics, next/previous story.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, visit, revisit } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function feedPage(context) {
  const page = await context.newPage();
  await visit(page, `${BASE}/`);
  await page.locator('.item-list > li').first().waitFor();
  return page;
}

describe('reading with comfort', () => {
  test('keyboard: j/k move, o opens, s saves, m marks, g h goes home, ? explains; never while typing', async () => {
    const context = await browser.newContext();
    const page = await feedPage(context);
    const articles = page.locator('.item-list article');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const second = articles.nth(1);
    assert.match(await second.getAttribute('class'), /is-current/);
    assert.equal(await page.evaluate(() => document.activeElement.closest('article')?.dataset.itemId),
      await second.getAttribute('data-item-id'));
    await page.keyboard.press('k');
    assert.match(await articles.nth(0).getAttribute('class'), /is-current/);
    await page.keyboard.press('j');
    const headline = (await second.locator('.item-title').innerText()).trim();
    await page.keyboard.press('o');
    await page.getByRole('heading', { level: 1, name: headline }).waitFor();
    await page.keyboard.press('s');
    await page.waitForFunction(() =>
      document.querySelector('.article-actions .save-button')?.getAttribute('aria-pressed') === 'true');
    const markButton = page.locator('.article-actions .link-button').first();
    assert.equal(await markButton.innerText(), 'Mark as unread');
    await page.keyboard.press('m');
    await page.waitForFunction(() =>
      document.querySelector('.article-actions .link-button')?.textContent === 'Mark as read');
    await page.keyboard.press('g');
    await page.keyboard.press('h');
    await page.waitForURL(`${BASE}/`);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('/');
    await page.waitForURL(`${BASE}/search`);
    const input = page.locator('#search-input');
    await input.click();
    await input.type('jk');
    assert.equal(await input.inputValue(), 'jk', 'typing stays typing');
    assert.equal(page.url(), `${BASE}/search`);
    await context.close();
  });

  test('themes: Dark is applied at once and kept after a reload', async () => {
    const context = await browser.newContext({ colorScheme: 'light' });
    const page = await feedPage(context);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.locator('.display-menu summary').click();
    await page.getByLabel('Dark').check();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await background(), light);
    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await background(), light);
    // Larger article text, also kept.
    await page.locator('.display-menu summary').click();
    await page.getByRole('button', { name: 'Larger text' }).click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.textSize), 'large');
    // The first paint (before the app has started: here it never does)
    // already has the reader's theme and text size: no flash of light.
    await page.route(/_bg\.wasm$/, () => {});
    await page.goto(`${BASE}/`);
    await page.locator('#first-paint .item-list > li').first().waitFor();
    assert.deepEqual(
      await page.evaluate(() => ({ ...document.documentElement.dataset })),
      { theme: 'dark', textSize: 'large' },
    );
    assert.notEqual(await background(), light);
    await context.close();
  });

  test('sources: mute a desk and it leaves the News Feed; OPML export and import round trip', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await visit(page, `${BASE}/sources`);
    const video = page.locator('.source-row', { hasText: 'Lantern video desk' });
    await video.getByRole('button', { name: /Following/ }).click();
    await video.getByRole('button', { name: /Muted/ }).waitFor();

    await visit(page, `${BASE}/`);
    await page.locator('.item-list > li').first().waitFor();
    const bylines = await page.locator('.item-list .byline-desk').allInnerTexts();
    assert.ok(bylines.length >= 10);
    assert.ok(!bylines.includes('Lantern video desk'), bylines.join(', '));

    await visit(page, `${BASE}/sources`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export followed (OPML)' }).click(),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'newsdesk-opml-'));
    const file = join(dir, 'followed.opml');
    await download.saveAs(file);
    const opml = readFileSync(file, 'utf8');
    assert.match(opml, /<opml version="2.0">/);
    assert.match(opml, /xmlUrl="http:\/\/127\.0\.0\.1:\d+\/api\/feed\/news"/);
    assert.doesNotMatch(opml, /api\/feed\/video/);

    // Another reader's list that includes the video desk (by site) follows it again.
    const other = join(dir, 'other.opml');
    writeFileSync(other, `<?xml version="1.0"?><opml version="2.0"><body>
      <outline text="Lantern video" xmlUrl="https://elsewhere.example/video.xml" htmlUrl="https://lantern.example/video"/>
      <outline text="Riverbank Post" xmlUrl="https://riverbank.example/feed.xml"/>
    </body></opml>`);
    await page.locator('input[type=file]').setInputFiles(other);
    const result = page.locator('.import-result');
    await result.waitFor();
    assert.match(await result.innerText(), /Imported 2 feeds: 1 matched/);
    assert.match(await result.innerText(), /Riverbank Post/);
    await video.getByRole('button', { name: /Following/ }).waitFor();
    await context.close();
  });

  test('search finds stored stories offline and marks the words', async () => {
    const context = await browser.newContext();
    const page = await feedPage(context);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
    });
    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();
    const headline = (await page.locator('.item-list .item-title').nth(2).innerText()).trim();
    const word = headline.split(/\s+/).find((w) => w.length > 4).replace(/[^\p{L}\p{N}]/gu, '');
    await context.setOffline(true);
    await visit(page, `${BASE}/search?q=${encodeURIComponent(word)}`);
    const result = page.locator('.search-results .item-title', { hasText: headline });
    await result.waitFor();
    const marked = await result.locator('mark').allInnerTexts();
    assert.ok(marked.some((m) => m.toLowerCase() === word.toLowerCase()), marked.join('|'));
    // Typing narrows instantly.
    await page.locator('#search-input').fill(`${word} zzzznotaword`);
    await page.locator('.search-count', { hasText: 'No stories on this device match' }).waitFor();
    await context.close();
  });

  test('topics link to a topic view; an article offers the previous and next story', async () => {
    const context = await browser.newContext();
    const page = await feedPage(context);
    const titles = await page.locator('.item-list .item-title').allInnerTexts();
    await page.locator('.item-list .item-title a').nth(1).click();
    const nav = page.locator('.story-nav');
    await nav.waitFor();
    assert.match(await nav.locator('.story-nav-prev').innerText(), new RegExp(escape(titles[0].trim())));
    assert.match(await nav.locator('.story-nav-next').innerText(), new RegExp(escape(titles[2].trim())));

    const tag = page.locator('.tags a.tag').first();
    const topic = (await tag.innerText()).trim();
    await tag.click();
    await page.getByRole('heading', { name: `Topic: ${topic}` }).waitFor();
    await page.locator('.item-list > li').first().waitFor();
    const expected = (await (await page.request.get(`${BASE}/api/feed?tag=${encodeURIComponent(topic)}`)).json()).items.length;
    assert.equal(await page.locator('.item-list > li').count(), expected);
    await context.close();
  });
});

describe('in Ukrainian', () => {
  test('the browser language picks Ukrainian; the switch in Display changes it and is kept', async () => {
    const context = await browser.newContext({ locale: 'uk-UA' });
    const page = await feedPage(context);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'uk');
    assert.equal((await page.locator('h1.section-label').textContent()).trim(), 'Стрічка новин');
    assert.match(await page.locator('.item-list .read-time').first().innerText(), /^\d+ хв читання$/);
    assert.match(await page.locator('.item-list .byline time').first().innerText(), /тому|щойно|учора|\d{4}/);
    assert.equal((await page.locator('button.show-more').textContent()).trim(), 'Показати більше');

    await page.locator('.display-menu summary').click();
    await page.getByLabel('English').check();
    await page.locator('h1.section-label', { hasText: 'News Feed' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // The rows already drawn change language too, every one of them.
    await page.waitForFunction(() => [...document.querySelectorAll('.item-list .read-time')].every((t) => /min read$/.test(t.textContent)));
    const rows = await page.locator('.item-list > li').count();
    assert.ok(rows >= 10, `${rows} rows`);
    assert.equal(await page.locator('.item-list .save-button', { hasText: 'Save' }).count(), rows);
    assert.equal(await page.locator('.item-list .read-mark', { hasText: 'Read' }).count(), rows);
    assert.equal(await page.locator('.item-list .byline time[title$="UTC"]').count(), await page.locator('.item-list .byline time').count());
    assert.doesNotMatch(await page.locator('.item-list').innerText(), /хв|тому|Зберегти|Прочитано/);
    await revisit(page);
    await page.locator('h1.section-label', { hasText: 'News Feed' }).waitFor();
    assert.match(await page.locator('.item-list .read-time').first().innerText(), /min read$/);
    await context.close();
  });
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
