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
