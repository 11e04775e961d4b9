// Newsdesk service worker: the app shell offline, feeds and images cached,
// saved stories kept. Plain JavaScript, no build step: the one line below
// is rewritten by scripts/sw-precache.mjs (trunk's post_build hook) with the
// files trunk actually produced and a version computed from their contents.
//
// Caches:
//   newsdesk-shell-<version>  the build's files, installed whole (addAll) per
//                             version; index.html always comes from the same
//                             cache as the assets it names. Other versions
//                             are deleted when this one activates.
//   newsdesk-api              /api/* GET answers (stale-while-revalidate).
//   newsdesk-images           images, 7 days, at most 200 (oldest out first).
//   newsdesk-saved            what the reader saved: never evicted.
//
// Messages it sends to pages: {type: 'feed-updated', url}, {type: 'storage-full'}.
// Messages it takes (see assets/pwa.js): {type: 'skip-waiting'},
// {type: 'save-urls', urls}, {type: 'unsave-urls', urls}; the last two answer
// {type: 'saved-urls' | 'unsaved-urls', ok} on event.ports[0] (or to the sender).
'use strict';

self.__NEWSDESK_BUILD = {"version":"dev","files":[]};

const BUILD = self.__NEWSDESK_BUILD;
const SCOPE = self.registration.scope;
const SHELL_PREFIX = 'newsdesk-shell-';
const SHELL = SHELL_PREFIX + BUILD.version;
const API = 'newsdesk-api';
const IMAGES = 'newsdesk-images';
const SAVED = 'newsdesk-saved';

/** How long a navigation waits for the network before the cached shell answers. */
const NAVIGATION_TIMEOUT_MS = 3000;
/** Same for config.json (an operator may edit it after the build). */
const CONFIG_TIMEOUT_MS = 3000;
const IMAGE_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const IMAGE_MAX_ENTRIES = 200;
/** Feeds and items are small; this only keeps the cache from growing forever. */
const API_MAX_ENTRIES = 300;
/** Header added to cached images: when they were stored (ms since the epoch). */
const STORED_AT = 'x-newsdesk-stored-at';

const shellUrl = (file) => new URL(file, SCOPE).href;
const SHELL_URLS = new Set(BUILD.files.map(shellUrl));
const INDEX_URL = shellUrl('index.html');
/** The News Feed, kept with its first paint (the news as plain HTML) from the last visit online. */
const FRONT_URL = shellUrl('');
const CONFIG_URL = shellUrl('config.json');

/** Trunk's content hash in a name: `newsdesk-0123456789abcdef_bg.wasm`, `snippets/x-0123456789abcdef/a.js`. */
const HASHED = /-[0-9a-f]{12,16}(?:_bg)?(?:\.[^/]*$|\/)/; // trunk drops leading zeros
const isHashed = (pathname) => HASHED.test(pathname);

// ---------------------------------------------------------------- lifecycle

self.addEventListener('install', (event) => {
  // No skipWaiting here: a new build waits until the reader says "update"
  // (pwa.js sends skip-waiting) or every tab of the old one is closed.
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL).map((name) => caches.delete(name)),
      );
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable().catch(() => {});
      }
      await self.clients.claim();
    })(),
  );
});

/**
 * Installs this version's shell: every file or none (cache.addAll), then
 * checks that the index.html it got names only assets it also got (a deploy
 * landing between two requests would otherwise pair an index with the wrong
 * build). A failed install is retried by the browser at the next update check.
 */
