#!/usr/bin/env bash
# Agreement with feedparser, per format (issue 13): builds the normalizer
# (the ingest crate's `normalize` example, release), installs feedparser
# into bench/.venv as scripts/bench.sh does, and runs
# bench/agreement/agreement.py over the given folders or files (default:
# crates/ingest/tests/fixtures/formats/). Not part of `make test`: it needs
# PyPI once, and it measures rather than checks. Options after the paths go
# to agreement.py (--list shows every disagreement).
#
#   scripts/agreement.sh [DIR_OR_FILE...] [--list] [--json OUT]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c 'import feedparser' 2>/dev/null \
   || [ bench/requirements.txt -nt bench/.venv/pyvenv.cfg ]; then
  echo "==> Installing feedparser into bench/.venv" >&2
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q -r bench/requirements.txt >&2
  touch bench/.venv/pyvenv.cfg
fi

echo "==> Building the normalizer (newsdesk-ingest's normalize example, release)" >&2
cargo build --release -p newsdesk-ingest --example normalize >&2

exec bench/.venv/bin/python bench/agreement/agreement.py \
  --bin "$CARGO_TARGET_DIR/release/examples/normalize" "$@"
