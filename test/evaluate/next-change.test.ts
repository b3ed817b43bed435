import { describe, expect, it } from '@jest/globals';
import type { ContractInput } from '../../src/contract/schema.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { Verdict } from '../../src/evaluate/verdict.js';
import { buildContract, buildSnapshot, comment } from '../support/snapshot-builder.js';
import type { SnapshotSpec } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const CARD = '# Card\n## Intended use\nScoring loans.\n';
const EMPTY_CARD = '# Card\n## Intended use\nTBD\n';

const BASE: Omit<ContractInput, 'version'> = {
  scope: { paths: ['models/**'] },
  roles: { 'ml-lead': ['@alice', '@dave', '@erin'], sre: ['@bob'] },
  waivers: { approvers: ['ml-lead'], max_days: 30 },
};

type Item = Record<string, unknown>;

function run(extra: Partial<Omit<ContractInput, 'version'>>, spec: SnapshotSpec, now = NOW): Verdict {
  const contract = buildContract({ ...BASE, ...extra } as Omit<ContractInput, 'version'>);
  return evaluate(compileContract(contract), buildSnapshot({ files: ['models/m.onnx'], ...spec }), now);
}

function item(fields: Item): Partial<Omit<ContractInput, 'version'>> {
  return { evidence: [{ id: 'card', title: 'Card', owner: 'ml-lead', ...fields }] } as Partial<Omit<ContractInput, 'version'>>;
}

/** What the check shows: the conclusion and every status. */
function outcome(verdict: Verdict): string {
  return [verdict.conclusion, ...verdict.signoffs.map((s) => `${s.role}:${s.status}`), ...verdict.evidence.map((e) => `${e.id}:${e.status}`)].join(' ');
}

/** Evaluates at the instant, a millisecond before it, and at it: the first must equal now's outcome, the second differ. */
function flipsAt(extra: Partial<Omit<ContractInput, 'version'>>, spec: SnapshotSpec, instant: string): [string, string, string] {
  const at = Date.parse(instant);
  return [outcome(run(extra, spec)), outcome(run(extra, spec, new Date(at - 1))), outcome(run(extra, spec, new Date(at)))];
}

