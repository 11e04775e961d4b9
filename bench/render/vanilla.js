// The render benchmark's baseline: vanilla JavaScript doing the DOM work the
// app's FeedStream + ItemCard do, the way js-framework-benchmark's "vanilla"
// entry does it (a <template> cloned per row, fields filled in, one
// delegated click listener). Same markup (the harness compares it with the
// app's), same data generator as src/bench_hooks.rs, same operations:
//   window.newsdeskBench = { create(n), replace(n), append(n), markEveryTenth(), clear() }
'use strict';
(() => {
  const ADJECTIVES = ['Late', 'Quiet', 'Busy', 'Early', 'Windy', 'Long', 'Bright', 'Rainy', 'Short', 'Crowded', 'Cold', 'Open'];
  const SUBJECTS = [
    'council vote on the ferry timetable',
    'harbour crane repairs',
    'night market on Quay Street',
    'school roof fund',
    'tram line extension',
    'library hours',
    'storm drain survey',
    'fishing fleet return',
    'bridge lighting plan',
    'river clean-up',
  ];
  const BASE_UNIX = 1736928000; // 2025-01-15T08:00:00Z
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n) => String(n).padStart(2, '0');

  /** The i-th item: the same fields src/bench_hooks.rs generates. */
  function item(prefix, i) {
    const adjective = ADJECTIVES[i % ADJECTIVES.length];
    const subject = SUBJECTS[(i * 7) % SUBJECTS.length];
    const unix = BASE_UNIX + i * 60;
    const h = Math.floor((unix % 86400) / 3600);
    const m = Math.floor((unix % 3600) / 60);
    return {
      id: `${prefix}-${i}`,
      title: `${adjective} ${subject}, story ${i}`,
      summary: `What happened with the ${subject} today, and what the desk heard from readers (item ${i}).`,
      date_published: `2025-01-15T${pad(h)}:${pad(m)}:00Z`,
      desk: { name: 'City desk', avatar: '/avatar.svg', id: 'city' },
      reading_minutes: 1 + (i % 9),
    };
  }

  // src/text/format.rs, in JavaScript.
  const shortDate = (unix) => {
    const d = new Date(unix * 1000);
    return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  };
  const fullDate = (unix) => {
    const secs = ((unix % 86400) + 86400) % 86400;
    return `${shortDate(unix)}, ${pad(Math.floor(secs / 3600))}:${pad(Math.floor((secs % 3600) / 60))} UTC`;
  };
  function relativeTime(then, now) {
    const ago = now - then;
    if (ago <= -300) return shortDate(then);
    if (ago < 60) return 'just now';
    if (ago < 3600) return `${Math.floor(ago / 60)} min ago`;
    if (ago < 86400) return `${Math.floor(ago / 3600)} h ago`;
    if (ago < 172800) return 'yesterday';
    if (ago < 604800) return `${Math.floor(ago / 86400)} days ago`;
    return shortDate(then);
  }

  const rowTemplate = document.createElement('template');
  rowTemplate.innerHTML =
    '<li><article class="item-card"><div class="item-text"><span class="read-mark">Read</span><h2 class="item-title"><a></a></h2>' +
    '<div class="byline"><img class="avatar avatar-small" src="" alt="" width="28" height="28"><a class="byline-desk"></a>' +
    '<span class="dot" aria-hidden="true">·</span><time></time><span class="dot" aria-hidden="true">·</span>' +
    '<span class="read-time"></span></div><p class="item-summary"></p><div class="item-actions">' +
    '<button class="save-button" aria-pressed="false" title="Save for offline reading"><span aria-hidden="true">☆</span>' +
    '<span> Save</span><span class="visually-hidden"></span></button></div></div></article></li>';
  const rowPrototype = rowTemplate.content.firstChild;

  function renderRow(data, now) {
    const li = rowPrototype.cloneNode(true);
    const article = li.firstChild;
    article.setAttribute('data-item-id', data.id);
    const text = article.firstChild;
    const href = `/article/${data.id}`;
    const headline = text.childNodes[1].firstChild;
    headline.setAttribute('href', href);
    headline.textContent = data.title;
    const byline = text.childNodes[2];
    const avatar = byline.firstChild;
    avatar.setAttribute('src', data.desk.avatar);
    const desk = avatar.nextSibling;
    desk.setAttribute('href', `/desk/${data.desk.id}`);
    desk.textContent = data.desk.name;
    const time = desk.nextSibling.nextSibling;
    const unix = Date.parse(data.date_published) / 1000;
    const exact = fullDate(unix);
    time.setAttribute('datetime', data.date_published);
    time.setAttribute('title', exact);
    time.setAttribute('aria-label', exact);
    time.textContent = relativeTime(unix, now);
    byline.lastChild.textContent = `${Math.max(1, data.reading_minutes)} min read`;
    text.childNodes[3].textContent = data.summary;
    text.lastChild.firstChild.lastChild.textContent = `: ${data.title}`;
    return li;
  }

  let stream = null; // { root, list, button, rows: [{ data, li, read }] }
  let batch = 0;
  let nextPage = [];

  function items(n) {
    batch += 1;
    const prefix = `b${batch}`;
    const out = new Array(n);
    for (let i = 0; i < n; i += 1) out[i] = item(prefix, i);
    return out;
  }

  function appendRows(list) {
    const now = Math.floor(Date.now() / 1000);
    const fragment = document.createDocumentFragment();
    for (const data of list) {
      const li = renderRow(data, now);
      stream.rows.push({ data, li, read: false });
      fragment.appendChild(li);
    }
    stream.list.appendChild(fragment);
  }

  function mount(container) {
    const root = document.createElement('div');
    root.className = 'feed-stream';
    const list = document.createElement('ol');
    list.className = 'item-list';
    const button = document.createElement('button');
    button.className = 'button show-more';
    button.setAttribute('aria-busy', 'false');
    button.textContent = 'Show More';
    button.addEventListener('click', () => {
      const page = nextPage;
      nextPage = [];
      appendRows(page);
    });
    // Save buttons: one delegated listener (what the app's Save does is
    // not measured; the app delegates its click events too).
    list.addEventListener('click', (event) => {
      const save = event.target.closest('.save-button');
      if (save) save.classList.toggle('is-saved');
    });
    root.append(list, button);
    container.appendChild(root);
    stream = { root, list, button, rows: [] };
  }

  function showPage(n) {
    const data = items(n);
    const container = document.getElementById('bench-root');
    if (stream) {
      stream.list.textContent = '';
      stream.rows = [];
    } else {
      mount(container);
    }
    appendRows(data);
  }

  window.newsdeskBench = {
    create: showPage,
    replace: showPage,
    append(n) {
      nextPage = items(n);
      stream.button.click();
    },
    markEveryTenth() {
      const rows = stream.rows;
      for (let i = 0; i < rows.length; i += 10) {
        const row = rows[i];
        row.read = !row.read;
        // As the app does: every row has its "Read" mark, shown by the class.
        row.li.firstChild.classList.toggle('is-read', row.read);
      }
    },
    clear() {
      if (stream) stream.root.remove();
      stream = null;
    },
  };
  window.dispatchEvent(new Event('newsdesk-bench-ready'));
})();
