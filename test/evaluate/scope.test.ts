import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate, outOfScopeVerdict } from '../../src/evaluate/evaluate.js';
import { judgeScope } from '../../src/evaluate/scope.js';
import type { ChangedFile, ChangedFileStatus } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot, comment } from '../support/snapshot-builder.js';

const COMPILED = compileContract(
  buildContract({
    scope: { paths: ['models/**', 'serving/**'], ignore: ['**/*.md'] },
    roles: { 'ml-lead': ['@alice'] },
    signoffs: [{ role: 'ml-lead' }],
    evidence: [{ id: 'card', title: 'Card', owner: 'ml-lead', file: 'docs/card.md' }],
  }),
);
const NOW = new Date('2026-06-01T12:00:00Z');
const files = (...list: (string | ChangedFile)[]) => ({
  changedFiles: list.map((f) => (typeof f === 'string' ? { path: f, status: 'modified' as const } : f)),
  changedFilesTruncated: false,
});

describe('judgeScope', () => {
  it('puts a pull request in scope when a changed file matches the scope and is not ignored', () => {
    expect(judgeScope(COMPILED, files('models/a.onnx'))).toBe(true);
    expect(judgeScope(COMPILED, files('docs/readme.txt'))).toBe(false);
    expect(judgeScope(COMPILED, files('models/README.md'))).toBe(false);
    expect(judgeScope(COMPILED, files())).toBe(false);
  });

  it('cannot be dodged by renaming a file out of the scope: its previous name counts', () => {
    expect(judgeScope(COMPILED, files({ path: 'archive/a.onnx', previousPath: 'models/a.onnx', status: 'renamed' }))).toBe(true);
    // Control: a rename that never touched the scope.
    expect(judgeScope(COMPILED, files({ path: 'archive/b.txt', previousPath: 'docs/b.txt', status: 'renamed' }))).toBe(false);
  });

  it('cannot be dodged by a cut file list, nor by changing the contract itself', () => {
    expect(judgeScope(COMPILED, { ...files('docs/readme.txt'), changedFilesTruncated: true })).toBe(true);
    expect(judgeScope(COMPILED, files('.github/readiness.yml'))).toBe(true);
    expect(judgeScope(COMPILED, files({ path: '.github/readiness.yml', status: 'removed' }))).toBe(true);
  });
});

const status = fc.constantFrom<ChangedFileStatus>('added', 'modified', 'removed', 'renamed');
const path = fc.constantFrom('models/a.onnx', 'models/a.md', 'serving/app.py', 'docs/x.txt', 'src/y.ts', '.github/readiness.yml');
const changed = fc.array(
  fc.record({ path, status, previousPath: fc.option(path, { nil: undefined }) }).map((f) => (f.previousPath === undefined ? { path: f.path, status: f.status } : f)),
  { maxLength: 5 },
);

describe('the scope judgement and evaluate() agree (one rule)', () => {
  it('evaluate() is in scope exactly when judgeScope says so, and its out-of-scope verdict is outOfScopeVerdict plus the answers to commands', () => {
    fc.assert(
      fc.property(changed, fc.boolean(), (list, truncated) => {
        const snapshot = buildSnapshot({ files: list, truncated, conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-06-01T10:00:00Z')] });
        const verdict = evaluate(COMPILED, snapshot, NOW);
        expect(verdict.inScope).toBe(judgeScope(COMPILED, snapshot));
        if (!verdict.inScope) expect(verdict).toEqual({ ...outOfScopeVerdict(COMPILED, snapshot.pull, NOW), commands: verdict.commands });
      }),
      { numRuns: 300 },
    );
  });

  it('answers commands out of scope only in evaluate(), which has the conversation', () => {
    const snapshot = buildSnapshot({ files: ['docs/x.txt'], conversation: [comment(1, 'alice', '/signoff ml-lead', '2026-06-01T10:00:00Z')] });
    expect(evaluate(COMPILED, snapshot, NOW).commands).toHaveLength(1);
    const quick = outOfScopeVerdict(COMPILED, snapshot.pull, NOW);
    expect(quick).toMatchObject({ inScope: false, conclusion: 'success', commands: [], nextChangeAt: null, headSha: snapshot.pull.headSha });
    expect(quick.signoffs.map((s) => s.status)).toEqual(['not_applicable']);
  });

  it('never passes on an invalid time', () => {
    expect(outOfScopeVerdict(COMPILED, buildSnapshot().pull, new Date(Number.NaN)).conclusion).toBe('failure');
  });
});
