#!/usr/bin/env bash
# The queue tests run against a real redis-server; READINESS_TEST_REDIS_URL names a running one instead.
set -euo pipefail
[ -n "${READINESS_TEST_REDIS_URL:-}" ] && exit 0
exec "$(dirname "$0")/ensure-debian-package.sh" redis-server "the queue tests" redis-server
