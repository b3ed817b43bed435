/**
 * One commit, several pull requests (issue 10 §1). A check run belongs to a
 * commit, so a verdict judged against one base must never stand for another
 * base's required check, nor for another pull request's conversation.
 */
import { beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { SimulatedCheckRun, SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../../src/testing/simulated-github.js';
import { API, APP_ID, createApp, deliver, examplePayload, simulateGitHub } from '../support/github-app.js';
import {
  bodyOf,
  calls,
  compareCall,
  CONTRACT,
  GOOD_CARD,
  HEAD,
  headPullsCall,
  mockCompare,
  mockContract,
  mockConversation,
  mockEvidence,
  mockHeadPulls,
  openedPayload,
  REPO,
  simulatedExample,
  unusedMocks,
} from '../support/pull-fixtures.js';
import { serveWithNock } from '../support/simulated-github-nock.js';

/** A contract an attacker could put on a branch they control: nothing is ever in scope. */
const PERMISSIVE = 'version: 1\nscope:\n  paths: ["nothing-here/**"]\n';
const MODEL_CHANGE = [{ filename: 'models/churn/train.py' }];
const HARMLESS = [{ filename: 'README.md' }];

let probot: Probot;
let github: SimulatedGitHub;
let pull: SimulatedPull;
let repository: SimulatedRepository;

simulateGitHub();

beforeEach(() => {
  probot = createApp();
  ({ github, repository, pull } = simulatedExample());
});

function lookUp(name: string, sha = HEAD): string {
  return `GET ${REPO}/commits/${sha}/check-runs?check_name=${name}&filter=latest&app_id=${APP_ID}`;
}

function existingRun(name: string, conclusion: string, title = 'earlier verdict'): SimulatedCheckRun {
  const run = { id: 1 + repository.checkRuns.length, head_sha: HEAD, started_at: '2026-11-22T08:00:00Z', name, status: 'completed', conclusion, output: { title, summary: 'earlier', text: '' } };
  repository.checkRuns.push(run);
  return run;
}

function payloadInto(base: string, action = 'opened'): Record<string, any> {
  const payload = openedPayload();
  payload.action = action;
  payload.pull_request.base.ref = base;
  return payload;
}

function retargeted(from: string, to: string): Record<string, any> {
  return { ...payloadInto(to, 'edited'), changes: { base: { ref: { from }, sha: { from: 'abc' } } } };
}

describe('check names per base branch', () => {
  it('judges a pull request into a branch the author controls under that branch’s name, leaving `readiness` alone', async () => {
    serveWithNock(github);
    const judgedAgainstMain = existingRun('readiness', 'failure');
    mockContract(PERMISSIVE, 'evil');
    mockCompare(HEAD, MODEL_CHANGE);

    await deliver(probot, 'pull_request', payloadInto('evil'));

    expect(calls()).toEqual([`GET ${REPO}/contents/.github/readiness.yml?ref=evil`, compareCall(HEAD), `POST ${REPO}/check-runs`]);
    expect(bodyOf('POST', '/check-runs')).toMatchObject({ name: 'readiness (evil)', head_sha: HEAD, conclusion: 'success' });
    expect(judgedAgainstMain).toMatchObject({ name: 'readiness', conclusion: 'failure', output: { title: 'earlier verdict' } });
  });

  it('control: a pull request into the default branch gets the plain `readiness`', async () => {
    mockContract(CONTRACT, 'master');
    mockCompare(HEAD, HARMLESS);
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 7 });

    await deliver(probot, 'pull_request', payloadInto('master'));

    expect(bodyOf('POST', '/check-runs')).toMatchObject({ name: 'readiness', head_sha: HEAD, conclusion: 'success' });
  });

  it('withdraws the default branch’s verdict when the pull request moves to another base, and judges it there', async () => {
    serveWithNock(github);
    const run = existingRun('readiness', 'success');
    mockHeadPulls(HEAD, [{ number: 2, base: 'evil' }]);
    mockContract(PERMISSIVE, 'evil');
    mockCompare(HEAD, MODEL_CHANGE);

    await deliver(probot, 'pull_request', retargeted('master', 'evil'));

    expect(calls()).toEqual([
      lookUp('readiness'),
      `PATCH ${REPO}/check-runs/${run.id}`,
      headPullsCall(HEAD),
      `GET ${REPO}/contents/.github/readiness.yml?ref=evil`,
      compareCall(HEAD),
      `POST ${REPO}/check-runs`,
    ]);
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: 'Pull request now targets evil: nothing is judged against master at this commit' } });
    expect(repository.checkRuns.at(-1)).toMatchObject({ name: 'readiness (evil)', conclusion: 'success' });
  });

  it('withdraws the other branch’s verdict when the pull request moves to the default branch, and judges it there', async () => {
    serveWithNock(github);
    const run = existingRun('readiness (evil)', 'success');
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]);
    mockContract(CONTRACT, 'master');
    mockCompare(HEAD, HARMLESS);

    await deliver(probot, 'pull_request', retargeted('evil', 'master'));

    expect(calls().slice(0, 2)).toEqual([lookUp('readiness (evil)'), `PATCH ${REPO}/check-runs/${run.id}`]);
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: 'Pull request now targets master: nothing is judged against evil at this commit' } });
    expect(repository.checkRuns.at(-1)).toMatchObject({ name: 'readiness', conclusion: 'success' });
  });

  it('ignores a title edit without a request', async () => {
    await deliver(probot, 'pull_request', { ...payloadInto('master', 'edited'), changes: { title: { from: 'old' } } });

    expect(calls()).toEqual([]);
  });
});

