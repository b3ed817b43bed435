/**
 * Property: verdict.nextChangeAt is exactly the first instant after `now` at
 * which time alone changes the outcome (conclusion and every status).
 *
 * The outcome only changes at instants the test can list from the snapshot it
 * built, by the contract's own numbers (a comment's time plus a waiver's days
 * or expires_after_days, a file's date minus the five minutes of allowed skew
 * or plus max_age_days + 1 days, an enforce_from midnight). Evaluating at each
 * of them, a millisecond before each, and at random instants in between checks
 * that nothing changes before nextChangeAt and that the outcome does change at it.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ContractInput } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import type { ConversationEntry, EvidenceFileFact, Snapshot } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot, comment } from '../support/snapshot-builder.js';

const DAY = 86_400_000;
const SKEW = 5 * 60_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const EXPIRES_AFTER_DAYS = 10;
const MAX_AGE = { 'docs/card.md': 30, 'ops/runbook.md': 3 } as const;
const ENFORCE_FROM = ['2026-06-05', '2026-06-10'] as const;

const CONTRACT: Omit<ContractInput, 'version'> = {
  scope: { paths: ['models/**'] },
  roles: { 'ml-lead': ['@alice', '@dave'], sre: ['@bob', '@erin', '@frank'] },
  signoffs: [{ role: 'ml-lead' }, { role: 'sre', count: 2, when: { labels: ['impact:high'] } }],
  evidence: [
    { id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md', sections: ['Intended use'], max_age_days: MAX_AGE['docs/card.md'], enforce_from: ENFORCE_FROM[0] },
    { id: 'runbook', title: 'Runbook', owner: 'sre', file: 'ops/runbook.md', max_age_days: MAX_AGE['ops/runbook.md'] },
    { id: 'gate', title: 'Gate', owner: 'ml-lead', checks: ['model-eval'], enforce_from: ENFORCE_FROM[1] },
  ],
  waivers: { approvers: ['ml-lead'], max_days: 30 },
  signoff_policy: { expires_after_days: EXPIRES_AFTER_DAYS, distinct_people: false },
};
const COMPILED = compileContract(buildContract(CONTRACT));

/** An offset in milliseconds, from `beforeDays` days before to `afterDays` days after, often on a whole minute. */
const offset = (beforeDays: number, afterDays: number) =>
  fc.oneof(fc.integer({ min: -beforeDays * DAY, max: afterDays * DAY }), fc.integer({ min: -beforeDays * 1440, max: afterDays * 1440 }).map((m) => m * 60_000));

const command = fc.oneof(
  fc.constantFrom('/signoff ml-lead', '/signoff sre', '/signoff ml-lead sre', '/revoke ml-lead', 'hello'),
  fc.tuple(fc.constantFrom('card', 'runbook', 'gate'), fc.integer({ min: 1, max: 31 })).map(([id, days]) => `/waive ${id} ${days}d ok`),
);
// Times are relative to `now`, close enough that their rules flip soon.
const entry = fc.tuple(
  fc.constantFrom('alice', 'dave', 'bob', 'erin', 'frank', 'author'),
  command,
  offset(12, 1),
  fc.constantFrom('head', 'head', 'old'),
  fc.constantFrom(undefined, undefined, undefined, 'CHANGES_REQUESTED' as const, 'APPROVED' as const),
);
const fileFact = (good: string, bad: string) =>
  fc.oneof(
    fc.record({ content: fc.constantFrom(good, good, bad), at: fc.option(fc.oneof(offset(35, 1), offset(0, 1)), { nil: undefined }) }),
    fc.constant(undefined),
  );

