#!/usr/bin/env bash
# The queue tests need a real redis-server. When it is missing, obtain Debian's
# package (the only source this machine kind reaches besides npm); several test
# runs at once wait on one lock so apt never runs twice in parallel.
set -euo pipefail
[ -n "${READINESS_TEST_REDIS_URL:-}" ] && exit 0
command -v redis-server >/dev/null 2>&1 && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "redis-server is missing and this user cannot install packages: run 'apt-get install redis-server' as root, or set READINESS_TEST_REDIS_URL to a running server" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and there is no apt-get to obtain it: install Redis 7, or set READINESS_TEST_REDIS_URL" >&2
  exit 1
fi

exec 9>"${TMPDIR:-/tmp}/readiness-gate-ensure-redis.lock"
flock 9
command -v redis-server >/dev/null 2>&1 && exit 0
echo "redis-server is missing: installing Debian's package for the queue tests" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null
command -v redis-server >/dev/null 2>&1
