import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { ContractInput } from '../../src/contract/schema.js';
import type { ChangedFile, ChangedFileStatus, CheckConclusion, EvidenceFileFact, Snapshot } from '../../src/facts/snapshot.js';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { renderChecklist } from '../../src/render/checklist.js';
import { GITHUB_TEXT_LIMIT, utf8Length } from '../../src/render/limits.js';
import { buildContract, buildSnapshot, comment } from '../support/snapshot-builder.js';

const CONTRACT: Omit<ContractInput, 'version'> = {
  scope: { paths: ['models/**', 'serving/**', 'data/**'], ignore: ['**/*.md'] },
  roles: { 'ml-lead': ['@alice'], sre: ['@bob'], privacy: ['@carol'] },
  signoffs: [{ role: 'ml-lead' }, { role: 'sre', when: { paths: ['serving/**'] } }, { role: 'privacy', when: { labels: ['impact:high'] } }],
  evidence: [
    { id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md', sections: ['Intended use', 'Limits'], max_age_days: 30 },
    { id: 'eval', title: 'Eval', owner: 'ml-lead', file: 'reports/eval.json', fields: [{ path: 'm.auc', min: 0.8 }], changed_with: ['models/**'] },
    { id: 'mon', title: 'Mon', owner: 'sre', file: 'ops/mon.yml', fields: [{ path: 'a[0].owner', pattern: '^@' }], when: { paths: ['serving/**'] } },
    { id: 'gate', title: 'Gate', owner: 'ml-lead', checks: ['model-eval'], enforce_from: '2026-07-01', area: 'gates' },
  ],
  waivers: { approvers: ['ml-lead'], max_days: 30 },
  signoff_policy: { expires_after_days: 10 },
};
const COMPILED = compileContract(buildContract(CONTRACT));
const EVIDENCE_FILES = ['docs/card.md', 'reports/eval.json', 'ops/mon.yml'];

const segment = fc.constantFrom('models', 'serving', 'data', 'docs', 'src', '.github', 'readiness.yml', 'a.md', 'x.py', 'eval.json', 'reports');
const path = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
  fc.constantFrom('.github/readiness.yml', ...EVIDENCE_FILES),
  fc.string({ maxLength: 20 }),
);
const status = fc.constantFrom<ChangedFileStatus>('added', 'modified', 'removed', 'renamed', 'copied', 'changed', 'unchanged');
const changedFile: fc.Arbitrary<ChangedFile> = fc
  .tuple(path, status, fc.option(path, { nil: undefined }))
  .map(([p, s, previous]) => (previous === undefined ? { path: p, status: s } : { path: p, status: s, previousPath: previous }));
