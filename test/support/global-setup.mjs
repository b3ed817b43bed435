/** Jest global set-up: the programs the tests need and a fresh machine lacks. */
import ensureChromium from './ensure-chromium.mjs';
import ensureRedis from './ensure-redis.mjs';

export default function globalSetup() {
  ensureRedis();
  ensureChromium();
}
