/** `readiness-gate check` hashes the model in the working tree, whether Git LFS has fetched it or left the pointer. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { JsonReport } from '../../src/cli/json-report.js';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from './io.js';
import { TestRepo } from './test-repo.js';

const CONTRACT = `version: 1
scope:
  paths: ["models/**"]
roles:
  ml-lead: ["@alice"]
evidence:
  - id: eval
    title: Evaluation of this model
    owner: ml-lead
    file: reports/eval.json
    fields: [{ path: model.sha256, digest_of: models/churn.onnx }]
`;

const MODEL = Buffer.from('weights of the March model\n');
const OTHER_MODEL = Buffer.from('weights of the February model\n');
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const pointer = (model: Buffer) => `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(model)}\nsize ${model.length}\n`;
const report = (sha: string) => JSON.stringify({ model: { sha256: sha } });

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function judge(files: Record<string, string | Buffer>, prepare?: (repo: TestRepo) => void) {
  const repo = await TestRepo.create();
  cleanups.push(() => repo.remove());
  repo.write({ '.github/readiness.yml': CONTRACT });
  await repo.commit('contract');
  await repo.git('checkout', '--quiet', '-b', 'feature');
  repo.write(files);
  prepare?.(repo);
  await repo.commit('model and report');
  const io = captureIo(repo.dir);
  const code = await runCli(['check', '--now', '2025-03-01T00:00:00Z', '--json'], io);
  const item = (JSON.parse(io.out()) as JsonReport).evidence[0];
  return { code, status: item?.status, messages: item?.problems.map((problem) => problem.message) };
}

describe('digest_of in readiness-gate check', () => {
  it('control: met for a plain model file whose SHA-256 the report names', async () => {
    expect(await judge({ 'models/churn.onnx': MODEL, 'reports/eval.json': report(sha256(MODEL)) })).toEqual({ code: 0, status: 'met', messages: [] });
  });

  it('met alike for the LFS pointer and for the file Git LFS fetched in its place', async () => {
    const inTree = { 'reports/eval.json': report(sha256(MODEL)) };
    expect(await judge({ ...inTree, 'models/churn.onnx': pointer(MODEL) })).toMatchObject({ status: 'met' });
    expect(await judge({ ...inTree, 'models/churn.onnx': MODEL })).toMatchObject({ status: 'met' });
  });

  it('attack: a report written for another model is a gap', async () => {
    const result = await judge({ 'models/churn.onnx': pointer(MODEL), 'reports/eval.json': report(sha256(OTHER_MODEL)) });
    expect(result).toEqual({
      code: 1,
      status: 'missing',
      messages: [`model.sha256 is "${sha256(OTHER_MODEL)}", needs "${sha256(MODEL)}" (the oid in the Git LFS pointer models/churn.onnx, line 2)`],
    });
  });

  it('a missing model, or a link that leads out of the repository, is a gap that says so', async () => {
    // The training code is in scope, so the pull request is judged without the model.
    expect(await judge({ 'models/train.py': 'train()\n', 'reports/eval.json': report(sha256(MODEL)) })).toMatchObject({
      status: 'missing',
      messages: ['model.sha256 cannot be checked: models/churn.onnx does not exist at the head commit'],
    });
    const outside = mkdtempSync(join(tmpdir(), 'readiness-outside-'));
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, 'model.onnx'), MODEL);
    const linked = await judge({ 'models/train.py': 'train()\n', 'reports/eval.json': report(sha256(MODEL)) }, (repo) => {
      symlinkSync(join(outside, 'model.onnx'), join(repo.dir, 'models', 'churn.onnx'));
    });
    expect(linked).toMatchObject({
      status: 'missing',
      messages: ['model.sha256 cannot be checked: models/churn.onnx could not be read: models/churn.onnx is outside the repository'],
    });
  });
});
