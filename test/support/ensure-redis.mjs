/**
 * Jest global set-up: a fresh machine has no redis-server, and the queue tests
 * run against a real one, so obtain it before any test starts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function ensureRedis() {
  execFileSync('bash', [fileURLToPath(new URL('../../scripts/ensure-redis.sh', import.meta.url))], { stdio: 'inherit' });
}
