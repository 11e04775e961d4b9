#!/usr/bin/env node
// trunk's post_build hook (Trunk.toml), on the staging folder named by
// TRUNK_STAGING_DIR: first minify the JavaScript (release builds only,
// scripts/minify.mjs), then make the app start after the first paint
// (scripts/app-after-paint.mjs), then write the service worker's precache
// list and version over the final files (scripts/sw-precache.mjs). One script, in
// this order, because trunk starts all hooks of a stage at the same time.
import { rewriteIndex } from './app-after-paint.mjs';
import { minifyBuild } from './minify.mjs';
import { writePrecache } from './sw-precache.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build.mjs runs as a trunk hook (TRUNK_STAGING_DIR is not set)');
  process.exit(2);
}
try {
  if (process.env.TRUNK_PROFILE === 'release') {
    console.error(`minify: ${(await minifyBuild(dir)).join(', ')}`);
  }
  rewriteIndex(dir);
  const { version, files } = writePrecache(dir);
  console.error(`sw-precache: ${files.length} files precached, version ${version}`);
} catch (error) {
  console.error(`post-build: ${error.message}`);
  process.exit(1);
}
