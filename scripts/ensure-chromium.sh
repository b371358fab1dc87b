#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed at /usr/bin/chromium for the visualizer's
# browser tests (Playwright drives it; Playwright's own browser download is not used).
# As root it installs the package; otherwise it prints the command to run and fails.
set -euo pipefail
browser=/usr/bin/chromium
if [ -x "$browser" ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "Chromium is missing: installing Debian's chromium package..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y chromium >&2
  if [ -x "$browser" ]; then
    exit 0
  fi
  echo "apt-get finished but $browser is still missing" >&2
  exit 1
fi
echo "The browser tests need Chromium at $browser. Install it with:" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1
