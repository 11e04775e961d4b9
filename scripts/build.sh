#!/usr/bin/env bash
# Release build of the app into dist/ (trunk + wasm-bindgen + wasm-opt).
# Assumes scripts/setup.sh has run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
eval "$(scripts/setup.sh --print-path)"
printf '\033[1m==> %s\033[0m\n' "Building the app (release wasm; 1-3 minutes the first time, seconds after)" >&2
trunk build --release --offline >&2
# Brotli and gzip copies for the proxy to serve (nothing compresses per request).
node scripts/precompress.mjs dist >&2