describe('nextChangeAt: waivers', () => {
  const card = item({ file: 'docs/card.md', sections: ['Intended use'] });
  const gap = { 'docs/card.md': EMPTY_CARD };

  it('is the expiry of the waiver that covers a gap', () => {
    const spec = { evidence: gap, conversation: [comment(1, 'alice', '/waive card 5d legal review', '2026-05-30T00:00:00Z')] };
    const verdict = run(card, spec);
    expect(verdict.evidence[0]?.status).toBe('waived');
    expect(verdict.nextChangeAt).toBe('2026-06-04T00:00:00.000Z');
    const [now, before, at] = flipsAt(card, spec, '2026-06-04T00:00:00.000Z');
    expect(before).toBe(now);
    expect(at).toBe('failure card:missing');
  });

  it('ignores a waiver on an item that is met, and one that already expired', () => {
    const met = { evidence: { 'docs/card.md': CARD }, conversation: [comment(1, 'alice', '/waive card 5d just in case', '2026-05-30T00:00:00Z')] };
    expect(run(card, met)).toMatchObject({ conclusion: 'success', nextChangeAt: null });
    const expired = { evidence: gap, conversation: [comment(1, 'alice', '/waive card 5d old', '2026-05-01T00:00:00Z')] };
    expect(run(card, expired)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });

  it('follows the latest accepted waiver, also when it is shorter than an earlier one', () => {
    const spec = {
      evidence: gap,
      conversation: [
        comment(1, 'alice', '/waive card 30d long', '2026-05-30T00:00:00Z'),
        comment(2, 'dave', '/waive card 3d short', '2026-05-31T00:00:00Z'),
      ],
    };
    expect(run(card, spec).nextChangeAt).toBe('2026-06-03T00:00:00.000Z');
  });

  it('attack: a waiver the author gives themselves, or one in an edited comment, schedules nothing', () => {
    const own = { author: 'alice', evidence: gap, conversation: [comment(1, 'alice', '/waive card 5d mine', '2026-05-30T00:00:00Z')] };
    expect(run(card, own)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    const edited = { ...comment(1, 'alice', '/waive card 5d edited', '2026-05-30T00:00:00Z'), edited: true };
    expect(run(card, { evidence: gap, conversation: [edited] })).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });
});

describe('nextChangeAt: sign-off expiry', () => {
  const policy = (extra: Item = {}) =>
    ({ signoffs: [{ role: 'ml-lead', ...extra }], signoff_policy: { expires_after_days: 10 } }) as Partial<Omit<ContractInput, 'version'>>;

  it('is the moment a met sign-off passes expires_after_days', () => {
    const spec = { conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-05-25T09:30:00Z')] };
    expect(run(policy(), spec).nextChangeAt).toBe('2026-06-04T09:30:00.000Z');
    const [now, before, at] = flipsAt(policy(), spec, '2026-06-04T09:30:00.000Z');
    expect(now).toBe('success ml-lead:met');
    expect(before).toBe(now);
    expect(at).toBe('failure ml-lead:stale');
  });

  it('with count 2 of three signers, is when the second-earliest expires', () => {
    const spec = {
      conversation: [
        comment(1, 'alice', '/signoff ml-lead', '2026-05-24T00:00:00Z'),
        comment(2, 'dave', '/signoff ml-lead', '2026-05-26T00:00:00Z'),
        comment(3, 'erin', '/signoff ml-lead', '2026-05-28T00:00:00Z'),
      ],
    };
    expect(run(policy({ count: 2 }), spec).nextChangeAt).toBe('2026-06-05T00:00:00.000Z');
    const [, before, at] = flipsAt(policy({ count: 2 }), spec, '2026-06-05T00:00:00.000Z');
    expect(before).toBe('success ml-lead:met');
    expect(at).toBe('failure ml-lead:stale');
  });

  it('is null when the sign-offs do not meet the requirement anyway (stale by a push, too few, blocked, or without an expiry)', () => {
    const atOld = { conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-05-30T00:00:00Z', 'old')] };
    const pushed = { ...atOld, changesSince: [{ fromSha: 'old', commits: ['c1'], files: ['models/m.onnx'] }] };
    expect(run(policy(), pushed)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    const one = { conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-05-30T00:00:00Z')] };
    expect(run(policy({ count: 2 }), one)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    const blocked = {
      conversation: [
        comment(1, 'alice', '/signoff ml-lead', '2026-05-30T00:00:00Z'),
        { ...comment(2, 'dave', 'no', '2026-05-31T00:00:00Z'), key: 'review:2', source: 'review' as const, reviewState: 'CHANGES_REQUESTED' as const },
      ],
    };
    expect(run(policy(), blocked)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    expect(run({ signoffs: [{ role: 'ml-lead' }] }, one)).toMatchObject({ conclusion: 'success', nextChangeAt: null });
  });

  it("attack: the author's own sign-off never counts, so it never schedules its expiry", () => {
    const spec = { author: 'alice', conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-05-30T00:00:00Z')] };
    expect(run(policy(), spec)).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });
});

describe('nextChangeAt: max_age_days', () => {
  const aged = item({ file: 'docs/card.md', sections: ['Intended use'], max_age_days: 30 });
  const dated = (content: string, lastChangedAt: string) => ({ evidence: { 'docs/card.md': { state: 'present' as const, content, lastChangedAt } } });

  it('is the moment the file is more than max_age_days whole days old', () => {
    const spec = dated(CARD, '2026-05-20T08:00:00Z');
    // 30 whole days old is still fresh; 31 is not.
    expect(run(aged, spec).nextChangeAt).toBe('2026-06-20T08:00:00.000Z');
    const [now, before, at] = flipsAt(aged, spec, '2026-06-20T08:00:00.000Z');
    expect(now).toBe('success card:met');
    expect(before).toBe(now);
    expect(at).toBe('failure card:missing');
  });

  it('counts the age of a met item that also has a waiver: at the age limit the waiver covers the gap', () => {
    const spec = { ...dated(CARD, '2026-05-20T08:00:00Z'), conversation: [comment(1, 'alice', '/waive card 30d later', '2026-05-31T00:00:00Z')] };
    expect(run(aged, spec)).toMatchObject({ conclusion: 'success', nextChangeAt: '2026-06-20T08:00:00.000Z' });
    const later = run(aged, spec, new Date('2026-06-20T08:00:00Z'));
    expect(later).toMatchObject({ conclusion: 'success', nextChangeAt: '2026-06-30T00:00:00.000Z' });
    expect(outcome(later)).toBe('success card:waived');
  });

  it('is null when the item has another problem that time cannot fix, or is stale already', () => {
    expect(run(aged, dated(EMPTY_CARD, '2026-05-20T08:00:00Z'))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    expect(run(aged, dated(CARD, '2026-01-01T00:00:00Z'))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    expect(run(aged, dated(CARD, 'not a date'))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });

  it('counts an expired waiver, which only adds its own note, as no other problem', () => {
    const spec = { ...dated(CARD, '2026-06-10T00:00:00Z'), conversation: [comment(1, 'alice', '/waive card 1d old', '2026-05-01T00:00:00Z')] };
    const verdict = run(aged, spec);
    expect(verdict.evidence[0]?.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('in the future'),
      'the waiver expired on 2026-05-02',
    ]);
    expect(verdict.nextChangeAt).toBe('2026-06-09T23:55:00.000Z');
  });

  it('attack: a last change dated in the future is a gap until five minutes before that date, then fresh for max_age_days from it', () => {
    const spec = dated(CARD, '2026-06-10T00:00:00Z');
    expect(run(aged, spec)).toMatchObject({ conclusion: 'failure', nextChangeAt: '2026-06-09T23:55:00.000Z' });
    const [, before, at] = flipsAt(aged, spec, '2026-06-09T23:55:00.000Z');
    expect(before).toBe('failure card:missing');
    expect(at).toBe('success card:met');
    expect(run(aged, spec, new Date('2026-06-09T23:55:00Z')).nextChangeAt).toBe('2026-07-11T00:00:00.000Z');
    // Within the allowed skew the date counts at once, and staleness runs from it.
    expect(run(aged, dated(CARD, '2026-06-01T12:04:00Z'))).toMatchObject({ conclusion: 'success', nextChangeAt: '2026-07-02T12:04:00.000Z' });
  });

  it('attack: a date beyond what a Date can hold is unknown, and one far ahead never makes the evaluation fail', () => {
    expect(run(aged, dated(CARD, '+275760-09-13T00:00:00.001Z'))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
    const far = run(aged, dated(CARD, '+275760-09-13T00:00:00.000Z'));
    expect(far.notes).toEqual([]);
    expect(far).toMatchObject({ conclusion: 'failure', nextChangeAt: new Date(8.64e15 - 5 * 60_000).toISOString() });
  });
});

describe('nextChangeAt: enforce_from', () => {
  const gate = item({ checks: ['model-eval'], enforce_from: '2026-06-15' });

  it('is UTC midnight of the enforce_from day while a gap is a warning', () => {
    const verdict = run(gate, {});
    expect(outcome(verdict)).toBe('success card:warning');
    expect(verdict.nextChangeAt).toBe('2026-06-15T00:00:00.000Z');
    const [now, before, at] = flipsAt(gate, {}, '2026-06-15T00:00:00.000Z');
    expect(before).toBe(now);
    expect(at).toBe('failure card:missing');
  });

  it('is null for a met item, and after the day has come', () => {
    expect(run(gate, { checks: { 'model-eval': 'success' } })).toMatchObject({ conclusion: 'success', nextChangeAt: null });
    expect(run(gate, {}, new Date('2026-06-15T00:00:00Z'))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });

  it('waits for the waiver of a waived item, not for the enforce_from day', () => {
    const spec = { conversation: [comment(1, 'alice', '/waive card 20d pending', '2026-06-01T00:00:00Z')] };
    expect(run(gate, spec).nextChangeAt).toBe('2026-06-21T00:00:00.000Z');
    expect(outcome(run(gate, spec, new Date('2026-06-21T00:00:00Z')))).toBe('failure card:missing');
  });
});

describe('nextChangeAt: the verdict as a whole', () => {
  it('is the earliest instant among the rules, and moves on to the next once that one has passed', () => {
    const contract = {
      signoffs: [{ role: 'ml-lead' }],
      signoff_policy: { expires_after_days: 10 },
      evidence: [
        { id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md', sections: ['Intended use'], max_age_days: 30 },
        { id: 'gate', title: 'Gate', owner: 'ml-lead', checks: ['model-eval'], enforce_from: '2026-06-03' },
      ],
    } as Partial<Omit<ContractInput, 'version'>>;
    const spec = {
      evidence: { 'docs/card.md': { state: 'present' as const, content: CARD, lastChangedAt: '2026-05-20T08:00:00Z' } },
      conversation: [comment(1, 'bob', 'hi', '2026-05-01T00:00:00Z'), comment(2, 'alice', '/signoff ml-lead', '2026-05-28T00:00:00Z')],
    };
    const steps: string[] = [];
    let now = NOW;
    for (let verdict = run(contract, spec, now); verdict.nextChangeAt !== null; verdict = run(contract, spec, now)) {
      steps.push(`${verdict.nextChangeAt} ${outcome(verdict)}`);
      now = new Date(verdict.nextChangeAt);
    }
    steps.push(`end ${outcome(run(contract, spec, now))}`);
    expect(steps).toEqual([
      '2026-06-03T00:00:00.000Z success ml-lead:met card:met gate:warning',
      '2026-06-07T00:00:00.000Z failure ml-lead:met card:met gate:missing',
      '2026-06-20T08:00:00.000Z failure ml-lead:stale card:met gate:missing',
      'end failure ml-lead:stale card:missing gate:missing',
    ]);
  });

  it('is null out of scope, and when the evaluation itself failed', () => {
    const contract = { signoffs: [{ role: 'ml-lead' }], signoff_policy: { expires_after_days: 10 } } as Partial<Omit<ContractInput, 'version'>>;
    const signed = { conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-05-30T00:00:00Z')] };
    expect(run(contract, { ...signed, files: ['README.md'] })).toMatchObject({ inScope: false, nextChangeAt: null });
    expect(run(contract, signed, new Date(Number.NaN))).toMatchObject({ conclusion: 'failure', nextChangeAt: null });
  });
});
