// Shared Playwright setup: Debian's Chromium, never a downloaded browser.
import { spawn } from 'node:child_process';
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

/**
 * Starts the test build of the proxy (NEWSDESK_PROXY_BIN) on a free port
 * with the sources file `config` and the built app (NEWSDESK_DIST);
 * resolves with `{ child, url }` once it prints its URL.
 */
export function startProxy(config) {
  const proxyBin = process.env.NEWSDESK_PROXY_BIN;
  const dist = process.env.NEWSDESK_DIST || 'dist';
  const child = spawn(proxyBin, ['--listen', '127.0.0.1:0', '--dist', dist, '--config', config, '--log', 'error', '--rate-limit', '1000000'], {
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
