// Screenshots of the running app: feed, article, desk, saved, search and
// sources, at phone (390 px) and desktop (1280 px) widths, light and dark,
// in English and Ukrainian (the browser's language picks the interface's).
//   node scripts/screenshots.mjs [base-url] [out-dir]
import { launch, visit } from '../tests/e2e/browser.mjs';

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const out = process.argv[3] || 'docs/screenshots';
const browser = await launch();
const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
for (const [lang, locale] of [['en', 'en-US'], ['uk', 'uk-UA']]) for (const scheme of ['light', 'dark']) {
  for (const [name, viewport] of Object.entries(widths)) {
    const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1, locale });
    const page = await context.newPage();
    const shot = (what) => page.screenshot({ path: `${out}/${what}-${name}-${scheme}${lang === 'en' ? '' : `-${lang}`}.png` });
    await visit(page, `${base}/`);
    await page.waitForSelector('.item-list > li');
    await page.waitForTimeout(300);
    await shot('feed');
    const article = await page.locator('.item-list > li').nth(1).locator('.item-title a').getAttribute('href');
    // Save it, so the Saved page has something to show.
    await page.locator('.item-list > li').nth(1).locator('.save-button').click();
    await visit(page, `${base}${article}`);
    await page.waitForSelector('.article-title');
    await page.waitForTimeout(300);
    await shot('article');
    await visit(page, `${base}/desk/news`);
    await page.waitForSelector('.desk-card');
    await shot('desk');
    await visit(page, `${base}/saved`);
    await page.waitForSelector('.item-list > li');
    await shot('saved');
    await visit(page, `${base}/search?q=tram`);
    await page.waitForSelector('.search-results > li');
    await shot('search');
    await visit(page, `${base}/sources`);
    await page.waitForSelector('.source-row');
    await shot('sources');
    await context.close();
  }
}
await browser.close();
console.log(`screenshots written to ${out}/`);
