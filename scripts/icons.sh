#!/usr/bin/env bash
# Renders the app's PNG icons (assets/icons/) from their SVG artwork
# (assets/artwork/). The PNGs are committed: building, running and testing
# Newsdesk never needs this script, only changing the artwork does.
#
# Needs rsvg-convert and pngquant: `apt-get install librsvg2-bin pngquant`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ART="$ROOT/assets/artwork"
OUT="$ROOT/assets/icons"
mkdir -p "$OUT"

for tool in rsvg-convert pngquant; do
  command -v "$tool" >/dev/null || { echo "error: $tool is missing (apt-get install librsvg2-bin pngquant)" >&2; exit 1; }
done

render() { # artwork size output
  local tmp; tmp=$(mktemp --suffix=.png)
  rsvg-convert --width "$2" --height "$2" --output "$tmp" "$ART/$1.svg"
  # Two flat colours and their anti-aliased edges: 16 palette entries look
  # the same and keep each file a few kilobytes.
  pngquant --force --strip --speed 1 16 --output "$OUT/$3" "$tmp"
  rm -f "$tmp"
}

render icon 192 icon-192.png
render icon 512 icon-512.png
render maskable 192 maskable-192.png
render maskable 512 maskable-512.png
# iOS rounds the corners itself and shows transparency as black: full bleed.
render maskable 180 apple-touch-icon.png
render shortcut-saved 96 shortcut-saved-96.png
render shortcut-latest 96 shortcut-latest-96.png
ls -l "$OUT"
