/**
 * Stale payloads (issue 10 §3): a delivery can arrive after a later push.
 * The files, the head and the check must all belong to one commit.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import { API, APP_ID, createApp, deliver, simulateGitHub, sent } from '../support/github-app.js';
import { bodyOf, calls, compareCall, CONTRACT, FRESH_HEAD, HEAD, mockCompare, mockContract, mockExistingCheck, openedPayload, REPO, unusedMocks } from '../support/pull-fixtures.js';

const SERVING_CHANGE = [{ filename: 'serving/app.py' }];
const HARMLESS = [{ filename: 'README.md' }];

let probot: Probot;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
});

function synchronize(): Record<string, any> {
  return { ...openedPayload(), action: 'synchronize' };
}

/** What the pull request's own file list says now: the files of the newest push, whatever the delivery names. */
function mockCurrentFileList(files: { filename: string }[]) {
  nock(API)
    .get(`${REPO}/pulls/2/files`)
    .query(true)
    .optionally()
    .reply(200, files.map((f) => ({ status: 'modified', ...f })));
}

function checkWrites(): { head_sha: string; conclusion: string; title: string }[] {
  return sent
    .filter((r) => r.method === 'POST' && r.path.endsWith('/check-runs'))
    .map((r) => ({ head_sha: r.body.head_sha, conclusion: r.body.conclusion, title: r.body.output.title }));
}

describe('a delivery older than the pull request', () => {
  it('judges the files of the payload’s head, never the newest push’s files, for the out-of-scope verdict', async () => {
    // The delivery names HEAD; the branch has since moved to FRESH_HEAD, which changes serving/.
    mockContract(CONTRACT);
    mockCompare(HEAD, HARMLESS);
    mockCurrentFileList(SERVING_CHANGE);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', synchronize());

    expect(calls()).toEqual([`GET ${REPO}/contents/.github/readiness.yml?ref=master`, compareCall(HEAD), `POST ${REPO}/check-runs`]);
    // The success speaks for HEAD, whose files it judged; FRESH_HEAD gets no "nothing changed" from this delivery.
    expect(checkWrites()).toEqual([{ head_sha: HEAD, conclusion: 'success', title: 'No model or deployment paths changed' }]);
    expect(calls().some((c) => c.includes(FRESH_HEAD))).toBe(false);
  });

  it('does not pass a payload head that changes serving/ on the newer push’s harmless files; it judges the newer head by its own', async () => {
    mockContract(CONTRACT);
    mockCompare(HEAD, SERVING_CHANGE);
    mockCurrentFileList(HARMLESS);
    nock(API)
      .get(`${REPO}/pulls/2`)
      .reply(200, { ...openedPayload().pull_request, head: { ...openedPayload().pull_request.head, sha: FRESH_HEAD } });
    mockCompare(FRESH_HEAD, HARMLESS);
    mockExistingCheck(FRESH_HEAD);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', synchronize());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `GET ${REPO}/pulls/2`,
      compareCall(FRESH_HEAD),
      // The fetched head is judged like any not delivered: its current check is looked up first.
      `GET ${REPO}/commits/${FRESH_HEAD}/check-runs?check_name=readiness&filter=latest&app_id=${APP_ID}`,
      `POST ${REPO}/check-runs`,
    ]);
    expect(checkWrites()).toEqual([{ head_sha: FRESH_HEAD, conclusion: 'success', title: 'No model or deployment paths changed' }]);
    expect(unusedMocks()).toEqual([]);
  });

  it('control: a current delivery out of scope still costs three requests', async () => {
    mockContract(CONTRACT);
    mockCompare(HEAD, HARMLESS);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', synchronize());

    expect(calls()).toHaveLength(3);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ head_sha: HEAD, conclusion: 'success' });
  });

  it('judges against the new base’s contract when the pull request moved base since the delivery', async () => {
    mockContract(CONTRACT);
    mockCompare(HEAD, SERVING_CHANGE);
    nock(API)
      .get(`${REPO}/pulls/2`)
      .reply(200, { ...openedPayload().pull_request, base: { ...openedPayload().pull_request.base, ref: 'release' } });
    mockContract('version: 1\nscope:\n  paths: ["nothing-here/**"]\n', 'release');
    nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query({ check_name: 'readiness (release)', filter: 'latest', app_id: String(APP_ID) }).reply(200, { total_count: 0, check_runs: [] });
    mockCompare(HEAD, SERVING_CHANGE);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', synchronize());

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `GET ${REPO}/pulls/2`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=release`,
      compareCall(HEAD),
      `GET ${REPO}/commits/${HEAD}/check-runs?check_name=readiness (release)&filter=latest&app_id=${APP_ID}`,
      `POST ${REPO}/check-runs`,
    ]);
    // Judged by release's contract, so under release's name: never master's `readiness`.
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ name: 'readiness (release)', head_sha: HEAD, conclusion: 'success' });
  });
});