const content = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom('# Intended use\nx\n## Limits\nTODO\n', '{"m": {"auc": 0.9}}', 'a:\n  - owner: "@x"\n', '{"m": {"auc": "x"}}', 'a: *b', '---\n---'),
  fc.json(),
);
const fact: fc.Arbitrary<EvidenceFileFact> = fc.oneof(
  fc.record({ state: fc.constant('present' as const), content, lastChangedAt: fc.option(fc.constantFrom('2026-05-30T00:00:00Z', 'nonsense', '2020-01-01'), { nil: undefined }) }).map(
    (f) => (f.lastChangedAt === undefined ? { state: f.state, content: f.content } : { state: f.state, content: f.content, lastChangedAt: f.lastChangedAt }),
  ),
  fc.constant({ state: 'absent' as const }),
  fc.string().map((reason) => ({ state: 'unreadable' as const, reason })),
);
const conclusion = fc.constantFrom<CheckConclusion>('success', 'failure', 'neutral', 'skipped', 'pending', 'error');
const body = fc.oneof(
  fc.constantFrom('/signoff ml-lead', '/signoff sre', '/signoff privacy', '/revoke ml-lead', '/waive card 5d ok', '/waive eval 40d no', '/readiness', 'hello'),
  fc.string({ maxLength: 40 }),
);
const entry = fc
  .tuple(fc.nat(1000), fc.constantFrom('alice', 'bob', 'carol', 'author', 'mallory'), body, fc.date({ min: new Date('2026-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }), fc.constantFrom('head', 'old', null))
  .map(([key, login, text, at, sha]) => comment(key, login, text, at.toISOString(), sha === 'head' ? 'head' : sha));

const snapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    files: fc.array(changedFile, { maxLength: 12 }),
    truncated: fc.boolean(),
    labels: fc.array(fc.constantFrom('impact:high', 'other', ''), { maxLength: 3 }),
    evidence: fc.dictionary(fc.constantFrom(...EVIDENCE_FILES), fact),
    checks: fc.dictionary(fc.constantFrom('model-eval', 'other'), conclusion),
    conversation: fc.array(entry, { maxLength: 5 }),
    changedSince: fc.array(path, { maxLength: 3 }),
  })
  .map((r) =>
    buildSnapshot({
      files: r.files,
      truncated: r.truncated,
      labels: r.labels,
      evidence: r.evidence,
      checks: r.checks,
      conversation: r.conversation,
      headSha: 'head',
      changesSince: [{ fromSha: 'old', commits: ['c1'], files: r.changedSince }],
    }),
  );
const now = fc.date({ min: new Date('2025-01-01'), max: new Date('2027-12-31'), noInvalidDate: true });

const GAPS = new Set(['missing', 'stale']);

describe('evaluate, on any snapshot', () => {
  it('reaches a verdict without an internal failure, consistent with its own entries', () => {
    fc.assert(
      fc.property(snapshot, now, (s, n) => {
        const verdict = evaluate(COMPILED, s, n);
        expect(verdict.notes.filter((note) => note.kind === 'evaluation-failed')).toEqual([]);
        const applicableSignoffs = verdict.signoffs.filter((x) => x.status !== 'not_applicable');
        const applicableEvidence = verdict.evidence.filter((x) => x.status !== 'not_applicable');
        expect(verdict.counts.signoffs.required).toBe(applicableSignoffs.length);
        expect(verdict.counts.evidence.required).toBe(applicableEvidence.length);
        expect(verdict.areas.flatMap((a) => a.evidenceIds).sort()).toEqual(applicableEvidence.map((e) => e.id).sort());
        if (!verdict.inScope) expect(verdict.conclusion).toBe('success');
      }),
      { numRuns: 400 },
    );
  });

  it('never succeeds while an applicable requirement is missing or stale', () => {
    fc.assert(
      fc.property(snapshot, now, (s, n) => {
        const verdict = evaluate(COMPILED, s, n);
        const gap = [...verdict.signoffs, ...verdict.evidence].some((r) => GAPS.has(r.status));
        if (gap) expect(verdict.conclusion).not.toBe('success');
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic, also across compilations of the same contract', () => {
    fc.assert(
      fc.property(snapshot, now, (s, n) => {
        const first = evaluate(COMPILED, s, n);
        const second = evaluate(compileContract(buildContract(CONTRACT)), structuredClone(s), new Date(n.getTime()));
        expect(second).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });

  // A snapshot is typed data from the gatherers, so junk cannot reach evaluate(); the property
  // that held for junk snapshots now holds for the one malformed input a caller can pass: the time.
  it('never throws on an invalid time, and never passes it', () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        const verdict = evaluate(COMPILED, s, new Date(Number.NaN));
        expect(['failure', 'neutral', 'success']).toContain(verdict.conclusion);
        expect(verdict.conclusion).not.toBe('success');
      }),
      { numRuns: 300 },
    );
  });

  // Verdicts come only from evaluate() (none is ever read back from outside), so the renderers
  // are checked on every verdict it can reach, not on hand-broken ones.
  it('renders every verdict it reaches within GitHub\'s limits, passing the conclusion through', () => {
    fc.assert(
      fc.property(snapshot, now, (s, n) => {
        const verdict = evaluate(COMPILED, s, n);
        const output = renderCheckRun(verdict, { contractPath: '.github/readiness.yml', contractSha: null });
        expect(output.conclusion).toBe(verdict.conclusion);
        expect(utf8Length(output.summary)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
        expect(utf8Length(output.text)).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
        expect(renderChecklist(verdict)).toMatch(/^## Production readiness: /);
      }),
      { numRuns: 200 },
    );
  });
});
