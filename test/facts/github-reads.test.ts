/**
 * The facts/github readers on their own, against nock: what each turns
 * GitHub's answers into, including the answers that are not failures (404,
 * a permission the installation lacks) and the ones that are.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { readChecks } from '../../src/facts/github/checks.js';
import { lastChangedAt, readEvidenceFile } from '../../src/facts/github/evidence.js';
import { loadContract } from '../../src/facts/github/load-contract.js';
import { listChangedFilesAt } from '../../src/facts/github/pull.js';
import { openPullsWithHead } from '../../src/github/head-pulls.js';
import { contentResponse } from '../support/github-app.js';
import { sent, testClient } from '../support/recording-fetch.js';

const API = 'https://api.github.com';
const repo = { owner: 'acme', repo: 'models' };
const REPO = '/repos/acme/models';
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

const run = (name: string, app: string, conclusion: string | null, suite = 1) => ({
  id: suite * 100,
  name,
  status: conclusion === null ? 'in_progress' : 'completed',
  conclusion,
  app: { slug: app },
  check_suite: { id: suite },
});
const status = (context: string, state: string, login: string, type = 'Bot') => ({ context, state, creator: { login, type } });

function mockReports(runs: unknown[], statuses: unknown[]) {
  nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query({ filter: 'latest', per_page: 100 }).reply(200, { total_count: runs.length, check_runs: runs });
  nock(API).get(`${REPO}/commits/${HEAD}/statuses`).query({ per_page: 100 }).reply(200, statuses);
}

describe('readChecks', () => {
  it('reports a check run and a status of the same name side by side, each with its source, for the judge to weigh', async () => {
    mockReports([run('model-eval', 'ci-app', 'success'), run('lint', 'ci-app', 'failure')], [status('model-eval', 'failure', 'jenkins[bot]')]);

    const checks = await readChecks(testClient(), repo, HEAD, ['model-eval']);

    expect(checks).toEqual({
      'model-eval': {
        name: 'model-eval',
        observations: [
          { kind: 'check_run', app: 'ci-app', conclusion: 'success' },
          { kind: 'status', creator: { login: 'jenkins[bot]', type: 'Bot' }, conclusion: 'failure' },
        ],
      },
    });
  });

  it("keeps each creator's newest status only (GitHub lists newest first), and an unfinished run as pending", async () => {
    mockReports(
      [run('model-eval', 'ci-app', null)],
      [status('model-eval', 'failure', 'jenkins', 'User'), status('model-eval', 'success', 'jenkins', 'User'), status('model-eval', 'pending', 'other[bot]')],
    );

    const { 'model-eval': fact } = await readChecks(testClient(), repo, HEAD, ['model-eval']);

    expect(fact?.observations).toEqual([
      { kind: 'check_run', app: 'ci-app', conclusion: 'pending' },
      { kind: 'status', creator: { login: 'jenkins', type: 'User' }, conclusion: 'failure' },
      { kind: 'status', creator: { login: 'other[bot]', type: 'Bot' }, conclusion: 'pending' },
    ]);
  });

  it('asks for the workflow runs only when GitHub Actions reported a wanted name, and names the workflow file of each run', async () => {
    mockReports([run('model-eval', 'github-actions', 'success', 7)], []);
    nock(API)
      .get(`${REPO}/actions/runs`)
      .query({ head_sha: HEAD, per_page: 100 })
      .reply(200, { total_count: 1, workflow_runs: [{ check_suite_id: 7, path: '.github/workflows/eval.yml@refs/heads/main', referenced_workflows: [{ path: 'acme/models/.github/workflows/shared.yml@main' }] }] });

    const { 'model-eval': fact } = await readChecks(testClient(), repo, HEAD, ['model-eval']);

    expect(fact?.observations).toEqual([
      { kind: 'check_run', app: 'github-actions', conclusion: 'success', workflow: { file: '.github/workflows/eval.yml', calls: ['.github/workflows/shared.yml'] } },
    ]);
  });

  it('says why no workflow is known when the installation may not read workflow runs (403), and fails on a real GitHub error', async () => {
    mockReports([run('model-eval', 'github-actions', 'success')], []);
    nock(API).get(`${REPO}/actions/runs`).query(true).reply(403, { message: 'Resource not accessible by integration' });

    const { 'model-eval': fact } = await readChecks(testClient(), repo, HEAD, ['model-eval']);

    expect(fact?.observations[0]).toMatchObject({
      workflow: { file: null, reason: 'GitHub answered 403 when asked for the workflow runs; the app needs the actions: read permission' },
    });

    mockReports([run('model-eval', 'github-actions', 'success')], []);
    nock(API).get(`${REPO}/actions/runs`).query(true).reply(500, { message: 'boom' });
    await expect(readChecks(testClient(), repo, HEAD, ['model-eval'])).rejects.toMatchObject({ status: 500 });
  });
});

describe('readEvidenceFile', () => {
  const mockContent = (path: string) => nock(API).get(`${REPO}/contents/${encodeURIComponent(path)}`).query({ ref: HEAD });

  it('reads a file at the given commit; a 404 is "absent", not a failure', async () => {
    mockContent('docs/card.md').reply(200, contentResponse('docs/card.md', '# Card\n'));
    mockContent('docs/missing.md').reply(404, { message: 'Not Found' });

    expect(await readEvidenceFile(testClient(), repo, 'docs/card.md', HEAD)).toEqual({ state: 'present', content: '# Card\n' });
    expect(await readEvidenceFile(testClient(), repo, 'docs/missing.md', HEAD)).toEqual({ state: 'absent' });
  });

  it('calls a directory, a file too large to be sent inline, or a binary file unreadable, with the reason', async () => {
    mockContent('docs').reply(200, [{ type: 'file', path: 'docs/a.md' }]);
    mockContent('big.md').reply(200, { type: 'file', path: 'big.md', sha: 's', size: 5_000_000, encoding: 'none', content: '' });
    mockContent('blob.bin').reply(200, { ...contentResponse('blob.bin', 'x'), content: Buffer.from([0, 1, 2]).toString('base64'), size: 3 });

    expect(await readEvidenceFile(testClient(), repo, 'docs', HEAD)).toEqual({ state: 'unreadable', reason: 'docs is not a file' });
    expect(await readEvidenceFile(testClient(), repo, 'big.md', HEAD)).toMatchObject({ state: 'unreadable', reason: expect.stringContaining('big.md is larger than') });
    expect(await readEvidenceFile(testClient(), repo, 'blob.bin', HEAD)).toEqual({ state: 'unreadable', reason: 'blob.bin is a binary file' });
  });

  it('throws any other GitHub error, so the evaluation fails rather than calling the file missing', async () => {
    mockContent('docs/card.md').reply(502, { message: 'Bad Gateway' });
    await expect(readEvidenceFile(testClient(), repo, 'docs/card.md', HEAD)).rejects.toMatchObject({ status: 502 });
  });
});

describe('lastChangedAt', () => {
  const mockCommits = (body: unknown[]) => nock(API).get(`${REPO}/commits`).query({ sha: HEAD, path: 'docs/card.md', per_page: 1 }).reply(200, body);

  it("is the committer date of the newest commit touching the file, else its author date, else unknown", async () => {
    mockCommits([{ sha: '1', commit: { committer: { date: '2026-03-01T10:00:00Z' }, author: { date: '2020-01-01T00:00:00Z' } } }]);
    mockCommits([{ sha: '2', commit: { committer: null, author: { date: '2026-02-01T10:00:00Z' } } }]);
    mockCommits([]);

    expect(await lastChangedAt(testClient(), repo, 'docs/card.md', HEAD)).toBe('2026-03-01T10:00:00Z');
    expect(await lastChangedAt(testClient(), repo, 'docs/card.md', HEAD)).toBe('2026-02-01T10:00:00Z');
    expect(await lastChangedAt(testClient(), repo, 'docs/card.md', HEAD)).toBeUndefined();
  });
});

describe('listChangedFilesAt', () => {
  const mockCompare = () => nock(API).get(`${REPO}/compare/${BASE}...${HEAD}`).query({ per_page: 1 });
  const pull = { base: { ref: 'main', sha: BASE }, head: { sha: HEAD } };

  it('lists the files of the pinned comparison, a rename under both names', async () => {
    mockCompare().reply(200, { files: [{ filename: 'models/b.onnx', status: 'renamed', previous_filename: 'models/a.onnx' }, { filename: 'README.md', status: 'modified' }] });

    expect(await listChangedFilesAt(testClient(), repo, pull)).toEqual({
      files: [
        { path: 'models/b.onnx', status: 'renamed', previousPath: 'models/a.onnx' },
        { path: 'README.md', status: 'modified' },
      ],
      truncated: false,
    });
  });

  it('calls a list GitHub cut (300 files) or a base it no longer has (404) truncated; other errors are thrown', async () => {
    mockCompare().reply(200, { files: Array.from({ length: 300 }, (_, i) => ({ filename: `f${i}`, status: 'added' })) });
    mockCompare().reply(404, { message: 'Not Found' });
    mockCompare().reply(500, { message: 'boom' });

    expect((await listChangedFilesAt(testClient(), repo, pull)).truncated).toBe(true);
    expect(await listChangedFilesAt(testClient(), repo, pull)).toEqual({ files: [], truncated: true });
    await expect(listChangedFilesAt(testClient(), repo, pull)).rejects.toMatchObject({ status: 500 });
  });
});

describe('loadContract', () => {
  it('reports a GitHub failure as unavailable, with the status, never as "no contract"', async () => {
    nock(API).get(`${REPO}/contents/.github%2Freadiness.yml`).query({ ref: 'main' }).reply(503, { message: 'Service Unavailable' });

    const load = await loadContract(testClient(), repo, 'main');

    expect(load).toMatchObject({ kind: 'unavailable', message: expect.stringMatching(/^could not load readiness\.yml \(GitHub answered 503\): /) });
  });
});

describe('openPullsWithHead', () => {
  it('keeps the open pull requests whose head is exactly the commit (GitHub also lists those that merely contain it)', async () => {
    nock(API)
      .get(`${REPO}/commits/${HEAD}/pulls`)
      .query({ per_page: 100 })
      .reply(200, [
        { number: 1, state: 'open', head: { sha: HEAD }, base: { ref: 'main' } },
        { number: 2, state: 'closed', head: { sha: HEAD }, base: { ref: 'main' } },
        { number: 3, state: 'open', head: { sha: BASE }, base: { ref: 'main' } },
        { number: 4, state: 'open', head: { sha: HEAD }, base: { ref: 'release' } },
      ]);

    expect(await openPullsWithHead(testClient(), repo, HEAD)).toEqual([
      { number: 1, base: 'main' },
      { number: 4, base: 'release' },
    ]);
  });
});
