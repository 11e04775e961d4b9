// In-page side of the render benchmark, the same file on both pages (the
// app with its bench hooks, and vanilla.js). bench/render/run.mjs calls
// window.benchRun(op, n) and gets the milliseconds from the call until the
// DOM shows the change and style + layout are done (a forced layout), the
// way js-framework-benchmark counts script + layout.
//
// The app changes the DOM in microtasks after a call returns (Leptos
// effects), so the harness waits, microtask by microtask, until a cheap
// check of the expected DOM holds (the last row's id, the last toggled
// row's read mark); vanilla passes that check at once. After the clock
// stops, verify() checks the whole list (not timed).
'use strict';
(() => {
  const root = document.getElementById('bench-root');
  const state = { batch: 0, count: 0, read: new Set() };
  const lastId = () => `b${state.batch}-${state.count - 1}`;
  const list = () => root.querySelector('.item-list');
  const lastRowId = () => list()?.lastElementChild?.firstElementChild?.getAttribute('data-item-id');

  // What each operation changes in the expected state, and the cheap check
  // that the DOM has caught up.
  const ops = {
    create(n) {
      state.batch += 1;
      state.count = n;
      state.read.clear();
      state.ids = Array.from({ length: n }, (_, i) => `b${state.batch}-${i}`);
      return () => lastRowId() === lastId();
    },
    append(n) {
      state.batch += 1;
      for (let i = 0; i < n; i += 1) state.ids.push(`b${state.batch}-${i}`);
      state.count += n;
      return () => lastRowId() === `b${state.batch}-${n - 1}`;
    },
    markEveryTenth() {
      let last = 0;
      for (let i = 0; i < state.count; i += 10) {
        const id = state.ids[i];
        if (state.read.has(id)) state.read.delete(id);
        else state.read.add(id);
        last = i;
      }
      const id = state.ids[last];
      const want = state.read.has(id);
      return () => {
        const article = list()?.children[last]?.firstElementChild;
        return !!article && markShown(article) === want;
      };
    },
    clear() {
      state.count = 0;
      state.ids = [];
      state.read.clear();
      return () => !list();
    },
  };
  ops.replace = ops.create;
  ops.remount = ops.create;

  let api = null;
  const ready = new Promise((resolve) => {
    const check = () => {
      if (document.body.dataset.side === 'app' && !window.newsdeskBench && window.wasmBindings?.newsdeskBenchInstall) {
        window.wasmBindings.newsdeskBenchInstall(root);
      }
      if (window.newsdeskBench) {
        api = window.newsdeskBench;
        resolve();
        return true;
      }
      return false;
    };
    if (!check()) {
      addEventListener('TrunkApplicationStarted', check);
      addEventListener('newsdesk-bench-ready', check);
      const poll = setInterval(() => check() && clearInterval(poll), 20);
    }
  });

  /** Runs one operation; resolves the milliseconds it took (see above). */
  window.benchRun = async (op, n) => {
    await ready;
    const caughtUp = ops[op](n);
    const t0 = performance.now();
    api[op](n);
    let spins = 0;
    while (!caughtUp()) {
      spins += 1;
      if (spins < 10000) await null;
      else if (spins < 10100) await new Promise((r) => setTimeout(r, 1));
      else throw new Error(`${op}(${n}): the DOM never showed the change`);
    }
    void document.body.offsetHeight; // style + layout
    const ms = performance.now() - t0;
    return { ms, spins };
  };

  window.benchReady = () => ready.then(() => true);

  /** Whether a row shows as read: its class, and its "Read" mark on screen. */
  function markShown(article) {
    const mark = article.querySelector('.read-mark');
    const shown = !!mark && mark.checkVisibility();
    return article.classList.contains('is-read') && shown ? true : !article.classList.contains('is-read') && !shown ? false : null;
  }

  /** The whole list against the expected state (not timed). */
  window.benchVerify = () => {
    const rows = list() ? [...list().children] : [];
    const problems = [];
    if (rows.length !== state.count) problems.push(`${rows.length} rows, expected ${state.count}`);
    rows.forEach((li, i) => {
      const article = li.firstElementChild;
      const id = article?.getAttribute('data-item-id');
      if (id !== state.ids[i]) problems.push(`row ${i} is ${id}, expected ${state.ids[i]}`);
      const read = state.read.has(id);
      if (markShown(article) !== read) {
        problems.push(`row ${i} read mark wrong`);
      }
    });
    return problems.slice(0, 5);
  };

  /** One row's markup, canonical: attributes sorted, comments (Leptos' markers) left out. */
  window.benchRowMarkup = (i) => {
    const canonical = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.data;
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const tag = node.localName;
      const attrs = [...node.attributes].map((a) => ` ${a.name}="${a.value}"`).sort().join('');
      return `<${tag}${attrs}>${[...node.childNodes].map(canonical).join('')}</${tag}>`;
    };
    const li = list()?.children[i];
    return li ? canonical(li) : null;
  };

  /** Wasm linear memory of the app (0 on the vanilla page). */
  window.benchWasmBytes = () => {
    const memory = window.__benchWasm?.memory;
    return memory ? memory.buffer.byteLength : 0;
  };
})();
