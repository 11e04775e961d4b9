#!/usr/bin/env bash
# `make run`: installs what is missing, builds the app and the proxy in
# release mode, and serves the demo newsroom. Prints the URL to open.
#   NEWSDESK_LISTEN=0.0.0.0:8080 make run   to listen elsewhere
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/setup.sh
scripts/build.sh
printf '\033[1m==> %s\033[0m\n' "Building the proxy (release; 2-4 minutes the first time)" >&2
cargo build --release -p newsdesk-proxy >&2
exec "${CARGO_TARGET_DIR:-$ROOT/target}/release/newsdesk-proxy" --dist "$ROOT/dist" "$@"
