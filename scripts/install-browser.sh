#!/usr/bin/env bash
# Installs what the console's browser tests need, when missing: Debian's Chromium (Playwright's own
# browser download cannot work here) and CJK fonts (Chinese renders as boxes without them).
# Idempotent; run by `npm test` (pretest) and .ci/run.
set -euo pipefail

have_fonts() { fc-list :lang=zh 2>/dev/null | grep -q .; }

if command -v chromium >/dev/null 2>&1 && have_fonts; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: chromium and fonts-noto-cjk are needed (no apt-get here: install them yourself, or set CHROMIUM_PATH)" >&2
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-browser: not root and no sudo: apt-get install -y --no-install-recommends chromium fonts-noto-cjk" >&2
    exit 0
  fi
fi

echo "install-browser: apt-get install chromium fonts-noto-cjk"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
echo "install-browser: ok ($(chromium --version 2>/dev/null || echo chromium))"
