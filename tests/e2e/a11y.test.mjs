// Accessibility: axe-core on every route, light and dark, at phone and
// desktop widths: no serious or critical violations.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BASE, launch, visit } from './browser.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser;
let article;
before(async () => {
  browser = await launch();
  const context = await browser.newContext();
  const feed = await (await context.request.get(`${BASE}/api/feed`)).json();
  article = feed.items.find((i) => !i.attachments).id;
  await context.close();
});
after(async () => {
  await browser?.close();
});

const routes = () => [
  ['feed', '/', '.item-list > li'],
  ['article', `/article/${article}`, 'h1.article-title'],
  ['desk', '/desk/news', '.desk-card'],
  ['saved', '/saved', 'h1'],
  ['search', '/search?q=tram', '.search-results > li'],
  ['sources', '/sources', '.source-row'],
  ['topic', '/tag/power', '.item-list > li'],
  ['not found', '/no/such/page', 'h1'],
];

/** Runs axe on the current page: its serious and critical violations, and a count of every impact. */
async function axeReport(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }));
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  for (const v of result.violations) counts[v.impact] = (counts[v.impact] || 0) + 1;
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  return { serious, counts, passes: result.passes.length };
}

describe('accessibility', () => {
  for (const scheme of ['light', 'dark']) {
    for (const [width, height] of [[390, 844], [1280, 900]]) {
      test(`no serious or critical axe violations on any page (${scheme}, ${width}px)`, async (t) => {
        // axe is injected as a script: let it past the page's CSP.
        const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height }, bypassCSP: true });
        const page = await context.newPage();
        const report = {};
        for (const [name, path, ready] of routes()) {
          await visit(page, `${BASE}${path}`);
          await page.locator(ready).first().waitFor();
          const { serious, counts, passes } = await axeReport(page);
          // One line a page in the test output (the closing notes quote them).
          t.diagnostic(`axe ${scheme} ${width}px ${name}: critical ${counts.critical}, serious ${counts.serious}, moderate ${counts.moderate}, minor ${counts.minor}; ${passes} rules passed`);
          if (serious.length) report[name] = serious;
        }
        assert.deepEqual(report, {}, JSON.stringify(report, null, 2));
        await context.close();
      });
    }
  }

  test('landmarks, one h1 per page, and focus moves to the content on navigation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const [, path, ready] of routes()) {
      await visit(page, `${BASE}${path}`);
      await page.locator(ready).first().waitFor();
      assert.equal(await page.locator('header.site-header').count(), 1, path);
      assert.equal(await page.locator('main').count(), 1, path);
      assert.equal(await page.locator('nav[aria-label="Main"]').count(), 1, path);
      assert.equal(await page.locator('h1').count(), 1, `${path}: one h1`);
    }
    await visit(page, `${BASE}/`);
    await page.locator('.item-list .item-title a').first().click();
    await page.locator('h1.article-title').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    await context.close();
  });
});
