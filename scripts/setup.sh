#!/usr/bin/env bash
# Installs what Newsdesk needs to build (and, with --browser, to test), and
# nothing that is already there. Safe to run again: each step checks first.
#
#   scripts/setup.sh            wasm target, trunk, wasm-bindgen CLI, wasm-opt
#   scripts/setup.sh --browser  the above, plus Chromium and chromedriver
#
# Tools are installed under $NEWSDESK_TOOLS (default
# ~/.local/share/newsdesk/tools) so that every clone on this machine shares
# one copy: the first run compiles them (~15 minutes on 2 cores), later runs
# take a second. Source this file's output PATH with: eval "$(scripts/setup.sh --print-path)".
set -euo pipefail

TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than 1.95
WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
TOOLS="${NEWSDESK_TOOLS:-$HOME/.local/share/newsdesk/tools}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

want_browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=true ;;
    --print-path) echo "export PATH=\"$TOOLS/bin:$ROOT/node_modules/.bin:\$PATH\""; exit 0 ;;
    *) echo "usage: $0 [--browser|--print-path]" >&2; exit 2 ;;
  esac
done

export PATH="$TOOLS/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1; fi
}

for tool in cargo rustup node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "error: $tool is missing. Install Rust with rustup (https://rustup.rs) and Node.js 20+, then run this again." >&2
    exit 1
  fi
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the Rust wasm32 target (a few seconds)"
  rustup target add wasm32-unknown-unknown
fi

# cargo install, only if the exact version is not there yet.
install_crate() { # crate version binary expected-version-output minutes
  local crate=$1 version=$2 bin=$3 expect=$4 minutes=$5 extra=${6:-}
  if [ -x "$TOOLS/bin/$bin" ] && "$TOOLS/bin/$bin" --version 2>/dev/null | grep -q "$expect"; then
    return
  fi
  say "Compiling $crate $version into $TOOLS (first run only, about $minutes minutes on 2 cores)"
  local start; start=$(date +%s)
  # shellcheck disable=SC2086
  cargo install "$crate" --version "$version" --root "$TOOLS" $extra
  say "$crate $version installed in $(elapsed "$start")"
}

install_crate trunk "$TRUNK_VERSION" trunk "trunk $TRUNK_VERSION" 9 --locked
# --locked fails for this version: a locked dependency is missing from the registry.
install_crate wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" 5

# wasm-opt comes from npm's binaryen (Debian's is too old: its output fails to
# load in Chromium), Playwright drives Debian's Chromium in end-to-end tests.
if [ ! -x "$ROOT/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/node_modules/playwright-core" ] \
   || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  say "Installing node packages (binaryen, playwright-core; under a minute)"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi

if $want_browser; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "Installing Chromium and chromedriver from Debian (a minute or two)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
