#!/usr/bin/env bash
# Builds the app side of the render and memory benchmarks: the real app
# crate with the cargo feature `bench` (src/bench_hooks.rs), the same
# wasm-release profile and wasm-opt flags as the shipped build, into
#   bench/.work/render-app/   (index.html = trunk's loader + the harness)
#
# It builds from a copy of the sources in bench/.work/app-src/ so that it
# never touches dist/ or the work tree. If Cargo.toml or src/lib.rs do not
# declare the feature / module yet, the copy gets the two lines they need
# (see bench/README.md, "Render: the wasm hooks"); nothing else changes.
#   usage: bench/render/build-app.sh          (after scripts/setup.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$ROOT/bench/.work"
SRC="$WORK/app-src"
OUT="$WORK/render-app"
cd "$ROOT"
eval "$(scripts/setup.sh --print-path)"

[ -f src/bench_hooks.rs ] || { echo "error: src/bench_hooks.rs is missing" >&2; exit 1; }
rm -rf "$SRC" && mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./target --exclude=./node_modules --exclude=./dist --exclude=./.git \
  --exclude=./bench --exclude=./docs --exclude=./tests --exclude=./fuzz -cf - . | tar -C "$SRC" -xf -
patched=""
if ! grep -qE '^[[:space:]]*bench[[:space:]]*=' "$SRC/Cargo.toml"; then
  if grep -q '^\[features\]' "$SRC/Cargo.toml"; then
    sed -i 's/^\[features\]$/[features]\nbench = []/' "$SRC/Cargo.toml"
  else
    printf '\n[features]\nbench = []\n' >> "$SRC/Cargo.toml"
  fi
  patched="Cargo.toml"
fi
if ! grep -q 'mod bench_hooks' "$SRC/src/lib.rs"; then
  printf '\n#[cfg(feature = "bench")]\npub mod bench_hooks;\n' >> "$SRC/src/lib.rs"
  patched="$patched src/lib.rs"
fi
[ -n "$patched" ] && echo "render bench: added the bench feature/module to the copy's $patched" >&2

# A trunk target of its own (no service worker hook: this page has none).
cat > "$SRC/Trunk.bench.toml" <<'TOML'
[build]
target = "bench-render.html"
dist = "../render-app"
offline = true
cargo_profile = "wasm-release"
[tools]
wasm_bindgen = "0.2.130"
wasm_opt = "version_132"
TOML
cat > "$SRC/bench-render.html" <<'HTML'
<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Render bench: the app (FeedStream + ItemCard, wasm)</title>
    <script>
      // Before trunk's loader: keep the wasm exports (their memory) for 7a.
      addEventListener('TrunkApplicationStarted', (e) => { window.__benchWasm = e.detail && e.detail.wasm; });
    </script>
    <link data-trunk rel="rust" data-bin="newsdesk" data-cargo-features="bench" __WASM_OPT__ data-type="main" />
    <link data-trunk rel="css" href="style/main.css" />
    <link data-trunk rel="copy-file" href="bench-assets/avatar.svg" />
    <link data-trunk rel="copy-file" href="bench-assets/harness.js" />
    <link data-trunk rel="copy-file" href="bench-assets/vanilla.js" />
    <link data-trunk rel="copy-file" href="bench-assets/vanilla.html" />
    <style>
      /* main.rs mounts the whole app to <body> too: keep it out of sight
         (and out of layout). The vanilla page has the same rule. */
      body > :not(#bench-root) { display: none !important; }
    </style>
    <script src="/harness.js" defer></script>
  </head>
  <body data-side="app">
    <main id="bench-root" class="page"></main>
  </body>
</html>
HTML
# The shipped build's wasm-opt level and flags (index.html), or none for
# a profile with function names (BENCH_WASM_NAMES=1).
if [ -n "${BENCH_WASM_NAMES:-}" ]; then
  wasm_opt='data-wasm-opt="0"'
else
  wasm_opt=$(grep -o 'data-wasm-opt="[^"]*"\( data-wasm-opt-params="[^"]*"\)\?' "$ROOT/index.html" | head -1)
  [ -n "$wasm_opt" ] || { echo "error: index.html's rust link has no data-wasm-opt" >&2; exit 1; }
fi
sed -i "s#__WASM_OPT__#$wasm_opt#" "$SRC/bench-render.html"
mkdir -p "$SRC/bench-assets"
cp "$ROOT"/bench/render/{avatar.svg,harness.js,vanilla.js,vanilla.html} "$SRC/bench-assets/"
printf '\033[1m==> %s\033[0m\n' "Building the app with the bench hooks (release wasm; minutes the first time)" >&2
(cd "$SRC" && trunk --config Trunk.bench.toml build --release --offline >&2)
# The vanilla page must load the same stylesheet file as the app side.
css=$(cd "$OUT" && ls main-*.css | head -1)
sed -i "s#__MAIN_CSS__#/$css#" "$OUT/vanilla.html"
echo "$OUT"