async function precache() {
  if (BUILD.files.length === 0) return; // an unprocessed sw.js (no post_build hook ran)
  const requests = BUILD.files.map(
    (file) => new Request(shellUrl(file), { cache: isHashed(new URL(shellUrl(file)).pathname) ? 'default' : 'no-cache' }),
  );
  const cache = await caches.open(SHELL);
  try {
    await cache.addAll(requests);
  } catch (error) {
    await caches.delete(SHELL); // nothing half-installed stays behind
    throw error;
  }
  const index = await cache.match(INDEX_URL);
  const missing = index ? assetsNamedBy(await index.text()).filter((url) => !SHELL_URLS.has(url)) : [];
  if (!index || missing.length > 0) {
    await caches.delete(SHELL);
    throw new Error(`index.html of another build (names ${missing.join(', ')}); not installing`);
  }
  // The News Feed with its first paint, for a first start offline; the
  // plain index.html does without it.
  try {
    await keepFront(await fetch(FRONT_URL, { cache: 'no-cache' }));
  } catch {
    // offline or refused: the next visit online keeps it
  }
}

/**
 * Keeps `response`, the News Feed page with its first paint, in this
 * version's shell cache, if it is of this build (names only its assets).
 */
async function keepFront(response) {
  if (!response.ok || !(response.headers.get('content-type') || '').startsWith('text/html')) return;
  const html = await response.text();
  if (assetsNamedBy(html).some((url) => !SHELL_URLS.has(url))) return;
  const cache = await caches.open(SHELL);
  // Its own headers (CSP first), less those of the bytes on the wire.
  const headers = new Headers(response.headers);
  for (const name of ['content-encoding', 'content-length', 'etag']) headers.delete(name);
  await cache.put(FRONT_URL, new Response(html, { headers }));
}

/** The hashed same-origin files an index.html loads. */
function assetsNamedBy(html) {
  const found = new Set();
  const reference = /(?:\b(?:href|src)\s*=\s*|\bmodule_or_path\s*:\s*|\bfrom\s+|\bimport\s*\(\s*)["']([^"']+)["']/g;
  for (const match of html.matchAll(reference)) {
    const url = new URL(match[1], INDEX_URL);
    if (url.origin === self.location.origin && isHashed(url.pathname)) found.add(url.href);
  }
  return [...found];
}

// ---------------------------------------------------------------- requests

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  // Only our own origin: this worker may connect nowhere else (its CSP).
  if (url.origin !== self.location.origin) return;
  // Byte ranges (video) go to the network untouched: a 206 is never cached.
  if (request.headers.has('range')) return;

  if (request.mode === 'navigate') {
    if (looksLikePage(url)) event.respondWith(navigate(event));
    return;
  }
  if (isHashed(url.pathname)) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (url.href === CONFIG_URL && SHELL_URLS.has(CONFIG_URL)) {
    event.respondWith(networkFirst(request, CONFIG_TIMEOUT_MS));
    return;
  }
  if (SHELL_URLS.has(url.href) && url.href !== INDEX_URL) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (isImage(request, url)) {
    event.respondWith(imageFirst(event, url));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    event.respondWith(staleWhileRevalidate(event, url));
  }
});

/** A route of the single-page app (`/`, `/article/x`), not a file or the API. */
function looksLikePage(url) {
  const path = url.pathname;
  if (path.startsWith('/api/') || path.startsWith('/demo/') || path === '/healthz') return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.') || last === 'index.html';
}

function isImage(request, url) {
  if (request.destination === 'image') return true;
  if (url.pathname === '/api/media') return true;
  return url.pathname.startsWith('/demo/assets/') && /\.(?:png|jpe?g|gif|webp|avif|svg)$/i.test(url.pathname);
}

/**
 * The current shell's answer to a navigation: for the News Feed (`front`),
 * its page with the first paint kept by keepFront, if any; else index.html
 * (any route: it is a single-page app).
 */
async function shellPage(front) {
  const cache = await caches.open(SHELL);
  return (front && (await cache.match(FRONT_URL))) || cache.match(INDEX_URL);
}

/**
 * Network first, so a reader online always gets the deployed build; after
 * NAVIGATION_TIMEOUT_MS, or offline, or on a server error, the page of this
 * worker's shell (shellPage), whose assets are all in the same cache.
 */
