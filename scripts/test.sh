#!/usr/bin/env bash
# `make test`: installs what is missing, then runs every check in order,
# cheapest first, stopping at the first failure:
#   1. cargo fmt, clippy -D warnings (native and wasm), module import
#      circles, no HTTP stack in the ingest crate
#   2. native tests: feed model, ingest, proxy (via app(), no sockets), app logic
#   3. browser tests: components in headless Chromium (wasm-bindgen-test)
#   4. release build of the app, size budget
#   5. end-to-end: Playwright in Chromium against the real proxy serving it
# Benchmarks are not here: `make bench`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/setup.sh --browser
eval "$(scripts/setup.sh --print-path)"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
# Every runner's output also goes to this log, to print one total at the end.
results=$(mktemp)

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "Lints (clippy -D warnings, native and wasm)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p newsdesk --target wasm32-unknown-unknown --all-targets -- -D warnings

step "Module import circles (scripts/module-cycles.py)"
scripts/module-cycles.py --self-test
# Every crate's src and every folder in it (the app's api/, state/, …).
# shellcheck disable=SC2046
scripts/module-cycles.py $(find src crates/*/src -type d | sort)
# The pipeline fetches through its Upstream port: no HTTP stack in its tree.
http=$(cargo tree -p newsdesk-ingest -e normal --prefix none | grep -E '^(axum|tower|hyper|reqwest)' || true)
[ -z "$http" ] || { echo "newsdesk-ingest depends on an HTTP stack:" >&2; echo "$http" >&2; exit 1; }

step "Native tests: feed model, ingest, proxy, app logic"
cargo test --workspace 2>&1 | tee -a "$results"

step "Proxy against publishers on 127.0.0.1 (test build: loopback upstreams allowed)"
cargo test -p newsdesk-fetcher --features test-upstreams --test fetch 2>&1 | tee -a "$results"
cargo test -p newsdesk-proxy --features test-upstreams --test upstream 2>&1 | tee -a "$results"

step "Browser tests: components in headless Chromium"
cargo test -p newsdesk --target wasm32-unknown-unknown 2>&1 | tee -a "$results"

step "Release build of the app"
scripts/build.sh
# The same test build as above: the e2e suite points it at loopback publishers.
cargo build -p newsdesk-proxy --features test-upstreams

step "End-to-end tests: the real proxy and the release build in Chromium"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
# Every suite shares this proxy from one address: lift the per-client rate
# limit (tests/upstream checks the limiter itself).
"${CARGO_TARGET_DIR:-$ROOT/target}/debug/newsdesk-proxy" --listen "127.0.0.1:$port" --dist "$ROOT/dist" \
  --rate-limit 1000000 >"$log" 2>&1 &
proxy=$!
trap 'kill $proxy 2>/dev/null || true; rm -f "$log" "$results"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$log"; echo "proxy did not start" >&2; exit 1; }
NEWSDESK_URL="http://127.0.0.1:$port" \
NEWSDESK_PROXY_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/newsdesk-proxy" \
NEWSDESK_DIST="$ROOT/dist" \
  node --test --test-reporter=spec tests/e2e/ 2>&1 | tee -a "$results"

step "All tests passed"
# cargo: "test result: ok. N passed; M failed"; node: "ℹ pass N" / "ℹ fail N".
awk '/^test result:/ { p += $4; f += $6 }
     /^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 }
     END { printf "total: %d passed, %d failed\n", p, f }' "$results"
