/**
 * Jest global set-up: the real programs the tests need and a fresh machine
 * lacks (redis-server for the queue tests, Chromium for the browser tests),
 * obtained from Debian's packages before any test starts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ensure = (script) => execFileSync('bash', [fileURLToPath(new URL(`../../scripts/${script}`, import.meta.url))], { stdio: 'inherit' });

export default function globalSetup() {
  ensure('ensure-redis.sh');
  ensure('ensure-chromium.sh');
}
