#!/usr/bin/env bash
# Regenerates docs/report.png: the top of the demo's report (target/demo/report.html), as headless Chromium shows it
# on a screen 1000 pixels wide, down to the buckets that need a human. Runs the demo first when it has not left a
# report yet, or always with --fresh, so the picture is of the page the current code writes.
#
#   scripts/report-screenshot.sh [--fresh]
#
# Needs a JDK (for the demo) and Chromium on the PATH (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

report=target/demo/report.html
if [[ ! -f "$report" || "${1:-}" == "--fresh" ]]; then
    ./mvnw -q -B -ntp -Pdemo
fi

# A fresh profile, so no extension, setting or cache of whoever runs this changes the picture.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: Chromium's sandbox refuses to start as root, as in a container; the page is our own file.
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --hide-scrollbars --user-data-dir="$profile" --window-size=1000,1600 \
    --screenshot="$PWD/docs/report.png" "file://$PWD/$report" 2>/dev/null
echo "docs/report.png from $report"
