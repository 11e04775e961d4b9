#!/usr/bin/env node
// Minifies the JavaScript a first visit downloads, in a built folder:
// trunk minifies the CSS and index.html itself (Trunk.toml `minify`), but
// its JS minifier gives up on wasm-bindgen's output (and trunk copies
// pwa.js and sw.js as they are). Run by scripts/post-build.mjs in release
// builds only; about 5 KB less to download, brotli'd.
//
//   - the wasm-bindgen glue (an ES module): its integrity hash in
//     index.html is updated to the minified file;
//   - pwa.js (a classic script: top-level names are kept);
//   - sw.js (a classic script) around its build line, which stays on a line
//     of its own, first after 'use strict', for scripts/sw-precache.mjs.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { minify } from 'terser';

const BUILD_LINE = /^self\.__NEWSDESK_BUILD = .*;$/m;

const sri = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;

async function terse(code, module) {
  const result = await minify(code, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  if (typeof result.code !== 'string') throw new Error('terser returned no code');
  return result.code;
}

/** Minifies the glue, pwa.js and sw.js of the built folder `dir` in place. */
export async function minifyBuild(dir) {
  const sizes = [];
  const html = join(dir, 'index.html');
  let index = readFileSync(html, 'utf8');
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    const path = join(dir, name);
    const source = readFileSync(path, 'utf8');
    let code;
    if (name === 'sw.js') {
      const line = source.match(BUILD_LINE);
      if (!line) throw new Error(`${path} has no "self.__NEWSDESK_BUILD = …;" line`);
      const rest = await terse(source.replace(BUILD_LINE, ''), false);
      // 'use strict' first, so that it still applies to the whole worker.
      code = `'use strict';\n${line[0]}\n${rest.replace(/^(['"])use strict\1;?/, '')}\n`;
    } else if (name === 'pwa.js') {
      code = await terse(source, false);
    } else {
      // wasm-bindgen's glue: trunk names it `<crate>-<hash>.js`.
      code = await terse(source, true);
      const before = sri(source);
      if (index.includes(before)) index = index.replace(before, sri(code));
    }
    writeFileSync(path, code);
    sizes.push(`${name} ${source.length} → ${code.length}`);
  }
  writeFileSync(html, index);
  return sizes;
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: minify.mjs DIR');
    process.exit(2);
  }
  console.error(`minify: ${(await minifyBuild(dir)).join(', ')}`);
}
