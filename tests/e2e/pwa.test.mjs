// End to end: Newsdesk as an installable, offline-first app — the manifest
// and icons, the service worker's offline shell and caches, saved URLs, and
// an update from one build to the next at the same origin.
//
// scripts/test.sh sets NEWSDESK_URL (a proxy serving the release build),
// NEWSDESK_PROXY_BIN and NEWSDESK_DIST (that build). Service workers need a
// real (non-incognito) profile to be installable, so each test gets a
// persistent context in a fresh temporary profile.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE, CHROMIUM_ARGS, visit, revisit } from './browser.mjs';
import { buildInfo, writePrecache } from '../../scripts/sw-precache.mjs';

const DIST = process.env.NEWSDESK_DIST || new URL('../../dist', import.meta.url).pathname;
const PROXY_BIN = process.env.NEWSDESK_PROXY_BIN;
const SW_CONTROL_TIMEOUT = 60_000;

const temporary = [];
const contexts = new Set();
const proxies = new Set();

function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Chromium with a fresh on-disk profile (service workers, installability). */
async function openContext() {
  const context = await chromium.launchPersistentContext(tempDir('newsdesk-pwa-profile-'), {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  contexts.add(context);
  const page = context.pages()[0] || (await context.newPage());
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return { context, page, problems };
}

async function closeContext(context) {
  contexts.delete(context);
  await context.close();
}

/** Waits until the service worker is active and controls `page`. */
async function waitForControl(page) {
  await page.waitForFunction(
    async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return Boolean(registration && registration.active && navigator.serviceWorker.controller);
    },
    null,
    { timeout: SW_CONTROL_TIMEOUT, polling: 200 },
  );
}

/** Cache name → cached URLs, as the page sees them. */
function cachedUrls(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      out[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return out;
  });
}

/** Waits until some cache named `cacheName` (a prefix) holds a URL ending with `suffix`. */
async function waitForCached(page, cacheName, suffix) {
  await page.waitForFunction(
    async ([name, end]) => {
      for (const key of await caches.keys()) {
        if (!key.startsWith(name)) continue;
        const urls = (await (await caches.open(key)).keys()).map((request) => request.url);
        if (urls.some((url) => url.endsWith(end))) return true;
      }
      return false;
    },
    [cacheName, suffix],
    { timeout: 15_000, polling: 100 },
  );
}

/** Width and height from a PNG's IHDR chunk; throws if it is not a PNG. */
function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...bytes.subarray(0, 8)], signature, 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR', 'IHDR first');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The hashed asset names an index.html loads (`/newsdesk-<16 hex>.js`…). */
function hashedNames(html) {
  return [...new Set(html.match(/[\w.-]+-[0-9a-f]{12,16}(?:_bg)?\.[a-z]+/g) || [])].sort();
}

/** A TCP port free right now on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the proxy serving `dist` on `listen`; resolves with its URL once it prints it. */
function startProxy(dist, listen) {
  const child = spawn(PROXY_BIN, ['--listen', listen, '--dist', dist, '--log', 'error', '--rate-limit', '1000000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proxies.add(child);
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

async function stopProxy(child) {
  proxies.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill();
  });
}

/**
 * A second build of the app, as trunk would make it after a change: the
 * same files under new hashed names, index.html pointing at them, and
 * sw.js with that build's precache list and version (by the same script
 * trunk's post_build hook runs). `from` is left untouched.
 */
function secondBuild(from) {
  const dir = tempDir('newsdesk-pwa-build2-');
  cpSync(from, dir, { recursive: true });
  let index = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const name of readdirSync(dir)) {
    const match = name.match(/^(.+-)([0-9a-f]{12,16})((?:_bg)?\.[a-z]+)$/);
    if (!match) continue;
    const renamed = `${match[1]}${[...match[2]].reverse().join('')}${match[3]}`;
    renameSync(join(dir, name), join(dir, renamed));
    index = index.split(name).join(renamed);
  }
  index = index.replace('</body>', '  <!-- second build -->\n  </body>');
  writeFileSync(join(dir, 'index.html'), index);
  writePrecache(dir);
  // And its compressed copies, as scripts/build.sh makes them: the proxy
  // prefers a .br file, so a stale one would hide the new sw.js.
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/precompress.mjs', import.meta.url)), dir], { stdio: 'ignore' });
  return dir;
}

