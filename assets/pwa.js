// Newsdesk as an installable, offline-first app: registers the service
// worker (/sw.js) and bridges it to the app. A file, not an inline script:
// the page's Content-Security-Policy allows inline scripts only by hash.
//
// The contract with the Rust app (src/state/pwa.rs), all on `window`:
//
// Events (window.addEventListener):
//   'newsdesk:update-available'  a new version is installed and waiting; also
//                                fired at load when one already waits. Since
//                                it may fire before the app mounts,
//                                `window.newsdeskUpdateAvailable` is true from
//                                then on: check it once at start.
//   'newsdesk:feed-updated'      detail: {url}. The worker answered `url` (an
//                                absolute URL, e.g. http://host/api/feed?page=2)
//                                from its cache and the network has since
//                                given a different body: fetch it again to show it.
//   'newsdesk:storage-full'      the browser would not store more, even after
//                                dropping old images and feeds.
//
// Functions:
//   newsdeskApplyUpdate()        activates the waiting version; the page
//                                reloads once, when the new worker controls it.
//                                Returns a Promise<boolean>: false if none waits.
//   newsdeskSaveUrls(urls)       -> Promise<boolean>: keeps these same-origin
//                                URLs (a story's /api/item/{id}, its images) in
//                                the never-evicted cache; true if every one
//                                was kept, false without a worker.
//   newsdeskUnsaveUrls(urls)     -> Promise<boolean>: drops them again.
// All are defined even where service workers are not supported (they then
// resolve false), so the app never needs to check for them.
(() => {
  'use strict';

  const EVENT_PREFIX = 'newsdesk:';
  const PERSIST_ASKED = 'newsdesk:persist-asked';
  /** A reply from the worker later than this counts as a failure. */
  const REPLY_TIMEOUT_MS = 30000;

  const emit = (name, detail) => window.dispatchEvent(new CustomEvent(EVENT_PREFIX + name, { detail }));
  window.newsdeskUpdateAvailable = false;

  if (!('serviceWorker' in navigator)) {
    const no = () => Promise.resolve(false);
    window.newsdeskApplyUpdate = no;
    window.newsdeskSaveUrls = no;
    window.newsdeskUnsaveUrls = no;
    return;
  }

  const container = navigator.serviceWorker;
  let waiting = null;
  let updateRequested = false;
  let reloading = false;
  const announced = new WeakSet();

  function announce(worker) {
    waiting = worker;
    if (announced.has(worker)) return;
    announced.add(worker);
    window.newsdeskUpdateAvailable = true;
    emit('update-available');
  }

  function watch(registration) {
    // A new build that was already waiting (an earlier tab saw it install).
    if (registration.waiting && registration.active) announce(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        // The first install activates at once: only a worker that waits
        // behind another one is an update.
        if (worker.state === 'installed' && (container.controller || registration.active)) announce(worker);
      });
    });
  }

  window.newsdeskApplyUpdate = async () => {
    const registration = await container.getRegistration();
    const worker = (registration && registration.waiting) || waiting;
    if (!worker) return false;
    updateRequested = true;
    worker.postMessage({ type: 'skip-waiting' });
    return true;
  };

  // Reload once, and only for an update this page asked for: the first
  // install also changes the controller (clients.claim), and another tab's
  // update must not pull the page from under its reader.
  container.addEventListener('controllerchange', () => {
    if (!updateRequested || reloading) return;
    reloading = true;
    window.location.reload();
  });

  container.addEventListener('message', (event) => {
    const data = event.data || {};
    if (data.type === 'feed-updated') emit('feed-updated', { url: data.url });
    else if (data.type === 'storage-full') emit('storage-full', {});
  });
  // Messages sent before the page was ready wait in a queue until this.
  container.startMessages();

  /** Sends `message` to the active worker; resolves with its reply's `ok`. */
  async function ask(message) {
    const registration = await container.getRegistration().catch(() => undefined);
    const worker = container.controller || (registration && registration.active);
    if (!worker) return false;
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      const timer = setTimeout(() => resolve(false), REPLY_TIMEOUT_MS);
      channel.port1.onmessage = (event) => {
        clearTimeout(timer);
        resolve(Boolean(event.data && event.data.ok));
      };
      worker.postMessage(message, [channel.port2]);
    });
  }
  const urlList = (urls) => Array.from(urls || [], String);
  window.newsdeskSaveUrls = (urls) => ask({ type: 'save-urls', urls: urlList(urls) });
  window.newsdeskUnsaveUrls = (urls) => ask({ type: 'unsave-urls', urls: urlList(urls) });

  /** Asks once (per browser profile) that saved stories survive storage pressure. */
  async function persistOnce() {
    try {
      if (!navigator.storage || !navigator.storage.persist) return;
      if (await navigator.storage.persisted()) return;
      if (window.localStorage.getItem(PERSIST_ASKED)) return;
      window.localStorage.setItem(PERSIST_ASKED, '1');
      await navigator.storage.persist();
    } catch {
      // private mode or storage disabled: nothing to keep anyway
    }
  }

  async function start() {
    try {
      const registration = await container.register('/sw.js', { scope: '/' });
      watch(registration);
    } catch (error) {
      console.warn('Newsdesk works online only here: the service worker did not register.', error);
      return;
    }
    persistOnce();
  }

  // After the page's own loading, so the worker's precache does not compete
  // with the first paint for the connection.
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
})();