describe('closing and re-opening', () => {
  function closedPayload(merged: boolean): Record<string, any> {
    const payload = examplePayload('pull_request', 'closed');
    payload.pull_request = { ...openedPayload().pull_request, state: 'closed', merged };
    return payload;
  }

  it('turns the verdict of a pull request closed without merging into a failure, so no later pull request inherits it', async () => {
    serveWithNock(github);
    const run = existingRun('readiness', 'success');
    mockHeadPulls(HEAD, []);

    await deliver(probot, 'pull_request', closedPayload(false));

    expect(calls()).toEqual([lookUp('readiness'), `PATCH ${REPO}/check-runs/${run.id}`, headPullsCall(HEAD), `GET ${REPO}/issues/2/comments?per_page=100`]);
    expect(run).toMatchObject({ conclusion: 'failure', output: { title: 'Pull request closed: nothing is judged at this commit' } });

    // Re-opening judges it again.
    mockContract(CONTRACT, 'master');
    mockCompare(HEAD, HARMLESS);
    await deliver(probot, 'pull_request', payloadInto('master', 'reopened'), 'delivery-2');

    expect(repository.checkRuns.at(-1)).toMatchObject({ name: 'readiness', conclusion: 'success', output: { title: 'No model or deployment paths changed' } });
  });

  it('control: leaves the verdict of a merged pull request as it was', async () => {
    serveWithNock(github);
    const run = existingRun('readiness', 'success');

    await deliver(probot, 'pull_request', closedPayload(true));

    expect(calls()).toEqual([`GET ${REPO}/issues/2/comments?per_page=100`]);
    expect(run.conclusion).toBe('success');
  });
});

