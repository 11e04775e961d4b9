// Screenshots of the running app at phone and desktop widths.
//   node scripts/screenshots.mjs [base-url] [out-dir]
import { launch } from '../tests/e2e/browser.mjs';

const base = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
const out = process.argv[3] || 'docs/screenshots';
const browser = await launch();
const widths = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 900 } };
for (const [name, viewport] of Object.entries(widths)) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  await page.goto(`${base}/`);
  await page.waitForSelector('.item-list > li');
  await page.screenshot({ path: `${out}/feed-${name}.png`, fullPage: false });
  const article = await page.locator('.item-list > li').nth(1).locator('.item-title a').getAttribute('href');
  await page.goto(`${base}${article}`);
  await page.waitForSelector('.article-title');
  await page.screenshot({ path: `${out}/article-${name}.png`, fullPage: true });
  await page.goto(`${base}/desk/news`);
  await page.waitForSelector('.desk-card');
  await page.screenshot({ path: `${out}/desk-${name}.png`, fullPage: false });
  await page.close();
}
await browser.close();
console.log(`screenshots written to ${out}/`);
