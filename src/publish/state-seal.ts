/**
 * Seals the app's hidden state so that only the app can have written it.
 *
 * The state lives in a comment, and anyone who may edit comments can change
 * it: a forged line mapping an evidence item to an unrelated issue would make
 * the app close that issue, and a forged head record would move a sign-off to
 * a commit it was never given at. So the state is signed with an HMAC-SHA256
 * keyed by a secret only the app holds (derived from its webhook secret, never
 * used as is), bound to the repository and pull request so a state copied
 * from another pull request does not verify either. A state that does not
 * verify is ignored and rebuilt.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { pullKey, type PullRef } from '../github/client.js';

export interface StateSeal {
  sign(text: string): string;
  verify(text: string, signature: string): boolean;
}

/** Domain separation: the webhook secret's own use (GitHub's delivery signatures) never signs this text. */
const PURPOSE = 'readiness-gate publication state v1';

/**
 * With no secret (a development setup without WEBHOOK_SECRET) the key is random
 * per process: nothing written by an earlier process verifies, so the state is
 * rebuilt, the safe direction.
 */
export function stateKey(secret: string | undefined): Buffer {
  const material = secret !== undefined && secret !== '' ? Buffer.from(secret, 'utf8') : randomBytes(32);
  return createHmac('sha256', material).update(PURPOSE).digest();
}

export function stateSeal(key: Buffer, ref: PullRef): StateSeal {
  // GitHub names compare case-insensitively; a newline appears in none of them, so the binding is unambiguous.
  const binding = pullKey(ref).toLowerCase();
  const sign = (text: string): string => createHmac('sha256', key).update(`${binding}\n${text}`).digest('hex');
  return {
    sign,
    verify(text, signature) {
      const expected = Buffer.from(sign(text), 'hex');
      const given = Buffer.from(signature, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
