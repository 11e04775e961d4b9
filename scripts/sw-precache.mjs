#!/usr/bin/env node
// Writes the service worker's precache list: every file trunk actually
// produced (hashed names change with each build, so the list is never
// written by hand) and a build version, into the built sw.js.
//
// Run by trunk as a post_build hook (Trunk.toml), when index.html and every
// asset are in the staging folder, named by TRUNK_STAGING_DIR:
//   node scripts/sw-precache.mjs            # uses $TRUNK_STAGING_DIR
//   node scripts/sw-precache.mjs dist       # or any built folder (idempotent)
//
// The version is a SHA-256 over the sorted list of files, each file's
// contents (index.html included) and the worker's own code, so any change to
// what is served gives a new sw.js, which is how browsers learn that there
// is a new build.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The line of sw.js that carries the build info (replaced whole). */
const PLACEHOLDER = /^self\.__NEWSDESK_BUILD = .*;$/m;
const WORKER = 'sw.js';

/** Files not to precache: the worker itself, precompressed twins, dotfiles. */
function skipped(path) {
  const name = path.split('/').pop();
  return path === WORKER || name.startsWith('.') || /\.(?:br|gz)$/.test(name);
}

function walk(dir, root = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : walk(full, root);
    return entry.isFile() ? [relative(root, full).split(sep).join('/')] : [];
  });
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** `{ version, files }` for a built folder. */
export function buildInfo(dir) {
  const files = walk(dir)
    .filter((path) => !skipped(path))
    .sort();
  if (!files.includes('index.html')) throw new Error(`${dir} has no index.html: not a built app`);
  const digest = createHash('sha256');
  for (const path of files) digest.update(`${path}\0${sha256(readFileSync(join(dir, path)))}\n`);
  // The worker's own code too (not its build line, which this writes): a
  // fix to sw.js alone also gets a fresh shell.
  const worker = readFileSync(join(dir, WORKER), 'utf8').replace(PLACEHOLDER, '');
  digest.update(`${WORKER}\0${sha256(worker)}\n`);
  return { version: digest.digest('hex').slice(0, 16), files };
}

/** Rewrites `dir`/sw.js with the build info of `dir`; returns that info. */
export function writePrecache(dir) {
  const info = buildInfo(dir);
  const worker = join(dir, WORKER);
  const source = readFileSync(worker, 'utf8');
  if (!PLACEHOLDER.test(source)) throw new Error(`${worker} has no "self.__NEWSDESK_BUILD = …;" line to fill in`);
  writeFileSync(worker, source.replace(PLACEHOLDER, () => `self.__NEWSDESK_BUILD = ${JSON.stringify(info)};`));
  return info;
}

if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('usage: sw-precache.mjs [DIR] (or set TRUNK_STAGING_DIR, as trunk does for hooks)');
    process.exit(2);
  }
  try {
    const { version, files } = writePrecache(dir);
    console.error(`sw-precache: ${files.length} files precached, version ${version}`);
  } catch (error) {
    console.error(`sw-precache: ${error.message}`);
    process.exit(1);
  }
}
