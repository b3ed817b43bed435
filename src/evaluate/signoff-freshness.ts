/**
 * Whether a sign-off still counts for a requirement: not invalidated by later
 * commits in the requirement's scope (`invalidate_on_push`) and not expired
 * (`expires_after_days`). When in doubt (unknown commit, failed comparison) it
 * does not count: a sign-off must never outlive the code it approved.
 *
 * Ancestry: a sign-off given at commit A counts for head H only when H is A,
 * or H descends from A and no commit between them touches the requirement's
 * scope.
 */
import type { Contract } from '../contract/schema.js';
import type { Snapshot } from '../facts/snapshot.js';
import { signoffExpiresAt, signoffWindow } from './time-rules.js';
import type { SignerRecord } from './verdict.js';

const FILES_NAMED = 3;
/** `staleSince` for a sign-off whose commit is not known. */
export const UNKNOWN_COMMIT = 'unknown';

export interface Freshness {
  /** The record, with `staleSince` and/or `expiredAt` set when it no longer counts. */
  record: SignerRecord;
  /** Why it no longer counts; empty when it counts. */
  reasons: string[];
}

type Touches = (files: readonly string[]) => boolean;

export function judgeFreshness(
  record: SignerRecord,
  touches: Touches,
  policy: Contract['signoff_policy'],
  snapshot: Snapshot,
  now: Date,
): Freshness {
  const judged: SignerRecord = { ...record };
  const reasons: string[] = [];
  if (policy.invalidate_on_push) {
    const stale = staleness(record, touches, snapshot);
    if (stale) {
      judged.staleSince = stale.since;
      reasons.push(stale.reason);
    }
  }
  if (policy.expires_after_days !== undefined) {
    // Accepted sign-offs carry a readable time (conversation.ts refuses the others).
    const expiry = signoffWindow(record.at, policy.expires_after_days, now);
    if (!expiry.holds) {
      judged.expiredAt = new Date(signoffExpiresAt(record.at, policy.expires_after_days)).toISOString();
      reasons.push(
        `@${record.login}'s sign-off of ${record.at.slice(0, 10)} expired on ${judged.expiredAt.slice(0, 10)} ` +
          `(sign-offs count for ${policy.expires_after_days} days)`,
      );
    }
  }
  return { record: judged, reasons };
}

function staleness(record: SignerRecord, touches: Touches, snapshot: Snapshot): { since: string; reason: string } | null {
  const who = `@${record.login}'s sign-off`;
  const from = record.commitSha;
  if (from === null) {
    return { since: UNKNOWN_COMMIT, reason: `${who} was given at an unknown commit, so later changes cannot be ruled out; sign off again` };
  }
  if (from === snapshot.pull.headSha) return null;
  const comparisons = snapshot.changesSince.filter((changes) => changes.fromSha === from);
  if (comparisons.length === 0 || comparisons.some((changes) => changes.unknown === true)) {
    return { since: from, reason: `${who} at ${short(from)} is stale: what changed since ${short(from)} is unknown` };
  }
  // A sign-off approves a commit and what leads up to it: a head that does not descend from that
  // commit (force-pushed back to an older one, or onto another line) is code it never saw.
  if (comparisons.some((changes) => changes.status === 'behind' || changes.status === 'diverged')) {
    return { since: from, reason: `${who} at ${short(from)} is stale: the head ${short(snapshot.pull.headSha)} does not descend from ${short(from)}` };
  }
  const files = comparisons.flatMap((changes) => changes.files);
  if (!touchesSafely(touches, files)) return null;
  const since = comparisons[0]?.commits[0] ?? from;
  const named = files.filter((file) => touchesSafely(touches, [file]));
  return { since, reason: `${who} at ${short(from)} is stale: commits since then (from ${short(since)}) changed ${describeFiles(named)}` };
}

/** A scope test that fails counts as touching: the sign-off is then redone, never wrongly kept. */
function touchesSafely(touches: Touches, files: readonly string[]): boolean {
  try {
    return touches(files);
  } catch {
    return true;
  }
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function describeFiles(files: readonly string[]): string {
  if (files.length === 0) return 'files in its scope';
  const shown = files.slice(0, FILES_NAMED).join(', ');
  return files.length > FILES_NAMED ? `${shown} and ${files.length - FILES_NAMED} more` : shown;
}
