#!/usr/bin/env bash
# Debian's Chromium and fonts with Cyrillic and Kazakh letters (and the bot's emoji), for the sandbox's browser test
# (tests/sandbox, marker `browser`). Playwright drives /usr/bin/chromium; `playwright install`
# would download its own browser build, which CI cannot fetch. Idempotent and quiet when present.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
dpkg -s fonts-noto-core >/dev/null 2>&1 || need+=(fonts-noto-core)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || need+=(fonts-noto-color-emoji)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "chromium.sh: need root to install: ${need[*]} (browser tests will fail without them)" >&2
    exit 0
fi
echo "chromium.sh: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
