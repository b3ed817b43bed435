/**
 * Jest global set-up, beside ensure-redis.mjs: a fresh machine has no
 * Chromium, and the browser tests drive a real one, so obtain it (Debian's
 * package) before any test starts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function ensureChromium() {
  execFileSync('bash', [fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url))], { stdio: 'inherit' });
}
