import { describe, expect, it } from '@jest/globals';
import type { ContractInput } from '../../src/contract/schema.js';
import { branchContractNeeds, evaluateBranch, type BranchFacts, type BranchVerdict } from '../../src/evaluate/branch-head.js';
import { compileContract } from '../../src/evaluate/compile.js';
import type { CheckFact, EvidenceFileFact } from '../../src/facts/snapshot.js';
import { buildContract } from '../support/snapshot-builder.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const HEAD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const CARD = '# Card\n## Intended use\nScoring loans.\n';

type Items = Record<string, unknown>[];

function contractOf(evidence: Items, extra: Record<string, unknown> = {}) {
  return buildContract({ scope: { paths: ['models/**'] }, roles: { 'ml-lead': ['@alice'] }, evidence, ...extra } as unknown as Omit<ContractInput, 'version'>);
}

function run(evidence: Items, facts: Partial<BranchFacts> = {}, now = NOW): BranchVerdict {
  return evaluateBranch(compileContract(contractOf(evidence)), { branch: 'main', headSha: HEAD, evidence: {}, checks: {}, ...facts }, now);
}

const present = (content: string, lastChangedAt?: string): EvidenceFileFact =>
  lastChangedAt === undefined ? { state: 'present', content } : { state: 'present', content, lastChangedAt };

const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

const item = (fields: Record<string, unknown>) => ({ id: 'card', title: 'Card', owner: 'ml-lead', ...fields });

describe('evaluateBranch: what applies on a branch', () => {
  it('judges items without when and with paths, and leaves label-only items unjudged', () => {
    const verdict = run(
      [
        item({ id: 'always', file: 'a.md' }),
        item({ id: 'paths', file: 'b.md', when: { paths: ['models/**'] } }),
        item({ id: 'both', file: 'c.md', when: { paths: ['data/**'], labels: ['impact:high'] } }),
        item({ id: 'labels', file: 'd.md', when: { labels: ['impact:high'] } }),
      ],
      { evidence: { 'a.md': present('x'), 'b.md': present('x') } },
    );

    expect(verdict.evidence.map((e) => `${e.id}:${e.status}`)).toEqual(['always:met', 'paths:met', 'both:missing', 'labels:not_applicable']);
  });

  it('reads no facts for label-only items', () => {
    const needs = branchContractNeeds(
      contractOf([item({ id: 'labels', file: 'd.md', max_age_days: 5, checks: ['scan'], when: { labels: ['x'] } }), item({ id: 'always', file: 'a.md' })]),
    );

    expect(needs.evidenceFiles).toEqual([{ path: 'a.md', lastChange: false }]);
    expect(needs.checks).toEqual([]);
  });

  it('demands nothing of changed_with: a branch has no change set', () => {
    const verdict = run([item({ file: 'card.md', changed_with: ['models/**'] })], { evidence: { 'card.md': present(CARD) } });

    expect(verdict.evidence[0]).toMatchObject({ status: 'met', problems: [] });
  });
});

describe('evaluateBranch: the same evidence rules as a pull request', () => {
  it('finds a missing file, an empty section and a failed field', () => {
    const verdict = run(
      [
        item({ id: 'gone', file: 'gone.md' }),
        item({ id: 'card', file: 'card.md', sections: ['Intended use', 'Limitations'] }),
        item({ id: 'eval', file: 'eval.json', fields: [{ path: 'auc', min: 0.8 }] }),
      ],
      { evidence: { 'card.md': present(CARD), 'eval.json': present('{"auc": 0.7}') } },
    );

    expect(verdict.evidence.map((e) => [e.id, e.status, e.problems.map((p) => p.message)])).toEqual([
      ['gone', 'missing', ['gone.md does not exist at the head commit']],
      ['card', 'missing', ["section 'Limitations' is missing (no heading with that text)"]],
      ['eval', 'missing', ['auc is 0.7, needs ≥ 0.8']],
    ]);
  });

  it('judges checks on the head commit, and a success from a person’s status does not count', () => {
    const checks: Record<string, CheckFact> = {
      ci: { name: 'ci', observations: [{ kind: 'check_run', app: 'ci-app', conclusion: 'success' }] },
      scan: { name: 'scan', observations: [{ kind: 'status', creator: { login: 'mallory', type: 'User' }, conclusion: 'success' }] },
    };
    const verdict = run([item({ id: 'ci', checks: ['ci'] }), item({ id: 'scan', checks: ['scan'] })], { checks });

    expect(verdict.evidence.map((e) => `${e.id}:${e.status}`)).toEqual(['ci:met', 'scan:missing']);
  });

  it('shows a phased-in item as a warning until its enforce_from day, and changes then', () => {
    const verdict = run([item({ file: 'gone.md', enforce_from: '2026-07-01' })]);

    expect(verdict.evidence[0]?.status).toBe('warning');
    expect(verdict.nextChangeAt).toBe('2026-07-01T00:00:00.000Z');
  });
});

describe('evaluateBranch: freshness', () => {
  it('says how old the file is and when it turns stale, which is the next change', () => {
    const verdict = run([item({ file: 'runbook.md', max_age_days: 90 })], { evidence: { 'runbook.md': present('# Runbook', daysAgo(83)) } });

    expect(verdict.evidence[0]?.status).toBe('met');
    expect(verdict.freshness.card).toEqual({
      state: 'fresh',
      maxAgeDays: 90,
      lastChangedAt: daysAgo(83),
      ageDays: 83,
      staleAt: new Date(Date.parse(daysAgo(83)) + 91 * DAY).toISOString(),
    });
    expect(verdict.nextChangeAt).toBe(verdict.freshness.card?.staleAt);
    // At that instant the item is stale: the same time rule decides both.
    const later = run([item({ file: 'runbook.md', max_age_days: 90 })], { evidence: { 'runbook.md': present('# Runbook', daysAgo(83)) } }, new Date(verdict.nextChangeAt ?? ''));
    expect(later.evidence[0]?.status).toBe('missing');
    expect(later.nextChangeAt).toBeNull();
  });

  it('finds a stale file missing, saying its age against the limit', () => {
    const verdict = run([item({ file: 'runbook.md', max_age_days: 90 })], { evidence: { 'runbook.md': present('# Runbook', daysAgo(100)) } });

    expect(verdict.evidence[0]?.problems.map((p) => p.message)).toEqual([`runbook.md was last changed ${daysAgo(100).slice(0, 10)}, 100 days ago; at most 90 allowed`]);
    expect(verdict.freshness.card).toMatchObject({ state: 'stale', ageDays: 100, staleAt: null });
  });

  it('does not let a commit dated in the future keep a file fresh (commit dates are the author’s to set)', () => {
    const future = new Date(NOW.getTime() + 30 * DAY).toISOString();
    const verdict = run([item({ file: 'runbook.md', max_age_days: 90 })], { evidence: { 'runbook.md': present('# Runbook', future) } });

    expect(verdict.evidence[0]?.status).toBe('missing');
    expect(verdict.freshness.card).toMatchObject({ state: 'future', staleAt: null });
  });

  it('cannot show a file fresh when its last change is unknown', () => {
    const verdict = run([item({ file: 'runbook.md', max_age_days: 90 })], { evidence: { 'runbook.md': present('# Runbook') } });

    expect(verdict.evidence[0]?.status).toBe('missing');
    expect(verdict.freshness.card).toMatchObject({ state: 'unknown', lastChangedAt: null, ageDays: null });
    expect(verdict.nextChangeAt).toBeNull();
  });
});