const scenario = fc.record({
  now: offset(20, 20),
  labels: fc.subarray(['impact:high']),
  card: fileFact('# Card\n## Intended use\nLoans.\n', '# Card\n## Intended use\nTBD\n'),
  runbook: fileFact('# Runbook\nPage SRE.\n', ''),
  gate: fc.constantFrom('success', 'failure', undefined),
  conversation: fc.array(entry, { maxLength: 6 }),
  pushTouchesScope: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario): Snapshot {
  const now = T0 + s.now;
  const evidence: Record<string, EvidenceFileFact> = {};
  for (const [path, file] of [['docs/card.md', s.card], ['ops/runbook.md', s.runbook]] as const) {
    if (file === undefined) continue;
    evidence[path] = file.at === undefined ? { state: 'present', content: file.content } : { state: 'present', content: file.content, lastChangedAt: new Date(now + file.at).toISOString() };
  }
  const conversation: ConversationEntry[] = s.conversation.map(([login, body, at, sha, review], key) => {
    const entry = comment(key, login, body, new Date(now + at).toISOString(), sha);
    return review === undefined ? entry : { ...entry, key: `review:${key}`, source: 'review', reviewState: review };
  });
  return buildSnapshot({
    files: ['models/m.onnx'],
    labels: s.labels,
    headSha: 'head',
    evidence,
    checks: s.gate ? { 'model-eval': s.gate } : {},
    conversation,
    changesSince: [{ fromSha: 'old', commits: ['c1'], files: s.pushTouchesScope ? ['models/m.onnx'] : ['README.md'] }],
  });
}

/** Every instant at which some time rule of CONTRACT could flip for this snapshot. */
function boundaries(snapshot: Snapshot): number[] {
  const instants = ENFORCE_FROM.map((day) => Date.parse(`${day}T00:00:00Z`));
  for (const entry of snapshot.conversation) {
    const at = Date.parse(entry.createdAt);
    instants.push(at + EXPIRES_AFTER_DAYS * DAY);
    const days = /^\/waive \S+ (\d+)d/.exec(entry.body)?.[1];
    if (days !== undefined) instants.push(at + Number(days) * DAY);
  }
  for (const [file, maxAge] of Object.entries(MAX_AGE)) {
    const fact = snapshot.evidence[file];
    if (fact?.state !== 'present' || fact.lastChangedAt === undefined) continue;
    const changed = Date.parse(fact.lastChangedAt);
    instants.push(changed - SKEW, changed + (maxAge + 1) * DAY);
  }
  return instants;
}

function outcome(verdict: Verdict): string {
  return [verdict.conclusion, ...verdict.signoffs.map((s) => s.status), ...verdict.evidence.map((e) => e.status)].join(' ');
}

describe('nextChangeAt, on any snapshot and time', () => {
  it('nothing changes strictly before it, and the outcome changes at it', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }), (s, fractions) => {
        const snapshot = build(s);
        const now = T0 + s.now;
        const verdict = evaluate(COMPILED, snapshot, new Date(now));
        expect(verdict.notes).toEqual([]);
        const then = outcome(verdict);
        const next = verdict.nextChangeAt === null ? null : Date.parse(verdict.nextChangeAt);
        const horizon = next ?? now + 400 * DAY;
        expect(horizon).toBeGreaterThan(now);
        const probes = [
          ...boundaries(snapshot).flatMap((b) => [b - 1, b]),
          ...fractions.map((f) => now + Math.floor(f * (horizon - now))),
          horizon - 1,
        ].filter((t) => t > now && t < horizon);
        for (const t of probes) {
          const at = outcome(evaluate(COMPILED, snapshot, new Date(t)));
          if (at !== then) throw new Error(`outcome changed at ${new Date(t).toISOString()}, before nextChangeAt ${verdict.nextChangeAt}: ${then} → ${at}`);
        }
        if (next !== null) expect(outcome(evaluate(COMPILED, snapshot, new Date(next)))).not.toBe(then);
      }),
      { numRuns: 600 },
    );
  });

  it('chains: evaluating again at each nextChangeAt reaches a verdict that time can no longer change', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const snapshot = build(s);
        let now = T0 + s.now;
        let steps = 0;
        for (let verdict = evaluate(COMPILED, snapshot, new Date(now)); verdict.nextChangeAt !== null; verdict = evaluate(COMPILED, snapshot, new Date(now))) {
          const next = Date.parse(verdict.nextChangeAt);
          expect(next).toBeGreaterThan(now);
          now = next;
          steps += 1;
          // Each step passes at least one of the snapshot's boundaries.
          expect(steps).toBeLessThanOrEqual(boundaries(snapshot).length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
