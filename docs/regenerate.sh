#!/usr/bin/env bash
# Regenerate docs/report.png and docs/terminal.txt from the seed corpus with the real model.
# Needs driftcheck installed and Debian's chromium (apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=corpora/dpa-putin-north-korea
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

driftcheck compare "$corpus/en.txt" "$corpus/de-drifted.txt" --format html --output "$work/report.html"
NO_COLOR=1 driftcheck compare "$corpus/en.txt" "$corpus/de-drifted.txt" --only problems > docs/terminal.txt

chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --hide-scrollbars \
  --screenshot="$PWD/docs/report.png" --window-size=1280,2000 "file://$work/report.html" 2>/dev/null
echo "wrote docs/report.png and docs/terminal.txt"
