/**
 * The snapshot is trusted by the evaluator, so what GitHub answers is made
 * truthful where it is read: a comparison without a file list is a cut list,
 * and a check conclusion this code does not know is a failure.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { readChecks } from '../../src/facts/github/checks.js';
import { listChangedFilesAt } from '../../src/facts/github/pull.js';
import { testClient } from '../support/recording-fetch.js';

const API = 'https://api.github.com';
const repo = { owner: 'acme', repo: 'models' };
const BASE = 'b'.repeat(40);
const HEAD = 'a'.repeat(40);

afterEach(() => {
  nock.cleanAll();
});

describe('the changed files of a pull request', () => {
  const compare = `/repos/acme/models/compare/${BASE}...${HEAD}`;

  it('reads a comparison that lists its files as complete (the control)', async () => {
    nock(API).get(compare).query(true).reply(200, { status: 'ahead', files: [{ filename: 'models/a.onnx', status: 'added' }] });
    const listed = await listChangedFilesAt(testClient(), repo, { base: { ref: 'main', sha: BASE }, head: { sha: HEAD } });
    expect(listed).toEqual({ files: [{ path: 'models/a.onnx', status: 'added' }], truncated: false });
  });

  it('reads a comparison without a file list as cut, never as "nothing changed"', async () => {
    nock(API).get(compare).query(true).reply(200, { status: 'ahead' });
    const listed = await listChangedFilesAt(testClient(), repo, { base: { ref: 'main', sha: BASE }, head: { sha: HEAD } });
    expect(listed).toEqual({ files: [], truncated: true });
  });
});

describe('check conclusions', () => {
  function runs(...conclusions: (string | null)[]) {
    nock(API)
      .get(`/repos/acme/models/commits/${HEAD}/check-runs`)
      .query(true)
      .reply(200, {
        total_count: conclusions.length,
        check_runs: conclusions.map((conclusion, i) => ({ name: 'model-eval', status: 'completed', conclusion, app: { slug: `ci${i}` } })),
      });
    nock(API).get(`/repos/acme/models/commits/${HEAD}/statuses`).query(true).reply(200, []);
  }

  it('keeps the conclusions GitHub documents (the control)', async () => {
    runs('success', 'timed_out');
    const checks = await readChecks(testClient(), repo, HEAD, ['model-eval']);
    expect(checks['model-eval']?.observations.map((o) => o.conclusion)).toEqual(['success', 'timed_out']);
  });

  it('reads a conclusion GitHub may add later as a failure, and a completed run without one as pending', async () => {
    runs('brand_new', null);
    const checks = await readChecks(testClient(), repo, HEAD, ['model-eval']);
    expect(checks['model-eval']?.observations.map((o) => o.conclusion)).toEqual(['failure', 'pending']);
  });
});
