/**
 * The status of one sign-off requirement, from the sign-offs and blocks that
 * the conversation left standing.
 *
 * - `met`: enough distinct members signed, and nobody's "changes requested" stands;
 * - `stale`: not met, but would be with the stale or expired sign-offs;
 * - `missing`: otherwise, and always while a block stands.
 */
import type { Contract } from '../contract/schema.js';
import type { Snapshot } from '../facts/snapshot.js';
import type { People } from './conversation-people.js';
import type { RoleRequirement } from './conversation.js';
import { judgeFreshness } from './signoff-freshness.js';
import type { SignerRecord, SignoffResult } from './verdict.js';

export type Block = NonNullable<SignoffResult['blockedBy']>;

export function signoffResult(
  requirement: RoleRequirement,
  records: readonly SignerRecord[],
  blocks: readonly Block[],
  people: People,
  policy: Contract['signoff_policy'],
  snapshot: Snapshot,
  now: Date,
): SignoffResult {
  const { role, required } = requirement;
  const signers: SignerRecord[] = [];
  const staleSigners: SignerRecord[] = [];
  const staleReasons: string[] = [];
  for (const record of records) {
    const freshness = judgeFreshness(record, (files) => requirement.touches(files), policy, snapshot, now);
    if (freshness.reasons.length === 0) signers.push(record);
    else {
      staleSigners.push(freshness.record);
      staleReasons.push(...freshness.reasons);
    }
  }

  const blocked = blocks.length > 0;
  const status =
    !blocked && signers.length >= required
      ? 'met'
      : !blocked && signers.length + staleSigners.length >= required
        ? 'stale'
        : 'missing';
  const reasons = [
    ...blocks.map((block) => `blocked: @${block.login} requested changes; an approving review or /signoff ${role} from @${block.login} lifts it`),
    ...(signers.length < required ? [`needs ${required} sign-off${required === 1 ? '' : 's'}, has ${signers.length}`] : []),
    ...staleReasons,
  ];
  const [blockedBy] = blocks;
  return {
    role,
    required,
    status,
    eligible: people.eligible(role),
    signers,
    staleSigners,
    ...(blockedBy ? { blockedBy } : {}),
    trigger: requirement.trigger,
    reasons,
  };
}
