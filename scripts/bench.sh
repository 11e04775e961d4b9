#!/usr/bin/env bash
# `make bench`: installs what the benchmarks need, builds release versions of
# the app and the proxy, runs every benchmark (each with a warm-up and
# several repetitions, against a baseline measured in the same run) and
# writes bench/RESULTS.md. See bench/README.md. Takes 15-25 minutes.
#
# Benchmarks: 1 size (scripts/size-budget.mjs), 2 Lighthouse, 3 offline warm
# start, 4 rendering (+ 7a page memory), 5 proxy vs nginx (+ 7b proxy
# memory), 6 normalizer vs feedparser.
#   BENCH_ONLY="size render"   run only these (ids: size lighthouse offline render proxy normalize)
#   BENCH_REPS=N               repetitions (each benchmark has its default)
# Everything runs on 127.0.0.1. A benchmark that fails is reported as not
# run; the others still run; the exit status is then 1. Missing a target is
# a result, not a failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export BENCH_STARTED="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$ROOT/bench/.work"
export BENCH_WORK="$WORK"
export BENCH_DIST="$WORK/dist"
ONLY="${BENCH_ONLY:-size lighthouse offline render proxy normalize}"
wants() { [[ " $ONLY " == *" $1 "* ]]; }

step() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1; fi
}

# ------------------------------------------------------------------ install
scripts/setup.sh --browser
eval "$(scripts/setup.sh --print-path)"

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # Debian starts the packaged nginx as a service; the benchmark runs its own.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null; then
    as_root systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

if [ ! -d bench/node_modules/lighthouse ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  step "Installing Lighthouse 12.2.3 and playwright-core into bench/node_modules (a minute)"
  npm ci --prefix bench --no-audit --no-fund >&2
fi

if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c 'import feedparser' 2>/dev/null \
   || [ bench/requirements.txt -nt bench/.venv/pyvenv.cfg ]; then
  step "Installing feedparser into bench/.venv"
  if ! python3 -m venv bench/.venv 2>/dev/null; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv bench/.venv
  fi
  bench/.venv/bin/pip install -q -r bench/requirements.txt >&2
  touch bench/.venv/pyvenv.cfg
fi

# ------------------------------------------------------------------ build
rm -rf "$WORK/results"
mkdir -p "$WORK/results"
printf '{"started": "%s", "load": "%s"}\n' "$BENCH_STARTED" "$BENCH_LOAD" > "$WORK/results/run.json"

step "Release build of the app into bench/.work/dist (the shipped build, not touching dist/)"
trunk build --release --offline --dist "$BENCH_DIST" >&2
node scripts/precompress.mjs "$BENCH_DIST" >&2

step "Release build of the proxy (2-4 minutes the first time)"
cargo build --release -p newsdesk-proxy >&2
export NEWSDESK_PROXY_BIN="$CARGO_TARGET_DIR/release/newsdesk-proxy"

render_built=false
if wants render; then
  step "The app with its bench hooks, for the render benchmark"
  if bench/render/build-app.sh >/dev/null; then render_built=true; else echo "render bench build failed" >&2; fi
fi

normalize_built=false
if wants normalize; then
  step "The normalizer benchmark (bench/normalize-bench, release)"
  # Same dependency versions as the project: start from its lock file.
  [ -f bench/normalize-bench/Cargo.lock ] || cp Cargo.lock bench/normalize-bench/Cargo.lock
  if cargo build --release --manifest-path bench/normalize-bench/Cargo.toml >&2; then normalize_built=true; fi
fi

# ------------------------------------------------------------------ run
failed=()
run() { # name command...
  local name=$1; shift
  step "Benchmark: $name"
  local start; start=$(date +%s)
  if "$@"; then
    echo "  ($name took $(( $(date +%s) - start )) s)" >&2
  else
    echo "  $name FAILED (exit $?)" >&2
    failed+=("$name")
  fi
}

wants size && run size node bench/size.mjs
wants lighthouse && run lighthouse node bench/lighthouse.mjs
wants offline && run offline node bench/offline_start.mjs
if wants render; then
  if $render_built; then run render node bench/render/run.mjs; else failed+=(render); fi
fi
wants proxy && run proxy node bench/proxy.mjs
if wants normalize; then
  if $normalize_built; then run normalize node bench/normalize.mjs; else failed+=(normalize); fi
fi

step "Writing bench/RESULTS.md"
node bench/report.mjs bench/RESULTS.md
# The summary table, for the terminal.
awk '/^## Summary/{on=1; next} on && /^## /{exit} on' bench/RESULTS.md >&2

if [ ${#failed[@]} -gt 0 ]; then
  echo "bench: these benchmarks did not run: ${failed[*]} (see above)" >&2
  exit 1
fi
