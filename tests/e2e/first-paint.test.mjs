// The first paint and the app draw the same DOM: the proxy writes the
// News Feed's rows and an article with newsdesk_page::markup, and the app
// draws its own with the same functions (its row template, its article).
// If the two ever disagree, the reader sees the page change as the app
// takes over. Both are compared element by element, attribute by
// attribute and text by text, in English and in Ukrainian.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, visit } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * The subtree at `selector` as plain data: elements as
 * `[tag, {attributes, sorted}, ...children]`, text with its whitespace
 * collapsed (whitespace-only text dropped), comments (the framework's
 * markers) dropped. Runs in the page.
 */
function canonical(selector) {
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.data.replace(/\s+/g, ' ');
      return text.trim() === '' ? null : text;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const attributes = {};
    for (const name of node.getAttributeNames().sort()) attributes[name] = node.getAttribute(name);
    const children = [];
    for (const child of node.childNodes) {
      const c = walk(child);
      if (c === null) continue;
      // Adjacent texts (a framework may split one into several) are one.
      if (typeof c === 'string' && typeof children[children.length - 1] === 'string') {
        children[children.length - 1] += c;
      } else {
        children.push(c);
      }
    }
    return [node.localName, attributes, ...children];
  };
  const root = document.querySelector(selector);
  return root ? walk(root) : null;
}

/** The path to the first difference of two canonical trees, or null. */
function firstDifference(a, b, path = '') {
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) {
    return a === b ? null : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  }
  const here = `${path}/${a[0]}`;
  if (a[0] !== b[0]) return `${path}: <${a[0]}> ≠ <${b[0]}>`;
  const attributes = JSON.stringify(a[1]);
  if (attributes !== JSON.stringify(b[1])) return `${here}: attributes ${attributes} ≠ ${JSON.stringify(b[1])}`;
  for (let i = 2; i < Math.max(a.length, b.length); i += 1) {
    const d = firstDifference(a[i] ?? null, b[i] ?? null, `${here}[${i - 2}]`);
    if (d) return d;
  }
  return null;
}

/**
 * Waits, if need be, so that the next `seconds` stay inside one clock
 * minute: a row says "5 min ago" by the clock minute, and the proxy and
 * the browser (on this host's one clock) must read the same one.
 */
async function sameMinuteFor(seconds) {
  const into = Date.now() % 60000;
  if (into > 60000 - seconds * 1000) await new Promise((r) => setTimeout(r, 60000 - into + 200));
}

/** The first paint at `path` as the browser parsed it (no JavaScript). */
async function firstPaint(path, locale, selector) {
  const context = await browser.newContext({ javaScriptEnabled: false, locale });
  const page = await context.newPage();
  const response = await page.goto(`${BASE}${path}`);
  const html = { lang: await page.getAttribute('html', 'lang'), vary: response.headers().vary };
  const tree = await page.evaluate(canonical, `#first-paint ${selector}`);
  await context.close();
  return { tree, ...html };
}

/** The app's DOM at `path` once it has taken over from the first paint. */
async function appDom(path, locale, selector) {
  const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(String(err)));
  // The browser reads the minute the proxy wrote in, however long the
  // app takes to start on a loaded machine.
  await page.clock.setFixedTime(Date.now());
  await visit(page, `${BASE}${path}`);
  await page.locator(selector).first().waitFor();
  const tree = await page.evaluate(canonical, selector);
  await context.close();
  assert.deepEqual(problems, []);
  return tree;
}

describe('the first paint and the app draw the same DOM', () => {
  let feed;
  before(async () => {
    feed = await (await fetch(`${BASE}/api/feed`)).json();
  });

  for (const [locale, lang, heading] of [
    ['en-US', 'en', 'News Feed'],
    ['uk-UA', 'uk', 'Стрічка новин'],
  ]) {
    test(`the News Feed's rows, in ${locale}`, async () => {
      await sameMinuteFor(30);
      const painted = await firstPaint('/', locale, '.item-list');
      const drawn = await appDom('/', locale, '.feed-stream .item-list');
      assert.equal(painted.lang, lang, 'the first paint is in the reader\'s language');
      assert.match(painted.vary, /accept-language/i);
      assert.equal(painted.tree.length - 2, feed.items.length, 'the first paint has the first page');
      assert.ok(JSON.stringify(painted.tree).includes(heading === 'News Feed' ? 'min read' : 'хв читання'));
      assert.equal(firstDifference(painted.tree, drawn), null);
      assert.deepEqual(painted.tree, drawn);
    });

    test(`an article, in ${locale}`, async () => {
      // The lead has a picture and a body; a video story has its player.
      const video = feed.items.find((item) => (item.attachments || []).some((a) => /^video\//i.test(a.mime_type)));
      for (const item of [feed.items[0], video].filter(Boolean)) {
        await sameMinuteFor(30);
        const path = `/article/${encodeURIComponent(item.id)}`;
        const painted = await firstPaint(path, locale, 'article.article');
        const drawn = await appDom(path, locale, 'article.article');
        assert.equal(painted.lang, lang);
        assert.ok(painted.tree, `${path} has a first paint`);
        assert.equal(firstDifference(painted.tree, drawn), null, path);
        assert.deepEqual(painted.tree, drawn, path);
      }
    });
  }

  test('a language picked in the app is the first paint\'s next time', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await visit(page, `${BASE}/`);
    await page.locator('.display-menu summary').click();
    await page.locator('input[name="language"][value="uk"]').check();
    await page.getByRole('heading', { name: 'Стрічка новин' }).waitFor();
    // The same browser asks again, as a reload would: the proxy writes
    // Ukrainian although the browser's languages say English.
    const again = await page.request.get(`${BASE}/`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    const html = await again.text();
    assert.match(html, /<html lang="?uk"?>/);
    assert.match(html, /<h1 class="section-label">Стрічка новин<\/h1>/);
    assert.doesNotMatch(html, /min read/);
    await context.close();
  });
});
