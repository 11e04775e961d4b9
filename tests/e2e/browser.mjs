// Shared Playwright setup: Debian's Chromium, never a downloaded browser.
import { chromium } from 'playwright-core';

/** Flags for Chromium as root in a closed network (see shared toolchain notes). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium from CHROMIUM_PATH or /usr/bin/chromium. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** The base URL of the proxy under test (set by scripts/test.sh). */
export const BASE = (process.env.NEWSDESK_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