async function navigate(event) {
  const network = (async () => (await event.preloadResponse) || fetch(event.request))();
  network.catch(() => {}); // awaited below when it matters
  let response;
  try {
    response = await Promise.race([network, delay(NAVIGATION_TIMEOUT_MS)]);
  } catch {
    response = undefined;
  }
  const front = new URL(event.request.url).pathname === new URL(FRONT_URL).pathname;
  if (response && response.status < 500) {
    if (front && response.status === 200) event.waitUntil(keepFront(response.clone()).catch(() => {}));
    return response;
  }
  const cached = await shellPage(front);
  if (cached) return cached;
  // No shell installed yet: the network is all there is, however slow.
  return response || network;
}

async function shellFirst(request) {
  const cache = await caches.open(SHELL);
  return (await cache.match(request)) || fetch(request);
}

async function networkFirst(request, timeoutMs) {
  const network = fetch(request);
  network.catch(() => {});
  try {
    const response = await Promise.race([network, delay(timeoutMs)]);
    if (response && response.ok) return response;
  } catch {
    // offline: the cached copy below
  }
  const cache = await caches.open(SHELL);
  return (await cache.match(request)) || network;
}

/**
 * Feeds, items, sources: the cached answer at once when there is one, and a
 * fresh one fetched behind it; if that differs, pages hear `feed-updated`.
 * Nothing cached and no network: the fetch fails and the app says so.
 * A saved item (newsdesk-saved) comes before the ordinary cache.
 */
async function staleWhileRevalidate(event, url) {
  const request = event.request;
  const isItem = url.pathname.startsWith('/api/item/');
  const saved = isItem ? await matchIn(SAVED, request) : undefined;
  const cached = saved || (await matchIn(API, request));
  const previous = cached ? cached.clone() : undefined;

  const revalidate = fetch(request).then((fresh) => {
    if (fresh.status === 200) {
      // Copies taken now, before the page reads the body; stored behind
      // the answer, not before it.
      const forApi = fresh.clone();
      const forSaved = saved ? fresh.clone() : undefined;
      const forCompare = previous ? fresh.clone() : undefined;
      const stored = (async () => {
        const updates = [safePut(API, request, forApi).then(() => trim(API, API_MAX_ENTRIES))];
        if (forSaved) updates.push(safePut(SAVED, request.url, forSaved));
        const changed = forCompare ? differ(previous, forCompare) : Promise.resolve(false);
        const [isChanged] = await Promise.all([changed, ...updates]);
        if (isChanged) await broadcast({ type: 'feed-updated', url: request.url });
      })();
      event.waitUntil(stored.catch(() => {}));
    }
    return fresh;
  });

  if (cached) {
    event.waitUntil(revalidate.catch(() => {}));
    return cached;
  }
  return revalidate;
}

/** True when two responses carry different bodies. */
async function differ(a, b) {
  const [x, y] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()]);
  if (x.byteLength !== y.byteLength) return true;
  const p = new Uint8Array(x);
  const q = new Uint8Array(y);
  for (let i = 0; i < p.length; i += 1) if (p[i] !== q[i]) return true;
  return false;
}

/**
 * Images: the saved copy, else a cached one younger than 7 days, else the
 * network (and keep it); offline, even an older cached copy beats nothing.
 */
async function imageFirst(event, url) {
  const request = event.request;
  const saved = await matchIn(SAVED, request);
  if (saved) return saved;
  const cached = await matchIn(IMAGES, request);
  if (cached && !expired(cached)) return cached;
  let fresh;
  try {
    fresh = await fetch(request);
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
  const type = fresh.headers.get('content-type') || '';
  // (An opaque answer has status 0: only our own, readable images are kept.)
  if (fresh.status === 200 && type.startsWith('image/')) {
    event.waitUntil(storeImage(url.href, fresh.clone()).catch(() => {}));
  }
  return fresh;
}

function expired(response) {
  const stored = Number(response.headers.get(STORED_AT));
  return !Number.isFinite(stored) || Date.now() - stored > IMAGE_MAX_AGE_MS;
}

async function storeImage(key, response) {
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  const stamped = new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
  if (await safePut(IMAGES, key, stamped)) await trim(IMAGES, IMAGE_MAX_ENTRIES);
}

// ---------------------------------------------------------------- storage

async function matchIn(cacheName, request) {
  const cache = await caches.open(cacheName);
  return cache.match(request, { ignoreVary: cacheName === SAVED });
}

/** Deletes the oldest entries (a cache keeps insertion order) beyond `max`. */
async function trim(cacheName, max) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - max)).map((key) => cache.delete(key)));
}

