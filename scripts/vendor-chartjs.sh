#!/usr/bin/env bash
# Refreshes the vendored Chart.js of the visualizer from the npm registry.
# Usage: scripts/vendor-chartjs.sh [version]   (default: the version pinned below)
# The page is served offline, so the minified file and its license are committed;
# run this only to move to another version, then commit the two files it writes.
set -euo pipefail
version="${1:-4.6.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/Vmsim.Web/wwwroot/lib/chartjs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "chart.js@$version" >/dev/null
tar xzf "chart.js-$version.tgz"
mkdir -p "$dest"
cp package/dist/chart.umd.min.js "$dest/chart.umd.min.js"
cp package/LICENSE.md "$dest/LICENSE.md"
echo "Chart.js $version copied to $dest"
