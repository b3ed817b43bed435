#!/usr/bin/env bash
# The browser tests drive a real Chromium. When it is missing, obtain Debian's
# package (never a browser download: this machine kind reaches only apt and npm);
# several test runs at once wait on one lock so apt never runs twice in parallel.
set -euo pipefail
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "chromium is missing and this user cannot install packages: run 'apt-get install chromium' as root" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and there is no apt-get to obtain it: install Chromium at $CHROMIUM" >&2
  exit 1
fi

exec 9>"${TMPDIR:-/tmp}/readiness-gate-ensure-chromium.lock"
flock 9
[ -x "$CHROMIUM" ] && exit 0
echo "chromium is missing: installing Debian's package for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
[ -x "$CHROMIUM" ]