/** Deletes the oldest half of a cache; resolves with how many went. */
async function evictOldest(cacheName) {
  const cache = await caches.open(cacheName);
  const keys = await cache.keys();
  const victims = keys.slice(0, Math.ceil(keys.length / 2));
  await Promise.all(victims.map((key) => cache.delete(key)));
  return victims.length;
}

const isQuotaError = (error) => Boolean(error) && (error.name === 'QuotaExceededError' || error.code === 22);

/**
 * cache.put that survives a full disk: on QuotaExceededError, the oldest
 * images go (then, if there were none, the oldest feeds; never saved
 * stories, never the shell) and it tries once more. Still full: pages hear
 * `storage-full` and it resolves false.
 */
async function safePut(cacheName, request, response) {
  const cache = await caches.open(cacheName);
  const spare = response.clone();
  try {
    await cache.put(request, response);
    return true;
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
  if ((await evictOldest(IMAGES)) === 0) await evictOldest(API);
  try {
    await cache.put(request, spare);
    return true;
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    await broadcast({ type: 'storage-full' });
    return false;
  }
}

// ---------------------------------------------------------------- messages

self.addEventListener('message', (event) => {
  const data = event.data || {};
  switch (data.type) {
    case 'skip-waiting':
      self.skipWaiting();
      break;
    case 'save-urls':
      event.waitUntil(saveUrls(data.urls).then((ok) => reply(event, { type: 'saved-urls', ok })));
      break;
    case 'unsave-urls':
      event.waitUntil(unsaveUrls(data.urls).then((ok) => reply(event, { type: 'unsaved-urls', ok })));
      break;
    default:
      break;
  }
});

function reply(event, message) {
  if (event.ports && event.ports[0]) event.ports[0].postMessage(message);
  else if (event.source) event.source.postMessage(message);
}

/** Same-origin URLs only (this worker may fetch nothing else). */
function ownUrl(raw) {
  try {
    const url = new URL(String(raw), SCOPE);
    return url.origin === self.location.origin ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps each URL in newsdesk-saved: fetched afresh, or, offline, the copy
 * already cached (a story read before can be saved on the metro).
 * Resolves true only if every URL was kept.
 */
async function saveUrls(urls) {
  if (!Array.isArray(urls)) return false;
  const results = await Promise.all(
    urls.map(async (raw) => {
      const url = ownUrl(raw);
      if (!url) return false;
      try {
        let response;
        try {
          response = await fetch(url.href);
        } catch {
          response = undefined;
        }
        if (!response || response.status !== 200) {
          response = (await matchIn(SAVED, url.href)) || (await matchIn(API, url.href)) || (await matchIn(IMAGES, url.href));
        }
        if (!response || response.status !== 200) return false;
        return await safePut(SAVED, url.href, response);
      } catch {
        return false;
      }
    }),
  );
  return results.every(Boolean);
}

async function unsaveUrls(urls) {
  if (!Array.isArray(urls)) return false;
  const cache = await caches.open(SAVED);
  await Promise.all(
    urls.map((raw) => {
      const url = ownUrl(raw);
      return url ? cache.delete(url.href, { ignoreVary: true }) : false;
    }),
  );
  return true;
}

async function broadcast(message) {
  const clients = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of clients) client.postMessage(message);
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
