#!/usr/bin/env bash
# Usage: ensure-debian-package.sh <program path or name> <what needs it> <package>...
# The tests need a few real programs (redis-server, chromium). When one is missing,
# obtain Debian's package: the only source besides npm that this machine kind
# reaches (never a download of a browser or a binary). Several test runs at once
# wait on one lock, so apt never runs twice in parallel.
set -euo pipefail
program=$1 purpose=$2
shift 2
present() { if [[ $program == /* ]]; then [ -x "$program" ]; else command -v "$program" >/dev/null 2>&1; fi; }
present && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "$program is missing and this user cannot install packages: run 'apt-get install $*' as root" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$program is missing and there is no apt-get to obtain it: install $* yourself" >&2
  exit 1
fi

exec 9>"${TMPDIR:-/tmp}/readiness-gate-ensure-$(basename "$program").lock"
flock 9
present && exit 0
echo "$program is missing: installing Debian's $* for $purpose" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
present
