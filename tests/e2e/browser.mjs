// Shared Playwright setup: Debian's Chromium, never a downloaded browser.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../scripts/chromium-args.mjs';

export { CHROMIUM_ARGS };

/** Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** The base URL of the proxy under test (set by scripts/test.sh). */
export const BASE = (process.env.NEWSDESK_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');

/**
 * Waits until the app has taken over from the first paint: the News Feed
 * and articles arrive with the news as plain HTML (`#first-paint`), and the
 * app, mounted hidden beside it, removes it once its own page is ready.
 * Until then a selector can match the first paint's lifeless copy.
 */
export async function appReady(page) {
  await page.waitForFunction(() => !document.getElementById('first-paint'), null, { timeout: 20000 });
}

/** `page.goto(url)`, then {@link appReady}. Resolves to the navigation's response. */
export async function visit(page, url, options) {
  const response = await page.goto(url, options);
  await appReady(page);
  return response;
}

/** `page.reload()`, then {@link appReady}. */
export async function revisit(page, options) {
  const response = await page.reload(options);
  await appReady(page);
  return response;
}
