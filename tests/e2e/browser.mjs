// Shared Playwright setup: Debian's Chromium, never a downloaded browser.
import { spawn } from 'node:child_process';
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

/**
 * Starts a proxy (`NEWSDESK_PROXY_BIN`, a test build) serving `dist` on
 * `listen`, with `extra` flags; resolves with `{ child, url }` once it
 * prints its URL. The per-client rate limit is lifted: one test makes many
 * requests from one address.
 */
export function startProxy({ dist, listen = '127.0.0.1:0', extra = [] }) {
  const bin = process.env.NEWSDESK_PROXY_BIN;
  if (!bin) throw new Error('NEWSDESK_PROXY_BIN must name the proxy binary (scripts/test.sh sets it)');
  const child = spawn(bin, ['--listen', listen, '--dist', dist, '--log', 'error', '--rate-limit', '1000000', ...extra], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/Newsdesk is running at (http:\/\/\S+?)\/?\s/);
      if (match) resolve({ child, url: match[1].replace(/\/$/, '') });
    });
    child.on('exit', (code) => reject(new Error(`proxy exited with ${code}: ${out}`)));
  });
}

/** Stops a proxy started by `startProxy` and waits for it to exit. */
export function stopProxy(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}