before(() => {
  assert.ok(readFileSync(join(DIST, 'sw.js')), `NEWSDESK_DIST (${DIST}) is a release build with sw.js`);
});

after(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  for (const child of proxies) await stopProxy(child).catch(() => {});
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('Newsdesk as an installable app', () => {
  test('Chromium finds it installable; the manifest and its icons are complete and real', async () => {
    const { context, page, problems } = await openContext();
    await visit(page, `${BASE}/`);
    await page.locator('.item-list > li').first().waitFor();
    await waitForControl(page);

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
    const { errors: manifestErrors } = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifestErrors, [], 'the browser parsed the manifest without complaint');

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const response = await page.request.get(new URL(href, `${BASE}/`).href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /^application\/manifest\+json/);
    const manifest = await response.json();
    for (const [field, value] of Object.entries({
      id: '/',
      name: 'Newsdesk',
      short_name: 'Newsdesk',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: '#14213d',
      background_color: '#fbfaf7',
    })) {
      assert.equal(manifest[field], value, field);
    }
    assert.ok(manifest.description.length > 10, 'description');

    /** Fetches an icon and checks it is a PNG of exactly `size` pixels. */
    const checkIcon = async (src, size) => {
      const icon = await page.request.get(new URL(src, `${BASE}/`).href);
      assert.equal(icon.status(), 200, src);
      assert.equal(icon.headers()['content-type'], 'image/png', src);
      const bytes = await icon.body();
      assert.deepEqual(pngSize(bytes), { width: size, height: size }, src);
      assert.ok(bytes.length < 16 * 1024, `${src} is small (${bytes.length} bytes)`);
    };
    for (const purpose of ['any', 'maskable']) {
      for (const size of [192, 512]) {
        const icon = manifest.icons.find((i) => i.purpose === purpose && i.sizes === `${size}x${size}`);
        assert.ok(icon, `a ${size}px icon for purpose ${purpose}`);
        assert.equal(icon.type, 'image/png');
        await checkIcon(icon.src, size);
      }
    }
    const shortcuts = Object.fromEntries(manifest.shortcuts.map((s) => [s.name, s]));
    assert.equal(shortcuts.Saved?.url, '/saved');
    assert.equal(shortcuts.Latest?.url, '/');
    for (const shortcut of Object.values(shortcuts)) {
      const icon = shortcut.icons.find((i) => i.sizes === '96x96');
      assert.ok(icon, `${shortcut.name} has a 96px icon`);
      await checkIcon(icon.src, 96);
    }
    await checkIcon(await page.locator('link[rel="apple-touch-icon"]').getAttribute('href'), 180);
    assert.equal(await page.locator('meta[name="theme-color"]').getAttribute('content'), '#14213d');

    // The worker and the page glue: unhashed, always revalidated, and the
    // worker allowed to fetch from its own origin (a worker runs under the
    // CSP its script came with).
    for (const file of ['/sw.js', '/pwa.js']) {
      const script = await page.request.get(`${BASE}${file}`);
      assert.equal(script.status(), 200, file);
      assert.match(script.headers()['content-type'], /^text\/javascript/, file);
      assert.equal(script.headers()['cache-control'], 'no-cache', file);
    }
    const sw = await page.request.get(`${BASE}/sw.js`);
    assert.match(sw.headers()['content-security-policy'], /connect-src 'self'/);

    // The precache list is what the build holds (trunk's post_build hook).
    const line = (await sw.text()).match(/^self\.__NEWSDESK_BUILD = (.*);$/m);
    assert.ok(line, 'sw.js carries its build line');
    const build = JSON.parse(line[1]);
    assert.deepEqual(build, buildInfo(DIST), 'sw.js lists exactly the files of the build');
    assert.ok(build.files.includes('index.html') && build.files.includes('manifest.webmanifest'));
    assert.ok(build.files.some((f) => /_bg\.wasm$/.test(f)), 'the wasm is precached');
    const shell = (await cachedUrls(page))[`newsdesk-shell-${build.version}`];
    assert.ok(shell, 'the shell cache is named by the build version');
    // Plus the News Feed page with its first paint ('' is `/`).
    assert.deepEqual(
      shell.map((url) => new URL(url).pathname.slice(1)).sort(),
      [...build.files, ''].sort(),
      'every file of the build, the News Feed page, and nothing else is in the shell cache',
    );
    assert.deepEqual(problems, [], 'no console errors (CSP included)');
    await closeContext(context);
  });

  test('offline: the feed and an article read before still open; one never opened says so', async () => {
    const { context, page } = await openContext();
    await visit(page, `${BASE}/`);
    await page.locator('.item-list > li').first().waitFor();
    await waitForControl(page);
    // The first visit ran before the worker: now it sees every request.
    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();

    const first = page.locator('.item-title a').first();
    const headline = (await first.innerText()).trim();
    await first.click();
    await page.waitForURL(/\/article\//);
    await page.locator('h1.article-title', { hasText: headline }).waitFor();
    const articleUrl = page.url();
    const articleId = articleUrl.split('/').pop();

    // Two stories from further down the feed that this reader never opened;
    // the second is saved for offline through pwa.js.
    const later = (await (await page.request.get(`${BASE}/api/feed?page=3`)).json()).items;
    const [neverOpened, savedStory] = later;
    assert.ok(neverOpened && savedStory && neverOpened.id !== articleId && savedStory.id !== articleId);
    const saved = await page.evaluate((id) => window.newsdeskSaveUrls([`/api/item/${id}`]), savedStory.id);
    assert.equal(saved, true, 'newsdeskSaveUrls resolves true');
    assert.ok(
      (await cachedUrls(page))['newsdesk-saved']?.some((url) => url.endsWith(`/api/item/${savedStory.id}`)),
      'the saved item is in newsdesk-saved',
    );
    await waitForCached(page, 'newsdesk-api', `/api/item/${articleId}`);
    await waitForCached(page, 'newsdesk-api', '/api/feed');

    await context.setOffline(true);
    assert.equal(await page.evaluate(() => navigator.onLine), false);

    await visit(page, `${BASE}/`);
    await page.locator('.item-list > li').first().waitFor();
    assert.ok((await page.locator('.item-list > li').count()) >= 1, 'the feed renders offline');

    await visit(page, articleUrl);
    await page.locator('h1.article-title', { hasText: headline }).waitFor();

    await visit(page, `${BASE}/article/${savedStory.id}`);
    await page.locator('h1.article-title', { hasText: savedStory.title }).waitFor();

    await visit(page, `${BASE}/article/${neverOpened.id}`);
    await page.locator('.error-state').waitFor();
    assert.equal(await page.locator('h1.article-title').count(), 0);

    // Unsaving drops it from the saved cache.
    await context.setOffline(false);
    const unsaved = await page.evaluate((id) => window.newsdeskUnsaveUrls([`/api/item/${id}`]), savedStory.id);
    assert.equal(unsaved, true);
    assert.ok(
      !(await cachedUrls(page))['newsdesk-saved']?.some((url) => url.endsWith(`/api/item/${savedStory.id}`)),
      'unsaved item is gone from newsdesk-saved',
    );
    await closeContext(context);
  });

  test('a new build at the same origin: feed-updated, update-available, apply, new shell, offline still works', async () => {
    assert.ok(PROXY_BIN, 'NEWSDESK_PROXY_BIN names the proxy binary');
    const build1 = DIST;
    const build2 = secondBuild(build1);
    const info1 = buildInfo(build1);
    const info2 = buildInfo(build2);
    assert.notEqual(info1.version, info2.version);
    const index2 = readFileSync(join(build2, 'index.html'), 'utf8');
    assert.notDeepEqual(hashedNames(index2), hashedNames(readFileSync(join(build1, 'index.html'), 'utf8')));

    const listen = `127.0.0.1:${await freePort()}`;
    const first = await startProxy(build1, listen);
    const base = first.url;
    const { context, page, problems } = await openContext();
    await visit(page, `${base}/`);
    await page.locator('.item-list > li').first().waitFor();
    await waitForControl(page);
    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();
    await waitForCached(page, 'newsdesk-api', '/api/feed');
    await page.evaluate(() => {
      window.__updates = 0;
      window.__feedUpdates = [];
      window.addEventListener('newsdesk:update-available', () => {
        window.__updates += 1;
      });
      window.addEventListener('newsdesk:feed-updated', (event) => window.__feedUpdates.push(event.detail.url));
    });

    // The operator deploys build 2: same address, new process.
    await stopProxy(first.child);
    // The demo feed's refresh time has one-second resolution: start the new
    // proxy in a later second, so its feed body really differs.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await startProxy(build2, listen);
    assert.equal(second.url, base);

    // A feed the worker answers from its cache, then finds changed (the new
    // proxy's feed carries its own refresh time): the page hears of it.
    const body = await page.evaluate(() => fetch('/api/feed', { cache: 'no-cache' }).then((r) => r.json()));
    assert.ok(body.items.length > 0, 'the cached feed answered at once');
    await page.waitForFunction(() => window.__feedUpdates.length > 0, null, { timeout: 15_000 });
    assert.ok((await page.evaluate(() => window.__feedUpdates))[0].endsWith('/api/feed'));

    // The browser checks for a new worker: it installs build 2 and waits.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForFunction(() => window.__updates > 0, null, { timeout: SW_CONTROL_TIMEOUT });
    assert.equal(await page.evaluate(() => window.newsdeskUpdateAvailable), true);
    let caches = await cachedUrls(page);
    assert.ok(caches[`newsdesk-shell-${info1.version}`], 'the running build keeps its shell while the new one waits');
    assert.ok(caches[`newsdesk-shell-${info2.version}`], 'the new shell is installed whole');
    // The old page still works meanwhile (its code is loaded; its feed is cached).
    assert.ok((await page.locator('.item-list > li').count()) > 0);

    // The reader accepts the update: the new worker takes over, the page reloads once.
    const reloaded = page.waitForEvent('load', { timeout: SW_CONTROL_TIMEOUT });
    assert.equal(await page.evaluate(() => window.newsdeskApplyUpdate()), true);
    await reloaded;
    await page.locator('.item-list > li').first().waitFor();
    const html = await page.content();
    assert.deepEqual(hashedNames(html), hashedNames(index2), 'the page runs build 2');
    caches = await cachedUrls(page);
    assert.equal(caches[`newsdesk-shell-${info1.version}`], undefined, 'the old shell is gone');
    assert.ok(caches[`newsdesk-shell-${info2.version}`]);
    assert.equal(await page.evaluate(() => window.newsdeskUpdateAvailable), false, 'no update pending after the reload');

    assert.deepEqual(problems, [], 'no console errors while online');

    // And build 2's shell works offline, on any route.
    await context.setOffline(true);
    await revisit(page);
    await page.locator('.item-list > li').first().waitFor();
    assert.deepEqual(hashedNames(await page.content()), hashedNames(index2));
    await visit(page, `${base}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await context.setOffline(false);
    await closeContext(context);
    await stopProxy(second.child);
  });
});

// ---------------------------------------------------------------------------
// The worker's storage rules, which no browser test can reach (a full disk,
// 200 images, a week passing): sw.js run in Node against in-memory caches.

const ORIGIN = 'https://news.example';

/** An in-memory Cache keeping insertion order, like the browser's. */
class MemoryCache {
  constructor(storage, name) {
    this.storage = storage;
    this.name = name;
    this.entries = new Map();
  }
  static key(request) {
    return typeof request === 'string' ? new URL(request, ORIGIN).href : request.url;
  }
  async match(request) {
    const found = this.entries.get(MemoryCache.key(request));
    return found ? found.clone() : undefined;
  }
  async put(request, response) {
    const body = await response.arrayBuffer();
    if (this.storage.full(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const key = MemoryCache.key(request);
    this.entries.delete(key);
    this.entries.set(key, new Response(body, { status: response.status, headers: response.headers }));
  }
  async addAll(requests) {
    const fetched = await Promise.all(requests.map((r) => this.storage.fetch(r)));
    if (fetched.some((r) => !r.ok)) throw new TypeError('addAll: a request failed');
    for (const [i, response] of fetched.entries()) await this.put(requests[i], response);
  }
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async delete(request) {
    return this.entries.delete(MemoryCache.key(request));
  }
}

/**
 * Loads assets/sw.js (with a given build line) into a fresh VM context.
 * `network(url, request)` answers its fetches (throw to be offline);
 * `storage.full(cacheName)` says whether a put into that cache fails.
 */
function loadWorker({
  network,
  build = { version: 'v1', files: ['index.html', 'app-0123456789abcdef.js'] },
  timeScale = 1,
}) {
  const source = readFileSync(new URL('../../assets/sw.js', import.meta.url), 'utf8').replace(
    /^self\.__NEWSDESK_BUILD = .*;$/m,
    `self.__NEWSDESK_BUILD = ${JSON.stringify(build)};`,
  );
  const listeners = {};
  const posted = [];
  const stores = new Map();
  const storage = {
    full: () => false,
    fetch: async (input) => {
      // A Request, a navigation's stand-in (see `navigate`), or a URL.
      const request = typeof input === 'object' && 'url' in input ? input : new Request(new URL(input, ORIGIN));
      return network(request.url, request);
    },
  };
  const caches = {
    open: async (name) => {
      if (!stores.has(name)) stores.set(name, new MemoryCache(storage, name));
      return stores.get(name);
    },
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
  };
  const self = {
    registration: { scope: `${ORIGIN}/`, navigationPreload: null },
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type, listener) => {
      listeners[type] = listener;
    },
    skipWaiting: () => {
      self.skippedWaiting = true;
      return Promise.resolve();
    },
    // Messages are copied out of the VM's realm (as postMessage would).
    clients: { matchAll: async () => [{ postMessage: (m) => posted.push(plain(m)) }], claim: async () => {} },
  };
  const context = vm.createContext({
    self,
    caches,
    fetch: storage.fetch,
    Request,
    Response,
    Headers,
    URL,
    DOMException,
    setTimeout: (fn, ms) => setTimeout(fn, ms * timeScale),
    clearTimeout,
    console,
  });
  vm.runInContext(source, context, { filename: 'sw.js' });
  // The worker's clock, for tests that let a week pass.
  const clock = { offset: 0 };
  context.__clock = clock;
  vm.runInContext('{ const now = Date.now; Date.now = () => now() + __clock.offset; }', context);

  /** Dispatches an extendable event; resolves when all its work is done. */
  async function dispatch(type, event) {
    const pending = [];
    event.waitUntil = (p) => pending.push(Promise.resolve(p));
    let responded;
    event.respondWith = (p) => {
      responded = Promise.resolve(p);
    };
    listeners[type](event);
    const response = responded ? await responded : undefined;
    for (let settled = 0; settled < pending.length; ) {
      const batch = pending.slice(settled);
      settled = pending.length;
      await Promise.allSettled(batch);
    }
    return { responded: Boolean(responded), response };
  }
  const get = (path, init = {}) =>
    dispatch('fetch', { request: new Request(new URL(path, ORIGIN), init), preloadResponse: Promise.resolve() });
  /** A navigation (Node's Request cannot be built with mode 'navigate'). */
  const navigate = (path) => {
    const url = new URL(path, ORIGIN).href;
    const request = { url, method: 'GET', mode: 'navigate', destination: 'document', headers: new Headers() };
    return dispatch('fetch', { request, preloadResponse: Promise.resolve() });
  };
  const entries = async (name) => (stores.has(name) ? [...stores.get(name).entries.keys()] : []);
  return { context, self, stores, storage, posted, dispatch, get, navigate, entries, caches, clock };
}

/** A structured copy (objects from the VM's realm have other prototypes). */
const plain = (value) => JSON.parse(JSON.stringify(value));

const image = (bytes = 'png') => new Response(bytes, { status: 200, headers: { 'content-type': 'image/png' } });
const json = (body) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const offline = () => {
  throw new TypeError('Failed to fetch');
};

describe("the service worker's storage rules (sw.js in Node, caches in memory)", () => {
  test('a full disk: old images go first, then old feeds, never saved stories or the shell; then storage-full', async () => {
    const sw = loadWorker({ network: () => image() });
    const put = (name, path, response) => sw.context.safePut(name, `${ORIGIN}${path}`, response);
    for (let i = 0; i < 4; i += 1) await put('newsdesk-images', `/api/media?n=${i}`, image());
    for (let i = 0; i < 4; i += 1) await put('newsdesk-api', `/api/feed?page=${i}`, json({ i }));
    await put('newsdesk-saved', '/api/item/kept', json({ kept: true }));
    await put('newsdesk-shell-v1', '/index.html', new Response('<html>'));

    // Full once: the oldest half of the images goes, the retry succeeds.
    let failures = 1;
    sw.storage.full = () => failures-- > 0;
    assert.equal(await put('newsdesk-images', '/api/media?n=new', image()), true);
    assert.deepEqual(
      (await sw.entries('newsdesk-images')).map((u) => new URL(u).search),
      ['?n=2', '?n=3', '?n=new'],
    );
    assert.equal((await sw.entries('newsdesk-api')).length, 4, 'feeds untouched while images could go');
    assert.deepEqual(sw.posted, []);

    // No images left to drop: the oldest feeds go instead.
    sw.stores.get('newsdesk-images').entries.clear();
    failures = 1;
    assert.equal(await put('newsdesk-api', '/api/feed?page=new', json({})), true);
    assert.deepEqual(
      (await sw.entries('newsdesk-api')).map((u) => new URL(u).search),
      ['?page=2', '?page=3', '?page=new'],
    );

    // Still full after that: the pages hear storage-full, nothing throws.
    sw.storage.full = () => true;
    assert.equal(await put('newsdesk-images', '/api/media?n=more', image()), false);
    assert.deepEqual(sw.posted, [{ type: 'storage-full' }]);
    assert.equal((await sw.entries('newsdesk-saved')).length, 1, 'saved stories are never evicted');
    assert.equal((await sw.entries('newsdesk-shell-v1')).length, 1, 'the shell is never evicted');
  });

  test('images: at most 200 (oldest out), kept a week, a stale copy only offline; byte ranges never touched', async () => {
    let up = true;
    let served = 0;
    const sw = loadWorker({
      network: () => {
        if (!up) offline();
        served += 1;
        return image(`v${served}`);
      },
    });
    const day = 24 * 3600 * 1000;
    for (let i = 0; i < 205; i += 1) await sw.get(`/api/media?n=${i}`);
    const kept = await sw.entries('newsdesk-images');
    assert.equal(kept.length, 200);
    assert.ok(kept[0].endsWith('?n=5') && kept[199].endsWith('?n=204'), 'the five oldest went');

    // Within the week: from the cache, no network.
    const before = served;
    sw.clock.offset += 6 * day;
    assert.equal(await (await sw.get('/api/media?n=10')).response.text(), 'v11');
    assert.equal(served, before);
    // After it: fetched again; offline, the old copy still beats nothing.
    sw.clock.offset += 2 * day;
    up = false;
    assert.equal(await (await sw.get('/api/media?n=11')).response.text(), 'v12');
    up = true;
    assert.equal(await (await sw.get('/api/media?n=11')).response.text(), `v${before + 1}`);

    // A non-image answer or an error is passed on, never kept.
    const error = loadWorker({ network: () => new Response('nope', { status: 404 }) });
    assert.equal((await error.get('/api/media?n=1')).response.status, 404);
    assert.deepEqual(await error.entries('newsdesk-images'), []);

    // Video byte ranges go to the network untouched.
    const range = await sw.get('/demo/assets/clip.mp4', { headers: { range: 'bytes=0-' } });
    assert.equal(range.responded, false);
  });

  test('feeds: stale-while-revalidate, feed-updated only when the body changed, non-200s never kept', async () => {
    let body = { items: [1] };
    let status = 200;
    let up = true;
    const sw = loadWorker({
      network: () => {
        if (!up) offline();
        return status === 200 ? json(body) : new Response('{}', { status });
      },
    });
    assert.deepEqual(await (await sw.get('/api/feed')).response.json(), { items: [1] });
    assert.deepEqual(sw.posted, [], 'a first answer is no update');
    await sw.get('/api/feed');
    assert.deepEqual(sw.posted, [], 'the same body again is no update');

    body = { items: [2, 1] };
    const stale = await (await sw.get('/api/feed')).response.json();
    assert.deepEqual(stale, { items: [1] }, 'the cached copy answers at once');
    assert.deepEqual(sw.posted, [{ type: 'feed-updated', url: `${ORIGIN}/api/feed` }]);
    assert.deepEqual(await (await sw.get('/api/feed')).response.json(), { items: [2, 1] }, 'then the fresh one');

    status = 500;
    assert.equal((await sw.get('/api/feed?page=9')).response.status, 500);
    assert.ok(!(await sw.entries('newsdesk-api')).some((u) => u.endsWith('page=9')), 'a 500 is not kept');

    up = false;
    await assert.rejects(sw.get('/api/item/never-seen'), 'nothing cached and no network: the fetch fails');
    assert.deepEqual(await (await sw.get('/api/feed')).response.json(), { items: [2, 1] });
  });

  test('messages: save-urls and unsave-urls answer on the port; saved copies win; skip-waiting only when asked', async () => {
    let up = true;
    const sw = loadWorker({
      network: (url) => {
        if (!up) offline();
        return url.includes('/api/item/') ? json({ url }) : image(url);
      },
    });
    const message = async (data) => {
      const replies = [];
      await sw.dispatch('message', { data, ports: [{ postMessage: (m) => replies.push(plain(m)) }] });
      return replies;
    };

    await sw.dispatch('install', {});
    assert.equal(sw.self.skippedWaiting, undefined, 'install does not skip waiting by itself');
    assert.deepEqual(await sw.entries('newsdesk-shell-v1'), [`${ORIGIN}/index.html`, `${ORIGIN}/app-0123456789abcdef.js`]);

    const urls = ['/api/item/a', '/api/media?url=x&sig=y'];
    assert.deepEqual(await message({ type: 'save-urls', urls }), [{ type: 'saved-urls', ok: true }]);
    assert.equal((await sw.entries('newsdesk-saved')).length, 2);
    assert.deepEqual(await message({ type: 'save-urls', urls: ['https://elsewhere.example/x'] }), [
      { type: 'saved-urls', ok: false },
    ]);

    up = false;
    assert.deepEqual(await (await sw.get('/api/item/a')).response.json(), { url: `${ORIGIN}/api/item/a` });
    assert.equal(await (await sw.get('/api/media?url=x&sig=y')).response.text(), `${ORIGIN}/api/media?url=x&sig=y`);
    // Offline, a story already in the feed cache can still be saved.
    up = true;
    await sw.get('/api/item/b');
    up = false;
    assert.deepEqual(await message({ type: 'save-urls', urls: ['/api/item/b'] }), [{ type: 'saved-urls', ok: true }]);
    assert.deepEqual(await message({ type: 'save-urls', urls: ['/api/item/never'] }), [{ type: 'saved-urls', ok: false }]);

    assert.deepEqual(await message({ type: 'unsave-urls', urls }), [{ type: 'unsaved-urls', ok: true }]);
    assert.deepEqual(await sw.entries('newsdesk-saved'), [`${ORIGIN}/api/item/b`]);

    await message({ type: 'skip-waiting' });
    assert.equal(sw.self.skippedWaiting, true);
  });

  test('navigations: the network first; after 3 s, offline or on a 5xx, the shell’s own index.html', async () => {
    let mode = 'up';
    const sw = loadWorker({
      timeScale: 0.01, // 3 s become 30 ms
      network: (url) => {
        if (url.endsWith('/index.html')) return new Response('shell index', { status: 200 });
        if (mode === 'down') offline();
        if (mode === 'hang') return new Promise(() => {});
        if (mode === 'error') return new Response('bad gateway', { status: 502 });
        return new Response(`network ${new URL(url).pathname}`, { status: 200 });
      },
    });
    await sw.dispatch('install', {});
    const text = async (path) => (await sw.navigate(path)).response.text();
    assert.equal(await text('/article/x'), 'network /article/x');
    for (mode of ['down', 'hang', 'error']) {
      assert.equal(await text('/article/x'), 'shell index', mode);
      assert.equal(await text('/'), 'shell index', mode);
    }
    // Not pages: the API, demo media, files with an extension.
    for (const path of ['/api/feed', '/demo/assets/a.jpg', '/healthz', '/report.pdf']) {
      assert.equal((await sw.navigate(path)).responded, false, path);
    }
  });

  test('the News Feed page with its first paint is kept for offline starts, only if it is of this build', async () => {
    let mode = 'up';
    let front = '<div id="first-paint">news of monday</div><script type="module">import init from "/app-0123456789abcdef.js";</script>';
    const html = (body) => new Response(body, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'" } });
    const sw = loadWorker({
      network: (url) => {
        const path = new URL(url).pathname;
        if (path === '/index.html') return html('<script type="module">import init from "/app-0123456789abcdef.js";</script>');
        if (path === '/app-0123456789abcdef.js') return new Response('js', { status: 200 });
        if (mode === 'down') offline();
        return path === '/' ? html(front) : html(`network ${path}`);
      },
    });
    await sw.dispatch('install', {});
    const text = async (path) => (await sw.navigate(path)).response.text();
    mode = 'down';
    assert.match(await text('/'), /news of monday/, 'installed with the first paint of its day');
    assert.match(await text('/article/x'), /^<script/, 'other pages: the plain index.html');

    mode = 'up';
    front = front.replace('monday', 'tuesday');
    assert.match(await text('/'), /tuesday/);
    mode = 'down';
    const kept = (await sw.navigate('/')).response;
    assert.match(await kept.text(), /news of tuesday/, 'each visit online keeps the newest');
    assert.equal(kept.headers.get('content-security-policy'), "default-src 'self'", 'with its own policy');

    // A page of another build (a deploy between two requests) is not kept.
    mode = 'up';
    front = '<div id="first-paint">news of wednesday</div><script type="module">import init from "/app-fedcba9876543210.js";</script>';
    assert.match(await text('/'), /wednesday/);
    mode = 'down';
    assert.match(await text('/'), /news of tuesday/);
  });

  test('install is all or nothing and refuses an index.html of another build; activate drops old shells only', async () => {
    const build = { version: 'v2', files: ['index.html', 'app-0123456789abcdef.js'] };
    let index = '<script type="module">import init from "/app-fedcba9876543210.js";</script>';
    const sw = loadWorker({
      build,
      network: (url) => new Response(url.endsWith('index.html') ? index : 'js', { status: 200 }),
    });
    await sw.caches.open('newsdesk-shell-v1');
    await sw.caches.open('newsdesk-api');
    await sw.caches.open('newsdesk-saved');
    const failed = sw.dispatch('install', {});
    await failed;
    assert.equal(sw.stores.has('newsdesk-shell-v2'), false, 'a mismatched index.html leaves no shell behind');

    index = '<script type="module">import init from "/app-0123456789abcdef.js";</script>';
    await sw.dispatch('install', {});
    assert.equal((await sw.entries('newsdesk-shell-v2')).length, 2);
    await sw.dispatch('activate', {});
    assert.deepEqual([...sw.stores.keys()].sort(), ['newsdesk-api', 'newsdesk-saved', 'newsdesk-shell-v2']);
  });
});
