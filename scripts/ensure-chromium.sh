#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser download).
set -euo pipefail
exec "$(dirname "$0")/ensure-debian-package.sh" /usr/bin/chromium "the browser tests" chromium fonts-dejavu-core
