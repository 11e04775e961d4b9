// Part of trunk's post_build hook (scripts/post-build.mjs): makes the app
// start after the page's first paint is on screen, not before.
//
// The proxy writes the News Feed or an article into index.html as plain
// HTML (crates/proxy/src/first_paint.rs). For the reader to see it at the
// speed of HTML and CSS, nothing of the app may compete with it: trunk's
// loader fetches the wasm (about 200 KB) at once, through a
// `<link rel=preload>` and its inline module script. Here, in the built
// index.html:
//   - the wasm's `<link rel=preload>` goes;
//   - the loader waits for the next frame (an animation frame, then a task)
//     before it fetches and starts the wasm. A hidden tab (opened in the
//     background) paints no frames: it starts at once.
// The page's own early requests (index.html's first script) wait the same way.
// Fails the build if trunk's output no longer looks as expected, rather
// than quietly shipping the old order.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The promise the loader awaits: the next frame, or now in a hidden tab. */
export const AFTER_PAINT =
  "await new Promise((go) => document.visibilityState === 'hidden' ? go() : requestAnimationFrame(() => setTimeout(go)));";

/** Rewrites `html` (trunk's index.html); throws if it lacks trunk's loader. */
export function appAfterPaint(html) {
  const preload = /<link\b[^>]*\bpreload\b[^>]*_bg\.wasm[^>]*>|<link\b[^>]*_bg\.wasm[^>]*\bpreload\b[^>]*>/g;
  const start = 'const wasm = await init(';
  if (!html.includes(start)) throw new Error(`index.html: trunk's loader (${start}) not found`);
  if (html.includes(AFTER_PAINT)) return html; // already done
  return html.replace(preload, '').replace(start, `${AFTER_PAINT}\n${start}`);
}

/** Applies {@link appAfterPaint} to `dir`/index.html. */
export function rewriteIndex(dir) {
  const file = join(dir, 'index.html');
  writeFileSync(file, appAfterPaint(readFileSync(file, 'utf8')));
}
