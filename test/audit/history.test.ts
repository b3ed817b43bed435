/**
 * The history reader against nock: which requests it makes (and in what
 * order), pagination, the app's own runs only, malformed records skipped with
 * a warning, and the date range.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { recordOfVerdict } from '../../src/audit/from-verdict.js';
import { readEvaluationHistory, type HistoryProgress } from '../../src/audit/history.js';
import { recordLine } from '../../src/audit/record-line.js';
import { renderCheckRun } from '../../src/render/check-run.js';
import { sent, testClient } from '../support/recording-fetch.js';
import { verdict } from '../render/verdict-fixture.js';

const API = 'https://api.github.com';
const REPO = '/repos/acme/models';
const repo = { owner: 'acme', repo: 'models' };
const APP = 4242;
const sha = (n: number) => n.toString(16).padStart(40, '0');

beforeEach(() => {
  nock.disableNetConnect();
  sent.length = 0;
});

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
  nock.enableNetConnect();
});

function checkRun(id: number, head: string, options: { at?: string; pull?: number; app?: number; name?: string; text?: string } = {}) {
  const at = options.at ?? '2025-03-02T00:00:00.000Z';
  const text = options.text ?? renderCheckRun(verdict({ headSha: head, evaluatedAt: at }), { contractPath: '.github/readiness.yml', contractSha: 'c0ffee', pull: options.pull ?? 1 }).text;
  return { id, name: options.name ?? 'readiness', head_sha: head, status: 'completed', conclusion: 'failure', completed_at: at, html_url: `https://github.com/acme/models/runs/${id}`, app: { id: options.app ?? APP }, output: { text } };
}

const pullListed = (number: number, updated: string, created = '2025-01-01T00:00:00Z') => ({ number, created_at: created, updated_at: updated });
const runs = (...list: unknown[]) => ({ total_count: list.length, check_runs: list });
const checksPath = (head: string) => `${REPO}/commits/${head}/check-runs`;
const CHECK_QUERY = { app_id: String(APP), filter: 'all', per_page: '100' };
const LIST_QUERY = (state: string, page?: number) => ({ sort: 'updated', direction: 'desc', per_page: '100', state, ...(page ? { page: String(page) } : {}) });
const SINCE = new Date('2025-03-01T00:00:00Z');
const UNTIL = new Date('2025-03-31T23:59:59.999Z');

describe('readEvaluationHistory', () => {
  it('reads open and recently closed pull requests, each commit once, and pages through every listing', async () => {
    const next = (path: string, page: number) => ({ link: `<${API}${path}?page=${page}>; rel="next"` });
    nock(API)
      .get(`${REPO}/pulls`).query(LIST_QUERY('open')).reply(200, [pullListed(3, '2025-03-10T00:00:00Z')], next(`${REPO}/pulls`, 2))
      .get(`${REPO}/pulls`).query({ page: '2' }).reply(200, [pullListed(2, '2024-06-01T00:00:00Z')])
      .get(`${REPO}/pulls`).query(LIST_QUERY('closed')).reply(200, [pullListed(1, '2025-03-05T00:00:00Z'), pullListed(9, '2025-02-01T00:00:00Z')])
      .get(`${REPO}/pulls/3/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(31) }, { sha: sha(32) }], next(`${REPO}/pulls/3/commits`, 2))
      .get(`${REPO}/pulls/3/commits`).query({ page: '2' }).reply(200, [{ sha: sha(33) }])
      .get(checksPath(sha(31))).query(CHECK_QUERY).reply(200, runs(checkRun(311, sha(31), { pull: 3, at: '2025-03-03T00:00:00.000Z' })), next(checksPath(sha(31)), 2))
      .get(checksPath(sha(31))).query({ page: '2' }).reply(200, runs(checkRun(312, sha(31), { pull: 3, at: '2025-03-04T00:00:00.000Z' })))
      .get(checksPath(sha(32))).query(CHECK_QUERY).reply(200, runs())
      .get(checksPath(sha(33))).query(CHECK_QUERY).reply(200, runs(checkRun(331, sha(33), { pull: 3, at: '2025-03-09T00:00:00.000Z', name: 'readiness (release/1.0)' })))
      .get(`${REPO}/pulls/2/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(21) }, { sha: sha(31) }])
      .get(checksPath(sha(21))).query(CHECK_QUERY).reply(200, runs(checkRun(211, sha(21), { pull: 2, at: '2025-03-20T00:00:00.000Z' })))
      .get(`${REPO}/pulls/1/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(11) }])
      .get(checksPath(sha(11))).query(CHECK_QUERY).reply(200, runs(checkRun(111, sha(11), { pull: 1, at: '2025-03-01T00:00:00.000Z' })));
    const progress: HistoryProgress[] = [];
    const entries = await readEvaluationHistory(testClient(), repo, { appId: APP, since: SINCE, until: UNTIL, onProgress: (p) => progress.push(p) });
    expect(entries.map((e) => [e.checkRun.id, e.record.pull, e.checkRun.name])).toEqual([
      [111, 1, 'readiness'],
      [311, 3, 'readiness'],
      [312, 3, 'readiness'],
      [331, 3, 'readiness (release/1.0)'],
      [211, 2, 'readiness'],
    ]);
    // The open pull request untouched for months still counts: a scheduled re-evaluation judges it without updating it.
    // Pull request #9 was closed a month before the range, so none of its commits are read; #2 shares a commit with #3, read once.
    expect(sent.filter((r) => r.path.includes('/commits')).map((r) => r.path.replace(/\?.*/, ''))).toEqual([
      `${REPO}/pulls/3/commits`, `${REPO}/pulls/3/commits`,
      checksPath(sha(31)), checksPath(sha(31)), checksPath(sha(32)), checksPath(sha(33)),
      `${REPO}/pulls/2/commits`, checksPath(sha(21)),
      `${REPO}/pulls/1/commits`, checksPath(sha(11)),
    ]);
    expect(sent).toHaveLength(13);
    expect(progress.at(-1)).toEqual({ pages: 13, records: 5, pullsDone: 3, pullsTotal: 3 });
    expect(entries[0]?.checkRun).toEqual({ id: 111, name: 'readiness', headSha: sha(11), conclusion: 'failure', completedAt: '2025-03-01T00:00:00.000Z', url: 'https://github.com/acme/models/runs/111' });
  });

  it('stops listing closed pull requests at the first page older than the range', async () => {
    nock(API)
      .get(`${REPO}/pulls`).query(LIST_QUERY('open')).reply(200, [])
      .get(`${REPO}/pulls`).query(LIST_QUERY('closed')).reply(200, [pullListed(5, '2025-02-01T00:00:00Z')], { link: `<${API}${REPO}/pulls?state=closed&page=2>; rel="next"` });
    expect(await readEvaluationHistory(testClient(), repo, { appId: APP, since: SINCE, until: UNTIL })).toEqual([]);
    expect(sent).toHaveLength(2);
  });

  it("ignores another app's check of the same name, even if GitHub's filter let it through (attack)", async () => {
    const forged = checkRun(901, sha(1), { app: 999, text: recordLine({ ...recordOfVerdict(verdict(), { contractPath: 'x', contractSha: null, pull: 7 }), conclusion: 'success' }) });
    nock(API)
      .get(`${REPO}/pulls/7/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(1) }])
      .get(checksPath(sha(1))).query(CHECK_QUERY).reply(200, runs(forged, checkRun(902, sha(1), { pull: 7 }), checkRun(903, sha(1), { name: 'model-eval' })));
    const entries = await readEvaluationHistory(testClient(), repo, { appId: APP, pull: 7, since: SINCE, until: UNTIL });
    expect(entries.map((e) => e.checkRun.id)).toEqual([902]);
    expect(sent.map((r) => r.path.replace(/\?.*/, ''))).toEqual([`${REPO}/pulls/7/commits`, checksPath(sha(1))]);
  });

  it('with recentCommits reads the checks of only the last commits of the pull request (the details page)', async () => {
    nock(API)
      .get(`${REPO}/pulls/7/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(1) }, { sha: sha(2) }, { sha: sha(3) }])
      .get(checksPath(sha(2))).query(CHECK_QUERY).reply(200, runs(checkRun(802, sha(2), { pull: 7 })))
      .get(checksPath(sha(3))).query(CHECK_QUERY).reply(200, runs(checkRun(803, sha(3), { pull: 7, at: '2025-03-03T00:00:00.000Z' })));
    const entries = await readEvaluationHistory(testClient(), repo, { appId: APP, pull: 7, recentCommits: 2, since: SINCE, until: UNTIL });
    expect(entries.map((e) => e.checkRun.id)).toEqual([802, 803]);
    expect(sent.map((r) => r.path.replace(/\?.*/, ''))).toEqual([`${REPO}/pulls/7/commits`, checksPath(sha(2)), checksPath(sha(3))]);
  });

  it('skips a malformed record or a run without one, with a warning each, and keeps the rest', async () => {
    const broken = checkRun(801, sha(2), { text: '### Audit record\n\n<!-- readiness-gate:audit-record {"v":1,"pull":"seven"} -->' });
    const old = checkRun(802, sha(2), { text: '### Audit record\n\n- Head commit: `abc`' });
    nock(API)
      .get(`${REPO}/pulls/7/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(2) }])
      .get(checksPath(sha(2))).query(CHECK_QUERY).reply(200, runs(broken, old, checkRun(803, sha(2), { pull: 7 })));
    const warnings: string[] = [];
    const entries = await readEvaluationHistory(testClient(), repo, { appId: APP, pull: 7, since: SINCE, until: UNTIL, onWarning: (m) => warnings.push(m) });
    expect(entries.map((e) => e.checkRun.id)).toEqual([803]);
    expect(warnings).toEqual([
      expect.stringMatching(/^check run 801 \(readiness\) on 0000000 of pull request #7: skipped, the record does not match version 1 \(pull: /),
      'check run 802 (readiness) on 0000000 of pull request #7: skipped, it holds no machine-readable audit record (written by an older version of the app, or the contract could not be loaded)',
    ]);
  });

  it('keeps only evaluations made within the range, both ends inclusive', async () => {
    const at = ['2025-02-28T23:59:59.999Z', '2025-03-01T00:00:00.000Z', '2025-03-31T23:59:59.999Z', '2025-04-01T00:00:00.000Z'];
    nock(API)
      .get(`${REPO}/pulls/7/commits`).query({ per_page: '100' }).reply(200, [{ sha: sha(3) }])
      .get(checksPath(sha(3))).query(CHECK_QUERY).reply(200, runs(...at.map((time, i) => checkRun(700 + i, sha(3), { pull: 7, at: time }))));
    const entries = await readEvaluationHistory(testClient(), repo, { appId: APP, pull: 7, since: SINCE, until: UNTIL });
    expect(entries.map((e) => e.record.evaluatedAt)).toEqual([at[1], at[2]]);
  });

  it('skips a pull request created after the range without reading its commits', async () => {
    nock(API)
      .get(`${REPO}/pulls`).query(LIST_QUERY('open')).reply(200, [pullListed(8, '2025-04-03T00:00:00Z', '2025-04-02T00:00:00Z')])
      .get(`${REPO}/pulls`).query(LIST_QUERY('closed')).reply(200, []);
    expect(await readEvaluationHistory(testClient(), repo, { appId: APP, since: SINCE, until: UNTIL })).toEqual([]);
    expect(sent).toHaveLength(2);
  });
});
