#!/usr/bin/env bash
# Makes sure Debian's Chromium is present for the end-to-end tests (playwright-core drives it; we
# never download a browser build of our own — only the Debian package is reachable on CI).
# Honours CHROMIUM_PATH like test/e2e/harness.ts does.
set -euo pipefail

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $chromium_path missing, installing Debian's chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  if [ -x "$chromium_path" ]; then
    exit 0
  fi
  echo "ensure-chromium: chromium installed but $chromium_path is still missing (set CHROMIUM_PATH)" >&2
  exit 1
fi

echo "ensure-chromium: $chromium_path not found. Install it with:" >&2
echo "  sudo apt-get install -y chromium" >&2
exit 1
