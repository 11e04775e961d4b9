// The "limit" the cold-load and warm-start benchmarks compare the app with:
// the same content as plain static HTML, no JavaScript framework, no wasm.
//
//   /                   the first N items of /api/feed (the app's markup for
//                       ItemCard, the first one as the lead with its image)
//   /article/{id}/      the first item as an article page
//   /main-<hash>.css    the app's own stylesheet (the same file)
//   /demo/assets/…      the images those pages show, copied from the proxy
//   /sw.js              a minimal service worker: precaches all of the above
//                       and answers from its cache first (for the offline run)
//
// Built from a running proxy by buildStaticSite(proxyBase, dist, outDir).
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { feedItems, getJson } from './common.mjs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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

const minutes = (item) => Math.max(1, item._newsdesk?.reading_minutes || 1);
const deskOf = (item) => item.authors?.[0] || {};

function byline(item) {
  const desk = deskOf(item);
  const deskId = desk._newsdesk?.id;
  const name = esc(desk.name || 'Newsroom');
  const unix = item.date_published ? Date.parse(item.date_published) / 1000 : null;
  const now = Math.floor(Date.now() / 1000);
  return (
    '<div class="byline">' +
    (desk.avatar ? `<img class="avatar avatar-small" src="${esc(desk.avatar)}" alt="" width="28" height="28">` : '') +
    (deskId ? `<a class="byline-desk" href="/desk/${esc(deskId)}">${name}</a>` : `<span class="byline-desk">${name}</span>`) +
    (unix
      ? `<span class="dot" aria-hidden="true">·</span><time datetime="${esc(item.date_published)}" title="${fullDate(unix)}" aria-label="${fullDate(unix)}">${relativeTime(unix, now)}</time>`
      : '') +
    `<span class="dot" aria-hidden="true">·</span><span class="read-time">${minutes(item)} min read</span></div>`
  );
}

function card(item, lead) {
  const href = `/article/${esc(item.id)}`;
  const title = esc(item.title || item.summary || 'Untitled update');
  const video = (item.attachments || []).some((a) => /^video\//i.test(a.mime_type || ''));
  return (
    `<li><article class="item-card${lead ? ' item-card-lead' : ''}" data-item-id="${esc(item.id)}">` +
    (lead && item.image
      ? `<a class="item-image" href="${href}" tabindex="-1" aria-hidden="true"><img src="${esc(item.image)}" alt="" width="1200" height="675"></a>`
      : '') +
    '<div class="item-text">' +
    (video ? '<span class="badge">Video</span>' : '') +
    `<h2 class="item-title"><a href="${href}">${title}</a></h2>` +
    byline(item) +
    (item.summary ? `<p class="item-summary">${esc(item.summary)}</p>` : '') +
    '</div></article></li>'
  );
}

function page(title, css, main) {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="description" content="Newsdesk benchmark baseline: the same content as static HTML." />
    <title>${esc(title)}</title>
    <link rel="stylesheet" href="/${css}" />
    <script>if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js');</script>
  </head>
  <body>
    <main id="main" class="page" tabindex="-1">
${main}
    </main>
  </body>
</html>
`;
}

/** Writes the static site; returns { dir, articleId, files }. */
export async function buildStaticSite(proxyBase, dist, outDir, count = 30) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const css = readdirSync(dist).find((f) => /^main-.*\.css$/.test(f));
  if (!css) throw new Error(`${dist} has no main-*.css`);
  copyFileSync(join(dist, css), join(outDir, css));

  const items = await feedItems(proxyBase, count);
  const feedHtml =
    '      <h1 class="section-label">News Feed</h1>\n      <div class="feed-stream"><ol class="item-list">' +
    items.map((item, i) => card(item, i === 0)).join('') +
    '</ol></div>';
  writeFileSync(join(outDir, 'index.html'), page('Newsdesk (static baseline)', css, feedHtml));

  const article = (await getJson(`${proxyBase}/api/item/${items[0].id}`)).items[0];
  const articleHtml =
    `      <article class="article" data-item-id="${esc(article.id)}"><header class="article-header">` +
    `<h1 class="article-title">${esc(article.title || 'Untitled update')}</h1>` +
    (article.summary ? `<p class="standfirst">${esc(article.summary)}</p>` : '') +
    `<p class="article-meta"><span class="read-time">${minutes(article)} min read</span></p>${byline(article)}</header>` +
    (article.image ? `<img class="article-image" src="${esc(article.image)}" alt="" width="1200" height="675">` : '') +
    `<div class="article-body">${article.content_html || `<p>${esc(article.content_text || '')}</p>`}</div></article>`;
  mkdirSync(join(outDir, 'article', article.id), { recursive: true });
  writeFileSync(join(outDir, 'article', article.id, 'index.html'), page(`${article.title} (static baseline)`, css, articleHtml));

  // Same-origin images both pages show, copied from the proxy.
  const html = items.map((it, i) => card(it, i === 0)).join('') + articleHtml;
  const images = [...new Set([...html.matchAll(/src="(\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&')))];
  const files = ['/', '/index.html', `/${css}`, `/article/${article.id}/`];
  for (const path of images) {
    const res = await fetch(`${proxyBase}${path}`);
    if (!res.ok) continue;
    const local = join(outDir, decodeURIComponent(new URL(path, 'http://x').pathname));
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, Buffer.from(await res.arrayBuffer()));
    files.push(path);
  }
  writeFileSync(
    join(outDir, 'sw.js'),
    `// Baseline service worker: everything precached, cache first.
const CACHE = 'static-baseline';
const FILES = ${JSON.stringify(files)};
self.addEventListener('install', (e) => e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting())));
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (e) => {
  if (e.request.method !== 'GET') return;
  e.respondWith(caches.match(e.request, { ignoreSearch: true }).then((hit) => hit || fetch(e.request)));
});
`,
  );
  return { dir: outDir, articleId: article.id, files };
}
