// Writes a brotli (quality 11) and a gzip (level 9) copy next to every
// compressible file of a build, for the proxy to serve to browsers that
// accept them (tower-http ServeDir `precompressed_br`/`precompressed_gzip`).
// Compressing once at build time costs nothing per request and lets the
// slowest setting be used. Files that do not get smaller are left alone.
//   node scripts/precompress.mjs [DIST]
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|mjs|css|html|json|webmanifest|svg|txt|xml)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const dist = process.argv[2] || 'dist';
let raw = 0;
let br = 0;
let count = 0;
for (const path of [...files(dist)]) {
  if (/\.(br|gz)$/.test(path)) {
    unlinkSync(path); // a copy left from an earlier build
    continue;
  }
  if (!COMPRESSIBLE.test(path)) continue;
  const body = readFileSync(path);
  const brotli = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gzip = gzipSync(body, { level: 9 });
  if (brotli.length < body.length) writeFileSync(`${path}.br`, brotli);
  if (gzip.length < body.length) writeFileSync(`${path}.gz`, gzip);
  raw += body.length;
  br += Math.min(brotli.length, body.length);
  count += 1;
}
console.error(`precompressed ${count} files in ${dist}: ${(raw / 1024).toFixed(1)} KB → ${(br / 1024).toFixed(1)} KB brotli`);