describe('one head, several pull requests into one base', () => {
  /** PR #3, opened by someone else with PR #2's head: the author of #2 could sign off there. */
  function mockColleaguePull(base = 'master'): void {
    nock(API)
      .get(`${REPO}/pulls/3`)
      .reply(200, { ...openedPayload().pull_request, number: 3, user: { login: 'bob', type: 'User' }, base: { ...openedPayload().pull_request.base, ref: base } });
  }

  it('fails closed for both, naming them, and reads no sign-offs', async () => {
    serveWithNock(github);
    mockContract(CONTRACT, 'master').persist();
    mockCompare(HEAD, MODEL_CHANGE).persist();
    nock(API).get(`${REPO}/pulls/2`).reply(200, openedPayload().pull_request);
    mockHeadPulls(HEAD, [
      { number: 2, base: 'master' },
      { number: 3, base: 'master' },
    ]).persist();
    mockColleaguePull();

    await deliver(probot, 'pull_request', payloadInto('master'));

    expect(calls()).toEqual([
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      `GET ${REPO}/pulls/2`,
      headPullsCall(HEAD),
      lookUp('readiness'),
      `POST ${REPO}/check-runs`,
      // #3 shared the check, so it is judged again; it finds the same refusal and writes nothing.
      `GET ${REPO}/pulls/3`,
      `GET ${REPO}/contents/.github/readiness.yml?ref=master`,
      compareCall(HEAD),
      headPullsCall(HEAD),
      lookUp('readiness'),
    ]);
    expect(repository.checkRuns).toHaveLength(1);
    expect(repository.checkRuns[0]).toMatchObject({ name: 'readiness', head_sha: HEAD, conclusion: 'failure', output: { title: 'Readiness not judged: one commit, several pull requests' } });
    expect(repository.checkRuns[0]?.output.summary).toContain('This commit is the head of #2 and #3 into `master`');
    expect(pull.comments).toEqual([]);
  });

  it('judges the one left once the other is closed', async () => {
    serveWithNock(github);
    const refusal = existingRun('readiness', 'failure', 'Readiness not judged: one commit, several pull requests');
    // #3 is closed: its refusal on the shared head is replaced, and #2, now alone, is judged.
    const closed = examplePayload('pull_request', 'closed');
    closed.pull_request = { ...openedPayload().pull_request, number: 3, state: 'closed', merged: false };
    mockHeadPulls(HEAD, [{ number: 2, base: 'master' }]).persist();
    nock(API).get(`${REPO}/issues/3/comments`).query(true).reply(200, []);
    nock(API).get(`${REPO}/pulls/2`).reply(200, openedPayload().pull_request);
    mockContract(CONTRACT, 'master');
    mockCompare(HEAD, MODEL_CHANGE);
    mockEvidence(HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.91}}' });
    nock(API).get(`${REPO}/pulls/2/reviews`).query(true).reply(200, []);
    nock(API).get(`${REPO}/pulls/2/comments`).query(true).reply(200, []);

    await deliver(probot, 'pull_request', closed);

    expect(calls().slice(0, 5)).toEqual([
      lookUp('readiness'),
      `PATCH ${REPO}/check-runs/${refusal.id}`,
      headPullsCall(HEAD),
      `GET ${REPO}/issues/3/comments?per_page=100`,
      `GET ${REPO}/pulls/2`,
    ]);
    // #2's own verdict (a sign-off is missing) now stands on the head.
    expect(refusal).toMatchObject({ conclusion: 'failure', output: { title: '0 of 1 sign-offs · 2 of 2 evidence' } });
    expect(pull.comments).toHaveLength(1);
  });

  it('control: the same head into another base is judged on its own, under its own name', async () => {
    mockContract(CONTRACT, 'master');
    mockCompare(HEAD, MODEL_CHANGE);
    nock(API).get(`${REPO}/pulls/2`).reply(200, openedPayload().pull_request);
    mockHeadPulls(HEAD, [
      { number: 2, base: 'master' },
      { number: 3, base: 'release/1.0' },
    ]);
    nock(API).get(`${REPO}/commits/${HEAD}/check-runs`).query(true).reply(200, { total_count: 0, check_runs: [] });
    mockEvidence(HEAD, { 'docs/model-card.md': GOOD_CARD, 'reports/eval.json': '{"metrics": {"auc": 0.91}}' });
    mockConversation();
    nock(API).post(`${REPO}/check-runs`).reply(201, { id: 8 });
    nock(API).post(`${REPO}/pulls/2/requested_reviewers`).reply(201, {});
    nock(API).post(`${REPO}/issues/2/comments`).reply(201, { id: 9 });

    await deliver(probot, 'pull_request', payloadInto('master'));

    expect(bodyOf('POST', '/check-runs')).toMatchObject({ name: 'readiness', conclusion: 'failure', output: { title: '0 of 1 sign-offs · 2 of 2 evidence' } });
    expect(unusedMocks()).toEqual([]);
  });
});

describe('re-requested checks', () => {
  function rerequested(name: string): Record<string, any> {
    const payload = examplePayload('check_run', 'rerequested');
    payload.repository.default_branch = 'master';
    payload.check_run.name = name;
    payload.check_run.pull_requests = [
      { number: 2, base: { ref: 'release/1.0' }, head: { ref: 'feature' } },
      { number: 4, base: { ref: 'master' }, head: { ref: 'feature' } },
    ];
    return payload;
  }

  /** The pull request was merged meanwhile: its evaluation reads only its comments. */
  function mockMergedPull(repoPath: string, number: number): void {
    nock(API).get(`${repoPath}/pulls/${number}`).reply(200, { ...openedPayload().pull_request, number, state: 'closed', merged: true });
    nock(API).get(`${repoPath}/issues/${number}/comments`).query(true).reply(200, []);
  }

  it.each([
    ['readiness (release/1.0)', 2],
    ['readiness', 4],
  ])('re-evaluates only the pull requests whose check is %s', async (name, number) => {
    const payload = rerequested(name);
    const repoPath = `/repos/${payload.repository.full_name}`;
    mockMergedPull(repoPath, number);

    await deliver(probot, 'check_run', payload);

    expect(calls()).toEqual([`GET ${repoPath}/pulls/${number}`, `GET ${repoPath}/issues/${number}/comments?per_page=100`]);
  });

  it('ignores a re-run of a check the app does not write', async () => {
    await deliver(probot, 'check_run', rerequested('readiness-lookalike'));

    expect(calls()).toEqual([]);
  });
});
