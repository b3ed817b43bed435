/**
 * `digest_of`: an evaluation report counts only for the artifact it names, as
 * committed at the head. The PR author controls both the report and the model
 * file, so what is tested is that they must agree with each other.
 */
import { describe, expect, it } from '@jest/globals';
import { compileContract } from '../../src/evaluate/compile.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { ArtifactFact } from '../../src/facts/snapshot.js';
import { buildContract, buildSnapshot } from '../support/snapshot-builder.js';
import type { SnapshotSpec } from '../support/snapshot-builder.js';

const MODEL_A = 'a'.repeat(64);
const MODEL_B = 'b'.repeat(64);
const POINTER_OID = '4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393';

const contract = buildContract({
  scope: { paths: ['models/**'] },
  roles: { 'ml-lead': ['@alice'] },
  evidence: [
    {
      id: 'evaluation',
      title: 'Evaluation of this model',
      owner: 'ml-lead',
      file: 'reports/eval.json',
      fields: [
        { path: 'metrics.auc', min: 0.8 },
        { path: 'model.sha256', digest_of: 'models/churn.onnx' },
      ],
    },
  ],
});

function report(sha: unknown): string {
  return `{\n  "model": {\n    "sha256": ${JSON.stringify(sha)}\n  },\n  "metrics": { "auc": 0.91 }\n}\n`;
}

function judge(reportText: string, artifact: ArtifactFact | undefined, spec: SnapshotSpec = {}) {
  const snapshot = buildSnapshot({ files: ['models/churn.onnx'], evidence: { 'reports/eval.json': reportText }, ...spec });
  if (artifact) snapshot.artifacts = { 'models/churn.onnx': artifact };
  const [item] = evaluate(compileContract(contract), snapshot, new Date('2026-06-01T00:00:00Z')).evidence;
  return { status: item?.status, problems: item?.problems };
}

describe('digest_of', () => {
  it('control: a report whose digest is the SHA-256 of the committed model is met', () => {
    expect(judge(report(MODEL_A), { state: 'present', sha256: MODEL_A })).toEqual({ status: 'met', problems: [] });
  });

  it('attack: a report written for another model is a gap that shows both digests and the field line', () => {
    expect(judge(report(MODEL_B), { state: 'present', sha256: MODEL_A })).toEqual({
      status: 'missing',
      problems: [
        {
          message: `model.sha256 is "${MODEL_B}", needs "${MODEL_A}" (the SHA-256 of models/churn.onnx)`,
          file: 'reports/eval.json',
          line: 3,
        },
      ],
    });
  });

  it('attack: swapping the model and keeping the old report fails, and updating the report passes again', () => {
    // The base branch's report and model agree; the pull request replaces only the model.
    const oldReport = report(MODEL_A);
    expect(judge(oldReport, { state: 'present', sha256: MODEL_B })).toMatchObject({ status: 'missing' });
    expect(judge(report(MODEL_B), { state: 'present', sha256: MODEL_B })).toEqual({ status: 'met', problems: [] });
  });

  it('an LFS pointer: the oid it names counts, and the mismatch message names its line', () => {
    const pointer: ArtifactFact = { state: 'present', sha256: MODEL_A, lfsPointer: { oid: POINTER_OID, line: 2 } };
    expect(judge(report(POINTER_OID), pointer)).toEqual({ status: 'met', problems: [] });
    expect(judge(report(MODEL_B), pointer).problems).toEqual([
      {
        message: `model.sha256 is "${MODEL_B}", needs "${POINTER_OID}" (the oid in the Git LFS pointer models/churn.onnx, line 2)`,
        file: 'reports/eval.json',
        line: 3,
      },
    ]);
    // The pointer's own bytes are not the model, so their digest does not count.
    expect(judge(report(MODEL_A), pointer)).toMatchObject({ status: 'missing' });
  });

  it('a missing or unreadable artifact is a gap that says so', () => {
    expect(judge(report(MODEL_A), { state: 'absent' }).problems).toEqual([
      { message: 'model.sha256 cannot be checked: models/churn.onnx does not exist at the head commit', file: 'reports/eval.json', line: 3 },
    ]);
    expect(judge(report(MODEL_A), { state: 'unreadable', reason: 'models/churn.onnx is too large to hash (more than 100 MiB)' }).problems).toEqual([
      {
        message: 'model.sha256 cannot be checked: models/churn.onnx could not be read: models/churn.onnx is too large to hash (more than 100 MiB)',
        file: 'reports/eval.json',
        line: 3,
      },
    ]);
  });

  // A digest is always 64 hex digits and a pointer's oid is checked where the bytes are read
  // (test/facts/artifact-digest.test.ts), so the judge only meets well-formed facts.
  it('an artifact whose digest was not gathered never matches', () => {
    expect(judge(report(MODEL_A), undefined).problems).toEqual([
      { message: 'model.sha256 cannot be checked: models/churn.onnx could not be read: the digest of models/churn.onnx was not gathered', file: 'reports/eval.json', line: 3 },
    ]);
  });

  it('a field that is not a string, or is missing, is a gap', () => {
    const present: ArtifactFact = { state: 'present', sha256: MODEL_A };
    expect(judge(report(12345), present).problems).toEqual([
      { message: `model.sha256 is 12345, needs a string, "${MODEL_A}" (the SHA-256 of models/churn.onnx)`, file: 'reports/eval.json', line: 3 },
    ]);
    expect(judge(report({ sha: MODEL_A }), present).problems?.[0]?.message).toBe(
      `model.sha256 is a mapping, needs a string, "${MODEL_A}" (the SHA-256 of models/churn.onnx)`,
    );
    expect(judge('{"metrics": {"auc": 0.9}}', present).problems).toEqual([
      { message: `model.sha256 is missing, needs "${MODEL_A}" (the SHA-256 of models/churn.onnx)`, file: 'reports/eval.json' },
    ]);
  });

  it('compares as written: the digest in upper case is refused, and the message says to write it in lower case', () => {
    expect(judge(report(MODEL_A.toUpperCase()), { state: 'present', sha256: MODEL_A }).problems?.[0]?.message).toBe(
      `model.sha256 is "${MODEL_A.toUpperCase()}", needs "${MODEL_A}" (the SHA-256 of models/churn.onnx, in lower case)`,
    );
  });
});
