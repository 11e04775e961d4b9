// The built index.html (scripts/app-after-paint.mjs, run by trunk's
// post_build hook): the app starts after the page's first paint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AFTER_PAINT, appAfterPaint } from '../../scripts/app-after-paint.mjs';

const DIST = process.env.NEWSDESK_DIST || join(import.meta.dirname, '..', '..', 'dist');

test('the built index.html fetches the wasm after the first paint, with no preload ahead of it', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<link\b[^>]*_bg\.wasm[^>]*>/, 'no <link> fetches the wasm early');
  const loader = html.indexOf(AFTER_PAINT);
  assert.ok(loader > 0, 'the loader waits for the next frame');
  assert.ok(loader < html.indexOf('const wasm = await init('), '… before it starts the wasm');
});

test('a trunk loader that looks different fails the build instead of shipping the old order', () => {
  assert.throws(() => appAfterPaint('<script type=module>start()</script>'), /trunk's loader/);
  const trunk = '<link rel=preload href=/a-0123456789abcdef_bg.wasm as=fetch><script type=module>const wasm = await init(x);</script>';
  const once = appAfterPaint(trunk);
  assert.equal(appAfterPaint(once), once, 'running twice changes nothing');
  assert.doesNotMatch(once, /preload/);
});
